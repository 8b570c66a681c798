//! Canonicalising a client-supplied resource (POST, PUT, and the document a PATCH produces).
//!
//! Clients spell the same resource many ways: `UserName` for `userName`, the enterprise extension
//! as an object or as fully qualified flat keys, booleans as `"True"`, a lone member id where a list
//! of objects belongs. The store, filters, projection and PATCH should see one spelling only, so
//! every write goes through [`normalize`], which either rejects the body with the SCIM error a
//! conformant server owes (RFC 7644 §3.12) or returns the canonical stored form:
//!
//! - keys spelled as in the schema, in schema order: `schemas`, `externalId`, core attributes, then
//!   one object per extension that carries data;
//! - only client-writable attributes: `id`, `meta` and every `readOnly` attribute or sub-attribute
//!   are the server's and are dropped; `writeOnly` ones (`password`) too, since this server stores
//!   no credentials and so has nothing to check a password against;
//! - unknown attributes dropped silently (clients such as Microsoft's test suite expect a misspelled
//!   attribute to be ignored, not refused);
//! - unassigned values (`null`, `[]`, `{}`) omitted.

use std::collections::HashMap;

use serde_json::{Map, Value};

pub use super::value::{is_boolean_string, is_unassigned};
use super::value::{is_client_stored, normalize_attribute};
use crate::server::error::ScimError;
use crate::server::schema::{AttrHome, AttributeDef, ResourceType};

/// Checks and canonicalises a resource body sent by a client.
///
/// `lenient` (the server's default) accepts what common clients send although RFC 7643 does not:
/// a missing `schemas`, booleans as strings, a single value where an array is expected, and a bare
/// scalar as an element of a multi-valued complex attribute (read as its `value`). When it is false
/// those are `400 invalidValue`.
///
/// When a body spells one attribute twice (`userName` and `USERNAME`, or an extension object and a
/// flat `urn:…:department` key), the later key in the document wins.
pub fn normalize(
    rt: &ResourceType,
    body: Value,
    lenient: bool,
) -> Result<Map<String, Value>, ScimError> {
    let Value::Object(body) = body else {
        return Err(ScimError::invalid_syntax(
            "the request body must be a JSON object",
        ));
    };
    let mut sorted = Sorted {
        schemas: None,
        core: HashMap::new(),
        extensions: vec![HashMap::new(); rt.extensions.len()],
    };
    for (key, value) in body {
        sorted.add(rt, &key, value)?;
    }
    check_schemas(rt, sorted.schemas.take(), lenient)?;

    let core_attrs = rt
        .common
        .iter()
        .filter(|a| a.name != "schemas")
        .chain(&rt.schema.attributes);
    let core = normalize_attributes(core_attrs, &mut sorted.core, None, lenient)?;
    check_required(&rt.schema.attributes, &core, None)?;

    let mut out = Map::new();
    let mut schemas = vec![Value::String(rt.schema.id.to_owned())];
    let mut extensions = Vec::new();
    for ((schema, required), raw) in rt.extensions.iter().zip(&mut sorted.extensions) {
        let ext = normalize_attributes(&schema.attributes, raw, Some(schema.id), lenient)?;
        if ext.is_empty() {
            if *required {
                return Err(ScimError::invalid_value(format!(
                    "the extension {} is required on a {}",
                    schema.id,
                    rt.name()
                )));
            }
            continue;
        }
        check_required(&schema.attributes, &ext, Some(schema.id))?;
        schemas.push(Value::String(schema.id.to_owned()));
        extensions.push((schema.id, ext));
    }
    out.insert("schemas".to_owned(), Value::Array(schemas));
    out.extend(core);
    for (urn, ext) in extensions {
        out.insert(urn.to_owned(), Value::Object(ext));
    }
    Ok(out)
}

/// The body's values, sorted by the schema they belong to and keyed by canonical attribute name.
struct Sorted {
    schemas: Option<Value>,
    core: HashMap<&'static str, Value>,
    /// One map per entry of `ResourceType::extensions`, in the same order.
    extensions: Vec<HashMap<&'static str, Value>>,
}

impl Sorted {
    fn add(&mut self, rt: &ResourceType, key: &str, value: Value) -> Result<(), ScimError> {
        if key.eq_ignore_ascii_case("schemas") {
            self.schemas = Some(value);
            return Ok(());
        }
        if let Some(i) = extension_index(rt, key) {
            let schema = &rt.extensions[i].0;
            match value {
                Value::Object(map) => {
                    for (k, v) in map {
                        if let Some(attr) = schema.attribute(&k) {
                            self.extensions[i].insert(attr.name, v);
                        }
                    }
                }
                Value::Null => {}
                _ => {
                    return Err(ScimError::invalid_value(format!(
                        "{} must be a JSON object holding the extension's attributes",
                        schema.id
                    )));
                }
            }
            return Ok(());
        }
        // `name.givenName` is a path, not a key: only PATCH and filters take paths.
        let (urn, name, None) = rt.split_reference(key) else {
            return Ok(());
        };
        // An unknown attribute resolves to nothing and is ignored, see the module docs.
        if let Some(r) = rt.resolve(urn, name, None) {
            match r.home {
                AttrHome::Core => {
                    self.core.insert(r.attr.name, value);
                }
                AttrHome::Extension(schema) => {
                    if let Some(i) = extension_index(rt, schema.id) {
                        self.extensions[i].insert(r.attr.name, value);
                    }
                }
            }
        }
        Ok(())
    }
}

fn extension_index(rt: &ResourceType, urn: &str) -> Option<usize> {
    rt.extensions
        .iter()
        .position(|(s, _)| s.id.eq_ignore_ascii_case(urn))
}

/// `schemas`, when given, must list the core schema; it is rebuilt from the data afterwards, so
/// other URNs in it (unknown ones, or extensions without data) are ignored.
fn check_schemas(
    rt: &ResourceType,
    schemas: Option<Value>,
    lenient: bool,
) -> Result<(), ScimError> {
    let items = match schemas {
        Some(Value::Array(items)) if !items.is_empty() => items,
        None | Some(Value::Null) | Some(Value::Array(_)) => {
            return if lenient {
                Ok(())
            } else {
                Err(ScimError::invalid_value(format!(
                    "schemas is required and must contain {}",
                    rt.schema.id
                )))
            };
        }
        Some(_) => {
            return Err(ScimError::invalid_value(
                "schemas must be an array of schema URN strings",
            ));
        }
    };
    let mut has_core = false;
    for item in &items {
        match item {
            Value::String(s) => has_core |= s.eq_ignore_ascii_case(rt.schema.id),
            _ => {
                return Err(ScimError::invalid_value(
                    "schemas must be an array of schema URN strings",
                ));
            }
        }
    }
    if has_core {
        Ok(())
    } else {
        Err(ScimError::invalid_value(format!(
            "schemas must contain {} for a {}",
            rt.schema.id,
            rt.name()
        )))
    }
}

/// Normalises the values of `attrs` found in `raw`, in the order of `attrs`. `urn` prefixes the
/// attribute names in error messages for extension attributes.
fn normalize_attributes<'a>(
    attrs: impl IntoIterator<Item = &'a AttributeDef>,
    raw: &mut HashMap<&'static str, Value>,
    urn: Option<&str>,
    lenient: bool,
) -> Result<Map<String, Value>, ScimError> {
    let mut out = Map::new();
    for attr in attrs {
        let Some(value) = raw.remove(attr.name) else {
            continue;
        };
        if !is_client_stored(attr) {
            continue;
        }
        if let Some(value) = normalize_attribute(attr, value, &qualified(urn, attr.name), lenient)?
        {
            out.insert(attr.name.to_owned(), value);
        }
    }
    Ok(out)
}

/// Required attributes must be present, and a required string must not be blank.
fn check_required(
    attrs: &[AttributeDef],
    values: &Map<String, Value>,
    urn: Option<&str>,
) -> Result<(), ScimError> {
    for attr in attrs.iter().filter(|a| a.required) {
        let present = match values.get(attr.name) {
            None => false,
            Some(Value::String(s)) => !s.trim().is_empty(),
            Some(_) => true,
        };
        if !present {
            return Err(ScimError::invalid_value(format!(
                "{} is required",
                qualified(urn, attr.name)
            )));
        }
    }
    Ok(())
}

fn qualified(urn: Option<&str>, name: &str) -> String {
    match urn {
        Some(urn) => format!("{urn}:{name}"),
        None => name.to_owned(),
    }
}

#[cfg(test)]
mod tests;
