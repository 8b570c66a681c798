//! A short, readable diff of a body that did not match: only what really differs.
//!
//! A plain diff of the expected fixture against the response would be mostly noise: every
//! `"$datetime"` against its timestamp, every attribute the fixture did not mention. So both sides
//! are first turned into *views*:
//! - expected view: every matcher that matched is replaced by the actual value, `$unordered`
//!   lists become plain arrays in the actual's order (following the pairing), `$absent` keys
//!   vanish, and `$$text` becomes `$text`;
//! - actual view: in subset mode, only the keys the expected JSON mentions (plus any that it
//!   declared `$absent` but are there), and only the paired elements of an `$unordered` array.
//!
//! The two views are pretty-printed (2-space indent) and diffed line by line. Lines compare
//! without their trailing comma, so a key missing at the end of an object does not also mark its
//! neighbour as changed; unchanged lines are shown as in the actual. The result is a unified diff
//! (`--- expected` / `+++ actual`, 3 lines of context, no colours: colour is the reporters' job,
//! by [`DiffTag`]). Long runs of changed lines, and then diffs over [`MAX_BODY_LINES`] lines,
//! are elided in the middle.

use serde_json::{Map, Value};
use similar::{Algorithm, DiffOp, capture_diff_slices, group_diff_ops};

use super::json_match::{Comparer, match_json};
use super::matcher::{
    ExpectedStr, Matcher, classify, has_structural_key, is_only, matcher_of, not_of, unordered_of,
};
pub use crate::protocol::{DiffLine, DiffTag, JsonDiff};
use crate::scenario::model::MatchMode;

/// Lines of context around each change.
pub const CONTEXT: usize = 3;
/// Longest diff body shown whole; longer ones keep their start and end.
pub const MAX_BODY_LINES: usize = 60;
const KEEP_HEAD: usize = 30;
const KEEP_TAIL: usize = 24;
/// What is kept of a long run of `-` or `+` lines, and the longest run shown whole (eliding
/// fewer than 5 lines would save nothing worth the marker).
const RUN_KEEP_HEAD: usize = 8;
const RUN_KEEP_TAIL: usize = 2;
const RUN_MAX: usize = RUN_KEEP_HEAD + RUN_KEEP_TAIL + 4;

/// The unified diff of a body that does not match; `None` when it matches.
pub fn diff(expected: &Value, actual: &Value, mode: MatchMode) -> Option<String> {
    json_diff(expected, actual, mode).map(|d| d.to_string())
}

/// [`diff`] as tagged lines, for reporters that colour.
pub fn json_diff(expected: &Value, actual: &Value, mode: MatchMode) -> Option<JsonDiff> {
    let mut comparer = Comparer::new(mode);
    if comparer.matches(expected, actual) {
        return None;
    }
    let (ev, av) = views(&mut comparer, expected, actual);
    let old = serde_json::to_string_pretty(&ev).unwrap_or_default();
    let new = serde_json::to_string_pretty(&av).unwrap_or_default();
    let mut lines = vec![
        DiffLine {
            tag: DiffTag::Header,
            text: "--- expected".into(),
        },
        DiffLine {
            tag: DiffTag::Header,
            text: "+++ actual".into(),
        },
    ];
    let body = line_diff(&old, &new);
    if body.is_empty() {
        // The views print alike (an unknown matcher or invalid regex compared with its own text):
        // say what is wrong rather than show an empty diff.
        let verdict = match_json(expected, actual, mode);
        lines.extend(verdict.mismatches.iter().map(|m| DiffLine {
            tag: DiffTag::Note,
            text: m.to_string(),
        }));
    } else {
        lines.extend(elide(body));
    }
    Some(JsonDiff { lines })
}

/// The expected and actual views of a present pair of values (see the module docs).
pub fn views(c: &mut Comparer, expected: &Value, actual: &Value) -> (Value, Value) {
    if let Some(items) = unordered_of(expected) {
        return match actual.as_array() {
            Some(acts) => unordered_views(c, items, is_only(expected), acts),
            None => (expected_view(expected), actual.clone()),
        };
    }
    if not_of(expected).is_some() {
        if c.matches(expected, actual) {
            return (actual.clone(), actual.clone());
        }
        return (expected_view(expected), actual.clone());
    }
    match (expected, actual) {
        (Value::Object(em), Value::Object(am)) if !has_structural_key(em) => {
            let mut ev = Map::new();
            let mut av = Map::new();
            for (key, e) in em {
                let absent = matcher_of(e) == Some(Matcher::Absent);
                match (absent, am.get(key)) {
                    (true, Some(a)) => {
                        av.insert(key.clone(), a.clone());
                    }
                    (true, None) => {}
                    (false, Some(a)) => {
                        let (x, y) = views(c, e, a);
                        ev.insert(key.clone(), x);
                        av.insert(key.clone(), y);
                    }
                    (false, None) => {
                        ev.insert(key.clone(), expected_view(e));
                    }
                }
            }
            if c.mode == MatchMode::Exact {
                for (key, a) in am.iter().filter(|(k, _)| !em.contains_key(*k)) {
                    av.insert(key.clone(), a.clone());
                }
            }
            (Value::Object(ev), Value::Object(av))
        }
        (Value::Array(es), Value::Array(acts)) => {
            let mut ev: Vec<Value> = Vec::with_capacity(es.len());
            let mut av: Vec<Value> = Vec::with_capacity(acts.len());
            for (e, a) in es.iter().zip(acts) {
                let (x, y) = views(c, e, a);
                ev.push(x);
                av.push(y);
            }
            ev.extend(es.iter().skip(acts.len()).map(expected_view));
            av.extend(acts.iter().skip(es.len()).cloned());
            (Value::Array(ev), Value::Array(av))
        }
        _ if c.matches(expected, actual) => (actual.clone(), actual.clone()),
        _ => (expected_view(expected), actual.clone()),
    }
}

fn unordered_views(
    c: &mut Comparer,
    expected: &[Value],
    only: bool,
    actual: &[Value],
) -> (Value, Value) {
    let pairing = c.pair_unordered(expected, actual, true);
    let mut partner_of_actual: Vec<Option<usize>> = vec![None; actual.len()];
    for &(e, a) in pairing.matched.iter().chain(&pairing.nearest) {
        partner_of_actual[a] = Some(e);
    }
    let mut ev = Vec::new();
    let mut av = Vec::new();
    for (a, partner) in partner_of_actual.iter().enumerate() {
        match partner {
            Some(e) => {
                let (x, y) = views(c, &expected[*e], &actual[a]);
                ev.push(x);
                av.push(y);
            }
            None if c.mode == MatchMode::Exact || only => av.push(actual[a].clone()),
            None => {}
        }
    }
    ev.extend(pairing.missing.iter().map(|&e| expected_view(&expected[e])));
    (Value::Array(ev), Value::Array(av))
}

/// How the expected side reads where there is no actual value to show instead: matchers as
/// written, `$$text` unescaped, `$unordered` and `$only` as a plain list, `$absent` keys left out.
pub fn expected_view(expected: &Value) -> Value {
    if let Some(items) = unordered_of(expected) {
        return Value::Array(items.iter().map(expected_view).collect());
    }
    match expected {
        Value::String(s) => match classify(s) {
            ExpectedStr::Literal(t) => Value::String(t.to_owned()),
            _ => expected.clone(),
        },
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| matcher_of(v) != Some(Matcher::Absent))
                .map(|(k, v)| (k.clone(), expected_view(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(expected_view).collect()),
        _ => expected.clone(),
    }
}

/// A unified line diff of two texts, comma-insensitive at line ends; empty if they agree.
fn line_diff(old: &str, new: &str) -> Vec<DiffLine> {
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    let key = |l: &&str| -> String { l.strip_suffix(',').unwrap_or(l).to_owned() };
    let old_keys: Vec<String> = old_lines.iter().map(key).collect();
    let new_keys: Vec<String> = new_lines.iter().map(key).collect();
    let ops = capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys);
    if ops.iter().all(|op| matches!(op, DiffOp::Equal { .. })) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for group in group_diff_ops(ops, CONTEXT) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        out.push(DiffLine {
            tag: DiffTag::Hunk,
            text: format!(
                "@@ -{} +{} @@",
                range(first.old_range().start, last.old_range().end),
                range(first.new_range().start, last.new_range().end)
            ),
        });
        for op in &group {
            let line = |tag, text: &str| DiffLine {
                tag,
                text: text.to_owned(),
            };
            match *op {
                DiffOp::Equal { new_index, len, .. } => out.extend(
                    new_lines[new_index..new_index + len]
                        .iter()
                        .map(|t| line(DiffTag::Equal, t)),
                ),
                _ => {
                    out.extend(
                        old_lines[op.old_range()]
                            .iter()
                            .map(|t| line(DiffTag::Delete, t)),
                    );
                    out.extend(
                        new_lines[op.new_range()]
                            .iter()
                            .map(|t| line(DiffTag::Insert, t)),
                    );
                }
            }
        }
    }
    out
}

/// A unified-diff hunk range: `start,len` (1-based), `start` alone for one line.
fn range(start: usize, end: usize) -> String {
    let len = end.saturating_sub(start);
    match len {
        1 => format!("{}", start + 1),
        0 => format!("{start},0"),
        _ => format!("{},{len}", start + 1),
    }
}

/// Keeps a long diff readable. First, within each hunk, a long run of deleted or inserted lines
/// (a whole missing sub-object, an error body instead of a resource) keeps its first and last
/// lines around a `… N more lines` marker, so that every hunk stays visible. If the diff is still
/// longer than [`MAX_BODY_LINES`], its first and last hunks are kept around one marker (cut
/// inside a hunk only if a single hunk is that long).
fn elide(body: Vec<DiffLine>) -> Vec<DiffLine> {
    let mut out: Vec<DiffLine> = Vec::with_capacity(body.len().min(4 * MAX_BODY_LINES));
    let mut run: Vec<DiffLine> = Vec::new();
    for line in body {
        if run.last().is_some_and(|l| l.tag != line.tag) {
            flush_run(&mut run, &mut out);
        }
        if matches!(line.tag, DiffTag::Delete | DiffTag::Insert) {
            run.push(line);
        } else {
            out.push(line);
        }
    }
    flush_run(&mut run, &mut out);
    if out.len() <= MAX_BODY_LINES {
        return out;
    }
    // Cut at hunk starts where that keeps enough, so the lines shown are whole hunks.
    let hunk_starts: Vec<usize> = (0..out.len())
        .filter(|&i| out[i].tag == DiffTag::Hunk)
        .collect();
    let head = hunk_starts
        .iter()
        .copied()
        .filter(|&i| (KEEP_HEAD / 2..=KEEP_HEAD).contains(&i))
        .max()
        .unwrap_or(KEEP_HEAD);
    let tail_start = hunk_starts
        .iter()
        .copied()
        .filter(|&i| i >= out.len() - KEEP_TAIL && i <= out.len() - KEEP_TAIL / 2)
        .min()
        .unwrap_or(out.len() - KEEP_TAIL);
    let tail = out.split_off(tail_start);
    let hidden = out.len() - head;
    out.truncate(head);
    out.push(more_lines(hidden));
    out.extend(tail);
    out
}

fn flush_run(run: &mut Vec<DiffLine>, out: &mut Vec<DiffLine>) {
    if run.len() > RUN_MAX {
        let tail = run.split_off(run.len() - RUN_KEEP_TAIL);
        let hidden = run.len() - RUN_KEEP_HEAD;
        run.truncate(RUN_KEEP_HEAD);
        run.push(more_lines(hidden));
        run.extend(tail);
    }
    out.append(run);
}

fn more_lines(n: usize) -> DiffLine {
    DiffLine {
        tag: DiffTag::Note,
        text: format!("… {n} more lines"),
    }
}
