//! The load run's reports: a table on the terminal, and a documented, versioned JSON document
//! (`docs/load-json.md`, `"format": "scimulate-load", "version": 1`). Both read
//! [`crate::load::LoadOutcome`] and nothing else.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::load::LoadOutcome;

pub const FORMAT: &str = "scimulate-load";
pub const VERSION: u32 = 1;

/// The terminal report: what was sent and how fast, per request kind, then every check.
pub fn text(outcome: &LoadOutcome) -> String {
    let i = &outcome.info;
    let mut out = String::new();
    let which = if i.bundled {
        " (the bundled reference server)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "scimulate load: {} users, concurrency {}, run tag {}, target {}{which}",
        i.users, i.concurrency, i.run_tag, i.target
    );
    let _ = writeln!(
        out,
        "  {:<11} {:>7} {:>7} {:>8} {:>10} {:>9} {:>8} {:>8} {:>8} {:>8}",
        "request",
        "count",
        "errors",
        "retries",
        "throttled",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "max ms"
    );
    for op in &outcome.operations {
        let _ = writeln!(
            out,
            "  {:<11} {:>7} {:>7} {:>8} {:>8}ms {:>9.0} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
            op.kind,
            op.count,
            op.error_count(),
            op.retries,
            op.throttled.as_millis(),
            op.throughput_rps,
            op.latency.p50,
            op.latency.p95,
            op.latency.p99,
            op.latency.max
        );
        if !op.errors.is_empty() {
            let statuses: Vec<String> =
                op.errors.iter().map(|(s, n)| format!("{s}: {n}")).collect();
            let _ = writeln!(
                out,
                "  {:<11} errors by status: {}",
                "",
                statuses.join(", ")
            );
        }
    }
    for check in &outcome.checks {
        let mark = if check.passed { "ok  " } else { "FAIL" };
        let _ = write!(out, "  {mark} {}: {}", check.name, check.detail);
        if !check.passed {
            let _ = write!(out, "\n       why: {}", check.why);
        }
        out.push('\n');
    }
    let failed = outcome.checks.iter().filter(|c| !c.passed).count();
    let verdict = if failed == 0 {
        format!("passed ({} checks)", outcome.checks.len())
    } else {
        format!("FAILED ({failed} of {} checks)", outcome.checks.len())
    };
    let _ = write!(
        out,
        "scimulate load: {verdict} in {:.1} s",
        i.duration.as_secs_f64()
    );
    out
}

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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadRun {
    pub target: String,
    pub bundled: bool,
    pub concurrency: usize,
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadCheck {
    pub name: String,
    pub passed: bool,
    pub detail: String,
    pub why: String,
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
                concurrency: o.info.concurrency,
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
        }
    }
}
