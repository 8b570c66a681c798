//! Tests of the reporters: terminal (and the whole `scimulate run` output), JUnit XML, HTML and
//! JSON. They read outcomes of a real run (the scenarios
//! of `cases/` against the bundled reference server and an unreachable target) and of a
//! hand-built hostile one: snapshots pin the whole output, exact assertions pin what CI
//! systems and scripts depend on, and `consumer` feeds the XML to a real JUnit parser
//! (`junitparser`, the library behind many CI plugins) to prove it reads as intended.

#[path = "../common/mod.rs"]
mod common;

mod consumer;
mod html;
mod json;
mod junit;
mod process;
mod readiness;
mod support;
mod terminal;
