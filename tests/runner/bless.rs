//! `--bless` against the bundled server, in a temporary copy of `cases/bless`: the fixture is
//! rewritten with matchers and references for volatile values, then passes without `--bless`,
//! and still catches a real change.

use std::path::Path;

use regex::Regex;
use serde_json::Value;

use tempfile::TempDir;

use crate::common::temp_dir;
use crate::support::{case_dir, copy_tree, printed_changed_lines, run_dir};

const FIXTURE: &str = "fixtures/users/created.json";
const SCENARIO: &str = "scenarios/users/create.yaml";

fn copy_of_case() -> TempDir {
    let tmp = temp_dir("runner-bless");
    copy_tree(&case_dir("bless"), tmp.path());
    tmp
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every string in `v`, depth first.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
        Value::Object(map) => map.values().for_each(|i| strings(i, out)),
        _ => {}
    }
}

#[test]
fn bless_writes_matchers_then_the_fixture_passes_and_still_catches_a_change() {
    let tmp = copy_of_case();
    let fixture = tmp.path().join(FIXTURE);
    let before = read(&fixture);

    let blessing = run_dir(tmp.path(), &["--bless", "--seed", "3"]);
    blessing.assert_code(0);
    assert_eq!(blessing.result_of("users::create"), "ok");
    assert!(
        blessing.stdout.contains(", 1 fixture blessed"),
        "{}",
        blessing.stdout
    );
    let blessed = read(&fixture);
    assert_ne!(blessed, before);

    // Volatile values are written as matchers or references, never as the values seen.
    let uuid =
        Regex::new(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
            .unwrap();
    let timestamp = Regex::new(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}").unwrap();
    assert!(!uuid.is_match(&blessed), "a literal id:\n{blessed}");
    assert!(
        !timestamp.is_match(&blessed),
        "a literal timestamp:\n{blessed}"
    );
    assert!(
        !blessed.contains("127.0.0.1"),
        "a literal base URL:\n{blessed}"
    );
    let json: Value = serde_json::from_str(&blessed).expect("the blessed fixture is JSON");
    assert_eq!(json["id"], "${alice_id}");
    assert_eq!(json["meta"]["created"], "$datetime");
    assert_eq!(json["meta"]["lastModified"], "$datetime");
    let location = json["meta"]["location"].as_str().unwrap();
    assert!(
        location == "${target.base_url}/Users/${alice_id}" || location.starts_with("$regex:"),
        "{location}"
    );
    assert!(["${alice.userName}", "${alice.email}"].contains(&json["userName"].as_str().unwrap()));
    assert_eq!(json["name"]["givenName"], "${alice.givenName}");
    assert_eq!(json["externalId"], "${alice.externalId}");
    // Stable values are kept as seen, and nothing of the old content survives.
    assert_eq!(json["title"], "Engineer");
    assert_eq!(json["active"], true);
    assert_eq!(json["meta"]["resourceType"], "User");
    let mut all = Vec::new();
    strings(&json, &mut all);
    assert!(
        !all.iter().any(|s| s == "Intern" || s == "somebody else"),
        "{blessed}"
    );

    // A second run, with another seed, run tag and port, passes and writes nothing.
    let again = run_dir(tmp.path(), &["--seed", "4"]);
    again.assert_code(0);
    assert!(!again.stdout.contains("blessed"), "{}", again.stdout);
    assert_eq!(read(&fixture), blessed);

    // A different response fails against the blessed fixture, with a diff of that attribute.
    let scenario = tmp.path().join(SCENARIO);
    let text = read(&scenario);
    assert!(text.contains("title: Engineer"));
    std::fs::write(&scenario, text.replace("title: Engineer", "title: Manager")).unwrap();
    let changed = run_dir(tmp.path(), &[]);
    changed.assert_code(1);
    assert!(
        changed
            .stdout
            .contains("step 1 \"create alice\" failed at "),
        "{}",
        changed.stdout
    );
    assert!(
        changed
            .stdout
            .contains("  body: title: expected \"Engineer\", actual \"Manager\"\n"),
        "{}",
        changed.stdout
    );
    let indented: Vec<&str> = changed
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("    "))
        .collect();
    let diff_lines = printed_changed_lines(&indented.join("\n")).join("\n");
    assert_eq!(
        diff_lines,
        "-  \"title\": \"Engineer\",\n+  \"title\": \"Manager\","
    );
    assert_eq!(
        read(&fixture),
        blessed,
        "a run without --bless never writes"
    );
}

/// docs/scenarios.md: `--bless` rewrites a fixture "for a step whose only failure is its
/// `expect.body_file` comparison". Here the status fails too, and the fixture is rewritten
/// anyway (with the body of the wrong response) and reported as blessed.
#[test]
fn bless_leaves_the_fixture_alone_when_another_check_fails() {
    let tmp = copy_of_case();
    let scenario = tmp.path().join(SCENARIO);
    let text = read(&scenario).replace("status: 201", "status: 200");
    std::fs::write(&scenario, text).unwrap();
    let before = read(&tmp.path().join(FIXTURE));
    let ran = run_dir(tmp.path(), &["--bless"]);
    ran.assert_code(1);
    assert!(
        ran.stdout.contains("  status: expected 200, actual 201\n"),
        "{}",
        ran.stdout
    );
    assert!(!ran.stdout.contains("blessed"), "{}", ran.stdout);
    assert_eq!(read(&tmp.path().join(FIXTURE)), before);
}

/// A fixture that does not exist yet is the first thing one blesses; the loader refuses the
/// run instead (exit 2, "fixture … not found"), so `--bless` cannot create fixtures.
#[test]
fn bless_creates_a_missing_fixture() {
    let tmp = copy_of_case();
    let fixture = tmp.path().join(FIXTURE);
    std::fs::remove_file(&fixture).unwrap();
    let ran = run_dir(tmp.path(), &["--bless"]);
    ran.assert_code(0);
    let json: Value = serde_json::from_str(&read(&fixture)).unwrap();
    assert_eq!(json["id"], "${alice_id}");
    run_dir(tmp.path(), &[]).assert_code(0);
}

#[test]
fn without_bless_a_missing_fixture_is_a_load_error() {
    let tmp = copy_of_case();
    std::fs::remove_file(tmp.path().join(FIXTURE)).unwrap();
    let ran = run_dir(tmp.path(), &[]);
    ran.assert_code(2);
    assert!(
        ran.stderr
            .contains("fixture `users/created.json` not found"),
        "{}",
        ran.stderr
    );
}

#[test]
fn the_repository_fixtures_are_untouched_by_these_tests() {
    let original = read(&case_dir("bless").join(FIXTURE));
    assert!(original.contains("\"title\": \"Intern\""), "{original}");
}

#[test]
fn bless_never_rewrites_an_inline_body_and_its_step_still_fails() {
    let tmp = copy_of_case();
    let inline = "name: Inline expectations are not blessed
steps:
  - request:
      name: read the service provider configuration
      method: GET
      path: /ServiceProviderConfig
      expect:
        status: 200
        body: {patch: {supported: false}}
";
    let file = tmp.path().join("scenarios/inline.yaml");
    std::fs::write(&file, inline).unwrap();
    let fixture_before = read(&tmp.path().join(FIXTURE));
    let ran = run_dir(tmp.path(), &["--bless", "inline"]);
    ran.assert_code(1);
    assert_eq!(ran.result_of("inline"), "FAILED");
    assert!(
        ran.stdout
            .contains("  body: patch.supported: expected false, actual true\n"),
        "{}",
        ran.stdout
    );
    assert!(!ran.stdout.contains("blessed"), "{}", ran.stdout);
    assert_eq!(read(&file), inline);
    assert_eq!(read(&tmp.path().join(FIXTURE)), fixture_before);
}
