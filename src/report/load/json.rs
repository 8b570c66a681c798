//! The load run as a documented, versioned JSON document (`docs/load-json.md`,
//! `"format": "scimulate-load", "version": 1`): what a pipeline reads to chart a target's
//! figures from run to run. Fields are only ever added within a version.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::load::{LoadIdp, LoadOutcome};

pub const FORMAT: &str = "scimulate-load";
pub const VERSION: u32 = 1;

/// The JSON document, pretty-printed, ending with a newline.
pub fn json(outcome: &LoadOutcome) -> String {
    let mut text = serde_json::to_string_pretty(&LoadReport::from_outcome(outcome))
        .expect("the report types always serialize");
    text.push('\n');
    text
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadReport {
    pub format: String,
    pub version: u32,
    pub passed: bool,
    pub run: LoadRun,
    pub users: usize,
    /// By request kind (`lookup`, `create`, `read`, `replace`, `deactivate`, `import`, `delete`).
    pub operations: BTreeMap<String, LoadOperation>,
    pub verify: LoadVerify,
    pub checks: Vec<LoadCheck>,
    /// The pipeline's limits, judged (empty when none was asked for).
    #[serde(default)]
    pub gates: Vec<LoadGate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadRun {
    pub target: String,
    pub bundled: bool,
    /// `okta`, `entra legacy` or `entra flag`.
    #[serde(default)]
    pub idp: String,
    #[serde(default)]
    pub groups: usize,
    pub concurrency: usize,
    /// Open loop: jobs started a second (`--rate`); absent: closed loop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    /// The steady-state phase's length (`--duration`); absent: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steady_ms: Option<u64>,
    /// Open loop: jobs started late, the generator's limit of jobs in flight reached.
    #[serde(default)]
    pub late_starts: u64,
    pub run_tag: String,
    pub started_at: String,
    pub duration_ms: u64,
    pub scimulate_version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadOperation {
    pub count: u64,
    pub errors: u64,
    pub errors_by_status: BTreeMap<String, u64>,
    pub retries: u64,
    pub throttled_ms: u64,
    pub throughput_rps: f64,
    pub latency_ms: LoadLatency,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadLatency {
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadVerify {
    pub expected: usize,
    pub found: usize,
    pub duplicates: usize,
    pub missing: usize,
    pub listed: usize,
    pub pages: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_results: Option<u64>,
    pub total_results_stable: bool,
    pub updates_expected: usize,
    pub updates_applied: usize,
    pub deactivations_expected: usize,
    pub deactivations_applied: usize,
    #[serde(default)]
    pub groups_expected: usize,
    #[serde(default)]
    pub groups_read: usize,
    #[serde(default)]
    pub memberships_expected: usize,
    #[serde(default)]
    pub memberships_present: usize,
    #[serde(default)]
    pub members_unexpected: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadCheck {
    pub name: String,
    pub passed: bool,
    pub detail: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadGate {
    /// The flag's name: `max-p99`, `max-error-rate`, `min-throughput`.
    pub name: String,
    pub limit: f64,
    pub measured: f64,
    pub passed: bool,
    pub detail: String,
}

/// `okta`, `entra legacy`, `entra flag`.
pub fn idp_label(idp: LoadIdp) -> String {
    match idp {
        LoadIdp::Okta => "okta".to_owned(),
        LoadIdp::Entra(mode) => format!("entra {mode}"),
    }
}

fn millis(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Three decimals: a report, not a measurement of the float's noise.
fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

impl LoadReport {
    pub fn from_outcome(o: &LoadOutcome) -> Self {
        let v = &o.verification;
        LoadReport {
            format: FORMAT.into(),
            version: VERSION,
            passed: o.passed(),
            run: LoadRun {
                target: o.info.target.clone(),
                bundled: o.info.bundled,
                idp: idp_label(o.info.idp),
                groups: o.info.groups,
                concurrency: o.info.concurrency,
                rate: o.info.rate,
                steady_ms: o.info.steady.map(millis),
                late_starts: o.info.late_starts,
                run_tag: o.info.run_tag.clone(),
                started_at: o.info.started_at.clone(),
                duration_ms: millis(o.info.duration),
                scimulate_version: o.info.scimulate_version.clone(),
            },
            users: o.info.users,
            operations: o
                .operations
                .iter()
                .map(|op| {
                    let operation = LoadOperation {
                        count: op.count,
                        errors: op.error_count(),
                        errors_by_status: op.errors.clone(),
                        retries: op.retries,
                        throttled_ms: millis(op.throttled),
                        throughput_rps: round(op.throughput_rps),
                        latency_ms: LoadLatency {
                            p50: round(op.latency.p50),
                            p95: round(op.latency.p95),
                            p99: round(op.latency.p99),
                            max: round(op.latency.max),
                        },
                    };
                    (op.kind.to_owned(), operation)
                })
                .collect(),
            verify: LoadVerify {
                expected: v.expected,
                found: v.found,
                duplicates: v.duplicates,
                missing: v.missing,
                listed: v.listed,
                pages: v.pages,
                total_results: v.total_results,
                total_results_stable: v.total_results_stable,
                updates_expected: v.updates_expected,
                updates_applied: v.updates_applied,
                deactivations_expected: v.deactivations_expected,
                deactivations_applied: v.deactivations_applied,
                groups_expected: v.groups_expected,
                groups_read: v.groups_read,
                memberships_expected: v.memberships_expected,
                memberships_present: v.memberships_present,
                members_unexpected: v.members_unexpected,
            },
            checks: o
                .checks
                .iter()
                .map(|c| LoadCheck {
                    name: c.name.into(),
                    passed: c.passed,
                    detail: c.detail.clone(),
                    why: c.why.into(),
                })
                .collect(),
            gates: o
                .gates
                .iter()
                .map(|g| LoadGate {
                    name: g.name.into(),
                    limit: g.limit,
                    measured: round(g.measured),
                    passed: g.passed,
                    detail: g.detail.clone(),
                })
                .collect(),
        }
    }
}
