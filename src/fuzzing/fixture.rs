//! The fixture matcher (`src/expect/`): input is two JSON documents one after the other, the
//! expected fixture (which may hold `$matchers`) and the actual body; with only one, it is both.
//!
//! Invariants, in both match modes: [`match_json`] and [`json_diff`] agree on whether the body
//! matches, and a diff of a mismatch shows more than its header; [`bless`](fn@crate::expect::bless) turns any body into
//! a fixture that passes load-time validation and matches that body exactly; re-blessing
//! ([`bless_merge`]) an expected fixture against a body also gives one that matches it.

use serde_json::Value;

use super::{Violation, ensure};
use crate::expect::{DiffTag, bless, bless_merge, json_diff, match_json, validate_expected};
use crate::scenario::model::MatchMode;

pub fn check_bytes(data: &[u8]) -> Result<(), Violation> {
    let mut docs = serde_json::Deserializer::from_slice(data).into_iter::<Value>();
    let Some(Ok(expected)) = docs.next() else {
        return Ok(());
    };
    let actual = match docs.next() {
        Some(Ok(actual)) => actual,
        _ => expected.clone(),
    };
    check_match(&expected, &actual)
}

pub fn check_match(expected: &Value, actual: &Value) -> Result<(), Violation> {
    let _ = validate_expected(expected);
    for mode in [MatchMode::Subset, MatchMode::Exact] {
        let verdict = match_json(expected, actual, mode);
        let diff = json_diff(expected, actual, mode);
        match &diff {
            None => ensure(verdict.is_match(), || {
                format!("{mode:?}: {expected} vs {actual}: no diff, but mismatches:\n{verdict}")
            })?,
            Some(d) => {
                ensure(!verdict.is_match(), || {
                    format!("{mode:?}: {expected} vs {actual}: a match, but a diff:\n{d}")
                })?;
                ensure(d.lines.iter().any(|l| l.tag != DiffTag::Header), || {
                    format!("{mode:?}: {expected} vs {actual}: an empty diff")
                })?;
            }
        }
    }
    let blessed = bless(actual, &[]);
    validate_expected(&blessed).map_err(|e| {
        Violation(format!(
            "blessing {actual} gives {blessed}, an invalid fixture: {e}"
        ))
    })?;
    let verdict = match_json(&blessed, actual, MatchMode::Exact);
    ensure(verdict.is_match(), || {
        format!("blessing {actual} gives {blessed}, which does not match it:\n{verdict}")
    })?;
    if validate_expected(expected).is_ok() {
        let merged = bless_merge(expected, actual, &[]);
        let verdict = match_json(&merged, actual, MatchMode::Subset);
        ensure(verdict.is_match(), || {
            format!(
                "re-blessing {expected} against {actual} gives {merged}, which does not match it:\n{verdict}"
            )
        })?;
    }
    Ok(())
}
