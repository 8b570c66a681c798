//! What each `entra:` action sends, request by request, in both PATCH behaviours, written out
//! as the literal JSON of Microsoft's documented examples (docs/entra.md): the SCIM endpoint
//! tutorial's requests and the known-issues page's before/after table.

use serde_json::{Value, json};

use super::flow_for;
use crate::idp::flow::{Labeled, Next, Response, Warnings};
use crate::protocol::{EntraPatch, Vars};
use crate::scenario::model::{
    EntraAction, GroupMembers, GroupRename, ManagerChange, MembershipChange, ProfileUpdate,
};

const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const MANAGER: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager";

fn vars() -> Vars {
    let mut vars = Vars::default();
    vars.set("run.tag", json!("t1"));
    for (name, given, family) in [("alice", "Alice", "Smith"), ("bob", "Bob", "Jones")] {
        vars.set(
            format!("{name}.userName"),
            json!(format!("{name}@example.com")),
        );
        vars.set(format!("{name}.givenName"), json!(given));
        vars.set(format!("{name}.familyName"), json!(family));
        vars.set(
            format!("{name}.email"),
            json!(format!("{name}@example.com")),
        );
        vars.set(
            format!("{name}.displayName"),
            json!(format!("{given} {family}")),
        );
        vars.set(format!("{name}.externalId"), json!(format!("00u{name}")));
        vars.set(format!("{name}.password"), json!("pw"));
    }
    vars.set("eng.displayName", json!("eng 1-t1"));
    vars
}

fn provisioned() -> Vars {
    let mut vars = vars();
    vars.set("alice.id", json!("u-a"));
    vars.set("bob.id", json!("u-b"));
    vars.set("eng.id", json!("g-1"));
    vars
}

/// Runs `action` answering every request with `answers` in turn; returns what was sent.
fn sent(
    action: EntraAction,
    mode: EntraPatch,
    vars: &mut Vars,
    answers: &[(u16, Value)],
) -> Vec<Labeled> {
    let mut flow = flow_for(&action, mode);
    let warnings = Warnings::default();
    let mut requests = Vec::new();
    let mut next = flow.next(None, vars);
    loop {
        match next {
            Next::Send(labeled) => {
                let (status, body) = &answers[requests.len()];
                requests.push(labeled);
                let response = Response {
                    status: *status,
                    headers: &[],
                    body: "{}",
                    json: Some(body),
                    warnings: &warnings,
                };
                next = flow.next(Some(response), vars);
            }
            Next::Done => return requests,
            Next::Fail(f) | Next::Stop(f) => panic!("{}", f.message),
        }
    }
}

fn empty_list() -> Value {
    json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 0, "Resources": []})
}

fn patch_body(operations: Value) -> Option<Value> {
    Some(json!({"schemas": [PATCH_OP], "Operations": operations}))
}

#[test]
fn provision_matches_by_username_then_posts_the_tutorials_create_user_body() {
    let mut vars = vars();
    let created = json!({"id": "u-a"});
    let requests = sent(
        EntraAction::Provision("alice".into()),
        EntraPatch::Legacy,
        &mut vars,
        &[(200, empty_list()), (201, created)],
    );
    assert_eq!(requests[0].request.method, "GET");
    assert_eq!(
        requests[0].request.path,
        "/Users?filter=userName+eq+%22alice%40example.com%22"
    );
    assert!(
        requests[0].request.headers.is_empty(),
        "no body, no Content-Type"
    );
    let post = &requests[1].request;
    assert_eq!(
        (post.method.as_str(), post.path.as_str()),
        ("POST", "/Users")
    );
    assert_eq!(
        post.headers,
        [(
            "Content-Type".to_owned(),
            "application/scim+json".to_owned()
        )]
    );
    let body = post.body.as_ref().unwrap();
    assert_eq!(
        body["schemas"],
        json!([
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        ])
    );
    assert_eq!(body["userName"], "alice@example.com");
    assert_eq!(body["active"], true);
    assert_eq!(
        body["emails"],
        json!([{"primary": true, "type": "work", "value": "alice@example.com"}])
    );
    assert_eq!(body["meta"], json!({"resourceType": "User"}));
    assert_eq!(
        body["name"],
        json!({"formatted": "Alice Smith", "familyName": "Smith", "givenName": "Alice"})
    );
    assert_eq!(body["roles"], json!([]));
    let external_id = body["externalId"].as_str().unwrap();
    assert!(uuid::Uuid::parse_str(external_id).is_ok(), "{external_id}");
    assert_eq!(vars.get("alice.id"), Some(&json!("u-a")));
}

#[test]
fn provision_of_a_matched_user_patches_only_what_differs_and_enables_it() {
    let mut vars = vars();
    let found = json!({"schemas": [], "totalResults": 1, "Resources": [{
        "id": "u-a", "userName": "alice@example.com", "displayName": "Old Name", "active": false,
        "name": {"givenName": "Alice", "familyName": "Smith"},
        "emails": [{"type": "work", "value": "alice@example.com"}]
    }]});
    let requests = sent(
        EntraAction::Provision("alice".into()),
        EntraPatch::Legacy,
        &mut vars,
        &[(200, found), (200, json!({})), (200, json!({}))],
    );
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[1].request.path, "/Users/u-a");
    assert_eq!(
        requests[1].request.body,
        patch_body(json!([{"op": "Replace", "path": "displayName", "value": "Alice Smith"}]))
    );
    assert_eq!(
        requests[2].request.body,
        patch_body(json!([{"op": "Replace", "path": "active", "value": "True"}]))
    );
}

fn update() -> EntraAction {
    EntraAction::Update(ProfileUpdate {
        identity: "alice".into(),
        given_name: Some("Alicia".into()),
        family_name: Some("Newname".into()),
        display_name: None,
        user_name: None,
        email: Some("alicia@example.com".into()),
    })
}

#[test]
fn legacy_update_is_one_capitalised_replace_per_attribute_path() {
    let mut vars = provisioned();
    let requests = sent(update(), EntraPatch::Legacy, &mut vars, &[(200, json!({}))]);
    assert_eq!(
        (
            requests[0].request.method.as_str(),
            requests[0].request.path.as_str()
        ),
        ("PATCH", "/Users/u-a")
    );
    // The known-issues page's "before" column: one `Replace` with a path per attribute.
    assert_eq!(
        requests[0].request.body,
        patch_body(json!([
            {"op": "Replace", "path": "displayName", "value": "Alicia Newname"},
            {"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "alicia@example.com"},
            {"op": "Replace", "path": "name.givenName", "value": "Alicia"},
            {"op": "Replace", "path": "name.familyName", "value": "Newname"}
        ]))
    );
    assert_eq!(vars.get("alice.givenName"), Some(&json!("Alicia")));
}

#[test]
fn flag_update_folds_plain_attributes_into_one_pathless_replace_with_dotted_keys() {
    let mut vars = provisioned();
    let requests = sent(update(), EntraPatch::Flag, &mut vars, &[(200, json!({}))]);
    // The "after" column: the filtered email path keeps its own op; the rest is one path-less
    // replace whose keys are attribute paths.
    assert_eq!(
        requests[0].request.body,
        patch_body(json!([
            {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "alicia@example.com"},
            {"op": "replace", "value": {
                "displayName": "Alicia Newname",
                "name.givenName": "Alicia",
                "name.familyName": "Newname"
            }}
        ]))
    );
}

#[test]
fn an_update_that_changes_nothing_sends_nothing() {
    let mut vars = provisioned();
    let same = EntraAction::Update(ProfileUpdate {
        identity: "alice".into(),
        given_name: Some("Alice".into()),
        family_name: None,
        display_name: None,
        user_name: None,
        email: None,
    });
    assert!(sent(same, EntraPatch::Legacy, &mut vars, &[]).is_empty());
}

#[test]
fn disable_is_a_string_false_without_the_flag_and_a_boolean_with_it() {
    for (mode, expected) in [
        (
            EntraPatch::Legacy,
            json!([{"op": "Replace", "path": "active", "value": "False"}]),
        ),
        (
            EntraPatch::Flag,
            json!([{"op": "replace", "path": "active", "value": false}]),
        ),
    ] {
        let mut vars = provisioned();
        let requests = sent(
            EntraAction::Disable("alice".into()),
            mode,
            &mut vars,
            &[(200, json!({}))],
        );
        assert_eq!(requests[0].request.path, "/Users/u-a");
        assert_eq!(requests[0].request.body, patch_body(expected), "{mode}");
    }
}

#[test]
fn hard_delete_is_a_delete_by_id() {
    let mut vars = provisioned();
    let requests = sent(
        EntraAction::Delete("alice".into()),
        EntraPatch::Flag,
        &mut vars,
        &[(204, json!({}))],
    );
    assert_eq!(
        (
            requests[0].request.method.as_str(),
            requests[0].request.path.as_str()
        ),
        ("DELETE", "/Users/u-a")
    );
    assert_eq!(requests[0].request.body, None);
}

#[test]
fn manager_is_added_then_replaced_then_removed_on_the_enterprise_path() {
    let mut vars = provisioned();
    let set = || {
        EntraAction::SetManager(ManagerChange {
            identity: "alice".into(),
            manager: "bob".into(),
        })
    };
    let first = sent(set(), EntraPatch::Legacy, &mut vars, &[(200, json!({}))]);
    assert_eq!(
        first[0].request.body,
        patch_body(json!([{"op": "Add", "path": MANAGER, "value": {"value": "u-b"}}]))
    );
    let again = sent(set(), EntraPatch::Legacy, &mut vars, &[(200, json!({}))]);
    assert_eq!(
        again[0].request.body,
        patch_body(json!([{"op": "Replace", "path": MANAGER, "value": {"value": "u-b"}}]))
    );
    let removed = sent(
        EntraAction::RemoveManager("alice".into()),
        EntraPatch::Flag,
        &mut vars,
        &[(200, json!({}))],
    );
    assert_eq!(
        removed[0].request.body,
        patch_body(json!([{"op": "remove", "path": MANAGER}]))
    );
}

#[test]
fn a_group_is_matched_without_members_created_empty_then_its_members_added() {
    let mut vars = provisioned();
    vars.set("eng.id", Value::Null);
    let action = EntraAction::ProvisionGroup(GroupMembers {
        group: "eng".into(),
        members: vec!["alice".into(), "bob".into()],
    });
    let requests = sent(
        action,
        EntraPatch::Legacy,
        &mut vars,
        &[
            (200, empty_list()),
            (201, json!({"id": "g-9"})),
            (204, json!(null)),
        ],
    );
    // The tutorial's "Get Group by displayName": members excluded, the filter after.
    assert_eq!(
        requests[0].request.path,
        "/Groups?excludedAttributes=members&filter=displayName+eq+%22eng+1-t1%22"
    );
    let create = requests[1].request.body.as_ref().unwrap();
    assert_eq!(create["displayName"], "eng 1-t1");
    assert_eq!(create["meta"], json!({"resourceType": "Group"}));
    assert!(create.get("members").is_none(), "created without members");
    assert_eq!(requests[2].request.path, "/Groups/g-9");
    // The tutorial's "Update Group [Add Members]".
    assert_eq!(
        requests[2].request.body,
        patch_body(json!([{"op": "Add", "path": "members", "value": [
            {"$ref": null, "value": "u-a"}, {"$ref": null, "value": "u-b"}
        ]}]))
    );
}

#[test]
fn member_removal_is_a_value_list_without_the_flag_and_a_filter_with_it() {
    let change = || {
        EntraAction::UpdateGroupMembers(MembershipChange {
            group: "eng".into(),
            add: vec![],
            remove: vec!["bob".into()],
        })
    };
    let mut vars = provisioned();
    let legacy = sent(
        change(),
        EntraPatch::Legacy,
        &mut vars,
        &[(204, json!(null))],
    );
    assert_eq!(
        legacy[0].request.body,
        patch_body(
            json!([{"op": "Remove", "path": "members", "value": [{"$ref": null, "value": "u-b"}]}])
        )
    );
    let flag = sent(change(), EntraPatch::Flag, &mut vars, &[(204, json!(null))]);
    assert_eq!(
        flag[0].request.body,
        patch_body(json!([{"op": "remove", "path": "members[value eq \"u-b\"]"}]))
    );
}

#[test]
fn a_refused_legacy_removal_warns_and_ends_the_scenario_a_refused_flag_removal_fails() {
    let change = EntraAction::UpdateGroupMembers(MembershipChange {
        group: "eng".into(),
        add: vec![],
        remove: vec!["bob".into()],
    });
    let warnings = Warnings::default();
    let refusal = json!({"detail": "no value for remove"});
    for (mode, stops) in [(EntraPatch::Legacy, true), (EntraPatch::Flag, false)] {
        let mut vars = provisioned();
        let mut flow = flow_for(&change, mode);
        assert!(matches!(flow.next(None, &mut vars), Next::Send(_)));
        let response = Response {
            status: 400,
            headers: &[],
            body: "{}",
            json: Some(&refusal),
            warnings: &warnings,
        };
        match flow.next(Some(response), &mut vars) {
            Next::Stop(w) => assert!(stops && w.reason.is_some(), "{mode}"),
            Next::Fail(_) => assert!(!stops, "{mode}"),
            _ => panic!("{mode}: neither"),
        }
    }
}

#[test]
fn rename_and_delete_of_a_group() {
    let mut vars = provisioned();
    let rename = EntraAction::RenameGroup(GroupRename {
        group: "eng".into(),
        to: "Engineering ${run.tag}".into(),
    });
    let requests = sent(rename, EntraPatch::Legacy, &mut vars, &[(204, json!(null))]);
    assert_eq!(
        requests[0].request.body,
        patch_body(json!([{"op": "Replace", "path": "displayName", "value": "Engineering t1"}]))
    );
    assert_eq!(vars.get("eng.displayName"), Some(&json!("Engineering t1")));
    let deleted = sent(
        EntraAction::DeleteGroup("eng".into()),
        EntraPatch::Legacy,
        &mut vars,
        &[(204, json!(null))],
    );
    assert_eq!(
        (
            deleted[0].request.method.as_str(),
            deleted[0].request.path.as_str()
        ),
        ("DELETE", "/Groups/g-1")
    );
}

#[test]
fn test_connection_queries_a_random_guid_username_and_needs_an_empty_list() {
    let mut vars = vars();
    let requests = sent(
        EntraAction::TestConnection,
        EntraPatch::Legacy,
        &mut vars,
        &[(200, empty_list())],
    );
    let path = &requests[0].request.path;
    let guid = path
        .strip_prefix("/Users?filter=userName+eq+%22")
        .and_then(|rest| rest.strip_suffix("%22"))
        .unwrap_or_else(|| panic!("{path}"));
    assert!(uuid::Uuid::parse_str(guid).is_ok(), "{guid}");
    // Something found: Test Connection fails.
    let mut flow = flow_for(&EntraAction::TestConnection, EntraPatch::Legacy);
    let warnings = Warnings::default();
    flow.next(None, &mut vars);
    let found = json!({"totalResults": 1, "Resources": [{"id": "x"}]});
    let response = Response {
        status: 200,
        headers: &[],
        body: "{}",
        json: Some(&found),
        warnings: &warnings,
    };
    assert!(matches!(
        flow.next(Some(response), &mut vars),
        Next::Fail(_)
    ));
}
