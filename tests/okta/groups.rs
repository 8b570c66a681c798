//! Group push, membership changes, full re-push, rename and delete, in both modes.

use scimulate::idp::okta::OktaMode::{Aiw, Oin};
use serde_json::{Value, json};

use super::support::*;

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
  - okta: {rename_group: {group: eng, to: \"Engineering ${run.tag}\"}}
  - okta: {delete_group: eng}
";

fn assigns() -> Vec<wiremock::ResponseTemplate> {
    vec![
        empty_list(),
        created("u-a"),
        empty_list(),
        created("u-b"),
        empty_list(),
        created("u-c"),
    ]
}

fn group(name: &str) -> Value {
    json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "g-1",
           "displayName": name, "members": [], "meta": {"resourceType": "Group"}})
}

fn patch(ops: Value) -> Value {
    json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": ops})
}

#[tokio::test]
async fn oin_group_push_membership_repush_rename_delete() {
    let probe = run(GROUPS, Oin, vec![]).await;
    let name = probe.group("eng");
    let renamed = format!("Engineering {TAG}");
    let g = json_response(200, group(&name));
    let mut responses = assigns();
    responses.extend([empty_list(), json_response(201, group(&name))]);
    responses.extend([status(204), g.clone(), status(204)]); // push: add, read, rename
    responses.extend([status(200), g.clone(), status(204)]); // members
    responses.extend([status(204), g.clone(), status(204)]); // re-push
    responses.extend([g.clone(), status(204)]); // rename
    responses.push(status(204)); // delete
    let run = run(GROUPS, Oin, responses).await;
    run.assert_passed();
    let lookup = format!(
        "GET /scim/v2/Groups?filter=displayName%20eq%20%22{}%22&startIndex=1&count=100",
        enc(&name)
    );
    assert!(lookup.contains("%20"), "{lookup}");
    let (a, b, c) = (run.person("alice"), run.person("bob"), run.person("carol"));
    let member = |id: &str, who: &scimulate::protocol::Identity| json!({"value": id, "display": who.user_name});
    assert_eq!(
        run.lines()[6..],
        [
            lookup.as_str(),
            "POST /scim/v2/Groups",
            "PATCH /scim/v2/Groups/g-1",
            "GET /scim/v2/Groups/g-1",
            "PATCH /scim/v2/Groups/g-1",
            "PATCH /scim/v2/Groups/g-1",
            "GET /scim/v2/Groups/g-1",
            "PATCH /scim/v2/Groups/g-1",
            "PATCH /scim/v2/Groups/g-1",
            "GET /scim/v2/Groups/g-1",
            "PATCH /scim/v2/Groups/g-1",
            "GET /scim/v2/Groups/g-1",
            "PATCH /scim/v2/Groups/g-1",
            "DELETE /scim/v2/Groups/g-1",
        ]
    );
    assert_eq!(
        run.body(7),
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": name, "members": []})
    );
    assert_eq!(
        run.body(8),
        patch(
            json!([{"op": "add", "path": "members", "value": [member("u-a", &a), member("u-b", &b)]}])
        )
    );
    let rename =
        |to: &str| patch(json!([{"op": "replace", "value": {"id": "g-1", "displayName": to}}]));
    assert_eq!(run.body(10), rename(&name));
    assert_eq!(
        run.body(11),
        patch(json!([
            {"op": "remove", "path": "members[value eq \"u-b\"]"},
            {"op": "add", "path": "members", "value": [member("u-c", &c)]}
        ]))
    );
    assert_eq!(run.body(13), rename(&name));
    assert_eq!(
        run.body(14),
        patch(json!([{"op": "replace", "path": "members", "value": [member("u-a", &a)]}]))
    );
    assert_eq!(run.body(18), rename(&renamed));
    run.assert_okta_headers();
}

#[tokio::test]
async fn aiw_group_changes_are_get_then_put_with_the_full_member_list() {
    let probe = run(GROUPS, Aiw, vec![]).await;
    let name = probe.group("eng");
    let g = json_response(200, group(&name));
    let mut responses = assigns();
    responses.extend([empty_list(), json_response(201, group(&name))]);
    for _ in 0..4 {
        responses.extend([g.clone(), g.clone()]);
    }
    responses.push(status(204));
    let run = run(GROUPS, Aiw, responses).await;
    run.assert_passed();
    let mut expected = vec!["POST /scim/v2/Groups".to_owned()];
    for _ in 0..4 {
        expected.push("GET /scim/v2/Groups/g-1".into());
        expected.push("PUT /scim/v2/Groups/g-1".into());
    }
    expected.push("DELETE /scim/v2/Groups/g-1".into());
    assert_eq!(run.lines()[7..], expected);
    let (a, b, c) = (run.person("alice"), run.person("bob"), run.person("carol"));
    let members = |index: usize| run.body(index)["members"].clone();
    assert_eq!(
        members(9),
        json!([{"value": "u-a", "display": a.user_name}, {"value": "u-b", "display": b.user_name}])
    );
    assert_eq!(
        members(11),
        json!([{"value": "u-a", "display": a.user_name}, {"value": "u-c", "display": c.user_name}])
    );
    assert_eq!(
        members(13),
        json!([{"value": "u-a", "display": a.user_name}])
    );
    assert_eq!(
        run.body(15)["displayName"],
        json!(format!("Engineering {TAG}"))
    );
    assert_eq!(run.body(15)["id"], json!("g-1"));
    run.assert_okta_headers();
}

const EMPTIED: &str = "\
name: emptied
identities: {alice: {}}
groups: {eng: {}}
steps:
  - okta: {assign: alice}
  - okta: {push_group: {group: eng, members: [alice]}}
  - okta: {empty_group: eng}
";

/// The last member is gone: OIN pushes `replace members []` (SCIM-SDK#757), then reads the group
/// and sends the rename PATCH that follows every membership change; AIW PUTs `members: []`.
#[tokio::test]
async fn an_emptied_group_is_pushed_as_an_empty_replace_or_an_empty_put() {
    let probe = run(EMPTIED, Oin, vec![]).await;
    let name = probe.group("eng");
    let g = json_response(200, group(&name));
    let mut responses = vec![empty_list(), created("u-a")];
    responses.extend([empty_list(), json_response(201, group(&name))]);
    responses.extend([status(204), g.clone(), status(204)]); // push: add, read, rename
    responses.extend([status(204), g.clone(), status(204)]); // emptied: replace, read, rename
    let oin = run(EMPTIED, Oin, responses).await;
    oin.assert_passed();
    assert_eq!(
        oin.lines()[7..],
        [
            "PATCH /scim/v2/Groups/g-1",
            "GET /scim/v2/Groups/g-1",
            "PATCH /scim/v2/Groups/g-1"
        ]
    );
    assert_eq!(
        oin.body(7),
        patch(json!([{"op": "replace", "path": "members", "value": []}]))
    );
    assert_eq!(
        oin.body(9),
        patch(json!([{"op": "replace", "value": {"id": "g-1", "displayName": name}}]))
    );
    oin.assert_okta_headers();

    let mut responses = vec![empty_list(), created("u-a")];
    responses.extend([empty_list(), json_response(201, group(&name))]);
    responses.extend([g.clone(), g.clone(), g.clone(), g.clone()]); // push, emptied: GET + PUT
    let aiw = run(EMPTIED, Aiw, responses).await;
    aiw.assert_passed();
    assert_eq!(
        aiw.lines()[4..],
        [
            "GET /scim/v2/Groups/g-1",
            "PUT /scim/v2/Groups/g-1",
            "GET /scim/v2/Groups/g-1",
            "PUT /scim/v2/Groups/g-1"
        ]
    );
    assert_eq!(aiw.body(7)["members"], json!([]));
    assert_eq!(aiw.body(7)["displayName"], json!(name));
}

/// SCIM-SDK#757: the empty replace refused with 400 fails the step, saying what Okta would do.
#[tokio::test]
async fn an_emptied_group_refused_with_400_fails_the_push() {
    let probe = run(EMPTIED, Oin, vec![]).await;
    let name = probe.group("eng");
    let g = json_response(200, group(&name));
    let refused = json_response(
        400,
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "400",
               "detail": "Required sub-attribute 'members.value' is missing in patch object."}),
    );
    let mut responses = vec![empty_list(), created("u-a")];
    responses.extend([empty_list(), json_response(201, group(&name))]);
    responses.extend([status(204), g.clone(), status(204), refused]);
    let run = run(EMPTIED, Oin, responses).await;
    let failure = run.failure();
    assert!(
        failure.contains("push the emptied group (PATCH replace members [])")
            && failure.contains("400"),
        "{failure}"
    );
}
