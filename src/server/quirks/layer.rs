//! The one middleware that makes the correct server behave like a broken one.
//!
//! It sits outside authentication (so it can wave a wrong token through and strip headers from
//! 401s), buffers the request, rewrites it or answers in the handler's place (the 400s and 500s
//! of strict or crashing servers), then buffers the handler's response and rewrites that (paging
//! fields, error bodies, headers). Where a bug depends on stored state (case-sensitive
//! uniqueness, a userName PUT cannot change, unknown group members) it reads the store, never
//! writes it, so the store's invariants hold with any quirk.

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::Value;

use super::context::Context;
use super::rewrite;
use super::rewrite::phantom_created;
use super::route::{Route, query_pairs, set_query};
use super::{
    Quirk, Quirks, bulk, discovery, entra, errors, filters, lists, patch, projection, resources,
};
use crate::server::AppState;
use crate::server::error::ScimError;
use crate::server::handlers::request::body_read_error;
use crate::server::schema::ResourceKind;
use crate::server::store::Index;

/// Applies the server's quirks to one exchange; with none, passes it through untouched.
pub async fn apply(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let quirks = &state.config.quirks;
    if quirks.is_empty() {
        return next.run(request).await;
    }
    if quirks.has(Quirk::Slow) {
        tokio::time::sleep(quirks.latency).await;
    }
    let (mut parts, body) = request.into_parts();
    let limit = state.config.max_body_bytes.saturating_add(1);
    let bytes = match to_bytes(body, limit).await {
        Ok(bytes) => bytes,
        Err(e) => return body_read_error(&e, state.config.max_body_bytes).into_response(),
    };
    let route = Route::of(parts.uri.path(), &state.config.base_path);
    let mut json: Option<Value> = serde_json::from_slice(&bytes).ok();
    let original = json.clone();
    let mut context = Context::of(&parts.method, &route, parts.uri.query());
    let base_path = state.config.base_path.trim_end_matches('/');
    context.relative = parts
        .uri
        .path()
        .strip_prefix(base_path)
        .unwrap_or(parts.uri.path())
        .to_owned();
    context.base_path = base_path.to_owned();
    context.client_id = json.as_ref().and_then(|j| j.get("id")).cloned();
    context.sent = original.clone();
    if let Some(created) = resources::post_to_item(&state, &parts, &route, &bytes).await {
        return rewrite_response(quirks, &context, created).await;
    }
    let mut instead: Option<ScimError> = None;
    let early = errors::unparsable_body(quirks, &parts.method, &route, &bytes, json.as_ref())
        .or_else(|| {
            discovery::answer(quirks, &context).map(|answer| match answer {
                Ok(list) => {
                    (StatusCode::OK, crate::server::response::scim_json(&list)).into_response()
                }
                Err(error) => error.into_response(),
            })
        })
        .or_else(|| rewrite_request(&state, &mut parts, &route, &mut json, &mut instead))
        .or_else(|| area_request(&state, &mut parts, &route, &mut json, &mut context));
    let response = match early {
        Some(response) => response,
        None => {
            let body = match &json {
                Some(value) if json != original => {
                    let text = value.to_string();
                    if let Ok(length) = HeaderValue::from_str(&text.len().to_string()) {
                        parts.headers.insert(header::CONTENT_LENGTH, length);
                    }
                    Body::from(text)
                }
                _ => Body::from(bytes),
            };
            let response = next.run(Request::from_parts(parts, body)).await;
            match instead {
                Some(error) if response.status().is_success() => error.into_response(),
                _ => response,
            }
        }
    };
    rewrite_response(quirks, &context, response).await
}

/// Request-side quirks: rewrites the request, or answers in the handler's place.
fn rewrite_request(
    state: &AppState,
    parts: &mut Parts,
    route: &Route,
    json: &mut Option<Value>,
    instead: &mut Option<ScimError>,
) -> Option<Response> {
    let quirks = &state.config.quirks;
    if quirks.has(Quirk::No401OnBadToken)
        && parts.headers.contains_key(header::AUTHORIZATION)
        && let Some(valid) = valid_authorization(state)
    {
        parts.headers.insert(header::AUTHORIZATION, valid);
    }
    let method = parts.method.clone();
    match (&method, route) {
        (&Method::GET, Route::List(_)) => {
            let mut pairs = query_pairs(&parts.uri);
            if quirks.has(Quirk::FilterIgnored) {
                pairs.retain(|(k, _)| !k.eq_ignore_ascii_case("filter"));
            }
            if quirks.has(Quirk::PaginationDuplicates) {
                for (k, v) in pairs.iter_mut() {
                    if k.eq_ignore_ascii_case("startIndex")
                        && let Ok(start) = v.parse::<u64>()
                        && start > 1
                    {
                        *v = (start - 1).to_string();
                    }
                }
            }
            if quirks.has(Quirk::FilterIgnored) || quirks.has(Quirk::PaginationDuplicates) {
                set_query(&mut parts.uri, &pairs);
            }
            None
        }
        (&Method::POST, Route::Search(_)) => {
            if quirks.has(Quirk::FilterIgnored)
                && let Some(Value::Object(body)) = json
            {
                body.retain(|k, _| !k.eq_ignore_ascii_case("filter"));
            }
            None
        }
        (&Method::POST, Route::List(ResourceKind::User)) => {
            if quirks.has(Quirk::UsernameCaseSensitive) {
                return case_variant_created(state, json.as_ref());
            }
            None
        }
        (&Method::PUT, Route::Item(ResourceKind::User, id)) => {
            if quirks.has(Quirk::PutCannotChangeUsername)
                && let Some(record) = state.store.get(ResourceKind::User, id)
                && let Some(Value::Object(body)) = json
                && body.contains_key("userName")
            {
                body.insert("userName".into(), Value::String(record.name.clone()));
            }
            None
        }
        (&Method::PATCH, Route::Item(kind, id)) => {
            if let Some(body) = json.as_mut() {
                let plan = patch::plan(quirks, state, *kind, id, body);
                if let Some(error) = plan.answer {
                    return Some(error.into_response());
                }
                *instead = plan.instead;
            }
            let operations = json
                .as_ref()
                .and_then(|j| j.get("Operations"))
                .and_then(Value::as_array)?;
            rewrite::refuse_patch(quirks, *kind, operations, |id| {
                !state
                    .store
                    .lookup(ResourceKind::User, Index::Id, id)
                    .is_empty()
                    || !state
                        .store
                        .lookup(ResourceKind::Group, Index::Id, id)
                        .is_empty()
            })
            .map(IntoResponse::into_response)
        }
        _ => None,
    }
}

/// The request-side quirks of the areas that have a module of their own.
fn area_request(
    state: &AppState,
    parts: &mut Parts,
    route: &Route,
    json: &mut Option<Value>,
    context: &mut Context,
) -> Option<Response> {
    let quirks = &state.config.quirks;
    if let Some(refused) = entra::request(quirks, parts, route, json) {
        return Some(refused.into_response());
    }
    if let Some(refused) = lists::request(quirks, parts, route, json, context) {
        return Some(refused.into_response());
    }
    projection::request(quirks, parts);
    bulk::request(quirks, route, json);
    resources::request(state, parts, route, json)
        .or_else(|| filters::request(state, parts, route, json))
}

/// The `Authorization` value the server accepts, for a server that accepts any token.
fn valid_authorization(state: &AppState) -> Option<HeaderValue> {
    let credentials = &state.config.credentials;
    let value = match (&credentials.bearer, &credentials.basic) {
        (Some(token), _) => format!("Bearer {token}"),
        (None, Some((user, password))) => format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
        ),
        (None, None) => return None,
    };
    HeaderValue::from_str(&value).ok()
}

/// A create whose userName differs only in case from a stored one: the broken uniqueness check
/// lets it through, answering 201 for a user it never stored.
fn case_variant_created(state: &AppState, json: Option<&Value>) -> Option<Response> {
    let body = json?.as_object()?;
    let user_name = body.get("userName")?.as_str()?;
    let existing = state
        .store
        .lookup(ResourceKind::User, Index::Name, user_name);
    if existing.is_empty() || existing.iter().any(|r| r.name == user_name) {
        return None;
    }
    Some(phantom_created(state, body))
}

/// Response-side quirks: status, body and headers.
async fn rewrite_response(quirks: &Quirks, context: &Context, response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut status = parts.status;
    let mut json: Option<Value> = serde_json::from_slice(&bytes).ok();
    let original = json.clone();
    let mut drop_body = false;
    if let Some(value) = json.as_mut() {
        status = rewrite::response_json(quirks, context, status, value);
        if rewrite::has_schema(value, crate::server::urn::LIST_RESPONSE) {
            lists::response(quirks, context, value);
        }
        if context.method == Method::PATCH && matches!(context.route, Route::Item(..)) {
            (status, drop_body) = patch::response_json(quirks, status, value);
        }
        projection::response(quirks, context, value);
        status = bulk::response(quirks, &context.route, status, value);
        resources::response(quirks, context, status, value);
    }
    let mut out: Bytes = match &json {
        Some(value) if json != original => Bytes::from(value.to_string()),
        _ => bytes,
    };
    if drop_body {
        out = Bytes::new();
    }
    let headers = &mut parts.headers;
    if let Some(page) = errors::framework_page(quirks, context, status) {
        out = Bytes::from_static(page.as_bytes());
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
    }
    if quirks.has(Quirk::EmptyBodyOnCreate) && context.method == Method::POST && status == 201 {
        out = Bytes::new();
    }
    if quirks.has(Quirk::LocationHeaderMissing) && status == 201 {
        headers.remove(header::LOCATION);
    }
    if quirks.has(Quirk::WrongContentType) && headers.contains_key(header::CONTENT_TYPE) {
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    if quirks.has(Quirk::NoContentTypeOnErrors) && status.as_u16() >= 400 {
        headers.remove(header::CONTENT_TYPE);
    }
    headers.remove(header::CONTENT_LENGTH);
    parts.status = status;
    Response::from_parts(parts, Body::from(out))
}
