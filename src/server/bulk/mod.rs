//! `POST /Bulk` (RFC 7644 §3.7): many resource operations in one request, SCIM 2.0 only.
//!
//! Why the server has it: bulk is optional, but clients that provision through it (and suites
//! such as WSO2's and scim2-tester, which test it wherever `/ServiceProviderConfig` says
//! `bulk.supported`) need a reference that does it right, and the bundled `conformance::bulk::`
//! scenarios need a server that passes them. Where the code goes:
//!
//! - `request`: the BulkRequest read and checked (whole-message errors vs one bad operation);
//! - `references`: `bulkId:` references, the order they impose, their replacement by real ids;
//! - `operation`: one operation routed and run through the handlers' own functions.
//!
//! The job is answered 200 with a BulkResponse whenever it could be processed, however many
//! operations failed (§3.7.3: the server MUST go on and disregard partial failures, unless
//! `failOnErrors` caps the errors it accepts). Each operation reports its `status` as a string
//! (the form of every example in §3.7.3), its `location` (except a failed POST), its `version`,
//! and the SCIM error body as `response` when it failed. The limits advertised in
//! `/ServiceProviderConfig` (`maxOperations`, `maxPayloadSize`) are enforced with 413 (§3.7.4).

mod operation;
mod references;
mod request;

use std::collections::BTreeMap;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

pub(crate) use self::references::PREFIX as REFERENCE_PREFIX;

use self::operation::{Outcome, execute, location_of};
use self::references::Plan;
use self::request::{BulkRequest, Entry};
use super::AppState;
use super::error::{ScimError, ScimResult};
use super::handlers::request::json_body;
use super::response::scim_json;
use super::urn;

/// The handler of `POST /Bulk`.
pub async fn bulk(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> ScimResult<Response> {
    let limit = state.config.max_body_bytes;
    let body = json_body(&headers, body, limit).await.map_err(|e| {
        if e.status == StatusCode::PAYLOAD_TOO_LARGE {
            ScimError::new(
                e.status,
                None,
                format!("the bulk request exceeds maxPayloadSize ({limit} bytes)"),
            )
        } else {
            e
        }
    })?;
    let request = request::parse(&body, state.config.max_bulk_operations)?;
    let operations = process(&state, &request);
    let response = json!({
        "schemas": [urn::BULK_RESPONSE],
        "Operations": operations,
    });
    Ok((StatusCode::OK, scim_json(&response)).into_response())
}

/// Runs the operations in their planned order until `failOnErrors` errors happened, and
/// returns the result of each operation that ran, in request order.
fn process(state: &AppState, request: &BulkRequest) -> Vec<Value> {
    let entries = &request.entries;
    let mut plan = Plan::new(entries);
    let mut results = BTreeMap::new();
    let mut errors = 0usize;
    for index in plan.order(entries) {
        if request.fail_on_errors.is_some_and(|limit| errors >= limit) {
            break;
        }
        let Some(entry) = entries.get(index) else {
            continue;
        };
        let outcome = match &entry.operation {
            Err(error) => Outcome::failed(error.clone(), None),
            Ok(operation) => match plan.resolve(index, operation) {
                Ok(resolved) => execute(state, &resolved),
                Err(error) => Outcome::failed(error, location_of(state, operation)),
            },
        };
        if outcome.error.is_some() {
            errors += 1;
        }
        if let (Some(id), Some(bulk_id)) = (&outcome.created, &entry.bulk_id)
            && plan.is_creation(index, bulk_id)
        {
            plan.record(bulk_id, id);
        }
        results.insert(index, result(entry, &outcome));
    }
    results.into_values().collect()
}

/// One entry of the BulkResponse's `Operations`.
fn result(entry: &Entry, outcome: &Outcome) -> Value {
    let mut out = Map::new();
    if let Some(method) = entry.method {
        out.insert("method".into(), json!(method.as_str()));
    }
    if let Some(bulk_id) = &entry.bulk_id {
        out.insert("bulkId".into(), json!(bulk_id));
    }
    if let Some(version) = &outcome.version {
        out.insert("version".into(), json!(version));
    }
    if let Some(location) = &outcome.location {
        out.insert("location".into(), json!(location));
    }
    out.insert("status".into(), json!(outcome.status.as_u16().to_string()));
    if let Some(error) = &outcome.error {
        out.insert("response".into(), error.body());
    }
    Value::Object(out)
}
