//! Interoperability with independent SCIM clients: each test sends the exact JSON a common client
//! library sends and asserts what that client reads back, through real HTTP.
//!
//! - [`root_search`]: `POST /.search` at the server root (RFC 7644 §3.2, §3.4.3), across Users and
//!   Groups, as clients that search "everything" send it;
//! - [`extension_schemas`]: PATCH of a whole extension whose value also carries `schemas`, the
//!   shape client libraries serialise an extension object in;
//! - [`members_as_written`]: a group's members read back exactly as the client wrote them, so a
//!   client that verifies its write sees no phantom change.

mod extension_schemas;
mod members_as_written;
mod root_search;
