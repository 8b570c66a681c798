//! Converting resource JSON between its SCIM 1.1 and SCIM 2.0 forms.
//!
//! The store, normaliser, filters and projection only know 2.0, so every 1.1 body is rewritten
//! into 2.0 on the way in ([`to_v2`], [`name_to_v2`]) and every representation back into 1.1 on the
//! way out ([`to_v1`]). The deltas (SCIM 1.1 core schema vs RFC 7643):
//! - one core URN, `urn:scim:schemas:core:1.0`, for users and groups alike, where 2.0 has one per
//!   resource type; the enterprise extension is `urn:scim:schemas:extension:enterprise:1.0`;
//! - the enterprise `manager` is `{managerId, displayName}` in 1.1, `{value, $ref, displayName}` in
//!   2.0 (1.1 field name from memory of the 1.1 core schema, unverified against the text);
//! - 1.1 has no `$ref` sub-attribute and no `meta.resourceType`, so both are dropped on the way out;
//! - `meta.location` points at the 1.1 URL of the resource.

use serde_json::{Map, Value};

use super::{CORE, ENTERPRISE, Urls};
use crate::server::schema::{REGISTRY, ResourceKind};
use crate::server::urn;

/// The 2.0 URN a 1.1 URN stands for on a resource of `kind`; `None` when `urn` is no 1.1 URN
/// (or the enterprise extension on a group, which has none).
pub fn urn_to_v2(kind: ResourceKind, urn: &str) -> Option<&'static str> {
    if urn.eq_ignore_ascii_case(CORE) {
        Some(REGISTRY.get(kind).schema.id)
    } else if urn.eq_ignore_ascii_case(ENTERPRISE) && kind == ResourceKind::User {
        Some(urn::ENTERPRISE_USER)
    } else {
        None
    }
}

/// The 1.1 URN for a 2.0 schema URN this server serves; `None` for any other URN.
pub fn urn_to_v1(urn: &str) -> Option<&'static str> {
    if urn.eq_ignore_ascii_case(urn::USER) || urn.eq_ignore_ascii_case(urn::GROUP) {
        Some(CORE)
    } else if urn.eq_ignore_ascii_case(urn::ENTERPRISE_USER) {
        Some(ENTERPRISE)
    } else {
        None
    }
}

/// An attribute reference in 2.0 form: a 1.1 URN prefix (`urn:scim:schemas:core:1.0:userName`,
/// `urn:scim:schemas:extension:enterprise:1.0:department`) becomes the 2.0 one. Anything else is
/// returned unchanged.
pub fn name_to_v2(kind: ResourceKind, name: &str) -> String {
    for v1 in [ENTERPRISE, CORE] {
        let Some(v2) = urn_to_v2(kind, v1) else {
            continue;
        };
        let Some(prefix) = name.get(..v1.len()) else {
            continue;
        };
        if !prefix.eq_ignore_ascii_case(v1) {
            continue;
        }
        let rest = &name[v1.len()..];
        if rest.is_empty() || rest.starts_with(':') {
            return format!("{v2}{rest}");
        }
    }
    name.to_string()
}

/// A comma-separated list of attribute references (`attributes=`), each in 2.0 form.
pub fn names_to_v2(kind: ResourceKind, names: &str) -> String {
    names
        .split(',')
        .map(|n| name_to_v2(kind, n.trim()))
        .collect::<Vec<_>>()
        .join(",")
}

/// A 1.1 request body (POST, PUT, PATCH) in 2.0 form: `schemas` URNs, the extension key and flat
/// URN-qualified keys are rewritten, and the enterprise `manager.managerId` becomes `value`.
/// Everything else, `meta` included, is left for the normaliser or the PATCH engine to judge.
pub fn to_v2(kind: ResourceKind, body: Value) -> Value {
    let Value::Object(body) = body else {
        return body;
    };
    let mut out = Map::with_capacity(body.len());
    for (key, value) in body {
        if key.eq_ignore_ascii_case("schemas") {
            out.insert(key, schemas_to_v2(kind, value));
            continue;
        }
        let key = name_to_v2(kind, &key);
        let value = if key.eq_ignore_ascii_case(urn::ENTERPRISE_USER) {
            enterprise_to_v2(value)
        } else {
            value
        };
        out.insert(key, value);
    }
    Value::Object(out)
}

fn schemas_to_v2(kind: ResourceKind, schemas: Value) -> Value {
    match schemas {
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(
                    |item| match item.as_str().and_then(|u| urn_to_v2(kind, u)) {
                        Some(v2) => Value::String(v2.to_string()),
                        None => item,
                    },
                )
                .collect(),
        ),
        other => other,
    }
}

/// `manager.managerId` (1.1) is `manager.value` (2.0).
fn enterprise_to_v2(value: Value) -> Value {
    let Value::Object(mut ext) = value else {
        return value;
    };
    let key = ext
        .keys()
        .find(|k| k.eq_ignore_ascii_case("manager"))
        .cloned();
    if let Some(key) = key
        && let Some(Value::Object(manager)) = ext.get_mut(&key)
    {
        let renamed: Map<String, Value> = std::mem::take(manager)
            .into_iter()
            .map(|(k, v)| {
                if k.eq_ignore_ascii_case("managerId") {
                    ("value".to_string(), v)
                } else {
                    (k, v)
                }
            })
            .collect();
        *manager = renamed;
    }
    Value::Object(ext)
}

/// A 2.0 representation (as rendered, projection applied) in 1.1 form.
pub fn to_v1(doc: Map<String, Value>, urls: &Urls) -> Map<String, Value> {
    let mut out = Map::with_capacity(doc.len());
    for (key, value) in doc {
        match key.as_str() {
            "schemas" => {
                out.insert(key, schemas_to_v1(value));
            }
            "meta" => {
                out.insert(key, meta_to_v1(value, urls));
            }
            "groups" | "members" => {
                out.insert(key, without_refs(value));
            }
            _ if key.eq_ignore_ascii_case(urn::ENTERPRISE_USER) => {
                out.insert(ENTERPRISE.to_string(), enterprise_to_v1(value));
            }
            _ => {
                out.insert(key, value);
            }
        }
    }
    out
}

fn schemas_to_v1(schemas: Value) -> Value {
    let Value::Array(items) = schemas else {
        return schemas;
    };
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for item in items {
        let item = match item.as_str().and_then(urn_to_v1) {
            Some(v1) => Value::String(v1.to_string()),
            None => item,
        };
        if !out.contains(&item) {
            out.push(item);
        }
    }
    Value::Array(out)
}

/// `meta` without `resourceType` (not in 1.1), its `location` under the 1.1 base.
fn meta_to_v1(meta: Value, urls: &Urls) -> Value {
    let Value::Object(mut meta) = meta else {
        return meta;
    };
    meta.shift_remove("resourceType");
    if let Some(Value::String(location)) = meta.get_mut("location") {
        *location = urls.to_v1(location);
    }
    Value::Object(meta)
}

/// A user's `groups` or a group's `members` without the 2.0-only `$ref`.
fn without_refs(value: Value) -> Value {
    let Value::Array(mut items) = value else {
        return value;
    };
    for item in &mut items {
        if let Value::Object(item) = item {
            item.shift_remove("$ref");
        }
    }
    Value::Array(items)
}

/// `manager.value` becomes `managerId`; `$ref` is dropped.
fn enterprise_to_v1(value: Value) -> Value {
    let Value::Object(mut ext) = value else {
        return value;
    };
    if let Some(Value::Object(manager)) = ext.get_mut("manager") {
        let renamed: Map<String, Value> = std::mem::take(manager)
            .into_iter()
            .filter(|(k, _)| k != "$ref")
            .map(|(k, v)| {
                if k == "value" {
                    ("managerId".to_string(), v)
                } else {
                    (k, v)
                }
            })
            .collect();
        *manager = renamed;
    }
    Value::Object(ext)
}

#[cfg(test)]
mod tests;
