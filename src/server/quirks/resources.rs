//! Resource quirks: creates (RFC 7644 §3.3), `meta` (RFC 7643 §3.1), unassigned values
//! (RFC 7643 §2.5) and conditional requests (RFC 7644 §3.14), done the way broken servers do them.

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::Quirk::{
    CreateKeepsClientMeta, EmptyStringsForUnset, EtagPreconditionsIgnored, GroupMetaIncomplete,
    LastModifiedFrozen, MissingUsernameStoredEmpty, PostToIdCreates,
};
use super::Quirks;
use super::context::Context;
use super::projection::resources;
use super::rewrite::phantom_created;
use super::route::Route;
use crate::server::AppState;
use crate::server::schema::ResourceKind;
use crate::server::{auth, handlers};

/// The string attributes of a User that a broken server fills with "" when they are unset.
const FILLED: [&str; 6] = [
    "displayName",
    "nickName",
    "title",
    "userType",
    "preferredLanguage",
    "timezone",
];

/// Request side.
pub(super) fn request(
    state: &AppState,
    parts: &mut Parts,
    route: &Route,
    json: &Option<Value>,
) -> Option<Response> {
    let quirks = &state.config.quirks;
    if quirks.has(EtagPreconditionsIgnored) {
        parts.headers.remove(header::IF_MATCH);
        parts.headers.remove(header::IF_NONE_MATCH);
    }
    match (&parts.method, route) {
        (&Method::POST, Route::List(ResourceKind::User))
            if quirks.has(MissingUsernameStoredEmpty) =>
        {
            let body = json.as_ref()?.as_object()?;
            let named = body
                .get("userName")
                .and_then(Value::as_str)
                .is_some_and(|n| !n.is_empty());
            if named {
                return None;
            }
            let mut stored = body.clone();
            stored.insert("userName".into(), json!(""));
            Some(phantom_created(state, &stored))
        }
        _ => None,
    }
}

/// `POST /Users/{id}` answered as `POST /Users`: a new user is created. The route is already
/// chosen when a quirk sees the request, so the create handler is called here.
pub(super) async fn post_to_item(
    state: &AppState,
    parts: &Parts,
    route: &Route,
    bytes: &Bytes,
) -> Option<Response> {
    if !state.config.quirks.has(PostToIdCreates)
        || parts.method != Method::POST
        || !matches!(route, Route::Item(ResourceKind::User, _))
    {
        return None;
    }
    // The route's own authentication comes after this layer: ask it first.
    let credentials = &state.config.credentials;
    let presented = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if !credentials.is_open() && !presented.is_some_and(|v| auth::accepts(credentials, v)) {
        return None;
    }
    let answer = handlers::resources::create(
        ResourceKind::User,
        State(state.clone()),
        RawQuery(parts.uri.query().map(str::to_owned)),
        parts.headers.clone(),
        Body::from(bytes.clone()),
    )
    .await;
    Some(answer.into_response())
}

/// Response side: resource bodies (alone or in a ListResponse) rewritten.
pub(super) fn response(quirks: &Quirks, context: &Context, status: StatusCode, body: &mut Value) {
    let created = context.method == Method::POST && status == StatusCode::CREATED;
    let sent = context.sent.as_ref().and_then(Value::as_object);
    let projected = ["attributes", "excludedAttributes"]
        .iter()
        .any(|p| context.param(p).is_some() || sent.is_some_and(|s| s.contains_key(*p)));
    for resource in resources(body) {
        let group = resource
            .get("meta")
            .and_then(|m| m.get("resourceType"))
            .and_then(Value::as_str)
            == Some("Group");
        if quirks.has(CreateKeepsClientMeta)
            && created
            && let Some(Value::Object(theirs)) = sent.and_then(|s| s.get("meta"))
            && let Some(Value::Object(meta)) = resource.get_mut("meta")
        {
            for (k, v) in theirs {
                meta.insert(k.clone(), v.clone());
            }
        }
        if let Some(Value::Object(meta)) = resource.get_mut("meta") {
            if quirks.has(LastModifiedFrozen)
                && let Some(created) = meta.get("created").cloned()
            {
                meta.insert("lastModified".into(), created);
            }
            if quirks.has(GroupMetaIncomplete) && group {
                meta.shift_remove("created");
                meta.shift_remove("lastModified");
            }
        }
        if quirks.has(EmptyStringsForUnset) && !group && !projected {
            for name in FILLED {
                resource.entry(name).or_insert_with(|| json!(""));
            }
            resource
                .entry("emails")
                .or_insert_with(|| json!([{"value": ""}]));
        }
    }
}
