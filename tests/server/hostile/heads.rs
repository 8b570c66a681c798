//! Request heads: huge and invalid targets, invalid header values, huge and numerous headers,
//! methods nobody serves.

use super::raw::{self, Outcome, head, send};
use super::server;
use crate::support::encode;

#[tokio::test]
async fn a_multi_megabyte_filter_in_the_query_is_refused_promptly() {
    let s = server().await;
    let filter = encode(&format!("userName eq \"{}\"", "a".repeat(4 * 1024 * 1024)));
    let request = head("GET", &format!("/scim/v2/Users?filter={filter}"), &[]);
    // Refused as soon as the target passes the URI limit, without reading the megabytes.
    send(raw::addr(&s), request)
        .await
        .answered()
        .assert_scim_error(414, None);
    s.get("/Users").await.assert_status(200);
}

#[tokio::test]
async fn a_request_target_over_the_uri_limit_is_a_414_in_both_versions() {
    let s = server().await;
    let filter = encode(&format!("userName eq \"{}\"", "a".repeat(20 * 1024)));
    send(
        raw::addr(&s),
        head("GET", &format!("/scim/v2/Users?filter={filter}"), &[]),
    )
    .await
    .answered()
    .assert_scim_error(414, None);
    send(
        raw::addr(&s),
        head("GET", &format!("/scim/v1/Users?filter={filter}"), &[]),
    )
    .await
    .answered()
    .assert_v1_error(414);
    // Just under the URI limit the filter is parsed as usual (no match, no error).
    let filter = encode(&format!("userName eq \"{}\"", "a".repeat(8 * 1024)));
    let r = send(
        raw::addr(&s),
        head("GET", &format!("/scim/v2/Users?filter={filter}"), &[]),
    )
    .await
    .answered();
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
}

#[tokio::test]
async fn invalid_utf8_percent_encoded_in_the_query_is_a_400_in_both_versions() {
    let s = server().await;
    let target = "/scim/v2/Users?filter=userName%20eq%20%22%FF%FE%22";
    send(raw::addr(&s), head("GET", target, &[]))
        .await
        .answered()
        .assert_scim_error(400, Some("invalidFilter"));
    send(
        raw::addr(&s),
        head("GET", "/scim/v2/Users?attributes=%C3%28", &[]),
    )
    .await
    .answered()
    .assert_scim_error(400, Some("invalidValue"));
    send(
        raw::addr(&s),
        head(
            "GET",
            "/scim/v1/Users?filter=userName%20eq%20%22%FF%22",
            &[],
        ),
    )
    .await
    .answered()
    .assert_v1_error(400);
    // Valid UTF-8, percent-encoded, is still fine.
    let r = send(
        raw::addr(&s),
        head(
            "GET",
            "/scim/v2/Users?filter=userName%20eq%20%22%C3%A9%22",
            &[],
        ),
    )
    .await
    .answered();
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
}

#[tokio::test]
async fn invalid_utf8_in_the_path_is_a_400_in_both_versions() {
    let s = server().await;
    send(raw::addr(&s), head("GET", "/scim/v2/Users/%FF%FE", &[]))
        .await
        .answered()
        .assert_scim_error(400, None);
    send(raw::addr(&s), head("DELETE", "/scim/v2/Groups/%C3", &[]))
        .await
        .answered()
        .assert_scim_error(400, None);
    send(raw::addr(&s), head("GET", "/scim/v1/Users/%FF", &[]))
        .await
        .answered()
        .assert_v1_error(400);
    // Raw bytes beyond ASCII in the target are not even a URI.
    for (prefix, v1) in [("/scim/v2/Users/", false), ("/scim/v1/Users/", true)] {
        let mut request = format!("GET {prefix}").into_bytes();
        request.extend_from_slice(b"\xff\xfe HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
        let r = send(raw::addr(&s), request).await.answered();
        if v1 {
            r.assert_v1_error(400);
        } else {
            r.assert_scim_error(400, None);
        }
    }
}

#[tokio::test]
async fn invalid_utf8_in_a_header_value_is_a_400_in_both_versions() {
    for target in ["/scim/v2/Users", "/scim/v1/Users"] {
        let s = server().await;
        let mut request = format!("GET {target} HTTP/1.1\r\nHost: test\r\nX-Note: ").into_bytes();
        request.extend_from_slice(b"caf\xe9 \xff\r\nConnection: close\r\n\r\n");
        let r = send(raw::addr(&s), request).await.answered();
        if target.contains("v1") {
            r.assert_v1_error(400);
        } else {
            r.assert_scim_error(400, None);
        }
    }
}

#[tokio::test]
async fn a_hundred_kilobyte_header_is_a_431() {
    let s = server().await;
    let big = "x".repeat(100 * 1024);
    let r = send(
        raw::addr(&s),
        head("GET", "/scim/v2/Users", &[("X-Big", &big)]),
    )
    .await
    .answered();
    r.assert_scim_error(431, None);
    let r = send(
        raw::addr(&s),
        head("GET", "/scim/v1/Users", &[("X-Big", &big)]),
    )
    .await
    .answered();
    r.assert_v1_error(431);
    s.get("/Users").await.assert_status(200);
}

#[tokio::test]
async fn thousands_of_headers_are_a_431() {
    let s = server().await;
    let names: Vec<String> = (0..3000).map(|i| format!("X-H{i}")).collect();
    let headers: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "v")).collect();
    let r = send(raw::addr(&s), head("GET", "/scim/v2/Users", &headers))
        .await
        .answered();
    r.assert_scim_error(431, None);
    // A hundred headers are fine.
    let r = send(raw::addr(&s), head("GET", "/scim/v2/Users", &headers[..90]))
        .await
        .answered();
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn unknown_and_unserved_methods_get_a_scim_error_in_both_versions() {
    let s = server().await;
    for method in ["FOO", "PROPFIND", "TRACE", "CONNECT"] {
        for target in ["/scim/v2/Users", "/scim/v2/Users/some-id", "/nowhere"] {
            let r = send(raw::addr(&s), head(method, target, &[]))
                .await
                .answered();
            assert!(
                r.status == 405 || r.status == 501,
                "{method} {target}: {r:?}"
            );
            r.assert_scim_error(r.status, None);
        }
        let r = send(raw::addr(&s), head(method, "/scim/v1/Users", &[]))
            .await
            .answered();
        assert!(r.status == 405 || r.status == 501, "{method}: {r:?}");
        r.assert_v1_error(r.status);
    }
    // CONNECT in its authority form, as a proxy client would send it.
    let r = send(raw::addr(&s), head("CONNECT", "example.com:443", &[]))
        .await
        .answered();
    assert!(
        r.status == 405 || r.status == 501 || r.status == 400,
        "{r:?}"
    );
}

#[tokio::test]
async fn broken_framing_is_refused_by_hyper_with_a_bare_400() {
    let s = server().await;
    // An unparseable Content-Length, and two that disagree: hyper's parser refuses them before
    // any SCIM code runs, with a 400 and no body, and closes.
    for lengths in [
        &[("Content-Length", "ten")][..],
        &[("Content-Length", "2"), ("Content-Length", "3")],
    ] {
        let mut request = head("POST", "/scim/v2/Users", lengths);
        request.extend_from_slice(b"{}");
        let r = send(raw::addr(&s), request).await.answered();
        assert_eq!(r.status, 400, "{r:?}");
        assert!(r.body.is_empty(), "{r:?}");
    }
    s.get("/Users").await.assert_status(200);
}

#[tokio::test]
async fn http2_with_prior_knowledge_is_not_served() {
    let s = server().await;
    // The HTTP/2 connection preface, then a SETTINGS frame: hyper's HTTP/1 parser recognises the
    // preface and closes (no HTTP/2 is served, so no HTTP/2 limits need holding).
    let mut preface = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec();
    preface.extend_from_slice(&[0, 0, 0, 4, 0, 0, 0, 0, 0]);
    match send(raw::addr(&s), preface).await {
        Outcome::Closed => {}
        Outcome::Answered(r) => assert!(r.status >= 400, "{r:?}"),
    }
    s.get("/Users").await.assert_status(200);
}
