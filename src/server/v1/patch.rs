//! SCIM 1.1 PATCH: the body is a partial resource merged into the target.
//!
//! 1.1 has no operations list. Its rules (SCIM 1.1 protocol §3.3.2, as the UnboundID SDK's `Diff`
//! and Okta's requests use them), applied here to the stored 2.0 document before it is normalised
//! and stored like any other write:
//! 1. `meta.attributes` names attributes (or sub-attributes, or a whole extension) to remove; they
//!    are removed first, so `"meta":{"attributes":["members"]}` plus a `members` list replaces the
//!    list (Okta's full group re-push).
//! 2. A singular attribute in the body replaces the stored one; a singular complex one (`name`) is
//!    merged sub-attribute by sub-attribute.
//! 3. A multi-valued attribute's values are added: an element whose `value` equals a stored one's
//!    is merged into it, any other is appended. `"primary": true` on a new element clears it on the
//!    others. An element with `"operation":"delete"` removes the stored elements it matches (by
//!    `value`, or by every sub-attribute it gives when it has no `value`).
//!
//! `schemas`, `id` and the rest of `meta` in the body are ignored; unknown attributes too, as the
//! normaliser ignores them on POST. A SCIM 2.0 PatchOp sent to 1.1 is refused with 400 rather than
//! silently doing nothing. The body must already be in 2.0 form ([`super::translate::to_v2`]).

use serde_json::{Map, Value};

use super::translate::name_to_v2;
use crate::server::error::{ScimError, ScimResult};
use crate::server::schema::{AttrHome, AttributeDef, ResourceType, SchemaDef};

/// Applies a 1.1 PATCH body to `doc`, a stored 2.0 document.
pub fn apply(rt: &ResourceType, doc: &mut Map<String, Value>, body: &Value) -> ScimResult<()> {
    let Value::Object(body) = body else {
        return Err(ScimError::invalid_syntax(
            "a SCIM 1.1 PATCH body must be a JSON object (a partial resource)",
        ));
    };
    if body.keys().any(|k| k.eq_ignore_ascii_case("Operations")) {
        return Err(ScimError::invalid_syntax(
            "this is a SCIM 1.1 endpoint: PATCH takes a partial resource, not a SCIM 2.0 PatchOp",
        ));
    }
    for name in removals(body)? {
        remove(rt, doc, &name_to_v2(rt.kind, name));
    }
    for (key, value) in body {
        if ["schemas", "id", "meta"]
            .iter()
            .any(|k| key.eq_ignore_ascii_case(k))
        {
            continue;
        }
        if let Some(schema) = rt.extension(key) {
            let Value::Object(values) = value else {
                return Err(ScimError::invalid_value(format!(
                    "{} must be a JSON object holding the extension's attributes",
                    schema.id
                )));
            };
            let mut ext = take_extension(doc, schema);
            let merged = values
                .iter()
                .try_for_each(|(k, v)| match schema.attribute(k) {
                    Some(attr) => merge(&mut ext, attr, v.clone()),
                    None => Ok(()),
                });
            put_extension(doc, schema, ext);
            merged?;
            continue;
        }
        let (urn, name, None) = rt.split_reference(key) else {
            continue;
        };
        let Some(resolved) = rt.resolve(urn, name, None) else {
            continue;
        };
        match resolved.home {
            AttrHome::Core => merge(doc, resolved.attr, value.clone())?,
            AttrHome::Extension(schema) => {
                let mut ext = take_extension(doc, schema);
                let merged = merge(&mut ext, resolved.attr, value.clone());
                put_extension(doc, schema, ext);
                merged?;
            }
        }
    }
    Ok(())
}

/// The names listed in `meta.attributes`.
fn removals(body: &Map<String, Value>) -> ScimResult<Vec<&str>> {
    let meta = body
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("meta"))
        .map(|(_, v)| v);
    let Some(Value::Object(meta)) = meta else {
        return Ok(Vec::new());
    };
    let listed = meta
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("attributes"))
        .map(|(_, v)| v);
    match listed {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str().ok_or_else(|| {
                    ScimError::invalid_syntax("meta.attributes must list attribute names")
                })
            })
            .collect(),
        Some(_) => Err(ScimError::invalid_syntax(
            "meta.attributes must be an array of attribute names",
        )),
    }
}

/// Takes the object stored under an extension's URN out of `doc` (an empty one when absent).
fn take_extension(doc: &mut Map<String, Value>, schema: &SchemaDef) -> Map<String, Value> {
    match doc.shift_remove(schema.id) {
        Some(Value::Object(ext)) => ext,
        _ => Map::new(),
    }
}

/// Puts an extension object back, unless it has become empty.
fn put_extension(doc: &mut Map<String, Value>, schema: &SchemaDef, ext: Map<String, Value>) {
    if !ext.is_empty() {
        doc.insert(schema.id.to_string(), Value::Object(ext));
    }
}

/// Removes the attribute `reference` names (already in 2.0 form); unknown names are ignored.
fn remove(rt: &ResourceType, doc: &mut Map<String, Value>, reference: &str) {
    let (urn, name, sub) = rt.split_reference(reference);
    if name.is_empty() {
        // A whole extension: `urn:scim:schemas:extension:enterprise:1.0`.
        if let Some(schema) = urn.and_then(|u| rt.extension(u)) {
            doc.shift_remove(schema.id);
        }
        return;
    }
    let Some(resolved) = rt.resolve(urn, name, sub) else {
        return;
    };
    let target = match resolved.home {
        AttrHome::Core => Some(doc),
        AttrHome::Extension(schema) => match doc.get_mut(schema.id) {
            Some(Value::Object(ext)) => Some(ext),
            _ => None,
        },
    };
    let Some(target) = target else {
        return;
    };
    match resolved.sub {
        None => {
            target.shift_remove(resolved.attr.name);
        }
        Some(sub) => match target.get_mut(resolved.attr.name) {
            Some(Value::Object(complex)) => {
                complex.shift_remove(sub.name);
            }
            Some(Value::Array(items)) => {
                for item in items.iter_mut().filter_map(Value::as_object_mut) {
                    item.shift_remove(sub.name);
                }
            }
            _ => {}
        },
    }
}

/// Merges `value` into `target[attr.name]` by the rules in the module docs.
fn merge(target: &mut Map<String, Value>, attr: &AttributeDef, value: Value) -> ScimResult<()> {
    if attr.multi_valued {
        return merge_multi(target, attr, value);
    }
    match (target.get_mut(attr.name), value) {
        (Some(Value::Object(current)), Value::Object(incoming)) if attr.is_complex() => {
            for (k, v) in incoming {
                let k = attr
                    .sub_attribute(&k)
                    .map(|s| s.name.to_string())
                    .unwrap_or(k);
                current.insert(k, v);
            }
        }
        (_, value) => {
            target.insert(attr.name.to_string(), value);
        }
    }
    Ok(())
}

fn merge_multi(
    target: &mut Map<String, Value>,
    attr: &AttributeDef,
    value: Value,
) -> ScimResult<()> {
    let incoming = match value {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        single => vec![single],
    };
    let mut current = match target.shift_remove(attr.name) {
        Some(Value::Array(items)) => items,
        Some(Value::Null) | None => Vec::new(),
        Some(single) => vec![single],
    };
    for element in incoming {
        let (element, delete) = canonical_element(attr, element)?;
        if delete {
            current.retain(|c| !matches_element(attr, c, &element, true));
            continue;
        }
        if element.get("primary") == Some(&Value::Bool(true)) {
            for c in current.iter_mut().filter_map(Value::as_object_mut) {
                if c.get("primary") == Some(&Value::Bool(true)) {
                    c.insert("primary".into(), Value::Bool(false));
                }
            }
        }
        match current
            .iter_mut()
            .find(|c| matches_element(attr, c, &element, false))
        {
            Some(Value::Object(existing)) => {
                if let Value::Object(fields) = element {
                    existing.extend(fields);
                }
            }
            Some(existing) => *existing = element,
            None => current.push(element),
        }
    }
    if !current.is_empty() {
        target.insert(attr.name.to_string(), Value::Array(current));
    }
    Ok(())
}

/// An incoming element with sub-attribute keys spelled as in the schema and `operation` taken out;
/// a bare scalar on a complex attribute stands for its `value`. Returns whether it is a deletion.
fn canonical_element(attr: &AttributeDef, element: Value) -> ScimResult<(Value, bool)> {
    let element = match element {
        Value::Object(_) => element,
        scalar if attr.is_complex() => {
            let mut m = Map::new();
            m.insert("value".into(), scalar);
            Value::Object(m)
        }
        scalar => return Ok((scalar, false)),
    };
    let Value::Object(fields) = element else {
        return Ok((element, false));
    };
    let mut out = Map::with_capacity(fields.len());
    let mut delete = false;
    for (k, v) in fields {
        if k.eq_ignore_ascii_case("operation") {
            match v.as_str() {
                Some(op) if op.eq_ignore_ascii_case("delete") => delete = true,
                _ => {
                    return Err(ScimError::invalid_value(format!(
                        "{}: the only 1.1 element operation is \"delete\", got {v}",
                        attr.name
                    )));
                }
            }
            continue;
        }
        let k = attr
            .sub_attribute(&k)
            .map(|s| s.name.to_string())
            .unwrap_or(k);
        out.insert(k, v);
    }
    Ok((Value::Object(out), delete))
}

/// Whether the stored element `current` is the one `incoming` designates: same `value` when the
/// incoming element has one; otherwise, for a deletion, every sub-attribute it gives matches, and
/// for an addition the elements are equal.
fn matches_element(attr: &AttributeDef, current: &Value, incoming: &Value, delete: bool) -> bool {
    let (Value::Object(c), Value::Object(i)) = (current, incoming) else {
        return current == incoming;
    };
    let case_exact = attr.sub_attribute("value").is_none_or(|s| s.case_exact);
    match i.get("value") {
        Some(v) => c.get("value").is_some_and(|cv| same(cv, v, case_exact)),
        None if delete => !i.is_empty() && i.iter().all(|(k, v)| c.get(k) == Some(v)),
        None => c == i,
    }
}

fn same(a: &Value, b: &Value, case_exact: bool) -> bool {
    match (a, b) {
        (Value::String(a), Value::String(b)) if !case_exact => a.eq_ignore_ascii_case(b),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests;
