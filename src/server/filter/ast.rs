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
