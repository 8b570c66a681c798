//! What a scenario created, and deleting it at the end: every POST answered 201 is remembered by
//! the URL the target's own base URL reaches it at, every DELETE forgets it, and the scenario's
//! end deletes what is left (bounded after Ctrl-C, skipped once the target stopped answering).

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
    } else if request.method.eq_ignore_ascii_case("DELETE")
        && (response.status < 300 || response.status == 404)
    {
        let url = &record.request.url;
        created.retain(|c| c != url);
    }
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
                };
            }
        },
        headers: Vec::new(),
        body: None,
        auth: None,
    };
    let (record, _) = exchange::send(target, &request).await;
    CleanupOutcome {
        location: location.to_string(),
        result: record.response.map(|r| r.status),
    }
}
