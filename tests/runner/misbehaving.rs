//! Library level: the scenarios of `cases/mock` against a wiremock stand-in that gets one thing
//! wrong. The broken scenario fails at the right step, with the right kind of failure and a
//! message and diff that show exactly the difference; against a correct stand-in every one of
//! them passes (the twin of each failing case).

use std::time::{Duration, Instant};

use scimulate::report::terminal::failure_text;
use scimulate::runner::outcome::FailureKind::{self, Body, Header, NotJson, Status, Transport};
use scimulate::runner::outcome::ScenarioOutcome;

use crate::common::closed_port;
use crate::mock::{self, ADMINS_ID, CREATED, JANE_ID, KNOWN_USER, MOCK_IDS, Misbehaviour};
use crate::support::{
    assert_failed_at, assert_passed, changed_lines, run, scenario, target, target_with_timeout,
};

/// Runs `cases/mock` scenario `id` against a stand-in with `mis`.
async fn run_mock(mis: Misbehaviour, id: &str) -> ScenarioOutcome {
    let (_server, base) = mock::start(mis).await;
    run(&scenario("mock", id), &target(&base)).await
}

/// The single failure of a failed outcome, after checking where it is.
fn only_failure(
    outcome: &ScenarioOutcome,
    step: usize,
    name: &str,
    line: usize,
    kind: FailureKind,
) -> scimulate::runner::outcome::Failure {
    assert_failed_at(outcome, step, name, line, 5, &[kind])[0].clone()
}

/// The report names the step, its number and `file:line:column`.
fn assert_report_names(outcome: &ScenarioOutcome, step: usize, name: &str, file: &str, line: u32) {
    let text = failure_text(outcome);
    let header = format!(
        "step {step} \"{name}\" failed at tests/runner/cases/mock/scenarios/{file}.yaml:{line}:5"
    );
    assert!(text.contains(&header), "expected `{header}` in:\n{text}");
}

#[tokio::test]
async fn every_mock_scenario_passes_against_a_matching_target() {
    let (server, base) = mock::start(Misbehaviour::None).await;
    let target = target(&base);
    for id in MOCK_IDS {
        assert_passed(&run(&scenario("mock", id), &target).await);
    }
    // user_body created Jane and deleted her afterwards.
    let received = mock::received(&server).await;
    assert_eq!(
        received
            .iter()
            .filter(|r| r.starts_with("DELETE"))
            .collect::<Vec<_>>(),
        vec![&format!("DELETE /scim/v2/Users/{JANE_ID}")]
    );
}

#[tokio::test]
async fn a_wrong_status_fails_with_both_statuses_and_the_servers_detail() {
    let outcome = run_mock(Misbehaviour::WrongStatus, "status").await;
    let failure = only_failure(&outcome, 1, "read the known user", 4, Status);
    assert_eq!(
        failure.message,
        format!("status: expected 200, actual 404 (server said: \"User {KNOWN_USER} not found\")")
    );
    assert_eq!(failure.diff, None);
    // The two statuses as values, for reporters that show them apart from the message.
    let compared = failure.compared.as_deref().expect("the two statuses");
    assert_eq!(
        (compared.expected.as_str(), compared.actual.as_str()),
        ("200", "404")
    );
    assert_report_names(&outcome, 1, "read the known user", "status", 4);
}

#[tokio::test]
async fn a_missing_attribute_fails_with_a_diff_of_only_that_attribute() {
    let outcome = run_mock(Misbehaviour::MissingAttribute, "user_body").await;
    let failure = only_failure(&outcome, 2, "read jane", 18, Body);
    assert!(
        failure
            .message
            .starts_with("body: displayName: expected \"Jane Doe\""),
        "{}",
        failure.message
    );
    let diff = failure.diff.expect("a diff");
    assert_eq!(
        changed_lines(&diff),
        ["-  \"displayName\": \"Jane Doe\","],
        "{diff}"
    );
    assert_report_names(&outcome, 2, "read jane", "user_body", 18);
    assert!(failure_text(&outcome).contains("    -  \"displayName\": \"Jane Doe\","));
}

#[tokio::test]
async fn a_wrong_value_fails_with_a_diff_of_that_value_and_not_of_ids_or_timestamps() {
    let (_server, base) = mock::start(Misbehaviour::WrongValue).await;
    let outcome = run(&scenario("mock", "user_body"), &target(&base)).await;
    let failure = only_failure(&outcome, 2, "read jane", 18, Body);
    assert_eq!(failure.message, "body: active: expected true, actual false");
    let diff = failure.diff.expect("a diff");
    assert_eq!(
        changed_lines(&diff),
        ["-  \"active\": true,", "+  \"active\": false,"],
        "{diff}"
    );
    // The captured id and the `$datetime` values matched: no line claims they differ.
    for line in changed_lines(&diff) {
        assert!(!line.contains(JANE_ID) && !line.contains(CREATED) && !line.contains('$'));
    }
    let text = failure_text(&outcome);
    assert!(
        text.contains("    -  \"active\": true,\n    +  \"active\": false,\n"),
        "{text}"
    );
    let exchange = format!("\n  GET {base}/Users/{JANE_ID} -> 200 (");
    assert!(text.contains(&exchange), "{text}");
}

#[tokio::test]
async fn an_extra_attribute_fails_in_exact_mode_and_passes_in_subset_mode() {
    let (_server, base) = mock::start(Misbehaviour::ExtraAttribute).await;
    let target = target(&base);
    let exact = run(&scenario("mock", "group_exact"), &target).await;
    let failure = only_failure(&exact, 1, "read admins exactly", 4, Body);
    assert!(
        failure.message.starts_with("body: externalId: "),
        "{}",
        failure.message
    );
    let diff = failure.diff.expect("a diff");
    assert_eq!(
        changed_lines(&diff),
        ["+  \"externalId\": \"okta-admins\""],
        "{diff}"
    );
    assert!(!changed_lines(&diff).iter().any(|l| l.contains(ADMINS_ID)));
    assert_passed(&run(&scenario("mock", "group_subset"), &target).await);
}

#[tokio::test]
async fn a_wrong_content_type_fails_the_header_check_only() {
    let outcome = run_mock(Misbehaviour::WrongContentType, "content_type").await;
    let failure = only_failure(
        &outcome,
        1,
        "read the service provider configuration",
        4,
        Header,
    );
    assert_eq!(
        failure.message,
        "header Content-Type: expected \"application/scim+json\", actual \"application/json\""
    );
}

#[tokio::test]
async fn a_500_fails_on_status_and_body() {
    let outcome = run_mock(Misbehaviour::ServerError, "server_error").await;
    let failures = assert_failed_at(&outcome, 1, "list groups", 4, 5, &[Status, Body]);
    assert_eq!(
        failures[0].message,
        "status: expected 200, actual 500 (server said: \"database unavailable\")"
    );
    let diff = failures[1].diff.as_ref().expect("a diff");
    assert!(
        changed_lines(diff)
            .iter()
            .any(|l| l == "-  \"totalResults\": 0"),
        "{diff}"
    );
    let text = failure_text(&outcome);
    assert!(
        text.contains("/scim/v2/Groups?count=10&startIndex=1 -> 500 ("),
        "{text}"
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_fails_with_a_snippet_of_it() {
    let outcome = run_mock(Misbehaviour::NotJson, "not_json").await;
    let failure = only_failure(&outcome, 1, "list schemas", 4, NotJson);
    assert_eq!(
        failure.message,
        "the response body is not JSON: \"<html><body><h1>Sign in to continue</h1></body></html>\""
    );
}

#[tokio::test]
async fn a_response_slower_than_the_timeout_fails_and_skips_the_rest() {
    let (_server, base) = mock::start(Misbehaviour::Slow).await;
    let started = Instant::now();
    let target = target_with_timeout(&base, Duration::from_millis(500));
    let outcome = run(&scenario("mock", "slow"), &target).await;
    assert!(
        started.elapsed() < Duration::from_millis(2500),
        "waited for the slow answer"
    );
    let failure = only_failure(&outcome, 1, "list resource types", 4, Transport);
    assert_eq!(failure.message, "no response within 0.5s (timeout)");
    assert!(outcome.steps[1].skipped && outcome.steps[1].exchanges.is_empty());
    let text = failure_text(&outcome);
    assert!(text.contains("  1 later step not run"), "{text}");
    assert!(
        text.contains("/ResourceTypes -> no response within 0.5s (timeout)"),
        "{text}"
    );
}

#[tokio::test]
async fn a_refused_connection_fails_every_scenario_at_its_first_step() {
    let base = format!("http://127.0.0.1:{}/scim/v2", closed_port());
    let target = target(&base);
    for (id, first_step) in [
        ("status", "read the known user"),
        ("user_body", "create jane"),
    ] {
        let outcome = run(&scenario("mock", id), &target).await;
        let failure = only_failure(&outcome, 1, first_step, 4, Transport);
        assert!(
            failure
                .message
                .starts_with("cannot connect to the target: ")
                && failure.message.to_lowercase().contains("refused"),
            "{}",
            failure.message
        );
        assert!(outcome.cleanup.is_empty(), "nothing was created");
    }
}

#[tokio::test]
async fn a_broken_scenario_still_cleans_up_what_it_created() {
    let (server, _base) = mock::start(Misbehaviour::WrongValue).await;
    let base = format!("{}/scim/v2", server.uri());
    let outcome = run(&scenario("mock", "user_body"), &target(&base)).await;
    assert_failed_at(&outcome, 2, "read jane", 18, 5, &[Body]);
    assert_eq!(outcome.cleanup.len(), 1);
    assert_eq!(
        outcome.cleanup[0].location,
        format!("{base}/Users/{JANE_ID}")
    );
    assert_eq!(outcome.cleanup[0].result, Ok(204));
    assert_eq!(
        mock::received(&server).await,
        [
            "POST /scim/v2/Users".to_string(),
            format!("GET /scim/v2/Users/{JANE_ID}"),
            format!("DELETE /scim/v2/Users/{JANE_ID}"),
        ]
    );
}
