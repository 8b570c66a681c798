//! Multi-valued attributes addressed as a whole (`emails`, `members`, no value filter), and the rules
//! every change to a multi-valued attribute obeys: no duplicate elements, at most one `primary`.
//!
//! `add` appends only what is not already there, so re-adding a member leaves the resource
//! byte-identical (the caller then keeps `meta.version`, checklist §5.2). Element identity is the
//! whole element, except for attributes whose `value` is immutable (`members`): there `value` is the
//! identity, because clients restate a member with or without the `display` they first sent, and
//! re-adding a member must not duplicate it nor rewrite what was first written.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::server::error::ScimError;
use crate::server::schema::{AttributeDef, Mutability};

use super::op::OpKind;
use super::value::{remove_key, to_object, truthy};

/// Applies an operation to the whole multi-valued attribute `attr` stored in `container`.
pub(super) fn apply_whole(
    container: &mut Map<String, Value>,
    attr: &AttributeDef,
    kind: OpKind,
    value: Option<&Value>,
    path: &str,
    lenient: bool,
) -> Result<(), ScimError> {
    match (kind, value) {
        (OpKind::Add, Some(v)) => append(container, attr, elements(attr, v, path)?, path),
        (OpKind::Replace, Some(v)) => replace_all(container, attr, elements(attr, v, path)?, path),
        // Entra / Salesforce: `{"op":"Remove","path":"members","value":[{"value":"id"}]}` removes
        // only the listed members. Strictly (RFC 7644 §3.5.2.2) the value is ignored.
        (OpKind::Remove, Some(v)) if lenient && !v.is_null() => {
            let listed = elements(attr, v, path)?;
            let ids: HashSet<String> = listed.iter().map(|l| identity(attr, l)).collect();
            let partial: Vec<&Map<String, Value>> = listed
                .iter()
                .filter(|l| !(identity_keyed(attr) && l.get("value").is_some()))
                .filter_map(Value::as_object)
                .collect();
            let mut arr = existing(container, attr.name);
            arr.retain(|e| {
                !(ids.contains(&identity(attr, e)) || partial.iter().any(|l| has_all(e, l)))
            });
            store_if_changed(container, attr, arr);
            Ok(())
        }
        _ => {
            remove_key(container, attr.name);
            Ok(())
        }
    }
}

/// The elements of a client value: an array, or a single value wrapped as one. Null elements and
/// null sub-attributes are dropped (unassigned); complex elements get canonical keys.
pub(super) fn elements(
    attr: &AttributeDef,
    value: &Value,
    path: &str,
) -> Result<Vec<Value>, ScimError> {
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items.into_iter().filter(|v| !v.is_null()) {
        if attr.is_complex() {
            let mut obj = to_object(attr, item, path)?;
            obj.retain(|_, v| !v.is_null());
            if !obj.is_empty() {
                out.push(Value::Object(obj));
            }
        } else {
            out.push(item.clone());
        }
    }
    Ok(out)
}

/// Whether `attr`'s elements are identified by their `value` alone (`members`).
fn identity_keyed(attr: &AttributeDef) -> bool {
    attr.sub_attribute("value")
        .is_some_and(|s| s.mutability == Mutability::Immutable)
}

/// What makes two elements the same value of `attr`: equal `value`s for identity-keyed attributes,
/// else equal elements (key order aside). A string key, so duplicate checks on large groups run in
/// linear time.
fn identity(attr: &AttributeDef, e: &Value) -> String {
    match e.get("value") {
        Some(v) if identity_keyed(attr) => format!("v:{v}"),
        _ => format!("e:{}", sorted(e)),
    }
}

/// `v` with object keys in sorted order (object equality ignores key order; text does not).
fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(obj) => {
            let mut entries: Vec<_> = obj.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), sorted(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// Whether a stored element has every sub-attribute of a listed object: how a lenient remove
/// picks elements that have no identity of their own (`{"value": "a@x"}` removes that email
/// whatever its `type`).
fn has_all(element: &Value, listed: &Map<String, Value>) -> bool {
    !listed.is_empty() && listed.iter().all(|(k, v)| element.get(k) == Some(v))
}

/// The stored elements of `name` (an absent or null attribute has none).
pub(super) fn existing(container: &Map<String, Value>, name: &str) -> Vec<Value> {
    match container.get(name) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.clone(),
        Some(other) => vec![other.clone()],
    }
}

/// Stores `arr` as the attribute's value (an empty array unassigns it), unless nothing changed.
pub(super) fn store_if_changed(
    container: &mut Map<String, Value>,
    attr: &AttributeDef,
    arr: Vec<Value>,
) {
    if existing(container, attr.name) == arr {
        return;
    }
    if arr.is_empty() {
        remove_key(container, attr.name);
    } else {
        container.insert(attr.name.to_owned(), Value::Array(arr));
    }
}

fn append(
    container: &mut Map<String, Value>,
    attr: &AttributeDef,
    new: Vec<Value>,
    path: &str,
) -> Result<(), ScimError> {
    let mut arr = existing(container, attr.name);
    let mut written = vec![false; arr.len()];
    let mut seen: HashSet<String> = arr.iter().map(|e| identity(attr, e)).collect();
    for element in new {
        if seen.insert(identity(attr, &element)) {
            arr.push(element);
            written.push(true);
        }
    }
    enforce_primary(&mut arr, &written, path)?;
    store_if_changed(container, attr, arr);
    Ok(())
}

fn replace_all(
    container: &mut Map<String, Value>,
    attr: &AttributeDef,
    new: Vec<Value>,
    path: &str,
) -> Result<(), ScimError> {
    let mut arr = new;
    let mut written = vec![true; arr.len()];
    dedupe(attr, &mut arr, &mut written);
    enforce_primary(&mut arr, &written, path)?;
    store_if_changed(container, attr, arr);
    Ok(())
}

/// Drops later duplicates of earlier elements; a dropped written element marks the kept one written.
pub(super) fn dedupe(attr: &AttributeDef, arr: &mut Vec<Value>, written: &mut Vec<bool>) {
    let mut kept: HashMap<String, usize> = HashMap::with_capacity(arr.len());
    let mut out = Vec::with_capacity(arr.len());
    let mut out_written = Vec::with_capacity(arr.len());
    for (i, element) in std::mem::take(arr).into_iter().enumerate() {
        let was_written = written.get(i).copied().unwrap_or(false);
        let id = identity(attr, &element);
        match kept.get(&id).copied() {
            Some(j) => {
                if was_written && let Some(w) = out_written.get_mut(j) {
                    *w = true;
                }
            }
            None => {
                kept.insert(id, out.len());
                out.push(element);
                out_written.push(was_written);
            }
        }
    }
    *arr = out;
    *written = out_written;
}

/// RFC 7644 §3.5.2 / RFC 7643 §2.4: when the operation made an element primary, every other element
/// that was primary stops being so. Elements without `primary` are left as they are (unassigned
/// already means "not primary", and touching them would turn a no-op into a change). Making two
/// elements primary in one operation is 400 `invalidValue`.
pub(super) fn enforce_primary(
    arr: &mut [Value],
    written: &[bool],
    path: &str,
) -> Result<(), ScimError> {
    let is_primary = |e: &Value| truthy(e.get("primary"));
    let mut chosen =
        (0..arr.len()).filter(|&i| written.get(i).copied().unwrap_or(false) && is_primary(&arr[i]));
    let Some(primary) = chosen.next() else {
        return Ok(());
    };
    if chosen.next().is_some() {
        return Err(ScimError::invalid_value(format!(
            "\"{path}\": at most one value may be primary"
        )));
    }
    for (i, element) in arr.iter_mut().enumerate() {
        if i != primary
            && is_primary(element)
            && let Value::Object(obj) = element
        {
            obj.insert("primary".to_owned(), Value::Bool(false));
        }
    }
    Ok(())
}
