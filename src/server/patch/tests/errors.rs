//! Mutability, unknown and malformed paths, and atomicity (checklist §5.4 cases 6 and 7).

use serde_json::json;

use super::*;

#[test]
fn required_attributes_cannot_be_removed() {
    // Checklist §5.4 case 6.
    let detail = user_fails(
        json!([{ "op": "remove", "path": "userName" }]),
        ScimType::Mutability,
    );
    assert_eq!(
        detail,
        "Operations[0] (remove): \"userName\" is required and cannot be removed"
    );
    user_fails(
        json!([{ "op": "replace", "path": "userName", "value": null }]),
        ScimType::Mutability,
    );
    user_fails(
        json!([{ "op": "replace", "value": { "userName": null } }]),
        ScimType::Mutability,
    );
    group_fails(
        json!([{ "op": "remove", "path": "displayName" }]),
        ScimType::Mutability,
    );
}

#[test]
fn read_only_attributes_cannot_be_modified() {
    let detail = user_fails(
        json!([{ "op": "replace", "path": "id", "value": "u-2" }]),
        ScimType::Mutability,
    );
    assert_eq!(
        detail,
        "Operations[0] (replace): \"id\" is readOnly and cannot be modified"
    );
    for ops in [
        json!([{ "op": "replace", "path": "meta.created", "value": "2020-01-01T00:00:00Z" }]),
        json!([{ "op": "remove", "path": "meta" }]),
        json!([{ "op": "add", "path": "meta.version", "value": "W/\"9\"" }]),
        json!([{ "op": "remove", "path": "id" }]),
        json!([{ "op": "add", "path": "groups", "value": [{ "value": "g-1" }] }]),
        json!([{ "op": "remove", "path": "groups[value eq \"g-1\"]" }]),
    ] {
        user_fails(ops, ScimType::Mutability);
    }
}

#[test]
fn read_only_keys_in_a_pathless_value_must_restate_the_current_value() {
    user_fails(
        json!([{ "op": "replace", "value": { "id": "u-2" } }]),
        ScimType::Mutability,
    );
    user_fails(
        json!([{ "op": "replace", "value": { "meta": { "resourceType": "Group" } } }]),
        ScimType::Mutability,
    );
    user_fails(
        json!([{ "op": "replace", "value": { "groups": [{ "value": "g-1" }] } }]),
        ScimType::Mutability,
    );
    let result = patch_user(
        json!([{ "op": "replace", "value": { "id": "u-1", "groups": [], "title": "Countess" } }]),
    );
    assert_eq!(result, edit(user(), |d| d["title"] = json!("Countess")));
}

#[test]
fn unknown_attributes_are_invalid_path() {
    let detail = user_fails(
        json!([{ "op": "replace", "path": "shoeSize", "value": 9 }]),
        ScimType::InvalidPath,
    );
    assert_eq!(
        detail,
        "Operations[0] (replace): \"shoeSize\" does not name an attribute of a User"
    );
    for ops in [
        json!([{ "op": "remove", "path": "name.nickName" }]),
        json!([{ "op": "add", "path": "userName.first", "value": "a" }]),
        json!([{ "op": "replace", "value": { "shoeSize": 9 } }]),
        json!([{ "op": "replace", "value": { "name.nickname": "x" } }]),
        json!([{ "op": "add", "path": "urn:example:custom:1.0:User:shoeSize", "value": 9 }]),
        json!([{ "op": "add", "path": "members", "value": [{ "value": "u-2" }] }]),
    ] {
        user_fails(ops, ScimType::InvalidPath);
    }
    group_fails(
        json!([{ "op": "add", "path": "emails", "value": "a@b.org" }]),
        ScimType::InvalidPath,
    );
}

#[test]
fn malformed_paths_are_invalid_path() {
    for path in [
        "user name",
        "emails[type eq \"work\"",
        "a.b.c",
        "[type eq \"x\"]",
        "name..givenName",
    ] {
        user_fails(
            json!([{ "op": "replace", "path": path, "value": "x" }]),
            ScimType::InvalidPath,
        );
    }
}

#[test]
fn a_failing_second_operation_leaves_the_resource_unchanged() {
    // Checklist §5.4 case 7. `run` asserts the byte-identical resource for every failure; this test
    // makes it explicit with a first operation that succeeded.
    let doc = user();
    let ops = body(json!([
        { "op": "replace", "path": "displayName", "value": "Changed" },
        { "op": "add", "path": "emails", "value": [{ "value": "n@x.org", "primary": true }] },
        { "op": "remove", "path": "userName" }
    ]));
    let Err(e) = run(users(), &doc, &ops, false) else {
        panic!("must fail");
    };
    assert_eq!(e.scim_type, Some(ScimType::Mutability));
    assert!(
        e.detail.starts_with("Operations[2] (remove): "),
        "{}",
        e.detail
    );
    let mut resource = doc.as_object().expect("object").clone();
    let before = serde_json::to_string(&resource).expect("json");
    assert!(super::super::apply(users(), &mut resource, &ops, false).is_err());
    assert_eq!(serde_json::to_string(&resource).expect("json"), before);
}

#[test]
fn a_failing_group_operation_keeps_the_members() {
    let ops = body(json!([
        { "op": "remove", "path": "members[value eq \"u-1\"]" },
        { "op": "replace", "path": "members[value eq \"u-2\"]", "value": { "value": "u-3" } }
    ]));
    let mut resource = group().as_object().expect("object").clone();
    let before = serde_json::to_string(&resource).expect("json");
    let e = super::super::apply(groups(), &mut resource, &ops, true).expect_err("immutable");
    assert_eq!(e.scim_type, Some(ScimType::Mutability));
    assert_eq!(serde_json::to_string(&resource).expect("json"), before);
}
