//! The soak's HTTP client: reqwest with a keep-alive pool, the target's base URL and its bearer
//! token. Answers are reduced to a status and the body bytes; a request that gets no answer is a
//! transport error, which the workload counts as an error of unknown outcome.

use std::time::Duration;

use reqwest::Method;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use serde_json::Value;

#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("{method} {path}: no answer: {source}")]
    Transport {
        method: Method,
        path: String,
        source: reqwest::Error,
    },
    #[error("{method} {path}: status {status}: {body}")]
    Status {
        method: Method,
        path: String,
        status: u16,
        body: String,
    },
    #[error("{path}: the answer is not JSON: {source}")]
    Json {
        path: String,
        source: serde_json::Error,
    },
    #[error("cannot build the HTTP client: {0}")]
    Client(reqwest::Error),
    #[error("the bearer token is not a valid header value")]
    Token,
}

/// An answer: its status and body.
pub struct Answer {
    pub status: u16,
    /// The body bytes, parsed on demand.
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

#[derive(Clone)]
pub struct Http {
    client: reqwest::Client,
    base_url: String,
}

impl Http {
    /// `loopback_only`: ignore `HTTP_PROXY` and friends (the bundled server is on 127.0.0.1).
    pub fn new(
        base_url: &str,
        bearer: Option<&str>,
        loopback_only: bool,
    ) -> Result<Http, HttpError> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/scim+json"));
        if let Some(token) = bearer {
            let mut value =
                HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| HttpError::Token)?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        let mut builder = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(Duration::from_secs(30));
        if loopback_only {
            builder = builder.no_proxy();
        }
        let client = builder.build().map_err(HttpError::Client)?;
        Ok(Http {
            client,
            base_url: base_url.trim_end_matches('/').to_string(),
        })
    }

    /// Sends one request; any status is an answer.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Answer, HttpError> {
        let mut request = self
            .client
            .request(method.clone(), format!("{}{path}", self.base_url));
        if let Some(body) = body {
            request = request
                .header(CONTENT_TYPE, "application/scim+json")
                .body(body.to_string());
        }
        let transport = |source| HttpError::Transport {
            method: method.clone(),
            path: path.to_string(),
            source,
        };
        let response = request.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(transport)?.to_vec();
        Ok(Answer { status, body })
    }

    /// A GET that must answer 2xx with JSON.
    pub async fn get_json(&self, path: &str) -> Result<Value, HttpError> {
        let answer = self.send(Method::GET, path, None).await?;
        if !answer.is_success() {
            return Err(HttpError::Status {
                method: Method::GET,
                path: path.to_string(),
                status: answer.status,
                body: String::from_utf8_lossy(&answer.body)
                    .chars()
                    .take(300)
                    .collect(),
            });
        }
        serde_json::from_slice(&answer.body).map_err(|source| HttpError::Json {
            path: path.to_string(),
            source,
        })
    }
}
