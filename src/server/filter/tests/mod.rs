//! Unit tests for the filter module, one file per concern. Every assertion states an exact result.

mod check;
mod eval;
mod fuzz;
mod parse;
mod patch_path;
mod sort;

use super::ast::{AttrPath, CompValue, CompareOp, Filter};
use crate::server::error::{ScimError, ScimType};

/// Parses or panics with the error (test helper).
fn parse(src: &str) -> Filter {
    match super::parse_filter(src) {
        Ok(f) => f,
        Err(e) => panic!("{src:?} should parse: {}", e.detail),
    }
}

/// The error for a filter that must not parse, asserting it is `invalidFilter`.
fn parse_err(src: &str) -> ScimError {
    let err = super::parse_filter(src).expect_err(src);
    assert_eq!(err.scim_type, Some(ScimType::InvalidFilter), "{src:?}");
    assert_eq!(err.status.as_u16(), 400);
    err
}

/// `name[.sub]` or `urn:...:name[.sub]`, via the real path splitter.
fn path(text: &str) -> AttrPath {
    super::parser::attr_path(text).expect("valid path")
}

fn cmp(p: &str, op: CompareOp, value: CompValue) -> Filter {
    Filter::Compare {
        path: path(p),
        op,
        value,
    }
}

fn s(v: &str) -> CompValue {
    CompValue::Str(v.to_owned())
}

fn and(a: Filter, b: Filter) -> Filter {
    Filter::And(Box::new(a), Box::new(b))
}

fn or(a: Filter, b: Filter) -> Filter {
    Filter::Or(Box::new(a), Box::new(b))
}

fn not(a: Filter) -> Filter {
    Filter::Not(Box::new(a))
}

/// A JSON object literal as a resource map.
fn obj(v: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    match v {
        serde_json::Value::Object(m) => m,
        other => panic!("not an object: {other}"),
    }
}
