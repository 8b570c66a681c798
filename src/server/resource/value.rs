//! Checking and canonicalising the value of one attribute against its definition.
//!
//! [`super::normalize`](mod@super::normalize) decides *which* attributes a body carries; this module decides whether each
//! value is acceptable (RFC 7643 §2.3 data types, §2.4 multi-valued rules) and what its canonical
//! stored shape is. It is kept apart so that the same rules can be reused for PATCH values, and so
//! that each rule can be read next to the leniency that relaxes it.
//!
//! Canonical shape: unassigned values (`null`, `[]`, `{}`, RFC 7643 §2.5) disappear, complex values
//! keep only known, client-writable sub-attributes in schema order, multi-valued attributes are
//! arrays without duplicates.

use std::collections::HashSet;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_PAD_INDIFFERENT;
use chrono::{DateTime, NaiveDateTime};
use serde_json::{Map, Value};

use crate::server::error::ScimError;
use crate::server::schema::{AttrType, AttributeDef, Mutability};

/// Reads a boolean sent as a string, as Microsoft Entra does (`"True"`, `"False"`).
///
/// Only `true` and `false` in any letter case are booleans; `"1"`, `"yes"` and padded strings are not.
pub fn is_boolean_string(s: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// `null`, `[]` and `{}`: an unassigned attribute (RFC 7643 §2.5).
pub fn is_unassigned(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

/// Whether a client may write this attribute at all. `readOnly` values are the server's; the
/// `writeOnly` ones (`password`) are dropped because this server stores no credentials.
pub fn is_client_stored(attr: &AttributeDef) -> bool {
    !matches!(
        attr.mutability,
        Mutability::ReadOnly | Mutability::WriteOnly
    )
}

/// The canonical value of `attr`, `None` when it is unassigned. `path` names the attribute in errors.
pub fn normalize_attribute(
    attr: &AttributeDef,
    value: Value,
    path: &str,
    lenient: bool,
) -> Result<Option<Value>, ScimError> {
    if is_unassigned(&value) {
        return Ok(None);
    }
    if attr.multi_valued {
        return multi_valued(attr, value, path, lenient);
    }
    if attr.is_complex() {
        return match value {
            Value::Object(map) => complex(attr, map, path, lenient),
            other => Err(wrong_type(
                path,
                "a JSON object (complex attribute)",
                &other,
            )),
        };
    }
    scalar(attr, value, path, lenient).map(Some)
}

fn multi_valued(
    attr: &AttributeDef,
    value: Value,
    path: &str,
    lenient: bool,
) -> Result<Option<Value>, ScimError> {
    let items = match value {
        Value::Array(items) => items,
        // Lenient: a lone value where a list is expected is a list of one.
        other if lenient => vec![other],
        other => return Err(wrong_type(path, "a JSON array (multi-valued)", &other)),
    };
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    // Elements are canonical (sub-attributes in schema order), so equal elements render equally:
    // hashing the rendering finds duplicates in linear time even in groups of many thousands.
    let mut seen: HashSet<String> = HashSet::with_capacity(items.len());
    for item in items {
        if is_unassigned(&item) {
            continue;
        }
        let element = if attr.is_complex() {
            match item {
                Value::Object(map) => complex(attr, map, path, lenient)?,
                // Lenient: a bare member id `"id-1"` stands for `{"value": "id-1"}`.
                scalar @ (Value::String(_) | Value::Number(_) | Value::Bool(_)) if lenient => {
                    let mut map = Map::new();
                    map.insert("value".to_owned(), scalar);
                    complex(attr, map, path, lenient)?
                }
                other => return Err(wrong_type(path, "an array of JSON objects", &other)),
            }
        } else {
            match item {
                Value::Array(_) | Value::Object(_) => {
                    return Err(wrong_type(path, "an array of single values", &item));
                }
                single => Some(scalar(attr, single, path, lenient)?),
            }
        };
        if let Some(element) = element
            && seen.insert(element.to_string())
        {
            out.push(element);
        }
    }
    let primaries = out
        .iter()
        .filter(|e| e.get("primary") == Some(&Value::Bool(true)))
        .count();
    if primaries > 1 {
        return Err(ScimError::invalid_value(format!(
            "{path}: at most one value may have \"primary\": true, found {primaries}"
        )));
    }
    Ok((!out.is_empty()).then_some(Value::Array(out)))
}

/// A complex value: sub-attribute keys matched case-insensitively and rewritten in schema order;
/// unknown and server-controlled sub-attributes dropped. `None` when nothing is left.
fn complex(
    attr: &AttributeDef,
    map: Map<String, Value>,
    path: &str,
    lenient: bool,
) -> Result<Option<Value>, ScimError> {
    let mut raw: Vec<(&'static str, Value)> = Vec::new();
    for (key, value) in map {
        if let Some(sub) = attr.sub_attribute(&key) {
            // Two spellings of one sub-attribute: the later one wins, as for top-level keys.
            raw.retain(|(name, _)| *name != sub.name);
            raw.push((sub.name, value));
        }
    }
    let mut out = Map::new();
    for sub in attr.sub_attributes.iter().filter(|s| is_client_stored(s)) {
        let Some(pos) = raw.iter().position(|(name, _)| *name == sub.name) else {
            continue;
        };
        let (_, value) = raw.swap_remove(pos);
        let sub_path = format!("{path}.{}", sub.name);
        if let Some(value) = normalize_attribute(sub, value, &sub_path, lenient)? {
            out.insert(sub.name.to_owned(), value);
        }
    }
    if out.is_empty() {
        return Ok(None);
    }
    for sub in attr.sub_attributes.iter().filter(|s| s.required) {
        if !out.contains_key(sub.name) {
            return Err(ScimError::invalid_value(format!(
                "{path}.{} is required",
                sub.name
            )));
        }
    }
    Ok(Some(Value::Object(out)))
}

fn scalar(
    attr: &AttributeDef,
    value: Value,
    path: &str,
    lenient: bool,
) -> Result<Value, ScimError> {
    let ok = match (&value, attr.ty) {
        (Value::String(_), AttrType::String | AttrType::Reference) => true,
        (Value::Bool(_), AttrType::Boolean) => true,
        (Value::String(s), AttrType::Boolean) if lenient => {
            if let Some(b) = is_boolean_string(s) {
                return Ok(Value::Bool(b));
            }
            false
        }
        (Value::Number(n), AttrType::Integer) => n.is_i64() || n.is_u64(),
        (Value::Number(_), AttrType::Decimal) => true,
        (Value::String(s), AttrType::DateTime) => is_date_time(s),
        (Value::String(s), AttrType::Binary) => is_base64(s),
        _ => false,
    };
    if ok {
        Ok(value)
    } else {
        Err(wrong_type(path, expected(attr.ty), &value))
    }
}

fn expected(ty: AttrType) -> &'static str {
    match ty {
        AttrType::String => "a string",
        AttrType::Boolean => "a boolean",
        AttrType::Decimal => "a number",
        AttrType::Integer => "an integer (no fraction or exponent)",
        AttrType::DateTime => "an xsd:dateTime string with date and time (RFC 3339)",
        AttrType::Binary => "a base64-encoded string",
        AttrType::Reference => "a URI string",
        AttrType::Complex => "a JSON object",
    }
}

fn wrong_type(path: &str, expected: &str, got: &Value) -> ScimError {
    let got = match got {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    ScimError::invalid_value(format!("{path} must be {expected}, got {got}"))
}

/// xsd:dateTime (RFC 7643 §2.3.5): a date *and* a time, the offset optional (RFC 3339 otherwise).
fn is_date_time(s: &str) -> bool {
    DateTime::parse_from_rfc3339(s).is_ok()
        || NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
}

/// Base64 (RFC 4648 §4). Padding may be omitted and line breaks are tolerated, since certificates
/// are often pasted in MIME-wrapped form.
fn is_base64(s: &str) -> bool {
    let compact: String = s.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    STANDARD_PAD_INDIFFERENT.decode(compact).is_ok()
}

#[cfg(test)]
mod tests;
