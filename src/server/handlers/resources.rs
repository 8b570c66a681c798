//! `/Users` and `/Groups`: create, read, replace, patch, delete, list and search.
//! Each handler takes the resource kind first; the router binds it.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::list::{self, ListQuery};
use super::render;
use super::request::{QueryParams, header_str, json_body};
use crate::server::AppState;
use crate::server::error::ScimResult;
use crate::server::resource::normalize::normalize;
use crate::server::resource::projection::AttributeSelection;
use crate::server::schema::{REGISTRY, ResourceKind};
use crate::server::store::{Record, etag_matches, not_found};
use crate::server::{patch, urn};

/// A resource response: status, body, `ETag`, and `Location` on creation.
fn resource_response(
    status: StatusCode,
    record: &Record,
    body: Bytes,
    location: Option<String>,
) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(urn::SCIM_JSON),
    );
    if let Ok(tag) = HeaderValue::from_str(&record.version()) {
        headers.insert(header::ETAG, tag);
    }
    if let Some(location) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        headers.insert(header::LOCATION, location);
    }
    response
}

fn selection(kind: ResourceKind, params: &QueryParams) -> ScimResult<AttributeSelection> {
    AttributeSelection::parse(
        REGISTRY.get(kind),
        params.get("attributes"),
        params.get("excludedAttributes"),
    )
}

/// What a POST, PUT or PATCH carries: the attribute selection for the response, and the body.
async fn write_request(
    kind: ResourceKind,
    state: &AppState,
    query: Option<&str>,
    headers: &HeaderMap,
    body: Body,
) -> ScimResult<(AttributeSelection, serde_json::Value)> {
    let selection = selection(kind, &QueryParams::parse(query))?;
    let body = json_body(headers, body, state.config.max_body_bytes).await?;
    Ok((selection, body))
}

/// POST: a new resource from a client body (in 2.0 form). Shared by SCIM 2.0 and 1.1.
pub(crate) fn create_record(
    state: &AppState,
    kind: ResourceKind,
    body: serde_json::Value,
) -> ScimResult<Arc<Record>> {
    let content = normalize(REGISTRY.get(kind), body, state.config.lenient)?;
    state.store.create(kind, content)
}

/// PUT: replaces a resource's client attributes (body in 2.0 form). It never creates
/// (RFC 7644 §3.5.1). Shared by SCIM 2.0 and 1.1.
pub(crate) fn replace_record(
    state: &AppState,
    kind: ResourceKind,
    id: &str,
    body: serde_json::Value,
    if_match: Option<&str>,
) -> ScimResult<Arc<Record>> {
    if state.store.get(kind, id).is_none() {
        return Err(not_found(kind, id));
    }
    let content = normalize(REGISTRY.get(kind), body, state.config.lenient)?;
    state
        .store
        .update(kind, id, if_match, |_current| Ok(content))
}

/// PATCH: applies a PatchOp body to a resource, all or nothing. Shared by the handler and Bulk.
pub(crate) fn patch_record(
    state: &AppState,
    kind: ResourceKind,
    id: &str,
    body: &serde_json::Value,
    if_match: Option<&str>,
) -> ScimResult<Arc<Record>> {
    let rt = REGISTRY.get(kind);
    let lenient = state.config.lenient;
    state.store.update(kind, id, if_match, |mut current| {
        patch::apply(rt, &mut current, body, lenient)?;
        normalize(rt, serde_json::Value::Object(current), lenient)
    })
}

/// DELETE: removes a resource (and its memberships). Shared by the handler and Bulk.
pub(crate) fn delete_record(
    state: &AppState,
    kind: ResourceKind,
    id: &str,
    if_match: Option<&str>,
) -> ScimResult<()> {
    state.store.delete(kind, id, if_match)
}

pub async fn create(
    kind: ResourceKind,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> ScimResult<Response> {
    let (selection, body) = write_request(kind, &state, query.as_deref(), &headers, body).await?;
    let record = create_record(&state, kind, body)?;
    let body = render::render(&state.store, &record, &selection);
    let location = state.store.location(kind, &record.id);
    Ok(resource_response(
        StatusCode::CREATED,
        &record,
        body,
        Some(location),
    ))
}

pub async fn get(
    kind: ResourceKind,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> ScimResult<Response> {
    let params = QueryParams::parse(query.as_deref());
    let selection = selection(kind, &params)?;
    let record = state
        .store
        .get(kind, &id)
        .ok_or_else(|| not_found(kind, &id))?;
    if header_str(&headers, header::IF_NONE_MATCH)
        .is_some_and(|tag| etag_matches(tag, &record.version()))
    {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        if let Ok(tag) = HeaderValue::from_str(&record.version()) {
            response.headers_mut().insert(header::ETAG, tag);
        }
        return Ok(response);
    }
    let body = render::render(&state.store, &record, &selection);
    Ok(resource_response(StatusCode::OK, &record, body, None))
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
    let record = replace_record(
        &state,
        kind,
        &id,
        body,
        header_str(&headers, header::IF_MATCH),
    )?;
    let body = render::render(&state.store, &record, &selection);
    Ok(resource_response(StatusCode::OK, &record, body, None))
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
    let if_match = header_str(&headers, header::IF_MATCH);
    let record = patch_record(&state, kind, &id, &body, if_match)?;
    let body = render::render(&state.store, &record, &selection);
    Ok(resource_response(StatusCode::OK, &record, body, None))
}

pub async fn delete(
    kind: ResourceKind,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ScimResult<StatusCode> {
    delete_record(&state, kind, &id, header_str(&headers, header::IF_MATCH))?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn list(
    kind: ResourceKind,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> ScimResult<Response> {
    let params = QueryParams::parse(query.as_deref());
    let query = ListQuery::from_params(&params)?;
    let body = list::execute(&state, kind, &query)?;
    Ok(list_response(body))
}

pub async fn search(
    kind: ResourceKind,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> ScimResult<Response> {
    let body = json_body(&headers, body, state.config.max_body_bytes).await?;
    let query = ListQuery::from_search_request(&body)?;
    let body = list::execute(&state, kind, &query)?;
    Ok(list_response(body))
}

fn list_response(body: Vec<u8>) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(urn::SCIM_JSON),
    );
    response
}
