//! Projection quirks: `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9) done the
//! way broken servers do them.

use axum::http::request::Parts;
use serde_json::{Map, Value};

use super::Quirk::{
    AttributesDropSchemas, AttributesIgnored, ExcludedRemovesAlways, SubAttributeReturnsParent,
};
use super::Quirks;
use super::context::Context;
use super::rewrite::has_schema;
use super::route::{query_pairs, set_query};
use crate::server::urn;

fn is_attributes(key: &str) -> bool {
    key.eq_ignore_ascii_case("attributes")
}

fn is_excluded(key: &str) -> bool {
    key.eq_ignore_ascii_case("excludedAttributes")
}

/// Request side: the query loses or coarsens its attribute selection.
pub(super) fn request(quirks: &Quirks, parts: &mut Parts) {
    if !quirks.has(AttributesIgnored) && !quirks.has(SubAttributeReturnsParent) {
        return;
    }
    let mut pairs = query_pairs(&parts.uri);
    let before = pairs.clone();
    if quirks.has(AttributesIgnored) {
        pairs.retain(|(k, _)| !is_attributes(k) && !is_excluded(k));
    }
    if quirks.has(SubAttributeReturnsParent) {
        for (_, v) in pairs.iter_mut().filter(|(k, _)| is_attributes(k)) {
            *v = v.split(',').map(parent).collect::<Vec<_>>().join(",");
        }
    }
    if pairs != before {
        set_query(&mut parts.uri, &pairs);
    }
}

/// `name.familyName` → `name`; `urn:…:2.0:User:manager.value` → `urn:…:2.0:User:manager`.
fn parent(path: &str) -> &str {
    let path = path.trim();
    let name_at = path.rfind(':').map_or(0, |i| i + 1);
    match path[name_at..].find('.') {
        Some(dot) => &path[..name_at + dot],
        None => path,
    }
}

/// The resources of a response body: the body itself, or a ListResponse's `Resources`.
pub(super) fn resources(body: &mut Value) -> Vec<&mut Map<String, Value>> {
    if has_schema(body, urn::LIST_RESPONSE) {
        return match body.get_mut("Resources") {
            Some(Value::Array(items)) => {
                items.iter_mut().filter_map(Value::as_object_mut).collect()
            }
            _ => Vec::new(),
        };
    }
    if has_schema(body, urn::ERROR) || body.get("id").is_none() {
        return Vec::new();
    }
    body.as_object_mut().into_iter().collect()
}

/// Response side: what a naive projection removes that it must keep.
pub(super) fn response(quirks: &Quirks, context: &Context, body: &mut Value) {
    let drop_schemas = quirks.has(AttributesDropSchemas) && context.param("attributes").is_some();
    let excluded: Vec<String> = match context.param("excludedAttributes") {
        Some(list) if quirks.has(ExcludedRemovesAlways) => {
            list.split(',').map(|a| a.trim().to_owned()).collect()
        }
        _ => Vec::new(),
    };
    if !drop_schemas && excluded.is_empty() {
        return;
    }
    for resource in resources(body) {
        if drop_schemas {
            resource.shift_remove("schemas");
        }
        resource.retain(|k, _| !excluded.iter().any(|e| e.eq_ignore_ascii_case(k)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sub_attribute_is_widened_to_its_parent() {
        assert_eq!(parent("name.familyName"), "name");
        assert_eq!(parent(" userName"), "userName");
        assert_eq!(
            parent("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"),
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"
        );
        assert_eq!(
            parent("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"),
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        );
    }
}
