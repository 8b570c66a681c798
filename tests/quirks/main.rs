//! Proof that the harness catches real SCIM bugs: the bundled suite against the reference server
//! with each quirk switched on (the detection matrix, `docs/detection-matrix.md`), and against
//! harmless variants the RFC and Okta allow, which must never fail a scenario.

#[path = "../common/mod.rs"]
mod common;

mod coverage;
mod expected;
mod harmless;
mod matrix;
mod support;
