//! Integration tests of the reference SCIM 2.0 server, through real HTTP on a loopback port.
//!
//! One binary (ripgrep style): `support` starts a server in-process per test and wraps the client;
//! each other module covers one area of RFC 7643/7644 and of what the server promises. Tests that
//! show a known server bug are `#[ignore = "BUG: …"]` until the server is fixed.

mod support;

mod bulk;
mod cli;
mod concurrency;
mod discovery;
mod errors_auth;
mod etags;
mod filters;
mod filters_edge;
mod fuzz_corpus;
mod groups;
mod hostile;
mod interop;
mod lists;
mod patch;
mod patch_edge;
mod regressions;
mod soak;
mod users;
mod users_edge;
mod v1;
mod v1_patch;
