//! Verdicts that did not hold when these tests were written, one test per bug fixed, with the
//! twin that must keep passing.

use scimulate::runner::outcome::FailureKind::{Header, Status};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::scimulate;
use crate::mock::{self, JANE_ID, KNOWN_USER, Misbehaviour};
use crate::support::{assert_failed_at, assert_passed, run, run_cli, scenario, target};

/// A stand-in answering `GET /Users/KNOWN_USER` with `response`.
async fn answering(response: ResponseTemplate) -> (MockServer, String) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/scim/v2/Users/{KNOWN_USER}")))
        .respond_with(response)
        .mount(&server)
        .await;
    let base = format!("{}/scim/v2", server.uri());
    (server, base)
}

fn known_user() -> ResponseTemplate {
    mock::scim(
        200,
        &json!({"id": KNOWN_USER, "userName": "known@example.com"}),
    )
}

fn server_error() -> ResponseTemplate {
    mock::scim(500, &mock::scim_error(500, "database unavailable"))
}

#[tokio::test]
async fn steps_without_a_status_expectation_pass_on_a_2xx() {
    let (_server, base) = answering(known_user()).await;
    for id in ["no_expect", "no_status"] {
        assert_passed(&run(&scenario("regressions", id), &target(&base)).await);
    }
}

/// docs/scenarios.md, Expectations: "When `status` (or the whole `expect`) is left out, any 2xx
/// status passes." A 500 passes such a step instead.
#[tokio::test]
async fn steps_without_a_status_expectation_fail_on_a_500() {
    let (_server, base) = answering(server_error()).await;
    for id in ["no_expect", "no_status"] {
        let outcome = run(&scenario("regressions", id), &target(&base)).await;
        let failures = assert_failed_at(&outcome, 1, "read the known user", 3, 5, &[Status]);
        assert!(
            failures[0].message.contains("500"),
            "{}",
            failures[0].message
        );
    }
}

fn twice_sent_header() -> ResponseTemplate {
    known_user()
        .append_header("Cache-Control", "no-store")
        .append_header("Cache-Control", "private")
}

/// docs/scenarios.md, Headers: "A header sent several times is checked against its values
/// joined with `, `." Only the first value is checked.
#[tokio::test]
async fn a_header_sent_twice_is_checked_against_its_joined_values() {
    let (_server, base) = answering(twice_sent_header()).await;
    let target = target(&base);
    assert_passed(&run(&scenario("regressions", "repeated_header"), &target).await);
    let outcome = run(
        &scenario("regressions", "repeated_header_first_only"),
        &target,
    )
    .await;
    assert_failed_at(&outcome, 1, "read the known user", 3, 5, &[Header]);
}

#[tokio::test]
async fn a_header_sent_once_is_checked_exactly() {
    let (_server, base) = answering(known_user().insert_header("Cache-Control", "no-store")).await;
    let target = target(&base);
    assert_passed(
        &run(
            &scenario("regressions", "repeated_header_first_only"),
            &target,
        )
        .await,
    );
    let outcome = run(&scenario("regressions", "repeated_header"), &target).await;
    let failures = assert_failed_at(&outcome, 1, "read the known user", 3, 5, &[Header]);
    assert!(
        failures[0].message.contains("Cache-Control"),
        "{}",
        failures[0].message
    );
}

/// The run tag printed in the run header: `…, run tag TAG, target …`.
fn run_tag(stdout: &str) -> String {
    let after = stdout.split("run tag ").nth(1).expect("a run tag");
    after.split(',').next().unwrap().to_string()
}

/// docs/scenarios.md, Identities: "The run tag (`${run.tag}`) is 8 lower-case letters and
/// digits". It has 6.
#[test]
fn the_run_tag_is_eight_lower_case_letters_and_digits() {
    let ran = scimulate(&[
        "run",
        "--scenarios",
        "scenarios",
        "--fixtures",
        "fixtures",
        "auth::",
    ]);
    ran.assert_code(0);
    let tag = run_tag(&ran.stdout);
    assert_eq!(tag.len(), 8, "run tag {tag:?}");
}

#[test]
fn the_run_tag_is_lower_case_letters_and_digits_and_fresh_for_each_run() {
    let args = [
        "run",
        "--scenarios",
        "scenarios",
        "--fixtures",
        "fixtures",
        "--seed",
        "7",
    ];
    let a = run_tag(&scimulate(&[&args[..], &["auth::"]].concat()).stdout);
    let b = run_tag(&scimulate(&[&args[..], &["auth::"]].concat()).stdout);
    for tag in [&a, &b] {
        assert!(
            !tag.is_empty()
                && tag
                    .bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        );
    }
    assert_ne!(a, b, "the same seed must still give a new run tag");
}

/// docs/scenarios.md, cleanup: "`--keep` skips cleanup and prints what was left behind."
/// Nothing is printed.
#[test]
fn keep_prints_what_was_left_behind() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (_server, base) = runtime.block_on(mock::start(Misbehaviour::None));
    let ran = run_cli("mock", &base, &["--keep", "user_body"]);
    ran.assert_code(0);
    let location = format!("{base}/Users/{JANE_ID}");
    assert!(ran.all().contains(&location), "{}", ran.all());
}

/// docs/scenarios.md, cleanup: each created resource "is deleted with `DELETE <path of the
/// POST>/<id>`". The runner deletes the `Location` instead, and a `Location` outside the target's
/// base URL (a server behind a proxy reporting its internal host) is left behind.
#[tokio::test]
async fn cleanup_deletes_the_post_path_and_id_whatever_the_location_says() {
    let (server, base) = mock::start(Misbehaviour::None).await;
    let internal = format!("http://scim-internal.example:8080/scim/v2/Users/{JANE_ID}");
    let mut body = mock::jane(&base);
    body["meta"]["location"] = json!(internal);
    Mock::given(method("POST"))
        .and(path("/scim/v2/Users"))
        .respond_with(mock::scim(201, &body).insert_header("Location", internal.as_str()))
        .with_priority(1)
        .mount(&server)
        .await;
    let outcome = run(&scenario("mock", "user_body"), &target(&base)).await;
    assert_passed(&outcome);
    assert_eq!(outcome.cleanup.len(), 1);
    assert_eq!(outcome.cleanup[0].result, Ok(204), "{:?}", outcome.cleanup);
    let received = mock::received(&server).await;
    assert_eq!(
        received.last(),
        Some(&format!("DELETE /scim/v2/Users/{JANE_ID}"))
    );
}

/// docs/scenarios.md, Authentication: `auth: {header: …}` is substituted like every other string;
/// it was sent with `${run.tag}` written literally.
#[tokio::test]
async fn an_auth_header_override_is_substituted() {
    let (server, base) = answering(known_user()).await;
    let outcome = run(
        &scenario("regressions", "auth_header_reference"),
        &target(&base),
    )
    .await;
    assert_passed(&outcome);
    let requests = server.received_requests().await.unwrap_or_default();
    let sent: Vec<_> = requests
        .iter()
        .filter_map(|r| r.headers.get("authorization"))
        .map(|v| v.to_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        sent,
        vec![format!("Bearer wrong-{}", crate::support::RUN_TAG)]
    );
}
