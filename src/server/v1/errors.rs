//! SCIM 1.1 error bodies and media type, for every answer under the 1.1 base path.
//!
//! A 1.1 client must never see a 2.0 error body, whichever layer refused it: the 401 of the auth
//! middleware, the 404 of the router fallback, a 405, a 413, the 500 of a caught panic, or an error
//! of a 1.1 handler (a [`ScimError`](crate::server::error::ScimError)). Rather than teach each of those a second rendering, [`Adapt`] wraps the whole
//! application and rewrites, for requests under the 1.1 base path only, any
//! `application/scim+json` answer: the media type becomes `application/json`, and an error body
//! `{"schemas":[…Error],"status":"404","detail":"…"}` becomes
//! `{"Errors":[{"description":"…","code":"404"}]}` (the form of the UnboundID 1.1 SDK's
//! `JsonStreamMarshaller`; Okta's docs show `code` as a number, the issue and the SDK a string:
//! a string it is, like 2.0's `status`).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

use super::JSON;
use crate::server::layer::{self, Answer, Inner, Middleware, passed};
use crate::server::urn::SCIM_JSON;

/// The largest error body read back for rewriting; ours are a few hundred bytes.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// The 1.1 error body for `status` with `description`.
pub fn body(status: StatusCode, description: &str) -> Value {
    json!({
        "Errors": [{
            "description": description,
            "code": status.as_u16().to_string(),
        }]
    })
}

/// Whether `path` is the 1.1 base path or below it.
fn under(path: &str, base: &str) -> bool {
    path.strip_prefix(base)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The middleware, given the 1.1 base path ([`base_path_of`](super::base_path_of)): passes 2.0
/// traffic through untouched and rewrites 1.1 answers.
#[derive(Clone)]
pub struct Adapt {
    pub base: Arc<str>,
}

impl Middleware for Adapt {
    fn handle<S: Inner>(&self, request: Request, inner: &mut S) -> Answer {
        if !under(request.uri().path(), &self.base) {
            return passed(request, inner);
        }
        let answer = layer::call(inner, request);
        Box::pin(async move {
            let response = answer.await;
            Ok(to_v1(response).await)
        })
    }
}

async fn to_v1(mut response: Response) -> Response {
    let is_scim = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with(SCIM_JSON));
    if !is_scim {
        return response;
    }
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (mut parts, original) = response.into_parts();
    let description = match axum::body::to_bytes(original, MAX_ERROR_BODY).await {
        Ok(bytes) => serde_json::from_slice::<Value>(&bytes)
            .ok()
            .and_then(|v| v.get("detail").and_then(Value::as_str).map(str::to_string)),
        Err(_) => None,
    }
    .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string());
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body(status, &description).to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_has_one_error_with_a_string_code() {
        assert_eq!(
            body(StatusCode::NOT_FOUND, "User 42 not found"),
            json!({"Errors": [{"description": "User 42 not found", "code": "404"}]})
        );
    }

    #[test]
    fn only_the_base_path_and_below_are_1_1() {
        assert!(under("/scim/v1", "/scim/v1"));
        assert!(under("/scim/v1/Users", "/scim/v1"));
        assert!(!under("/scim/v10/Users", "/scim/v1"));
        assert!(!under("/scim/v2/Users", "/scim/v1"));
    }
}
