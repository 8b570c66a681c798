//! What a run created and could not delete: the list a person needs to clean a staging target by
//! hand after the target died or Ctrl-C cut the cleanup short. Derived from the outcomes (each
//! failed cleanup delete, and the POST that created the resource), so every reporter shows the
//! same list and the runner keeps no second record.

use serde_json::Value;

use super::outcome::{CleanupOutcome, ScenarioOutcome};

/// One resource that may still exist on the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftBehind {
    /// `User`, `Group`, or the collection's name for anything else.
    pub resource_type: String,
    pub id: String,
    /// The user's `userName` or the group's `displayName`, when the create response had it.
    pub name: Option<String>,
    pub url: String,
    /// The scenario that created it.
    pub scenario: String,
    /// Why the delete did not remove it: the error, or the status it got.
    pub reason: String,
}

/// Whether a cleanup delete removed the resource (a 2xx, or 404: already gone).
pub fn removed(cleanup: &CleanupOutcome) -> bool {
    matches!(cleanup.result, Ok(status) if status < 300 || status == 404)
}

/// Every resource the scenarios created whose cleanup did not remove it, in scenario order.
/// What `--keep` kept is not in it: that was asked for.
pub fn left_behind(scenarios: &[ScenarioOutcome]) -> Vec<LeftBehind> {
    scenarios
        .iter()
        .flat_map(|scenario| {
            scenario
                .cleanup
                .iter()
                .filter(|c| !removed(c))
                .map(move |c| describe(scenario, c))
        })
        .collect()
}

fn describe(scenario: &ScenarioOutcome, cleanup: &CleanupOutcome) -> LeftBehind {
    let url = cleanup.location.clone();
    let mut segments = url.trim_end_matches('/').rsplit('/');
    let id = segments.next().unwrap_or_default().to_string();
    let collection = segments.next().unwrap_or_default();
    let created = created_body(scenario, &id);
    let resource_type = created
        .as_ref()
        .and_then(|b| b.pointer("/meta/resourceType"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| match collection {
            "Users" => "User".to_string(),
            "Groups" => "Group".to_string(),
            other => other.to_string(),
        });
    let name = created.as_ref().and_then(|b| {
        ["userName", "displayName"]
            .iter()
            .find_map(|key| b.get(key).and_then(Value::as_str))
            .map(str::to_string)
    });
    let reason = match &cleanup.result {
        Ok(status) => format!("DELETE answered {status}"),
        Err(e) => e.clone(),
    };
    LeftBehind {
        resource_type,
        id,
        name,
        url,
        scenario: scenario.id.clone(),
        reason,
    }
}

/// The body of the response that created resource `id` (a POST answered with that `id`).
fn created_body(scenario: &ScenarioOutcome, id: &str) -> Option<Value> {
    scenario
        .steps
        .iter()
        .flat_map(|s| &s.exchanges)
        .filter(|e| e.request.method.eq_ignore_ascii_case("POST"))
        .filter_map(|e| e.response.as_ref().ok())
        .filter_map(|r| serde_json::from_str::<Value>(&r.body).ok())
        .find(|body| body.get("id").and_then(Value::as_str) == Some(id))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::runner::outcome::{
        ExchangeRecord, RecordedRequest, RecordedResponse, StepOutcome, Verdict,
    };

    fn post(url: &str, body: &str) -> ExchangeRecord {
        ExchangeRecord {
            request: RecordedRequest {
                method: "POST".into(),
                url: url.into(),
                headers: vec![],
                body: None,
            },
            response: Ok(RecordedResponse {
                status: 201,
                headers: vec![],
                body: body.into(),
                elapsed: Duration::ZERO,
            }),
        }
    }

    #[test]
    fn a_failed_delete_is_listed_with_type_id_name_and_url_and_a_removed_one_is_not() {
        let base = "http://t/scim/v2";
        let scenario = ScenarioOutcome {
            id: "users::a".into(),
            name: "a".into(),
            file: "a.yaml".into(),
            tags: vec![],
            verdict: Verdict::Interrupted("x".into()),
            steps: vec![StepOutcome {
                name: "create".into(),
                line: 1,
                column: 1,
                exchanges: vec![
                    post(
                        &format!("{base}/Users"),
                        r#"{"id":"u1","userName":"alice@example.com","meta":{"resourceType":"User"}}"#,
                    ),
                    post(
                        &format!("{base}/Groups"),
                        r#"{"id":"g1","displayName":"G 1"}"#,
                    ),
                    post(&format!("{base}/Users"), r#"{"id":"u2","userName":"bob"}"#),
                ],
                failures: vec![],
                skipped: false,
                warnings: Vec::new(),
                not_applicable: Vec::new(),
                skip_reason: None,
            }],
            cleanup: vec![
                CleanupOutcome {
                    location: format!("{base}/Users/u2"),
                    result: Ok(204),
                    waited: Duration::ZERO,
                },
                CleanupOutcome {
                    location: format!("{base}/Groups/g1"),
                    result: Ok(500),
                    waited: Duration::ZERO,
                },
                CleanupOutcome {
                    location: format!("{base}/Users/u1"),
                    result: Err("cannot connect to the target: Connection refused".into()),
                    waited: Duration::ZERO,
                },
            ],
            kept: vec![],
            duration: Duration::ZERO,
        };
        let left = left_behind(std::slice::from_ref(&scenario));
        let summary: Vec<(&str, &str, Option<&str>, &str)> = left
            .iter()
            .map(|l| {
                (
                    l.resource_type.as_str(),
                    l.id.as_str(),
                    l.name.as_deref(),
                    l.reason.as_str(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("Group", "g1", Some("G 1"), "DELETE answered 500"),
                (
                    "User",
                    "u1",
                    Some("alice@example.com"),
                    "cannot connect to the target: Connection refused"
                ),
            ]
        );
        assert_eq!(left[1].url, format!("{base}/Users/u1"));
        assert_eq!(left[1].scenario, "users::a");
    }
}
