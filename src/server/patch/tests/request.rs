//! The PatchOp message itself (RFC 7644 §3.5.2, checklist §5.1): shape, op names, value and path
//! presence, strict versus lenient.

use serde_json::json;

use super::*;

fn user_body_fails(body: serde_json::Value, kind: ScimType) -> String {
    fails(users(), &user(), &body, false, kind)
}

#[test]
fn body_must_be_an_object_with_operations() {
    user_body_fails(json!([]), ScimType::InvalidSyntax);
    user_body_fails(json!("replace"), ScimType::InvalidSyntax);
    let detail = user_body_fails(
        json!({ "schemas": [urn::PATCH_OP] }),
        ScimType::InvalidSyntax,
    );
    assert_eq!(detail, "the PatchOp message has no \"Operations\" array");
    let detail = user_body_fails(
        json!({ "schemas": [urn::PATCH_OP], "Operations": [] }),
        ScimType::InvalidSyntax,
    );
    assert_eq!(detail, "\"Operations\" must not be empty");
    user_body_fails(
        json!({ "schemas": [urn::PATCH_OP], "Operations": { "op": "add" } }),
        ScimType::InvalidSyntax,
    );
}

#[test]
fn schemas_when_present_must_name_patch_op() {
    let detail = user_body_fails(
        json!({ "schemas": [urn::USER], "Operations": [{ "op": "remove", "path": "title" }] }),
        ScimType::InvalidSyntax,
    );
    assert_eq!(
        detail,
        "\"schemas\" must contain \"urn:ietf:params:scim:api:messages:2.0:PatchOp\""
    );
    // Absent `schemas` is accepted.
    let body = json!({ "Operations": [{ "op": "replace", "path": "title", "value": "Countess" }] });
    let result = run(users(), &user(), &body, false).expect("accepted");
    assert_eq!(result, edit(user(), |d| d["title"] = json!("Countess")));
}

#[test]
fn schemas_as_a_bare_string_only_when_lenient() {
    let body =
        json!({ "schemas": urn::PATCH_OP, "Operations": [{ "op": "remove", "path": "active" }] });
    fails(users(), &user(), &body, false, ScimType::InvalidSyntax);
    let result = run(users(), &user(), &body, true).expect("lenient accepts");
    assert_eq!(result, edit(user(), |d| drop_key(d, "active")));
}

#[test]
fn operation_must_be_an_object_with_an_op() {
    user_fails(json!(["add"]), ScimType::InvalidSyntax);
    let detail = user_fails(
        json!([{ "path": "title", "value": "x" }]),
        ScimType::InvalidSyntax,
    );
    assert_eq!(detail, "Operations[0]: the operation has no \"op\"");
    user_fails(
        json!([{ "op": 1, "path": "title", "value": "x" }]),
        ScimType::InvalidValue,
    );
}

#[test]
fn unknown_ops_are_invalid_value() {
    for name in ["move", "copy", "test", "delete", ""] {
        let detail = user_fails(
            json!([{ "op": name, "path": "title", "value": "x" }]),
            ScimType::InvalidValue,
        );
        assert_eq!(
            detail,
            format!(
                "Operations[0]: unknown op \"{name}\": expected \"add\", \"remove\" or \"replace\""
            )
        );
    }
}

#[test]
fn capitalised_ops_are_rejected_strictly_and_accepted_leniently() {
    let ops = json!([
        { "op": "Replace", "path": "displayName", "value": "Ada L." },
        { "op": "ADD", "path": "title", "value": "Countess" },
        { "op": "Remove", "path": "active" }
    ]);
    let detail = user_fails(ops.clone(), ScimType::InvalidValue);
    assert_eq!(
        detail,
        "Operations[0]: unknown op \"Replace\": op names are lowercase (\"replace\")"
    );
    let expected = edit(user(), |d| {
        d["displayName"] = json!("Ada L.");
        d["title"] = json!("Countess");
        drop_key(d, "active");
    });
    assert_eq!(ok(users(), &user(), ops, true), expected);
}

#[test]
fn member_names_in_other_cases_only_when_lenient() {
    let body = json!({
        "Schemas": [urn::PATCH_OP],
        "operations": [{ "OP": "replace", "Path": "title", "VALUE": "Countess" }]
    });
    fails(users(), &user(), &body, false, ScimType::InvalidSyntax);
    let result = run(users(), &user(), &body, true).expect("lenient accepts");
    assert_eq!(result, edit(user(), |d| d["title"] = json!("Countess")));
}

#[test]
fn add_and_replace_need_a_value() {
    let detail = user_fails(
        json!([{ "op": "add", "path": "title" }]),
        ScimType::InvalidValue,
    );
    assert_eq!(
        detail,
        "Operations[0]: an \"add\" operation requires a \"value\""
    );
    user_fails(
        json!([{ "op": "add", "path": "title", "value": null }]),
        ScimType::InvalidValue,
    );
    user_fails(
        json!([{ "op": "replace", "path": "title" }]),
        ScimType::InvalidValue,
    );
    user_fails(json!([{ "op": "replace" }]), ScimType::InvalidValue);
}

#[test]
fn remove_without_path_is_no_target() {
    // Checklist §5.4 case 5.
    let detail = user_fails(json!([{ "op": "remove" }]), ScimType::NoTarget);
    assert_eq!(
        detail,
        "Operations[0]: a \"remove\" operation requires a \"path\""
    );
    user_fails(json!([{ "op": "remove", "path": "" }]), ScimType::NoTarget);
    user_fails(
        json!([{ "op": "remove", "path": null, "value": {"title": "x"} }]),
        ScimType::NoTarget,
    );
}

#[test]
fn path_must_be_a_string() {
    user_fails(
        json!([{ "op": "replace", "path": ["title"], "value": "x" }]),
        ScimType::InvalidPath,
    );
}

#[test]
fn a_bad_later_operation_is_reported_before_anything_runs() {
    let detail = user_fails(
        json!([
            { "op": "replace", "path": "title", "value": "Countess" },
            { "op": "replace", "path": "title", "value": "Lady" },
            { "op": "frobnicate", "path": "title", "value": "x" }
        ]),
        ScimType::InvalidValue,
    );
    assert!(detail.starts_with("Operations[2]: unknown op"), "{detail}");
}
