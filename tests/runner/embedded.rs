//! The suite embedded in the binary: an installed `scimulate run`, started where there is no
//! `./scenarios`, lists and runs the bundled suite, says so, and shows its files by their paths in
//! the source tree; a `./scenarios` directory, or `--scenarios`, still wins.

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::str::contains;

use crate::common::temp_dir;

const NOTICE: &str = "scimulate: the bundled suite embedded in this binary";

/// The ids of the repository's `scenarios/`, sorted.
fn suite() -> Vec<String> {
    let mut ids: Vec<String> =
        scimulate::scenario::load_dir("scenarios".as_ref(), "fixtures".as_ref())
            .expect("the suite loads")
            .into_iter()
            .map(|l| l.id)
            .collect();
    ids.sort();
    ids
}

/// `scimulate run ARGS` from `dir`, without a target or credentials from the environment.
fn run_in(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("scimulate")
        .current_dir(dir)
        .arg("run")
        .args(args)
        .env_remove("SCIMULATE_TARGET")
        .env_remove("SCIMULATE_BEARER")
        .env_remove("SCIMULATE_BASIC")
        .env_remove("SCIMULATE_DIALECT")
        .env_remove("SCIMULATE_OKTA_MODE")
        .env("NO_COLOR", "1")
        .assert()
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

#[test]
fn without_a_scenarios_directory_list_shows_the_embedded_suite() {
    let dir = temp_dir("embedded-list");
    let listed = run_in(dir.path(), &["--list"])
        .success()
        .stderr(contains(NOTICE));
    let mut ids: Vec<String> = stdout(&listed)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    ids.sort();
    assert_eq!(ids, suite());
    run_in(dir.path(), &["--list", "--exact", "users::create_and_read"])
        .success()
        .stdout("users::create_and_read  [users, crud]  Create a user and read it back\n");
}

#[test]
fn without_a_scenarios_directory_the_embedded_suite_passes() {
    let dir = temp_dir("embedded-run");
    let suite = suite();
    let ran = run_in(dir.path(), &["--test-threads", "2"]).success();
    let out = stdout(&ran);
    assert!(out.lines().any(|l| l.starts_with(NOTICE)), "{out}");
    assert!(
        out.contains(&format!(
            "test result: ok. {} passed; 0 failed; 0 ignored;",
            suite.len()
        )),
        "{out}"
    );
    // SCIM 1.1 reads the fixtures' `*.scim1.1.json` variants, embedded too.
    let ran = run_in(dir.path(), &["--dialect", "1.1", "--test-threads", "2"]).success();
    assert!(stdout(&ran).contains(" 0 failed;"), "{}", stdout(&ran));
    assert!(
        !dir.path().join("scenarios").exists() && !dir.path().join("fixtures").exists(),
        "nothing is extracted"
    );
}

#[test]
fn the_embedded_suite_takes_no_fixtures_and_no_bless() {
    let dir = temp_dir("embedded-refused");
    for flag in [&["--bless"][..], &["--fixtures", "fixtures"]] {
        run_in(dir.path(), flag)
            .code(2)
            .stderr(contains("no ./scenarios here"))
            .stderr(contains("pass --scenarios DIR"));
    }
    // A --scenarios that does not exist is an error, not the embedded suite.
    run_in(dir.path(), &["--list", "--scenarios", "scenarios"])
        .code(2)
        .stderr(contains("does not exist"));
}

#[test]
fn a_scenarios_directory_wins_over_the_embedded_suite() {
    let dir = temp_dir("embedded-local");
    let scenarios = dir.path().join("scenarios");
    std::fs::create_dir_all(&scenarios).expect("mkdir");
    std::fs::write(
        scenarios.join("mine.yaml"),
        "name: Mine\nsteps:\n  - request:\n      method: GET\n      path: /Users\n      expect:\n        staus: 200\n",
    )
    .expect("write");
    // Errors name the file as the run found it, with its line and column.
    run_in(dir.path(), &["--list"])
        .code(2)
        .stderr(contains("scenarios/mine.yaml:7:9: unknown key `staus`"));
    std::fs::write(
        scenarios.join("mine.yaml"),
        "name: Mine\nsteps:\n  - request:\n      method: GET\n      path: /Users\n",
    )
    .expect("write");
    let listed = run_in(dir.path(), &["--list"]).success();
    assert_eq!(stdout(&listed), "mine  Mine\n");
    assert!(
        !String::from_utf8_lossy(&listed.get_output().stderr).contains(NOTICE),
        "a local ./scenarios is not the embedded suite"
    );
}
