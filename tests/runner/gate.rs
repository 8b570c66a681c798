//! A gate that cannot go green by mistake, through the binary: a selection of nothing is exit 2
//! with the reason, a run whose every request was refused or unanswered says its one cause and
//! exits 3 (the target was not judged), apart from 1 (judged, and failed).

use crate::common::{self, Ran, closed_port, scimulate};

const SUITE: &[&str] = &["run", "--scenarios", "scenarios", "--fixtures", "fixtures"];

/// How many scenarios the bundled suite has: it grows, so it is read, not written here.
fn suite_len() -> usize {
    scimulate::scenario::load_dir("scenarios".as_ref(), "fixtures".as_ref())
        .expect("the suite loads")
        .len()
}

fn run(extra: &[&str]) -> Ran {
    let mut args = SUITE.to_vec();
    args.extend_from_slice(extra);
    scimulate(&args)
}

#[test]
fn a_misspelt_tag_is_exit_2_with_a_suggestion() {
    let ran = run(&["--tag", "requried"]);
    ran.assert_code(2);
    assert!(
        ran.stderr.contains(
            "--tag requried: no scenario has the tag `requried`; did you mean `required`?"
        ),
        "{}",
        ran.stderr
    );
    let ran = run(&["--skip-tag", "no-such-tag-at-all"]);
    ran.assert_code(2);
    assert!(ran.stderr.contains("the tags are: "), "{}", ran.stderr);
}

#[test]
fn a_filter_that_matches_nothing_is_exit_2_and_sends_nothing() {
    let ran = run(&["userz::"]);
    ran.assert_code(2);
    assert!(
        ran.stderr
            .contains("no scenario matches the filter `userz::`"),
        "{}",
        ran.stderr
    );
    assert!(!ran.stdout.contains("running"), "{}", ran.stdout);
    let ran = run(&["--bench"]);
    ran.assert_code(2);
    assert!(
        ran.stderr.contains("scenarios are not benchmarks"),
        "{}",
        ran.stderr
    );
}

#[test]
fn an_empty_slice_of_a_partitioned_suite_is_not_an_error() {
    // More jobs than scenarios: some jobs get none, and that is how the matrix is meant.
    let jobs = suite_len() + 1;
    let slice = format!("{jobs}/{jobs}");
    let ran = run(&["--list", "--partition", &slice]);
    ran.assert_code(0);
    assert_eq!(ran.stdout.trim(), "", "{}", ran.stdout);
}

#[test]
fn list_shows_ids_tags_and_names() {
    let ran = run(&["--list", "users::create"]);
    ran.assert_code(0);
    assert_eq!(
        ran.stdout.trim(),
        "users::create_and_read  [users, crud]  Create a user and read it back"
    );
}

#[test]
fn an_unreachable_target_is_exit_3_said_once() {
    let base = format!("http://127.0.0.1:{}/scim/v2", closed_port());
    let ran = run(&["--target", &base, "--bearer", "t", "users::"]);
    ran.assert_code(3);
    let said = ran.stdout.matches("the target was not judged").count();
    assert_eq!(said, 1, "{}", ran.stdout);
    assert!(
        ran.stdout.contains("could not be reached"),
        "{}",
        ran.stdout
    );
}

#[test]
fn refused_credentials_are_exit_3_with_one_diagnosis() {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let server = runtime.block_on(common::bundled("the-right-token"));
    let ran = run(&["--target", &server.base_url, "--bearer", "a-wrong-token"]);
    ran.assert_code(3);
    let first = ran
        .stdout
        .lines()
        .position(|l| l.starts_with("scimulate: the target was not judged: every request"))
        .expect("the diagnosis");
    let summary = ran
        .stdout
        .lines()
        .position(|l| l.starts_with(&format!("scimulate: {} scenarios run", suite_len())))
        .expect("the summary");
    assert_eq!(first + 1, summary, "said once, at the top of the summary");
    assert!(
        ran.stdout.contains("did not accept the credentials"),
        "{}",
        ran.stdout
    );
    // The right token: judged, and passing.
    let ran = run(&[
        "--target",
        &server.base_url,
        "--bearer",
        "the-right-token",
        "users::",
    ]);
    ran.assert_code(0);
}

#[test]
fn a_target_without_credentials_gets_a_warning() {
    let base = format!("http://127.0.0.1:{}/scim/v2", closed_port());
    let ran = run(&["--target", &base, "users::not_found"]);
    assert!(
        ran.stderr.contains("warning: no credentials given"),
        "{}",
        ran.stderr
    );
}

/// Flags are settled before anything is loaded: a bad `--basic` or `--timeout` is named even
/// when the scenarios directory does not exist.
#[test]
fn bad_flags_are_refused_before_the_scenarios_are_read() {
    let ran = scimulate(&["run", "--scenarios", "no/such/dir", "--basic", "nocolon"]);
    ran.assert_code(2);
    assert!(
        ran.stderr.contains("--basic must be USER:PASSWORD"),
        "{}",
        ran.stderr
    );
    let ran = scimulate(&["run", "--scenarios", "no/such/dir", "--timeout", "0"]);
    ran.assert_code(2);
    assert!(
        ran.stderr.contains("--timeout must be a positive"),
        "{}",
        ran.stderr
    );
}
