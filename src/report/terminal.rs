//! The terminal reporter: the failure text libtest-mimic prints under a failed scenario, the
//! run header and the closing summary.

use std::fmt::Write;

use crate::runner::left_behind::left_behind;
use crate::runner::outcome::{ExchangeRecord, Failure, ScenarioOutcome, StepOutcome, Verdict};

/// What a failed scenario prints: the failing step with its file:line, what differs, the
/// exchange, and the cleanup. Plain text; see [`failure_text_in`] for colour.
pub fn failure_text(outcome: &ScenarioOutcome) -> String {
    failure_text_in(outcome, false)
}

/// [`failure_text`], with the diff coloured (ANSI) when `color` is set: removed lines red, added
/// green, hunk headers cyan. The CLI sets it for a terminal without `NO_COLOR`.
pub fn failure_text_in(outcome: &ScenarioOutcome, color: bool) -> String {
    let mut out = String::new();
    let file = outcome.file.display();
    for (index, step) in outcome
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.failures.is_empty())
    {
        let _ = writeln!(
            out,
            "step {} \"{}\" failed at {file}:{}:{}",
            index + 1,
            step.name,
            step.line,
            step.column
        );
        for failure in &step.failures {
            let _ = writeln!(out, "  {}", failure.message);
            if let Some(reason) = &failure.reason {
                let _ = writeln!(out, "    why: {reason}");
            }
        }
        for exchange in &step.exchanges {
            let _ = writeln!(out, "  {}", exchange_line(exchange));
        }
        for failure in &step.failures {
            if let Some(diff) = &failure.diff {
                for line in diff.lines() {
                    let _ = writeln!(out, "    {}", paint_diff_line(line, color));
                }
            }
        }
    }
    // Later steps are reported once, by why they did not run, not by what they would have found.
    if let Some((count, reason)) = outcome.not_run() {
        let _ = writeln!(out, "  {count} later step{} {reason}", plural(count));
    }
    for (step, warning) in outcome.warnings() {
        let _ = writeln!(out, "  {}", warning_line(step, warning));
    }
    cleanup_lines(outcome, &mut out);
    out
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

/// `warning: step "lookup" (line 9): lookup by userName: `itemsPerPage` is … (why: RFC 7644 …)`.
pub fn warning_line(step: &StepOutcome, warning: &Failure) -> String {
    let why = warning
        .reason
        .as_deref()
        .map(|r| format!(" (why: {r})"))
        .unwrap_or_default();
    format!(
        "warning: step \"{}\" (line {}): {}{why}",
        step.name, step.line, warning.message
    )
}

/// `POST http://…/Users → 201 (3 ms)` or `GET … → cannot connect …`.
pub fn exchange_line(exchange: &ExchangeRecord) -> String {
    let request = &exchange.request;
    match &exchange.response {
        Ok(r) => format!(
            "{} {} -> {} ({} ms)",
            request.method,
            request.url,
            r.status,
            r.elapsed.as_millis()
        ),
        Err(e) => format!("{} {} -> {e}", request.method, request.url),
    }
}

fn cleanup_lines(outcome: &ScenarioOutcome, out: &mut String) {
    for c in &outcome.cleanup {
        match &c.result {
            Ok(status) if *status < 300 || *status == 404 => {}
            Ok(status) => {
                let _ = writeln!(
                    out,
                    "  cleanup: DELETE {} -> {status}; it may still exist",
                    c.location
                );
            }
            Err(e) => {
                let _ = writeln!(out, "  cleanup: DELETE {} failed: {e}", c.location);
            }
        }
    }
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

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One diff line, coloured by its first character when `color` is set.
fn paint_diff_line(line: &str, color: bool) -> String {
    if !color {
        return line.to_string();
    }
    let code = if line.starts_with("---") || line.starts_with("+++") {
        "1"
    } else if line.starts_with('-') {
        "31"
    } else if line.starts_with('+') {
        "32"
    } else if line.starts_with("@@") {
        "36"
    } else {
        return line.to_string();
    };
    format!("\x1b[{code}m{line}\x1b[0m")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_lines_are_coloured_only_when_asked() {
        assert_eq!(paint_diff_line("-  \"a\": 1,", false), "-  \"a\": 1,");
        assert_eq!(
            paint_diff_line("-  \"a\": 1,", true),
            "\x1b[31m-  \"a\": 1,\x1b[0m"
        );
        assert_eq!(
            paint_diff_line("+  \"a\": 2,", true),
            "\x1b[32m+  \"a\": 2,\x1b[0m"
        );
        assert_eq!(paint_diff_line("   \"b\": 3,", true), "   \"b\": 3,");
    }
}
