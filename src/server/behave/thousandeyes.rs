//! ThousandEyes, as its Okta guide and SCIM page describe it (okta-scim-behaviour §5).
//!
//! - No groups: every `/Groups` path is 404, and `/ResourceTypes` lists no Group type.
//! - No bulk: nothing in its documentation offers `/Bulk`, so it is 501 and the
//!   ServiceProviderConfig says `bulk.supported: false` (a bulk operation would otherwise reach
//!   groups and attributes this behaviour keeps out of reach).
//! - Only `displayName` (and `active`) may be changed by the IdP: a PUT keeps every other
//!   attribute as stored, a PATCH drops operations on other attributes. The changes are ignored
//!   rather than refused, as "user modification: display name only" reads, so that Okta's
//!   profile pushes still succeed.
//! - Deactivation deletes: after a successful PUT or PATCH that leaves a user `active: false`,
//!   the user is deleted (Okta never sends DELETE; "user deletion" happens this way), and reading
//!   it back is 404.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use crate::server::AppState;
use crate::server::error::ScimError;
use crate::server::schema::ResourceKind;

/// Attributes an IdP may change in ThousandEyes.
const WRITABLE: &[&str] = &["displayName", "active"];

/// Bodies are buffered to be rewritten; the server's own limit still applies afterwards.
const MAX_BUFFER: usize = 4 * 1024 * 1024;

pub async fn handle(state: &AppState, request: Request, next: Next) -> Response {
    let segments: Vec<String> = request
        .uri()
        .path()
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let last = |n: usize| segments.iter().rev().nth(n).map(String::as_str);
    if segments.iter().any(|s| s.eq_ignore_ascii_case("Groups")) {
        return ScimError::not_found("ThousandEyes has no groups: /Groups is not served")
            .into_response();
    }
    if last(0) == Some("Bulk") {
        return ScimError::new(
            axum::http::StatusCode::NOT_IMPLEMENTED,
            None,
            "ThousandEyes has no bulk endpoint",
        )
        .into_response();
    }
    if last(0) == Some("ServiceProviderConfig") && request.method() == Method::GET {
        let response = next.run(request).await;
        return map_json(response, without_bulk).await;
    }
    if last(1) == Some("ResourceTypes") && last(0) == Some("Group") {
        return ScimError::not_found("ThousandEyes has no Group resource type").into_response();
    }
    if last(0) == Some("ResourceTypes") && request.method() == Method::GET {
        let response = next.run(request).await;
        return map_json(response, without_group_type).await;
    }
    let is_user = last(1) == Some("Users") && last(0).is_some();
    let writes = request.method() == Method::PUT || request.method() == Method::PATCH;
    if !(is_user && writes) {
        return next.run(request).await;
    }
    let id = last(0).map(str::to_owned).unwrap_or_default();
    let id = percent_encoding::percent_decode_str(&id)
        .decode_utf8_lossy()
        .into_owned();
    let request = restrict_writes(state, request, &id).await;
    let response = next.run(request).await;
    if response.status().is_success()
        && let Some(record) = state.store.get(ResourceKind::User, &id)
        && record.document().get("active") == Some(&Value::Bool(false))
    {
        // Deactivation is deletion in ThousandEyes; a 404 here means someone else was quicker.
        let _gone = state.store.delete(ResourceKind::User, &id, None);
    }
    response
}

/// The request with every change to a non-writable attribute taken out. A PATCH left with
/// nothing to do becomes a no-op PATCH (200 with the user, as an accepted change that changes
/// nothing): the route is chosen before this layer runs, so the request stays a PATCH.
async fn restrict_writes(state: &AppState, request: Request, id: &str) -> Request {
    let (mut parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BUFFER).await else {
        return Request::from_parts(parts, Body::empty());
    };
    let Ok(Value::Object(sent)) = serde_json::from_slice::<Value>(&bytes) else {
        return Request::from_parts(parts, Body::from(bytes));
    };
    let nothing = no_op(&sent);
    let rewritten = if parts.method == Method::PUT {
        match state.store.get(ResourceKind::User, id) {
            Some(record) => Some(Value::Object(put_body(record.document(), &sent))),
            None => Some(Value::Object(sent)),
        }
    } else {
        patch_body(sent)
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = rewritten.unwrap_or(nothing);
    Request::from_parts(parts, Body::from(body.to_string()))
}

/// A PATCH that changes nothing, in the form of the one it stands for: a PatchOp with an empty
/// pathless add (SCIM 2.0), or a partial resource of nothing but its `schemas` (SCIM 1.1).
fn no_op(sent: &Map<String, Value>) -> Value {
    if sent.contains_key("Operations") {
        return serde_json::json!({
            "schemas": [crate::server::urn::PATCH_OP],
            "Operations": [{"op": "add", "value": {}}]
        });
    }
    let schemas = sent
        .get("schemas")
        .cloned()
        .unwrap_or(Value::Array(Vec::new()));
    serde_json::json!({"schemas": schemas})
}

fn writable(name: &str) -> bool {
    let name = name.rsplit(':').next().unwrap_or(name);
    WRITABLE.iter().any(|w| w.eq_ignore_ascii_case(name))
}

/// The stored user with only the writable attributes taken from the PUT body.
pub fn put_body(mut stored: Map<String, Value>, sent: &Map<String, Value>) -> Map<String, Value> {
    for (key, value) in sent {
        if writable(key) {
            stored.insert(key.clone(), value.clone());
        }
    }
    stored
}

/// A PATCH with only the writable changes, or `None` when nothing writable is left. SCIM 2.0
/// bodies carry `Operations`; a SCIM 1.1 PATCH body is a partial resource.
pub fn patch_body(mut sent: Map<String, Value>) -> Option<Value> {
    let Some(Value::Array(operations)) = sent.remove("Operations") else {
        let kept: Map<String, Value> = sent
            .into_iter()
            .filter(|(k, _)| k == "schemas" || writable(k))
            .collect();
        return (kept.len() > usize::from(kept.contains_key("schemas")))
            .then_some(Value::Object(kept));
    };
    let kept: Vec<Value> = operations.into_iter().filter_map(operation).collect();
    if kept.is_empty() {
        return None;
    }
    sent.insert("Operations".into(), Value::Array(kept));
    Some(Value::Object(sent))
}

/// One PATCH operation restricted to writable attributes, or `None` if nothing is left of it.
/// An operation that names no attribute at all (a `remove` without a path) changes nothing
/// ThousandEyes could leave out: it is kept, for the server to refuse as it would anyway.
fn operation(mut op: Value) -> Option<Value> {
    match op.get("path").and_then(Value::as_str) {
        Some(path) => writable(path.split(['.', '[']).next().unwrap_or(path)).then_some(op),
        None => {
            let Some(Value::Object(value)) = op.get_mut("value") else {
                return Some(op);
            };
            value.retain(|k, _| writable(k));
            (!value.is_empty()).then_some(op)
        }
    }
}

/// A `/ResourceTypes` ListResponse without the Group type.
fn without_bulk(mut config: Value) -> Value {
    if config.get("bulk").is_some() {
        config["bulk"] =
            serde_json::json!({"supported": false, "maxOperations": 0, "maxPayloadSize": 0});
    }
    config
}

fn without_group_type(mut list: Value) -> Value {
    if let Some(Value::Array(resources)) = list.get_mut("Resources") {
        resources.retain(|t| t.get("name").and_then(Value::as_str) != Some("Group"));
        let count = resources.len();
        list["totalResults"] = count.into();
        if list.get("itemsPerPage").is_some() {
            list["itemsPerPage"] = count.into();
        }
    }
    list
}

/// The response with its JSON body passed through `change` (unchanged if it is not JSON).
async fn map_json(response: Response, change: fn(Value) -> Value) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BUFFER).await else {
        return Response::from_parts(parts, Body::empty());
    };
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(json) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(change(json).to_string()))
        }
        Err(_) => Response::from_parts(parts, Body::from(bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn put_takes_only_display_name_and_active() {
        let stored = map(
            json!({"id": "1", "userName": "a@x", "name": {"givenName": "A"}, "displayName": "A B"}),
        );
        let sent = map(
            json!({"userName": "b@x", "name": {"givenName": "Z"}, "displayName": "Zed", "active": false}),
        );
        let body = put_body(stored, &sent);
        assert_eq!(body["userName"], json!("a@x"));
        assert_eq!(body["name"]["givenName"], json!("A"));
        assert_eq!(body["displayName"], json!("Zed"));
        assert_eq!(body["active"], json!(false));
    }

    #[test]
    fn patch_keeps_writable_operations_only() {
        let sent = map(
            json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
                {"op": "replace", "value": {"active": false, "userName": "x"}},
                {"op": "replace", "path": "name.givenName", "value": "Z"},
                {"op": "replace", "path": "displayName", "value": "Zed"},
            ]}),
        );
        let body = patch_body(sent).unwrap_or_default();
        assert_eq!(body["Operations"].as_array().map(Vec::len), Some(2));
        assert_eq!(body["Operations"][0]["value"], json!({"active": false}));
        let only_name =
            map(json!({"Operations": [{"op": "replace", "path": "userName", "value": "x"}]}));
        assert_eq!(patch_body(only_name), None);
        let v1 = map(json!({"schemas": ["urn:scim:schemas:core:1.0"], "name": {"givenName": "Z"}}));
        assert_eq!(patch_body(v1), None);
        let pathless_remove = map(json!({"Operations": [{"op": "remove"}]}));
        assert_eq!(
            patch_body(pathless_remove).unwrap_or_default()["Operations"],
            json!([{"op": "remove"}])
        );
    }

    #[test]
    fn resource_types_lose_group() {
        let list = json!({"totalResults": 2, "Resources": [{"name": "User"}, {"name": "Group"}]});
        let list = without_group_type(list);
        assert_eq!(list["totalResults"], json!(1));
    }
}
