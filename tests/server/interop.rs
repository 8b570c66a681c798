//! Interoperability with independent SCIM clients: each test sends the exact JSON a common client
//! library sends and asserts what that client reads back, through real HTTP.
//!
//! - [`extension_schemas`]: PATCH of a whole extension whose value also carries `schemas`, the
//!   shape client libraries serialise an extension object in;
//! - [`members_as_written`]: a group's members read back exactly as the client wrote them, so a
//!   client that verifies its write sees no phantom change.

mod extension_schemas;
mod members_as_written;
