//! Single-valued attributes, sub-attributes and complex attributes, with and without a path
//! (checklist §5.2 rows "no path", "single-valued simple", "complex single", "sub-attr",
//! "attribute not present").

use serde_json::json;

use super::*;

#[test]
fn replace_sets_a_simple_attribute() {
    let result = patch_user(json!([{ "op": "replace", "path": "displayName", "value": "Ada L." }]));
    assert_eq!(result, edit(user(), |d| d["displayName"] = json!("Ada L.")));
}

#[test]
fn add_sets_an_absent_attribute_and_overwrites_a_present_one() {
    let result = patch_user(json!([
        { "op": "add", "path": "title", "value": "Countess" },
        { "op": "add", "path": "displayName", "value": "A. Lovelace" }
    ]));
    let expected = edit(user(), |d| {
        d["title"] = json!("Countess");
        d["displayName"] = json!("A. Lovelace");
    });
    assert_eq!(result, expected);
}

#[test]
fn replace_of_an_absent_attribute_acts_as_add() {
    let result = patch_user(json!([{ "op": "replace", "path": "nickName", "value": "Ada" }]));
    assert_eq!(result, edit(user(), |d| d["nickName"] = json!("Ada")));
}

#[test]
fn remove_unsets_a_simple_attribute() {
    let result = patch_user(json!([{ "op": "remove", "path": "displayName" }]));
    assert_eq!(result, edit(user(), |d| drop_key(d, "displayName")));
}

#[test]
fn remove_of_an_absent_attribute_is_a_no_op() {
    let result = patch_user(json!([
        { "op": "remove", "path": "title" },
        { "op": "remove", "path": "name.middleName" },
        { "op": "remove", "path": "addresses" }
    ]));
    assert_identical(&result, &user());
}

#[test]
fn setting_the_current_value_leaves_the_document_identical() {
    let result = patch_user(json!([
        { "op": "replace", "path": "userName", "value": "ada" },
        { "op": "add", "path": "name.givenName", "value": "Ada" },
        { "op": "replace", "value": { "active": true } }
    ]));
    assert_identical(&result, &user());
}

#[test]
fn attribute_names_are_case_insensitive_and_written_canonically() {
    let result = patch_user(json!([
        { "op": "replace", "path": "DISPLAYNAME", "value": "Ada L." },
        { "op": "replace", "path": "Name.GivenName", "value": "Augusta" },
        { "op": "add", "path": "preferredlanguage", "value": "en-GB" }
    ]));
    let expected = edit(user(), |d| {
        d["displayName"] = json!("Ada L.");
        d["name"]["givenName"] = json!("Augusta");
        d["preferredLanguage"] = json!("en-GB");
    });
    assert_eq!(result, expected);
}

#[test]
fn fully_qualified_core_attributes_resolve() {
    let result = patch_user(json!([
        { "op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User:userName", "value": "augusta" },
        { "op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User:name.familyName", "value": "King" }
    ]));
    let expected = edit(user(), |d| {
        d["userName"] = json!("augusta");
        d["name"]["familyName"] = json!("King");
    });
    assert_eq!(result, expected);
}

#[test]
fn sub_attribute_replace_leaves_siblings_alone() {
    let result =
        patch_user(json!([{ "op": "replace", "path": "name.givenName", "value": "Augusta" }]));
    let expected = edit(user(), |d| d["name"]["givenName"] = json!("Augusta"));
    assert_eq!(result, expected);
    assert_eq!(
        result["name"],
        json!({ "givenName": "Augusta", "familyName": "Lovelace" })
    );
}

#[test]
fn sub_attribute_add_creates_the_parent() {
    let without_name = edit(user(), |d| drop_key(d, "name"));
    let result = ok(
        users(),
        &without_name,
        json!([{ "op": "add", "path": "name.familyName", "value": "Lovelace" }]),
        false,
    );
    let expected = edit(without_name, |d| {
        d["name"] = json!({ "familyName": "Lovelace" })
    });
    assert_eq!(result, expected);
}

#[test]
fn removing_the_last_sub_attribute_removes_the_parent() {
    let result = patch_user(json!([
        { "op": "remove", "path": "name.givenName" },
        { "op": "remove", "path": "name.familyName" }
    ]));
    assert_eq!(result, edit(user(), |d| drop_key(d, "name")));
    let one = patch_user(json!([{ "op": "remove", "path": "name.givenName" }]));
    assert_eq!(one, edit(user(), |d| drop_key(&mut d["name"], "givenName")));
}

#[test]
fn complex_replace_and_add_merge_sub_attributes() {
    for op in ["replace", "add"] {
        let result = patch_user(json!([{
            "op": op, "path": "name",
            "value": { "GivenName": "Augusta", "middleName": "Ada", "honorificPrefix": "Countess" }
        }]));
        let expected = edit(user(), |d| {
            d["name"] = json!({
                "givenName": "Augusta", "familyName": "Lovelace",
                "middleName": "Ada", "honorificPrefix": "Countess"
            });
        });
        assert_eq!(result, expected, "{op}");
    }
}

#[test]
fn complex_merge_with_null_unassigns_that_sub_attribute() {
    let result = patch_user(json!([{
        "op": "replace", "path": "name", "value": { "familyName": null, "formatted": "Ada" }
    }]));
    let expected = edit(user(), |d| {
        d["name"] = json!({ "givenName": "Ada", "formatted": "Ada" })
    });
    assert_eq!(result, expected);
}

#[test]
fn complex_remove_unsets_the_whole_attribute() {
    let result = patch_user(json!([{ "op": "remove", "path": "name" }]));
    assert_eq!(result, edit(user(), |d| drop_key(d, "name")));
}

#[test]
fn complex_single_needs_an_object() {
    let detail = user_fails(
        json!([{ "op": "replace", "path": "name", "value": "Ada Lovelace" }]),
        ScimType::InvalidValue,
    );
    assert_eq!(
        detail,
        "Operations[0] (replace): \"name\" is complex: its value must be an object, got \"Ada Lovelace\""
    );
}

#[test]
fn replace_with_null_unassigns() {
    let result = patch_user(json!([{ "op": "replace", "path": "displayName", "value": null }]));
    assert_eq!(result, edit(user(), |d| drop_key(d, "displayName")));
}

#[test]
fn pathless_replace_sets_each_listed_attribute() {
    // The checklist §5.1 example's last operation.
    let result = patch_user(json!([{
        "op": "replace", "value": { "active": false, "displayName": "Ada L." }
    }]));
    let expected = edit(user(), |d| {
        d["active"] = json!(false);
        d["displayName"] = json!("Ada L.");
    });
    assert_eq!(result, expected);
}

#[test]
fn pathless_add_merges_complex_values_and_appends_multi_valued_ones() {
    let result = patch_user(json!([{
        "op": "add",
        "value": {
            "name": { "middleName": "Augusta" },
            "emails": [{ "value": "ada@other.example", "type": "other" }],
            "Title": "Countess"
        }
    }]));
    let expected = edit(user(), |d| {
        d["name"]["middleName"] = json!("Augusta");
        d["emails"]
            .as_array_mut()
            .expect("array")
            .push(json!({ "value": "ada@other.example", "type": "other" }));
        d["title"] = json!("Countess");
    });
    assert_eq!(result, expected);
}

#[test]
fn pathless_replace_of_a_multi_valued_attribute_replaces_it() {
    let result = patch_user(json!([{
        "op": "replace", "value": { "emails": [{ "value": "a@new.example" }] }
    }]));
    let expected = edit(user(), |d| {
        d["emails"] = json!([{ "value": "a@new.example" }])
    });
    assert_eq!(result, expected);
}

#[test]
fn pathless_schemas_key_is_ignored() {
    let result = patch_user(json!([{
        "op": "replace", "value": { "schemas": ["urn:example:bogus"], "title": "Countess" }
    }]));
    assert_eq!(result, edit(user(), |d| d["title"] = json!("Countess")));
}

#[test]
fn pathless_value_must_be_an_object() {
    let detail = user_fails(
        json!([{ "op": "replace", "value": "inactive" }]),
        ScimType::InvalidValue,
    );
    assert!(
        detail.contains("the value must be an object of attributes"),
        "{detail}"
    );
    user_fails(
        json!([{ "op": "add", "value": [{ "active": false }] }]),
        ScimType::InvalidValue,
    );
}

#[test]
fn pathless_empty_object_changes_nothing() {
    assert_identical(&patch_user(json!([{ "op": "add", "value": {} }])), &user());
}

#[test]
fn core_schema_urn_as_path_is_like_no_path() {
    let result = patch_user(json!([{
        "op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User",
        "value": { "title": "Countess" }
    }]));
    assert_eq!(result, edit(user(), |d| d["title"] = json!("Countess")));
    user_fails(
        json!([{ "op": "remove", "path": "urn:ietf:params:scim:schemas:core:2.0:User" }]),
        ScimType::NoTarget,
    );
}

#[test]
fn external_id_and_password_are_writable() {
    let result = patch_user(json!([
        { "op": "replace", "path": "externalId", "value": "ext-2" },
        { "op": "add", "path": "password", "value": "s3cret!" }
    ]));
    let expected = edit(user(), |d| {
        d["externalId"] = json!("ext-2");
        d["password"] = json!("s3cret!");
    });
    assert_eq!(result, expected);
}
