//! `scim2-server --hostname 127.0.0.1 --port P --bearer-token T`, base URL `http://127.0.0.1:P/v2`.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common;

/// The version `.ci/run` installs; another one is run too, with a note.
const PINNED: &str = "0.8.3";
const TOKEN: &str = "interop-token-0123456789";
const README: &str = "README.md";

/// The server process, killed when dropped.
struct Server {
    child: Child,
    base_url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The installed version, or `None` (with the skip note printed, or a panic on CI).
fn installed() -> Option<String> {
    let probe = Command::new("python3")
        .args([
            "-c",
            "import importlib.metadata as m; print(m.version('scim2-server'))",
        ])
        .output();
    let version = probe
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|v| !v.is_empty());
    let on_path = Command::new("scim2-server")
        .arg("--help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    match version {
        Some(version) if on_path => {
            if version != PINNED {
                eprintln!("note: scim2-server {version} installed; CI pins {PINNED}");
            }
            Some(version)
        }
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!(
                "scim2-server is missing on CI: install it (python3 -m pip install scim2-server=={PINNED})"
            )
        }
        _ => {
            eprintln!(
                "\n*** SKIPPED: scim2-server not installed (python3 -m pip install scim2-server=={PINNED}) — this test did not run ***\n"
            );
            None
        }
    }
}

fn start() -> Server {
    // A port that was free a moment ago; the server binds it itself.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let child = Command::new("scim2-server")
        .args(["--hostname", "127.0.0.1", "--port", &port.to_string()])
        .args(["--bearer-token", TOKEN])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("scim2-server starts");
    let server = Server {
        child,
        base_url: format!("http://127.0.0.1:{port}/v2"),
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "scim2-server did not listen on {port} within 30 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    server
}

/// The README's "Interoperability" section: where every warning must be explained.
fn interop_section() -> String {
    let readme = std::fs::read_to_string(README).expect("README.md");
    let start = readme
        .find("\n## Interoperability")
        .expect("the README has an Interoperability section");
    let rest = &readme[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    rest[..end].to_owned()
}

/// Every warning of a JSON report: `(scenario id, step name, message, reason)`.
fn warnings(report: &Value) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    for scenario in report["scenarios"].as_array().into_iter().flatten() {
        for step in scenario["steps"].as_array().into_iter().flatten() {
            for w in step["warnings"].as_array().into_iter().flatten() {
                let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
                out.push((
                    text(&scenario["id"]),
                    text(&step["name"]),
                    text(&w["message"]),
                    text(&w["reason"]),
                ));
            }
        }
    }
    out
}

/// Failed scenarios with their first failure, for the assertion message.
fn failures(report: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for scenario in report["scenarios"].as_array().into_iter().flatten() {
        if scenario["verdict"] != "failed" {
            continue;
        }
        let first = scenario["steps"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|s| s["failures"].as_array().into_iter().flatten())
            .next()
            .and_then(|f| f["message"].as_str())
            .unwrap_or("");
        out.push(format!("{}: {first}", scenario["id"]));
    }
    out
}

#[test]
fn the_bundled_suite_has_no_failure_on_scim2_server_in_either_okta_mode_and_either_entra_patch() {
    let Some(version) = installed() else {
        return;
    };
    let section = interop_section();
    // Each run takes one mode of each IdP, so that both modes of both run.
    for (mode, entra) in [("oin", "legacy"), ("aiw", "flag")] {
        let server = start();
        let dir = common::temp_dir(&format!("interop-{mode}"));
        let json = dir.path().join("report.json");
        let ran = common::command()
            .args(["run", "--target", &server.base_url, "--seed", "1"])
            // One scenario at a time: with four, scim2-server once answered a create with 500
            // "Internal server error" (not reproduced in six later runs; its in-memory store is
            // not guarded against concurrent writes), and a gate must not flake.
            .args([
                "--okta-mode",
                mode,
                "--entra-patch",
                entra,
                "--test-threads",
                "1",
            ])
            .arg("--json")
            .arg(&json)
            .env("SCIMULATE_BEARER", TOKEN)
            .output()
            .expect("scimulate runs");
        let stdout = String::from_utf8_lossy(&ran.stdout);
        let report: Value =
            serde_json::from_str(&std::fs::read_to_string(Path::new(&json)).unwrap_or_default())
                .unwrap_or_else(|e| panic!("no JSON report ({e}):\n{stdout}"));
        let failed = failures(&report);
        assert!(
            failed.is_empty() && ran.status.code() == Some(0),
            "scim2-server {version}, --okta-mode {mode} --entra-patch {entra}: {} failed:\n{}\n\n{stdout}",
            failed.len(),
            failed.join("\n")
        );
        assert!(
            report["summary"]["passed"].as_u64().unwrap_or(0) >= 40,
            "{stdout}"
        );
        // Each warning is expected, and explained where users read: its scenario and its reason
        // are named in the README's Interoperability section.
        for (id, step, message, reason) in warnings(&report) {
            assert!(
                section.contains(&format!("`{id}`")) && section.contains(&reason),
                "scim2-server {version}, --okta-mode {mode} --entra-patch {entra}: a warning the README does not explain:\n\
                 {id}, step \"{step}\": {message}\nwhy: {reason}"
            );
        }
    }
}
