//! What the mock IdP sends to a SCIM 1.1 endpoint (okta-scim-behaviour §1.11): the same
//! requests in the same order as 2.0, spelled in 1.1: `application/json`, the core 1.0 schema,
//! PATCH as a partial resource, and a group DELETE answered 200.

use scimulate::idp::okta::OktaMode::{Aiw, Oin};
use scimulate::protocol::Dialect::Scim11;
use serde_json::{Value, json};

use super::support::*;

const CORE: &str = "urn:scim:schemas:core:1.0";

const LIFECYCLE: &str = "\
name: lifecycle
identities: {alice: {}}
steps:
  - okta: {assign: alice}
  - okta: {unassign: alice}
  - okta: {assign: alice}
";

fn user(id: &str, run: &Run, active: bool) -> Value {
    let mut user = stored_user(id, &run.person("alice"), active);
    user["schemas"] = json!([CORE]);
    user
}

/// The same requests in the same order as in 2.0, only under `/scim/v1`.
async fn same_sequence_as_2_0(
    mode: scimulate::idp::okta::OktaMode,
    responses: Vec<wiremock::ResponseTemplate>,
) -> Run {
    let v2 = run(LIFECYCLE, mode, responses.clone()).await;
    v2.assert_passed();
    let v1 = run_in(LIFECYCLE, mode, Scim11, responses).await;
    v1.assert_passed();
    let expected: Vec<String> = v2
        .lines()
        .iter()
        .map(|l| l.replace("/scim/v2/", "/scim/v1/"))
        .collect();
    assert_eq!(v1.lines(), expected);
    v1
}

#[tokio::test]
async fn oin_lifecycle_is_a_1_0_create_and_partial_resource_patches() {
    let probe = run_in(LIFECYCLE, Oin, Scim11, vec![]).await;
    let alice = probe.person("alice");
    let (on, off) = (user("u-1", &probe, true), user("u-1", &probe, false));
    let responses = vec![
        empty_list(),
        created("u-1"),
        status(200),                     // deactivate
        json_response(200, off.clone()), // read-back
        status(200),                     // re-assign: reactivate
        json_response(200, on.clone()),  // push: GET
        json_response(200, on.clone()),  // push: PUT
    ];
    let run = same_sequence_as_2_0(Oin, responses).await;
    let lookup = user_lookup(&alice.user_name).replace("/scim/v2/", "/scim/v1/");
    assert_eq!(
        run.lines(),
        [
            lookup.as_str(),
            "POST /scim/v1/Users",
            "PATCH /scim/v1/Users/u-1",
            "GET /scim/v1/Users/u-1",
            "PATCH /scim/v1/Users/u-1",
            "GET /scim/v1/Users/u-1",
            "PUT /scim/v1/Users/u-1",
        ]
    );
    assert_eq!(run.body(1), okta_create_body(&alice, CORE));
    assert_eq!(
        run.body(2),
        json!({"schemas": [CORE], "id": "u-1", "active": false})
    );
    assert_eq!(
        run.body(4),
        json!({"schemas": [CORE], "id": "u-1", "active": true})
    );
    assert_eq!(run.body(6)["schemas"], json!([CORE]));
    run.assert_okta_headers_in("application/json");
}

#[tokio::test]
async fn aiw_lifecycle_puts_the_whole_1_0_user() {
    let probe = run_in(LIFECYCLE, Aiw, Scim11, vec![]).await;
    let (on, off) = (user("u-1", &probe, true), user("u-1", &probe, false));
    let responses = vec![
        empty_list(),
        created("u-1"),
        json_response(200, on.clone()),  // deactivate: GET
        json_response(200, off.clone()), // PUT
        json_response(200, off.clone()), // read-back
        json_response(200, off.clone()), // re-assign: GET
        json_response(200, on.clone()),  // PUT active
        json_response(200, on.clone()),  // push: GET
        json_response(200, on.clone()),  // push: PUT
    ];
    let run = same_sequence_as_2_0(Aiw, responses).await;
    let puts: Vec<usize> = (0..run.lines().len())
        .filter(|&i| run.lines()[i].starts_with("PUT"))
        .collect();
    assert!(!puts.is_empty(), "{:?}", run.lines());
    for i in puts {
        assert_eq!(run.body(i)["schemas"], json!([CORE]), "{}", run.lines()[i]);
    }
    assert_eq!(run.body(3)["active"], json!(false));
    run.assert_okta_headers_in("application/json");
}

const GROUPS: &str = "\
name: groups
identities: {alice: {}, bob: {}, carol: {}}
groups: {eng: {}}
steps:
  - okta: {assign: alice}
  - okta: {assign: bob}
  - okta: {assign: carol}
  - okta: {push_group: {group: eng, members: [alice, bob]}}
  - okta: {update_group_members: {group: eng, add: [carol], remove: [bob]}}
  - okta: {repush_group: {group: eng, members: [alice]}}
  - okta: {delete_group: eng}
";

fn group_responses(name: &str, deleted: u16) -> Vec<wiremock::ResponseTemplate> {
    let g = json_response(
        200,
        json!({"schemas": [CORE], "id": "g-1", "displayName": name, "members": []}),
    );
    let mut responses = vec![
        empty_list(),
        created("u-a"),
        empty_list(),
        created("u-b"),
        empty_list(),
        created("u-c"),
    ];
    responses.extend([empty_list(), json_response(201, json!({"id": "g-1"}))]);
    responses.extend([status(200), g.clone(), status(200)]); // push: add, read, rename
    responses.extend([status(200), g.clone(), status(200)]); // members
    responses.extend([status(200), g.clone(), status(200)]); // re-push
    responses.push(status(deleted));
    responses
}

#[tokio::test]
async fn oin_group_membership_is_listed_members_with_delete_operations() {
    let probe = run_in(GROUPS, Oin, Scim11, vec![]).await;
    let name = probe.group("eng");
    let run = run_in(GROUPS, Oin, Scim11, group_responses(&name, 200)).await;
    run.assert_passed();
    let (a, b, c) = (run.person("alice"), run.person("bob"), run.person("carol"));
    assert_eq!(run.lines()[7], "POST /scim/v1/Groups");
    assert_eq!(
        run.body(7),
        json!({"schemas": [CORE], "displayName": name, "members": []})
    );
    assert_eq!(
        run.body(8),
        json!({"schemas": [CORE], "members": [
            {"value": "u-a", "display": a.user_name},
            {"value": "u-b", "display": b.user_name}
        ]})
    );
    assert_eq!(
        run.body(10),
        json!({"schemas": [CORE], "id": "g-1", "displayName": name})
    );
    assert_eq!(
        run.body(11),
        json!({"schemas": [CORE], "members": [
            {"value": "u-b", "display": b.user_name, "operation": "delete"},
            {"value": "u-c", "display": c.user_name}
        ]})
    );
    assert_eq!(
        run.body(14),
        json!({"schemas": [CORE], "meta": {"attributes": ["members"]}, "members": [
            {"value": "u-a", "display": a.user_name}
        ]})
    );
    assert_eq!(run.lines()[17], "DELETE /scim/v1/Groups/g-1");
    run.assert_okta_headers_in("application/json");
}

/// SCIM 1.1 answers a DELETE with 200; a 204 is another success, which Okta is not known to
/// refuse: a warning, and the scenario passes. An error answer still fails.
#[tokio::test]
async fn a_1_1_group_delete_answered_204_is_a_warning() {
    let probe = run_in(GROUPS, Oin, Scim11, vec![]).await;
    let run = run_in(
        GROUPS,
        Oin,
        Scim11,
        group_responses(&probe.group("eng"), 204),
    )
    .await;
    run.assert_passed();
    let warnings = run.warnings();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("expected 200 OK (SCIM 1.1), got 204")),
        "{warnings:?}"
    );
    let refused = run_in(
        GROUPS,
        Oin,
        Scim11,
        group_responses(&probe.group("eng"), 500),
    )
    .await;
    assert!(
        refused
            .failure()
            .contains("expected 200 OK (SCIM 1.1), got 500"),
        "{}",
        refused.failure()
    );
}

#[tokio::test]
async fn a_1_1_error_description_is_quoted_in_the_failure() {
    let refused = json_response(
        409,
        json!({"Errors": [{"description": "userName taken", "code": "409"}]}),
    );
    let run = run_in(
        "name: assign\nidentities: {alice: {}}\nsteps:\n  - okta: {assign: alice}\n",
        Oin,
        Scim11,
        vec![empty_list(), refused],
    )
    .await;
    let failure = run.failure();
    assert!(failure.contains("server said: userName taken"), "{failure}");
}

/// SCIM 1.1: the emptied group is a full re-push with no member: `members` cleared under
/// `meta.attributes` and an empty list.
#[tokio::test]
async fn an_emptied_group_clears_members_under_meta_attributes() {
    let yaml = "\
name: emptied
identities: {alice: {}}
groups: {eng: {}}
steps:
  - okta: {assign: alice}
  - okta: {push_group: {group: eng, members: [alice]}}
  - okta: {empty_group: eng}
";
    let probe = run_in(yaml, Oin, Scim11, vec![]).await;
    let name = probe.group("eng");
    let g = json_response(
        200,
        json!({"schemas": [CORE], "id": "g-1", "displayName": name, "members": []}),
    );
    let mut responses = vec![empty_list(), created("u-a")];
    responses.extend([empty_list(), json_response(201, json!({"id": "g-1"}))]);
    responses.extend([status(200), g.clone(), status(200)]);
    responses.extend([status(200), g.clone(), status(200)]);
    let run = run_in(yaml, Oin, Scim11, responses).await;
    run.assert_passed();
    assert_eq!(
        run.body(7),
        json!({"schemas": [CORE], "meta": {"attributes": ["members"]}, "members": []})
    );
}
