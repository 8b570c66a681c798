//! The Enterprise User extension: fully-qualified attribute paths, the whole-URN path, URN keys in
//! pathless values, and keeping `schemas` in step (checklist §5.4 case 12).

use serde_json::json;

use super::*;

/// The user fixture with an enterprise extension object.
fn enterprise_user() -> serde_json::Value {
    edit(user(), |d| {
        d["schemas"] = json!([urn::USER, ENT]);
        d[ENT] = json!({ "department": "Analytical Engines", "manager": { "value": "u-9" } });
    })
}

#[test]
fn adding_an_extension_attribute_creates_the_extension() {
    let result =
        patch_user(json!([{ "op": "add", "path": format!("{ENT}:department"), "value": "R&D" }]));
    let expected = edit(user(), |d| {
        d["schemas"] = json!([urn::USER, ENT]);
        d[ENT] = json!({ "department": "R&D" });
    });
    assert_eq!(result, expected);
}

#[test]
fn extension_sub_attribute_paths() {
    let result = patch_user(
        json!([{ "op": "replace", "path": format!("{ENT}:manager.value"), "value": "u-2" }]),
    );
    let expected = edit(user(), |d| {
        d["schemas"] = json!([urn::USER, ENT]);
        d[ENT] = json!({ "manager": { "value": "u-2" } });
    });
    assert_eq!(result, expected);
    let replaced = ok(
        users(),
        &enterprise_user(),
        json!([{ "op": "replace", "path": format!("{ENT}:Manager.Value"), "value": "u-2" }]),
        false,
    );
    assert_eq!(
        replaced,
        edit(enterprise_user(), |d| d[ENT]["manager"]["value"] =
            json!("u-2"))
    );
}

#[test]
fn the_urn_is_case_insensitive() {
    let upper = ENT.to_uppercase();
    let result =
        patch_user(json!([{ "op": "add", "path": format!("{upper}:costCenter"), "value": "42" }]));
    let expected = edit(user(), |d| {
        d["schemas"] = json!([urn::USER, ENT]);
        d[ENT] = json!({ "costCenter": "42" });
    });
    assert_eq!(result, expected);
}

#[test]
fn manager_removal_and_bare_id_as_entra_sends_them() {
    let cleared = ok(
        users(),
        &enterprise_user(),
        json!([{ "op": "Replace", "path": format!("{ENT}:manager"), "value": { "value": "" } }]),
        true,
    );
    assert_eq!(
        cleared,
        edit(enterprise_user(), |d| d[ENT]["manager"] =
            json!({ "value": "" }))
    );
    let bare = ok(
        users(),
        &enterprise_user(),
        json!([{ "op": "Add", "path": format!("{ENT}:manager"), "value": "u-3" }]),
        true,
    );
    assert_eq!(
        bare,
        edit(enterprise_user(), |d| d[ENT]["manager"] =
            json!({ "value": "u-3" }))
    );
}

#[test]
fn whole_urn_path_merges_the_value_object() {
    for op in ["add", "replace"] {
        let result = ok(
            users(),
            &enterprise_user(),
            json!([{ "op": op, "path": ENT, "value": { "employeeNumber": "701984", "Department": "Looms" } }]),
            false,
        );
        let expected = edit(enterprise_user(), |d| {
            d[ENT] = json!({
                "department": "Looms",
                "manager": { "value": "u-9" },
                "employeeNumber": "701984"
            });
        });
        assert_eq!(result, expected, "{op}");
    }
}

#[test]
fn a_schemas_key_naming_the_extension_is_dropped_from_its_value() {
    // What client libraries serialise: the extension object with its own `schemas`.
    let expected = edit(enterprise_user(), |d| d[ENT]["department"] = json!("X"));
    for schemas in [
        json!([ENT]),
        json!(ENT),
        json!([urn::USER, ENT.to_uppercase()]),
    ] {
        for op in ["add", "replace"] {
            let result = ok(
                users(),
                &enterprise_user(),
                json!([{ "op": op, "path": ENT, "value": { "schemas": schemas, "department": "X" } }]),
                false,
            );
            assert_eq!(result, expected, "{op} with schemas {schemas}");
        }
    }
    // The same inside a pathless value's extension object.
    let result = ok(
        users(),
        &enterprise_user(),
        json!([{ "op": "replace", "value": { ENT: { "schemas": [ENT], "department": "X" } } }]),
        false,
    );
    assert_eq!(result, expected);
}

#[test]
fn a_schemas_key_naming_something_else_is_refused() {
    for schemas in [
        json!([urn::USER]),
        json!("urn:example:other"),
        json!(7),
        json!([]),
    ] {
        user_fails(
            json!([{ "op": "replace", "path": ENT, "value": { "schemas": schemas, "department": "X" } }]),
            ScimType::InvalidValue,
        );
    }
    // Unknown attributes beside it are refused as without it.
    user_fails(
        json!([{ "op": "replace", "path": ENT, "value": { "schemas": [ENT], "nonsense": 1 } }]),
        ScimType::InvalidPath,
    );
}

#[test]
fn whole_urn_path_needs_an_object() {
    user_fails(
        json!([{ "op": "add", "path": ENT, "value": "Looms" }]),
        ScimType::InvalidValue,
    );
}

#[test]
fn removing_the_whole_extension_drops_it_from_schemas() {
    let result = ok(
        users(),
        &enterprise_user(),
        json!([{ "op": "remove", "path": ENT }]),
        false,
    );
    assert_eq!(result, user());
}

#[test]
fn removing_the_last_extension_attribute_drops_the_extension() {
    let result = ok(
        users(),
        &enterprise_user(),
        json!([
            { "op": "remove", "path": format!("{ENT}:department") },
            { "op": "remove", "path": format!("{ENT}:manager.value") }
        ]),
        false,
    );
    assert_eq!(result, user());
}

#[test]
fn removing_from_an_absent_extension_is_a_no_op() {
    let result = patch_user(json!([
        { "op": "remove", "path": format!("{ENT}:department") },
        { "op": "remove", "path": ENT }
    ]));
    assert_identical(&result, &user());
}

#[test]
fn pathless_value_with_an_extension_object() {
    let result = ok(
        users(),
        &enterprise_user(),
        json!([{ "op": "replace", "value": { "title": "Countess", ENT: { "division": "Science" } } }]),
        false,
    );
    let expected = edit(enterprise_user(), |d| {
        d["title"] = json!("Countess");
        d[ENT]["division"] = json!("Science");
    });
    assert_eq!(result, expected);
}

#[test]
fn pathless_value_with_fully_qualified_and_dotted_keys() {
    // Entra's compliant multi-attribute replace (okta-scim-behaviour §3.1).
    let ops = json!([{
        "op": "replace",
        "value": {
            "displayName": "X",
            "name.givenName": "Y",
            format!("{ENT}:employeeNumber"): "Z",
            format!("{ENT}:manager.value"): "u-2"
        }
    }]);
    let expected = edit(user(), |d| {
        d["displayName"] = json!("X");
        d["name"]["givenName"] = json!("Y");
        d["schemas"] = json!([urn::USER, ENT]);
        d[ENT] = json!({ "employeeNumber": "Z", "manager": { "value": "u-2" } });
    });
    assert_eq!(ok(users(), &user(), ops, true), expected);
}

#[test]
fn extension_errors() {
    user_fails(
        json!([{ "op": "add", "path": format!("{ENT}:shoeSize"), "value": 9 }]),
        ScimType::InvalidPath,
    );
    user_fails(
        json!([{ "op": "add", "path": ENT, "value": { "shoeSize": 9 } }]),
        ScimType::InvalidPath,
    );
    // manager.displayName is readOnly.
    user_fails(
        json!([{ "op": "replace", "path": format!("{ENT}:manager.displayName"), "value": "Bob" }]),
        ScimType::Mutability,
    );
    // Groups have no enterprise extension.
    group_fails(
        json!([{ "op": "add", "path": format!("{ENT}:department"), "value": "R&D" }]),
        ScimType::InvalidPath,
    );
    group_fails(
        json!([{ "op": "add", "path": ENT, "value": {} }]),
        ScimType::InvalidPath,
    );
}
