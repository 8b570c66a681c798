//! `POST /.search` at the server root (RFC 7644 §3.2 endpoint table, §3.4.3): one query over
//! every resource type, for clients that search "everything" (by `id`, `externalId`, or
//! `meta.resourceType`, RFC 7644 §3.4.2.1's own example).
//!
//! Why it is not simply two per-type searches glued together: paging and sorting apply to the
//! combined list, and a filter that names an attribute of one type only (`userName`, `members`)
//! must still be valid. The choices, all tested (`tests/server/interop/root_search.rs`):
//! - the body is the SearchRequest of `/Users/.search` (filter, startIndex, count, sortBy,
//!   sortOrder, attributes, excludedAttributes), read by the same code;
//! - results are Users then Groups, each in creation order (stable, so paging has no gaps);
//!   `sortBy` sorts across both, ties keeping that order; `totalResults` counts both types and
//!   `count` is clamped to `maxResults` as on every list;
//! - the filter is checked and evaluated per type: an attribute one type lacks has no value there
//!   (RFC 7644 §3.4.2.1: `eq`/`pr` are false, `ne` true); an attribute no type knows is the
//!   400 `invalidFilter` a per-type endpoint gives, and so is an unknown `sortBy` (400
//!   `invalidValue`);
//! - each resource keeps its own `schemas` and `meta.resourceType`, and `attributes` /
//!   `excludedAttributes` are resolved against its own type (names a type lacks are ignored there,
//!   as on every endpoint).
//!
//! `GET /?filter=…` is not served (404): nothing asked for it, and PII in a root URL is exactly
//! what `.search` exists to avoid (RFC 7644 §7.5.2). SCIM 1.1 has no `.search`.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::list::{self, ListQuery};
use super::request::json_body;
use crate::server::AppState;
use crate::server::error::ScimResult;
use crate::server::filter;
use crate::server::resource::projection::AttributeSelection;
use crate::server::schema::{REGISTRY, ResourceKind};
use crate::server::urn;

/// The resource types a root query spans, in the order their resources are listed.
const KINDS: [ResourceKind; 2] = [ResourceKind::User, ResourceKind::Group];

pub async fn search(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> ScimResult<Response> {
    let body = json_body(&headers, body, state.config.max_body_bytes).await?;
    let query = ListQuery::from_search_request(&body)?;
    let body = execute(&state, &query)?;
    let mut response = (StatusCode::OK, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(urn::SCIM_JSON),
    );
    Ok(response)
}

/// Runs a query over every resource type and renders the ListResponse body.
pub fn execute(state: &AppState, query: &ListQuery) -> ScimResult<Vec<u8>> {
    let mut selections = Vec::with_capacity(KINDS.len());
    for kind in KINDS {
        let selection = AttributeSelection::parse(
            REGISTRY.get(kind),
            query.attributes.as_deref(),
            query.excluded_attributes.as_deref(),
        )?;
        selections.push((kind, selection));
    }
    let filter = match query.filter.as_deref() {
        Some(text) => {
            let f = filter::parse_filter_with(text, state.config.lenient)?;
            filter::check_across(&f, &KINDS.map(|k| REGISTRY.get(k)))?;
            Some(f)
        }
        None => None,
    };
    let page = list::select_across(state, &KINDS, query, filter.as_ref())?;
    let default = AttributeSelection::default();
    Ok(list::render_page(state, page, |kind| {
        selections
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(&default, |(_, s)| s)
    }))
}
