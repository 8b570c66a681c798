//! The load's HTTP client: a keep-alive pool (the lean HTTP/1.1 one of `load::plain` for a
//! plain-HTTP target without a proxy, reqwest otherwise), the IdP's own headers on every request
//! (they come with each [`PreparedRequest`] from `load::shape`), and an IdP's handling of
//! throttling. A 429, or a 500/502/503/504, is retried up to [`MAX_RETRIES`] times,
//! after the `Retry-After` seconds the answer asks for (capped at [`MAX_RETRY_AFTER`]) or, without
//! one, an exponential backoff from 100 ms; the time spent waiting is counted as throttled. A
//! request that never gets a 2xx is a failure of the run, reported with its last status.

use std::time::{Duration, Instant};

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use serde_json::Value;

use super::LoadError;
use super::plain::{PlainPool, proxy_configured};
use crate::protocol::PreparedRequest;

/// Retries after the first attempt.
pub const MAX_RETRIES: u32 = 5;
/// The longest `Retry-After` honoured; a longer one is waited for this long.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// One answered request: what came back and what it cost.
pub struct Answer {
    pub status: u16,
    pub body: bytes::Bytes,
    /// The last attempt's latency (the one whose answer this is).
    pub latency: Duration,
    /// When the last attempt was sent, from the client's creation (the run's start).
    pub at: Duration,
    pub retries: u32,
    /// Time spent waiting before retries.
    pub throttled: Duration,
}

impl Answer {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// A request that got no answer at all (after its retries).
pub struct NoAnswer {
    pub error: String,
    pub retries: u32,
    pub throttled: Duration,
}

#[derive(Clone)]
pub struct LoadClient {
    client: reqwest::Client,
    /// Plain HTTP without a proxy: sent by the lean client instead of reqwest.
    plain: Option<std::sync::Arc<PlainPool>>,
    /// The base URL, parsed once: a request's URL is it with the path and query set, so the
    /// host is not parsed again for every request.
    base: reqwest::Url,
    epoch: Instant,
}

/// A request ready to send (and to send again): what [`LoadClient::prepare`] made of a
/// [`PreparedRequest`], so that a phase that sends the same request many times (the steady
/// reads) converts it once.
#[derive(Debug, Clone)]
pub struct Ready {
    method: reqwest::Method,
    url: reqwest::Url,
    /// The URL's path and query (HTTP/1.1's origin form), for the lean client.
    target: String,
    headers: HeaderMap,
    body: Option<bytes::Bytes>,
}

impl LoadClient {
    pub fn new(
        base_url: &str,
        authorization: Option<&str>,
        no_proxy: bool,
        timeout: Duration,
    ) -> Result<LoadClient, LoadError> {
        let mut headers = HeaderMap::new();
        let authorization = match authorization {
            Some(value) => {
                let mut value =
                    HeaderValue::from_str(value).map_err(|_| LoadError::Authorization)?;
                value.set_sensitive(true);
                headers.insert(AUTHORIZATION, value.clone());
                Some(value)
            }
            None => None,
        };
        // No gzip: an IdP is not documented to ask for compressed answers, and the generator's
        // own cost is kept to what the IdP's requests need.
        let mut builder = reqwest::Client::builder()
            .default_headers(headers)
            .no_gzip()
            .timeout(timeout);
        if no_proxy {
            builder = builder.no_proxy();
        }
        let base = reqwest::Url::parse(base_url.trim_end_matches('/'))
            .map_err(|e| LoadError::Url(base_url.to_owned(), e.to_string()))?;
        let plain = if no_proxy || !proxy_configured() {
            PlainPool::for_url(&base, authorization, timeout).map(std::sync::Arc::new)
        } else {
            None
        };
        Ok(LoadClient {
            client: builder.build().map_err(LoadError::Client)?,
            plain,
            base,
            epoch: Instant::now(),
        })
    }

    /// `request` as the client sends it: its path (with the query) below the base URL, its
    /// headers and body as the IdP writes them. A header the HTTP library cannot carry is left
    /// out (the IdP builders write none).
    pub fn prepare(&self, request: &PreparedRequest) -> Result<Ready, NoAnswer> {
        let unsendable = |error: String| NoAnswer {
            error,
            retries: 0,
            throttled: Duration::ZERO,
        };
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|e| unsendable(e.to_string()))?;
        let (path, query) = match request.path.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (request.path.as_str(), None),
        };
        let mut url = self.base.clone();
        let joined = format!("{}{path}", self.base.path().trim_end_matches('/'));
        url.set_path(&joined);
        url.set_query(query);
        let mut headers = HeaderMap::with_capacity(request.headers.len());
        for (name, value) in &request.headers {
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                headers.append(name, value);
            }
        }
        let target = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        };
        Ok(Ready {
            method,
            url,
            target,
            headers,
            body: request
                .body
                .as_ref()
                .map(|b| bytes::Bytes::from(b.to_string())),
        })
    }

    /// Sends `request`, retrying as an IdP does.
    pub async fn send(&self, request: &PreparedRequest) -> Result<Answer, NoAnswer> {
        let ready = self.prepare(request)?;
        self.send_ready(&ready).await
    }

    /// Sends a prepared request, retrying as an IdP does: a 429, 500, 502, 503 or 504 (or no
    /// answer) again after its `Retry-After` or the backoff, at most [`MAX_RETRIES`] times.
    pub async fn send_ready(&self, ready: &Ready) -> Result<Answer, NoAnswer> {
        let (mut retries, mut throttled) = (0u32, Duration::ZERO);
        loop {
            let started = Instant::now();
            let attempt = match &self.plain {
                Some(plain) => plain
                    .send(
                        &ready.method,
                        &ready.target,
                        &ready.headers,
                        ready.body.as_ref(),
                    )
                    .await
                    .map(|(status, headers, bytes)| (status, bytes, retry_after(&headers))),
                None => self.send_reqwest(ready).await,
            };
            let latency = started.elapsed();
            match attempt {
                Ok((status, body, _)) if !retryable(status) || retries == MAX_RETRIES => {
                    return Ok(Answer {
                        status,
                        body,
                        latency,
                        at: started - self.epoch,
                        retries,
                        throttled,
                    });
                }
                Ok((_, _, wait)) => {
                    let delay = wait.unwrap_or_else(|| backoff(retries));
                    throttled += delay;
                    retries += 1;
                    tokio::time::sleep(delay).await;
                }
                Err(error) if retries == MAX_RETRIES => {
                    return Err(NoAnswer {
                        error,
                        retries,
                        throttled,
                    });
                }
                Err(_) => {
                    let delay = backoff(retries);
                    throttled += delay;
                    retries += 1;
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }
}

impl LoadClient {
    /// The same client sending through reqwest (as for an `https://` target).
    #[cfg(test)]
    fn through_reqwest(mut self) -> LoadClient {
        self.plain = None;
        self
    }

    async fn send_reqwest(
        &self,
        ready: &Ready,
    ) -> Result<(u16, bytes::Bytes, Option<Duration>), String> {
        let mut request = self
            .client
            .request(ready.method.clone(), ready.url.clone())
            .headers(ready.headers.clone());
        if let Some(body) = &ready.body {
            request = request.body(body.clone());
        }
        let response = request.send().await.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let wait = retry_after(response.headers());
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        Ok((status, bytes, wait))
    }
}

/// Statuses an IdP retries: throttling and the server errors that say "try again".
pub fn retryable(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

/// `Retry-After` in seconds (RFC 9110 §10.2.3; an HTTP-date is not honoured and falls back to the
/// backoff), capped at [`MAX_RETRY_AFTER`].
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds: u64 = headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds).min(MAX_RETRY_AFTER))
}

/// 100 ms, 200 ms, 400 ms, … before retry `n + 1`.
fn backoff(n: u32) -> Duration {
    Duration::from_millis(100u64 << n.min(6))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::*;
    use crate::load::shape::LoadIdp;

    fn client(server: &MockServer) -> LoadClient {
        LoadClient::new(
            &server.uri(),
            Some("Bearer t"),
            true,
            Duration::from_secs(5),
        )
        .expect("a client")
    }

    /// A throttling target: two 429s asking for a second each, then the answer. The client
    /// waits as asked, counts both retries and the time throttled, and returns the 201.
    #[tokio::test]
    async fn a_429_is_retried_after_its_retry_after() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
            .up_to_n_times(2)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(201).set_body_string("{\"id\":\"1\"}"))
            .with_priority(2)
            .mount(&server)
            .await;
        let started = Instant::now();
        let create = LoadIdp::Okta.create_user(&crate::load::people::person("t", 1));
        let answer = client(&server).send(&create).await.ok().expect("an answer");
        assert_eq!(answer.status, 201);
        assert_eq!(answer.retries, 2);
        assert_eq!(answer.throttled, Duration::from_secs(2));
        assert!(started.elapsed() >= Duration::from_secs(2));
    }

    /// The reqwest path (https targets, proxies) honours Retry-After the same way, with the
    /// IdP's headers and the credentials on every attempt.
    #[tokio::test]
    async fn through_reqwest_a_429_is_retried_with_the_same_headers() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(201).set_body_string("{\"id\":\"1\"}"))
            .with_priority(2)
            .mount(&server)
            .await;
        let create = LoadIdp::Okta.create_user(&crate::load::people::person("t", 1));
        let answer = client(&server)
            .through_reqwest()
            .send(&create)
            .await
            .ok()
            .expect("an answer");
        assert_eq!((answer.status, answer.retries), (201, 1));
        let received = server.received_requests().await.unwrap_or_default();
        assert_eq!(received.len(), 2);
        for r in &received {
            assert_eq!(
                r.headers.get("authorization").map(|v| v.as_bytes()),
                Some(&b"Bearer t"[..])
            );
            assert_eq!(
                r.headers.get("user-agent").map(|v| v.as_bytes()),
                Some(&b"Okta SCIM Client 1.0.0"[..])
            );
            assert!(r.url.path().ends_with("/Users"));
        }
    }

    /// The lean client sends what reqwest sends: the IdP's headers, the credentials, the body.
    #[tokio::test]
    async fn the_lean_client_sends_the_idps_headers_and_body() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(201).set_body_string("{\"id\":\"1\"}"))
            .mount(&server)
            .await;
        let create = LoadIdp::Okta.create_user(&crate::load::people::person("t", 1));
        let lean = client(&server);
        assert!(lean.plain.is_some());
        let answer = lean.send(&create).await.ok().expect("an answer");
        assert_eq!(
            answer.json().and_then(|b| b.get("id").cloned()),
            Some("1".into())
        );
        let received = server.received_requests().await.unwrap_or_default();
        let r = &received[0];
        assert_eq!(
            r.headers.get("authorization").map(|v| v.as_bytes()),
            Some(&b"Bearer t"[..])
        );
        assert_eq!(
            r.headers.get("content-type").map(|v| v.as_bytes()),
            Some(&b"application/scim+json; charset=utf-8"[..])
        );
        assert_eq!(
            r.headers.get("accept-charset").map(|v| v.as_bytes()),
            Some(&b"utf-8"[..])
        );
        let sent: serde_json::Value = serde_json::from_slice(&r.body).expect("JSON");
        assert_eq!(Some(&sent), create.body.as_ref());
    }

    /// A target that never recovers: the last status comes back after the retries.
    #[tokio::test]
    async fn a_503_that_never_ends_is_returned_after_the_retries() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0"))
            .mount(&server)
            .await;
        let answer = client(&server)
            .send(&LoadIdp::Okta.list_page("Users", 1, 100))
            .await
            .ok()
            .expect("an answer");
        assert_eq!(answer.status, 503);
        assert_eq!(answer.retries, MAX_RETRIES);
        assert_eq!(server.received_requests().await.map(|r| r.len()), Some(6));
    }

    #[test]
    fn retry_after_is_seconds_capped() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("3600"));
        assert_eq!(retry_after(&headers), Some(MAX_RETRY_AFTER));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers), None);
        assert!(retryable(429) && retryable(503) && !retryable(409) && !retryable(400));
    }
}
