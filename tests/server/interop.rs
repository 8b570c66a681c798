//! Interoperability with independent SCIM clients: each test sends the exact JSON a common client
//! library sends and asserts what that client reads back, through real HTTP.
//!
//! - [`extension_schemas`]: PATCH of a whole extension whose value also carries `schemas`, the
//!   shape client libraries serialise an extension object in.

mod extension_schemas;
