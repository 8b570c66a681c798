//! The binary as a child process, and temporary files.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Ran {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `scimulate ARGS` in the crate root (where `scenarios/` is) and waits for it.
pub fn run(args: &[&str]) -> Ran {
    let output = Command::new(env!("CARGO_BIN_EXE_scimulate"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("SCIMULATE_TARGET")
        .env_remove("SCIMULATE_BEARER")
        .env_remove("SCIMULATE_BASIC")
        .env_remove("SCIMULATE_OKTA_MODE")
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run scimulate: {e}"));
    Ran {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

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
        let mut child = Command::new(env!("CARGO_BIN_EXE_scimulate"))
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

/// A fresh directory under the system temp dir, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "scimulate-profiles-{}-{label}-{n}",
            std::process::id()
        ));
        let _created = std::fs::create_dir_all(&dir);
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            panic!("cannot write {}: {e}", path.display());
        }
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _removed = std::fs::remove_dir_all(&self.0);
    }
}
