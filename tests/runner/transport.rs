//! Transport faults: rate limiting (429 with `Retry-After`), 503, a connection reset in the middle
//! of a body, redirects, a TLS handshake against plain HTTP, gzip bodies, bodies that are not
//! UTF-8, a 10 MB body. Each gives a verdict on the right step, and the other scenario of the same
//! run (`cases/transport/ok`, against the same stand-in) still passes.

use std::io::Write as _;
use std::time::{Duration, Instant};

use scimulate::report::terminal::failure_text;
use scimulate::runner::outcome::FailureKind::{self, Body, NotJson, Status, Transport};
use scimulate::runner::outcome::{Failure, ScenarioOutcome};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{assert_failed_at, assert_passed, run, run_cli, scenario, target};

const SCIM: &str = "application/scim+json";
const FAULT_STEP: &str = "read the flaky resource";

/// A stand-in whose `/ok` is healthy; the test mounts `/fault`.
async fn stand_in() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/ok"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"ok":true}"#, SCIM))
        .mount(&server)
        .await;
    server
}

/// Mounts `/fault` answering `response`, `times` times if given (then the next mount answers).
async fn fault(server: &MockServer, response: ResponseTemplate, times: Option<u64>) {
    let mock = Mock::given(method("GET")).and(path("/fault"));
    match times {
        Some(n) => {
            mock.respond_with(response)
                .up_to_n_times(n)
                .with_priority(1)
                .mount(server)
                .await
        }
        None => mock.respond_with(response).mount(server).await,
    }
}

/// Runs `fault` then `ok` against `base`: the two scenarios of one run.
async fn run_both(base: &str) -> (ScenarioOutcome, ScenarioOutcome) {
    let target = target(base);
    let faulty = run(&scenario("transport", "fault"), &target).await;
    let ok = run(&scenario("transport", "ok"), &target).await;
    (faulty, ok)
}

/// The first failure of the faulty scenario, at its only step, whose failures are `kinds`.
fn failure_of(outcome: &ScenarioOutcome, kinds: &[FailureKind]) -> Failure {
    assert_failed_at(outcome, 1, FAULT_STEP, 4, 5, kinds)[0].clone()
}

fn statuses(outcome: &ScenarioOutcome) -> Vec<u16> {
    outcome.steps[0]
        .exchanges
        .iter()
        .map(|x| x.response.as_ref().expect("a response").status)
        .collect()
}

fn too_many(retry_after: &str) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .insert_header("Retry-After", retry_after)
        .set_body_raw(r#"{"detail":"slow down"}"#, SCIM)
}

fn ok_body() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(r#"{"ok":true}"#, SCIM)
}

#[tokio::test]
async fn a_429_with_retry_after_in_seconds_is_waited_for_and_retried() {
    let server = stand_in().await;
    fault(&server, too_many("1"), Some(1)).await;
    fault(&server, ok_body(), None).await;
    let started = Instant::now();
    let (faulty, ok) = run_both(&server.uri()).await;
    assert_passed(&faulty);
    assert_passed(&ok);
    assert!(started.elapsed() >= Duration::from_secs(1), "waited 1 s");
    // The retried 429 is kept in the step, so reports show it.
    assert_eq!(statuses(&faulty), vec![429, 200]);
}

#[tokio::test]
async fn a_429_with_retry_after_as_an_http_date_is_waited_for_and_retried() {
    let server = stand_in().await;
    let at = chrono::Utc::now() + chrono::Duration::seconds(2);
    let date = at.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    fault(&server, too_many(&date), Some(1)).await;
    fault(&server, ok_body(), None).await;
    let started = Instant::now();
    let (faulty, ok) = run_both(&server.uri()).await;
    assert_passed(&faulty);
    assert_passed(&ok);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
    assert_eq!(statuses(&faulty), vec![429, 200]);
}

#[tokio::test]
async fn a_429_that_persists_is_retried_three_times_then_fails_saying_so() {
    let server = stand_in().await;
    fault(&server, too_many("0"), None).await;
    let (faulty, ok) = run_both(&server.uri()).await;
    // The 429's error body is checked too, and lacks `ok`.
    let failure = failure_of(&faulty, &[Status, Body]);
    assert_eq!(
        failure.message,
        "status: expected 200, actual 429 (server said: \"slow down\") (429 Too Many Requests 4 \
         times: retried 3 times after waiting 0s, 0s, 0s as Retry-After asked)"
    );
    assert_eq!(statuses(&faulty), vec![429, 429, 429, 429]);
    let text = failure_text(&faulty);
    assert_eq!(text.matches("/fault -> 429").count(), 4, "{text}");
    assert_passed(&ok);
}

#[tokio::test]
async fn a_retry_after_longer_than_ten_seconds_is_not_waited_for() {
    let server = stand_in().await;
    fault(&server, too_many("30"), None).await;
    let started = Instant::now();
    let (faulty, ok) = run_both(&server.uri()).await;
    assert!(started.elapsed() < Duration::from_secs(5));
    // The 429's error body is checked too, and lacks `ok`.
    let failure = failure_of(&faulty, &[Status, Body]);
    assert_eq!(
        failure.message,
        "status: expected 200, actual 429 (server said: \"slow down\") (429 Too Many Requests \
         with Retry-After \"30\" (30s), longer than the 10s scimulate waits: not retried)"
    );
    assert_eq!(statuses(&faulty), vec![429]);
    assert_passed(&ok);
}

#[tokio::test]
async fn a_503_is_not_retried_and_fails_on_its_status() {
    let server = stand_in().await;
    fault(
        &server,
        ResponseTemplate::new(503).insert_header("Retry-After", "1"),
        None,
    )
    .await;
    let (faulty, ok) = run_both(&server.uri()).await;
    let failure = failure_of(&faulty, &[Status, NotJson]);
    assert_eq!(failure.message, "status: expected 200, actual 503");
    assert_eq!(statuses(&faulty), vec![503]);
    assert_passed(&ok);
}

#[tokio::test]
async fn a_redirect_is_not_followed_and_the_failure_shows_where_it_pointed() {
    for code in [307, 308] {
        let server = stand_in().await;
        fault(
            &server,
            ResponseTemplate::new(code).insert_header("Location", "https://elsewhere.example/ok"),
            None,
        )
        .await;
        let (faulty, ok) = run_both(&server.uri()).await;
        let failure = failure_of(&faulty, &[Status, NotJson]);
        assert_eq!(
            failure.message,
            format!(
                "status: expected 200, actual {code} (a redirect to \
                 https://elsewhere.example/ok, which scimulate does not follow)"
            )
        );
        assert_eq!(statuses(&faulty), vec![code]);
        assert_passed(&ok);
    }
}

#[tokio::test]
async fn a_gzip_body_is_decoded_and_matched() {
    let server = stand_in().await;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(br#"{"ok":true,"extra":"zipped"}"#)
        .unwrap();
    let zipped = encoder.finish().unwrap();
    fault(
        &server,
        ResponseTemplate::new(200)
            .insert_header("Content-Encoding", "gzip")
            .set_body_raw(zipped, SCIM),
        None,
    )
    .await;
    let (faulty, ok) = run_both(&server.uri()).await;
    assert_passed(&faulty);
    assert_passed(&ok);
    let response = faulty.steps[0].exchanges[0].response.as_ref().unwrap();
    assert_eq!(response.body, r#"{"ok":true,"extra":"zipped"}"#);
}

#[tokio::test]
async fn a_body_that_is_not_utf8_is_recorded_lossily_and_is_not_json() {
    let server = stand_in().await;
    fault(
        &server,
        ResponseTemplate::new(200).set_body_raw(b"\xff\xfe{\"ok\":\xc3true}".to_vec(), SCIM),
        None,
    )
    .await;
    let (faulty, ok) = run_both(&server.uri()).await;
    let failure = failure_of(&faulty, &[NotJson]);
    assert!(
        failure
            .message
            .starts_with("the response body is not JSON: \"\u{fffd}\u{fffd}{\\\"ok\\\":"),
        "{}",
        failure.message
    );
    let response = faulty.steps[0].exchanges[0].response.as_ref().unwrap();
    assert_eq!(response.body, "\u{fffd}\u{fffd}{\"ok\":\u{fffd}true}");
    assert_passed(&ok);
}

#[tokio::test]
async fn a_ten_megabyte_body_is_matched_in_reasonable_time() {
    let server = stand_in().await;
    let body = json!({"ok": true, "padding": "x".repeat(10 * 1024 * 1024)}).to_string();
    fault(
        &server,
        ResponseTemplate::new(200).set_body_raw(body, SCIM),
        None,
    )
    .await;
    let started = Instant::now();
    let (faulty, ok) = run_both(&server.uri()).await;
    assert_passed(&faulty);
    assert_passed(&ok);
    assert!(started.elapsed() < Duration::from_secs(30));
}

/// A raw HTTP/1.1 stand-in: `/ok` is healthy; anything else gets headers announcing a
/// 1000-byte body, 10 bytes of it, and a closed connection.
async fn cut_off_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let healthy = request.starts_with(b"GET /ok ");
                let response: &[u8] = if healthy {
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\n\
                      Content-Length: 11\r\nConnection: close\r\n\r\n{\"ok\":true}"
                } else {
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\n\
                      Content-Length: 1000\r\n\r\n{\"ok\":tru"
                };
                let _ = socket.write_all(response).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_connection_closed_in_the_middle_of_the_body_is_a_transport_failure() {
    let base = cut_off_server().await;
    let (faulty, ok) = run_both(&base).await;
    let failure = failure_of(&faulty, &[Transport]);
    assert!(
        failure
            .message
            .starts_with("the response body could not be read: "),
        "{}",
        failure.message
    );
    assert!(
        failure.message.ends_with(
            "end of file before message length reached (the connection ended before the whole \
             body came)"
        ),
        "{}",
        failure.message
    );
    assert_passed(&ok);
}

#[tokio::test]
async fn a_connection_closed_in_the_middle_of_the_body_through_the_binary() {
    let base = cut_off_server().await;
    let ran = tokio::task::spawn_blocking(move || run_cli("transport", &base, &[]))
        .await
        .unwrap();
    ran.assert_code(1);
    assert_eq!(ran.result_of("ok"), "ok");
    assert_eq!(ran.result_of("fault"), "FAILED");
    assert!(
        ran.stdout.contains(&format!(
            "step 1 \"{FAULT_STEP}\" failed at tests/runner/cases/transport/scenarios/fault.yaml:4:5"
        )),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains("the response body could not be read: "),
        "{}",
        ran.stdout
    );
}

#[tokio::test]
async fn a_persistent_429_through_the_binary_shows_every_attempt() {
    let server = stand_in().await;
    fault(&server, too_many("1"), None).await;
    let base = server.uri();
    let ran = tokio::task::spawn_blocking(move || run_cli("transport", &base, &[]))
        .await
        .unwrap();
    ran.assert_code(1);
    assert_eq!(ran.result_of("ok"), "ok");
    assert_eq!(ran.result_of("fault"), "FAILED");
    assert!(
        ran.stdout
            .contains("retried 3 times after waiting 1s, 1s, 1s as Retry-After asked"),
        "{}",
        ran.stdout
    );
    assert_eq!(
        ran.stdout.matches("/fault -> 429").count(),
        4,
        "{}",
        ran.stdout
    );
}

#[tokio::test]
async fn https_against_a_plain_http_port_is_a_tls_transport_failure() {
    let server = stand_in().await;
    let base = server.uri().replace("http://", "https://");
    let (faulty, ok) = run_both(&base).await;
    // Both scenarios get the verdict; neither crashes the run.
    for (outcome, step) in [(&faulty, FAULT_STEP), (&ok, "read the healthy resource")] {
        let failure = assert_failed_at(outcome, 1, step, 4, 5, &[Transport])[0].clone();
        assert!(
            failure
                .message
                .starts_with("cannot connect to the target: the TLS handshake failed: "),
            "{}",
            failure.message
        );
    }
}
