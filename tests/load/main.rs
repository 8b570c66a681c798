//! `scimulate load` end to end: against the bundled server it provisions, updates, deactivates,
//! imports and verifies every user and exits 0, with its terminal and JSON reports pinned by
//! snapshots of their shape; against servers with a pagination or lookup bug (the reference
//! server's quirks) it exits 1 naming the check that failed.

#[path = "../common/mod.rs"]
mod common;

use common::{Served, scimulate, temp_dir};
use regex::Regex;
use scimulate::report::load::LoadReport;

const TOKEN: &str = "load-test-token";

fn report(path: &std::path::Path) -> LoadReport {
    let text = std::fs::read_to_string(path).expect("the JSON report");
    serde_json::from_str(&text).expect("the JSON report parses as LoadReport")
}

/// Numbers that change from run to run (latencies, rates, durations, the run tag) become
/// placeholders, so the snapshot pins the shape and the counts.
fn steady(text: &str) -> String {
    let replace = |text: &str, pattern: &str, with: &str| {
        Regex::new(pattern)
            .expect("a regex")
            .replace_all(text, with)
            .into_owned()
    };
    let text = replace(text, r"run tag [a-z0-9]+", "run tag [tag]");
    let text = replace(&text, r"http://127\.0\.0\.1:\d+", "[url]");
    let text = replace(&text, r"\d+\.\d+", "[t]");
    // The req/s column, after the throttled time.
    let text = replace(&text, r"(\d+ms) +\d+ ", "$1 [rps] ");
    replace(&text, r" +", " ")
}

#[test]
fn the_bundled_server_loses_nothing_and_the_reports_say_so() {
    let dir = temp_dir("load");
    let json = dir.path().join("load.json");
    let ran = scimulate(&[
        "load",
        "--users",
        "120",
        "--concurrency",
        "4",
        "--json",
        json.to_str().unwrap_or_default(),
    ]);
    ran.assert_code(0);
    insta::assert_snapshot!("load_terminal", steady(&ran.stdout));
    let r = report(&json);
    assert_eq!((r.format.as_str(), r.version), ("scimulate-load", 1));
    assert!(r.passed);
    assert!(r.run.bundled);
    assert_eq!(r.users, 120);
    assert_eq!((r.verify.expected, r.verify.found), (120, 120));
    assert_eq!((r.verify.missing, r.verify.duplicates), (0, 0));
    // 120 users over pages of 100.
    assert_eq!((r.verify.pages, r.verify.listed), (2, 120));
    assert_eq!(r.verify.total_results, Some(120));
    assert_eq!(
        (
            r.verify.deactivations_expected,
            r.verify.deactivations_applied
        ),
        (12, 12)
    );
    assert_eq!(
        (r.verify.updates_expected, r.verify.updates_applied),
        (120, 120)
    );
    let counts: Vec<(&str, u64)> = r
        .operations
        .iter()
        .map(|(k, o)| (k.as_str(), o.count))
        .collect();
    assert_eq!(
        counts,
        [
            ("create", 120),
            ("deactivate", 12),
            ("delete", 120),
            ("import", 2),
            ("lookup", 120),
            ("read", 120),
            ("replace", 120),
        ]
    );
    for (kind, op) in &r.operations {
        assert_eq!(op.errors, 0, "{kind}");
        assert!(op.latency_ms.p50 <= op.latency_ms.p99, "{kind}");
        assert!(op.latency_ms.p99 <= op.latency_ms.max, "{kind}");
        assert!(op.throughput_rps > 0.0, "{kind}");
    }
}

/// Loads a reference server with `quirk` and returns the checks that failed.
fn failed_checks(quirk: &str) -> Vec<String> {
    let served = Served::start(&["--bearer", TOKEN, "--quirk", quirk]);
    let dir = temp_dir("load-quirk");
    let json = dir.path().join("load.json");
    let ran = scimulate(&[
        "load",
        "--target",
        &served.base_url,
        "--bearer",
        TOKEN,
        "--users",
        "150",
        "--concurrency",
        "4",
        "--json",
        json.to_str().unwrap_or_default(),
    ]);
    ran.assert_code(1);
    assert!(
        ran.stdout.contains("scimulate load: FAILED"),
        "{}",
        ran.stdout
    );
    report(&json)
        .checks
        .into_iter()
        .filter(|c| !c.passed)
        .map(|c| c.name)
        .collect()
}

#[test]
fn pages_that_repeat_a_user_fail_the_duplicate_check() {
    let failed = failed_checks("pagination-duplicates");
    assert!(
        failed.contains(&"the import lists no user twice".to_owned()),
        "{failed:?}"
    );
}

#[test]
fn a_total_that_counts_only_the_page_fails_the_total_and_loses_users() {
    let failed = failed_checks("total-results-wrong");
    assert!(
        failed.contains(&"totalResults matches the pages".to_owned()),
        "{failed:?}"
    );
    assert!(
        failed.contains(&"the import lists every user".to_owned()),
        "{failed:?}"
    );
}

#[test]
fn an_ignored_filter_fails_the_lookup_check() {
    let failed = failed_checks("filter-ignored");
    assert!(
        failed.contains(&"a lookup of a new userName finds nothing".to_owned()),
        "{failed:?}"
    );
}

#[test]
fn a_bad_flag_is_a_usage_error() {
    scimulate(&["load", "--users", "0"]).assert_code(2);
}
