//! The JUnit XML layout: suites per directory, a testcase per scenario, the failure message and
//! text, the run properties; and that nothing secret or volatile leaks in.

use quick_junit::{Report, TestCaseStatus};
use scimulate::report::junit::{classname, failure_message, junit, suite_name, truncate};

use crate::support::{TOKEN, filters, hostile_run, real_run};

#[test]
fn snapshot_of_the_real_run() {
    let xml = junit(real_run());
    insta::with_settings!({filters => filters()}, {
        insta::assert_snapshot!("junit_real_run", xml);
    });
}

#[test]
fn snapshot_of_the_hostile_run() {
    insta::assert_snapshot!("junit_hostile_run", junit(&hostile_run()));
}

#[test]
fn suites_are_directories_and_top_level_files_go_in_scenarios() {
    assert_eq!(suite_name("users::create"), "users");
    assert_eq!(suite_name("okta::spec::push_group"), "okta::spec");
    assert_eq!(suite_name("create"), "scenarios");
    assert_eq!(classname("okta::spec::push_group"), "okta.spec.push_group");
    assert_eq!(classname("create"), "create");
}

#[test]
fn the_failure_message_is_the_first_difference_on_one_line() {
    let run = real_run();
    let failed = run
        .scenarios
        .iter()
        .find(|s| s.id == "users::wrong_expectations")
        .expect("the failing case ran");
    let (message, kind) = failure_message(failed).expect("it failed");
    assert_eq!(kind, "status");
    assert!(
        message.starts_with(
            "step \"create john\" at tests/reports/cases/scenarios/users/wrong_expectations.yaml:4: "
        ),
        "{message}"
    );
    assert!(!message.contains('\n'), "{message}");

    let hostile = hostile_run();
    let (message, kind) = failure_message(&hostile.scenarios[0]).expect("it failed");
    assert_eq!(kind, "header");
    assert!(!message.contains('\n'), "{message}");
}

/// The text of the `<failure>` of the test case with this classname, read back with
/// quick-junit's own parser.
fn failure_text_of(xml: &str, classname: &str) -> String {
    let report = Report::deserialize_from_str(xml).expect("the XML reads back");
    let case = report
        .test_suites
        .iter()
        .flat_map(|s| &s.test_cases)
        .find(|c| c.classname.as_ref().map(|n| n.as_str()) == Some(classname))
        .unwrap_or_else(|| panic!("no test case {classname}"));
    match &case.status {
        TestCaseStatus::NonSuccess {
            description: Some(text),
            ..
        } => text.as_str().to_string(),
        other => panic!("{classname} has no failure text: {other:?}"),
    }
}

#[test]
fn the_failure_text_has_every_failure_the_diff_and_the_exchange() {
    let text = failure_text_of(&junit(real_run()), "users.wrong_expectations");
    for wanted in [
        "step 1 \"create john\" failed at tests/reports/cases/scenarios/users/wrong_expectations.yaml:4:5",
        "  [status] status: expected 200, actual 201",
        "  [body] body: displayName: expected \"Johnny Roe\", actual \"John Roe\"",
        "    -  \"displayName\": \"Johnny Roe\"",
        "    +  \"displayName\": \"John Roe\"",
        "  POST http://127.0.0.1:",
        "/scim/v2/Users -> 201 (3 ms)",
        "    Authorization: [redacted]",
        "      \"userName\": \"john.reports@example.com\",",
        "    etag: W/\"1\"",
        "1 later step not run",
    ] {
        assert!(text.contains(wanted), "missing {wanted:?} in\n{text}");
    }
    // The request body comes before the response, and both are there.
    let request = text.find("  request:").expect("request");
    let response = text.find("  response:").expect("response");
    assert!(request < response);
    assert_eq!(
        text.matches("\"displayName\": \"John Roe\"").count(),
        3,
        "{text}"
    );
}

#[test]
fn a_transport_failure_shows_the_error_and_the_request() {
    let text = failure_text_of(&junit(real_run()), "unreachable");
    assert!(
        text.starts_with("step 1 \"list users\" failed at tests/reports/cases/scenarios/unreachable.yaml:4:5\n  [transport] "),
        "{text}"
    );
    assert!(text.contains("  GET http://127.0.0.1:"), "{text}");
    assert!(!text.contains("  response:"), "{text}");
}

#[test]
fn the_token_never_appears() {
    assert!(!junit(real_run()).contains(TOKEN));
}

#[test]
fn long_bodies_are_cut_at_a_character_boundary() {
    let text = "é".repeat(10);
    assert_eq!(truncate(&text, 20), text);
    assert_eq!(truncate(&text, 5), "éé\n… (16 more bytes not shown)");
    let xml = junit(&hostile_run());
    assert!(xml.contains("more bytes not shown"), "{xml}");
    assert!(
        xml.len() < 12_000,
        "the 10 KB body was not cut: {} bytes",
        xml.len()
    );
}
