//! The JUnit XML reporter, for CI systems (Jenkins, GitLab, GitHub test-report actions), written
//! with quick-junit (the writer nextest uses: it escapes failure text correctly).
//!
//! Layout, chosen for what CI systems show:
//! - `<testsuites name="scimulate">` with the run's totals, start time and duration;
//! - one `<testsuite>` per scenario directory: the scenario id without its last `::` segment
//!   (`users`, `okta::spec`); files at the top of the scenarios directory go in `scenarios`.
//!   Every suite carries the run's properties (`target`, `seed`, `run_tag`, `okta_mode`, `entra_patch`,
//!   `dialect`, `profile` when there is one, `scimulate_version`, `reproduce`, `bundled`):
//!   `<testsuites>` cannot hold properties;
//! - one `<testcase>` per scenario: `name` is the scenario's `name` (what a person reads),
//!   `classname` is its id with dots (`users.create_and_read`): GitLab shows it as the suite,
//!   Jenkins splits it into package `users` and class `create_and_read`, and together with
//!   `name` it is unique. `file` (the scenario file as given) and, for a failure, `line` (the
//!   failing step's) are the attributes GitLab and GitHub annotators read. The libtest id (for
//!   `--exact`) and the tags are testcase properties;
//! - a failed scenario has one `<failure>`: `message` is the first difference on one line, `type`
//!   its kind (`status`, `body`, `transport`…), the text every failing step with its messages,
//!   diffs and exchanges (bodies cut to [`BODY_LIMIT`] bytes); a skipped one has
//!   `<skipped message="reason"/>`; one that Ctrl-C interrupted is skipped too, with
//!   `type="interrupted"`, the message saying where the run stopped and the text what ran. What `--keep` left in place, and cleanup problems of a
//!   scenario that did not fail, go in the testcase's `<system-out>`.

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::{DateTime, FixedOffset};
use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use crate::runner::outcome::{RunInfo, RunOutcome, ScenarioOutcome, Verdict};

/// How much of a request or response body the failure text keeps (bytes), and the cut.
pub use super::failure_text::{BODY_LIMIT, truncate};
use super::failure_text::{TextStyle, cleanup_problems, warning_line};

/// The suite of scenarios at the top of the scenarios directory.
pub const TOP_LEVEL_SUITE: &str = "scenarios";

/// The run as a JUnit XML document.
pub fn junit(run: &RunOutcome) -> String {
    let started = started_at(&run.info);
    let mut suites: BTreeMap<String, Vec<&ScenarioOutcome>> = BTreeMap::new();
    for scenario in &run.scenarios {
        suites
            .entry(suite_name(&scenario.id))
            .or_default()
            .push(scenario);
    }
    let mut report = Report::new("scimulate");
    report.set_time(run.info.duration);
    if let Some(started) = started {
        report.set_timestamp(started);
    }
    for (name, scenarios) in suites {
        let mut suite = TestSuite::new(name);
        if let Some(started) = started {
            suite.set_timestamp(started);
        }
        suite.set_time(scenarios.iter().map(|s| s.duration).sum());
        suite.add_properties(run_properties(&run.info));
        suite.add_test_cases(scenarios.into_iter().map(test_case));
        report.add_test_suite(suite);
    }
    report
        .to_string()
        .expect("quick-junit writes to a String without I/O errors")
}

/// `users::create` → `users`; `okta::spec::push` → `okta::spec`; `create` → `scenarios`.
pub fn suite_name(id: &str) -> String {
    match id.rsplit_once("::") {
        Some((dir, _)) => dir.to_string(),
        None => TOP_LEVEL_SUITE.to_string(),
    }
}

/// `users::create` → `users.create`.
pub fn classname(id: &str) -> String {
    id.replace("::", ".")
}

fn started_at(info: &RunInfo) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(&info.started_at).ok()
}

fn run_properties(info: &RunInfo) -> Vec<Property> {
    let mut properties = vec![
        Property::new("target", &info.target),
        Property::new("bundled", info.bundled.to_string()),
        Property::new("seed", info.seed.to_string()),
        Property::new("run_tag", &info.run_tag),
        Property::new("okta_mode", &info.okta_mode),
        Property::new("entra_patch", &info.entra_patch),
        Property::new("dialect", &info.dialect),
        Property::new("scimulate_version", &info.scimulate_version),
        Property::new("reproduce", &info.reproduce),
        Property::new("deny_warnings", info.deny_warnings.to_string()),
    ];
    if let Some(profile) = &info.profile {
        properties.insert(6, Property::new("profile", profile));
    }
    properties
}

fn test_case(scenario: &ScenarioOutcome) -> TestCase {
    let status = match &scenario.verdict {
        Verdict::Passed => TestCaseStatus::success(),
        Verdict::Skipped(reason) => {
            let mut status = TestCaseStatus::skipped();
            status.set_message(reason.as_str());
            status
        }
        // Ctrl-C gave no verdict on the target: skipped, so CI counts it apart from failures;
        // the message says where the run stopped, the text what ran before.
        Verdict::Interrupted(reason) => {
            let mut status = TestCaseStatus::skipped();
            status.set_message(reason.as_str()).set_type("interrupted");
            if scenario.steps.iter().any(|s| !s.skipped) {
                status.set_description(failure_text(scenario));
            }
            status
        }
        Verdict::Failed => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            if let Some((message, kind)) = failure_message(scenario) {
                status.set_message(message).set_type(kind);
            } else {
                status.set_message("failed");
            }
            status.set_description(failure_text(scenario));
            status
        }
    };
    let mut case = TestCase::new(scenario.name.as_str(), status);
    case.set_classname(classname(&scenario.id));
    case.set_time(scenario.duration);
    let file = scenario.file.to_string_lossy().replace('\\', "/");
    case.extra.insert("file".into(), file.into());
    if let Some((step, _)) = scenario.first_failure() {
        case.extra
            .insert("line".into(), step.line.to_string().into());
    }
    if let Some(text) = system_out(scenario) {
        case.set_system_out(text);
    }
    case.add_property(Property::new("id", &scenario.id));
    if !scenario.tags.is_empty() {
        case.add_property(Property::new("tags", scenario.tags.join(",")));
    }
    let warnings = scenario.warnings().count();
    if warnings > 0 {
        case.add_property(Property::new("warnings", warnings.to_string()));
    }
    case
}

/// The first difference on one line: `step "create jane" at scenarios/users/create.yaml:12:
/// expected status 201, got 200`, and its kind (`status`).
pub fn failure_message(scenario: &ScenarioOutcome) -> Option<(String, &'static str)> {
    let (step, failure) = scenario.first_failure()?;
    let message = format!(
        "step \"{}\" at {}:{}: {}",
        step.name,
        scenario.file.display(),
        step.line,
        one_line(&failure.message)
    );
    Some((message, failure.kind.as_str()))
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of a `<failure>`: the shared failure text ([`super::failure_text`]), each finding
/// tagged with its kind and the failing exchange in full (headers and bodies, cut to
/// [`BODY_LIMIT`] bytes); the warnings go to `<system-out>`.
pub fn failure_text(scenario: &ScenarioOutcome) -> String {
    let style = TextStyle {
        kinds: true,
        full_exchange: true,
        ..TextStyle::default()
    };
    super::failure_text::failure_text(scenario, style)
}

/// A testcase's `<system-out>`: what `--keep` left in place, and (for a scenario that did not
/// fail, whose failure text would say it) what cleanup could not delete.
fn system_out(scenario: &ScenarioOutcome) -> Option<String> {
    let mut out = String::new();
    // Warnings keep the testcase green (CI consumers count them nowhere else) but are read here.
    for (step, warning) in scenario.warnings() {
        let _ = writeln!(out, "{}", warning_line(step, warning));
    }
    for step in &scenario.steps {
        for note in &step.not_applicable {
            let _ = writeln!(out, "step \"{}\" (line {}): {note}", step.name, step.line);
        }
    }
    if scenario.verdict != Verdict::Failed {
        cleanup_problems(scenario, &mut out);
    }
    for location in &scenario.kept {
        let _ = writeln!(out, "kept (--keep): {location}");
    }
    (!out.is_empty()).then_some(out)
}
