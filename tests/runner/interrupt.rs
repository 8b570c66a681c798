//! Ctrl-C during `scimulate run`: the real binary, a SIGINT sent while a request is in flight
//! (the proxy holds every GET; the test waits for the first one to arrive, then for the
//! harness to say it was interrupted). What ran is reported, the scenarios that did not finish
//! are `interrupted` in every report, what the run created is deleted — or listed when the
//! target is gone — and the exit code is 130. A second Ctrl-C stops at once.

use std::process::Stdio;

use scimulate::exit_code;
use scimulate::server::schema::ResourceKind;
use tempfile::TempDir;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::watch;

use crate::common::{self, temp_dir};
use crate::dying::{dying_args, reports, scenario, the_user_left_behind};
use crate::proxy::{Fate, Proxy};

/// What the harness prints on stderr when the first Ctrl-C arrives.
const ACKNOWLEDGED: &str = "scimulate: interrupted (Ctrl-C): ";
const NOT_STARTED: &str = "not started: the run was interrupted (Ctrl-C)";

/// A `scimulate run` in progress, its stderr collected line by line as it comes.
struct Running {
    child: Child,
    stderr: watch::Receiver<Vec<String>>,
    stdout: tokio::task::JoinHandle<String>,
}

impl Running {
    fn start(args: Vec<String>) -> Running {
        let mut child = Command::from(common::command())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("scimulate starts");
        let (tx, stderr) = watch::channel(Vec::new());
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                tx.send_modify(|all| all.push(line));
            }
        });
        let mut out = child.stdout.take().unwrap();
        let stdout = tokio::spawn(async move {
            let mut text = String::new();
            let _ = out.read_to_string(&mut text).await;
            text
        });
        Running {
            child,
            stderr,
            stdout,
        }
    }

    /// Sends SIGINT, as Ctrl-C in a terminal does.
    fn ctrl_c(&self) {
        self.signal("-INT");
    }

    /// Sends a signal (`-INT`, `-TERM`) with `kill`.
    fn signal(&self, which: &str) {
        let pid = self.child.id().expect("still running").to_string();
        let status = std::process::Command::new("kill")
            .args([which, &pid])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }

    /// Waits until stderr has a line starting with `prefix`.
    async fn wait_for_stderr(&mut self, prefix: &str) {
        let found = self
            .stderr
            .wait_for(|lines| lines.iter().any(|l| l.starts_with(prefix)))
            .await;
        assert!(found.is_ok(), "stderr closed without {prefix:?}");
    }

    /// Waits for the process to end: its exit code, stdout and stderr.
    async fn finish(mut self) -> (i32, String, String) {
        let status = self.child.wait().await.unwrap();
        let stdout = self.stdout.await.unwrap();
        let _ = self.stderr.changed().await;
        let stderr = self.stderr.borrow().join("\n");
        (status.code().expect("an exit code"), stdout, stderr)
    }
}

/// Starts the run against a proxy that holds GETs, and sends Ctrl-C once the first GET (alice's
/// read, after her create was answered) is in flight and the harness has acknowledged it.
async fn interrupted_while_reading_alice(label: &str) -> (Proxy, TempDir, Running) {
    signalled_while_reading_alice(label, "-INT").await
}

async fn signalled_while_reading_alice(label: &str, which: &str) -> (Proxy, TempDir, Running) {
    let proxy = Proxy::start_holding(Fate::Lives, Some("GET")).await;
    let out = temp_dir(&format!("runner-{label}"));
    let mut run = Running::start(dying_args(&proxy.base_url, out.path(), &[]));
    proxy
        .wait_for(|seen| seen.iter().any(|r| r.starts_with("GET ")))
        .await;
    assert_eq!(proxy.seen().len(), 2, "POST then GET: {:?}", proxy.seen());
    run.signal(which);
    run.wait_for_stderr(ACKNOWLEDGED).await;
    (proxy, out, run)
}

/// A CI runner cancelling the job sends SIGTERM: the run stops as on Ctrl-C, deletes what it
/// created and writes its reports.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_from_a_ci_runner_stops_like_ctrl_c() {
    let (proxy, out, run) = signalled_while_reading_alice("sigterm", "-TERM").await;
    proxy.release();
    let (code, stdout, stderr) = run.finish().await;
    assert_eq!(
        code,
        exit_code::INTERRUPTED,
        "--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    let (json, _junit, _html) = reports(out.path());
    assert_eq!(json.summary.interrupted, 4);
    assert!(proxy.server.store.is_empty(ResourceKind::User));
    assert!(json.left_behind.is_empty(), "{:#?}", json.left_behind);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_lets_the_request_in_flight_finish_deletes_what_was_created_and_reports() {
    let (proxy, out, run) = interrupted_while_reading_alice("ctrl-c").await;
    proxy.release();
    let (code, stdout, stderr) = run.finish().await;
    assert_eq!(
        code,
        exit_code::INTERRUPTED,
        "--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );

    let (json, junit, html) = reports(out.path());
    // a: create and read ran and passed; the third step did not start.
    let a = scenario(&json, "a_create_and_read");
    assert_eq!(a.verdict, "interrupted");
    assert_eq!(
        a.interrupt_reason.as_deref(),
        Some("interrupted (Ctrl-C) after step 2 \"read alice\"; 1 step not run")
    );
    let statuses: Vec<&str> = a.steps.iter().map(|s| s.status.as_str()).collect();
    assert_eq!(statuses, ["passed", "passed", "not_run"]);
    // The others never started.
    for id in ["b_list", "c_create", "d_discovery"] {
        let s = scenario(&json, id);
        assert_eq!(
            (s.verdict.as_str(), s.interrupt_reason.as_deref()),
            ("interrupted", Some(NOT_STARTED)),
            "{id}"
        );
        assert!(s.steps.iter().all(|st| st.status == "not_run"), "{id}");
    }
    assert_eq!(
        (
            json.summary.interrupted,
            json.summary.failed,
            json.summary.total
        ),
        (4, 0, 4)
    );

    // Alice was deleted: the target keeps nothing of the run, and nothing is listed.
    assert_eq!(a.cleanup.len(), 1);
    assert_eq!(a.cleanup[0].status, Some(204));
    assert!(proxy.server.store.is_empty(ResourceKind::User));
    assert!(json.left_behind.is_empty(), "{:#?}", json.left_behind);
    assert!(
        proxy
            .seen()
            .iter()
            .any(|r| r.starts_with("DELETE /scim/v2/Users/"))
    );
    assert!(
        !proxy
            .seen()
            .iter()
            .any(|r| r.contains("ServiceProviderConfig"))
    );

    // Every report says so.
    assert!(junit.contains("skipped=\"4\""), "{junit}");
    assert!(junit.contains("type=\"interrupted\""), "{junit}");
    assert!(junit.contains(NOT_STARTED), "{junit}");
    assert!(html.contains("INTERRUPTED") && html.contains("Interrupted (Ctrl-C)"));
    assert!(html.contains(NOT_STARTED));
    assert!(
        stdout.contains("scimulate: 4 scenarios run, 0 failed, 4 interrupted, "),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("  interrupted d_discovery: {NOT_STARTED}")),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_when_the_target_is_gone_lists_what_was_left_behind() {
    let (proxy, out, run) = interrupted_while_reading_alice("ctrl-c-gone").await;
    proxy.die().await;
    let (code, stdout, stderr) = run.finish().await;
    assert_eq!(
        code,
        exit_code::INTERRUPTED,
        "--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );

    let users = proxy.server.store.snapshot(ResourceKind::User);
    assert_eq!(users.len(), 1, "alice is still on the target");
    let (id, user_name) = (users[0].id.to_string(), users[0].name.clone());
    let url = format!("{}/Users/{id}", proxy.base_url);
    // Printed, for a person to delete by hand…
    assert!(
        stdout.contains("1 resource created by this run may still exist on the target:"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "  left behind: User {id} ({user_name}) {url} (a_create_and_read: cannot connect to \
             the target: "
        )),
        "{stdout}"
    );
    // …and in the reports.
    let (json, _junit, html) = reports(out.path());
    the_user_left_behind(&json, &id, &user_name, &url);
    assert!(html.contains(&minijinja::HtmlEscape(&url).to_string()));
    // Alice's read lost its connection: a real failure, reported as one.
    let a = scenario(&json, "a_create_and_read");
    assert_eq!(a.verdict, "failed");
    assert_eq!(a.steps[1].failures[0].kind, "transport");
    for id in ["b_list", "c_create", "d_discovery"] {
        assert_eq!(scenario(&json, id).verdict, "interrupted", "{id}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_ctrl_c_stops_at_once_without_cleanup_or_reports() {
    // The held GET is never released: only the second Ctrl-C can end this run early.
    let (proxy, out, mut run) = interrupted_while_reading_alice("ctrl-c-twice").await;
    run.ctrl_c();
    run.wait_for_stderr("scimulate: interrupted again").await;
    let (code, stdout, stderr) = run.finish().await;
    assert_eq!(code, exit_code::INTERRUPTED, "{stdout}\n{stderr}");
    assert!(
        stderr.contains("stopping now, without cleanup or reports"),
        "{stderr}"
    );
    assert!(!out.path().join("report.json").exists());
    assert!(!stdout.contains("scimulate: 4 scenarios run"), "{stdout}");
    assert_eq!(proxy.server.store.len(ResourceKind::User), 1);
    assert!(!proxy.seen().iter().any(|r| r.starts_with("DELETE")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_still_unanswered_after_the_grace_is_abandoned_and_the_cleanup_still_runs() {
    // The held GET is never released, and the request timeout (60 s) is longer than the grace
    // (5 s): the grace is what ends the step.
    let proxy = Proxy::start_holding(Fate::Lives, Some("GET")).await;
    let out = temp_dir("runner-ctrl-c-grace");
    let mut run = Running::start(dying_args(
        &proxy.base_url,
        out.path(),
        &["--timeout", "60"],
    ));
    proxy
        .wait_for(|seen| seen.iter().any(|r| r.starts_with("GET ")))
        .await;
    run.ctrl_c();
    run.wait_for_stderr(ACKNOWLEDGED).await;
    let (code, stdout, stderr) = run.finish().await;
    assert_eq!(code, exit_code::INTERRUPTED, "{stdout}\n{stderr}");

    let (json, _junit, _html) = reports(out.path());
    let a = scenario(&json, "a_create_and_read");
    assert_eq!(
        (a.verdict.as_str(), a.interrupt_reason.as_deref()),
        (
            "interrupted",
            Some("interrupted (Ctrl-C) during step 2 \"read alice\"; 1 later step not run")
        )
    );
    assert!(
        a.steps[1].failures[0]
            .message
            .starts_with("interrupted (Ctrl-C): a request got no response within the 5.0s"),
        "{:?}",
        a.steps[1].failures
    );
    // What was known to be created is deleted all the same.
    assert_eq!(a.cleanup[0].status, Some(204));
    assert!(proxy.server.store.is_empty(ResourceKind::User));
}
