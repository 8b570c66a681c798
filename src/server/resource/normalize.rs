//! Canonicalising a client-supplied resource (POST, PUT, and the result of a PATCH).

use serde_json::{Map, Value};

use crate::server::error::ScimError;
use crate::server::schema::ResourceType;

/// Checks and canonicalises a resource body sent by a client.
pub fn normalize(
    rt: &ResourceType,
    body: Value,
    lenient: bool,
) -> Result<Map<String, Value>, ScimError> {
    let _ = (rt, body, lenient);
    todo!("normalize")
}
