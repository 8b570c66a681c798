//! End to end through the `scimulate` binary: exit codes, libtest lines, the failure text, load
//! errors that stop a run before anything is sent, `--keep`, and secrets that are never printed.

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{Ran, closed_port};
use crate::mock::{self, BROKEN, JANE_ID, MOCK_IDS, Misbehaviour};
use crate::support::run_cli;

/// The failure header the binary prints for the first step of `cases/mock/<file>.yaml`.
fn step_header(step: usize, name: &str, file: &str, line: u32) -> String {
    format!(
        "step {step} \"{name}\" failed at tests/runner/cases/mock/scenarios/{file}.yaml:{line}:5"
    )
}

fn assert_contains(ran: &Ran, needle: &str) {
    assert!(
        ran.stdout.contains(needle),
        "expected `{needle}` in stdout:\n{}",
        ran.stdout
    );
}

#[test]
fn a_matching_target_passes_every_mock_scenario() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (_server, base) = runtime.block_on(mock::start(Misbehaviour::None));
    let ran = run_cli("mock", &base, &["--timeout", "0.5"]);
    ran.assert_code(0);
    assert_eq!(ran.ids_run(), MOCK_IDS);
    assert_contains(&ran, "test result: ok. 8 passed; 0 failed;");
}

/// Each misbehaviour fails its scenario, and only that one: the others of the same run still
/// run and pass.
#[test]
fn each_misbehaviour_fails_exactly_its_scenario_and_the_others_pass() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    for (mis, broken) in BROKEN {
        let (_server, base) = runtime.block_on(mock::start(mis));
        let ran = run_cli("mock", &base, &["--timeout", "0.5"]);
        ran.assert_code(1);
        for id in MOCK_IDS {
            let expected = if id == broken { "FAILED" } else { "ok" };
            assert_eq!(
                ran.result_of(id),
                expected,
                "{id} with {mis:?}:\n{}",
                ran.stdout
            );
        }
        assert_contains(&ran, "test result: FAILED. 7 passed; 1 failed;");
        assert_contains(&ran, &format!("---- {broken} ----\n"));
    }
}

#[test]
fn the_failure_text_names_the_step_and_shows_the_diff() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (_server, base) = runtime.block_on(mock::start(Misbehaviour::WrongValue));
    let ran = run_cli("mock", &base, &[]);
    ran.assert_code(1);
    assert_contains(&ran, &step_header(2, "read jane", "user_body", 18));
    assert_contains(&ran, "  body: active: expected true, actual false\n");
    assert_contains(&ran, &format!("  GET {base}/Users/{JANE_ID} -> 200 ("));
    assert_contains(&ran, "    --- expected\n    +++ actual\n");
    assert_contains(
        &ran,
        "    -  \"active\": true,\n    +  \"active\": false,\n",
    );
    let changed: Vec<&str> = ran
        .stdout
        .lines()
        .filter(|l| l.starts_with("    -  ") || l.starts_with("    +  "))
        .collect();
    assert_eq!(changed.len(), 2, "{}", ran.stdout);
}

#[test]
fn the_failure_text_of_a_header_a_timeout_and_a_non_json_body() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (_server, base) = runtime.block_on(mock::start(Misbehaviour::Slow));
    let ran = run_cli("mock", &base, &["--timeout", "0.5", "slow"]);
    // Its one request got no response: the target was not judged (exit 3, said once).
    ran.assert_code(3);
    assert_contains(&ran, "scimulate: the target was not judged: the target ");
    assert_contains(&ran, &step_header(1, "list resource types", "slow", 4));
    assert_contains(&ran, "  no response within 0.5s (timeout)\n");
    assert_contains(&ran, "  1 later step not run: step 1 failed\n");

    let (_server, base) = runtime.block_on(mock::start(Misbehaviour::NotJson));
    let ran = run_cli("mock", &base, &["not_json"]);
    ran.assert_code(1);
    assert_contains(&ran, &step_header(1, "list schemas", "not_json", 4));
    assert_contains(&ran, "  the response body is not JSON: \"<html>");

    let (_server, base) = runtime.block_on(mock::start(Misbehaviour::WrongContentType));
    let ran = run_cli("mock", &base, &["content_type"]);
    ran.assert_code(1);
    assert_contains(
        &ran,
        &step_header(
            1,
            "read the service provider configuration",
            "content_type",
            4,
        ),
    );
}

#[test]
fn a_refused_connection_fails_every_scenario_without_crashing() {
    let base = format!("http://127.0.0.1:{}/scim/v2", closed_port());
    let ran = run_cli("mock", &base, &[]);
    // Nothing answered: not a verdict on the target (exit 3), and the cause is said once.
    ran.assert_code(3);
    assert_contains(&ran, "could not be reached: no request got a response");
    for id in MOCK_IDS {
        assert_eq!(ran.result_of(id), "FAILED");
    }
    assert_contains(&ran, "test result: FAILED. 0 passed; 8 failed;");
    assert_contains(&ran, &step_header(1, "create jane", "user_body", 4));
    assert_contains(&ran, "  cannot connect to the target: ");
}

/// A stand-in that must receive nothing.
async fn silent() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    server
}

#[test]
fn a_misspelt_key_stops_the_run_with_exit_2_before_anything_is_sent() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(silent());
    let ran = run_cli("load_error", &format!("{}/scim/v2", server.uri()), &[]);
    ran.assert_code(2);
    let file = "tests/runner/cases/load_error/scenarios/typo.yaml";
    assert!(
        ran.stderr
            .contains(&format!("{file}:7:7: unknown key `expct`")),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("did you mean `expect`?"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains(&format!("[{file}:7:7]")),
        "{}",
        ran.stderr
    );
    assert!(!ran.stdout.contains("running"), "{}", ran.stdout);
    assert!(
        runtime
            .block_on(server.received_requests())
            .unwrap()
            .is_empty()
    );
    runtime.block_on(server.verify());
}

#[test]
fn a_missing_fixture_stops_the_run_with_exit_2_before_anything_is_sent() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(silent());
    // The filter excludes the broken scenario: files are checked before filters apply.
    let ran = run_cli(
        "missing_fixture",
        &format!("{}/scim/v2", server.uri()),
        &["a_good"],
    );
    ran.assert_code(2);
    let file = "tests/runner/cases/missing_fixture/scenarios/uses_missing.yaml";
    assert!(
        ran.stderr.contains(&format!("{file}:9:20:")),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr
            .contains("fixture `users/nowhere.json` not found"),
        "{}",
        ran.stderr
    );
    assert!(
        runtime
            .block_on(server.received_requests())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn bad_invocations_exit_2_and_send_nothing() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(silent());
    let base = format!("{}/scim/v2", server.uri());
    let ran = run_cli("mock", &base, &["--timeout", "0"]);
    ran.assert_code(2);
    assert!(
        ran.stderr.contains("--timeout must be a positive number"),
        "{}",
        ran.stderr
    );
    let ran = run_cli("mock", "ftp://127.0.0.1/scim/v2", &[]);
    ran.assert_code(2);
    assert!(
        ran.stderr.contains("is not an http(s) URL"),
        "{}",
        ran.stderr
    );
    let ran = run_cli("mock", &base, &["--basic", "user:pw"]);
    ran.assert_code(2);
    assert!(
        runtime
            .block_on(server.received_requests())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn keep_sends_no_delete_and_cleanup_deletes_the_location() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let delete = format!("DELETE /scim/v2/Users/{JANE_ID}");
    for keep in [false, true] {
        let (server, base) = runtime.block_on(mock::start(Misbehaviour::WrongValue));
        let extra: &[&str] = if keep {
            &["--keep", "user_body"]
        } else {
            &["user_body"]
        };
        run_cli("mock", &base, extra).assert_code(1);
        let received = runtime.block_on(mock::received(&server));
        let deletes = received.iter().filter(|r| r.starts_with("DELETE")).count();
        assert_eq!(deletes, usize::from(!keep), "keep={keep}: {received:?}");
        assert_eq!(received.last() == Some(&delete), !keep, "{received:?}");
    }
}

/// `scimulate run --help` as a user reads it: scimulate's own text (usage, what `run` does, the
/// options that mean something for scenarios, the exit codes), none of libtest's.
#[test]
fn run_help_is_scimulates_own() {
    let mut command = assert_cmd::cargo::cargo_bin_cmd!("scimulate");
    for var in [
        "SCIMULATE_TARGET",
        "SCIMULATE_BEARER",
        "SCIMULATE_BASIC",
        "SCIMULATE_DIALECT",
        "SCIMULATE_OKTA_MODE",
        "SCIMULATE_DENY_WARNINGS",
        // Help is wrapped to the terminal's width, else to `COLUMNS`, else to 100.
        "COLUMNS",
    ] {
        command.env_remove(var);
    }
    let assert = command.args(["run", "--help"]).assert().success();
    let help = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        help.contains("Usage: scimulate run [OPTIONS] [FILTER]\n"),
        "{help}"
    );
    for libtest in [
        "--bench",
        "--ignored",
        "--include-ignored",
        "--nocapture",
        "--show-output",
        "--logfile",
        "-Z",
        "--test ",
        "Usefull",
        "benchmarks",
    ] {
        assert!(!help.contains(libtest), "`{libtest}` in:\n{help}");
    }
    insta::assert_snapshot!("run_help", help);
}

/// The libtest flags kept only to be refused are refused with the reason; the no-op ones are
/// accepted and change nothing.
#[test]
fn libtest_flags_without_a_meaning_here() {
    for (flag, reason) in [
        ("--bench", "scenarios are not benchmarks"),
        ("--ignored", "scimulate has none"),
        ("--include-ignored", "scimulate has none"),
    ] {
        assert_cmd::cargo::cargo_bin_cmd!("scimulate")
            .args(["run", "--list", flag])
            .assert()
            .code(2)
            .stderr(predicates::str::contains(reason));
    }
    assert_cmd::cargo::cargo_bin_cmd!("scimulate")
        .args([
            "run",
            "--list",
            "--nocapture",
            "--exact",
            "users::create_and_read",
        ])
        .assert()
        .success()
        .stdout("users::create_and_read  [users, crud]  Create a user and read it back\n");
    assert_cmd::cargo::cargo_bin_cmd!("scimulate")
        .args(["run", "--list", "--test-threads", "0"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("0 is not in 1..=1024"));
}

/// Regression: `scimulate run | head` ended in a panic (exit 101 and a backtrace) when `head`
/// closed the pipe, because libtest-mimic's printer unwraps its writes. The reader here goes
/// away before the run prints its first result.
#[cfg(unix)]
#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_scimulate"))
        .args(["run", "users::", "--test-threads", "1"])
        .env_remove("SCIMULATE_TARGET")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("scimulate starts");
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    let status = child.wait().expect("scimulate ends");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(status.code(), Some(101), "{stderr}");
    // Ended by SIGPIPE, as `cat` would be, unless everything fitted before the close.
    assert!(
        status.signal() == Some(libc::SIGPIPE) || status.success(),
        "{status:?}: {stderr}"
    );
}
