//! What a load run produced, as plain data for `report::load`.

use std::collections::BTreeMap;
use std::time::Duration;

use super::check::{Check, Gate};
use super::shape::LoadIdp;
use super::stats::Latency;
use super::timeline::{Bucket, Slice};
use super::verify::Verification;

#[derive(Debug, Clone)]
pub struct LoadInfo {
    pub target: String,
    pub bundled: bool,
    pub idp: LoadIdp,
    pub users: usize,
    pub groups: usize,
    pub concurrency: usize,
    /// Open loop at this many jobs a second (`--rate`).
    pub rate: Option<f64>,
    /// The steady-state phase's length (`--duration`).
    pub steady: Option<Duration>,
    /// Open loop: jobs started late because too many were in flight (the generator, not the
    /// server, set the pace for those).
    pub late_starts: u64,
    pub run_tag: String,
    /// RFC 3339, UTC.
    pub started_at: String,
    pub duration: Duration,
    pub scimulate_version: String,
}

/// One kind of request over the whole run.
#[derive(Debug, Clone)]
pub struct OperationSummary {
    /// One of `phases::KINDS` (`lookup`, `create`, …).
    pub kind: &'static str,
    pub count: u64,
    /// Requests that did not end in a 2xx (after retries), by status or `no answer`.
    pub errors: BTreeMap<String, u64>,
    pub retries: u64,
    pub throttled: Duration,
    /// Requests of this kind per second of the phase that sent them.
    pub throughput_rps: f64,
    pub latency: Latency,
}

impl OperationSummary {
    pub fn error_count(&self) -> u64 {
        self.errors.values().sum()
    }
}

#[derive(Debug, Clone)]
pub struct LoadOutcome {
    pub info: LoadInfo,
    pub operations: Vec<OperationSummary>,
    pub verification: Verification,
    pub checks: Vec<Check>,
    /// The pipeline's limits (`--max-p99`, …), judged.
    pub gates: Vec<Gate>,
    /// Every request over time, for the HTML report's plot.
    pub timeline: Vec<Slice>,
    pub histogram: Vec<Bucket>,
}

impl LoadOutcome {
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.passed) && self.gates.iter().all(|g| g.passed)
    }
}
