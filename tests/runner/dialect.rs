//! `--dialect 1.1` at library level: the repository's scenarios pick their `scim1.1:` variants
//! and `NAME.scim1.1.json` fixtures, so a 1.1 target that answers in 2.0 shapes fails and one
//! that answers in 1.1 shapes passes; and in 2.0 the reverse.

use scimulate::protocol::Dialect;
use scimulate::runner::outcome::FailureKind::{Body, Header};
use scimulate::runner::outcome::ScenarioOutcome;
use scimulate::runner::scenario_run::RunSettings;
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common;
use crate::support::{assert_failed_at, assert_passed, run_with, settings, target};

/// The repository's `users::not_found`: four requests for an unknown id, each must be 404.
fn not_found() -> scimulate::scenario::LoadedScenario {
    common::load("scenarios", "fixtures")
        .into_iter()
        .find(|l| l.id == "users::not_found")
        .expect("users::not_found")
}

fn error_2_0() -> (Value, &'static str) {
    let body = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "404", "detail": "no such user"});
    (body, "application/scim+json")
}

fn error_1_1() -> (Value, &'static str) {
    let body = json!({"Errors": [{"description": "no such user", "code": "404"}]});
    (body, "application/json")
}

/// Runs `users::not_found` in `dialect` against a stand-in that answers every request 404 with
/// `answer`, under `/scim/v1` or `/scim/v2`.
async fn run_against(dialect: Dialect, answer: (Value, &str)) -> ScenarioOutcome {
    let server = MockServer::start().await;
    let (body, media_type) = answer;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(404).set_body_raw(body.to_string().into_bytes(), media_type),
        )
        .mount(&server)
        .await;
    let base = match dialect {
        Dialect::Scim2 => format!("{}/scim/v2", server.uri()),
        Dialect::Scim11 => format!("{}/scim/v1", server.uri()),
    };
    let settings = RunSettings {
        dialect,
        ..settings()
    };
    run_with(&not_found(), &target(&base), &settings).await
}

#[tokio::test]
async fn each_dialect_passes_its_own_error_shape() {
    assert_passed(&run_against(Dialect::Scim11, error_1_1()).await);
    // Also the regression test for `contains` header checks, which were compared unsubstituted
    // (`${scim.mediaType}` literally) although the docs say they are substituted.
    assert_passed(&run_against(Dialect::Scim2, error_2_0()).await);
}

#[tokio::test]
async fn a_1_1_target_answering_2_0_errors_fails_at_the_first_step() {
    let outcome = run_against(Dialect::Scim11, error_2_0()).await;
    let failures = assert_failed_at(&outcome, 1, "get an unknown id", 7, 5, &[Header, Body]);
    assert!(
        failures[0]
            .message
            .contains("expected a value containing \"application/json\""),
        "{}",
        failures[0].message
    );
    assert!(
        failures[1].message.contains("Errors: expected"),
        "{}",
        failures[1].message
    );
}

#[tokio::test]
async fn a_2_0_target_answering_1_1_errors_fails_at_the_first_step() {
    let outcome = run_against(Dialect::Scim2, error_1_1()).await;
    let failures = assert_failed_at(&outcome, 1, "get an unknown id", 7, 5, &[Header, Body]);
    assert!(
        failures[1].message.contains("schemas: expected"),
        "{}",
        failures[1].message
    );
}
