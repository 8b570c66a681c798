//! Integration tests of `scimulate run`'s verdicts: a failure always means a real difference, a
//! pass always means none. Scenarios under `cases/` run against wiremock stand-ins that each
//! misbehave in one way (and their correct twins), against the bundled reference server, and
//! through the binary (exit codes, output, `--bless`, cleanup, secrets).
//!
//! Paths are relative (`tests/runner/cases/...`): cargo runs integration tests from the package
//! root, and reports show paths as they were given.

#[path = "../common/mod.rs"]
mod common;

mod bless;
mod bundled;
mod cli;
mod dialect;
mod dying;
mod embedded;
mod gate;
mod interrupt;
mod levels;
mod misbehaving;
mod mock;
mod proxy;
mod regressions;
mod secrets;
mod support;
mod transport;
