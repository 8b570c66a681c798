//! The first request head of a connection, read and checked on the socket before hyper sees it.
//!
//! Why not leave it all to hyper: hyper answers a head it will not take with a bare status and no
//! body (431, 414, 400), and closes a connection whose head is late without any answer. Here the
//! head gets the whole [`Settings::header_read_timeout`] from the moment the connection is
//! accepted, and a head that is late, too long, too long in its target, too rich in headers or
//! with raw bytes in its target gets a SCIM error body (the 1.1 shape under the 1.1 base path) and
//! `Connection: close`. A head that passes
//! is replayed to hyper untouched ([`Replay`]); hyper enforces the same limits, bare, on the later
//! requests of a keep-alive connection.
//!
//! The scan is incremental (every byte is looked at once, however the head trickles in) and only
//! frames lines: the request line and the header syntax are hyper's to judge.

use std::time::Duration;

use axum::http::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{Instant, timeout_at};

use super::Settings;
use super::replay::Replay;
use crate::server::access_log;
use crate::server::error::ScimError;
use crate::server::urn::SCIM_JSON;
use crate::server::v1;

/// Room for the method and the version around the target on the request line.
const REQUEST_LINE_SLACK: usize = 64;

/// How long, at most, the rest of a refused request is read and discarded after the answer, so
/// that closing with unread data (a TCP reset) does not destroy the answer before the client
/// reads it (RFC 9112 §9.6).
const LINGER: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 64 * 1024 * 1024;

/// Reads the first head of `stream`; `Some` when hyper should serve the connection, `None` when it
/// was answered here (or closed, or never said anything before the timeout).
pub async fn read(mut stream: TcpStream, settings: &Settings) -> Option<Replay> {
    let accepted = Instant::now();
    let deadline = accepted + settings.header_read_timeout;
    let mut buf = Vec::with_capacity(4096);
    let mut scan = Scan::default();
    loop {
        match scan.advance(&buf, settings) {
            Step::More => {}
            Step::Complete => return Some(Replay::new(buf, stream)),
            Step::Refuse(status, detail) => {
                log(&buf, settings, status, accepted);
                refuse(stream, &buf, settings, status, &detail).await;
                return None;
            }
        }
        buf.reserve(8192);
        match timeout_at(deadline, stream.read_buf(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return None,
            Ok(Ok(_)) => {}
            // Nothing was asked: nothing to answer (a pooled client would take a 408 it never
            // asked for as the answer to its next request).
            Err(_) if buf.is_empty() => return None,
            Err(_) => {
                let detail = format!(
                    "the request head was not received within {:?}",
                    settings.header_read_timeout
                );
                log(&buf, settings, StatusCode::REQUEST_TIMEOUT, accepted);
                refuse(stream, &buf, settings, StatusCode::REQUEST_TIMEOUT, &detail).await;
                return None;
            }
        }
    }
}

enum Step {
    More,
    Complete,
    Refuse(StatusCode, String),
}

/// Where the scan of the head has got to.
#[derive(Default)]
struct Scan {
    /// The next byte to look at.
    pos: usize,
    /// Where the line being read starts.
    line_start: usize,
    seen_request_line: bool,
    headers: usize,
}

impl Scan {
    fn advance(&mut self, buf: &[u8], settings: &Settings) -> Step {
        while self.pos < buf.len() {
            let i = self.pos;
            self.pos += 1;
            if buf[i] != b'\n' {
                continue;
            }
            let line = trim_cr(&buf[self.line_start..i]);
            self.line_start = i + 1;
            if !self.seen_request_line {
                // Empty lines before the request line are ignored (RFC 9112 §2.2).
                if !line.is_empty() {
                    self.seen_request_line = true;
                    let target = target_of(line);
                    if target.len() > settings.max_uri_bytes {
                        return Step::Refuse(
                            StatusCode::URI_TOO_LONG,
                            crate::server::limits::uri_too_long(
                                target.len(),
                                settings.max_uri_bytes,
                            )
                            .detail,
                        );
                    }
                    // Raw bytes beyond ASCII (UTF-8 sent unencoded, or worse) are no URI; hyper
                    // would refuse them with a bare 400.
                    if !target.iter().all(|b| (0x21..=0x7e).contains(b)) {
                        return Step::Refuse(
                            StatusCode::BAD_REQUEST,
                            "the request target contains bytes that are not allowed in a URI \
                             (percent-encode them)"
                                .to_string(),
                        );
                    }
                }
            } else if line.is_empty() {
                return if i + 1 > settings.max_head_bytes {
                    too_large(settings)
                } else {
                    Step::Complete
                };
            } else {
                self.headers += 1;
                if self.headers > settings.max_headers {
                    return Step::Refuse(
                        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                        format!(
                            "the request has more than {} header fields",
                            settings.max_headers
                        ),
                    );
                }
            }
        }
        let pending_line = buf.len() - self.line_start;
        if !self.seen_request_line && pending_line > settings.max_uri_bytes + REQUEST_LINE_SLACK {
            return Step::Refuse(
                StatusCode::URI_TOO_LONG,
                format!(
                    "the request target is longer than the limit of {} bytes (send long filters in a POST .search body)",
                    settings.max_uri_bytes
                ),
            );
        }
        if buf.len() > settings.max_head_bytes {
            return too_large(settings);
        }
        Step::More
    }
}

fn too_large(settings: &Settings) -> Step {
    Step::Refuse(
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
        format!(
            "the request head (request line and headers) is larger than {} bytes",
            settings.max_head_bytes
        ),
    )
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// The second word of a (possibly partial) request line.
fn target_of(line: &[u8]) -> &[u8] {
    line.split(|b| *b == b' ')
        .filter(|w| !w.is_empty())
        .nth(1)
        .unwrap_or_default()
}

/// The request line as far as it was read (leading empty lines skipped).
fn request_line(buf: &[u8]) -> &[u8] {
    let start = buf
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .unwrap_or(buf.len());
    trim_cr(
        buf[start..]
            .split(|b| *b == b'\n')
            .next()
            .unwrap_or_default(),
    )
}

/// The access-log line of a refusal, as `server::access_log` writes one for a request: method and
/// target as far as they were read (`-` if not at all; the target cut to 256 characters).
fn log(buf: &[u8], settings: &Settings, status: StatusCode, accepted: Instant) {
    if !settings.access_log {
        return;
    }
    let line = request_line(buf);
    let word = |w: &[u8]| {
        let text: String = String::from_utf8_lossy(w)
            .chars()
            .filter(|c| !c.is_control())
            .take(256)
            .collect();
        if text.is_empty() {
            "-".to_string()
        } else {
            text
        }
    };
    let method = word(line.split(|b| *b == b' ').next().unwrap_or_default());
    access_log::log(
        &method,
        &word(target_of(line)),
        status.as_u16(),
        accepted.elapsed(),
    );
}

/// Whether the request, as far as it was read, aims below the SCIM 1.1 base path.
fn is_v1(buf: &[u8], settings: &Settings) -> bool {
    let Some(base) = settings.v1_base_path.as_deref() else {
        return false;
    };
    let mut target = target_of(request_line(buf));
    // An absolute-form target (`http://host/scim/v1/Users`): its path starts after the authority.
    for scheme in [&b"http://"[..], b"https://"] {
        if let Some(rest) = target.strip_prefix(scheme) {
            target = rest
                .iter()
                .position(|b| *b == b'/')
                .map_or(&[][..], |i| &rest[i..]);
        }
    }
    target
        .strip_prefix(base.as_bytes())
        .is_some_and(|rest| rest.is_empty() || rest[0] == b'/' || rest[0] == b'?')
}

/// The complete answer: status line, SCIM (or 1.1) error body, `Connection: close`.
fn answer(status: StatusCode, detail: &str, v1: bool) -> Vec<u8> {
    let (media_type, body) = if v1 {
        (v1::JSON, v1::errors::body(status, detail))
    } else {
        (SCIM_JSON, ScimError::new(status, None, detail).body())
    };
    let body = body.to_string();
    let date = chrono::Utc::now().format("%a, %d %b %Y %H:%M:%S GMT");
    let mut out = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: {media_type}\r\ncontent-length: {}\r\nconnection: close\r\ndate: {date}\r\n\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        body.len(),
    )
    .into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

/// Answers, half-closes, and reads what the client still sends for a bounded while.
async fn refuse(
    mut stream: TcpStream,
    read: &[u8],
    settings: &Settings,
    status: StatusCode,
    detail: &str,
) {
    let deadline = Instant::now() + LINGER;
    let response = answer(status, detail, is_v1(read, settings));
    if !matches!(
        timeout_at(deadline, stream.write_all(&response)).await,
        Ok(Ok(()))
    ) {
        return;
    }
    let _ = timeout_at(deadline, stream.shutdown()).await;
    let mut drained = 0;
    let mut sink = vec![0u8; 16 * 1024];
    while drained < LINGER_BYTES {
        match timeout_at(deadline, stream.read(&mut sink)).await {
            Ok(Ok(n)) if n > 0 => drained += n,
            _ => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings {
            header_read_timeout: Duration::from_secs(1),
            max_head_bytes: 1024,
            max_headers: 3,
            max_uri_bytes: 100,
            v1_base_path: Some("/scim/v1".into()),
            access_log: false,
        }
    }

    /// Feeds `input` one byte at a time, as a slowloris would.
    fn scan(input: &[u8]) -> Step {
        let s = settings();
        let mut scan = Scan::default();
        for end in 1..=input.len() {
            match scan.advance(&input[..end], &s) {
                Step::More => {}
                other => return other,
            }
        }
        Step::More
    }

    fn status(step: Step) -> Option<u16> {
        match step {
            Step::More => None,
            Step::Complete => Some(0),
            Step::Refuse(status, _) => Some(status.as_u16()),
        }
    }

    #[test]
    fn a_head_is_complete_at_the_empty_line_whatever_the_line_endings() {
        assert_eq!(status(scan(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")), Some(0));
        assert_eq!(status(scan(b"\r\nGET / HTTP/1.1\nHost: a\n\n")), Some(0));
        assert_eq!(status(scan(b"GET / HTTP/1.1\r\nHost: a\r\n")), None);
    }

    #[test]
    fn limits_are_refused_as_soon_as_they_are_passed() {
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(100));
        assert_eq!(status(scan(long.as_bytes())), Some(414));
        // A target that never ends is refused without waiting for its end.
        let endless = format!("GET /{}", "a".repeat(500));
        assert_eq!(status(scan(endless.as_bytes())), Some(414));
        let many = b"GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n";
        assert_eq!(status(scan(many)), Some(431));
        let big = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "x".repeat(2000));
        assert_eq!(status(scan(big.as_bytes())), Some(431));
        assert_eq!(status(scan(b"GET /Users/\xff HTTP/1.1\r\n")), Some(400));
        assert_eq!(status(scan(b"GET /Users/\x01 HTTP/1.1\r\n")), Some(400));
    }

    #[test]
    fn the_answer_shape_follows_the_base_path() {
        let s = settings();
        assert!(is_v1(b"GET /scim/v1/Users HTTP/1.1\r\n", &s));
        assert!(is_v1(b"GET /scim/v1?x", &s));
        assert!(is_v1(b"GET http://h:1/scim/v1/Users HTTP/1.1", &s));
        assert!(!is_v1(b"GET /scim/v10/Users HTTP/1.1", &s));
        assert!(!is_v1(b"GET /scim/v2/Users HTTP/1.1", &s));
        let v1 = String::from_utf8(answer(StatusCode::REQUEST_TIMEOUT, "late", true)).unwrap();
        assert!(v1.starts_with("HTTP/1.1 408 Request Timeout\r\n"), "{v1}");
        assert!(
            v1.ends_with(r#"{"Errors":[{"description":"late","code":"408"}]}"#),
            "{v1}"
        );
        let v2 = String::from_utf8(answer(StatusCode::URI_TOO_LONG, "long", false)).unwrap();
        assert!(
            v2.contains("content-type: application/scim+json\r\n"),
            "{v2}"
        );
        assert!(v2.contains(r#""status":"414""#), "{v2}");
    }
}
