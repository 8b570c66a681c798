//! Value helpers shared by every kind of target: canonical key casing, turning a client value into a
//! complex value, the immutability rule, and what counts as "unassigned" or "primary".
//!
//! The normaliser type-checks the result afterwards; these helpers only do what the engine itself
//! needs to decide (which keys collide, whether an immutable value changes, which element is primary).

use serde_json::{Map, Value};

use crate::server::error::ScimError;
use crate::server::schema::{AttributeDef, Mutability};

/// `obj` with every key that names a sub-attribute of `attr` respelled as the schema spells it
/// (`GivenName` → `givenName`). Unknown keys are kept for the normaliser to judge.
pub(super) fn canonical_object(
    attr: &AttributeDef,
    obj: &Map<String, Value>,
) -> Map<String, Value> {
    obj.iter()
        .map(|(k, v)| {
            let key = attr.sub_attribute(k).map_or(k.as_str(), |s| s.name);
            (key.to_owned(), v.clone())
        })
        .collect()
}

/// A client value for the complex attribute `attr` as an object with canonical keys. A bare string
/// is taken as the `value` sub-attribute when `attr` has one (`"members": "id-1"`, Entra's
/// `manager: "id"`); anything else that is not an object is 400 `invalidValue`.
pub(super) fn to_object(
    attr: &AttributeDef,
    value: &Value,
    path: &str,
) -> Result<Map<String, Value>, ScimError> {
    match value {
        Value::Object(obj) => Ok(canonical_object(attr, obj)),
        Value::String(s) => match attr.sub_attribute("value") {
            Some(sub) => Ok(Map::from_iter([(
                sub.name.to_owned(),
                Value::String(s.clone()),
            )])),
            None => Err(not_an_object(path, value)),
        },
        other => Err(not_an_object(path, other)),
    }
}

fn not_an_object(path: &str, value: &Value) -> ScimError {
    ScimError::invalid_value(format!(
        "\"{path}\" is complex: its value must be an object, got {value}"
    ))
}

/// RFC 7644 §3.5.2: an immutable value may be set when it has none, never changed or removed.
/// `new == None` means removal.
pub(super) fn check_immutable(
    def: &AttributeDef,
    old: Option<&Value>,
    new: Option<&Value>,
    path: &str,
) -> Result<(), ScimError> {
    if def.mutability != Mutability::Immutable || is_unassigned(old) || old == new {
        return Ok(());
    }
    Err(ScimError::mutability(format!(
        "\"{path}\": \"{}\" is immutable and already has a value",
        def.name
    )))
}

/// Merges the sub-attributes of `new` (canonical keys) into the complex value `obj`: those given
/// are set, `null` ones unassigned, the others left alone.
pub(super) fn merge_into(
    attr: &AttributeDef,
    obj: &mut Map<String, Value>,
    new: &Map<String, Value>,
    path: &str,
) -> Result<(), ScimError> {
    for (k, v) in new {
        let assigned = (!v.is_null()).then_some(v);
        if let Some(sub) = attr.sub_attribute(k) {
            check_immutable(sub, obj.get(sub.name), assigned, path)?;
        }
        match assigned {
            Some(v) => {
                obj.insert(k.clone(), v.clone());
            }
            None => {
                remove_key(obj, k);
            }
        }
    }
    Ok(())
}

/// Whether a value is unassigned in the sense of RFC 7643 §2.5 (absent, null, or an empty array).
pub(super) fn is_unassigned(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::Array(a)) => a.is_empty(),
        Some(_) => false,
    }
}

/// Whether a `primary` value is true, including the `"True"` strings Entra sends.
pub(super) fn truthy(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// Removes `key` keeping the order of the other keys (a plain `remove` would swap the last key in).
pub(super) fn remove_key(map: &mut Map<String, Value>, key: &str) -> Option<Value> {
    map.shift_remove(key)
}
