//! The bundled suite against a SCIM server this project did not write: `scim2-server`, the
//! python-scim project's in-memory server (PyPI, pinned in `.ci/run`). A conformance harness is
//! worth the trust its verdicts earn, and a suite proven only against the server written beside
//! it can encode that server's choices as rules; this one must pass with **zero failures** on a
//! correct independent server, in both Okta modes, and every warning it gets must be explained in
//! the README's "Interoperability" section.
//!
//! Without python3 or the package the test is skipped with a visible note; on CI (`CI=true`,
//! where `.ci/run` installs it) a missing server is a failure, not a pass.

#[path = "../common/mod.rs"]
mod common;

mod scim2_server;
