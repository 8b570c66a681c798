//! The JSON side of the quirks: pure functions over request and response bodies, so each broken
//! behaviour can be read (and tested) apart from the plumbing in `layer`.

use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use super::context::Context;
use super::route::Route;
use super::{Quirk, Quirks};
use crate::server::AppState;
use crate::server::error::ScimError;
use crate::server::schema::ResourceKind;
use crate::server::urn;

/// The 400 or 500 a strict or crashing server answers a PATCH with, if any of its quirks trips.
/// `exists` tells whether a member id is a stored user or group.
pub(super) fn refuse_patch(
    quirks: &Quirks,
    kind: ResourceKind,
    operations: &[Value],
    exists: impl Fn(&str) -> bool,
) -> Option<ScimError> {
    for operation in operations {
        let op = operation.get("op").and_then(Value::as_str).unwrap_or("");
        let path = operation.get("path").and_then(Value::as_str);
        let value = operation.get("value");
        if quirks.has(Quirk::PathlessPatchUnsupported) && path.is_none() {
            return Some(ScimError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                None,
                "TypeError: Cannot read properties of undefined (reading 'split')",
            ));
        }
        if quirks.has(Quirk::PatchOpsCaseSensitive) && !["add", "remove", "replace"].contains(&op) {
            return Some(ScimError::invalid_syntax(format!(
                "unsupported PATCH op \"{op}\": expected add, remove or replace"
            )));
        }
        if kind != ResourceKind::Group {
            continue;
        }
        if quirks.has(Quirk::GroupRenameWithIdRejected)
            && value
                .and_then(Value::as_object)
                .is_some_and(|v| v.keys().any(|k| k.eq_ignore_ascii_case("id")))
        {
            return Some(ScimError::mutability("attribute `id` is readOnly"));
        }
        if quirks.has(Quirk::GroupPatchAllOrNothing)
            && path.is_some_and(|p| p.eq_ignore_ascii_case("members"))
            && let Some(unknown) = value
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|m| m.get("value").and_then(Value::as_str))
                .find(|id| !exists(id))
        {
            return Some(ScimError::invalid_value(format!(
                "member `{unknown}` does not exist"
            )));
        }
    }
    None
}

/// The representation a broken create answers with for a user it did not store.
pub(super) fn phantom_user(body: &Map<String, Value>, id: &str, location: &str) -> Value {
    let mut user = body.clone();
    user.remove("password");
    user.insert("id".into(), json!(id));
    let now = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    user.insert(
        "meta".into(),
        json!({"resourceType": "User", "created": now, "lastModified": now,
               "location": location, "version": "W/\"1\""}),
    );
    Value::Object(user)
}

pub(super) fn has_schema(value: &Value, schema: &str) -> bool {
    value
        .get("schemas")
        .and_then(Value::as_array)
        .is_some_and(|s| s.iter().any(|v| v.as_str() == Some(schema)))
}

/// Rewrites a JSON response body in place; returns the (possibly changed) status.
pub(super) fn response_json(
    quirks: &Quirks,
    context: &Context,
    mut status: StatusCode,
    body: &mut Value,
) -> StatusCode {
    if quirks.has(Quirk::DeactivatedUser404)
        && context.method == Method::GET
        && status == StatusCode::OK
        && let Route::Item(ResourceKind::User, id) = &context.route
        && body.get("active") == Some(&Value::Bool(false))
    {
        *body = ScimError::not_found(format!("User {id} not found")).body();
        status = StatusCode::NOT_FOUND;
    }
    if has_schema(body, urn::LIST_RESPONSE) {
        list_response(quirks, context, body);
    }
    if quirks.has(Quirk::PasswordReturned) {
        if has_schema(body, urn::USER) {
            add_password(body);
        }
        if let Some(Value::Array(resources)) = body.get_mut("Resources") {
            resources
                .iter_mut()
                .filter(|r| has_schema(r, urn::USER))
                .for_each(add_password);
        }
    }
    if status == StatusCode::CONFLICT && quirks.has(Quirk::ConflictWithoutScimType) {
        remove(body, "scimType");
    }
    if status == StatusCode::CONFLICT && quirks.has(Quirk::DuplicateReturns400) {
        status = StatusCode::BAD_REQUEST;
        body["status"] = json!("400");
        remove(body, "scimType");
    }
    if context.route == Route::Other {
        super::discovery::response_json(quirks, context, status, body);
    }
    if context.method == Method::POST
        && status == StatusCode::CREATED
        && quirks.has(Quirk::CreateKeepsClientId)
        && let Some(id) = &context.client_id
    {
        body["id"] = id.clone();
    }
    if quirks.has(Quirk::ErrorStatusAsNumber)
        && has_schema(body, urn::ERROR)
        && let Some(n) = body
            .get("status")
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<u64>().ok())
    {
        body["status"] = json!(n);
    }
    status
}

fn remove(body: &mut Value, key: &str) {
    if let Some(map) = body.as_object_mut() {
        map.shift_remove(key);
    }
}

fn add_password(user: &mut Value) {
    if let Some(map) = user.as_object_mut() {
        map.insert(
            "password".into(),
            json!("$2b$10$Qk3Jm0x1kUu3D2nJ4s3yUeW9m5sF8l9cV0qH6yZpT7rX2aB4cD6eG"),
        );
    }
}

fn list_response(quirks: &Quirks, context: &Context, list: &mut Value) {
    if quirks.has(Quirk::UsernameCaseSensitive)
        && let Some(exact) = &context.user_name_eq
        && let Some(Value::Array(resources)) = list.get_mut("Resources")
    {
        let before = resources.len();
        resources.retain(|r| r.get("userName").and_then(Value::as_str) == Some(exact.as_str()));
        let removed = (before - resources.len()) as u64;
        let kept = resources.len();
        if let Some(total) = list.get("totalResults").and_then(Value::as_u64) {
            list["totalResults"] = json!(total.saturating_sub(removed));
        }
        list["itemsPerPage"] = json!(kept);
    }
    if quirks.has(Quirk::PaginationDuplicates)
        && let Some(start) = context.start_index.filter(|s| *s > 1)
    {
        list["startIndex"] = json!(start);
    }
    let page = list
        .get("Resources")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if quirks.has(Quirk::TotalResultsWrong) {
        list["totalResults"] = json!(page);
    }
    if quirks.has(Quirk::ItemsPerPageEchoesCount)
        && let Some(count) = context.count
    {
        list["itemsPerPage"] = json!(count);
    }
    if quirks.has(Quirk::StringsForNumbers) {
        for field in ["totalResults", "itemsPerPage", "startIndex"] {
            if let Some(n) = list.get(field).and_then(Value::as_u64) {
                list[field] = json!(n.to_string());
            }
        }
    }
}

/// 201 Created for a user that was never stored, as `body` would have made it.
pub(super) fn phantom_created(state: &AppState, body: &serde_json::Map<String, Value>) -> Response {
    let id = uuid::Uuid::new_v4().to_string();
    let location = state.store.location(ResourceKind::User, &id);
    let created = phantom_user(body, &id, &location);
    let mut response = (StatusCode::CREATED, created.to_string()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(crate::server::urn::SCIM_JSON),
    );
    if let Ok(location) = HeaderValue::from_str(&location) {
        headers.insert(header::LOCATION, location);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_name_eq_filter_is_recognised_in_any_case() {
        use super::super::context::user_name_eq;
        assert_eq!(user_name_eq(r#"UserName EQ "A.b@x""#), Some("A.b@x".into()));
        assert_eq!(user_name_eq(r#"userName sw "a""#), None);
        assert_eq!(user_name_eq("emails eq \"a\""), None);
    }

    #[test]
    fn items_per_page_echoes_count_only_with_the_quirk() {
        let context = Context::of(&Method::GET, &Route::Other, Some("count=100"));
        let mut list = json!({"schemas": [urn::LIST_RESPONSE], "totalResults": 2,
                              "itemsPerPage": 2, "Resources": [{}, {}]});
        let clean = list.clone();
        response_json(&Quirks::default(), &context, StatusCode::OK, &mut list);
        assert_eq!(list, clean);
        let quirks = Quirks::new([Quirk::ItemsPerPageEchoesCount]);
        response_json(&quirks, &context, StatusCode::OK, &mut list);
        assert_eq!(list["itemsPerPage"], 100);
    }
}
