//! Sending one request of a step, and taking captures from its response. Produces data only: a
//! record of the exchange and the values captured; [`super::check`] judges the response.

use std::time::Instant;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;

use super::outcome::{ExchangeRecord, RecordedRequest, RecordedResponse};
use super::redaction::{redact_body, redact_headers, redact_headers_owned, redact_sent_body};
use super::target::Target;

pub use super::redaction::REDACTED;
use crate::protocol::AuthOverride;
pub use crate::protocol::PreparedRequest;
use crate::scenario::CaptureSource;

fn has_header(headers: &[(String, String)], name: &str) -> bool {
    headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name))
}

/// Sends `request` to `target` and records what happened. Never fails: a transport error is
/// recorded as the response.
pub async fn send(target: &Target, request: &PreparedRequest) -> (ExchangeRecord, Option<Value>) {
    let url = format!("{}{}", target.base_url, request.path);
    let mut headers = request.headers.clone();
    if !has_header(&headers, "accept") {
        headers.push(("Accept".into(), "application/scim+json".into()));
    }
    let body_text = request.body.as_ref().map(|b| b.to_string());
    if body_text.is_some() && !has_header(&headers, "content-type") {
        headers.push((
            "Content-Type".into(),
            "application/scim+json; charset=utf-8".into(),
        ));
    }
    let authorization = match &request.auth {
        None => target.authorization.clone(),
        Some(AuthOverride::None) => None,
        Some(AuthOverride::Header(value)) => Some(value.clone()),
    };
    let mut recorded_headers = redact_headers(&headers, &target.secrets);
    if authorization.is_some() {
        recorded_headers.push(("Authorization".into(), REDACTED.into()));
    }
    let recorded = RecordedRequest {
        method: request.method.clone(),
        url: url.clone(),
        headers: recorded_headers,
        body: match (&request.body, &body_text) {
            (Some(body), Some(text)) => Some(redact_sent_body(body, text, &target.secrets)),
            _ => None,
        },
    };

    let method = match reqwest::Method::from_bytes(request.method.as_bytes()) {
        Ok(m) => m,
        Err(_) => {
            let error = format!("`{}` is not an HTTP method", request.method);
            return (
                ExchangeRecord {
                    request: recorded,
                    response: Err(error),
                },
                None,
            );
        }
    };
    let mut header_map = HeaderMap::new();
    for (k, v) in &headers {
        match (
            HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(v),
        ) {
            (Ok(name), Ok(value)) => {
                header_map.append(name, value);
            }
            _ => {
                let error = format!("header `{k}` cannot be sent as given");
                return (
                    ExchangeRecord {
                        request: recorded,
                        response: Err(error),
                    },
                    None,
                );
            }
        }
    }
    if let Some(auth) = &authorization {
        match HeaderValue::from_str(auth) {
            Ok(mut value) => {
                value.set_sensitive(true);
                header_map.insert(reqwest::header::AUTHORIZATION, value);
            }
            Err(_) => {
                let error =
                    "the Authorization value contains characters a header cannot carry".to_string();
                return (
                    ExchangeRecord {
                        request: recorded,
                        response: Err(error),
                    },
                    None,
                );
            }
        }
    }
    let builder = match target.url(&request.path) {
        Some(parsed) => target.client.request(method, parsed),
        None => target.client.request(method, &url),
    };
    let mut builder = builder.headers(header_map);
    if let Some(body) = body_text {
        builder = builder.body(body);
    }
    let started = Instant::now();
    let response = match builder.send().await {
        Ok(r) => r,
        Err(e) => {
            return (
                ExchangeRecord {
                    request: recorded,
                    response: Err(describe(&e, target)),
                },
                None,
            );
        }
    };
    let status = response.status().as_u16();
    let raw_headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let response_headers = redact_headers_owned(raw_headers, &target.secrets);
    let bytes = match response.bytes().await {
        Ok(b) => b,
        Err(e) => {
            return (
                ExchangeRecord {
                    request: recorded,
                    response: Err(describe(&e, target)),
                },
                None,
            );
        }
    };
    let elapsed = started.elapsed();
    // A target may echo a credential (`invalid token …`) or return a password: both are hidden
    // before anything is kept, and the checks see what is kept.
    let (body, json) = redact_body(&String::from_utf8_lossy(&bytes), &target.secrets);
    let response = RecordedResponse {
        status,
        headers: response_headers,
        body,
        elapsed,
    };
    (
        ExchangeRecord {
            request: recorded,
            response: Ok(response),
        },
        json,
    )
}

/// `GET path` on `target`, when it answers 200 with JSON; otherwise why not, in a few words.
pub async fn get_json(target: &Target, path: &str) -> Result<Value, String> {
    let request = PreparedRequest {
        method: "GET".into(),
        path: path.into(),
        headers: Vec::new(),
        body: None,
        auth: None,
    };
    let (record, json) = send(target, &request).await;
    let response = record.response?;
    if response.status != 200 {
        return Err(format!("status {}", response.status));
    }
    json.ok_or_else(|| "the body is not JSON".to_owned())
}

/// A transport error in one line a person understands.
fn describe(e: &reqwest::Error, target: &Target) -> String {
    if e.is_timeout() {
        format!(
            "no response within {:.1}s (timeout)",
            target.timeout.as_secs_f64()
        )
    } else if e.is_connect() {
        let detail = innermost(e);
        if target.base_url.starts_with("https://") && is_tls(e) {
            format!("cannot connect to the target: the TLS handshake failed: {detail}")
        } else {
            format!("cannot connect to the target: {detail}")
        }
    } else if e.is_body() || e.is_decode() {
        let detail = innermost(e);
        let cut = ["end of file", "reset", "closed", "aborted"]
            .iter()
            .any(|w| detail.to_ascii_lowercase().contains(w));
        let hint = if cut {
            " (the connection ended before the whole body came)"
        } else {
            ""
        };
        format!("the response body could not be read: {e}: {detail}{hint}")
    } else {
        format!("request failed: {e}: {}", innermost(e))
    }
}

/// The message of the innermost cause of `e`: the one that says what went wrong.
fn innermost(e: &reqwest::Error) -> String {
    let mut source: Option<&dyn std::error::Error> = Some(e);
    let mut detail = String::new();
    while let Some(err) = source {
        detail = err.to_string();
        source = err.source();
    }
    detail
}

/// Whether a connect error came from TLS (rustls) rather than TCP.
fn is_tls(e: &reqwest::Error) -> bool {
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(err) = source {
        let text = err.to_string().to_ascii_lowercase();
        if text.contains("tls") || text.contains("handshake") || text.contains("corrupt message") {
            return true;
        }
        source = err.source();
    }
    false
}

/// Takes `body.a.b.0.c` or `header.Name` from a response (the syntax of
/// [`CaptureSource`], which the loader has already checked).
pub fn capture(source: &str, record: &ExchangeRecord, json: Option<&Value>) -> Option<Value> {
    let response = record.response.as_ref().ok()?;
    match CaptureSource::parse(source).ok()? {
        CaptureSource::Header(name) => response
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(&name))
            .map(|(_, v)| Value::String(v.clone())),
        CaptureSource::Body(segments) => CaptureSource::select(&segments, json?).cloned(),
    }
}
