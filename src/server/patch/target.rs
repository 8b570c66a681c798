//! Resolving a PATCH `path` against the resource type: which attribute, which sub-attribute, which
//! value filter, and whether the operation may touch it at all.
//!
//! Every path (an operation's `path`, a key of a pathless value, a key inside an extension object)
//! goes through here, so unknown attributes, readOnly targets and removal of required attributes are
//! refused the same way wherever the path came from.

use crate::server::error::ScimError;
use crate::server::filter::{self, Filter, PatchPath};
use crate::server::schema::{AttrHome, AttributeDef, Mutability, ResourceType, SchemaDef};

use super::op::OpKind;

/// What a path names.
pub(super) enum PathTarget<'a> {
    /// A whole schema URN: `None` for the core schema (treated like a pathless operation),
    /// `Some` for an extension (the object stored under its URN).
    Schema(Option<&'a SchemaDef>),
    /// An attribute, possibly narrowed by a value filter and a sub-attribute.
    Attr(Target<'a>),
}

/// A resolved attribute path.
#[derive(Debug)]
pub(super) struct Target<'a> {
    /// The path as the client wrote it, for error messages.
    pub path: String,
    /// `None` for a top-level attribute, `Some(urn)` for one inside an extension object.
    pub home: Option<&'static str>,
    pub attr: &'a AttributeDef,
    /// The sub-attribute: `name.givenName`, or the one after a filter (`emails[...].value`).
    pub sub: Option<&'a AttributeDef>,
    pub filter: Option<Box<Filter>>,
}

/// Resolves `path` (attribute names are case-insensitive, RFC 7644 §3.10).
/// Unknown attributes are 400 `invalidPath`; malformed paths are reported by the path parser.
pub(super) fn resolve<'a>(rt: &'a ResourceType, path: &str) -> Result<PathTarget<'a>, ScimError> {
    let path = path.trim();
    if let Some(ext) = rt.extension(path) {
        return Ok(PathTarget::Schema(Some(ext)));
    }
    if path.eq_ignore_ascii_case(rt.schema.id) {
        return Ok(PathTarget::Schema(None));
    }
    let parsed = filter::parse_patch_path(path)?;
    let sub_name = match (&parsed.attr.sub, &parsed.sub) {
        (Some(_), Some(_)) => {
            return Err(ScimError::invalid_path(format!(
                "\"{path}\": a value filter cannot follow a sub-attribute"
            )));
        }
        (Some(s), None) | (None, Some(s)) => Some(s.as_str()),
        (None, None) => None,
    };
    let resolved = rt
        .resolve(parsed.attr.urn.as_deref(), &parsed.attr.name, sub_name)
        .ok_or_else(|| {
            ScimError::invalid_path(format!(
                "\"{path}\" does not name an attribute of a {}",
                rt.name()
            ))
        })?;
    let home = match resolved.home {
        AttrHome::Core => None,
        AttrHome::Extension(schema) => Some(schema.id),
    };
    let PatchPath { filter, .. } = parsed;
    if let Some(f) = &filter {
        if !(resolved.attr.multi_valued && resolved.attr.is_complex()) {
            return Err(ScimError::invalid_path(format!(
                "\"{path}\": a value filter needs a multi-valued complex attribute"
            )));
        }
        filter::check_value_filter(f, resolved.attr)?;
    }
    Ok(PathTarget::Attr(Target {
        path: path.to_owned(),
        home,
        attr: resolved.attr,
        sub: resolved.sub,
        filter,
    }))
}

impl Target<'_> {
    /// Whether the target is readOnly (the attribute or the named sub-attribute).
    pub(super) fn read_only(&self) -> bool {
        self.attr.mutability == Mutability::ReadOnly
            || self
                .sub
                .is_some_and(|s| s.mutability == Mutability::ReadOnly)
    }

    /// 400 `mutability` for any operation on a readOnly target and for removing a required
    /// attribute (RFC 7644 §3.5.2; RFC 7643 §2.2).
    pub(super) fn check_mutability(&self, kind: OpKind) -> Result<(), ScimError> {
        if self.read_only() {
            return Err(ScimError::mutability(format!(
                "\"{}\" is readOnly and cannot be modified",
                self.path
            )));
        }
        let removes_required = match self.sub {
            Some(sub) => sub.required,
            None => self.attr.required && self.filter.is_none(),
        };
        if kind == OpKind::Remove && removes_required {
            return Err(ScimError::mutability(format!(
                "\"{}\" is required and cannot be removed",
                self.path
            )));
        }
        Ok(())
    }
}
