//! The load run as one self-contained HTML page (CSS inline, plots as inline SVG, no scripts,
//! no fetches): the verdict, every check and gate with its reason, the request table, latency
//! over the run and the latency histogram. The page reuses the run report's stylesheet; the
//! template's `.html` name turns on auto-escaping, so the only markup printed as is, is ours
//! (the stylesheet and the SVG, built from numbers in [`super::svg`]).

use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Serialize;

use super::json::idp_label;
use super::svg;
use crate::load::LoadOutcome;

const TEMPLATE: &str = include_str!("load.html");
const CSS: &str = include_str!("../html/report.css");

#[derive(Serialize)]
struct InfoView {
    users: usize,
    groups: usize,
    idp: String,
    pace: String,
    target: String,
    bundled: bool,
    started_at: String,
    duration: String,
    run_tag: String,
    version: String,
}

#[derive(Serialize)]
struct OperationView {
    kind: &'static str,
    count: u64,
    errors: u64,
    retries: u64,
    throttled: String,
    rps: String,
    p50: String,
    p95: String,
    p99: String,
    max: String,
    by_status: String,
}

#[derive(Serialize)]
struct VerdictView<'a> {
    name: &'a str,
    passed: bool,
    detail: &'a str,
    why: &'a str,
}

/// The page for `outcome`.
pub fn html(outcome: &LoadOutcome) -> String {
    let i = &outcome.info;
    let failed = outcome.checks.iter().filter(|c| !c.passed).count()
        + outcome.gates.iter().filter(|g| !g.passed).count();
    let verdict = if failed == 0 {
        "passed".to_owned()
    } else {
        format!("FAILED ({failed})")
    };
    let info = InfoView {
        users: i.users,
        groups: i.groups,
        idp: idp_label(i.idp),
        pace: match i.rate {
            Some(rate) => format!("open loop at {rate} jobs/s"),
            None => format!("concurrency {}", i.concurrency),
        },
        target: i.target.clone(),
        bundled: i.bundled,
        started_at: i.started_at.clone(),
        duration: format!("{:.1} s", i.duration.as_secs_f64()),
        run_tag: i.run_tag.clone(),
        version: i.scimulate_version.clone(),
    };
    let operations: Vec<OperationView> = outcome
        .operations
        .iter()
        .map(|op| OperationView {
            kind: op.kind,
            count: op.count,
            errors: op.error_count(),
            retries: op.retries,
            throttled: format!("{} ms", op.throttled.as_millis()),
            rps: format!("{:.0}", op.throughput_rps),
            p50: format!("{:.2}", op.latency.p50),
            p95: format!("{:.2}", op.latency.p95),
            p99: format!("{:.2}", op.latency.p99),
            max: format!("{:.2}", op.latency.max),
            by_status: op
                .errors
                .iter()
                .map(|(s, n)| format!("{s}: {n}"))
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    let checks: Vec<VerdictView> = outcome
        .checks
        .iter()
        .map(|c| VerdictView {
            name: c.name,
            passed: c.passed,
            detail: &c.detail,
            why: c.why,
        })
        .collect();
    let gates: Vec<VerdictView> = outcome
        .gates
        .iter()
        .map(|g| VerdictView {
            name: g.name,
            passed: g.passed,
            detail: &g.detail,
            why: "",
        })
        .collect();
    let mut env = crate::report::html::environment();
    let rendered = env
        .add_template("load.html", TEMPLATE)
        .and_then(|()| env.get_template("load.html"))
        .and_then(|t| {
            t.render(context! {
                css => Value::from_safe_string(CSS.to_owned()),
                verdict => verdict,
                passed => failed == 0,
                info => Serde(info),
                checks => Serde(checks),
                gates => Serde(gates),
                operations => Serde(operations),
                slices => outcome.timeline.len(),
                over_time => Value::from_safe_string(svg::latency_over_time(&outcome.timeline)),
                histogram => Value::from_safe_string(svg::histogram(&outcome.histogram)),
            })
        });
    match rendered {
        Ok(page) => page,
        // The template is ours and fixed at build time; a render error is a bug, shown as text.
        Err(e) => format!(
            "<!doctype html><title>scimulate load</title><pre>report error: {}</pre>",
            escape(&e.to_string())
        ),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
