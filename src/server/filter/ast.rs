//! The filter and PATCH-path syntax tree (RFC 7644 §3.4.2.2 Figure 1, §3.5.2 Figure 7).

use serde_json::Number;

/// `[urn:]name[.sub]`, as written (casing preserved; resolution against a schema is case-insensitive).
#[derive(Debug, Clone, PartialEq)]
pub struct AttrPath {
    /// The schema URN prefix, when the path was fully qualified.
    pub urn: Option<String>,
    pub name: String,
    pub sub: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Gt,
    Ge,
    Lt,
    Le,
}

/// A comparison value: a JSON literal.
#[derive(Debug, Clone, PartialEq)]
pub enum CompValue {
    Null,
    Bool(bool),
    Number(Number),
    Str(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// `attr pr`
    Present(AttrPath),
    /// `attr op value`
    Compare {
        path: AttrPath,
        op: CompareOp,
        value: CompValue,
    },
    /// `attr[filter]`: the inner filter's paths are sub-attributes of one element of `attr`.
    ValuePath {
        attr: AttrPath,
        filter: Box<Filter>,
    },
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
}

/// A PATCH `path`: `attrPath`, or `attrPath[valFilter]` optionally followed by `.subAttr`.
#[derive(Debug, Clone, PartialEq)]
pub struct PatchPath {
    pub attr: AttrPath,
    pub filter: Option<Box<Filter>>,
    /// The sub-attribute after a value filter (`emails[type eq "work"].value` → `value`).
    pub sub: Option<String>,
}

impl AttrPath {
    /// An unqualified path `name[.sub]`.
    pub fn new(name: impl Into<String>, sub: Option<&str>) -> Self {
        AttrPath {
            urn: None,
            name: name.into(),
            sub: sub.map(str::to_owned),
        }
    }
}

/// Renders the path as written: `[urn:]name[.sub]`. Used in error details.
impl std::fmt::Display for AttrPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(urn) = &self.urn {
            write!(f, "{urn}:")?;
        }
        f.write_str(&self.name)?;
        if let Some(sub) = &self.sub {
            write!(f, ".{sub}")?;
        }
        Ok(())
    }
}

impl CompareOp {
    /// The operator keyword, lowercase (`eq`, `ne`, ...).
    pub fn keyword(self) -> &'static str {
        match self {
            CompareOp::Eq => "eq",
            CompareOp::Ne => "ne",
            CompareOp::Co => "co",
            CompareOp::Sw => "sw",
            CompareOp::Ew => "ew",
            CompareOp::Gt => "gt",
            CompareOp::Ge => "ge",
            CompareOp::Lt => "lt",
            CompareOp::Le => "le",
        }
    }

    /// The operator named by `word`, compared case-insensitively; `pr` is not a `CompareOp`.
    pub fn from_keyword(word: &str) -> Option<Self> {
        const ALL: [CompareOp; 9] = [
            CompareOp::Eq,
            CompareOp::Ne,
            CompareOp::Co,
            CompareOp::Sw,
            CompareOp::Ew,
            CompareOp::Gt,
            CompareOp::Ge,
            CompareOp::Lt,
            CompareOp::Le,
        ];
        ALL.into_iter()
            .find(|op| op.keyword().eq_ignore_ascii_case(word))
    }

    /// `gt`, `ge`, `lt` or `le`.
    pub fn is_ordering(self) -> bool {
        matches!(
            self,
            CompareOp::Gt | CompareOp::Ge | CompareOp::Lt | CompareOp::Le
        )
    }

    /// `co`, `sw` or `ew`.
    pub fn is_substring(self) -> bool {
        matches!(self, CompareOp::Co | CompareOp::Sw | CompareOp::Ew)
    }
}
