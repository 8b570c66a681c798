//! Reading a server's answer the way both mock IdPs do: the SCIM error detail a message quotes,
//! the JSON kind a message names, and how a rule's finding weighs ([`judge`]). The rules that
//! judge answers are each IdP's own (`okta::accept`, `entra::accept`).

use serde_json::Value;

use super::flow::Response;
use super::rule::Rule;
use crate::protocol::{Failure, FailureKind, Level};

/// A finding of `rule`: an error for a `fail` rule; for a `warn` rule, noted on the response
/// and `Ok` (the IdP goes on).
pub fn judge(
    rule: &Rule,
    response: &Response<'_>,
    kind: FailureKind,
    message: String,
) -> Result<(), Failure> {
    let finding = rule.finding(kind, message);
    match rule.level {
        Level::Fail => Err(finding),
        Level::Warn => {
            response.warnings.push(finding);
            Ok(())
        }
    }
}

/// The SCIM error `detail` (1.1: `Errors[0].description`), when the server gave one, as
/// ` (server said: …)`.
pub fn detail(response: &Response<'_>) -> String {
    let json = response.json;
    let detail = json.and_then(|j| j.get("detail")).or_else(|| {
        json.and_then(|j| j.get("Errors"))
            .and_then(|e| e.get(0))
            .and_then(|e| e.get("description"))
    });
    match detail.and_then(Value::as_str) {
        Some(detail) => format!(
            " (server said: {})",
            detail.chars().take(160).collect::<String>()
        ),
        None => String::new(),
    }
}

/// "a string", "an array", …: what a JSON value is, for messages.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
