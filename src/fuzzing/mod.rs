//! The checks behind the fuzz targets (`fuzz/`, run with `cargo +nightly fuzz`), kept in the
//! library so that the stable test suite replays the committed corpus through exactly the same
//! code: a check cannot drift from its fuzz target because the target is one call to it.
//!
//! Each check takes raw bytes (what libFuzzer mutates), decodes them the way its module documents,
//! drives one part of the program that reads outside input, and returns a [`Violation`] when an
//! invariant breaks. A panic is a failure too: the fuzzer aborts on it, the replay test fails on
//! it. The invariants are the ones a user relies on, not "it did not crash" alone:
//! - [`filter`]: filters and PATCH paths parse to a typed 400 or to a tree the checker and the
//!   evaluator accept; strict syntax is a subset of lenient syntax with the same meaning.
//! - [`patch`]: a PATCH body either fails with a 4xx and leaves the resource untouched, or yields
//!   a resource that normalises to itself again.
//! - [`request`]: any bytes as a request body, query or path through the whole axum application
//!   (SCIM 2.0 and 1.1) never get a 500, and every error answer is that version's error body.
//! - [`scenario`]: any YAML text loads or fails with errors whose spans lie inside the text.
//! - [`fixture`]: the matcher and the diff agree, and a blessed response matches itself.
//!
//! Hangs are the fuzzer's to find (`-timeout`); nothing here measures time.

pub mod filter;
pub mod fixture;
pub mod patch;
pub mod request;
mod samples;
pub mod scenario;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

/// A broken invariant, described for a human reading the fuzzer's crash report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Violation(pub String);

impl Violation {
    pub fn new(what: impl Into<String>) -> Self {
        Violation(what.into())
    }
}

/// `Err(Violation)` unless `ok`.
pub(crate) fn ensure(ok: bool, what: impl FnOnce() -> String) -> Result<(), Violation> {
    if ok { Ok(()) } else { Err(Violation(what())) }
}

/// One fuzz target: its name is its directory under `fuzz/corpus/` and `fuzz/regressions/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Filter,
    Patch,
    RequestBody,
    ScenarioLoader,
    FixtureMatcher,
}

impl Target {
    pub const ALL: [Target; 5] = [
        Target::Filter,
        Target::Patch,
        Target::RequestBody,
        Target::ScenarioLoader,
        Target::FixtureMatcher,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Target::Filter => "filter",
            Target::Patch => "patch",
            Target::RequestBody => "request_body",
            Target::ScenarioLoader => "scenario_loader",
            Target::FixtureMatcher => "fixture_matcher",
        }
    }
}

/// Runs any target's check. Holds what the checks share between inputs: the fixtures directory
/// the scenario loader reads, and the runtime the in-process server runs on.
pub struct Checker {
    fixtures_dir: PathBuf,
    requests: request::RequestChecker,
}

impl Checker {
    /// `fixtures_dir` is where scenario fixtures are read from (the repository's `fixtures/`).
    pub fn new(fixtures_dir: impl Into<PathBuf>) -> Self {
        Checker {
            fixtures_dir: fixtures_dir.into(),
            requests: request::RequestChecker::new(),
        }
    }

    pub fn fixtures_dir(&self) -> &Path {
        &self.fixtures_dir
    }

    /// Decodes `data` as `target` does and checks it.
    pub fn check(&self, target: Target, data: &[u8]) -> Result<(), Violation> {
        match target {
            Target::Filter => filter::check_bytes(data),
            Target::Patch => patch::check_bytes(data),
            Target::RequestBody => self.requests.check_bytes(data),
            Target::ScenarioLoader => scenario::check_bytes(data, &self.fixtures_dir),
            Target::FixtureMatcher => fixture::check_bytes(data),
        }
    }
}
