//! scimulate: a SCIM conformance harness, an Okta-shaped mock identity provider, and a reference
//! SCIM server.
//!
//! Layers: [`server`] is the bundled reference SCIM server; [`cli`] is the command line (the only
//! place that turns errors into exit codes, listed in [`exit_code`]).

pub mod cli;
pub mod exit_code;
pub mod expect;
pub mod scenario;
pub mod server;
