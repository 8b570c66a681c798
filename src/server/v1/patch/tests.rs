use serde_json::json;

use super::*;
use crate::server::schema::REGISTRY;
use crate::server::urn;

fn doc(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        other => panic!("not an object: {other}"),
    }
}

fn patched(rt: &ResourceType, start: Value, body: Value) -> Value {
    let mut d = doc(start);
    apply(rt, &mut d, &body).expect("patch applies");
    Value::Object(d)
}

fn group() -> Value {
    json!({
        "schemas": [urn::GROUP],
        "id": "g",
        "displayName": "G",
        "members": [
            {"value": "u1", "$ref": "r1", "type": "User"},
            {"value": "u2", "$ref": "r2", "type": "User"},
        ],
    })
}

#[test]
fn okta_deactivate_replaces_active_and_ignores_id_and_schemas() {
    let rt = &REGISTRY.user;
    let out = patched(
        rt,
        json!({"schemas": [urn::USER], "id": "u", "userName": "a", "active": true}),
        json!({"schemas": [urn::USER], "id": "other", "active": false}),
    );
    assert_eq!(
        out,
        json!({"schemas": [urn::USER], "id": "u", "userName": "a", "active": false})
    );
}

#[test]
fn okta_add_member_appends_and_a_known_member_is_merged_not_duplicated() {
    let out = patched(
        &REGISTRY.group,
        group(),
        json!({"members": [{"value": "u3", "display": "bob@x"}, {"value": "u1", "display": "a"}]}),
    );
    let members = out["members"].as_array().unwrap();
    assert_eq!(members.len(), 3);
    assert_eq!(members[0]["display"], json!("a"));
    assert_eq!(members[2], json!({"value": "u3", "display": "bob@x"}));
}

#[test]
fn okta_remove_member_deletes_only_that_element() {
    let out = patched(
        &REGISTRY.group,
        group(),
        json!({"members": [{"value": "u1", "display": "x", "operation": "delete"}]}),
    );
    assert_eq!(
        out["members"],
        json!([{"value": "u2", "$ref": "r2", "type": "User"}])
    );
}

#[test]
fn removing_the_last_member_removes_the_attribute() {
    let out = patched(
        &REGISTRY.group,
        group(),
        json!({"members": [{"value": "u1", "operation": "DELETE"}, {"value": "u2", "operation": "delete"}]}),
    );
    assert!(out.get("members").is_none(), "{out}");
}

#[test]
fn meta_attributes_are_removed_before_the_new_values_are_added() {
    let out = patched(
        &REGISTRY.group,
        group(),
        json!({"meta": {"attributes": ["members"]}, "members": [{"value": "u9"}]}),
    );
    assert_eq!(out["members"], json!([{"value": "u9"}]));
}

#[test]
fn meta_attributes_remove_sub_attributes_extension_attributes_and_whole_extensions() {
    let rt = &REGISTRY.user;
    let start = json!({
        "userName": "a",
        "nickName": "n",
        "name": {"givenName": "A", "familyName": "B"},
        urn::ENTERPRISE_USER: {"department": "D", "costCenter": "C"},
    });
    let out = patched(
        rt,
        start.clone(),
        json!({"meta": {"attributes": [
            "NICKNAME",
            "name.givenName",
            "urn:scim:schemas:extension:enterprise:1.0:department",
            "unknownAttribute",
        ]}}),
    );
    assert_eq!(
        out,
        json!({
            "userName": "a",
            "name": {"familyName": "B"},
            urn::ENTERPRISE_USER: {"costCenter": "C"},
        })
    );
    let out = patched(
        rt,
        start,
        json!({"meta": {"attributes": ["urn:scim:schemas:extension:enterprise:1.0"]}}),
    );
    assert!(out.get(urn::ENTERPRISE_USER).is_none(), "{out}");
}

#[test]
fn singular_complex_attributes_and_extensions_are_merged() {
    let rt = &REGISTRY.user;
    let out = patched(
        rt,
        json!({"userName": "a", "name": {"givenName": "A", "familyName": "B"}}),
        json!({
            "name": {"FamilyName": "C"},
            urn::ENTERPRISE_USER: {"department": "D"},
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter": "E",
        }),
    );
    assert_eq!(
        out,
        json!({
            "userName": "a",
            "name": {"givenName": "A", "familyName": "C"},
            urn::ENTERPRISE_USER: {"department": "D", "costCenter": "E"},
        })
    );
}

#[test]
fn a_new_primary_value_clears_the_old_primary_and_values_match_case_insensitively() {
    let rt = &REGISTRY.user;
    let out = patched(
        rt,
        json!({"userName": "a", "emails": [{"value": "a@x", "primary": true}]}),
        json!({"emails": [{"value": "b@x", "primary": true}, {"value": "A@X", "type": "work"}]}),
    );
    assert_eq!(
        out["emails"],
        json!([
            {"value": "A@X", "primary": false, "type": "work"},
            {"value": "b@x", "primary": true},
        ])
    );
}

#[test]
fn a_delete_without_value_matches_on_the_given_sub_attributes() {
    let rt = &REGISTRY.user;
    let out = patched(
        rt,
        json!({"userName": "a", "addresses": [{"type": "work", "locality": "X"}, {"type": "home"}]}),
        json!({"addresses": [{"type": "home", "operation": "delete"}]}),
    );
    assert_eq!(out["addresses"], json!([{"type": "work", "locality": "X"}]));
}

#[test]
fn malformed_bodies_are_400() {
    let rt = &REGISTRY.group;
    for body in [
        json!([]),
        json!({"schemas": [urn::PATCH_OP], "Operations": []}),
        json!({"meta": {"attributes": "members"}}),
        json!({"meta": {"attributes": [1]}}),
        json!({"members": [{"value": "u1", "operation": "add"}]}),
    ] {
        let mut d = doc(group());
        let e = apply(rt, &mut d, &body).expect_err(&body.to_string());
        assert_eq!(e.status.as_u16(), 400, "{body}");
    }
}
