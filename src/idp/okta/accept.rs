//! Which responses Okta accepts (okta-scim-behaviour §1.9), and what Okta does with the rest.
//!
//! Every rule returns the useful part of an accepted response or a [`Failure`] whose message
//! says what Okta would do; the flows only sequence requests. What each rule weighs, and why,
//! is in [`super::rules`]: a `warn` rule notes its finding on the response and lets Okta go on.

use std::collections::BTreeSet;

use serde_json::Value;

use super::rules::{self, Rule};
use crate::idp::answer::{detail, judge, kind_of};
use crate::idp::flow::Response;
use crate::protocol::Dialect;
use crate::protocol::{Failure, FailureKind};

fn unexpected_status(
    rule: &Rule,
    response: &Response<'_>,
    expected: &str,
    consequence: &str,
) -> Failure {
    let status = response.status;
    let hint = match status {
        401 | 403 => "; the credentials were refused",
        501 => "; Okta does not fall back to another method",
        _ => "",
    };
    rule.finding(
        FailureKind::Status,
        format!(
            "expected {expected}, got {status}{hint}{}; Okta {consequence}",
            detail(response)
        ),
    )
}

/// A JSON object body, or a failure saying what Okta reports instead.
fn object<'a>(
    rule: &Rule,
    response: &Response<'a>,
    empty_message: &str,
) -> Result<&'a Value, Failure> {
    match response.json {
        Some(value @ Value::Object(_)) => Ok(value),
        Some(_) | None if response.body.trim().is_empty() => {
            Err(rule.finding(FailureKind::NotJson, empty_message.to_owned()))
        }
        Some(other) => Err(rule.finding(
            FailureKind::Body,
            format!(
                "the body is not a JSON object but {}; {empty_message}",
                kind_of(other)
            ),
        )),
        None => Err(rule.finding(
            FailureKind::NotJson,
            format!("the body is not JSON; {empty_message}"),
        )),
    }
}

/// A paging field: absent, or a JSON number (never a string).
fn number(list: &Value, field: &str) -> Result<Option<u64>, Failure> {
    let rule = &rules::NUMERIC_PAGING;
    match list.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n.as_u64().map(Some).ok_or_else(|| {
            rule.finding(
                FailureKind::Body,
                format!("`{field}` is {n}, not a non-negative integer; Okta cannot page with it"),
            )
        }),
        Some(other) => Err(rule.finding(
            FailureKind::Body,
            format!(
                "`{field}` is {} ({other}), not a JSON number; Okta requires numeric paging fields and fails the request",
                kind_of(other)
            ),
        )),
    }
}

/// One ListResponse page, checked as Okta reads it.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    pub total_results: u64,
    pub resources: &'a [Value],
}

/// What a list request is for: it decides whether Okta needs `totalResults`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListUse {
    /// An `eq` existence check: never paged, decided on the `Resources` returned.
    Lookup,
    /// An import page or the credentials test: paged on `totalResults`.
    Paged,
}

/// A ListResponse: 200, a JSON object, numeric `totalResults` (required for a paged read),
/// `itemsPerPage` and `startIndex` (numeric when present), `itemsPerPage` equal to the resources
/// returned (a warning: Okta does not read it).
pub fn list_page<'a>(
    response: &Response<'a>,
    what: &str,
    used: ListUse,
) -> Result<Page<'a>, Failure> {
    let empty = format!("No results for {what} returned: Okta needs a SCIM ListResponse");
    if response.status != 200 {
        return Err(unexpected_status(
            &rules::LIST_STATUS,
            response,
            "200 with a ListResponse",
            &format!("reports \"No results for {what} returned\""),
        ));
    }
    let list = object(&rules::LIST_BODY, response, &empty)?;
    let total = number(list, "totalResults")?;
    let items = number(list, "itemsPerPage")?;
    number(list, "startIndex")?;
    let resources: &[Value] = match list.get("Resources").or_else(|| list.get("resources")) {
        None | Some(Value::Null) => &[],
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(rules::RESOURCES_ARRAY.finding(
                FailureKind::Body,
                format!("`Resources` is {}, not an array; {empty}", kind_of(other)),
            ));
        }
    };
    let total = match (total, used) {
        (Some(total), _) => total,
        (None, ListUse::Paged) => {
            return Err(rules::PAGED_TOTAL_RESULTS.finding(
                FailureKind::Body,
                format!("the ListResponse has no `totalResults`; {empty}"),
            ));
        }
        (None, ListUse::Lookup) => {
            judge(
                &rules::LOOKUP_TOTAL_RESULTS,
                response,
                FailureKind::Body,
                format!(
                    "the ListResponse has no `totalResults` (taken as the {} resource(s) returned)",
                    resources.len()
                ),
            )?;
            resources.len() as u64
        }
    };
    if let Some(items) = items
        && items != resources.len() as u64
    {
        judge(
            &rules::ITEMS_PER_PAGE,
            response,
            FailureKind::Body,
            format!(
                "`itemsPerPage` is {items} but {} resources were returned; it must count the resources on this page, not echo `count`",
                resources.len()
            ),
        )?;
    }
    if total > 0 && resources.is_empty() && items.is_none() && list.get("startIndex").is_none() {
        return Err(rules::TOTAL_WITHOUT_RESOURCES.finding(
            FailureKind::Body,
            format!("`totalResults` is {total} but no `Resources` were returned"),
        ));
    }
    Ok(Page {
        total_results: total,
        resources,
    })
}

/// The existence check (§1.3): `Some(resource)` when found, `None` for 200 with no results or
/// 404. A match must carry an `id` (Okta stores it as the External ID).
pub fn lookup(response: &Response<'_>, what: &str) -> Result<Option<Value>, Failure> {
    if response.status == 404 {
        return Ok(None);
    }
    if response.status != 200 {
        return Err(unexpected_status(
            &rules::LOOKUP_STATUS,
            response,
            "200 with a ListResponse (or 404)",
            &format!("cannot tell whether the {what} exists and fails the assignment"),
        ));
    }
    let page = list_page(response, &format!("{what}s"), ListUse::Lookup)?;
    match (page.total_results, page.resources) {
        (0, []) => Ok(None),
        (0, _) => Err(rules::LOOKUP_UNIQUE.finding(
            FailureKind::Body,
            "`totalResults` is 0 but `Resources` is not empty".to_owned(),
        )),
        (1, [found]) => match found.get("id").and_then(Value::as_str) {
            Some(id) if !id.is_empty() => Ok(Some(found.clone())),
            _ => Err(rules::RESOURCE_ID.finding(
                FailureKind::Body,
                format!("the matching {what} has no `id`; Okta cannot link it"),
            )),
        },
        (total, resources) => Err(rules::LOOKUP_UNIQUE.finding(
            FailureKind::Body,
            format!(
                "an `eq` filter on a unique attribute matched totalResults {total} with {} resources; Okta expects 0 or 1",
                resources.len()
            ),
        )),
    }
}

/// POST (§1.3 step 2a): 201 with a non-empty `id`; returns the id.
pub fn created(response: &Response<'_>, what: &str) -> Result<String, Failure> {
    let rule = &rules::CREATED;
    if response.status != 201 {
        let consequence = if response.status == 409 {
            format!(
                "does not retry or link after a 409: the {what} is reported as a failed provisioning task (the lookup should have found it)"
            )
        } else {
            format!("marks the {what}'s provisioning as failed")
        };
        return Err(unexpected_status(
            rule,
            response,
            "201 Created",
            &consequence,
        ));
    }
    let message = match what {
        "user" => "Okta: Create new user returned empty user".to_owned(),
        _ => format!("Okta: Create new {what} returned empty {what}"),
    };
    let resource = object(rule, response, &message)?;
    match resource.get("id").and_then(Value::as_str) {
        Some(id) if !id.trim().is_empty() => Ok(id.to_owned()),
        _ => Err(rules::RESOURCE_ID.finding(
            FailureKind::Body,
            format!(
                "the created {what} has no `id`; Okta stores it as the External ID and cannot continue"
            ),
        )),
    }
}

/// GET /Users/{id} or /Groups/{id}: 200 with the resource.
pub fn read(response: &Response<'_>, what: &str) -> Result<Value, Failure> {
    let rule = &rules::READ;
    if response.status != 200 {
        return Err(unexpected_status(
            rule,
            response,
            &format!("200 with the {what}"),
            &format!("cannot push to a {what} it cannot read"),
        ));
    }
    object(rule, response, &format!("Okta read an empty {what}")).cloned()
}

/// PUT: 200 (with the updated resource).
pub fn replaced(response: &Response<'_>, what: &str) -> Result<(), Failure> {
    if response.status != 200 {
        return Err(unexpected_status(
            &rules::REPLACED,
            response,
            "200",
            &format!("marks the {what} update as failed"),
        ));
    }
    Ok(())
}

/// PATCH: 200 or 204. No fallback to PUT on 501 (§1.5).
pub fn patched(response: &Response<'_>, what: &str) -> Result<(), Failure> {
    let rule = &rules::PATCHED;
    match response.status {
        200 | 204 => Ok(()),
        501 => Err(unexpected_status(
            rule,
            response,
            "200 or 204",
            &format!(
                "does not fall back to PUT: the {what} change fails and becomes a task for the admin"
            ),
        )),
        _ => Err(unexpected_status(
            rule,
            response,
            "200 or 204",
            &format!("marks the {what} change as failed (400 is not retried)"),
        )),
    }
}

/// DELETE /Groups/{id}: 204 in SCIM 2.0 (RFC 7644 §3.6), 200 in SCIM 1.1 (its §3.4.3); another
/// 2xx is a warning.
pub fn deleted(response: &Response<'_>, what: &str, dialect: Dialect) -> Result<(), Failure> {
    let expected = match dialect {
        Dialect::Scim2 => (204, "204 No Content"),
        Dialect::Scim11 => (200, "200 OK (SCIM 1.1)"),
    };
    if response.status == expected.0 {
        return Ok(());
    }
    if (200..300).contains(&response.status) {
        return judge(
            &rules::DELETE_STATUS,
            response,
            FailureKind::Status,
            format!("expected {}, got {}", expected.1, response.status),
        );
    }
    Err(unexpected_status(
        &rules::DELETED,
        response,
        expected.1,
        &format!("reports the {what} deletion as failed"),
    ))
}

/// The read-back after (de)activation: 200 with `active` as expected. A deactivated user that
/// is 404 fails Okta's CRUD test.
pub fn active_is(response: &Response<'_>, expected: bool) -> Result<(), Failure> {
    let rule = &rules::ACTIVE_READ_BACK;
    if response.status == 404 && !expected {
        return Err(rule.finding(
            FailureKind::Status,
            format!(
                "the deactivated user answered 404{}; Okta never deletes users and its CRUD test requires a deactivated user to stay readable (200 with active:false); a target that deletes users on deactivation declares `unassign: delete` in its profile (--profile)",
                detail(response)
            ),
        ));
    }
    let user = read(response, "user")?;
    match user.get("active") {
        Some(Value::Bool(actual)) if *actual == expected => Ok(()),
        Some(other) => Err(rule.finding(
            FailureKind::Body,
            format!("`active` is {other}, expected {expected}; Okta's CRUD test checks it"),
        )),
        None => Err(rule.finding(
            FailureKind::Body,
            format!(
                "the user has no `active` attribute, expected {expected}; Okta's CRUD test checks it"
            ),
        )),
    }
}

/// The read-back after an unassign, for a target whose profile declares `unassign: delete`: the
/// user must be gone (404).
pub fn gone(response: &Response<'_>) -> Result<(), Failure> {
    let rule = &rules::GONE;
    match response.status {
        404 => Ok(()),
        200 => {
            let active = response
                .json
                .and_then(|j| j.get("active"))
                .map_or_else(|| "absent".to_owned(), Value::to_string);
            Err(rule.finding(
                FailureKind::Status,
                format!(
                    "the deactivated user is still readable (200, active: {active}); the profile declares `unassign: delete`, so deactivation must delete it (404)"
                ),
            ))
        }
        _ => Err(unexpected_status(
            rule,
            response,
            "404 (the profile declares `unassign: delete`)",
            "cannot tell whether the user was deleted",
        )),
    }
}

/// Ids of a page, with duplicates (within the page or with `seen`) reported.
pub fn page_ids(
    resources: &[Value],
    seen: &mut BTreeSet<String>,
    duplicates: &mut Vec<String>,
) -> Result<(), Failure> {
    for resource in resources {
        let Some(id) = resource.get("id").and_then(Value::as_str) else {
            return Err(rules::RESOURCE_ID.finding(
                FailureKind::Body,
                "a listed resource has no `id`; Okta cannot import it".to_owned(),
            ));
        };
        if !seen.insert(id.to_owned()) {
            duplicates.push(id.to_owned());
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "accept_tests.rs"]
mod tests;
