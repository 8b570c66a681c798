//! A real JUnit consumer reads the XML: `junit_check.py` parses it with `junitparser` and prints
//! what it found, and these tests assert the counts, names and failure messages CI would show.
//! Without python3 or junitparser the tests fail in CI (`CI=true`, which installs them) and
//! otherwise say loudly that they did not run.

use std::io::Write;
use std::process::Command;

use scimulate::report::junit::junit;
use scimulate::runner::outcome::RunOutcome;
use serde_json::Value;

use crate::common;
use crate::support::{hostile_run, real_run};

const SCRIPT: &str = "tests/reports/junit_check.py";

/// Whether `python3` can import junitparser; panics in CI when it cannot.
fn junitparser_available() -> bool {
    let works = Command::new("python3")
        .args(["-c", "import junitparser"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !works {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("python3 with junitparser is required in CI (pip install junitparser)");
        }
        // Straight to the process's stderr: libtest captures `eprintln!` of passing tests, and
        // this must be seen.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: junitparser not installed (pip install junitparser) — this test did not run"
        );
    }
    works
}

/// What junitparser makes of the run's JUnit XML.
fn read_back(run: &RunOutcome, name: &str) -> Value {
    let dir = common::temp_dir("junit");
    let path = common::write(dir.path(), &format!("{name}.xml"), junit(run));
    let output = Command::new("python3")
        .arg(SCRIPT)
        .arg(&path)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "junit_check.py failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("junit_check.py prints JSON")
}

fn suite<'v>(report: &'v Value, name: &str) -> &'v Value {
    report["suites"]
        .as_array()
        .expect("suites")
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no suite {name} in {report:#}"))
}

fn counts(v: &Value) -> [i64; 4] {
    ["tests", "failures", "errors", "skipped"].map(|k| v[k].as_i64().unwrap_or(-1))
}

/// `(suite, classname, name, result)` of every test case, in document order.
fn cases(report: &Value) -> Vec<[String; 4]> {
    let mut out = Vec::new();
    for s in report["suites"].as_array().expect("suites") {
        for c in s["cases"].as_array().expect("cases") {
            let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
            out.push([
                text(&s["name"]),
                text(&c["classname"]),
                text(&c["name"]),
                text(&c["result"]),
            ]);
        }
    }
    out
}

#[test]
fn junitparser_reads_the_real_run() {
    if !junitparser_available() {
        return;
    }
    let report = read_back(real_run(), "real");
    assert_eq!(report["name"], "scimulate");
    assert_eq!(counts(&report), [6, 2, 0, 1]);
    let expected = [
        [
            "nested::deeper",
            "nested.deeper.service_provider",
            "The service provider configuration is served",
            "passed",
        ],
        ["scenarios", "not_yet", "Bulk operations", "skipped"],
        [
            "scenarios",
            "unreachable",
            "A target that does not answer",
            "failure",
        ],
        [
            "users",
            "users.create_and_read",
            "Create a user and read it back",
            "passed",
        ],
        [
            "users",
            "users.warned",
            "Passes with a warning and a check that does not apply",
            "passed",
        ],
        [
            "users",
            "users.wrong_expectations",
            "A create that expects the wrong status and body",
            "failure",
        ],
    ];
    assert_eq!(cases(&report), expected.map(|row| row.map(str::to_string)));
    assert_eq!(counts(suite(&report, "users")), [3, 1, 0, 0]);
    // A warning keeps its testcase green; CI consumers read it in the testcase's system-out.
    let warned = &suite(&report, "users")["cases"][1];
    let out = warned["system_out"].as_str().unwrap_or_default();
    assert!(
        out.contains("warning: step \"list users\" (line 7): header X-Example-Hint")
            && out.contains("why: an example SHOULD")
            && out.contains("not applicable: the `ETag` header check"),
        "{warned:#}"
    );
    assert_eq!(counts(suite(&report, "scenarios")), [2, 1, 0, 1]);
    assert_eq!(counts(suite(&report, "nested::deeper")), [1, 0, 0, 0]);

    let users = suite(&report, "users");
    assert_eq!(users["timestamp"], "2026-11-28T09:30:00.000+00:00");
    let props = &users["properties"];
    assert_eq!(props["seed"], "7");
    assert_eq!(props["run_tag"], "t3st00");
    assert_eq!(props["okta_mode"], "oin");
    assert_eq!(props["scimulate_version"], "0.1.0-test");
    assert_eq!(props["bundled"], "true");
    assert!(
        props["target"]
            .as_str()
            .is_some_and(|t| t.starts_with("http://127.0.0.1:"))
    );
    assert!(
        props["reproduce"]
            .as_str()
            .is_some_and(|r| r.contains("--seed 7"))
    );

    let wrong = &users["cases"][2];
    assert_eq!(wrong["type"], "status");
    assert_eq!(
        wrong["file"],
        "tests/reports/cases/scenarios/users/wrong_expectations.yaml"
    );
    assert_eq!(wrong["line"], "4");
    assert_eq!(
        wrong["message"],
        "step \"create john\" at tests/reports/cases/scenarios/users/wrong_expectations.yaml:4: \
         status: expected 200, actual 201"
    );
    let text = wrong["text"].as_str().expect("failure text");
    assert!(text.contains("+  \"displayName\": \"John Roe\""), "{text}");

    let skipped = &suite(&report, "scenarios")["cases"][0];
    assert_eq!(skipped["message"], "the target does not support /Bulk yet");
    let unreachable = &suite(&report, "scenarios")["cases"][1];
    assert_eq!(unreachable["type"], "transport");
    assert!(
        unreachable["message"]
            .as_str()
            .is_some_and(|m| m.starts_with(
                "step \"list users\" at tests/reports/cases/scenarios/unreachable.yaml:4: "
            )),
        "{unreachable:#}"
    );
}

#[test]
fn junitparser_reads_markup_and_control_characters_back() {
    if !junitparser_available() {
        return;
    }
    let report = read_back(&hostile_run(), "hostile");
    assert_eq!(counts(&report), [2, 1, 0, 0]);
    let case = &suite(&report, "edge")["cases"][0];
    assert_eq!(case["name"], "Markup <&> \"quoted\" in names");
    assert_eq!(case["classname"], "edge.markup");
    assert_eq!(case["type"], "header");
    assert_eq!(
        case["message"],
        "step \"replace <user> & \"check\"\" at scenarios/edge/markup.yaml:12: header \
         Content-Type: expected to contain \"application/scim+json\", got \"text/html\" red bell"
    );
    let text = case["text"].as_str().expect("failure text");
    for wanted in [
        "[not_json] the response body is not JSON: <html>]]></html>",
        "PUT https://scim.example.com/scim/v2/Users/42?x=1&y=<2> -> 200 (7 ms)",
        "      \"userName\": \"a<b>&\\\"c\\\"\"",
        "more bytes not shown",
        "cleanup: DELETE https://scim.example.com/scim/v2/Users/42 -> 500; it may still exist",
        "cleanup: DELETE https://elsewhere.example.com/Users/43 failed: not under the target's base URL",
    ] {
        assert!(text.contains(wanted), "missing {wanted:?} in\n{text}");
    }
    assert!(
        text.contains("\n    red bell\n"),
        "a message's second line is indented:\n{text}"
    );
    let passed = &suite(&report, "scenarios")["cases"][0];
    assert_eq!(passed["result"], "passed");
    assert_eq!(
        passed["system_out"],
        "kept (--keep): https://scim.example.com/scim/v2/Users/44\n"
    );
}
