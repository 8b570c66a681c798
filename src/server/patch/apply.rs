//! Applying one operation to the working copy: expanding pathless values into per-attribute
//! operations, routing each target to the code for its shape, and the single-valued cases.
//!
//! A pathless `{"op":"replace","value":{...}}` (Okta's deactivation and group rename, Entra's dotted
//! keys) is treated as one operation per key, each key being a path. That way `name.givenName`,
//! `urn:...:enterprise:2.0:User:department` and a whole extension object under its URN all follow
//! exactly the rules of the same path given explicitly.

use serde_json::{Map, Value};

use crate::server::error::ScimError;
use crate::server::schema::{ResourceType, SchemaDef};

use super::filtered;
use super::multi_valued;
use super::op::{OpKind, Operation};
use super::target::{self, PathTarget, Target};
use super::value::{check_immutable, is_unassigned, merge_into, remove_key, to_object};

/// Applies one operation to `doc`. On error `doc` may be half-changed: the caller discards it.
pub(super) fn operation(
    rt: &ResourceType,
    doc: &mut Map<String, Value>,
    op: &Operation<'_>,
    lenient: bool,
) -> Result<(), ScimError> {
    let Some(path) = op.path else {
        return members(rt, doc, op.kind, op.value, None, lenient);
    };
    match target::resolve(rt, path)? {
        PathTarget::Schema(None) if op.kind == OpKind::Remove => Err(ScimError::no_target(
            format!("\"{path}\": the core schema cannot be removed"),
        )),
        PathTarget::Schema(None) => members(rt, doc, op.kind, op.value, None, lenient),
        PathTarget::Schema(Some(ext)) => extension(rt, doc, ext, op.kind, op.value, lenient),
        PathTarget::Attr(t) => attribute(doc, &t, op.kind, op.value, lenient),
    }
}

/// A value object whose keys are paths: the value of a pathless add/replace (`ext == None`) or of
/// an operation on a whole extension (keys relative to the extension's URN).
fn members(
    rt: &ResourceType,
    doc: &mut Map<String, Value>,
    kind: OpKind,
    value: Option<&Value>,
    ext: Option<&SchemaDef>,
    lenient: bool,
) -> Result<(), ScimError> {
    let obj = match value {
        Some(Value::Object(obj)) => obj,
        Some(other) => {
            return Err(ScimError::invalid_value(format!(
                "without a path (or with a schema URN as path) the value must be an object of \
                 attributes, got {other}"
            )));
        }
        None => return Ok(()),
    };
    for (key, v) in obj {
        let path = match ext {
            // Client libraries serialise an extension object with its own `schemas`
            // (`{"schemas": ["urn:…:enterprise:2.0:User"], "department": …}`): it names the
            // extension the value belongs to, and is no attribute of it.
            Some(schema) if key.eq_ignore_ascii_case("schemas") => {
                names_extension(schema, v)?;
                continue;
            }
            Some(schema) => format!("{}:{key}", schema.id),
            // `schemas` is rebuilt by the normaliser from the extension objects present.
            None if key.eq_ignore_ascii_case("schemas") => continue,
            None => key.clone(),
        };
        match target::resolve(rt, &path)? {
            PathTarget::Schema(None) => members(rt, doc, kind, Some(v), None, lenient)?,
            PathTarget::Schema(Some(e)) => extension(rt, doc, e, kind, Some(v), lenient)?,
            // Okta renames a group with `{"id": "<its id>", "displayName": ...}`: a readOnly
            // attribute restated with its current value is not a modification.
            PathTarget::Attr(t) if t.read_only() && unchanged(doc, &t, v) => {}
            PathTarget::Attr(t) => attribute(doc, &t, kind, Some(v), lenient)?,
        }
    }
    Ok(())
}

/// A `schemas` key inside an extension's value is accepted, and dropped, when it names that
/// extension: its URN, or a list containing it. Anything else is a client error (400
/// `invalidValue`), not silently ignored: the value was meant for another schema.
fn names_extension(ext: &SchemaDef, schemas: &Value) -> Result<(), ScimError> {
    let is_ext = |v: &Value| {
        v.as_str()
            .is_some_and(|s| s.trim().eq_ignore_ascii_case(ext.id))
    };
    let named = match schemas {
        Value::Array(items) => items.iter().any(is_ext),
        single => is_ext(single),
    };
    if named {
        return Ok(());
    }
    Err(ScimError::invalid_value(format!(
        "\"schemas\" inside the value for {0} must name {0}, got {schemas}",
        ext.id
    )))
}

/// Whether `v` equals what `t` (a path without filter) currently holds.
fn unchanged(doc: &Map<String, Value>, t: &Target<'_>, v: &Value) -> bool {
    if t.filter.is_some() {
        return false;
    }
    let container = match t.home {
        None => Some(doc),
        Some(urn) => doc.get(urn).and_then(Value::as_object),
    };
    let mut current = container.and_then(|c| c.get(t.attr.name));
    if let Some(sub) = t.sub {
        current = current.and_then(|c| c.get(sub.name));
    }
    current == Some(v) || (is_unassigned(current) && is_unassigned(Some(v)))
}

/// An operation on a whole extension: remove drops its object; add and replace merge the value's
/// attributes into it.
fn extension(
    rt: &ResourceType,
    doc: &mut Map<String, Value>,
    ext: &SchemaDef,
    kind: OpKind,
    value: Option<&Value>,
    lenient: bool,
) -> Result<(), ScimError> {
    if kind == OpKind::Remove || matches!(value, Some(Value::Null)) {
        if rt
            .extensions
            .iter()
            .any(|(s, required)| s.id == ext.id && *required)
        {
            return Err(ScimError::mutability(format!(
                "the extension \"{}\" is required and cannot be removed",
                ext.id
            )));
        }
        remove_key(doc, ext.id);
        return Ok(());
    }
    members(rt, doc, kind, value, Some(ext), lenient)
}

/// An operation on one attribute path.
fn attribute(
    doc: &mut Map<String, Value>,
    t: &Target<'_>,
    kind: OpKind,
    value: Option<&Value>,
    lenient: bool,
) -> Result<(), ScimError> {
    // Replacing with null unassigns (RFC 7643 §2.5), with the checks of a remove.
    let (kind, value) = match value {
        Some(Value::Null) => (OpKind::Remove, None),
        _ => (kind, value),
    };
    t.check_mutability(kind)?;
    let Some(container) = container(doc, t.home, kind != OpKind::Remove) else {
        return Ok(()); // removing from an extension the resource does not have
    };
    if t.filter.is_some() || (t.attr.multi_valued && t.sub.is_some()) {
        filtered::apply(container, t, kind, value, lenient)?;
    } else if t.attr.multi_valued {
        multi_valued::apply_whole(container, t.attr, kind, value, &t.path, lenient)?;
    } else {
        single(container, t, kind, value)?;
    }
    // An extension object left empty is dropped, so the URN also leaves `schemas`.
    if let Some(urn) = t.home
        && doc
            .get(urn)
            .and_then(Value::as_object)
            .is_some_and(Map::is_empty)
    {
        remove_key(doc, urn);
    }
    Ok(())
}

/// The object holding `t`'s attribute: the resource, or the extension object under `home`
/// (created when `create`).
fn container<'d>(
    doc: &'d mut Map<String, Value>,
    home: Option<&str>,
    create: bool,
) -> Option<&'d mut Map<String, Value>> {
    let Some(urn) = home else {
        return Some(doc);
    };
    if create && !doc.get(urn).is_some_and(Value::is_object) {
        doc.insert(urn.to_owned(), Value::Object(Map::new()));
    }
    doc.get_mut(urn).and_then(Value::as_object_mut)
}

/// Single-valued attributes and their sub-attributes (`userName`, `name`, `name.givenName`).
fn single(
    container: &mut Map<String, Value>,
    t: &Target<'_>,
    kind: OpKind,
    value: Option<&Value>,
) -> Result<(), ScimError> {
    let attr = t.attr;
    let value = match value {
        Some(v) if kind != OpKind::Remove => v,
        _ => {
            return match t.sub {
                Some(sub) => with_parent(container, attr.name, |parent| {
                    check_immutable(sub, parent.get(sub.name), None, &t.path)?;
                    remove_key(parent, sub.name);
                    Ok(())
                }),
                None => {
                    check_immutable(attr, container.get(attr.name), None, &t.path)?;
                    remove_key(container, attr.name);
                    Ok(())
                }
            };
        }
    };
    match t.sub {
        Some(sub) => with_parent(container, attr.name, |parent| {
            check_immutable(sub, parent.get(sub.name), Some(value), &t.path)?;
            parent.insert(sub.name.to_owned(), value.clone());
            Ok(())
        }),
        // add and replace both merge: sub-attributes not given are left untouched.
        None if attr.is_complex() => {
            let new = to_object(attr, value, &t.path)?;
            with_parent(container, attr.name, |parent| {
                merge_into(attr, parent, &new, &t.path)
            })
        }
        None => {
            check_immutable(attr, container.get(attr.name), Some(value), &t.path)?;
            container.insert(attr.name.to_owned(), value.clone());
            Ok(())
        }
    }
}

/// Runs `f` on (a copy of) the complex value stored under `name`, empty when there is none, and
/// stores the result: an empty object unassigns the attribute, an unchanged one is not rewritten.
fn with_parent(
    container: &mut Map<String, Value>,
    name: &str,
    f: impl FnOnce(&mut Map<String, Value>) -> Result<(), ScimError>,
) -> Result<(), ScimError> {
    let mut parent = match container.get(name) {
        Some(Value::Object(obj)) => obj.clone(),
        _ => Map::new(),
    };
    f(&mut parent)?;
    match container.get(name) {
        _ if parent.is_empty() => {
            remove_key(container, name);
        }
        Some(Value::Object(old)) if *old == parent => {}
        _ => {
            container.insert(name.to_owned(), Value::Object(parent));
        }
    }
    Ok(())
}
