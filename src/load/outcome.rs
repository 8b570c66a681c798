//! What a load run produced, as plain data for `report::load`.

use std::collections::BTreeMap;
use std::time::Duration;

use super::check::Check;
use super::stats::Latency;
use super::verify::Verification;

#[derive(Debug, Clone)]
pub struct LoadInfo {
    pub target: String,
    pub bundled: bool,
    pub users: usize,
    pub concurrency: usize,
    pub run_tag: String,
    /// RFC 3339, UTC.
    pub started_at: String,
    pub duration: Duration,
    pub scimulate_version: String,
}

/// One kind of request over the whole run.
#[derive(Debug, Clone)]
pub struct OperationSummary {
    /// `lookup`, `create`, `read`, `replace`, `deactivate`, `import`, `delete`.
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
}

impl LoadOutcome {
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.passed)
    }
}
