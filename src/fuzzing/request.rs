//! Whole requests through the in-process axum application ([`app`]), SCIM 2.0 and SCIM 1.1.
//!
//! Input layout: the first byte chooses the request, see [`RequestSpec::decode`]; the bytes up to
//! the first newline after it are the query string (for [`Op::RawPath`], a path below the base);
//! the rest is the body. In query, path and body, `@USER@` and `@GROUP@` stand for the ids of a
//! stored sample user and group. Characters a URI cannot carry are percent-encoded; `%`, `&`, `=`
//! and `+` pass as they are, so a query may already be encoded.
//!
//! Every input gets a fresh server (a crash reproduces from its input alone), with `lenient` as
//! the first byte says. Invariants: no 500 (a panic caught by the server's panic layer is a 500
//! too; a deliberate 501 for `/Bulk` or `/Me` is fine); every 4xx and 5xx is the version's error body with its media type (2.0: `schemas` holding the
//! Error URN and `status` as the status code in a string; 1.1: `Errors[0].code`); every other
//! non-empty body is JSON.

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::Value;
use tower::ServiceExt;

use super::{Violation, ensure, samples};
use crate::server::resource::normalize::normalize;
use crate::server::schema::{REGISTRY, ResourceKind};
use crate::server::{AppState, ServerConfig, app, urn};

/// What a URI query cannot carry raw (RFC 3986 §3.4), besides non-ASCII.
const QUERY: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^')
    .add(b'[')
    .add(b']');
/// A path also cannot carry `?`.
const PATH: &AsciiSet = &QUERY.add(b'?');

/// What is done with the body and query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `GET /Users?query`
    List,
    /// `POST /Users/.search` with the body.
    Search,
    /// `POST /Users` with the body.
    Create,
    /// `GET /Users/{id}?query`
    Get,
    /// `PUT /Users/{id}` with the body.
    Replace,
    /// `PATCH /Users/{id}` with the body.
    Modify,
    /// `DELETE /Users/{id}`
    Delete,
    /// `GET {base}/{query line}`: any path below the base.
    RawPath,
}

/// The request the first input byte describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestSpec {
    /// Bit 0: SCIM 1.1 (`/scim/v1`) instead of 2.0.
    pub v1: bool,
    /// Bit 1: `/Groups` instead of `/Users`.
    pub kind: ResourceKind,
    /// Bits 2–4.
    pub op: Op,
    /// Bit 5: the server is strict (`lenient: false`).
    pub lenient: bool,
    /// Bit 6: the id in the path is unknown rather than the sample resource's.
    pub unknown_id: bool,
    /// Bit 7: send `If-Match: W/"1"` (the sample's current version).
    pub if_match: bool,
}

impl RequestSpec {
    pub fn decode(byte: u8) -> Self {
        let bit = |n: u8| byte & (1 << n) != 0;
        RequestSpec {
            v1: bit(0),
            kind: if bit(1) {
                ResourceKind::Group
            } else {
                ResourceKind::User
            },
            op: match (byte >> 2) & 0b111 {
                0 => Op::List,
                1 => Op::Search,
                2 => Op::Create,
                3 => Op::Get,
                4 => Op::Replace,
                5 => Op::Modify,
                6 => Op::Delete,
                _ => Op::RawPath,
            },
            lenient: !bit(5),
            unknown_id: bit(6),
            if_match: bit(7),
        }
    }
}

/// Runs requests on a current-thread runtime, created once.
pub struct RequestChecker {
    runtime: tokio::runtime::Runtime,
}

impl Default for RequestChecker {
    fn default() -> Self {
        Self::new()
    }
}

impl RequestChecker {
    pub fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("cannot start a tokio runtime: {e}"));
        RequestChecker { runtime }
    }

    pub fn check_bytes(&self, data: &[u8]) -> Result<(), Violation> {
        let Some((&first, rest)) = data.split_first() else {
            return Ok(());
        };
        let spec = RequestSpec::decode(first);
        let (query, body) = match rest.iter().position(|&b| b == b'\n') {
            Some(at) => (&rest[..at], &rest[at + 1..]),
            None => (rest, &[][..]),
        };
        self.runtime.block_on(send(spec, query, body))
    }
}

async fn send(spec: RequestSpec, query: &[u8], body: &[u8]) -> Result<(), Violation> {
    let base = if spec.v1 { "/scim/v1" } else { "/scim/v2" };
    let config = ServerConfig {
        lenient: spec.lenient,
        ..ServerConfig::default()
    };
    let state = AppState::new(config, "http://fuzz.example/scim/v2");
    let user = seed(&state, ResourceKind::User, samples::user_body())?;
    let group = seed(&state, ResourceKind::Group, samples::group_body(&user))?;
    let fill = |bytes: &[u8]| {
        String::from_utf8_lossy(bytes)
            .replace("@USER@", &user)
            .replace("@GROUP@", &group)
    };
    let (query, body) = (fill(query), fill(body));
    let endpoint = spec.kind.endpoint();
    let id = match (spec.unknown_id, spec.kind) {
        (true, _) => "00000000-0000-0000-0000-000000000000",
        (false, ResourceKind::User) => user.as_str(),
        (false, ResourceKind::Group) => group.as_str(),
    };
    let q = utf8_percent_encode(&query, QUERY).to_string();
    let (method, uri, with_body) = match spec.op {
        Op::List => (Method::GET, format!("{base}{endpoint}?{q}"), false),
        Op::Search => (Method::POST, format!("{base}{endpoint}/.search"), true),
        Op::Create => (Method::POST, format!("{base}{endpoint}?{q}"), true),
        Op::Get => (Method::GET, format!("{base}{endpoint}/{id}?{q}"), false),
        Op::Replace => (Method::PUT, format!("{base}{endpoint}/{id}?{q}"), true),
        Op::Modify => (Method::PATCH, format!("{base}{endpoint}/{id}?{q}"), true),
        Op::Delete => (Method::DELETE, format!("{base}{endpoint}/{id}"), false),
        Op::RawPath => {
            let path = utf8_percent_encode(&query, PATH).to_string();
            (Method::GET, format!("{base}/{path}"), false)
        }
    };
    let mut request = Request::builder()
        .method(method.clone())
        .uri(&uri)
        .header(header::CONTENT_TYPE, urn::SCIM_JSON);
    if spec.if_match {
        request = request.header(header::IF_MATCH, "W/\"1\"");
    }
    let body = if with_body { body } else { String::new() };
    // A URI the `http` crate refuses cannot reach the server over HTTP either.
    let Ok(request) = request.body(Body::from(body)) else {
        return Ok(());
    };
    let response = app(state)
        .oneshot(request)
        .await
        .map_err(|e| Violation(format!("{method} {uri}: the service failed: {e}")))?;
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .map_err(|e| Violation(format!("{method} {uri}: the body could not be read: {e}")))?;
    judge(spec.v1, status, &headers, &bytes)
        .map_err(|v| Violation(format!("{method} {uri} ({spec:?}): {v}")))
}

fn seed(state: &AppState, kind: ResourceKind, body: Value) -> Result<String, Violation> {
    let content = normalize(REGISTRY.get(kind), body, true)
        .map_err(|e| Violation(format!("sample {kind:?} does not normalise: {e}")))?;
    let record = state
        .store
        .create(kind, content)
        .map_err(|e| Violation(format!("sample {kind:?} cannot be stored: {e}")))?;
    Ok(record.id.to_string())
}

/// The verdict on one answer (see the module docs).
pub fn judge(
    v1: bool,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), Violation> {
    ensure(status != StatusCode::INTERNAL_SERVER_ERROR, || {
        format!("answered {status}: {}", String::from_utf8_lossy(body))
    })?;
    let media = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if status.is_client_error() || status.is_server_error() {
        let expected_media = if v1 {
            "application/json"
        } else {
            urn::SCIM_JSON
        };
        ensure(media.starts_with(expected_media), || {
            format!("{status} with Content-Type {media:?}, not {expected_media}")
        })?;
        let parsed: Option<Value> = serde_json::from_slice(body).ok();
        let code = status.as_u16().to_string();
        let well_formed = parsed.as_ref().is_some_and(|v| {
            if v1 {
                v["Errors"][0]["code"].as_str() == Some(code.as_str())
                    && v["Errors"][0]["description"].is_string()
            } else {
                v["schemas"]
                    .as_array()
                    .is_some_and(|s| s.iter().any(|u| u == urn::ERROR))
                    && v["status"].as_str() == Some(code.as_str())
            }
        });
        return ensure(well_formed, || {
            format!(
                "{status} without a SCIM {} error body: {}",
                if v1 { "1.1" } else { "2.0" },
                String::from_utf8_lossy(body)
            )
        });
    }
    ensure(
        body.is_empty() || serde_json::from_slice::<Value>(body).is_ok(),
        || {
            format!(
                "{status} with a body that is not JSON: {}",
                String::from_utf8_lossy(body)
            )
        },
    )
}
