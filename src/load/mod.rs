//! Load mode (`scimulate load`): what a real IdP sends on the day a customer assigns a large
//! group, against any target, and proof afterwards that nothing was lost.
//!
//! The phases follow Okta's provisioning of a mass assignment (okta-scim-behaviour §1.2–§1.6):
//! for every user the `userName eq` lookup and then the create POST; a wave of profile updates
//! (GET, then the whole-object PUT); a wave of deactivations (Okta's path-less PATCH `active:
//! false`); then Okta's import, `startIndex`/`count=100` pages over `/Users`, which is checked
//! ([`verify`]): every created user listed exactly once, `totalResults` consistent with what the
//! pages hold, every update and deactivation applied. Last, unless `keep`, the users are
//! deleted (a cleanup Okta itself never does). Each request kind is timed ([`stats`]); 429 and
//! 5xx answers are retried the way an IdP does, honouring `Retry-After` ([`client`]).
//!
//! Data flows one way here too: [`run`] sends and measures and returns a [`LoadOutcome`] (plain
//! data); `report::load` writes it. Nothing here formats output.

pub mod check;
pub mod client;
pub mod outcome;
mod phases;
pub mod stats;
pub mod verify;

pub use check::Check;
pub use outcome::{LoadInfo, LoadOutcome, OperationSummary};

use std::time::Duration;

/// What to send, and where.
#[derive(Debug, Clone)]
pub struct LoadPlan {
    /// The SCIM base URL (`http://127.0.0.1:8080/scim/v2`).
    pub base_url: String,
    /// The `Authorization` header value, if any.
    pub authorization: Option<String>,
    /// Users to provision.
    pub users: usize,
    /// Requests in flight at once (each worker provisions one user at a time, as an IdP's
    /// worker does).
    pub concurrency: usize,
    /// Makes this run's userNames unique (`load-{tag}-000042@example.com`).
    pub run_tag: String,
    /// Leave the users on the target instead of deleting them at the end.
    pub keep: bool,
    /// The target is the bundled reference server (on 127.0.0.1: `HTTP_PROXY` and friends are
    /// ignored).
    pub bundled: bool,
    /// Give up on a request after this long without an answer.
    pub timeout: Duration,
}

/// Why the load could not run at all (a verdict on the target is a [`LoadOutcome`]).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot build the HTTP client: {0}")]
    Client(reqwest::Error),
    #[error("the Authorization value is not a valid header value")]
    Authorization,
}

/// What a phase has done so far, for a progress bar: `(phase, done, total)`.
pub type Progress = dyn Fn(&str, usize, usize) + Send + Sync;

/// Runs every phase against the target and checks the result.
pub async fn run(plan: &LoadPlan, progress: &Progress) -> Result<LoadOutcome, LoadError> {
    phases::run(plan, progress).await
}
