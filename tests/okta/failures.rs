//! Okta's acceptance rules catch broken responses, and say what Okta would do.

use scimulate::idp::okta::OktaMode::{Aiw, Oin};
use serde_json::json;
use wiremock::ResponseTemplate;

use super::support::*;

const ASSIGN: &str = "name: assign\nidentities: {alice: {}}\nsteps:\n  - okta: {assign: alice}\n";
const UNASSIGN: &str = "name: unassign\nidentities: {alice: {}}\nsteps:\n  - okta: {assign: alice}\n  - okta: {unassign: alice}\n";

#[tokio::test]
async fn a_lookup_with_a_string_total_results_fails_and_nothing_is_created() {
    let bad = json_response(
        200,
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": "0", "Resources": []}),
    );
    let run = run(ASSIGN, Oin, vec![bad]).await;
    let message = run.failure();
    assert!(message.starts_with("lookup by userName: "), "{message}");
    assert!(
        message.contains("`totalResults` is a string (\"0\"), not a JSON number"),
        "{message}"
    );
    assert_eq!(run.requests.len(), 1);
}

#[tokio::test]
async fn a_post_with_an_empty_body_is_an_empty_user() {
    let run = run(ASSIGN, Oin, vec![empty_list(), ResponseTemplate::new(201)]).await;
    assert_eq!(
        run.failure(),
        "create user: Okta: Create new user returned empty user"
    );
}

#[tokio::test]
async fn a_409_on_create_stops_the_job() {
    let conflict = json_response(
        409,
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "detail": "User already exists", "status": "409"}),
    );
    let run = run(ASSIGN, Oin, vec![empty_list(), conflict]).await;
    let message = run.failure();
    assert!(
        message.contains("got 409") && message.contains("User already exists"),
        "{message}"
    );
    assert!(message.contains("does not retry or link"), "{message}");
}

/// Okta pages on `startIndex`, `count` and `totalResults`, not on `itemsPerPage`: a page that
/// echoes `count` there is imported whole, with a warning (the OIN review checks it).
#[tokio::test]
async fn items_per_page_echoing_count_warns_and_the_import_goes_on() {
    let echo = json_response(
        200,
        json!({"totalResults": 102, "startIndex": 101, "itemsPerPage": 100, "Resources": [{"id": "a"}, {"id": "b"}]}),
    );
    let first: Vec<_> = (0..100).map(|i| json!({"id": format!("u{i}")})).collect();
    let first = json_response(
        200,
        json!({"totalResults": 102, "startIndex": 1, "itemsPerPage": 100, "Resources": first}),
    );
    let run = run(
        "name: i\nsteps:\n  - okta: import_users\n",
        Oin,
        vec![first, echo],
    )
    .await;
    run.assert_passed();
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("import page: "), "{warnings:?}");
    assert!(
        warnings[0].contains("`itemsPerPage` is 100 but 2 resources were returned"),
        "{warnings:?}"
    );
    assert_eq!(run.requests.len(), 2, "both pages read");
}

/// An `eq` lookup is decided on its `Resources`: a no-match answer without `totalResults` lets
/// Okta create the user, with a warning (RFC 7644 §3.4.2 makes the field REQUIRED).
#[tokio::test]
async fn a_lookup_without_total_results_warns_and_the_assignment_goes_on() {
    let no_total = json_response(
        200,
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "Resources": []}),
    );
    let run = run(ASSIGN, Oin, vec![no_total, created("u-1")]).await;
    run.assert_passed();
    assert_eq!(run.requests.len(), 2, "looked up, then created");
    let warnings = run.warnings();
    assert!(
        warnings.len() == 1 && warnings[0].contains("no `totalResults`"),
        "{warnings:?}"
    );
}

/// An import page is paged on `totalResults`: without it Okta cannot tell whether more users
/// follow, so the import fails.
#[tokio::test]
async fn an_import_page_without_total_results_fails() {
    let page = json_response(200, json!({"Resources": [{"id": "a"}]}));
    let run = run("name: i\nsteps:\n  - okta: import_users\n", Oin, vec![page]).await;
    let message = run.failure();
    assert!(message.contains("no `totalResults`"), "{message}");
}

#[tokio::test]
async fn a_patch_answered_501_is_not_retried_as_put() {
    let run = run(
        UNASSIGN,
        Oin,
        vec![empty_list(), created("u-1"), status(501)],
    )
    .await;
    let message = run.failure();
    assert!(
        message.starts_with("deactivate (PATCH active:false): expected 200 or 204, got 501"),
        "{message}"
    );
    assert!(message.contains("does not fall back to PUT"), "{message}");
    assert_eq!(run.requests.len(), 3, "no PUT fallback");
}

#[tokio::test]
async fn a_deactivated_user_that_is_404_fails_the_crud_read_back() {
    for mode in [Oin, Aiw] {
        let alice = run(UNASSIGN, mode, vec![]).await.person("alice");
        let on = json_response(200, stored_user("u-1", &alice, true));
        let gone = json_response(
            404,
            json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "detail": "not found", "status": "404"}),
        );
        let mut responses = vec![empty_list(), created("u-1")];
        match mode {
            Oin => responses.push(status(204)),
            Aiw => responses.extend([on.clone(), on.clone()]),
        }
        responses.push(gone);
        let run = run(UNASSIGN, mode, responses).await;
        let message = run.failure();
        assert!(
            message.starts_with("read back (CRUD test): the deactivated user answered 404"),
            "{message}"
        );
        assert!(message.contains("stay readable"), "{message}");
    }
}

#[tokio::test]
async fn a_user_still_active_after_deactivation_fails() {
    let run = run("name: u\nidentities: {alice: {}}\nsteps:\n  - okta: {assign: alice}\n  - okta: {unassign: alice}\n", Oin, vec![empty_list(), created("u-1"), status(204), json_response(200, json!({"id": "u-1", "active": true}))]).await;
    assert!(
        run.failure().contains("`active` is true, expected false"),
        "{}",
        run.failure()
    );
}
