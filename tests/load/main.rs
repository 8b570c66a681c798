//! `scimulate load` end to end: against the bundled server it provisions, pushes groups,
//! updates, deactivates, imports and verifies every user and membership and exits 0, with its
//! terminal, JSON, JUnit and HTML reports pinned by snapshots of their shape; against servers
//! with a pagination, lookup or membership bug (the reference server's quirks) it exits 1
//! naming the check that failed; a throttling target's `Retry-After` is honoured, and a target
//! that never stops throttling fails the run; gates fail the run past their limits.

#[path = "../common/mod.rs"]
mod common;
mod throttle;

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

/// The JUnit document with its timings and the run's tag, URL and start as placeholders.
fn steady_junit(text: &str) -> String {
    let text = Regex::new(r#"(time|timestamp)="[^"]*""#)
        .expect("a regex")
        .replace_all(text, "$1=\"[t]\"")
        .into_owned();
    let text = Regex::new(r#"name="run_tag" value="[a-z0-9]+""#)
        .expect("a regex")
        .replace_all(&text, "name=\"run_tag\" value=\"[tag]\"")
        .into_owned();
    let text = Regex::new(r#"(?s)<system-out>.*</system-out>"#)
        .expect("a regex")
        .replace_all(&text, "<system-out>[the terminal report]</system-out>")
        .into_owned();
    Regex::new(r"http://127\.0\.0\.1:\d+/scim/v2")
        .expect("a regex")
        .replace_all(&text, "[url]")
        .into_owned()
}

/// The HTML page without the stylesheet and the plots' markup (their shape is tested in
/// `report::load::svg`), and with the run's figures as placeholders.
fn steady_html(page: &str) -> String {
    let page = Regex::new(r"(?s)<style>.*?</style>")
        .expect("a regex")
        .replace_all(page, "<style>[css]</style>")
        .into_owned();
    let page = Regex::new(r"(?s)<svg .*?</svg>")
        .expect("a regex")
        .replace_all(&page, "[svg]")
        .into_owned();
    let page = Regex::new(r"\d{4}-\d\d-\d\dT[\d:]+Z")
        .expect("a regex")
        .replace_all(&page, "[started]")
        .into_owned();
    let page = Regex::new(r"run tag <code>[a-z0-9]+</code>")
        .expect("a regex")
        .replace_all(&page, "run tag <code>[tag]</code>")
        .into_owned();
    let mut page = Regex::new(r"<td>\d+\.\d+</td>")
        .expect("a regex")
        .replace_all(&page, "<td>[ms]</td>")
        .into_owned();
    for (pattern, with) in [
        (r"<code>http:[^<]*</code>", "<code>[url]</code>"),
        (r"ms</td><td>\d+</td>", "ms</td><td>[rps]</td>"),
        (r"in \d+ time slices", "in [n] time slices"),
        (r"scimulate \d+\.\d+\.\d+\.", "scimulate [version]."),
    ] {
        page = Regex::new(pattern)
            .expect("a regex")
            .replace_all(&page, with)
            .into_owned();
    }
    steady(&page)
}

#[test]
fn the_bundled_server_loses_nothing_and_the_reports_say_so() {
    let dir = temp_dir("load");
    let json = dir.path().join("load.json");
    let junit = dir.path().join("load.xml");
    let html = dir.path().join("load.html");
    let ran = scimulate(&[
        "load",
        "--users",
        "120",
        "--groups",
        "3",
        "--concurrency",
        "4",
        "--json",
        json.to_str().unwrap_or_default(),
        "--junit",
        junit.to_str().unwrap_or_default(),
        "--html",
        html.to_str().unwrap_or_default(),
    ]);
    ran.assert_code(0);
    insta::assert_snapshot!("load_terminal", steady(&ran.stdout));
    let xml = std::fs::read_to_string(&junit).expect("the JUnit report");
    insta::assert_snapshot!("load_junit", steady_junit(&xml));
    let page = std::fs::read_to_string(&html).expect("the HTML report");
    insta::assert_snapshot!("load_html", steady_html(&page));
    for part in [
        "<section id=\"checks\">",
        "<section id=\"operations\">",
        "<section id=\"latency-over-time\">",
        "<section id=\"histogram\">",
        "every membership is present",
        "<polyline",
        "<title>",
    ] {
        assert!(page.contains(part), "the HTML report lacks {part}");
    }
    // Self-contained: no scripts, nothing fetched (the SVG namespace is a name, not a fetch).
    assert!(!page.contains("<script"));
    assert_eq!(page.matches("http://www.w3.org/2000/svg").count(), 2);
    assert!(!page.contains("src=") && !page.contains("<link"));
    let r = report(&json);
    insta::assert_json_snapshot!("load_json", r, {
        ".run.target" => "[url]",
        ".run.run_tag" => "[tag]",
        ".run.started_at" => "[t]",
        ".run.duration_ms" => "[ms]",
        ".run.scimulate_version" => "[version]",
        ".operations.*.throughput_rps" => "[rps]",
        ".operations.*.latency_ms.*" => "[ms]",
    });
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
    // 120 users dealt round 3 groups; the 12 deactivated members are not judged.
    assert_eq!((r.verify.groups_expected, r.verify.groups_read), (3, 3));
    assert_eq!(
        (r.verify.memberships_expected, r.verify.memberships_present),
        (108, 108)
    );
    assert_eq!(r.verify.members_unexpected, 0);
    assert!(r.gates.is_empty());
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
            ("group-create", 3),
            ("group-delete", 3),
            ("group-lookup", 3),
            ("group-members", 3),
            ("group-read", 3),
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

/// Loads `target` with `args` and returns the run's exit code, stdout and JSON report.
fn load_against(target: &str, args: &[&str]) -> (i32, String, LoadReport) {
    let dir = temp_dir("load-target");
    let json = dir.path().join("load.json");
    let mut all = vec![
        "load",
        "--target",
        target,
        "--bearer",
        TOKEN,
        "--concurrency",
        "4",
    ];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--json", json.to_str().unwrap_or_default()]);
    let ran = scimulate(&all);
    (ran.code, ran.stdout.clone(), report(&json))
}

/// Loads a reference server with `quirk` and returns the checks that failed.
fn failed_checks(quirk: &str, args: &[&str]) -> Vec<String> {
    let served = Served::start(&["--bearer", TOKEN, "--quirk", quirk]);
    let mut all = args.to_vec();
    if !args.contains(&"--users") {
        all.extend_from_slice(&["--users", "150"]);
    }
    let (code, stdout, report) = load_against(&served.base_url, &all);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("scimulate load: FAILED"), "{stdout}");
    report
        .checks
        .into_iter()
        .filter(|c| !c.passed)
        .map(|c| c.name)
        .collect()
}

#[test]
fn pages_that_repeat_a_user_fail_the_duplicate_check() {
    let failed = failed_checks("pagination-duplicates", &[]);
    assert!(
        failed.contains(&"the import lists no user twice".to_owned()),
        "{failed:?}"
    );
}

#[test]
fn a_total_that_counts_only_the_page_fails_the_total_and_loses_users() {
    let failed = failed_checks("total-results-wrong", &[]);
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
    let failed = failed_checks("filter-ignored", &[]);
    assert!(
        failed.contains(&"a lookup of a new name finds nothing".to_owned()),
        "{failed:?}"
    );
}

/// A PATCH `add` of members that replaces the list keeps only the last batch of each group:
/// 250 members in one group come in three batches.
#[test]
fn an_add_that_replaces_the_members_fails_the_membership_check() {
    let failed = failed_checks(
        "add-replaces-multi-valued",
        &["--users", "250", "--groups", "1"],
    );
    assert_eq!(failed, ["every membership is present"]);
}

/// A rate-limited target: the first three creates are answered 429 with `Retry-After: 1`. The
/// run waits as asked, retries, and loses nothing.
#[test]
fn a_throttling_target_is_retried_after_its_retry_after() {
    let served = Served::start(&["--bearer", TOKEN]);
    let front = throttle::start(&served.base_url, |method, n| {
        (method == "POST" && n < 3).then_some("1")
    });
    let (code, stdout, r) = load_against(&front.base_url, &["--users", "30", "--groups", "0"]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(front.throttled(), 3);
    let create = &r.operations["create"];
    assert_eq!((create.count, create.errors, create.retries), (30, 0, 3));
    assert!(create.throttled_ms >= 3000, "{}", create.throttled_ms);
    assert_eq!(r.verify.found, 30);
}

/// A target that answers every create 429: each create is retried, then fails the run.
#[test]
fn a_target_that_never_stops_throttling_fails_the_run() {
    let served = Served::start(&["--bearer", TOKEN]);
    let front = throttle::start(&served.base_url, |method, _| {
        (method == "POST").then_some("0")
    });
    let (code, stdout, r) = load_against(&front.base_url, &["--users", "4", "--groups", "0"]);
    assert_eq!(code, 1, "{stdout}");
    let create = &r.operations["create"];
    assert_eq!(create.errors_by_status.get("429"), Some(&4));
    assert_eq!(
        create.retries,
        4 * u64::from(scimulate::load::client::MAX_RETRIES)
    );
    let failed: Vec<&str> = r
        .checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        failed,
        [
            "every user is provisioned",
            "every request succeeds (after retries)"
        ]
    );
}

/// Gates: an impossible p99 fails the run (exit 1) with the gate named in every report; limits
/// the run meets pass.
#[test]
fn a_gate_past_its_limit_fails_the_run_and_one_within_passes() {
    let dir = temp_dir("load-gates");
    let (json, junit) = (dir.path().join("g.json"), dir.path().join("g.xml"));
    let ran = scimulate(&[
        "load",
        "--users",
        "20",
        "--groups",
        "2",
        "--max-p99",
        "0.000001",
        "--max-error-rate",
        "0%",
        "--min-throughput",
        "1",
        "--json",
        json.to_str().unwrap_or_default(),
        "--junit",
        junit.to_str().unwrap_or_default(),
    ]);
    ran.assert_code(1);
    let r = report(&json);
    assert!(r.checks.iter().all(|c| c.passed));
    let gates: Vec<(&str, bool)> = r
        .gates
        .iter()
        .map(|g| (g.name.as_str(), g.passed))
        .collect();
    assert_eq!(
        gates,
        [
            ("max-p99", false),
            ("max-error-rate", true),
            ("min-throughput", true)
        ]
    );
    assert!(ran.stdout.contains("FAIL gate max-p99"), "{}", ran.stdout);
    let xml = std::fs::read_to_string(&junit).expect("the JUnit report");
    assert!(
        xml.contains(r#"<testsuite name="load.gates" tests="3""#),
        "{xml}"
    );
    assert!(xml.contains(r#"failures="1""#), "{xml}");
    scimulate(&[
        "load",
        "--users",
        "20",
        "--groups",
        "2",
        "--max-p99",
        "60000",
        "--max-error-rate",
        "0.01",
    ])
    .assert_code(0);
}

/// Entra's shapes (PATCH updates, its lookups, `"False"`), an open-loop pace and a steady
/// phase, against the bundled server: everything verified.
#[test]
fn entra_traffic_open_loop_with_a_steady_phase_loses_nothing() {
    let dir = temp_dir("load-entra");
    let json = dir.path().join("e.json");
    let ran = scimulate(&[
        "load",
        "--idp",
        "entra",
        "--users",
        "60",
        "--groups",
        "2",
        "--rate",
        "400",
        "--duration",
        "300ms",
        "--json",
        json.to_str().unwrap_or_default(),
    ]);
    ran.assert_code(0);
    let r = report(&json);
    assert_eq!(r.run.idp, "entra legacy");
    assert_eq!(r.run.rate, Some(400.0));
    assert_eq!(r.run.steady_ms, Some(300));
    let kinds: Vec<&str> = r.operations.keys().map(String::as_str).collect();
    for kind in ["update", "list", "steady", "group-members"] {
        assert!(kinds.contains(&kind), "{kinds:?}");
    }
    assert!(!kinds.contains(&"replace") && !kinds.contains(&"import"));
    // 400 jobs a second for 0.3 s.
    assert_eq!(r.operations["steady"].count, 120);
    assert_eq!((r.verify.found, r.verify.deactivations_applied), (60, 6));
    assert_eq!(r.verify.memberships_present, r.verify.memberships_expected);
}

#[test]
fn a_bad_flag_is_a_usage_error() {
    scimulate(&["load", "--users", "0"]).assert_code(2);
}
