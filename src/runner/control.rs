//! What a run knows that no single scenario does: whether it was interrupted (Ctrl-C), and
//! whether the target has stopped answering. Every scenario of a run shares one [`RunControl`]
//! (through its [`Target`](super::target::Target)), and looks at it between steps.
//!
//! Why these rules (README, "When the target dies, and Ctrl-C"):
//! - **Interrupted**: no new scenario or step starts. A request already sent gets
//!   [`INTERRUPT_GRACE`] to be answered, because a POST cut off in flight may create a user the
//!   run never hears of and so cannot delete; after the grace it is abandoned. Then each
//!   scenario deletes what it created, each delete bounded by [`CLEANUP_TIMEOUT`], so a dead
//!   target cannot hold the process.
//! - **Unresponsive target**: a refused connection fails in a millisecond, so every later step
//!   is still tried and gets its own verdict (and a target that comes back is noticed). A
//!   request that times out costs the whole `--timeout`; after [`UNRESPONSIVE_AFTER`] timeouts
//!   in a row (no response of any kind in between, from any scenario) the target is declared
//!   unresponsive for the rest of the run: later requests are not sent and fail at once,
//!   naming the request that first timed out. A run is one snapshot: a target that stops
//!   answering for a minute has already failed it, so the breaker never closes again.

use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::watch;

/// Timeouts in a row after which the target is declared unresponsive.
pub const UNRESPONSIVE_AFTER: usize = 3;
/// How long a request in flight at Ctrl-C may still take (at most the request timeout).
pub const INTERRUPT_GRACE: Duration = Duration::from_secs(5);
/// The bound on each cleanup delete after Ctrl-C (at most the request timeout).
pub const CLEANUP_TIMEOUT: Duration = Duration::from_secs(5);

/// The start of the message [`exchange::send`](super::exchange::send) records for a timeout.
const TIMEOUT_PREFIX: &str = "no response within";

/// Whether a transport error recorded for an exchange is a timeout.
pub fn is_timeout(error: &str) -> bool {
    error.starts_with(TIMEOUT_PREFIX)
}

/// The run's shared state: interruption and the target's health.
#[derive(Debug)]
pub struct RunControl {
    interrupted: watch::Sender<bool>,
    health: Mutex<Health>,
}

#[derive(Debug, Default)]
struct Health {
    /// Timeouts since the last response.
    timeouts_in_a_row: usize,
    /// The first of them: `GET http://… (step "read bob" of users::read)`.
    first_timeout: Option<String>,
    /// Set once the target is declared unresponsive: why, for every request not sent.
    unresponsive: Option<String>,
}

impl Default for RunControl {
    fn default() -> Self {
        RunControl {
            interrupted: watch::Sender::new(false),
            health: Mutex::default(),
        }
    }
}

impl RunControl {
    /// Marks the run as interrupted (the first Ctrl-C). Returns whether it already was.
    pub fn interrupt(&self) -> bool {
        self.interrupted.send_replace(true)
    }

    pub fn is_interrupted(&self) -> bool {
        *self.interrupted.borrow()
    }

    /// Completes when the run is interrupted (at once if it already is).
    pub async fn interrupted(&self) {
        let mut rx = self.interrupted.subscribe();
        // The sender lives as long as `self`, so waiting cannot fail.
        let _ = rx.wait_for(|interrupted| *interrupted).await;
    }

    /// Completes `grace` after the run is interrupted: when a request in flight is abandoned.
    pub async fn interrupted_for(&self, grace: Duration) {
        self.interrupted().await;
        tokio::time::sleep(grace).await;
    }

    /// Why requests are no longer sent, once the target has been declared unresponsive.
    pub fn unresponsive(&self) -> Option<String> {
        self.lock().unresponsive.clone()
    }

    /// Records what one request got: `Ok` (any response) resets the count of timeouts; a
    /// timeout counts towards declaring the target unresponsive; other transport errors
    /// (refused, reset) are fast and change nothing. `request` names the request for the message.
    pub fn observe(&self, response: Result<(), &str>, request: impl FnOnce() -> String) {
        let mut health = self.lock();
        match response {
            Ok(()) => {
                health.timeouts_in_a_row = 0;
                health.first_timeout = None;
            }
            Err(error) if is_timeout(error) => {
                health.timeouts_in_a_row += 1;
                if health.first_timeout.is_none() {
                    health.first_timeout = Some(format!("{} -> {error}", request()));
                }
                if health.timeouts_in_a_row >= UNRESPONSIVE_AFTER && health.unresponsive.is_none() {
                    health.unresponsive = Some(format!(
                        "the target stopped answering: {UNRESPONSIVE_AFTER} requests in a row \
                         timed out, the first {}",
                        health.first_timeout.as_deref().unwrap_or_default()
                    ));
                }
            }
            Err(_) => {}
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Health> {
        self.health.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIMEOUT: &str = "no response within 0.5s (timeout)";

    #[test]
    fn three_timeouts_in_a_row_declare_the_target_unresponsive_naming_the_first() {
        let control = RunControl::default();
        control.observe(Err(TIMEOUT), || "GET /a".into());
        control.observe(Err(TIMEOUT), || "GET /b".into());
        assert_eq!(control.unresponsive(), None);
        control.observe(Err(TIMEOUT), || "GET /c".into());
        let reason = control.unresponsive().expect("declared unresponsive");
        assert!(reason.contains("3 requests in a row timed out"), "{reason}");
        assert!(
            reason.contains("GET /a -> no response within 0.5s"),
            "{reason}"
        );
        // It stays so: a run is one snapshot.
        control.observe(Ok(()), || "GET /d".into());
        assert!(control.unresponsive().is_some());
    }

    #[test]
    fn a_response_in_between_or_a_refused_connection_does_not_count() {
        let control = RunControl::default();
        control.observe(Err(TIMEOUT), || "GET /a".into());
        control.observe(Err(TIMEOUT), || "GET /b".into());
        control.observe(Ok(()), || "GET /c".into());
        control.observe(Err(TIMEOUT), || "GET /d".into());
        control.observe(
            Err("cannot connect to the target: Connection refused"),
            || "GET /e".into(),
        );
        control.observe(Err(TIMEOUT), || "GET /f".into());
        assert_eq!(control.unresponsive(), None);
    }

    #[tokio::test]
    async fn interruption_is_seen_by_waiters_started_before_and_after() {
        let control = std::sync::Arc::new(RunControl::default());
        let waiter = tokio::spawn({
            let control = control.clone();
            async move { control.interrupted().await }
        });
        assert!(!control.is_interrupted());
        assert!(!control.interrupt());
        assert!(control.interrupt(), "the second interrupt says so");
        waiter.await.unwrap();
        control.interrupted().await;
        assert!(control.is_interrupted());
    }
}
