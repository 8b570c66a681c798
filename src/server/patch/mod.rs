//! PATCH (RFC 7644 §3.5.2): applying a PatchOp request to a resource, all or nothing.

use serde_json::{Map, Value};

use crate::server::error::ScimError;
use crate::server::schema::ResourceType;

/// Applies the PatchOp `body` to `resource` in place; on error `resource` is left unchanged.
pub fn apply(
    rt: &ResourceType,
    resource: &mut Map<String, Value>,
    body: &Value,
    lenient: bool,
) -> Result<(), ScimError> {
    let _ = (rt, resource, body, lenient);
    todo!("patch")
}
