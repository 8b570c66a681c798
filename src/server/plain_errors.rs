//! Error answers that did not come from our handlers get a SCIM body too.
//!
//! axum's extractors refuse some requests before a handler runs, with a `text/plain` body: a path
//! segment that does not decode to UTF-8 (`GET /Users/%e2`) is one, found by the `request_body`
//! fuzz target. A SCIM client must still get a SCIM error (RFC 7644 §3.12). Rather than replace
//! every extractor, this middleware turns any 4xx or 5xx answer that is not already
//! `application/scim+json` into a [`ScimError`] with the same status and the text as its detail.
//! It sits inside `v1::errors::adapt`, which then gives SCIM 1.1 requests their own error form.

use axum::extract::Request;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::error::ScimError;
use super::layer::{self, Answer, Inner, Middleware};
use super::urn::SCIM_JSON;

/// The longest plain error text kept as the SCIM error's detail.
const MAX_DETAIL: usize = 4 * 1024;

/// The middleware.
#[derive(Clone)]
pub struct ToScim;

impl Middleware for ToScim {
    fn handle<S: Inner>(&self, request: Request, inner: &mut S) -> Answer {
        let answer = layer::call(inner, request);
        Box::pin(async move {
            let response = answer.await;
            Ok(to_scim(response).await)
        })
    }
}

/// `response`, or a SCIM error in its place if it is a 4xx or 5xx that is not SCIM.
async fn to_scim(response: Response) -> Response {
    let status = response.status();
    let is_scim = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with(SCIM_JSON));
    if is_scim || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let detail = match axum::body::to_bytes(body, MAX_DETAIL).await {
        Ok(bytes) if !bytes.is_empty() => String::from_utf8_lossy(&bytes).into_owned(),
        _ => status.canonical_reason().unwrap_or("error").to_string(),
    };
    let mut error = ScimError::new(status, None, detail);
    if let Some(challenge) = parts
        .headers
        .get(header::WWW_AUTHENTICATE)
        .and_then(|v| v.to_str().ok())
    {
        error.www_authenticate = Some(challenge.to_string());
    }
    error.into_response()
}
