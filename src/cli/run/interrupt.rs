//! Ctrl-C during `scimulate run`. The first one asks the run to stop politely (see
//! [`crate::runner::control`]): no new scenario or step starts, requests in flight get a short
//! grace, what the run created is deleted, and every requested report is still written, so a
//! person who stops a long run against staging neither loses what ran nor leaves test users
//! behind. The process then exits with [`exit_code::INTERRUPTED`]. A second Ctrl-C means "now":
//! the process exits at once, without cleanup or reports.
//!
//! SIGTERM, which CI runners send when a job is cancelled or times out, is handled the same way,
//! so a cancelled pipeline still cleans up and leaves its reports.

use std::sync::Arc;

use crate::exit_code;
use crate::runner::control::{CLEANUP_TIMEOUT, INTERRUPT_GRACE, RunControl};

/// Listens for Ctrl-C for as long as the runtime lives.
pub(super) fn listen(runtime: &tokio::runtime::Runtime, control: Arc<RunControl>) {
    runtime.spawn(async move {
        let mut signals = match Signals::new() {
            Ok(signals) => signals,
            Err(e) => {
                eprintln!("warning: Ctrl-C cannot be handled ({e}); it will stop the run at once");
                return;
            }
        };
        while signals.next().await {
            if control.interrupt() {
                eprintln!("scimulate: interrupted again: stopping now, without cleanup or reports");
                std::process::exit(exit_code::INTERRUPTED);
            }
            eprintln!(
                "scimulate: interrupted (Ctrl-C): no new scenario or step starts; requests in \
                 flight get up to {}s, then what the run created is deleted (up to {}s a \
                 request) and the reports are written. Ctrl-C again to stop at once.",
                INTERRUPT_GRACE.as_secs(),
                CLEANUP_TIMEOUT.as_secs()
            );
        }
    });
}

/// SIGINT and SIGTERM as one stream: one registration for the whole run, so a second signal
/// that arrives while the first is being handled is not lost.
#[cfg(unix)]
struct Signals {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl Signals {
    fn new() -> std::io::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Signals {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    async fn next(&mut self) -> bool {
        tokio::select! {
            got = self.interrupt.recv() => got.is_some(),
            got = self.terminate.recv() => got.is_some(),
        }
    }
}

#[cfg(not(unix))]
struct Signals;

#[cfg(not(unix))]
impl Signals {
    fn new() -> std::io::Result<Self> {
        Ok(Signals)
    }

    async fn next(&mut self) -> bool {
        tokio::signal::ctrl_c().await.is_ok()
    }
}
