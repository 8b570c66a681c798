//! A raw HTTP/1.1 client over `TcpStream`, for requests reqwest refuses to send: bytes that are not
//! UTF-8, bodies that lie about their length, heads of any size, and writers that dawdle.
//!
//! The writer runs on its own task while the reader waits for the answer, because a server may
//! (and should) answer a hostile request before it has read all of it; a write error after that is
//! expected and ignored. Every read is bounded by [`PATIENCE`]: a server that neither answers nor
//! closes within it fails the test ("hung"), which is the only time-related check here.

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::{ERROR, Server};

/// How long the server may take to answer or close before the test calls it hung. Generous on
/// purpose: it is a failure condition, not a measurement.
pub const PATIENCE: Duration = Duration::from_secs(5);

/// What came back on the connection.
#[derive(Debug)]
pub enum Outcome {
    /// A complete response head (and the body it announced, or what came before the close).
    Answered(Raw),
    /// The connection was closed or reset before a complete response head arrived.
    Closed,
}

/// A parsed HTTP/1.1 response.
#[derive(Debug)]
pub struct Raw {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Raw {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Asserts a SCIM 2.0 error: status, `application/scim+json`, the error schema, `status` as
    /// a string, `detail` a string, and `scimType` when given.
    #[track_caller]
    pub fn assert_scim_error(&self, status: u16, scim_type: Option<&str>) -> &Self {
        assert_eq!(self.status, status, "status: {self:?} {}", self.text());
        let ct = self.header("content-type").unwrap_or("<none>");
        assert!(
            ct.starts_with("application/scim+json"),
            "content-type {ct}: {}",
            self.text()
        );
        let b = self.json();
        assert_eq!(b["schemas"], json!([ERROR]), "schemas: {}", self.text());
        assert_eq!(b["status"], json!(status.to_string()), "{}", self.text());
        assert!(b["detail"].is_string(), "detail: {}", self.text());
        if let Some(t) = scim_type {
            assert_eq!(b["scimType"], json!(t), "scimType: {}", self.text());
        }
        self
    }

    /// Asserts a SCIM 1.1 error: `application/json` and `{"Errors":[{"description","code"}]}`.
    #[track_caller]
    pub fn assert_v1_error(&self, status: u16) -> &Self {
        assert_eq!(self.status, status, "status: {}", self.text());
        let ct = self.header("content-type").unwrap_or("<none>");
        assert!(ct.starts_with("application/json"), "content-type {ct}");
        let b = self.json();
        let errors = b["Errors"].as_array().unwrap_or_else(|| panic!("{b}"));
        assert_eq!(errors.len(), 1, "{b}");
        assert_eq!(errors[0]["code"], json!(status.to_string()), "{b}");
        assert!(errors[0]["description"].is_string(), "{b}");
        assert!(b.get("schemas").is_none(), "a 2.0 body on 1.1: {b}");
        self
    }
}

impl Outcome {
    /// The response; fails if the server closed without one.
    #[track_caller]
    pub fn answered(self) -> Raw {
        match self {
            Outcome::Answered(raw) => raw,
            Outcome::Closed => panic!("the server closed the connection without an answer"),
        }
    }
}

/// One piece of a request: wait `after`, then write `bytes`.
pub struct Piece {
    pub after: Duration,
    pub bytes: Vec<u8>,
}

/// The address of a test server.
pub fn addr(server: &Server) -> SocketAddr {
    server
        .root
        .trim_start_matches("http://")
        .parse()
        .expect("server address")
}

/// Sends `request` at once and reads the answer.
pub async fn send(to: SocketAddr, request: impl Into<Vec<u8>>) -> Outcome {
    send_pieces(
        to,
        vec![Piece {
            after: Duration::ZERO,
            bytes: request.into(),
        }],
    )
    .await
}

/// `bytes` one byte at a time, `every` apart.
pub fn trickle(bytes: &[u8], every: Duration) -> Vec<Piece> {
    bytes
        .iter()
        .map(|b| Piece {
            after: every,
            bytes: vec![*b],
        })
        .collect()
}

/// Writes `pieces` on their schedule (the connection then stays open and silent) while reading
/// the answer. Panics if nothing is answered and nothing closed within [`PATIENCE`] after the
/// last piece was due.
pub async fn send_pieces(to: SocketAddr, pieces: Vec<Piece>) -> Outcome {
    let schedule: Duration = pieces.iter().map(|p| p.after).sum();
    let stream = TcpStream::connect(to).await.expect("connect");
    let (mut reader, mut writer) = stream.into_split();
    let writing = tokio::spawn(async move {
        for piece in pieces {
            tokio::time::sleep(piece.after).await;
            if writer.write_all(&piece.bytes).await.is_err() {
                return;
            }
        }
        // Keep the write half open: a lying client goes silent, it does not hang up.
        tokio::time::sleep(PATIENCE * 4).await;
        drop(writer);
    });
    let outcome = tokio::time::timeout(schedule + PATIENCE, read_response(&mut reader))
        .await
        .unwrap_or_else(|_| panic!("the server neither answered nor closed within {PATIENCE:?}"));
    writing.abort();
    outcome
}

async fn read_response(reader: &mut (impl AsyncReadExt + Unpin)) -> Outcome {
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 16 * 1024];
    let head_end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i + 4;
        }
        match reader.read(&mut chunk).await {
            Ok(0) | Err(_) => return Outcome::Closed,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line in {head:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = buf[head_end..].to_vec();
    let length = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok());
    loop {
        if length.is_some_and(|n| body.len() >= n) {
            break;
        }
        match reader.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
        }
    }
    if let Some(n) = length {
        body.truncate(n);
    }
    Outcome::Answered(Raw {
        status,
        headers,
        body,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A request head ending in the blank line, with `Host` and `Connection: close` added.
pub fn head(method: &str, target: &str, headers: &[(&str, &str)]) -> Vec<u8> {
    let mut out = format!("{method} {target} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.into_bytes()
}

/// A complete request with a JSON body and its true `Content-Length`.
pub fn with_body(method: &str, target: &str, body: &[u8]) -> Vec<u8> {
    let length = body.len().to_string();
    let mut out = head(
        method,
        target,
        &[
            ("Content-Type", "application/scim+json"),
            ("Content-Length", &length),
        ],
    );
    out.extend_from_slice(body);
    out
}
