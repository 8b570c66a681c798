//! Load mode (`scimulate load`): what a real IdP sends on the day a customer assigns a large
//! group, against any target, and proof afterwards that nothing was lost.
//!
//! The phases follow an IdP's provisioning of a mass assignment ([`phases`]), in the request
//! shapes of Okta or Entra ([`shape`]): for every user the `userName eq` lookup and then the
//! create; the groups pushed with their members in batched PATCHes; a wave of profile updates;
//! a wave of deactivations; then Okta's import, `startIndex`/`count=100` pages over `/Users`,
//! and each group read back, which are checked ([`verify`]): every created user listed exactly
//! once, `totalResults` consistent with what the pages hold, every update, deactivation and
//! membership applied. An optional steady-state phase reads users for a while; last, unless
//! `keep`, what the run created is deleted (a cleanup no IdP does). Jobs run closed loop or
//! open loop ([`pool`]); each request kind is timed ([`stats`], [`timeline`]); 429 and 5xx
//! answers are retried the way an IdP does, honouring `Retry-After` ([`client`]); the
//! pipeline's limits are judged last ([`gate`]).
//!
//! Data flows one way here too: [`run`] sends and measures and returns a [`LoadOutcome`] (plain
//! data); `report::load` writes it. Nothing here formats output.

pub mod check;
pub mod client;
pub mod gate;
mod groups;
mod listing;
pub mod outcome;
pub mod people;
pub mod phases;
mod plain;
pub mod pool;
pub mod shape;
pub mod stats;
pub mod timeline;
mod users;
pub mod verify;

pub use check::{Check, Gate};
pub use gate::Gates;
pub use outcome::{LoadInfo, LoadOutcome, OperationSummary};
pub use shape::LoadIdp;

use std::time::Duration;

/// What to send, and where.
#[derive(Debug, Clone)]
pub struct LoadPlan {
    /// The SCIM base URL (`http://127.0.0.1:8080/scim/v2`).
    pub base_url: String,
    /// The `Authorization` header value, if any.
    pub authorization: Option<String>,
    /// Whose traffic to send.
    pub idp: LoadIdp,
    /// Users to provision.
    pub users: usize,
    /// Groups to push, the users dealt round them as members.
    pub groups: usize,
    /// Requests in flight at once (each worker provisions one user at a time, as an IdP's
    /// worker does).
    pub concurrency: usize,
    /// Open loop: jobs started a second in every phase, whatever the answers take.
    pub rate: Option<f64>,
    /// A steady-state phase of user reads this long.
    pub steady: Option<Duration>,
    /// The pipeline's limits.
    pub gates: Gates,
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
    #[error("the target `{0}` is not a URL: {1}")]
    Url(String, String),
}

/// What a phase has done so far, for a progress bar: `(phase, done, total)`.
pub type Progress = dyn Fn(&str, usize, usize) + Send + Sync;

/// Runs every phase against the target and checks the result.
pub async fn run(plan: &LoadPlan, progress: &Progress) -> Result<LoadOutcome, LoadError> {
    phases::run(plan, progress).await
}
