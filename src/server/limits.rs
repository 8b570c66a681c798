//! Per-request limits on what hyper has already parsed: methods nobody serves, request targets
//! that are too long or not UTF-8, header values that are not UTF-8, and a deadline on the body.
//!
//! Why a middleware and not the handlers: every one of these is client garbage that must get a
//! SCIM error body (and, under the 1.1 base path, the 1.1 shape that `v1::errors::adapt` gives any
//! answer inside it), whichever route it aims at, before an extractor turns it into axum's plain
//! text rejections or a lossy decoder into U+FFFD. The first head of a connection is checked even
//! earlier, on the socket (`listen::first_head`); this layer covers every later request of a
//! keep-alive connection as well.
//!
//! The body deadline counts from the first time a reader waits for the body, for the whole body:
//! tower-http's `TimeoutBody` restarts on every frame (and hyper has no body timeout), so a client
//! sending one byte a second would never hit it. The error surfaces where the body is read and becomes a 408
//! (`handlers::request::body_read_error`).

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::response::IntoResponse;
use http_body::{Body as _, Frame, SizeHint};
use percent_encoding::percent_decode_str;
use tokio::time::{Instant, Sleep, sleep_until};

use super::AppState;
use super::error::{ScimError, ScimType};
use super::layer::{Answer, Inner, Middleware, answered, passed};

/// The methods some route serves (HEAD and OPTIONS reach the router, which answers them or 405s).
/// Anything else, `FOO`, `PROPFIND`, `TRACE`, `CONNECT`, is 501 on every path (RFC 9110 §15.6.2).
const SERVED: [Method; 7] = [
    Method::GET,
    Method::HEAD,
    Method::OPTIONS,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
];

/// The body's deadline passed before it was read to its end.
#[derive(Debug, thiserror::Error)]
#[error("the request body was not received within {0:?}")]
pub struct BodyTimedOut(pub Duration);

/// The middleware: refuses garbage with a SCIM error, else puts the body on a deadline.
#[derive(Clone)]
pub struct Check(pub AppState);

impl Middleware for Check {
    fn handle<S: Inner>(&self, request: Request, inner: &mut S) -> Answer {
        if let Err(refusal) = refusal(&self.0, &request) {
            return answered(refusal.into_response());
        }
        // A body that has already ended (a GET, a DELETE) has nothing left to wait for: it goes on
        // as it is rather than boxed behind a deadline that could never pass.
        if request.body().is_end_stream() {
            return passed(request, inner);
        }
        let timeout = self.0.config.body_read_timeout;
        passed(
            request.map(|body| Body::new(Deadline::new(body, timeout))),
            inner,
        )
    }
}

fn refusal(state: &AppState, request: &Request) -> Result<(), ScimError> {
    if !SERVED.contains(request.method()) {
        return Err(ScimError::new(
            StatusCode::NOT_IMPLEMENTED,
            None,
            format!(
                "the method {} is not implemented by this server",
                printable(request.method().as_str())
            ),
        ));
    }
    let target_len = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if target_len > state.config.max_uri_bytes {
        return Err(uri_too_long(target_len, state.config.max_uri_bytes));
    }
    check_path(request.uri().path())?;
    if let Some(query) = request.uri().query() {
        check_query(query)?;
    }
    check_headers(request.headers())
}

/// 414 for a request target of `len` bytes.
pub fn uri_too_long(len: usize, limit: usize) -> ScimError {
    ScimError::new(
        StatusCode::URI_TOO_LONG,
        None,
        format!(
            "the request target is {len} bytes long; the limit is {limit} (send long filters in a POST .search body)"
        ),
    )
}

/// The path must percent-decode to UTF-8: ids and endpoint names are strings.
pub fn check_path(path: &str) -> Result<(), ScimError> {
    match percent_decode_str(path).decode_utf8() {
        Ok(_) => Ok(()),
        Err(_) => Err(ScimError::new(
            StatusCode::BAD_REQUEST,
            None,
            "the request path is not UTF-8 once percent-decoded",
        )),
    }
}

/// Every query parameter must decode to UTF-8 (rather than be repaired to U+FFFD and match
/// nothing): a bad `filter` is an invalid filter, any other parameter an invalid value.
pub fn check_query(query: &str) -> Result<(), ScimError> {
    for pair in query.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        // `+` stands for a space: ASCII either way, so it cannot change the verdict.
        let decodes = |s: &str| percent_decode_str(s).decode_utf8().is_ok();
        if !decodes(name) {
            return Err(ScimError::invalid_value(
                "a query parameter name is not UTF-8 once percent-decoded",
            ));
        }
        if !decodes(value) {
            let detail = format!(
                "the query parameter {} is not UTF-8 once percent-decoded",
                printable(name)
            );
            return Err(if name.eq_ignore_ascii_case("filter") {
                ScimError::invalid_filter(detail)
            } else {
                ScimError::bad_request(ScimType::InvalidValue, detail)
            });
        }
    }
    Ok(())
}

/// Header values must be UTF-8 (HTTP allows opaque octets; no SCIM header needs them, and a
/// credential or an `If-Match` that is not text can only be garbage).
pub fn check_headers(headers: &axum::http::HeaderMap) -> Result<(), ScimError> {
    for (name, value) in headers {
        if std::str::from_utf8(value.as_bytes()).is_err() {
            return Err(ScimError::new(
                StatusCode::BAD_REQUEST,
                None,
                format!("the value of the header {name} is not UTF-8"),
            ));
        }
    }
    Ok(())
}

/// `text` cut to 64 characters, for echoing client input in a detail.
fn printable(text: &str) -> String {
    let mut out: String = text.chars().take(64).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// A body that fails with [`BodyTimedOut`] once its deadline passes, however it trickles in.
struct Deadline {
    inner: Body,
    timeout: Duration,
    /// Started on the first poll: the body is only late if someone waits for it.
    sleep: Option<Pin<Box<Sleep>>>,
}

impl Deadline {
    fn new(inner: Body, timeout: Duration) -> Self {
        Deadline {
            inner,
            timeout,
            sleep: None,
        }
    }
}

impl http_body::Body for Deadline {
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = &mut *self;
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame.map(|f| f.map_err(Into::into)));
        }
        let timeout = this.timeout;
        let sleep = this
            .sleep
            .get_or_insert_with(|| Box::pin(sleep_until(Instant::now() + timeout)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(BodyTimedOut(timeout))))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_that_decodes_to_utf8_passes() {
        assert!(check_query("filter=userName%20eq%20%22%C3%A9%22&count=2").is_ok());
        assert!(check_query("attributes=userName+emails&x").is_ok());
    }

    #[test]
    fn a_filter_that_is_not_utf8_is_an_invalid_filter_and_anything_else_an_invalid_value() {
        let e = check_query("count=1&filter=%FF").unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::InvalidFilter));
        let e = check_query("attributes=%C3%28").unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::InvalidValue));
        assert!(check_query("%FF=1").is_err());
    }

    #[test]
    fn a_path_that_is_not_utf8_is_a_400() {
        assert!(check_path("/scim/v2/Users/%C3%A9").is_ok());
        assert_eq!(
            check_path("/scim/v2/Users/%FF").unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
    }

    #[test]
    fn printable_cuts_long_input() {
        assert_eq!(printable("FOO"), "FOO");
        assert_eq!(printable(&"x".repeat(100)).chars().count(), 65);
    }
}
