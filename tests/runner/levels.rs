//! Levels, reasons, optional features and alternatives: each proven on a stand-in server that
//! breaks the rule (the check catches it at its level) and on one that keeps it.

use scimulate::runner::advertised::Advertised;
use scimulate::runner::outcome::{FailureKind, ScenarioOutcome, Verdict};
use scimulate::runner::scenario_run::RunSettings;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{run, run_with, scenario, settings, target};

const CASE: &str = "levels";

async fn server(verb: &str, at: &str, response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

fn scim(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("Content-Type", "application/scim+json")
        .set_body_json(body)
}

fn warnings(outcome: &ScenarioOutcome) -> Vec<String> {
    outcome.warnings().map(|(_, w)| w.message.clone()).collect()
}

#[tokio::test]
async fn an_etag_check_applies_only_to_a_target_that_advertises_etags() {
    let loaded = scenario(CASE, "etag");
    let no_etag = server("POST", "/Users", scim(201, json!({"id": "u1"}))).await;
    let target = target(&no_etag.uri());
    // Advertised (the default assumes every feature): the missing ETag fails.
    let outcome = run(&loaded, &target).await;
    assert_eq!(outcome.verdict, Verdict::Failed);
    assert_eq!(outcome.steps[0].failures[0].kind, FailureKind::Header);
    // Not advertised: not judged, and the report says why.
    let spc = json!({"etag": {"supported": false}, "patch": {"supported": true}});
    let settings = RunSettings {
        advertised: Advertised::from_config(&spc, "GET /ServiceProviderConfig"),
        ..settings()
    };
    let outcome = run_with(&loaded, &target, &settings).await;
    assert_eq!(outcome.verdict, Verdict::Passed);
    let notes = &outcome.steps[0].not_applicable;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("`etag.supported` is not true"),
        "{notes:?}"
    );
}

#[tokio::test]
async fn a_legal_refusal_is_a_warning_and_ends_the_scenario() {
    let loaded = scenario(CASE, "alternative");
    let error =
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "400"});
    let refuses = server("PATCH", "/Groups/g1", scim(400, error)).await;
    let outcome = run(&loaded, &target(&refuses.uri())).await;
    assert_eq!(outcome.verdict, Verdict::Passed);
    let found = warnings(&outcome);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("alternative outcome") && found[0].contains("actual 400"),
        "{found:?}"
    );
    let (_, warning) = outcome.warnings().next().expect("a warning");
    assert_eq!(
        warning.reason.as_deref(),
        Some("RFC 7644 §3.5.2: refusing a PATCH whole is legal")
    );
    let read_back = &outcome.steps[1];
    assert!(read_back.skipped && read_back.exchanges.is_empty());
    assert_eq!(
        read_back.skip_reason.as_deref(),
        Some("not run: step 1 met an alternative outcome after which this step does not apply")
    );
}

#[tokio::test]
async fn an_outcome_no_alternative_allows_fails_with_the_expectations_finding() {
    let loaded = scenario(CASE, "alternative");
    // A 400 without a SCIM error body is not the alternative either.
    let breaks = server("PATCH", "/Groups/g1", ResponseTemplate::new(400)).await;
    let outcome = run(&loaded, &target(&breaks.uri())).await;
    assert_eq!(outcome.verdict, Verdict::Failed);
    let failure = &outcome.steps[0].failures[0];
    assert!(
        failure
            .message
            .contains("expected one of 200, 204, actual 400"),
        "{failure:?}"
    );
    assert!(warnings(&outcome).is_empty());
    assert_eq!(
        outcome.steps[1].skip_reason.as_deref(),
        Some("not run: step 1 failed")
    );
}

#[tokio::test]
async fn a_warning_does_not_fail_unless_warnings_are_denied() {
    let loaded = scenario(CASE, "warn_header");
    let plain = server("GET", "/Users", scim(200, json!({"Resources": []}))).await;
    let target = target(&plain.uri());
    let outcome = run(&loaded, &target).await;
    assert_eq!(outcome.verdict, Verdict::Passed);
    assert_eq!(warnings(&outcome).len(), 1);
    assert!(
        !outcome.steps[1].skipped,
        "a warning does not stop the scenario"
    );
    let strict = RunSettings {
        deny_warnings: true,
        ..settings()
    };
    let outcome = run_with(&loaded, &target, &strict).await;
    assert_eq!(outcome.verdict, Verdict::Failed);
    let failure = &outcome.steps[0].failures[0];
    assert!(
        failure
            .message
            .ends_with("(a warning, failed by --deny-warnings)"),
        "{failure:?}"
    );
    assert_eq!(failure.reason.as_deref(), Some("a SHOULD of some RFC"));
    // The header present: nothing to warn about.
    let keeps = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(scim(200, json!({"Resources": []})).insert_header("X-Should", "yes"))
        .mount(&keeps)
        .await;
    let outcome = run_with(&loaded, &crate::support::target(&keeps.uri()), &strict).await;
    assert_eq!(outcome.verdict, Verdict::Passed);
    assert!(warnings(&outcome).is_empty());
}

/// Regression: a capture that found nothing also made the same step's checks that use it say
/// "`${new_id}` is not defined"; the capture is the one failure.
#[tokio::test]
async fn a_failed_capture_is_not_followed_by_undefined_variables() {
    let loaded = scenario(CASE, "capture");
    let no_id = server("POST", "/Users", scim(201, json!({"userName": "x"}))).await;
    let outcome = run(&loaded, &target(&no_id.uri())).await;
    assert_eq!(outcome.verdict, Verdict::Failed);
    let kinds: Vec<FailureKind> = outcome.steps[0].failures.iter().map(|f| f.kind).collect();
    assert_eq!(
        kinds,
        [FailureKind::Capture],
        "{:#?}",
        outcome.steps[0].failures
    );
    assert_eq!(
        outcome.steps[1].skip_reason.as_deref(),
        Some("not run: step 1 failed")
    );
}

/// A capture that finds nothing is no failure in a step that met a `stop: true` alternative: no
/// later step runs to use it (a target that sends no ETag ends an ETag scenario there).
#[tokio::test]
async fn a_stopping_alternative_forgives_a_capture_nothing_will_use() {
    let loaded = scenario(CASE, "capture_then_stop");
    let no_etag = server("GET", "/Users/u1", scim(200, json!({"id": "u1"}))).await;
    let outcome = run(&loaded, &target(&no_etag.uri())).await;
    assert_eq!(outcome.verdict, Verdict::Passed, "{:#?}", outcome.steps);
    assert!(outcome.steps[0].failures.is_empty());
    assert!(outcome.steps[1].skipped);
    // With the ETag, the capture holds and the next step runs.
    let with_etag = server(
        "GET",
        "/Users/u1",
        scim(200, json!({"id": "u1"})).insert_header("ETag", "W/\"1\""),
    )
    .await;
    let outcome = run(&loaded, &target(&with_etag.uri())).await;
    assert_eq!(outcome.verdict, Verdict::Failed);
    assert!(
        outcome.steps[1].failures[0]
            .message
            .contains("expected 304")
    );
}
