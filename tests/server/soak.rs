//! `scimulate bench --soak` end to end, kept short (one second of load, four clients) against an
//! in-process server: a correct store passes every check and exits 0; a server that loses
//! acknowledged renames (`--quirk put-cannot-change-username`) is caught and exits with
//! `SOAK_INCONSISTENT`. The checks themselves are unit-tested on hand-built states in
//! `src/cli/bench/soak/consistency.rs`; no figure here is timed.

use std::process::Stdio;
use std::time::Duration;

use scimulate::exit_code;
use scimulate::server::ServerConfig;
use scimulate::server::quirks::{Quirk, Quirks};
use tokio::process::Command;

use crate::support::Server;

/// Runs a one-second soak against `server`; returns (exit code, stdout).
async fn soak(server: &Server) -> (Option<i32>, String) {
    let child = Command::new(env!("CARGO_BIN_EXE_scimulate"))
        .args(["bench", "--soak", "--seconds", "1", "--rounds", "1"])
        .args(["--clients", "4", "--seed", "3", "--target", &server.base])
        .env_remove("SCIMULATE_BEARER")
        .env("NO_PROXY", "127.0.0.1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn scimulate bench --soak");
    let output = tokio::time::timeout(Duration::from_secs(120), child.wait_with_output())
        .await
        .expect("the soak ends")
        .expect("soak output");
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    let stderr = String::from_utf8_lossy(&output.stderr);
    (output.status.code(), format!("{stdout}\n{stderr}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_store_passes_a_short_soak() {
    let server = Server::start().await;
    let (code, out) = soak(&server).await;
    assert_eq!(code, Some(exit_code::SUCCESS), "{out}");
    assert!(out.contains("soak passed"), "{out}");
    assert!(!out.contains("[FAIL]"), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_loses_acknowledged_renames_fails_the_soak() {
    let server = Server::start_with(ServerConfig {
        quirks: Quirks::new([Quirk::PutCannotChangeUsername]),
        ..ServerConfig::default()
    })
    .await;
    let (code, out) = soak(&server).await;
    assert_eq!(code, Some(exit_code::SOAK_INCONSISTENT), "{out}");
    assert!(
        out.contains("[FAIL] last acknowledged writes kept"),
        "{out}"
    );
}
