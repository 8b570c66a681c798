//! Schemas and resource types: the registry that answers "what is attribute X of a User?".

use super::attribute::AttributeDef;

/// A schema (RFC 7643 §7): a URN and its attributes.
#[derive(Debug, Clone)]
pub struct SchemaDef {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub attributes: Vec<AttributeDef>,
}

impl SchemaDef {
    /// The top-level attribute called `name`, compared case-insensitively.
    pub fn attribute(&self, name: &str) -> Option<&AttributeDef> {
        self.attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }
}

/// Which kind of resource: the two resource types this server serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResourceKind {
    User,
    Group,
}

impl ResourceKind {
    pub fn name(self) -> &'static str {
        match self {
            ResourceKind::User => "User",
            ResourceKind::Group => "Group",
        }
    }
    pub fn endpoint(self) -> &'static str {
        match self {
            ResourceKind::User => "/Users",
            ResourceKind::Group => "/Groups",
        }
    }
}

/// A resource type (RFC 7643 §6): its core schema, its extensions and the common attributes
/// (`id`, `externalId`, `meta`, RFC 7643 §3.1) that every resource carries.
#[derive(Debug, Clone)]
pub struct ResourceType {
    pub kind: ResourceKind,
    pub description: &'static str,
    pub schema: SchemaDef,
    /// Extension schemas and whether each is required on the resource.
    pub extensions: Vec<(SchemaDef, bool)>,
    /// `id`, `externalId`, `meta`: not part of any schema's `attributes` (RFC 7643 §3.1).
    pub common: Vec<AttributeDef>,
}

/// Where a resolved attribute lives.
#[derive(Debug, Clone, Copy)]
pub enum AttrHome<'a> {
    /// A common attribute or an attribute of the core schema: a top-level key of the resource.
    Core,
    /// An attribute of an extension schema: a key inside the object stored under the URN.
    Extension(&'a SchemaDef),
}

/// The result of resolving an attribute name against a resource type.
#[derive(Debug, Clone, Copy)]
pub struct Resolved<'a> {
    pub home: AttrHome<'a>,
    pub attr: &'a AttributeDef,
    /// The sub-attribute, when the path named one (`name.givenName`).
    pub sub: Option<&'a AttributeDef>,
}

impl ResourceType {
    pub fn name(&self) -> &'static str {
        self.kind.name()
    }

    /// Every schema URN this type knows: the core schema first, then the extensions.
    pub fn schema_ids(&self) -> impl Iterator<Item = &'static str> + '_ {
        std::iter::once(self.schema.id).chain(self.extensions.iter().map(|(s, _)| s.id))
    }

    /// The extension schema whose URN is `urn` (case-insensitive).
    pub fn extension(&self, urn: &str) -> Option<&SchemaDef> {
        self.extensions
            .iter()
            .map(|(s, _)| s)
            .find(|s| s.id.eq_ignore_ascii_case(urn))
    }

    /// Resolves `[urn:]name[.sub]` (already split by the caller) against this type.
    ///
    /// `urn` may name the core schema or an extension; without it, common and core attributes are
    /// searched. Names are compared case-insensitively. `None` when the attribute is unknown.
    pub fn resolve(
        &self,
        urn: Option<&str>,
        name: &str,
        sub: Option<&str>,
    ) -> Option<Resolved<'_>> {
        let (home, attr) = match urn {
            Some(u) if !u.eq_ignore_ascii_case(self.schema.id) => {
                let ext = self.extension(u)?;
                (AttrHome::Extension(ext), ext.attribute(name)?)
            }
            _ => {
                let attr = self
                    .common
                    .iter()
                    .find(|a| a.name.eq_ignore_ascii_case(name))
                    .or_else(|| self.schema.attribute(name))?;
                (AttrHome::Core, attr)
            }
        };
        let sub = match sub {
            Some(s) => Some(attr.sub_attribute(s)?),
            None => None,
        };
        Some(Resolved { home, attr, sub })
    }

    /// Splits a full attribute reference such as
    /// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value` into
    /// `(Some(urn), "manager", Some("value"))`. A bare URN of a known schema yields `(Some(urn), "", None)`.
    pub fn split_reference<'s>(
        &self,
        reference: &'s str,
    ) -> (Option<&'s str>, &'s str, Option<&'s str>) {
        // `get` rather than indexing: a client-supplied key may put a multi-byte character across byte 4.
        let (urn, rest) = if reference.len() > 4
            && reference
                .get(..4)
                .is_some_and(|p| p.eq_ignore_ascii_case("urn:"))
        {
            // Whole-schema reference?
            if self
                .schema_ids()
                .any(|id| id.eq_ignore_ascii_case(reference))
            {
                return (Some(reference), "", None);
            }
            match reference.rfind(':') {
                Some(i) => (Some(&reference[..i]), &reference[i + 1..]),
                None => (None, reference),
            }
        } else {
            (None, reference)
        };
        match rest.split_once('.') {
            Some((name, sub)) => (urn, name, Some(sub)),
            None => (urn, rest, None),
        }
    }
}
