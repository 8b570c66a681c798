//! scimulate: a SCIM conformance harness, an Okta-shaped mock identity provider, and a reference
//! SCIM server.
//!
//! Data flows one way: [`scenario`] loads YAML files → [`runner`] sends what they describe and
//! checks the responses with [`expect`] → outcomes (plain data with source positions) →
//! [`report`] writes them. [`server`] is the bundled reference SCIM server, the default target.
//! [`cli`] is the command line: the only place that turns errors into exit codes ([`exit_code`]).
//! [`fuzzing`] holds the invariants the fuzz targets (`fuzz/`) and their corpus replay check.

pub mod check;
pub mod cli;
pub mod dialect;
pub mod exit_code;
pub mod expect;
pub mod fuzzing;
pub mod idp;
pub mod profile;
pub mod report;
pub mod runner;
pub mod scenario;
pub mod server;
