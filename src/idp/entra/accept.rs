//! Which responses Entra accepts, and what Entra does with the rest (rules in
//! [`super::rules`]). Every function returns the useful part of an accepted response or a
//! [`Failure`] saying what Entra would do.

use serde_json::Value;

use super::rules::{self, Rule};
use super::script::Refusal;
use crate::idp::answer::{detail, judge, kind_of};
use crate::idp::flow::Response;
use crate::protocol::EntraPatch;
use crate::protocol::{Failure, FailureKind};

fn unexpected_status(rule: &Rule, response: &Response<'_>, expected: &str, then: &str) -> Failure {
    let status = response.status;
    let hint = match status {
        401 | 403 => "; the credentials were refused",
        _ => "",
    };
    rule.finding(
        FailureKind::Status,
        format!(
            "expected {expected}, got {status}{hint}{}; Entra {then}",
            detail(response)
        ),
    )
}

/// A JSON object body.
fn object<'a>(rule: &Rule, response: &Response<'a>, what: &str) -> Result<&'a Value, Failure> {
    match response.json {
        Some(value @ Value::Object(_)) => Ok(value),
        Some(other) => Err(rule.finding(
            FailureKind::Body,
            format!("{what}: the body is {}, not a JSON object", kind_of(other)),
        )),
        None if response.body.trim().is_empty() => {
            Err(rule.finding(FailureKind::NotJson, format!("{what}: the body is empty")))
        }
        None => Err(rule.finding(
            FailureKind::NotJson,
            format!("{what}: the body is not JSON"),
        )),
    }
}

/// A matching query (or Test Connection): 200 with a ListResponse; returns its resources.
pub fn query<'a>(response: &Response<'a>, what: &str) -> Result<&'a [Value], Failure> {
    if response.status != 200 {
        return Err(unexpected_status(
            &rules::QUERY_STATUS,
            response,
            "200 with a ListResponse",
            &format!("cannot tell whether the {what} exists and fails the entry"),
        ));
    }
    let list = object(&rules::QUERY_BODY, response, "the query's answer")?;
    let resources: &[Value] = match list.get("Resources") {
        None | Some(Value::Null) => &[],
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(rules::RESOURCES_ARRAY.finding(
                FailureKind::Body,
                format!("`Resources` is {}, not an array", kind_of(other)),
            ));
        }
    };
    match list.get("totalResults") {
        Some(Value::Number(_)) => {}
        _ => judge(
            &rules::TOTAL_RESULTS,
            response,
            FailureKind::Body,
            format!(
                "the ListResponse has no numeric `totalResults` (taken as the {} resource(s) returned)",
                resources.len()
            ),
        )?,
    }
    Ok(resources)
}

/// A matching query on a unique attribute: `Some(resource)` for one match, `None` for none.
pub fn matched(response: &Response<'_>, what: &str) -> Result<Option<Value>, Failure> {
    match query(response, what)? {
        [] => Ok(None),
        [found] => {
            resource_id(found, what)?;
            Ok(Some(found.clone()))
        }
        several => Err(rules::MATCH_UNIQUE.finding(
            FailureKind::Body,
            format!(
                "the query matched {} {what}s; Entra expects 0 or 1 and fails the entry",
                several.len()
            ),
        )),
    }
}

/// Test Connection: 200 with an empty ListResponse.
pub fn nothing_found(response: &Response<'_>) -> Result<(), Failure> {
    let found = query(response, "user")?;
    if found.is_empty() {
        return Ok(());
    }
    Err(rules::TEST_CONNECTION_EMPTY.finding(
        FailureKind::Body,
        format!(
            "the query for a random GUID returned {} resource(s); Test Connection fails",
            found.len()
        ),
    ))
}

/// The resource's non-empty `id`.
pub fn resource_id(resource: &Value, what: &str) -> Result<String, Failure> {
    match resource.get("id").and_then(Value::as_str) {
        Some(id) if !id.trim().is_empty() => Ok(id.to_owned()),
        _ => Err(rules::RESOURCE_ID.finding(
            FailureKind::Body,
            format!("the {what} has no `id`; Entra cannot address it later"),
        )),
    }
}

/// POST: 201 with the resource; returns its id.
pub fn created(response: &Response<'_>, what: &str) -> Result<String, Failure> {
    if response.status != 201 {
        let then = if response.status == 409 {
            format!("reports a conflict: its query found no {what}, so it cannot match one")
        } else {
            format!("fails the {what}'s entry and retries it in a later cycle")
        };
        return Err(unexpected_status(
            &rules::CREATED,
            response,
            "201 Created",
            &then,
        ));
    }
    let resource = object(&rules::CREATED, response, &format!("the created {what}"))?;
    resource_id(resource, what)
}

/// PATCH: 200 or 204.
pub fn patched(response: &Response<'_>, what: &str) -> Result<(), Failure> {
    match response.status {
        200 | 204 => Ok(()),
        _ => Err(unexpected_status(
            &rules::PATCHED,
            response,
            "200 or 204",
            &format!("fails the {what} update and retries it in later cycles"),
        )),
    }
}

/// DELETE: 204; another 2xx is a warning.
pub fn deleted(response: &Response<'_>, what: &str) -> Result<(), Failure> {
    match response.status {
        204 => Ok(()),
        200..=299 => judge(
            &rules::DELETE_STATUS,
            response,
            FailureKind::Body,
            format!("expected 204 No Content, got {}", response.status),
        ),
        _ => Err(unexpected_status(
            &rules::DELETED,
            response,
            "204 No Content",
            &format!("fails the {what}'s deletion and retries it"),
        )),
    }
}

/// A member removal: as [`patched`], except that a 400 for the legacy form (`Remove` on
/// `members` with a value list) is a warning that ends the scenario: RFC 7644 §3.5.2.2 lets a
/// server refuse it, and the removal did not happen.
pub fn members_removed(response: &Response<'_>, mode: EntraPatch) -> Result<(), Refusal> {
    if mode == EntraPatch::Legacy && response.status == 400 {
        return Err(Refusal::Stop(rules::LEGACY_MEMBER_REMOVE.finding(
            FailureKind::Status,
            format!(
                "the legacy member removal (`Remove` on `members` with a value list) was refused with 400{}; with this server, an Entra app without the aadOptscim062020 flag keeps removed members in the group",
                detail(response)
            ),
        )));
    }
    Ok(patched(response, "group")?)
}
