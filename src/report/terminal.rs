//! The terminal reporter: the failure text libtest-mimic prints under a failed scenario, the
//! run header and the closing summary.

use std::fmt::Write;

use super::failure_text::{TextStyle, plural};
pub use super::failure_text::{exchange_line, warning_line};
use super::readiness::{IdpReadiness, Tally};
use crate::runner::left_behind::left_behind;
use crate::runner::outcome::{ScenarioOutcome, Verdict};

/// What a failed scenario prints: the failing step with its file:line, what differs, the
/// exchange, and the cleanup. Plain text; see [`failure_text_in`] for colour.
pub fn failure_text(outcome: &ScenarioOutcome) -> String {
    failure_text_in(outcome, false)
}

/// [`failure_text`], with the diff coloured (ANSI) when `color` is set: removed lines red, added
/// green, hunk headers cyan. The CLI sets it for a terminal without `NO_COLOR`. The text is the
/// shared one ([`super::failure_text`]), with the scenario's warnings and one line per exchange.
pub fn failure_text_in(outcome: &ScenarioOutcome, color: bool) -> String {
    let style = TextStyle {
        color,
        warnings: true,
        ..TextStyle::default()
    };
    super::failure_text::failure_text(outcome, style)
}

/// The warnings of scenarios that did not fail (a failed one shows its own in its failure text),
/// grouped by their reason so that each reason is read once: they do not fail the run, unless
/// `--deny-warnings`.
fn warning_lines(warned: &[&ScenarioOutcome]) -> String {
    let mut groups: Vec<(Option<&str>, Vec<String>)> = Vec::new();
    for scenario in warned.iter().filter(|o| o.verdict != Verdict::Failed) {
        for (step, warning) in scenario.warnings() {
            let line = format!(
                "{} step \"{}\" (line {}): {}",
                scenario.id, step.name, step.line, warning.message
            );
            let reason = warning.reason.as_deref();
            match groups.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, lines)) => lines.push(line),
                None => groups.push((reason, vec![line])),
            }
        }
    }
    let mut out = String::new();
    for (reason, lines) in groups {
        let why = reason.map(|r| format!(" (why: {r})")).unwrap_or_default();
        let _ = write!(
            out,
            "\n  {} warning{}{why}:",
            lines.len(),
            plural(lines.len())
        );
        for line in lines {
            let _ = write!(out, "\n    {line}");
        }
    }
    out
}

/// The line printed before anything runs: how to replay this run.
pub fn run_header(seed: u64, run_tag: &str, target: &str, bundled: bool) -> String {
    let which = if bundled {
        " (the BUNDLED reference server: no --target or SCIMULATE_TARGET was given)"
    } else {
        ""
    };
    format!(
        "scimulate: seed {seed} (replay with --seed {seed}), run tag {run_tag}, target {target}{which}"
    )
}

/// The closing summary: requests sent, fixtures blessed, cleanup problems.
pub fn summary(outcomes: &[ScenarioOutcome], blessed: usize) -> String {
    let requests: usize = outcomes.iter().map(ScenarioOutcome::requests_sent).sum();
    let failed = outcomes
        .iter()
        .filter(|o| o.verdict == Verdict::Failed)
        .count();
    let leftover = outcomes
        .iter()
        .flat_map(|o| &o.cleanup)
        .filter(|c| !matches!(c.result, Ok(s) if s < 300 || s == 404))
        .count();
    let skipped: Vec<(&str, &str)> = outcomes
        .iter()
        .filter_map(|o| match &o.verdict {
            Verdict::Skipped(reason) => Some((o.id.as_str(), reason.as_str())),
            _ => None,
        })
        .collect();
    let interrupted: Vec<(&str, &str)> = outcomes
        .iter()
        .filter_map(|o| match &o.verdict {
            Verdict::Interrupted(reason) => Some((o.id.as_str(), reason.as_str())),
            _ => None,
        })
        .collect();
    let ran = outcomes.len() - skipped.len();
    let skipped_count = if skipped.is_empty() {
        String::new()
    } else {
        format!("{} skipped, ", skipped.len())
    };
    let interrupted_count = if interrupted.is_empty() {
        String::new()
    } else {
        format!("{} interrupted, ", interrupted.len())
    };
    let warned: Vec<&ScenarioOutcome> = outcomes
        .iter()
        .filter(|o| o.warnings().next().is_some())
        .collect();
    let warnings: usize = warned.iter().map(|o| o.warnings().count()).sum();
    let warning_count = match warnings {
        0 => String::new(),
        n => format!(
            "{n} warning{} in {} scenario{}, ",
            plural(n),
            warned.len(),
            plural(warned.len())
        ),
    };
    let mut out = format!(
        "scimulate: {ran} scenario{} run, {skipped_count}{failed} failed, {warning_count}{interrupted_count}{requests} request{} sent",
        plural(ran),
        plural(requests)
    );
    if blessed > 0 {
        let _ = write!(out, ", {blessed} fixture{} blessed", plural(blessed));
    }
    if leftover > 0 {
        let _ = write!(
            out,
            ", {leftover} created resource{} could not be cleaned up",
            plural(leftover)
        );
    }
    let kept: Vec<&String> = outcomes.iter().flat_map(|o| &o.kept).collect();
    if !kept.is_empty() {
        let _ = write!(
            out,
            ", {} created resource{} kept (--keep):",
            kept.len(),
            plural(kept.len())
        );
        for location in kept {
            let _ = write!(out, "\n  {location}");
        }
    }
    // libtest shows a skipped scenario as `ignored`; the reason is shown here.
    for (id, reason) in skipped {
        let _ = write!(out, "\n  skipped {id}: {reason}");
    }
    for (id, reason) in interrupted {
        let _ = write!(out, "\n  interrupted {id}: {reason}");
    }
    out.push_str(&warning_lines(&warned));
    out.push_str(&left_behind_lines(outcomes));
    out
}

/// What the run created and could not delete, one line each, for a person to remove by hand:
/// `left behind: User 2819c223 (alice@example.com) http://…/Users/2819c223 (users::a: cannot
/// connect to the target: …)`. Empty when nothing was left.
pub fn left_behind_lines(outcomes: &[ScenarioOutcome]) -> String {
    let left = left_behind(outcomes);
    let mut out = String::new();
    if left.is_empty() {
        return out;
    }
    let _ = write!(
        out,
        "\n{} resource{} created by this run may still exist on the target:",
        left.len(),
        plural(left.len())
    );
    for l in left {
        let name = l.name.map(|n| format!(" ({n})")).unwrap_or_default();
        let _ = write!(
            out,
            "\n  left behind: {} {}{name} {} ({}: {})",
            l.resource_type, l.id, l.url, l.scenario, l.reason
        );
    }
    out
}

/// One line per IdP gate the run says something about ([`super::readiness`]): whether the
/// IdP's own acceptance tests would pass, the required tests counted first, then the optional.
/// `readiness: Okta Integration Network (OIN), Okta mode oin: would fail: 11 of 12 required
/// tests pass, 1 fails: "Check status 401" (okta::spec::11_status_401); optional: 8 of 8 pass`.
pub fn readiness_lines(gates: &[IdpReadiness]) -> String {
    let mut out = String::new();
    for gate in gates {
        if !out.is_empty() {
            out.push('\n');
        }
        let failing: Vec<String> = gate
            .failing()
            .map(|t| match t.evidence.iter().find(|e| e.status == t.status) {
                Some(e) => format!("\"{}\" ({})", t.name, e.scenario),
                None => format!("\"{}\"", t.name),
            })
            .collect();
        let _ = write!(
            out,
            "readiness: {}, {}: {}: {}; optional: {}",
            gate.title,
            gate.mode,
            gate.overall.label(),
            tally_text(gate.tally(true), "required tests", &failing),
            tally_text(gate.tally(false), "", &[]),
        );
    }
    out
}

/// `11 of 12 required tests pass (2 with warnings), 1 fails: "…", 3 not applicable`. The tests
/// nothing here reproduces are not counted.
fn tally_text(t: Tally, what: &str, failing: &[String]) -> String {
    let counted = t.total - t.not_reproduced;
    let what = if what.is_empty() {
        String::new()
    } else {
        format!(" {what}")
    };
    let verb = if t.passed == 1 && counted == 1 {
        "passes"
    } else {
        "pass"
    };
    let mut text = format!("{} of {counted}{what} {verb}", t.passed);
    if t.warned > 0 {
        let _ = write!(text, " ({} with warnings)", t.warned);
    }
    if t.failed > 0 {
        let verb = if t.failed == 1 { "fails" } else { "fail" };
        let _ = write!(text, ", {} {verb}", t.failed);
        const SHOWN: usize = 3;
        if !failing.is_empty() {
            let _ = write!(text, ": {}", failing[..failing.len().min(SHOWN)].join(", "));
            if failing.len() > SHOWN {
                let _ = write!(text, " and {} more", failing.len() - SHOWN);
            }
        }
    }
    if t.not_reached > 0 {
        let _ = write!(text, ", {} not reached", t.not_reached);
    }
    if t.not_applicable > 0 {
        let _ = write!(text, ", {} not applicable", t.not_applicable);
    }
    if t.not_run > 0 {
        let _ = write!(text, ", {} not run", t.not_run);
    }
    text
}
