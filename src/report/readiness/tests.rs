//! The judging rules, on hand-built outcomes: each status is reached, and the overall verdict
//! follows the required tests only.

use std::path::PathBuf;
use std::time::Duration;

use super::*;
use crate::runner::outcome::{Failure, FailureKind, RunInfo, StepOutcome};

fn info(idp: Option<&str>) -> RunInfo {
    RunInfo {
        target: "http://127.0.0.1:1/scim/v2".into(),
        bundled: true,
        seed: 1,
        run_tag: "t".into(),
        okta_mode: "oin".into(),
        entra_patch: "legacy".into(),
        idp: idp.map(str::to_owned),
        dialect: "2.0".into(),
        profile: None,
        scimulate_version: "0".into(),
        reproduce: "scimulate run".into(),
        started_at: "2026-12-03T00:00:00Z".into(),
        duration: Duration::ZERO,
        deny_warnings: false,
    }
}

fn step(name: &str) -> StepOutcome {
    StepOutcome::new(name.into(), 1, 1)
}

fn scenario(id: &str, verdict: Verdict, steps: Vec<StepOutcome>) -> ScenarioOutcome {
    ScenarioOutcome {
        id: id.into(),
        name: id.into(),
        file: PathBuf::from(format!("{id}.yaml")),
        tags: Vec::new(),
        verdict,
        steps,
        cleanup: Vec::new(),
        kept: Vec::new(),
        duration: Duration::ZERO,
    }
}

fn passed(id: &str) -> ScenarioOutcome {
    scenario(id, Verdict::Passed, vec![step("s")])
}

fn finding(message: &str) -> Failure {
    Failure::new(FailureKind::Status, message)
}

/// `id` failed at its one step, `step_name`, with `message`.
fn failed(id: &str, step_name: &str, message: &str) -> ScenarioOutcome {
    let mut broken = step(step_name);
    broken.failures.push(finding(message));
    scenario(id, Verdict::Failed, vec![broken])
}

/// Every scenario any catalogue names, passed.
fn all_passed() -> Vec<ScenarioOutcome> {
    let mut ids: Vec<&str> = [&okta::CATALOGUE, &entra::CATALOGUE]
        .iter()
        .flat_map(|c| c.scenario_ids())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter()
        .map(|id| match id {
            "okta::flows::crud_lifecycle" => scenario(id, Verdict::Passed, crud_steps()),
            _ => passed(id),
        })
        .collect()
}

fn crud_steps() -> Vec<StepOutcome> {
    (1..=7).map(|n| step(&format!("step {n}"))).collect()
}

fn run(idp: Option<&str>, scenarios: Vec<ScenarioOutcome>) -> RunOutcome {
    RunOutcome {
        info: info(idp),
        scenarios,
    }
}

fn test<'a>(gate: &'a IdpReadiness, name: &str) -> &'a TestReadiness {
    gate.tests
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no test {name}"))
}

fn replace(scenarios: &mut [ScenarioOutcome], with: ScenarioOutcome) {
    let slot = scenarios
        .iter_mut()
        .find(|s| s.id == with.id)
        .expect("the scenario is in the run");
    *slot = with;
}

#[test]
fn a_run_where_everything_passed_would_pass_both_gates() {
    let gates = readiness(&run(None, all_passed()));
    assert_eq!(gates.len(), 2);
    for gate in &gates {
        assert_eq!(gate.overall, Overall::WouldPass, "{}", gate.title);
    }
    let okta = &gates[0];
    assert_eq!(
        test(okta, "1. Check that the app instance exists").status,
        Status::NotReproduced
    );
    assert_eq!(okta.tally(true).failed, 0);
    assert_eq!(okta.mode, "Okta mode oin");
    assert_eq!(gates[1].mode, "Entra PATCH legacy");
}

#[test]
fn a_failed_crud_step_fails_its_tests_and_leaves_the_later_ones_not_reached() {
    let mut scenarios = all_passed();
    let mut steps = crud_steps();
    steps[3]
        .failures
        .push(finding("the deactivated user answered 404"));
    for s in &mut steps[4..] {
        s.skipped = true;
        s.skip_reason = Some("not run: step 4 failed".into());
    }
    replace(
        &mut scenarios,
        scenario("okta::flows::crud_lifecycle", Verdict::Failed, steps),
    );
    let gate = judge(&okta::CATALOGUE, &run(None, scenarios));
    assert_eq!(gate.overall, Overall::WouldFail);
    assert_eq!(
        test(&gate, "6. The SCIM user has the new givenName").status,
        Status::Pass
    );
    let deactivated = test(
        &gate,
        "8. The deactivated user is readable, with active false",
    );
    assert_eq!(deactivated.status, Status::Fail);
    assert_eq!(
        deactivated.detail.as_deref(),
        Some("the deactivated user answered 404")
    );
    let reactivated = test(&gate, "11. The SCIM user is active again");
    assert_eq!(reactivated.status, Status::NotReached);
    let failing: Vec<&str> = gate.failing().map(|t| t.name).collect();
    assert_eq!(
        failing,
        [
            "7. Deactivate the user in Okta",
            "8. The deactivated user is readable, with active false"
        ]
    );
    assert_eq!(gate.tally(true).not_reached, 5);
}

#[test]
fn the_worst_status_of_the_parts_that_ran_decides() {
    let mut scenarios = all_passed();
    replace(
        &mut scenarios,
        failed("okta::flows::group_push_empty", "s", "no"),
    );
    let gate = judge(&okta::CATALOGUE, &run(None, scenarios));
    let t = test(&gate, "Push groups and their members");
    assert_eq!(t.status, Status::Fail);
    assert_eq!(t.evidence[0].status, Status::Pass);
}

#[test]
fn a_failed_scenario_fails_its_test_with_the_first_failure_as_detail() {
    let mut scenarios = all_passed();
    replace(
        &mut scenarios,
        failed(
            "okta::spec::11_status_401",
            "GET /Users without credentials",
            "status 200, expected 401",
        ),
    );
    let gate = judge(&okta::CATALOGUE, &run(None, scenarios));
    let t = test(&gate, "Check status 401");
    assert_eq!(t.status, Status::Fail);
    assert_eq!(
        t.detail.as_deref(),
        Some("step \"GET /Users without credentials\": status 200, expected 401")
    );
    assert_eq!(gate.overall, Overall::WouldFail);
}

#[test]
fn an_optional_failure_does_not_fail_the_gate() {
    let mut scenarios = all_passed();
    replace(
        &mut scenarios,
        failed("entra::validator::remove_manager", "s", "no"),
    );
    let gate = judge(&entra::CATALOGUE, &run(None, scenarios));
    assert_eq!(test(&gate, "Remove manager").status, Status::Fail);
    assert_eq!(gate.overall, Overall::WouldPass);
    assert_eq!(gate.tally(false).failed, 1);
}

#[test]
fn a_warning_passes_and_is_counted() {
    let mut scenarios = all_passed();
    let mut warned = step("s");
    warned.warnings.push(finding("itemsPerPage is 1"));
    replace(
        &mut scenarios,
        scenario(
            "okta::spec::03_invalid_user_by_username",
            Verdict::Passed,
            vec![warned],
        ),
    );
    let gate = judge(&okta::CATALOGUE, &run(None, scenarios));
    assert_eq!(
        test(&gate, "Test invalid User by username").status,
        Status::Warn
    );
    assert_eq!(gate.overall, Overall::WouldPass);
    assert_eq!(gate.tally(true).warned, 1);
}

#[test]
fn a_skipped_scenario_is_not_applicable_and_leaves_the_gate_undecided() {
    let mut scenarios = all_passed();
    let reason = "the target profile rules out deactivate-keeps-user";
    replace(
        &mut scenarios,
        scenario(
            "okta::flows::crud_lifecycle",
            Verdict::Skipped(reason.into()),
            Vec::new(),
        ),
    );
    let gate = judge(&okta::CATALOGUE, &run(None, scenarios));
    let t = test(&gate, "3. Assign the user to the app");
    assert_eq!(t.status, Status::NotApplicable);
    assert_eq!(t.detail.as_deref(), Some(reason));
    // The focused scenarios ran and passed, but they do not stand in for the CRUD test.
    assert_eq!(
        test(
            &gate,
            "8. The deactivated user is readable, with active false"
        )
        .status,
        Status::NotApplicable
    );
    assert_eq!(gate.overall, Overall::Undecided);
}

#[test]
fn a_step_an_alternative_outcome_stopped_is_not_applicable() {
    let mut scenarios = all_passed();
    let mut steps = crud_steps();
    steps[6].skipped = true;
    steps[6].skip_reason = Some("not run: step 6 met an alternative outcome".into());
    replace(
        &mut scenarios,
        scenario("okta::flows::crud_lifecycle", Verdict::Passed, steps),
    );
    let gate = judge(&okta::CATALOGUE, &run(None, scenarios));
    assert_eq!(
        test(&gate, "12. Remove the user's assignment").status,
        Status::NotApplicable
    );
}

#[test]
fn a_test_whose_scenarios_were_filtered_out_is_not_run() {
    let scenarios: Vec<ScenarioOutcome> = all_passed()
        .into_iter()
        .filter(|s| s.id != "entra::validator::create_user")
        .collect();
    let gate = judge(&entra::CATALOGUE, &run(None, scenarios));
    assert_eq!(test(&gate, "Create user").status, Status::NotRun);
    assert_eq!(gate.overall, Overall::Undecided);
}

#[test]
fn only_the_gates_of_the_runs_idp_and_with_a_scenario_in_the_run_are_shown() {
    assert_eq!(readiness(&run(Some("entra"), all_passed()))[0].idp, "entra");
    assert_eq!(readiness(&run(Some("entra"), all_passed())).len(), 1);
    let own = vec![passed("vendor::own_scenario")];
    assert!(readiness(&run(None, own)).is_empty());
    let okta_only = vec![passed("okta::spec::01_users_endpoint")];
    let gates = readiness(&run(None, okta_only));
    assert_eq!(gates.len(), 1);
    assert_eq!(gates[0].overall, Overall::Undecided);
}

#[test]
fn statuses_order_worst_first() {
    assert!(Status::Fail < Status::NotReached);
    assert!(Status::NotReached < Status::Warn);
    assert!(Status::Warn < Status::Pass);
    assert!(Status::Pass < Status::NotApplicable);
    assert!(Status::NotApplicable < Status::NotRun);
}
