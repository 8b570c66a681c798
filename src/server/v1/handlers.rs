//! SCIM 1.1 `/Users` and `/Groups` by id: create, read, replace, patch, delete.
//!
//! Each handler rewrites the 1.1 body into 2.0 form, runs the same normaliser and store calls as
//! the 2.0 handlers, and renders the result in 1.1 form with the 1.1 `Location`. Differences from
//! 2.0 kept on purpose: PATCH takes a partial resource ([`super::patch`]); DELETE answers
//! `200 OK` (what the UnboundID 1.1 SDK returns and ldapwiki documents); `attributes` is the only
//! projection parameter (1.1 has no `excludedAttributes`, so it is ignored).

use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::{JSON, Urls, patch, translate};
use crate::server::AppState;
use crate::server::error::ScimResult;
use crate::server::handlers::request::{QueryParams, header_str, json_body};
use crate::server::handlers::{render, resources};
use crate::server::resource::normalize::normalize;
use crate::server::resource::projection::AttributeSelection;
use crate::server::schema::{REGISTRY, ResourceKind};
use crate::server::store::{Record, not_found};

/// The `attributes` selection of a 1.1 request, its names in 2.0 form.
pub fn selection(kind: ResourceKind, params: &QueryParams) -> ScimResult<AttributeSelection> {
    let attributes = params
        .get("attributes")
        .map(|a| translate::names_to_v2(kind, a));
    AttributeSelection::parse(REGISTRY.get(kind), attributes.as_deref(), None)
}

/// The 1.1 representation of `record`: derived attributes, projection, then translation.
pub fn representation(
    state: &AppState,
    record: &Record,
    selection: &AttributeSelection,
    urls: &Urls,
) -> serde_json::Map<String, Value> {
    let mut doc = render::document(&state.store, record);
    selection.apply(REGISTRY.get(record.kind), &mut doc);
    translate::to_v1(doc, urls)
}

/// A resource answer: status, 1.1 body, `ETag`, and `Location` when given.
fn respond(
    status: StatusCode,
    state: &AppState,
    record: &Record,
    selection: &AttributeSelection,
    created: bool,
) -> Response {
    let urls = Urls::of(state);
    let doc = representation(state, record, selection, &urls);
    let body = serde_json::to_vec(&Value::Object(doc)).unwrap_or_default();
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    if let Ok(tag) = HeaderValue::from_str(&record.version()) {
        headers.insert(header::ETAG, tag);
    }
    if created {
        let location = urls.to_v1(&state.store.location(record.kind, &record.id));
        if let Ok(location) = HeaderValue::from_str(&location) {
            headers.insert(header::LOCATION, location);
        }
    }
    response
}

/// The selection and the body (in 2.0 form) of a POST, PUT or PATCH.
async fn write_request(
    kind: ResourceKind,
    state: &AppState,
    query: Option<&str>,
    headers: &HeaderMap,
    body: Body,
) -> ScimResult<(AttributeSelection, Value)> {
    let selection = selection(kind, &QueryParams::parse(query))?;
    let body = json_body(headers, body, state.config.max_body_bytes).await?;
    Ok((selection, translate::to_v2(kind, body)))
}

pub async fn create(
    kind: ResourceKind,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> ScimResult<Response> {
    let (selection, body) = write_request(kind, &state, query.as_deref(), &headers, body).await?;
    let record = resources::create_record(&state, kind, body)?;
    Ok(respond(
        StatusCode::CREATED,
        &state,
        &record,
        &selection,
        true,
    ))
}

pub async fn get(
    kind: ResourceKind,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> ScimResult<Response> {
    let selection = selection(kind, &QueryParams::parse(query.as_deref()))?;
    let record = state
        .store
        .get(kind, &id)
        .ok_or_else(|| not_found(kind, &id))?;
    Ok(respond(StatusCode::OK, &state, &record, &selection, false))
}

pub async fn replace(
    kind: ResourceKind,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> ScimResult<Response> {
    let (selection, body) = write_request(kind, &state, query.as_deref(), &headers, body).await?;
    let if_match = header_str(&headers, header::IF_MATCH);
    let record = resources::replace_record(&state, kind, &id, body, if_match)?;
    Ok(respond(StatusCode::OK, &state, &record, &selection, false))
}

pub async fn modify(
    kind: ResourceKind,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> ScimResult<Response> {
    let (selection, body) = write_request(kind, &state, query.as_deref(), &headers, body).await?;
    let rt = REGISTRY.get(kind);
    let lenient = state.config.lenient;
    let if_match = header_str(&headers, header::IF_MATCH);
    let record = state.store.update(kind, &id, if_match, |mut current| {
        patch::apply(rt, &mut current, &body)?;
        normalize(rt, Value::Object(current), lenient)
    })?;
    Ok(respond(StatusCode::OK, &state, &record, &selection, false))
}

pub async fn delete(
    kind: ResourceKind,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ScimResult<StatusCode> {
    state
        .store
        .delete(kind, &id, header_str(&headers, header::IF_MATCH))?;
    Ok(StatusCode::OK)
}
