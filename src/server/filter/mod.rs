//! SCIM filters: parsing (RFC 7644 §3.4.2.2), checking against a resource type, and evaluation over
//! stored JSON. The same parser serves GET `filter=`, POST `.search` and PATCH value-path filters.

pub mod ast;

pub use ast::{AttrPath, CompValue, CompareOp, Filter, PatchPath};

use serde_json::{Map, Value};

use super::error::ScimError;
use super::schema::{AttributeDef, ResourceType};

/// Parses a filter. Errors are 400 `invalidFilter`.
pub fn parse_filter(input: &str) -> Result<Filter, ScimError> {
    let _ = input;
    todo!("filter parser")
}

/// Parses a PATCH path. Errors are 400 `invalidPath` (or `invalidFilter` inside brackets).
pub fn parse_patch_path(input: &str) -> Result<PatchPath, ScimError> {
    let _ = input;
    todo!("patch path parser")
}

/// Checks a parsed filter against a resource type: unknown attributes and ordering operators on
/// booleans or binaries are 400 `invalidFilter`.
pub fn check(filter: &Filter, rt: &ResourceType) -> Result<(), ScimError> {
    let _ = (filter, rt);
    todo!("filter check")
}

/// Whether `resource` (a whole stored resource) matches `filter`.
pub fn matches(filter: &Filter, resource: &Map<String, Value>, rt: &ResourceType) -> bool {
    let _ = (filter, resource, rt);
    todo!("filter evaluation")
}

/// Whether one element of the multi-valued complex attribute `parent` matches a value filter
/// (the filter's paths name sub-attributes of `parent`).
pub fn matches_element(filter: &Filter, element: &Value, parent: &AttributeDef) -> bool {
    let _ = (filter, element, parent);
    todo!("value filter evaluation")
}

/// Parses a plain attribute path (`sortBy`). Errors are 400 `invalidValue`.
pub fn parse_attr_path(input: &str) -> Result<AttrPath, ScimError> {
    let _ = input;
    todo!()
}

/// The value a resource sorts by (multi-valued: the primary value, else the first).
pub fn sort_key<'a>(
    resource: &'a Map<String, Value>,
    rt: &ResourceType,
    path: &AttrPath,
) -> Option<&'a Value> {
    let _ = (resource, rt, path);
    todo!()
}

/// Orders two values of `attr` (caseExact-aware strings, dateTimes chronologically, numbers).
pub fn compare_for_sort(a: &Value, b: &Value, attr: &AttributeDef) -> std::cmp::Ordering {
    let _ = (a, b, attr);
    todo!()
}
