//! The HTML reporter: one self-contained page for a run, to open from a CI artefact or attach to
//! a ticket. Everything it needs is inline (CSS, no scripts, no fonts, no fetches), so it works
//! offline and inside viewers that block external resources; `<details>` does the folding.
//!
//! What a reader came for is shown first and open: failed scenarios come first, their failing
//! step is expanded with its messages, the coloured diff and the request and response. Passing
//! steps and scenarios are folded. The page is built in two stages: outcomes become a small
//! view model here (pretty JSON, classified diff lines, truncated bodies — all linear work), then
//! a `.html` minijinja template renders it with auto-escaping, so no outcome text is ever markup.

use std::time::Duration;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{Environment, Value, context};
use serde::Serialize;

use super::readiness::readiness;
use crate::protocol::{DiffTag, JsonDiff};
use crate::runner::left_behind::left_behind;
use crate::runner::outcome::{
    CleanupOutcome, ExchangeRecord, Failure, RunOutcome, ScenarioOutcome, StepOutcome, Verdict,
};

mod gates;

const TEMPLATE: &str = include_str!("html/report.html");
const CSS: &str = include_str!("html/report.css");

/// Bodies longer than this (after pretty-printing) are cut, with a note: a report is for reading.
pub const MAX_BODY_BYTES: usize = 20 * 1024;

/// A step with more exchanges than this (a bulk create) shows the first and last half of them.
pub const MAX_EXCHANGES_PER_STEP: usize = 100;

/// The template environment of every HTML report: block tags leave no blank lines behind
/// (500 scenarios add up).
pub(crate) fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    if let Ok(syntax) = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    env
}

/// The report for `run`: one complete HTML document.
pub fn html(run: &RunOutcome) -> String {
    let mut env = environment();
    // The `.html` name turns on HTML auto-escaping for every value the template prints.
    let rendered = env
        .add_template("report.html", TEMPLATE)
        .and_then(|()| env.get_template("report.html"))
        .and_then(|t| {
            t.render(context! {
                // The stylesheet is the one value printed as is: it is ours, fixed at build time.
                css => Value::from_safe_string(CSS.to_string()),
                info => Serde(info_view(run)),
                counts => Serde(Counts::of(run)),
                warnings => Serde(warnings_view(run)),
                sections => Serde(sections(run)),
                left_behind => Serde(left_behind_view(run)),
                gates => Serde(gates::gates_view(&readiness(run))),
            })
        });
    match rendered {
        Ok(page) => page,
        // The template is fixed and tested; should it still fail, the run's result must not be
        // lost behind a panic at the end of a long run.
        Err(error) => fallback(run, &error),
    }
}

#[derive(Serialize)]
struct InfoView {
    target: String,
    bundled: bool,
    seed: u64,
    run_tag: String,
    okta_mode: String,
    dialect: String,
    profile: Option<String>,
    version: String,
    reproduce: String,
    started_at: String,
    duration: String,
    deny_warnings: bool,
}

fn info_view(run: &RunOutcome) -> InfoView {
    let i = &run.info;
    InfoView {
        target: i.target.clone(),
        bundled: i.bundled,
        seed: i.seed,
        run_tag: i.run_tag.clone(),
        okta_mode: i.okta_mode.clone(),
        dialect: i.dialect.clone(),
        profile: i.profile.clone(),
        version: i.scimulate_version.clone(),
        reproduce: i.reproduce.clone(),
        started_at: i.started_at.clone(),
        duration: duration(i.duration),
        deny_warnings: i.deny_warnings,
    }
}

#[derive(Serialize)]
struct Counts {
    total: usize,
    passed: usize,
    failed: usize,
    skipped: usize,
    interrupted: usize,
    warnings: usize,
}

impl Counts {
    fn of(run: &RunOutcome) -> Self {
        Counts {
            total: run.scenarios.len(),
            passed: run.passed(),
            failed: run.failed(),
            skipped: run.skipped(),
            interrupted: run.interrupted(),
            warnings: run.warnings(),
        }
    }
}

/// A group of scenarios with one verdict; its `key` is the anchor the filter bar links to.
#[derive(Serialize)]
struct Section {
    key: &'static str,
    title: &'static str,
    scenarios: Vec<ScenarioView>,
}

/// Failed, interrupted, skipped, then passed; each in the run's (id) order.
fn sections(run: &RunOutcome) -> Vec<Section> {
    let mut failed = Vec::new();
    let mut interrupted = Vec::new();
    let mut skipped = Vec::new();
    let mut passed = Vec::new();
    for (index, s) in run.scenarios.iter().enumerate() {
        let view = scenario_view(index, s);
        match s.verdict {
            Verdict::Failed => failed.push(view),
            Verdict::Interrupted(_) => interrupted.push(view),
            Verdict::Skipped(_) => skipped.push(view),
            Verdict::Passed => passed.push(view),
        }
    }
    vec![
        Section {
            key: "failed",
            title: "Failed",
            scenarios: failed,
        },
        Section {
            key: "interrupted",
            title: "Interrupted (Ctrl-C)",
            scenarios: interrupted,
        },
        Section {
            key: "skipped",
            title: "Skipped",
            scenarios: skipped,
        },
        Section {
            key: "passed",
            title: "Passed",
            scenarios: passed,
        },
    ]
}

#[derive(Serialize)]
struct ScenarioView {
    anchor: String,
    id: String,
    name: String,
    file: String,
    tags: Vec<String>,
    /// `passed`, `failed`, `skipped` or `interrupted`: the badge and its CSS class.
    verdict: &'static str,
    skip_reason: Option<String>,
    interrupt_reason: Option<String>,
    duration: String,
    requests: usize,
    /// The first failure, one line, for the folded summary.
    headline: Option<String>,
    open: bool,
    steps: Vec<StepView>,
    cleanup: Vec<CleanupView>,
    kept: Vec<String>,
}

fn scenario_view(index: usize, s: &ScenarioOutcome) -> ScenarioView {
    let file = s.file.display().to_string();
    let (verdict, skip_reason, interrupt_reason) = match &s.verdict {
        Verdict::Passed => ("passed", None, None),
        Verdict::Failed => ("failed", None, None),
        Verdict::Skipped(reason) => ("skipped", Some(reason.clone()), None),
        Verdict::Interrupted(reason) => ("interrupted", None, Some(reason.clone())),
    };
    let anchor = format!("s{index}");
    ScenarioView {
        steps: s
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| step_view(&anchor, &file, i, step))
            .collect(),
        anchor,
        id: s.id.clone(),
        name: s.name.clone(),
        tags: s.tags.clone(),
        verdict,
        skip_reason,
        interrupt_reason,
        duration: duration(s.duration),
        requests: s.requests_sent(),
        headline: s
            .first_failure()
            .map(|(step, f)| format!("{}: {}", step.name, f.message)),
        open: s.verdict == Verdict::Failed,
        cleanup: s.cleanup.iter().map(cleanup_view).collect(),
        kept: s.kept.clone(),
        file,
    }
}

#[derive(Serialize)]
struct StepView {
    anchor: String,
    number: usize,
    name: String,
    /// `file:line:column`, as editors and terminals understand it.
    location: String,
    /// `passed`, `failed` or `not-run`.
    status: &'static str,
    /// Why a step did not run.
    not_run_reason: Option<String>,
    open: bool,
    elapsed: String,
    failures: Vec<FailureView>,
    warnings: Vec<FailureView>,
    /// Checks that did not apply to the target.
    not_applicable: Vec<String>,
    exchanges: Vec<ExchangeView>,
    /// Exchanges left out of the middle of a very long step.
    omitted: usize,
}

fn step_view(scenario_anchor: &str, file: &str, index: usize, step: &StepOutcome) -> StepView {
    let failed = !step.failures.is_empty();
    let status = if step.skipped {
        "not-run"
    } else if failed {
        "failed"
    } else {
        "passed"
    };
    let count = step.exchanges.len();
    let (shown, omitted): (Vec<(usize, &ExchangeRecord)>, usize) = if count > MAX_EXCHANGES_PER_STEP
    {
        let half = MAX_EXCHANGES_PER_STEP / 2;
        let ends = step.exchanges.iter().enumerate();
        let shown = ends
            .clone()
            .take(half)
            .chain(ends.skip(count - half))
            .collect();
        (shown, count - 2 * half)
    } else {
        (step.exchanges.iter().enumerate().collect(), 0)
    };
    let elapsed: Duration = step
        .exchanges
        .iter()
        .filter_map(|e| e.response.as_ref().ok().map(|r| r.elapsed))
        .sum();
    StepView {
        anchor: format!("{scenario_anchor}-{}", index + 1),
        number: index + 1,
        name: step.name.clone(),
        location: format!("{file}:{}:{}", step.line, step.column),
        status,
        not_run_reason: step.skip_reason.clone().filter(|_| step.skipped),
        open: failed,
        elapsed: duration(elapsed),
        failures: step.failures.iter().map(failure_view).collect(),
        warnings: step.warnings.iter().map(failure_view).collect(),
        not_applicable: step.not_applicable.clone(),
        // In a failing step the last exchange is the one that failed: flows stop there.
        exchanges: shown
            .into_iter()
            .map(|(i, e)| exchange_view(i + 1, e, failed && i + 1 == count))
            .collect(),
        omitted,
    }
}

#[derive(Serialize)]
struct FailureView {
    kind: &'static str,
    message: String,
    /// Why the rule exists, with its source.
    reason: Option<String>,
    diff: Option<Vec<DiffLineView>>,
}

fn failure_view(f: &Failure) -> FailureView {
    FailureView {
        kind: f.kind.as_str(),
        message: f.message.clone(),
        reason: f.reason.clone(),
        diff: f.diff.as_ref().map(diff_lines),
    }
}

/// One warning in the summary's "Warnings" list, linking to its step.
#[derive(Serialize)]
struct WarningView {
    scenario: String,
    step: String,
    /// The step's anchor (`s3-2`).
    anchor: String,
    message: String,
    reason: Option<String>,
}

/// Every warning of the run, in scenario order: what does not fail the run but a reader should
/// see (anchors as [`scenario_view`] and [`step_view`] make them).
fn warnings_view(run: &RunOutcome) -> Vec<WarningView> {
    let mut views = Vec::new();
    for (index, s) in run.scenarios.iter().enumerate() {
        for (number, step) in s.steps.iter().enumerate() {
            for w in &step.warnings {
                views.push(WarningView {
                    scenario: s.id.clone(),
                    step: format!("{}. {}", number + 1, step.name),
                    anchor: format!("s{index}-{}", number + 1),
                    message: w.message.clone(),
                    reason: w.reason.clone(),
                });
            }
        }
    }
    views
}

/// One line of a diff and how to colour it.
#[derive(Serialize)]
struct DiffLineView {
    /// `d-hdr` (`---`/`+++`), `d-hunk` (`@@`), `d-del`, `d-ins` or `d-ctx` (context and notes).
    class: &'static str,
    /// The line as the unified diff prints it (with its ` `/`-`/`+` prefix).
    text: String,
}

/// The diff's lines, classed by their tags (never by their text).
fn diff_lines(diff: &JsonDiff) -> Vec<DiffLineView> {
    diff.lines
        .iter()
        .map(|line| DiffLineView {
            class: match line.tag {
                DiffTag::Header => "d-hdr",
                DiffTag::Hunk => "d-hunk",
                DiffTag::Delete => "d-del",
                DiffTag::Insert => "d-ins",
                DiffTag::Equal | DiffTag::Note => "d-ctx",
            },
            text: line.to_string(),
        })
        .collect()
}

#[derive(Serialize)]
struct Header {
    name: String,
    value: String,
}

fn headers(list: &[(String, String)]) -> Vec<Header> {
    list.iter()
        .map(|(name, value)| Header {
            name: name.clone(),
            value: value.clone(),
        })
        .collect()
}

#[derive(Serialize)]
struct ExchangeView {
    number: usize,
    open: bool,
    method: String,
    url: String,
    request_headers: Vec<Header>,
    request_body: Option<BodyView>,
    /// The status, or `None` when nothing came back.
    status: Option<u16>,
    /// `ok` (1xx–3xx) or `bad`, for the status badge.
    status_class: &'static str,
    elapsed: Option<String>,
    response_headers: Vec<Header>,
    response_body: Option<BodyView>,
    /// Why no response came (connection refused, timeout…).
    error: Option<String>,
}

fn exchange_view(number: usize, e: &ExchangeRecord, open: bool) -> ExchangeView {
    let request = &e.request;
    let mut view = ExchangeView {
        number,
        open,
        method: request.method.clone(),
        url: request.url.clone(),
        request_headers: headers(&request.headers),
        request_body: request.body.as_deref().map(body_view),
        status: None,
        status_class: "bad",
        elapsed: None,
        response_headers: Vec::new(),
        response_body: None,
        error: None,
    };
    match &e.response {
        Ok(r) => {
            view.status = Some(r.status);
            view.status_class = if r.status < 400 { "ok" } else { "bad" };
            view.elapsed = Some(duration(r.elapsed));
            view.response_headers = headers(&r.headers);
            view.response_body = Some(body_view(&r.body));
        }
        Err(error) => view.error = Some(error.clone()),
    }
    view
}

#[derive(Serialize)]
struct BodyView {
    text: String,
    json: bool,
    empty: bool,
    /// Set when the text was cut: says how much is shown of how much.
    truncated: Option<String>,
}

/// A body as shown: JSON pretty-printed, anything else as text, cut beyond [`MAX_BODY_BYTES`].
fn body_view(body: &str) -> BodyView {
    let pretty = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok());
    let json = pretty.is_some();
    let text = pretty.unwrap_or_else(|| body.to_string());
    let (text, truncated) = if text.len() > MAX_BODY_BYTES {
        let mut cut = MAX_BODY_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let note = format!(
            "truncated: showing the first {} of {}",
            bytes(cut),
            bytes(text.len())
        );
        (text[..cut].to_string(), Some(note))
    } else {
        (text, None)
    };
    BodyView {
        empty: body.is_empty(),
        text,
        json,
        truncated,
    }
}

#[derive(Serialize)]
struct LeftBehindView {
    resource_type: String,
    id: String,
    name: Option<String>,
    url: String,
    scenario: String,
    reason: String,
}

/// What the run created and could not delete, shown in the summary: a person must clean it up.
fn left_behind_view(run: &RunOutcome) -> Vec<LeftBehindView> {
    left_behind(&run.scenarios)
        .into_iter()
        .map(|l| LeftBehindView {
            resource_type: l.resource_type,
            id: l.id,
            name: l.name,
            url: l.url,
            scenario: l.scenario,
            reason: l.reason,
        })
        .collect()
}

#[derive(Serialize)]
struct CleanupView {
    location: String,
    outcome: String,
    /// The resource may still exist.
    problem: bool,
}

fn cleanup_view(c: &CleanupOutcome) -> CleanupView {
    let (outcome, problem) = match &c.result {
        Ok(status) if *status < 300 || *status == 404 => (status.to_string(), false),
        Ok(status) => (format!("{status}; it may still exist"), true),
        Err(e) => (format!("not deleted: {e}"), true),
    };
    CleanupView {
        location: c.location.clone(),
        outcome,
        problem,
    }
}

/// `0.4 ms`, `850 ms`, `2.31 s`, `3 min 05 s`.
fn duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1 {
        format!("{:.1} ms", d.as_secs_f64() * 1000.0)
    } else if ms < 1000 {
        format!("{ms} ms")
    } else if ms < 60_000 {
        format!("{:.2} s", d.as_secs_f64())
    } else {
        let secs = d.as_secs();
        format!("{} min {:02} s", secs / 60, secs % 60)
    }
}

fn bytes(n: usize) -> String {
    if n < 1024 {
        format!("{n} bytes")
    } else if n < 1024 * 1024 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    }
}

/// A bare page with the counts and the error, every value escaped by hand.
fn fallback(run: &RunOutcome, error: &minijinja::Error) -> String {
    let esc = |s: &str| minijinja::HtmlEscape(s).to_string();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>scimulate report</title></head>\
         <body><h1>scimulate report</h1><p>{} passed, {} failed, {} skipped.</p>\
         <p>The full report could not be rendered: {}</p><pre>{}</pre></body></html>\n",
        run.passed(),
        run.failed(),
        run.skipped(),
        esc(&error.to_string()),
        esc(&run.info.reproduce),
    )
}

#[cfg(test)]
mod tests;
