//! Reading what a request carries: a size-limited JSON body, query parameters, preconditions.

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};
use serde_json::Value;

use http_body_util::LengthLimitError;

use crate::server::error::{ScimError, ScimResult};
use crate::server::limits::BodyTimedOut;

/// Reads and parses a JSON body of at most `limit` bytes. The body may be labelled
/// `application/scim+json`, `application/json`, or not labelled at all (Okta's own test suite sends
/// no Content-Type), so the label is not checked.
pub async fn json_body(headers: &HeaderMap, body: Body, limit: usize) -> ScimResult<Value> {
    let too_large = || {
        ScimError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            None,
            format!("request body exceeds the limit of {limit} bytes"),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|e| body_read_error(&e, limit))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ScimError::invalid_syntax(
            "the request body is empty; a JSON object was expected",
        ));
    }
    serde_json::from_slice(&bytes)
        .map_err(|e| ScimError::invalid_syntax(format!("the request body is not valid JSON: {e}")))
}

/// Why reading a body of at most `limit` bytes failed, as the client should hear it: 408 when its
/// deadline passed (`server::limits`), 413 when it was too large, else 400 (a broken chunked
/// framing, a client that hung up mid-body).
pub fn body_read_error(error: &axum::Error, limit: usize) -> ScimError {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = cause {
        if let Some(timed_out) = e.downcast_ref::<BodyTimedOut>() {
            return ScimError::new(StatusCode::REQUEST_TIMEOUT, None, timed_out.to_string());
        }
        if e.is::<LengthLimitError>() {
            return ScimError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                None,
                format!("request body exceeds the limit of {limit} bytes"),
            );
        }
        cause = e.source();
    }
    ScimError::invalid_syntax(format!("the request body could not be read: {error}"))
}

/// Query parameters, decoded (`%20` and `+` both mean a space).
#[derive(Debug, Default)]
pub struct QueryParams(Vec<(String, String)>);

impl QueryParams {
    pub fn parse(raw: Option<&str>) -> Self {
        QueryParams(
            raw.map(|q| {
                form_urlencoded::parse(q.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default(),
        )
    }

    /// The first value of `name`. Parameter names are matched case-insensitively: clients such
    /// as Microsoft's "SCIM Inbound" collection send `startindex`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}
