//! scimulate: a SCIM conformance harness, an Okta-shaped mock identity provider, and a reference
//! SCIM server.

pub mod server;
