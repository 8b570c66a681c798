//! What a person sees in the terminal: the whole output of `scimulate run` over the report cases
//! against the bundled server, pinned in libtest's two formats (`pretty`, one line per scenario;
//! `terse`, one character each), so that a change to the banner, the failure text or the
//! summary is reviewed as the reader will meet it. Ports, the run tag and timings are normalised.

use std::process::Command;

use regex::Regex;

use crate::support::{CASES, filters};

fn scimulate_run(format: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_scimulate"))
        .args(["run", "--scenarios"])
        .arg(format!("{CASES}/scenarios"))
        .arg("--fixtures")
        .arg(format!("{CASES}/fixtures"))
        .args(["--seed", "7", "--test-threads", "1", "--format", format])
        .env("NO_COLOR", "1")
        .env_remove("SCIMULATE_TARGET")
        .env_remove("SCIMULATE_DENY_WARNINGS")
        .output()
        .expect("scimulate runs");
    // Two scenarios of the cases fail on purpose: the run is judged and fails.
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // The run tag is fresh in every run (it is in every generated userName): name it once.
    let tag = Regex::new(r"run tag ([a-z0-9]+)")
        .expect("a regex")
        .captures(&text)
        .map(|c| c[1].to_string())
        .expect("the banner names the run tag");
    let text = text.replace(&tag, "[run-tag]");
    let text = Regex::new(r"\(\d+ ms\)")
        .expect("a regex")
        .replace_all(&text, "([n] ms)");
    Regex::new(r"finished in \d+\.\d+s")
        .expect("a regex")
        .replace_all(&text, "finished in [t]s")
        .into_owned()
}

#[test]
fn snapshot_of_a_pretty_run() {
    let text = scimulate_run("pretty");
    insta::with_settings!({filters => filters()}, {
        insta::assert_snapshot!("process_pretty", text);
    });
}

#[test]
fn snapshot_of_a_terse_run() {
    let text = scimulate_run("terse");
    insta::with_settings!({filters => filters()}, {
        insta::assert_snapshot!("process_terse", text);
    });
}
