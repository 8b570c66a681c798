//! Request bodies: nesting bombs, invalid UTF-8, oversize and lying bodies, multi-MB filters.

use std::time::Duration;

use serde_json::json;

use super::raw::{self, Piece, head, send, send_pieces, with_body};
use super::server;
use crate::support::{SEARCH, USER, id_of};

const DEPTH: usize = 10_000;

/// `[[[…]]]` and `{"a":{"a":…}}`, `DEPTH` levels, and the same bomb inside a plausible user.
fn bombs() -> Vec<(&'static str, Vec<u8>)> {
    let arrays = format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH));
    let objects = format!("{}1{}", "{\"a\":".repeat(DEPTH), "}".repeat(DEPTH));
    let in_user = format!(
        "{{\"schemas\":[\"{USER}\"],\"userName\":\"bomb\",\"Operations\":[{{\"op\":\"add\",\"value\":{arrays}}}],\"x\":{objects}}}"
    );
    vec![
        ("arrays", arrays.into_bytes()),
        ("objects", objects.into_bytes()),
        ("inside a user", in_user.into_bytes()),
    ]
}

#[tokio::test]
async fn json_nested_ten_thousand_levels_is_a_400_on_every_write_of_both_versions() {
    let s = server().await;
    let id = id_of(&s.create_user("target@x.io").await);
    let v2 = [
        ("POST", "/scim/v2/Users".to_string()),
        ("POST", "/scim/v2/Groups".to_string()),
        ("PUT", format!("/scim/v2/Users/{id}")),
        ("PATCH", format!("/scim/v2/Users/{id}")),
        ("POST", "/scim/v2/Users/.search".to_string()),
    ];
    let v1 = [
        ("POST", "/scim/v1/Users".to_string()),
        ("PUT", format!("/scim/v1/Users/{id}")),
        ("PATCH", format!("/scim/v1/Users/{id}")),
    ];
    for (name, bomb) in bombs() {
        for (method, path) in &v2 {
            send(raw::addr(&s), with_body(method, path, &bomb))
                .await
                .answered()
                .assert_scim_error(400, Some("invalidSyntax"));
        }
        for (method, path) in &v1 {
            let r = send(raw::addr(&s), with_body(method, path, &bomb)).await;
            let r = r.answered();
            assert_eq!(r.status, 400, "{method} {path} with {name}");
            r.assert_v1_error(400);
        }
    }
    // Nothing was written, and the server still serves.
    assert_eq!(
        s.fetch(&format!("/Users/{id}")).await["userName"],
        "target@x.io"
    );
}

#[tokio::test]
async fn invalid_utf8_in_a_body_is_a_400_in_both_versions() {
    let s = server().await;
    let mut body = format!("{{\"schemas\":[\"{USER}\"],\"userName\":\"").into_bytes();
    body.extend_from_slice(b"\xff\xfe\xc3(");
    body.extend_from_slice(b"\"}");
    send(raw::addr(&s), with_body("POST", "/scim/v2/Users", &body))
        .await
        .answered()
        .assert_scim_error(400, Some("invalidSyntax"));
    send(raw::addr(&s), with_body("POST", "/scim/v1/Users", &body))
        .await
        .answered()
        .assert_v1_error(400);
    // A lone 0xFF as the whole body, too.
    send(raw::addr(&s), with_body("POST", "/scim/v2/Users", b"\xff"))
        .await
        .answered()
        .assert_scim_error(400, Some("invalidSyntax"));
}

/// A user body padded to `size` bytes with a long `displayName`.
fn big_user(size: usize) -> Vec<u8> {
    let start = format!("{{\"schemas\":[\"{USER}\"],\"userName\":\"big\",\"displayName\":\"");
    let pad = size.saturating_sub(start.len() + 2);
    format!("{start}{}\"}}", "x".repeat(pad)).into_bytes()
}

#[tokio::test]
async fn a_body_over_the_limit_with_content_length_is_a_413_in_both_versions() {
    let s = server().await;
    let body = big_user(3 * 1024 * 1024);
    send(raw::addr(&s), with_body("POST", "/scim/v2/Users", &body))
        .await
        .answered()
        .assert_scim_error(413, None);
    send(raw::addr(&s), with_body("POST", "/scim/v1/Users", &body))
        .await
        .answered()
        .assert_v1_error(413);
    // A declared length of a terabyte, with no body behind it: refused from the head alone.
    let lie = head(
        "POST",
        "/scim/v2/Users",
        &[("Content-Length", "1099511627776")],
    );
    send(raw::addr(&s), lie)
        .await
        .answered()
        .assert_scim_error(413, None);
}

/// `body` in chunked transfer coding, 64 KiB per chunk.
fn chunked(method: &str, target: &str, body: &[u8]) -> Vec<u8> {
    let mut out = head(
        method,
        target,
        &[
            ("Content-Type", "application/scim+json"),
            ("Transfer-Encoding", "chunked"),
        ],
    );
    for chunk in body.chunks(64 * 1024) {
        out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_a_413_in_both_versions() {
    let s = server().await;
    let body = big_user(3 * 1024 * 1024);
    send(raw::addr(&s), chunked("POST", "/scim/v2/Users", &body))
        .await
        .answered()
        .assert_scim_error(413, None);
    send(raw::addr(&s), chunked("POST", "/scim/v1/Users", &body))
        .await
        .answered()
        .assert_v1_error(413);
    // A chunked body under the limit is served as usual.
    let small = big_user(2000);
    let r = send(raw::addr(&s), chunked("POST", "/scim/v2/Users", &small))
        .await
        .answered();
    assert_eq!(r.status, 201, "{:?}", String::from_utf8_lossy(&r.body));
}

#[tokio::test]
async fn a_content_length_that_lies_is_a_408_once_the_body_timeout_passes() {
    let s = server().await;
    let body = format!("{{\"schemas\":[\"{USER}\"],\"userName\":\"liar\"}}");
    let length = (body.len() + 100).to_string();
    for (target, v1) in [("/scim/v2/Users", false), ("/scim/v1/Users", true)] {
        let mut request = head("POST", target, &[("Content-Length", &length)]);
        request.extend_from_slice(body.as_bytes());
        let r = send(raw::addr(&s), request).await.answered();
        if v1 {
            r.assert_v1_error(408);
        } else {
            r.assert_scim_error(408, None);
        }
    }
    // The liar was not created.
    let r = s.filter("/Users", "userName eq \"liar\"").await;
    assert_eq!(r.body["totalResults"], 0, "{}", r.text);
}

#[tokio::test]
async fn a_body_sent_one_byte_at_a_time_is_a_408_after_the_body_timeout() {
    let s = server().await;
    let body = format!("{{\"schemas\":[\"{USER}\"],\"userName\":\"slowpoke\"}}");
    let length = body.len().to_string();
    let mut pieces = vec![Piece {
        after: Duration::ZERO,
        bytes: head("POST", "/scim/v2/Users", &[("Content-Length", &length)]),
    }];
    // Each byte comes well within the timeout, the whole body well beyond it.
    pieces.extend(raw::trickle(body.as_bytes(), Duration::from_millis(200)));
    send_pieces(raw::addr(&s), pieces)
        .await
        .answered()
        .assert_scim_error(408, None);
    let r = s.filter("/Users", "userName eq \"slowpoke\"").await;
    assert_eq!(r.body["totalResults"], 0, "{}", r.text);
}

#[tokio::test]
async fn a_multi_megabyte_filter_in_a_search_body_is_a_413_and_a_long_one_a_400() {
    let s = server().await;
    let filter = format!("userName eq \"{}\"", "a".repeat(4 * 1024 * 1024));
    let body = json!({"schemas": [SEARCH], "filter": filter}).to_string();
    send(
        raw::addr(&s),
        with_body("POST", "/scim/v2/Users/.search", body.as_bytes()),
    )
    .await
    .answered()
    .assert_scim_error(413, None);
    // Under the body limit but over the filter limit (64 KiB): an invalid filter, said quickly.
    let filter = format!("userName eq \"{}\"", "a".repeat(200 * 1024));
    let body = json!({"schemas": [SEARCH], "filter": filter}).to_string();
    send(
        raw::addr(&s),
        with_body("POST", "/scim/v2/Users/.search", body.as_bytes()),
    )
    .await
    .answered()
    .assert_scim_error(400, Some("invalidFilter"));
    // 2 000 `or` terms fit in the length limit but not in the term limit.
    let filter = vec!["userName eq \"a\""; 2_000].join(" or ");
    let body = json!({"schemas": [SEARCH], "filter": filter}).to_string();
    send(
        raw::addr(&s),
        with_body("POST", "/scim/v2/Users/.search", body.as_bytes()),
    )
    .await
    .answered()
    .assert_scim_error(400, Some("invalidFilter"));
}
