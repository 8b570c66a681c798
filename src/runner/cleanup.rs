//! What a scenario created, and deleting it at the end: every POST answered 201 is remembered by
//! the URL the target's own base URL reaches it at (and so is every POST of a `POST /Bulk` whose
//! operation reports `201`, RFC 7644 §3.7.3), every DELETE forgets it, and the scenario's end
//! deletes what is left (bounded after Ctrl-C, skipped once the target stopped answering).

use std::time::Duration;

use serde_json::Value;

use super::control::CLEANUP_TIMEOUT;
use super::exchange::{self, PreparedRequest};
use super::outcome::{CleanupOutcome, ExchangeRecord};
use super::target::Target;

/// Remembers what a POST created (its `Location`) so it can be cleaned up; forgets what a DELETE removed.
pub fn track_created(
    request: &PreparedRequest,
    record: &ExchangeRecord,
    json: Option<&Value>,
    target: &Target,
    created: &mut Vec<String>,
) {
    let Ok(response) = &record.response else {
        return;
    };
    if request.method.eq_ignore_ascii_case("POST") && response.status == 201 {
        // `<POST path>/<id>`: the resource as the target's own base URL reaches it, whatever
        // host its `Location` names (a server behind a proxy may report an internal one).
        let by_id = json
            .and_then(|j| j.get("id"))
            .and_then(Value::as_str)
            .map(|id| {
                let collection = request
                    .path
                    .split('?')
                    .next()
                    .unwrap_or("")
                    .trim_end_matches('/');
                format!("{}{collection}/{id}", target.base_url)
            });
        let location = by_id.or_else(|| {
            response
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("location"))
                .map(|(_, v)| v.clone())
        });
        if let Some(location) = location {
            created.push(location);
        }
    } else if request.method.eq_ignore_ascii_case("POST")
        && response.status == 200
        && is_bulk(&request.path)
    {
        created.extend(bulk_created(json, &target.base_url));
    } else if request.method.eq_ignore_ascii_case("DELETE")
        && (response.status < 300 || response.status == 404)
    {
        let url = &record.request.url;
        created.retain(|c| c != url);
    }
}

/// `/Bulk`, with or without a query string.
fn is_bulk(path: &str) -> bool {
    path.split('?')
        .next()
        .unwrap_or("")
        .trim_end_matches('/')
        .ends_with("/Bulk")
}

/// What the POST operations of a BulkResponse created, in operation order: each operation that
/// reports status 201 (a string, or a number from a lax server) names its resource in
/// `location`; the last two segments of that URL (`/Users/{id}`) under the target's base URL
/// are where it is deleted, whatever host the location names.
fn bulk_created(json: Option<&Value>, base_url: &str) -> Vec<String> {
    let Some(operations) = json
        .and_then(|j| j.get("Operations"))
        .and_then(Value::as_array)
    else {
        return Vec::new();
    };
    operations
        .iter()
        .filter(|op| {
            op.get("method")
                .and_then(Value::as_str)
                .is_some_and(|m| m.eq_ignore_ascii_case("POST"))
        })
        .filter(|op| match op.get("status") {
            Some(Value::String(s)) => s == "201",
            Some(Value::Number(n)) => n.as_u64() == Some(201),
            Some(Value::Object(o)) => o.get("code").is_some_and(|c| c == "201" || c == 201),
            _ => false,
        })
        .filter_map(|op| op.get("location").and_then(Value::as_str))
        .filter_map(|location| {
            let mut segments = location.trim_end_matches('/').rsplit('/');
            let id = segments.next().filter(|s| !s.is_empty())?;
            let endpoint = segments.next().filter(|s| !s.is_empty())?;
            Some(format!("{base_url}/{endpoint}/{id}"))
        })
        .collect()
}

/// Deletes one created resource at the end of a scenario. Not sent once the target is declared
/// unresponsive; after Ctrl-C bounded by [`CLEANUP_TIMEOUT`], so a dead target cannot hold the
/// run.
pub async fn clean_up(target: &Target, location: &str) -> CleanupOutcome {
    let control = &target.control;
    if let Some(reason) = control.unresponsive() {
        return CleanupOutcome {
            location: location.to_string(),
            result: Err(format!("not sent: {reason}")),
            waited: Duration::ZERO,
        };
    }
    let outcome = if control.is_interrupted() {
        let bound = CLEANUP_TIMEOUT.min(target.timeout);
        match tokio::time::timeout(bound, delete(target, location)).await {
            Ok(outcome) => outcome,
            Err(_) => CleanupOutcome {
                location: location.to_string(),
                result: Err(format!(
                    "no response within {:.1}s (timeout) to the cleanup after Ctrl-C",
                    bound.as_secs_f64()
                )),
                waited: Duration::ZERO,
            },
        }
    } else {
        delete(target, location).await
    };
    let response = outcome.result.as_ref().map(|_| ()).map_err(String::as_str);
    control.observe(response, || format!("DELETE {location} (cleanup)"));
    outcome
}

async fn delete(target: &Target, location: &str) -> CleanupOutcome {
    let path = location.strip_prefix(&target.base_url).map(str::to_string);
    let request = PreparedRequest {
        method: "DELETE".into(),
        // A location outside the target's base URL is not ours to delete.
        path: match path {
            Some(p) => p,
            None => {
                return CleanupOutcome {
                    location: location.to_string(),
                    result: Err("not under the target's base URL; left in place".into()),
                    waited: Duration::ZERO,
                };
            }
        },
        headers: Vec::new(),
        body: None,
        auth: None,
    };
    let (record, _) = exchange::send(target, &request).await;
    let waited = record
        .response
        .as_ref()
        .map_or(Duration::ZERO, |r| r.elapsed);
    CleanupOutcome {
        location: location.to_string(),
        result: record.response.map(|r| r.status),
        waited,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_posts_a_bulk_response_reports_created_are_cleaned_up() {
        let response = json!({"Operations": [
            {"method": "POST", "status": "201", "location": "https://internal/v2/Users/u1"},
            {"method": "POST", "status": "409"},
            {"method": "PUT", "status": "200", "location": "https://internal/v2/Users/u2"},
            {"method": "POST", "status": 201, "location": "https://internal/v2/Groups/g1/"},
        ]});
        assert_eq!(
            bulk_created(Some(&response), "http://t/scim/v2"),
            ["http://t/scim/v2/Users/u1", "http://t/scim/v2/Groups/g1"]
        );
        assert!(bulk_created(Some(&json!({"Operations": 1})), "http://t").is_empty());
        assert!(is_bulk("/Bulk") && is_bulk("/Bulk?x=1") && !is_bulk("/Users"));
    }
}
