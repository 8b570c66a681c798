//! Discovery endpoints. They ignore paging parameters and answer 403 to `filter` (RFC 7644 §4).

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::request::QueryParams;
use crate::server::AppState;
use crate::server::discovery as docs;
use crate::server::error::{ScimError, ScimResult};
use crate::server::response::scim_json;
use crate::server::urn;

fn refuse_filter(query: Option<&str>) -> ScimResult<()> {
    if QueryParams::parse(query).get("filter").is_some() {
        return Err(ScimError::new(
            StatusCode::FORBIDDEN,
            None,
            "discovery endpoints do not support filtering",
        ));
    }
    Ok(())
}

fn list_of(resources: Vec<Value>) -> Response {
    let n = resources.len();
    scim_json(&json!({
        "schemas": [urn::LIST_RESPONSE],
        "totalResults": n,
        "startIndex": 1,
        "itemsPerPage": n,
        "Resources": resources,
    }))
    .into_response()
}

pub async fn service_provider_config(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
) -> ScimResult<Response> {
    refuse_filter(q.as_deref())?;
    Ok(scim_json(&docs::service_provider_config(
        state.store.base_url(),
        &state.features(),
    ))
    .into_response())
}

pub async fn resource_types(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
) -> ScimResult<Response> {
    refuse_filter(q.as_deref())?;
    Ok(list_of(docs::resource_types(state.store.base_url())))
}

pub async fn resource_type(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> ScimResult<Response> {
    docs::resource_type_by_name(state.store.base_url(), &name)
        .map(|doc| scim_json(&doc).into_response())
        .ok_or_else(|| ScimError::not_found(format!("resource type {name} not found")))
}

pub async fn schemas(State(state): State<AppState>, RawQuery(q): RawQuery) -> ScimResult<Response> {
    refuse_filter(q.as_deref())?;
    Ok(list_of(docs::schemas(state.store.base_url())))
}

pub async fn schema(State(state): State<AppState>, Path(id): Path<String>) -> ScimResult<Response> {
    docs::schema_by_id(state.store.base_url(), &id)
        .map(|doc| scim_json(&doc).into_response())
        .ok_or_else(|| ScimError::not_found(format!("schema {id} not found")))
}
