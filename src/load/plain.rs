//! A lean HTTP/1.1 keep-alive client for `http://` targets reached directly (the bundled
//! server, a local or in-cluster service), so that the load generator is not the bottleneck it
//! measures: hyper's connection API with a small pool of idle connections, and nothing else
//! (no URL re-parsing, redirect, retry or decompression layers). `https://` targets, and any
//! target when a proxy is configured, go through reqwest instead (`super::client`).

use std::sync::Mutex;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use reqwest::header::{CONNECTION, HOST, HeaderMap, HeaderValue};
use tokio::net::TcpStream;

/// What came back: status, headers, body.
pub type Reply = (u16, HeaderMap, Bytes);

pub struct PlainPool {
    /// `host:port`, to connect to and for the `Host` header.
    authority: String,
    host: HeaderValue,
    authorization: Option<HeaderValue>,
    timeout: Duration,
    idle: Mutex<Vec<SendRequest<Full<Bytes>>>>,
}

/// Whether a proxy is configured in the environment (reqwest would use it; this client would
/// not, so such runs go through reqwest).
pub fn proxy_configured() -> bool {
    ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}

impl PlainPool {
    /// A pool for `url` when it is `http://` with a host; `None` otherwise.
    pub fn for_url(
        url: &reqwest::Url,
        authorization: Option<HeaderValue>,
        timeout: Duration,
    ) -> Option<PlainPool> {
        if url.scheme() != "http" {
            return None;
        }
        let host = url.host_str()?;
        let authority = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => format!("{host}:80"),
        };
        let host_header = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        Some(PlainPool {
            authority,
            host: HeaderValue::from_str(&host_header).ok()?,
            authorization,
            timeout,
            idle: Mutex::new(Vec::new()),
        })
    }

    fn take_idle(&self) -> Option<SendRequest<Full<Bytes>>> {
        let mut idle = self.idle.lock().ok()?;
        while let Some(sender) = idle.pop() {
            if !sender.is_closed() {
                return Some(sender);
            }
        }
        None
    }

    fn put_back(&self, sender: SendRequest<Full<Bytes>>) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(sender);
        }
    }

    async fn connect(&self) -> Result<SendRequest<Full<Bytes>>, String> {
        let stream = TcpStream::connect(&self.authority)
            .await
            .map_err(|e| format!("cannot connect to {}: {e}", self.authority))?;
        let _ = stream.set_nodelay(true);
        let (sender, connection) = http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| e.to_string())?;
        tokio::spawn(connection);
        Ok(sender)
    }

    /// Sends one request (`target` in origin form, `/scim/v2/Users?…`) within the timeout.
    pub async fn send(
        &self,
        method: &reqwest::Method,
        target: &str,
        headers: &HeaderMap,
        body: Option<&Bytes>,
    ) -> Result<Reply, String> {
        match tokio::time::timeout(self.timeout, self.exchange(method, target, headers, body)).await
        {
            Ok(result) => result,
            Err(_) => Err(format!(
                "no answer within {:.1} s (timeout)",
                self.timeout.as_secs_f64()
            )),
        }
    }

    async fn exchange(
        &self,
        method: &reqwest::Method,
        target: &str,
        headers: &HeaderMap,
        body: Option<&Bytes>,
    ) -> Result<Reply, String> {
        let mut sender = match self.take_idle() {
            Some(sender) => sender,
            None => self.connect().await?,
        };
        sender.ready().await.map_err(|e| e.to_string())?;
        let mut request = hyper::Request::new(Full::new(body.cloned().unwrap_or_default()));
        *request.method_mut() = method.clone();
        *request.uri_mut() = target.parse().map_err(|e| format!("{target}: {e}"))?;
        let h = request.headers_mut();
        h.reserve(headers.len() + 3);
        h.insert(HOST, self.host.clone());
        if let Some(value) = &self.authorization {
            h.insert(reqwest::header::AUTHORIZATION, value.clone());
        }
        for (name, value) in headers {
            h.append(name, value.clone());
        }
        let response = sender
            .send_request(request)
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let closes = response
            .headers()
            .get(CONNECTION)
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"close"));
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.map_err(|e| e.to_string())?.to_bytes();
        if !closes {
            self.put_back(sender);
        }
        Ok((status, parts.headers, bytes))
    }
}
