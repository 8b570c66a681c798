//! The JUnit XML reporter, for CI systems (Jenkins, GitLab, GitHub test-report actions), written
//! with quick-junit (the writer nextest uses: it escapes failure text correctly).
//!
//! Layout, chosen for what CI systems show:
//! - `<testsuites name="scimulate">` with the run's totals, start time and duration;
//! - one `<testsuite>` per scenario directory: the scenario id without its last `::` segment
//!   (`users`, `okta::spec`); files at the top of the scenarios directory go in `scenarios`.
//!   Every suite carries the run's properties (`target`, `seed`, `run_tag`, `okta_mode`,
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

use crate::runner::outcome::{
    ExchangeRecord, FailureKind, RunInfo, RunOutcome, ScenarioOutcome, StepOutcome, Verdict,
};

/// How much of a request or response body the failure text keeps (bytes).
pub const BODY_LIMIT: usize = 4096;

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
    Some((message, kind_name(failure.kind)))
}

/// The name of a failure kind in reports: `transport`, `status`, `header`, `body`, `not_json`,
/// `capture`, `variable`.
pub fn kind_name(kind: FailureKind) -> &'static str {
    match kind {
        FailureKind::Transport => "transport",
        FailureKind::Status => "status",
        FailureKind::Header => "header",
        FailureKind::Body => "body",
        FailureKind::NotJson => "not_json",
        FailureKind::Capture => "capture",
        FailureKind::Variable => "variable",
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of a `<failure>`: each failing step with its position, messages and diffs, its
/// exchanges (the last one, the one that failed, with headers and bodies), the steps not run,
/// and cleanup problems.
pub fn failure_text(scenario: &ScenarioOutcome) -> String {
    let mut out = String::new();
    let file = scenario.file.display();
    for (index, step) in scenario
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.failures.is_empty())
    {
        let _ = writeln!(
            out,
            "step {} \"{}\" failed at {file}:{}:{}",
            index + 1,
            step.name,
            step.line,
            step.column
        );
        for failure in &step.failures {
            let mut lines = failure.message.lines();
            let first = lines.next().unwrap_or_default();
            let _ = writeln!(out, "  [{}] {first}", kind_name(failure.kind));
            for line in lines {
                let _ = writeln!(out, "    {line}");
            }
            if let Some(reason) = &failure.reason {
                let _ = writeln!(out, "    why: {reason}");
            }
            if let Some(diff) = &failure.diff {
                for line in diff.lines() {
                    let _ = writeln!(out, "    {line}");
                }
            }
        }
        exchanges(step, &mut out);
    }
    if let Some((count, reason)) = scenario.not_run() {
        let plural = if count == 1 { "" } else { "s" };
        let _ = writeln!(out, "{count} later step{plural} {reason}");
    }
    cleanup_problems(scenario, &mut out);
    out
}

/// Deletes at the end that failed or could not be sent: what may have been left behind.
fn cleanup_problems(scenario: &ScenarioOutcome, out: &mut String) {
    for cleanup in &scenario.cleanup {
        match &cleanup.result {
            Ok(status) if *status < 300 || *status == 404 => {}
            Ok(status) => {
                let _ = writeln!(
                    out,
                    "cleanup: DELETE {} -> {status}; it may still exist",
                    cleanup.location
                );
            }
            Err(e) => {
                let _ = writeln!(out, "cleanup: DELETE {} failed: {e}", cleanup.location);
            }
        }
    }
}

/// A testcase's `<system-out>`: what `--keep` left in place, and (for a scenario that did not
/// fail, whose failure text would say it) what cleanup could not delete.
fn system_out(scenario: &ScenarioOutcome) -> Option<String> {
    let mut out = String::new();
    // Warnings keep the testcase green (CI consumers count them nowhere else) but are read here.
    for (step, warning) in scenario.warnings() {
        let _ = writeln!(out, "{}", super::terminal::warning_line(step, warning));
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

fn exchanges(step: &StepOutcome, out: &mut String) {
    let Some((last, earlier)) = step.exchanges.split_last() else {
        return;
    };
    for exchange in earlier {
        let _ = writeln!(out, "  {}", super::terminal::exchange_line(exchange));
    }
    exchange_in_full(last, out);
}

fn exchange_in_full(exchange: &ExchangeRecord, out: &mut String) {
    let _ = writeln!(out, "  {}", super::terminal::exchange_line(exchange));
    let request = &exchange.request;
    let _ = writeln!(out, "  request:");
    headers(&request.headers, out);
    if let Some(body) = &request.body {
        body_lines(body, out);
    }
    if let Ok(response) = &exchange.response {
        let _ = writeln!(out, "  response:");
        headers(&response.headers, out);
        if !response.body.is_empty() {
            body_lines(&response.body, out);
        }
    }
}

fn headers(headers: &[(String, String)], out: &mut String) {
    for (name, value) in headers {
        let _ = writeln!(out, "    {name}: {value}");
    }
}

/// A body, pretty-printed when it is JSON (bodies usually arrive on one line), then cut.
fn body_lines(body: &str, out: &mut String) {
    let pretty = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| body.to_string());
    let _ = writeln!(out);
    for line in truncate(&pretty, BODY_LIMIT).lines() {
        let _ = writeln!(out, "    {line}");
    }
    let _ = writeln!(out);
}

/// `text` cut to at most `limit` bytes (at a character boundary), saying how much was left out.
pub fn truncate(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_string();
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "{}\n… ({} more bytes not shown)",
        &text[..end],
        text.len() - end
    )
}
