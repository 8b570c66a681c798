//! The text of a failed scenario, written once for every reporter that shows text: the terminal
//! (under libtest's failure line, diff coloured on a terminal) and JUnit (`<failure>` text, with
//! the failing exchange in full). Both read the same [`ScenarioOutcome`]; they differ only in
//! what [`TextStyle`] says.

use std::fmt::Write;

use crate::protocol::{DiffLine, DiffTag};
use crate::runner::outcome::{ExchangeRecord, ScenarioOutcome, StepOutcome};

/// Bodies in the text longer than this are cut (a JUnit consumer shows the whole text inline).
pub const BODY_LIMIT: usize = 4096;

/// How the text is written: what differs between the reporters that show it.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextStyle {
    /// Colour the diff (ANSI): removed lines red, added green, hunk headers cyan.
    pub color: bool,
    /// Tag each finding with its kind (`[status]`), for readers that filter by it.
    pub kinds: bool,
    /// Show the step's last exchange (the one that failed) with headers and bodies; otherwise
    /// every exchange is one line.
    pub full_exchange: bool,
    /// Append the scenario's warnings (JUnit keeps them in `<system-out>` instead).
    pub warnings: bool,
}

/// The text of a failed scenario: each failing step with its file:line:column, what differs (with
/// why, and the body diff), its exchanges, the steps not run, the warnings (if asked) and what
/// the cleanup could not delete.
pub fn failure_text(outcome: &ScenarioOutcome, style: TextStyle) -> String {
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
            let mut lines = failure.message.lines();
            let first = lines.next().unwrap_or_default();
            if style.kinds {
                let _ = writeln!(out, "  [{}] {first}", failure.kind.as_str());
            } else {
                let _ = writeln!(out, "  {first}");
            }
            for line in lines {
                let _ = writeln!(out, "    {line}");
            }
            if let Some(reason) = &failure.reason {
                let _ = writeln!(out, "    why: {reason}");
            }
            if let Some(diff) = &failure.diff {
                for line in &diff.lines {
                    let _ = writeln!(out, "    {}", paint(line, style.color));
                }
            }
        }
        exchanges(step, style.full_exchange, &mut out);
    }
    // Later steps are reported once, by why they did not run, not by what they would have found.
    if let Some((count, reason)) = outcome.not_run() {
        let _ = writeln!(out, "  {count} later step{} {reason}", plural(count));
    }
    if style.warnings {
        for (step, warning) in outcome.warnings() {
            let _ = writeln!(out, "  {}", warning_line(step, warning));
        }
    }
    cleanup_problems(outcome, &mut out);
    out
}

/// `warning: step "lookup" (line 9): lookup by userName: `itemsPerPage` is … (why: RFC 7644 …)`.
pub fn warning_line(step: &StepOutcome, warning: &crate::protocol::Failure) -> String {
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

/// `POST http://…/Users -> 201 (3 ms)` or `GET … -> cannot connect …`.
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

/// Deletes at the end that failed or could not be sent: what may have been left behind.
pub fn cleanup_problems(outcome: &ScenarioOutcome, out: &mut String) {
    for cleanup in &outcome.cleanup {
        match &cleanup.result {
            Ok(status) if *status < 300 || *status == 404 => {}
            Ok(status) => {
                let _ = writeln!(
                    out,
                    "  cleanup: DELETE {} -> {status}; it may still exist",
                    cleanup.location
                );
            }
            Err(e) => {
                let _ = writeln!(out, "  cleanup: DELETE {} failed: {e}", cleanup.location);
            }
        }
    }
}

/// One diff line as the unified diff prints it, coloured by its tag when `color` is set.
fn paint(line: &DiffLine, color: bool) -> String {
    let text = line.to_string();
    let code = match line.tag {
        _ if !color => return text,
        DiffTag::Header => "1",
        DiffTag::Delete => "31",
        DiffTag::Insert => "32",
        DiffTag::Hunk => "36",
        DiffTag::Equal | DiffTag::Note => return text,
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

fn exchanges(step: &StepOutcome, full_last: bool, out: &mut String) {
    let Some((last, earlier)) = step.exchanges.split_last() else {
        return;
    };
    for exchange in earlier {
        let _ = writeln!(out, "  {}", exchange_line(exchange));
    }
    let _ = writeln!(out, "  {}", exchange_line(last));
    if full_last {
        exchange_in_full(last, out);
    }
}

fn exchange_in_full(exchange: &ExchangeRecord, out: &mut String) {
    let request = &exchange.request;
    let _ = writeln!(out, "  request:");
    headers(&request.headers, out);
    if let Some(body) = &request.body {
        body_lines(body, out);
    }
    if let Ok(response) = &exchange.response {
        let _ = writeln!(out, "  response:");
        headers(&response.headers, out);
        if !response.body.is_empty() {
            body_lines(&response.body, out);
        }
    }
}

fn headers(headers: &[(String, String)], out: &mut String) {
    for (name, value) in headers {
        let _ = writeln!(out, "    {name}: {value}");
    }
}

/// A body, pretty-printed when it is JSON (bodies usually arrive on one line), then cut.
fn body_lines(body: &str, out: &mut String) {
    let pretty = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| body.to_string());
    let _ = writeln!(out);
    for line in truncate(&pretty, BODY_LIMIT).lines() {
        let _ = writeln!(out, "    {line}");
    }
    let _ = writeln!(out);
}

/// `text` cut to at most `limit` bytes (at a character boundary), saying how much was left out.
pub fn truncate(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_string();
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "{}\n… ({} more bytes not shown)",
        &text[..end],
        text.len() - end
    )
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(tag: DiffTag, text: &str) -> DiffLine {
        DiffLine {
            tag,
            text: text.into(),
        }
    }

    #[test]
    fn diff_lines_are_coloured_by_tag_only_when_asked() {
        let deleted = line(DiffTag::Delete, "  \"a\": 1,");
        assert_eq!(paint(&deleted, false), "-  \"a\": 1,");
        assert_eq!(paint(&deleted, true), "\x1b[31m-  \"a\": 1,\x1b[0m");
        assert_eq!(
            paint(&line(DiffTag::Insert, "  \"a\": 2,"), true),
            "\x1b[32m+  \"a\": 2,\x1b[0m"
        );
        assert_eq!(
            paint(&line(DiffTag::Equal, "  \"b\": 3,"), true),
            "   \"b\": 3,"
        );
        // A note that happens to start with `-` is not painted as a removed line.
        assert_eq!(
            paint(&line(DiffTag::Note, "-1 is not 2"), true),
            "-1 is not 2"
        );
    }
}
