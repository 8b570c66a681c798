//! PATCH (RFC 7644 §3.5.2): applying a PatchOp request to a stored resource, all or nothing.
//!
//! The engine only edits the JSON document. Everything that needs the rest of the server (type
//! checks and coercion, required attributes, uniqueness, member resolution, `meta`) is done by the
//! caller on the result, so the same rules apply to PATCH as to POST and PUT. What stays here is what
//! only PATCH has: paths, value filters, op semantics, mutability of targets, and atomicity.
//!
//! Layout: `op` reads the request body; `target` resolves a path against the schema and checks
//! mutability; [`apply`](fn@apply) routes one operation (pathless values, extensions, single-valued targets);
//! `multi_valued` and `filtered` handle whole multi-valued attributes and selected elements.

mod apply;
mod filtered;
mod multi_valued;
mod op;
mod target;
mod value;

#[cfg(test)]
mod tests;

use serde_json::{Map, Value};

use crate::server::error::ScimError;
use crate::server::schema::ResourceType;

/// Applies the PatchOp `body` to `resource` in place; on error `resource` is left unchanged.
///
/// Operations run in order on a working copy (RFC 7644 §3.5.2: "all or nothing"). `lenient`
/// accepts what Entra and Salesforce send: `op` in any case, and `remove` on a multi-valued
/// attribute with a `value` list removing only the listed elements. When no operation changes
/// anything, `resource` is not touched, so the caller can detect no-ops by comparison.
pub fn apply(
    rt: &ResourceType,
    resource: &mut Map<String, Value>,
    body: &Value,
    lenient: bool,
) -> Result<(), ScimError> {
    let ops = op::parse(body, lenient)?;
    let mut work = resource.clone();
    for (i, op) in ops.iter().enumerate() {
        apply::operation(rt, &mut work, op, lenient).map_err(|mut e| {
            e.detail = format!("Operations[{i}] ({}): {}", op.kind.as_str(), e.detail);
            e
        })?;
    }
    sync_schemas(rt, resource, &mut work);
    if work != *resource {
        *resource = work;
    }
    Ok(())
}

/// Keeps `schemas` in step with the extension objects the operations added or removed (RFC 7644
/// §3.5.2: writing an extension attribute adds its URN). The normaliser rebuilds `schemas` anyway;
/// doing it here keeps the engine's own result consistent.
fn sync_schemas(rt: &ResourceType, before: &Map<String, Value>, work: &mut Map<String, Value>) {
    for (ext, _) in &rt.extensions {
        let had = before.get(ext.id).is_some_and(Value::is_object);
        let has = work.get(ext.id).is_some_and(Value::is_object);
        if had == has {
            continue;
        }
        let schemas = work
            .entry("schemas")
            .or_insert_with(|| Value::Array(vec![Value::from(rt.schema.id)]));
        let Value::Array(list) = schemas else {
            continue;
        };
        let listed = |v: &Value| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(ext.id));
        if has && !list.iter().any(listed) {
            list.push(Value::from(ext.id));
        } else if !has {
            list.retain(|v| !listed(v));
        }
    }
}
