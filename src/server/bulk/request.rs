//! Reading a BulkRequest (RFC 7644 §3.7): the whole message, then each operation on its own.
//!
//! Why two levels of errors: a body that is not a BulkRequest at all (not an object, no
//! `Operations` list, a `failOnErrors` that is not a positive integer) is refused whole with 400
//! `invalidSyntax`, and too many operations with 413 (§3.7.4). An operation that is malformed on
//! its own (no `method`, a POST without `bulkId`, `data` that is not an object) fails only itself:
//! §3.7.3 has the server go on with the others and report each failure in that operation's
//! `status` and `response`.

use axum::http::StatusCode;
use serde_json::{Map, Value};

use crate::server::error::{ScimError, ScimResult};
use crate::server::urn;

/// The HTTP methods an operation may carry (RFC 7644 §3.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    fn parse(name: &str) -> Option<Method> {
        match name.to_ascii_uppercase().as_str() {
            "POST" => Some(Method::Post),
            "PUT" => Some(Method::Put),
            "PATCH" => Some(Method::Patch),
            "DELETE" => Some(Method::Delete),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// One well-formed operation, its `bulkId:` references not yet resolved.
#[derive(Debug, Clone)]
pub struct Operation {
    pub method: Method,
    pub bulk_id: Option<String>,
    /// `/Users` for a POST, `/Users/{id}` otherwise (as sent, references included).
    pub path: String,
    /// The resource version the operation is conditional on (used as `If-Match`).
    pub version: Option<String>,
    pub data: Option<Value>,
}

/// One entry of `Operations`: what the response echoes, and the operation or why it is malformed.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The method as the response names it (`None` when the entry had no usable one).
    pub method: Option<Method>,
    pub bulk_id: Option<String>,
    pub operation: Result<Operation, ScimError>,
}

/// A parsed BulkRequest.
#[derive(Debug, Clone)]
pub struct BulkRequest {
    /// Stop after this many errors (`failOnErrors`); `None`: go on whatever fails.
    pub fail_on_errors: Option<usize>,
    pub entries: Vec<Entry>,
}

/// `name` in `object`, the name compared case-insensitively (RFC 7643 §2.1).
fn field<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
        .filter(|v| !v.is_null())
}

/// Parses `body`, refusing more than `max_operations` operations with 413 (RFC 7644 §3.7.4).
pub fn parse(body: &Value, max_operations: usize) -> ScimResult<BulkRequest> {
    let Value::Object(body) = body else {
        return Err(ScimError::invalid_syntax(
            "a BulkRequest must be a JSON object",
        ));
    };
    if let Some(schemas) = field(body, "schemas") {
        let names_it = schemas.as_array().is_some_and(|s| {
            s.iter().any(|u| {
                u.as_str()
                    .is_some_and(|u| u.eq_ignore_ascii_case(urn::BULK_REQUEST))
            })
        });
        if !names_it {
            return Err(ScimError::invalid_syntax(format!(
                "schemas must contain {}",
                urn::BULK_REQUEST
            )));
        }
    }
    let operations = match field(body, "Operations") {
        Some(Value::Array(operations)) => operations,
        Some(_) => {
            return Err(ScimError::invalid_syntax(
                "Operations must be a list of operations",
            ));
        }
        None => {
            return Err(ScimError::invalid_syntax(
                "a BulkRequest must carry Operations",
            ));
        }
    };
    if operations.len() > max_operations {
        return Err(ScimError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            None,
            format!(
                "the bulk request carries {} operations; maxOperations is {max_operations}",
                operations.len()
            ),
        ));
    }
    let fail_on_errors = match field(body, "failOnErrors") {
        None => None,
        Some(value) => match value.as_u64() {
            Some(n) if n >= 1 => Some(usize::try_from(n).unwrap_or(usize::MAX)),
            _ => {
                return Err(ScimError::invalid_syntax(
                    "failOnErrors must be an integer of at least 1",
                ));
            }
        },
    };
    Ok(BulkRequest {
        fail_on_errors,
        entries: operations.iter().map(entry).collect(),
    })
}

fn entry(value: &Value) -> Entry {
    let Value::Object(op) = value else {
        return Entry {
            method: None,
            bulk_id: None,
            operation: Err(ScimError::invalid_syntax(
                "a bulk operation must be a JSON object",
            )),
        };
    };
    let method = field(op, "method")
        .and_then(Value::as_str)
        .and_then(Method::parse);
    let bulk_id = field(op, "bulkId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Entry {
        method,
        bulk_id,
        operation: operation(op, method),
    }
}

fn operation(op: &Map<String, Value>, method: Option<Method>) -> ScimResult<Operation> {
    let method = match (method, field(op, "method")) {
        (Some(method), _) => method,
        (None, Some(Value::String(name))) => {
            return Err(ScimError::invalid_value(format!(
                "the bulk operation method {name:?} is not one of POST, PUT, PATCH, DELETE"
            )));
        }
        (None, _) => {
            return Err(ScimError::invalid_syntax(
                "a bulk operation requires a method (POST, PUT, PATCH or DELETE)",
            ));
        }
    };
    let bulk_id = match field(op, "bulkId") {
        None => None,
        Some(Value::String(id)) if !id.is_empty() => Some(id.clone()),
        Some(_) => {
            return Err(ScimError::invalid_syntax(
                "bulkId must be a non-empty string",
            ));
        }
    };
    if method == Method::Post && bulk_id.is_none() {
        return Err(ScimError::invalid_syntax(
            "a POST bulk operation requires a bulkId (RFC 7644 §3.7)",
        ));
    }
    let path = match field(op, "path") {
        Some(Value::String(path)) if path.starts_with('/') => path.clone(),
        _ => {
            return Err(ScimError::invalid_syntax(
                "a bulk operation requires a path such as /Users or /Users/{id}",
            ));
        }
    };
    let version = match field(op, "version") {
        None => None,
        Some(Value::String(version)) => Some(version.clone()),
        Some(_) => {
            return Err(ScimError::invalid_syntax("version must be a string"));
        }
    };
    let data = match (method, field(op, "data")) {
        (Method::Delete, _) => None,
        (_, Some(data @ Value::Object(_))) => Some(data.clone()),
        (_, _) => {
            return Err(ScimError::invalid_syntax(format!(
                "a {} bulk operation requires data, a JSON object",
                method.as_str()
            )));
        }
    };
    Ok(Operation {
        method,
        bulk_id,
        path,
        version,
        data,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_body_that_is_no_bulk_request_is_invalid_syntax() {
        for body in [
            json!([]),
            json!({"schemas": ["urn:x"], "Operations": []}),
            json!({"Operations": {}}),
            json!({}),
            json!({"Operations": [], "failOnErrors": 0}),
            json!({"Operations": [], "failOnErrors": "1"}),
        ] {
            let e = parse(&body, 10).unwrap_err();
            assert_eq!(e.status, StatusCode::BAD_REQUEST, "{body}");
        }
    }

    #[test]
    fn too_many_operations_is_413() {
        let body = json!({"Operations": [{}, {}, {}]});
        assert_eq!(
            parse(&body, 2).unwrap_err().status,
            StatusCode::PAYLOAD_TOO_LARGE
        );
        assert_eq!(parse(&body, 3).unwrap().entries.len(), 3);
    }

    #[test]
    fn a_malformed_operation_fails_alone() {
        let body = json!({"operations": [
            1,
            {"method": "post", "path": "/Users", "data": {}},
            {"method": "GET", "path": "/Users"},
            {"method": "PUT", "path": "/Users/x"},
            {"method": "DELETE", "path": "Users/x"},
            {"method": "POST", "bulkId": "a", "path": "/Users", "data": {}},
        ], "failOnErrors": 2});
        let request = parse(&body, 10).unwrap();
        assert_eq!(request.fail_on_errors, Some(2));
        let failed: Vec<bool> = request
            .entries
            .iter()
            .map(|e| e.operation.is_err())
            .collect();
        assert_eq!(failed, [true, true, true, true, true, false]);
        assert_eq!(request.entries[1].method, Some(Method::Post));
        assert_eq!(request.entries[5].bulk_id.as_deref(), Some("a"));
    }
}
