//! The load run's reports: a table on the terminal (here), a documented, versioned JSON
//! document (`json.rs`, `docs/load-json.md`), JUnit XML with a testcase per check and gate
//! (`junit.rs`) and a self-contained HTML page with latency plots (`html.rs`). All of them read
//! [`crate::load::LoadOutcome`] and nothing else.

use std::fmt::Write;

use crate::load::LoadOutcome;

mod html;
mod json;
mod junit;
mod svg;

pub use html::html;
pub use json::{FORMAT, LoadReport, VERSION, json};
pub use junit::junit;

/// The terminal report: what was sent and how fast, per request kind, then every check.
pub fn text(outcome: &LoadOutcome) -> String {
    let i = &outcome.info;
    let mut out = String::new();
    let which = if i.bundled {
        " (the bundled reference server)"
    } else {
        ""
    };
    let pace = match i.rate {
        Some(rate) => format!("open loop at {rate} jobs/s"),
        None => format!("concurrency {}", i.concurrency),
    };
    let steady = match i.steady {
        Some(d) => format!(", steady {:.0} s", d.as_secs_f64()),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "scimulate load: {} users, {} groups, {} traffic, {pace}{steady}, run tag {}, target {}{which}",
        i.users,
        i.groups,
        json::idp_label(i.idp),
        i.run_tag,
        i.target
    );
    let _ = writeln!(
        out,
        "  {:<13} {:>7} {:>7} {:>8} {:>10} {:>9} {:>8} {:>8} {:>8} {:>8}",
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
            "  {:<13} {:>7} {:>7} {:>8} {:>8}ms {:>9.0} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
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
                "  {:<13} errors by status: {}",
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
    for gate in &outcome.gates {
        let mark = if gate.passed { "ok  " } else { "FAIL" };
        let _ = writeln!(out, "  {mark} gate {}: {}", gate.name, gate.detail);
    }
    if i.late_starts > 0 {
        let _ = writeln!(
            out,
            "  note: {} jobs started late ({} were in flight): the generator, not the target, set their pace",
            i.late_starts,
            crate::load::pool::MAX_IN_FLIGHT
        );
    }
    let failed = outcome.checks.iter().filter(|c| !c.passed).count();
    let gates_failed = outcome.gates.iter().filter(|g| !g.passed).count();
    let gates = match outcome.gates.len() {
        0 => String::new(),
        1 => ", 1 gate".to_owned(),
        n => format!(", {n} gates"),
    };
    let verdict = if failed == 0 && gates_failed == 0 {
        format!("passed ({} checks{gates})", outcome.checks.len())
    } else if outcome.gates.is_empty() {
        format!(
            "FAILED ({failed} of {} checks failed)",
            outcome.checks.len()
        )
    } else {
        format!(
            "FAILED ({failed} of {} checks and {gates_failed} of {} gates failed)",
            outcome.checks.len(),
            outcome.gates.len()
        )
    };
    let _ = write!(
        out,
        "scimulate load: {verdict} in {:.1} s",
        i.duration.as_secs_f64()
    );
    out
}
