//! The load run as JUnit XML, for the CI systems that show test results: `<testsuites
//! name="scimulate load">` with two suites, `load.checks` (one testcase per check: a failure's
//! message is what was measured, its text also the rule the check enforces) and `load.gates`
//! (one testcase per gate asked for, absent when none was). The run's settings are properties
//! of each suite; every request kind's figures are the checks suite's `<system-out>`, the same
//! table the terminal shows.

use chrono::DateTime;
use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use super::json::idp_label;
use crate::load::LoadOutcome;

/// The run as a JUnit XML document.
pub fn junit(outcome: &LoadOutcome) -> String {
    let info = &outcome.info;
    let started = DateTime::parse_from_rfc3339(&info.started_at).ok();
    let mut report = Report::new("scimulate load");
    report.set_time(info.duration);
    if let Some(started) = started {
        report.set_timestamp(started);
    }
    let properties = [
        Property::new("target", &info.target),
        Property::new("bundled", info.bundled.to_string()),
        Property::new("idp", idp_label(info.idp)),
        Property::new("users", info.users.to_string()),
        Property::new("groups", info.groups.to_string()),
        Property::new("concurrency", info.concurrency.to_string()),
        Property::new("run_tag", &info.run_tag),
        Property::new("scimulate_version", &info.scimulate_version),
    ];
    let mut checks = TestSuite::new("load.checks");
    checks.add_properties(properties.clone());
    checks.set_system_out(super::text(outcome));
    for check in &outcome.checks {
        let status = if check.passed {
            TestCaseStatus::success()
        } else {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_message(check.detail.as_str())
                .set_type("check")
                .set_description(format!("{}\nwhy: {}", check.detail, check.why));
            status
        };
        let mut case = TestCase::new(check.name, status);
        case.set_classname("load.checks");
        checks.add_test_case(case);
    }
    report.add_test_suite(checks);
    if !outcome.gates.is_empty() {
        let mut gates = TestSuite::new("load.gates");
        gates.add_properties(properties);
        for gate in &outcome.gates {
            let status = if gate.passed {
                TestCaseStatus::success()
            } else {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status.set_message(gate.detail.as_str()).set_type("gate");
                status
            };
            let mut case = TestCase::new(gate.name, status);
            case.set_classname("load.gates");
            case.add_property(Property::new("limit", gate.limit.to_string()));
            case.add_property(Property::new("measured", format!("{:.3}", gate.measured)));
            gates.add_test_case(case);
        }
        report.add_test_suite(gates);
    }
    report
        .to_string()
        .expect("quick-junit writes to a String without I/O errors")
}
