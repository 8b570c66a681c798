//! Reading the PatchOp message (RFC 7644 §3.5.2) into a list of operations.
//!
//! The whole body is checked before the first operation runs, so a malformed fifth operation is
//! reported as such instead of as a side effect of the first four. Request-shape leniency (Entra's
//! `"op": "Replace"`, member names in another case) is decided here and nowhere else.

use serde_json::{Map, Value};

use crate::server::error::ScimError;
use crate::server::urn;

/// The three operations of RFC 7644 §3.5.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OpKind {
    Add,
    Remove,
    Replace,
}

impl OpKind {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            OpKind::Add => "add",
            OpKind::Remove => "remove",
            OpKind::Replace => "replace",
        }
    }
}

/// One element of `Operations`, borrowed from the request body.
#[derive(Debug, Clone, Copy)]
pub(super) struct Operation<'a> {
    pub kind: OpKind,
    /// The `path`; `None` when absent, `null` or empty.
    pub path: Option<&'a str>,
    /// The `value`. Always present for add; for replace it may be `null` (unassign, RFC 7643 §2.5);
    /// for remove it is only looked at in lenient mode (a member list to remove).
    pub value: Option<&'a Value>,
}

/// Parses and checks a PatchOp body: 400 `invalidSyntax` when it is not a PatchOp, `invalidValue`
/// for an unknown op or a missing value, `noTarget` for a remove without a path.
pub(super) fn parse(body: &Value, lenient: bool) -> Result<Vec<Operation<'_>>, ScimError> {
    let Value::Object(body) = body else {
        return Err(ScimError::invalid_syntax(
            "the PATCH body must be a JSON object (a PatchOp message)",
        ));
    };
    if let Some(schemas) = member(body, "schemas", lenient) {
        check_schemas(schemas, lenient)?;
    }
    let ops = match member(body, "Operations", lenient) {
        Some(Value::Array(ops)) if !ops.is_empty() => ops,
        Some(Value::Array(_)) => {
            return Err(ScimError::invalid_syntax(
                "\"Operations\" must not be empty",
            ));
        }
        Some(_) => {
            return Err(ScimError::invalid_syntax("\"Operations\" must be an array"));
        }
        None => {
            return Err(ScimError::invalid_syntax(
                "the PatchOp message has no \"Operations\" array",
            ));
        }
    };
    ops.iter()
        .enumerate()
        .map(|(i, op)| {
            parse_operation(op, lenient).map_err(|mut e| {
                e.detail = format!("Operations[{i}]: {}", e.detail);
                e
            })
        })
        .collect()
}

fn check_schemas(schemas: &Value, lenient: bool) -> Result<(), ScimError> {
    let is_patch_op = |v: &Value| {
        v.as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case(urn::PATCH_OP))
    };
    let ok = match schemas {
        Value::Array(list) => list.iter().any(is_patch_op),
        // A bare string instead of a one-element array: tolerated only in lenient mode.
        other => lenient && is_patch_op(other),
    };
    if ok {
        Ok(())
    } else {
        Err(ScimError::invalid_syntax(format!(
            "\"schemas\" must contain \"{}\"",
            urn::PATCH_OP
        )))
    }
}

fn parse_operation(op: &Value, lenient: bool) -> Result<Operation<'_>, ScimError> {
    let Value::Object(op) = op else {
        return Err(ScimError::invalid_syntax(
            "an operation must be a JSON object",
        ));
    };
    let kind = match member(op, "op", lenient) {
        None | Some(Value::Null) => {
            return Err(ScimError::invalid_syntax("the operation has no \"op\""));
        }
        Some(Value::String(name)) => op_kind(name, lenient)?,
        Some(other) => {
            return Err(ScimError::invalid_value(format!(
                "\"op\" must be a string, got {other}"
            )));
        }
    };
    let path = match member(op, "path", lenient) {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) => Some(p.trim()).filter(|p| !p.is_empty()),
        Some(other) => {
            return Err(ScimError::invalid_path(format!(
                "\"path\" must be a string, got {other}"
            )));
        }
    };
    let value = member(op, "value", lenient);
    match kind {
        OpKind::Add if matches!(value, None | Some(Value::Null)) => Err(ScimError::invalid_value(
            "an \"add\" operation requires a \"value\"",
        )),
        OpKind::Replace if value.is_none() => Err(ScimError::invalid_value(
            "a \"replace\" operation requires a \"value\"",
        )),
        OpKind::Remove if path.is_none() => Err(ScimError::no_target(
            "a \"remove\" operation requires a \"path\"",
        )),
        _ => Ok(Operation { kind, path, value }),
    }
}

fn op_kind(name: &str, lenient: bool) -> Result<OpKind, ScimError> {
    for kind in [OpKind::Add, OpKind::Remove, OpKind::Replace] {
        if name == kind.as_str() {
            return Ok(kind);
        }
        if name.eq_ignore_ascii_case(kind.as_str()) {
            if lenient {
                return Ok(kind);
            }
            return Err(ScimError::invalid_value(format!(
                "unknown op \"{name}\": op names are lowercase (\"{}\")",
                kind.as_str()
            )));
        }
    }
    Err(ScimError::invalid_value(format!(
        "unknown op \"{name}\": expected \"add\", \"remove\" or \"replace\""
    )))
}

/// A member of a JSON object by its exact name, or in lenient mode by any casing of it.
fn member<'a>(obj: &'a Map<String, Value>, name: &str, lenient: bool) -> Option<&'a Value> {
    obj.get(name).or_else(|| {
        lenient
            .then(|| {
                obj.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v)
            })
            .flatten()
    })
}
