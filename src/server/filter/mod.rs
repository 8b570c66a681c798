//! SCIM filters: parsing (RFC 7644 §3.4.2.2), checking against a resource type, and evaluation over
//! stored JSON. The same parser serves GET `filter=`, POST `.search` and PATCH value-path filters.
//!
//! The pipeline is parse → check → evaluate. Parsing knows only the grammar; checking knows the
//! schema and rejects filters that can never be meaningful (unknown attributes, ordering on
//! booleans); evaluation never fails, so a filter that was not checked simply matches nothing where
//! it makes no sense.
//!
//! Decisions where the RFC is silent or loose (all deliberate, all tested):
//! - Lenient syntax is always accepted: keywords and `true`/`false`/`null` in any case, unquoted
//!   values (`userName eq alice`) as strings, `not(` without a space, any whitespace.
//! - A number literal never equals a string value (`externalId eq 42` does not match `"42"`);
//!   a string literal `"true"`/`"false"` does compare as a boolean on boolean attributes.
//! - `ne` is exactly `not eq`: true on an absent attribute, on a type mismatch, and on a
//!   multi-valued attribute only when *no* value equals the literal.
//! - `eq null` matches when the attribute has no present value; `ne null` when it has one; other
//!   operators with `null` are rejected by [`check`](fn@check).
//! - A bare complex attribute in a comparison stands for its `value` sub-attribute (`emails co "x"`,
//!   `manager eq "id"`); one without `value` (`name`, `meta`) is rejected by [`check`](fn@check).
//! - An unknown attribute is 400 `invalidFilter` from [`check`](fn@check); unchecked, it evaluates as unassigned.
//!   Across resource types ([`check_across`]) only one that no type knows is refused; where a type
//!   lacks it, it is unassigned (RFC 7644 §3.4.2.1), so `eq`/`pr` are false there and `ne` true.
//! - dateTimes compare as instants (also for `eq`); unparsable ones never order. A dateTime without
//!   an offset is taken as UTC.
//! - `co`/`sw`/`ew` on boolean, integer or decimal attributes are 400 `invalidFilter`.

pub mod ast;
mod check;
mod eval;
mod lexer;
mod parser;
mod sort;
mod value;

#[cfg(test)]
mod tests;

pub use ast::{AttrPath, CompValue, CompareOp, Filter, PatchPath};
pub use parser::{MAX_DEPTH, MAX_LEN, MAX_TERMS};
pub use sort::{compare_for_sort, sort_attribute, sort_key};

use serde_json::{Map, Value};

use super::error::ScimError;
use super::schema::{AttributeDef, ResourceType};
use eval::Scope;
use parser::ParseError;

/// Parses a filter. Errors are 400 `invalidFilter`, with the position and what was expected.
pub fn parse_filter(input: &str) -> Result<Filter, ScimError> {
    parse_filter_with(input, true)
}

/// Parses a filter; without `lenient`, values must be JSON literals (quoted strings; lowercase
/// `true`, `false`, `null`), as RFC 7644's ABNF says. Errors are 400 `invalidFilter`.
pub fn parse_filter_with(input: &str, lenient: bool) -> Result<Filter, ScimError> {
    parser::filter(input, lenient)
        .map_err(|e| ScimError::invalid_filter(format!("invalid filter: {}", e.render(input))))
}

/// Parses a PATCH path. Errors are 400 `invalidPath` (or `invalidFilter` inside brackets).
pub fn parse_patch_path(input: &str) -> Result<PatchPath, ScimError> {
    parser::patch_path(input).map_err(|e| match e {
        ParseError::Path(e) => {
            ScimError::invalid_path(format!("invalid path: {}", e.render(input)))
        }
        ParseError::Filter(e) => {
            ScimError::invalid_filter(format!("invalid filter in path: {}", e.render(input)))
        }
    })
}

/// Parses an attribute path (`[urn:]name[.sub]`), as used by `sortBy`. Errors are 400
/// `invalidValue`.
pub fn parse_attr_path(input: &str) -> Result<AttrPath, ScimError> {
    parser::attr_path(input.trim()).map_err(ScimError::invalid_value)
}

/// Checks a parsed filter against a resource type: unknown attributes and ordering operators on
/// booleans or binaries are 400 `invalidFilter`.
pub fn check(filter: &Filter, rt: &ResourceType) -> Result<(), ScimError> {
    check::check_resource(filter, rt)
}

/// Checks a filter for a query across several resource types (`POST /.search` at the root): a
/// name that one type lacks has no value there (RFC 7644 §3.4.2.1) and is not an error; one that
/// no type knows, and every other error [`check`](fn@check) gives for a type, is 400
/// `invalidFilter`.
pub fn check_across(filter: &Filter, types: &[&ResourceType]) -> Result<(), ScimError> {
    check::check_across(filter, types)
}

/// Checks a value filter (the part inside `attr[...]`) whose names are sub-attributes of `parent`,
/// as [`check`](fn@check) would inside brackets. For PATCH paths.
pub fn check_value_filter(filter: &Filter, parent: &AttributeDef) -> Result<(), ScimError> {
    check::check_element(filter, parent)
}

/// Whether `resource` (a whole stored resource) matches `filter`.
pub fn matches(filter: &Filter, resource: &Map<String, Value>, rt: &ResourceType) -> bool {
    eval::eval(filter, Scope::Resource { map: resource, rt })
}

/// Whether one element of the multi-valued complex attribute `parent` matches a value filter
/// (the filter's paths name sub-attributes of `parent`).
pub fn matches_element(filter: &Filter, element: &Value, parent: &AttributeDef) -> bool {
    eval::eval(filter, Scope::Element { element, parent })
}
