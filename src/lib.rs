//! scimulate: a SCIM conformance harness, an Okta-shaped mock identity provider, and a reference
//! SCIM server.
//!
//! Data flows one way: [`scenario`] loads YAML files → [`idp`] expands the Okta actions into the
//! requests Okta sends → [`runner`] sends them and checks the responses with [`expect`] →
//! outcomes (plain data with source positions) → [`report`] writes them. [`protocol`] is the
//! vocabulary every layer shares (requests as data, variables, findings, the URNs) and imports
//! nothing of the rest. [`server`] is the bundled reference SCIM server, the default target; it
//! uses only the URNs of [`protocol`]. [`cli`] is the command line: the only place that turns
//! errors into exit codes ([`exit_code`]). `ARCHITECTURE.md` draws the layers;
//! `tests/architecture` holds the code to them.
//! [`fuzzing`] holds the invariants the fuzz targets (`fuzz/`) and their corpus replay check.

pub mod cli;
pub mod exit_code;
pub mod expect;
pub mod fuzzing;
pub mod idp;
pub mod load;
pub mod profile;
pub mod protocol;
pub mod report;
pub mod runner;
pub mod scenario;
pub mod server;
