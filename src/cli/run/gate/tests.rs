use std::time::Duration;

use super::*;
use crate::runner::outcome::{
    ExchangeRecord, Failure, FailureKind, RecordedRequest, RecordedResponse, RunInfo,
    ScenarioOutcome, StepOutcome,
};

fn exchange(response: Result<u16, &str>) -> ExchangeRecord {
    ExchangeRecord {
        request: RecordedRequest {
            method: "GET".into(),
            url: "http://t/Users".into(),
            headers: Vec::new(),
            body: None,
        },
        response: response
            .map(|status| RecordedResponse {
                status,
                headers: Vec::new(),
                body: String::new(),
                elapsed: Duration::ZERO,
            })
            .map_err(str::to_owned),
    }
}

fn scenario(verdict: Verdict, responses: &[Result<u16, &str>]) -> ScenarioOutcome {
    let mut step = StepOutcome::new("s".into(), 1, 1);
    step.exchanges = responses.iter().map(|r| exchange(*r)).collect();
    if verdict == Verdict::Failed {
        step.failures.push(Failure::new(FailureKind::Status, "x"));
    }
    ScenarioOutcome {
        id: "x".into(),
        name: "x".into(),
        file: "x.yaml".into(),
        tags: Vec::new(),
        verdict,
        steps: vec![step],
        cleanup: Vec::new(),
        kept: Vec::new(),
        duration: Duration::ZERO,
    }
}

fn run(target: &str, scenarios: Vec<ScenarioOutcome>) -> RunOutcome {
    RunOutcome {
        info: RunInfo {
            target: target.into(),
            bundled: false,
            seed: 1,
            run_tag: "t".into(),
            okta_mode: "oin".into(),
            entra_patch: "legacy".into(),
            idp: None,
            dialect: "2.0".into(),
            profile: None,
            scimulate_version: "0".into(),
            reproduce: String::new(),
            started_at: String::new(),
            duration: Duration::ZERO,
            deny_warnings: false,
        },
        scenarios,
    }
}

const T: &str = "https://scim.example.com/api";

#[test]
fn no_response_at_all_is_an_unreachable_target() {
    let refused = Err("cannot connect to the target: Connection refused");
    let d = diagnose(&run(T, vec![scenario(Verdict::Failed, &[refused])])).unwrap();
    assert!(d.message.contains("could not be reached"), "{}", d.message);
    assert!(d.message.contains("Connection refused"), "{}", d.message);
    let code = crate::cli::error::CliError::NotJudged(d.message).exit_code();
    assert_eq!(code, crate::exit_code::RUNTIME_ERROR);
}

#[test]
fn only_401_and_403_are_refused_credentials() {
    let outcome = run(
        T,
        vec![
            scenario(Verdict::Passed, &[Ok(401)]),
            scenario(Verdict::Failed, &[Ok(401), Ok(403)]),
        ],
    );
    let d = diagnose(&outcome).unwrap();
    assert!(
        d.message.contains("did not accept the credentials"),
        "{}",
        d.message
    );
}

#[test]
fn only_404_is_a_wrong_base_url_with_a_guess() {
    let d = diagnose(&run(
        T,
        vec![scenario(Verdict::Failed, &[Ok(404), Ok(404)])],
    ))
    .unwrap();
    assert!(
        d.message
            .contains("did you mean https://scim.example.com/api/scim/v2?"),
        "{}",
        d.message
    );
    let d = diagnose(&run(
        "http://x/scim/v2",
        vec![scenario(Verdict::Failed, &[Ok(404)])],
    ))
    .unwrap();
    assert!(!d.message.contains("did you mean"), "{}", d.message);
}

/// A target that answered anything else was judged: its failures are its own (exit 1).
#[test]
fn a_judged_target_gets_no_diagnosis() {
    let mixed = run(T, vec![scenario(Verdict::Failed, &[Ok(401), Ok(200)])]);
    assert_eq!(diagnose(&mixed), None);
    let some_answers = run(
        T,
        vec![scenario(Verdict::Failed, &[Ok(404), Err("timeout")])],
    );
    assert_eq!(diagnose(&some_answers), None);
    let passed = run(T, vec![scenario(Verdict::Passed, &[Ok(401)])]);
    assert_eq!(diagnose(&passed), None);
}
