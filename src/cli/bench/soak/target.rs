//! The server under soak. By default the reference server runs as a child process of this
//! executable (`scimulate serve --listen 127.0.0.1:0 --quiet`), so that its resident memory can be
//! read from `/proc/PID/status` without the load generator's own memory mixed in; it gets a fresh
//! random bearer token through the environment (never the process list). With `--target` an
//! external server is soaked instead, and memory is not measured.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("cannot find the scimulate executable: {0}")]
    Exe(std::io::Error),
    #[error("cannot start the reference server: {0}")]
    Spawn(std::io::Error),
    #[error("the reference server did not print its base URL: {0}")]
    NoUrl(String),
}

/// Where the soak sends its requests, and the child process when it started one.
pub struct Target {
    pub base_url: String,
    pub bearer: Option<String>,
    child: Option<Child>,
}

impl Target {
    pub fn external(base_url: &str, bearer: Option<String>) -> Target {
        Target {
            base_url: base_url.to_string(),
            bearer,
            child: None,
        }
    }

    /// Starts the reference server in a child process and waits for its base URL.
    pub async fn child() -> Result<Target, TargetError> {
        let exe = std::env::current_exe().map_err(TargetError::Exe)?;
        let token = uuid::Uuid::new_v4().simple().to_string();
        let mut child = Command::new(exe)
            .args(["serve", "--listen", "127.0.0.1:0", "--quiet"])
            .env("SCIMULATE_SERVE_BEARER", &token)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(TargetError::Spawn)?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| TargetError::NoUrl("no stdout".into()))?;
        let mut lines = BufReader::new(stdout).lines();
        let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line()).await;
        let base_url = match first {
            Ok(Ok(Some(line))) if line.starts_with("http://") => line.trim().to_string(),
            Ok(Ok(other)) => return Err(TargetError::NoUrl(format!("it printed {other:?}"))),
            Ok(Err(e)) => return Err(TargetError::NoUrl(e.to_string())),
            Err(_) => return Err(TargetError::NoUrl("no line within 30 s".into())),
        };
        // Keep reading (and dropping) its output so that the pipe never fills.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(Target {
            base_url,
            bearer: Some(token),
            child: Some(child),
        })
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().and_then(Child::id)
    }

    /// The child's memory, if this target is a child on a system with `/proc`.
    pub fn memory(&self) -> Option<Memory> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()?)).ok()?;
        Some(Memory {
            resident: status_kb(&status, "VmRSS:")? * 1024,
            peak: status_kb(&status, "VmHWM:")? * 1024,
            private: status_kb(&status, "RssAnon:")? * 1024,
        })
    }

    /// Stops the child, if any.
    pub async fn stop(mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill().await;
        }
    }
}

/// A process's memory, in bytes.
#[derive(Debug, Clone, Copy)]
pub struct Memory {
    /// Resident now (`VmRSS`): private memory plus the pages of the executable it has touched.
    pub resident: u64,
    /// The high-water mark of `resident` (`VmHWM`).
    pub peak: u64,
    /// Resident anonymous memory (`RssAnon`): the heap, stacks and buffers, what the server holds
    /// for its data. The executable's pages (`RssFile`) grow as more code paths run and say
    /// nothing about what deleting gives back.
    pub private: u64,
}

fn status_kb(status: &str, key: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_kilobytes_from_a_proc_status() {
        let status =
            "Name:\tscimulate\nVmHWM:\t  20480 kB\nVmRSS:\t   10240 kB\nRssAnon:\t    1024 kB\n";
        assert_eq!(status_kb(status, "VmRSS:"), Some(10240));
        assert_eq!(status_kb(status, "RssAnon:"), Some(1024));
        assert_eq!(status_kb(status, "VmHWM:"), Some(20480));
        assert_eq!(status_kb(status, "VmSwap:"), None);
    }
}
