//! `scimulate serve` as a child process.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

use super::bin::command;

/// `scimulate serve ARGS --listen 127.0.0.1:0 --quiet`, killed when dropped.
pub struct Served {
    child: Child,
    /// Kept open: the server prints its SCIM 1.1 URL after the 2.0 one, and a closed pipe would
    /// make that write fail and the server stop before the test has used it.
    _stdout: Option<BufReader<std::process::ChildStdout>>,
    pub base_url: String,
}

impl Served {
    pub fn start(args: &[&str]) -> Self {
        let mut child = command()
            .arg("serve")
            .args(args)
            .args(["--listen", "127.0.0.1:0", "--quiet"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start scimulate serve: {e}"));
        let mut line = String::new();
        let mut stdout = child.stdout.take().map(BufReader::new);
        if let Some(stdout) = stdout.as_mut() {
            let _read = stdout.read_line(&mut line);
        }
        let base_url = line.trim().to_owned();
        assert!(
            base_url.starts_with("http://"),
            "serve printed `{base_url}`"
        );
        Served {
            child,
            _stdout: stdout,
            base_url,
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _killed = self.child.kill();
        let _waited = self.child.wait();
    }
}
