//! Bulk quirks (RFC 7644 §3.7): references left unresolved, `failOnErrors` ignored, per-operation
//! statuses as numbers, and a job answered with its first error, done the way broken servers do
//! them. Each rewrites the BulkRequest before the correct handler sees it, or the BulkResponse
//! after; the operations themselves run through the correct code.

use axum::http::StatusCode;
use serde_json::Value;

use super::Quirk::{
    BulkFailsWholeOnOneError, BulkIdNotResolved, BulkIgnoresFailOnErrors, BulkStatusAsNumber,
};
use super::Quirks;
use super::route::Route;
use crate::server::bulk::REFERENCE_PREFIX;

/// Request side: the BulkRequest as the broken server reads it.
pub(super) fn request(quirks: &Quirks, route: &Route, json: &mut Option<Value>) {
    if *route != Route::Bulk {
        return;
    }
    let Some(Value::Object(body)) = json else {
        return;
    };
    if quirks.has(BulkIgnoresFailOnErrors) {
        body.retain(|k, _| !k.eq_ignore_ascii_case("failOnErrors"));
    }
    if quirks.has(BulkIdNotResolved)
        && let Some(Value::Array(operations)) = body.get_mut("Operations")
    {
        for data in operations.iter_mut().filter_map(|op| op.get_mut("data")) {
            take_references_as_ids(data);
        }
    }
}

/// Every `"bulkId:X"` string of `value` becomes `"X"`: the server takes the reference's text
/// for an id of its own, which names nothing (a group's member so written is lost).
fn take_references_as_ids(value: &mut Value) {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::String(text) => {
                if let Some(id) = text.strip_prefix(REFERENCE_PREFIX) {
                    *text = id.to_owned();
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(map) => stack.extend(map.values_mut()),
            _ => {}
        }
    }
}

/// Response side: the BulkResponse as the broken server writes it; returns the status.
pub(super) fn response(
    quirks: &Quirks,
    route: &Route,
    status: StatusCode,
    body: &mut Value,
) -> StatusCode {
    if *route != Route::Bulk || status != StatusCode::OK {
        return status;
    }
    let Some(Value::Array(operations)) = body.get_mut("Operations") else {
        return status;
    };
    if quirks.has(BulkFailsWholeOnOneError) {
        let failed = operations.iter().find_map(|op| {
            let code = op.get("status")?.as_str()?.parse::<u16>().ok()?;
            let error = op.get("response")?.clone();
            (code >= 400).then_some((code, error))
        });
        if let Some((code, error)) = failed
            && let Ok(code) = StatusCode::from_u16(code)
        {
            *body = error;
            return code;
        }
    }
    if quirks.has(BulkStatusAsNumber) {
        for op in operations.iter_mut() {
            if let Some(code) = op
                .get("status")
                .and_then(Value::as_str)
                .and_then(|s| s.parse::<u16>().ok())
            {
                op["status"] = Value::from(code);
            }
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn bulk_response() -> Value {
        json!({"Operations": [
            {"bulkId": "a", "status": "201"},
            {"bulkId": "b", "status": "409", "response": {"status": "409", "detail": "taken"}},
        ]})
    }

    #[test]
    fn statuses_become_numbers_and_one_error_fails_the_job() {
        let mut body = bulk_response();
        let quirks = Quirks::new([BulkStatusAsNumber]);
        assert_eq!(
            response(&quirks, &Route::Bulk, StatusCode::OK, &mut body),
            StatusCode::OK
        );
        assert_eq!(body["Operations"][0]["status"], json!(201));
        let mut body = bulk_response();
        let quirks = Quirks::new([BulkFailsWholeOnOneError]);
        assert_eq!(
            response(&quirks, &Route::Bulk, StatusCode::OK, &mut body),
            StatusCode::CONFLICT
        );
        assert_eq!(body, json!({"status": "409", "detail": "taken"}));
        let mut other = bulk_response();
        response(&quirks, &Route::Other, StatusCode::OK, &mut other);
        assert_eq!(other, bulk_response());
    }

    #[test]
    fn fail_on_errors_is_dropped_and_references_are_taken_as_ids() {
        let quirks = Quirks::new([BulkIgnoresFailOnErrors, BulkIdNotResolved]);
        let mut body = Some(json!({"failOnErrors": 1, "Operations": [
            {"path": "/Users/bulkId:u", "data": {"members": [{"value": "bulkId:u"}]}}
        ]}));
        request(&quirks, &Route::Bulk, &mut body);
        assert_eq!(
            body,
            Some(json!({"Operations": [
                {"path": "/Users/bulkId:u", "data": {"members": [{"value": "u"}]}}
            ]}))
        );
    }
}
