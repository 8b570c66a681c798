//! The cases of these tests and how they run: loading `cases/<case>`, running a scenario at
//! library level against a target presenting `Bearer t`, `scimulate run` over a case, reading
//! libtest's result lines, and picking failures and diff lines apart.

use std::path::{Path, PathBuf};
use std::time::Duration;

use scimulate::protocol::{DiffTag, JsonDiff};
use scimulate::runner::outcome::{Failure, FailureKind, ScenarioOutcome, StepOutcome, Verdict};
use scimulate::runner::scenario_run::{RunSettings, run_scenario};
use scimulate::runner::target::Target;
use scimulate::scenario::LoadedScenario;

use crate::common::{self, Ran, scimulate};

/// Where the scenario and fixture files of these tests live (relative: cargo runs integration
/// tests from the package root, and reports show paths as given).
pub const CASES: &str = "tests/runner/cases";

/// The run tag of library-level runs.
pub const RUN_TAG: &str = "t3st00";

pub fn case_dir(case: &str) -> PathBuf {
    Path::new(CASES).join(case)
}

/// Loads every scenario of `cases/<case>/scenarios` with the fixtures of `cases/<case>/fixtures`.
pub fn load_case(case: &str) -> Vec<LoadedScenario> {
    let dir = case_dir(case);
    common::load(dir.join("scenarios"), dir.join("fixtures"))
}

/// The scenario `id` of `cases/<case>`.
pub fn scenario(case: &str, id: &str) -> LoadedScenario {
    load_case(case)
        .into_iter()
        .find(|l| l.id == id)
        .unwrap_or_else(|| panic!("no scenario `{id}` in {case}"))
}

pub fn settings() -> RunSettings {
    common::settings(RUN_TAG)
}

/// A target at `base_url`, presenting `Bearer t`, with a per-request timeout.
pub fn target_with_timeout(base_url: &str, timeout: Duration) -> Target {
    common::target(base_url, "Bearer t", timeout)
}

pub fn target(base_url: &str) -> Target {
    target_with_timeout(base_url, Duration::from_secs(10))
}

/// Runs one scenario with the default [`settings`].
pub async fn run(loaded: &LoadedScenario, target: &Target) -> ScenarioOutcome {
    run_with(loaded, target, &settings()).await
}

pub async fn run_with(
    loaded: &LoadedScenario,
    target: &Target,
    settings: &RunSettings,
) -> ScenarioOutcome {
    run_scenario(loaded, target, settings).await.0
}

/// Asserts the scenario passed, showing the failure text if it did not.
pub fn assert_passed(outcome: &ScenarioOutcome) {
    assert_eq!(
        outcome.verdict,
        Verdict::Passed,
        "{} should have passed:\n{}",
        outcome.id,
        scimulate::report::terminal::failure_text(outcome)
    );
    assert!(outcome.steps.iter().all(StepOutcome::passed));
}

/// Asserts the scenario failed at exactly one step, number `step` (1-based), named `name` and
/// at `line:column` of its file, with failures of exactly `kinds`; steps after it are skipped.
/// Returns the failures.
pub fn assert_failed_at<'o>(
    outcome: &'o ScenarioOutcome,
    step: usize,
    name: &str,
    line: usize,
    column: usize,
    kinds: &[FailureKind],
) -> &'o [Failure] {
    assert_eq!(
        outcome.verdict,
        Verdict::Failed,
        "{} should fail",
        outcome.id
    );
    let failing: Vec<usize> = (0..outcome.steps.len())
        .filter(|&i| !outcome.steps[i].failures.is_empty())
        .collect();
    assert_eq!(
        failing,
        vec![step - 1],
        "the failing steps of {}",
        outcome.id
    );
    let s = &outcome.steps[step - 1];
    assert_eq!(s.name, name);
    assert_eq!((s.line, s.column), (line, column), "position of `{name}`");
    let got: Vec<FailureKind> = s.failures.iter().map(|f| f.kind).collect();
    assert_eq!(got, kinds, "failure kinds of `{name}`: {:#?}", s.failures);
    for (i, other) in outcome.steps.iter().enumerate() {
        assert_eq!(other.skipped, i >= step, "step {} skipped?", i + 1);
    }
    &s.failures
}

/// The `-`/`+` lines of a diff as printed (in a process's stdout), headers left out.
pub fn printed_changed_lines(diff: &str) -> Vec<&str> {
    diff.lines()
        .filter(|l| (l.starts_with('-') || l.starts_with('+')) && !l.starts_with("---"))
        .filter(|l| !l.starts_with("+++"))
        .collect()
}

/// The deleted and inserted lines of a diff, as the unified diff prints them.
pub fn changed_lines(diff: &JsonDiff) -> Vec<String> {
    diff.lines
        .iter()
        .filter(|l| matches!(l.tag, DiffTag::Delete | DiffTag::Insert))
        .map(ToString::to_string)
        .collect()
}

/// libtest's result lines in what `scimulate run` printed.
impl Ran {
    /// The libtest result line of scenario `id`: `ok`, `FAILED`, … (panics if absent).
    pub fn result_of(&self, id: &str) -> &str {
        self.stdout
            .lines()
            .filter(|l| l.starts_with("test "))
            .find_map(|l| {
                let (name, result) = l.rsplit_once(" ... ")?;
                (name.split_whitespace().last() == Some(id)).then_some(result.trim())
            })
            .unwrap_or_else(|| panic!("no result line for {id}:\n{}", self.stdout))
    }

    /// Every `test …` result line's id, sorted (lines come in completion order).
    pub fn ids_run(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .stdout
            .lines()
            .filter(|l| l.starts_with("test ") && l.contains(" ... "))
            .filter_map(|l| l.rsplit_once(" ... ")?.0.split_whitespace().last())
            .map(str::to_string)
            .collect();
        ids.sort();
        ids
    }
}

/// `scimulate run` over the `scenarios/` and `fixtures/` of `dir`, plus `extra` (against the
/// bundled server unless `extra` names a target).
pub fn run_dir(dir: &Path, extra: &[&str]) -> Ran {
    let scenarios = dir.join("scenarios");
    let fixtures = dir.join("fixtures");
    let mut args = vec![
        "run",
        "--scenarios",
        scenarios.to_str().unwrap(),
        "--fixtures",
        fixtures.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    scimulate(&args)
}

/// `scimulate run` over `cases/<case>` against `target` with `Bearer t`, plus `extra`.
pub fn run_cli(case: &str, target: &str, extra: &[&str]) -> Ran {
    let against = ["--target", target, "--bearer", "t", "--test-threads", "2"];
    run_dir(&case_dir(case), &[&against[..], extra].concat())
}

/// Copies the directory tree `from` into `to` (created).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}
