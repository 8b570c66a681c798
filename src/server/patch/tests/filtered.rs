//! Value-filter paths (`attr[filter]`, `attr[filter].sub`) and sub-attributes of every element
//! (`attr.sub`): checklist §5.2 rows "valuePath" and "valuePath + sub", §5.4 cases 2–4 and 9.

use serde_json::json;

use super::*;

const WORK: &str = "ada@work.example";
const HOME: &str = "ada@home.example";

#[test]
fn remove_member_by_filter() {
    // Checklist §5.4 case 2 / Okta's per-member remove.
    let result = patch_group(json!([{ "op": "remove", "path": "members[value eq \"u-2\"]" }]));
    let expected = edit(group(), |d| {
        d["members"].as_array_mut().expect("array").remove(1);
    });
    assert_eq!(result, expected);
    let both = patch_group(json!([
        { "op": "remove", "path": "members[value eq \"u-2\"]" },
        { "op": "remove", "path": "members[value eq \"u-1\"]" }
    ]));
    assert_eq!(both, edit(group(), |d| drop_key(d, "members")));
}

#[test]
fn remove_of_a_non_member_by_filter_changes_nothing() {
    // Checklist §5.4 case 3.
    let result = patch_group(json!([{ "op": "remove", "path": "members[value eq \"u-9\"]" }]));
    assert_identical(&result, &group());
}

#[test]
fn replace_of_a_sub_attribute_with_no_match_is_no_target() {
    // Checklist §5.4 case 4.
    let detail = user_fails(
        json!([{ "op": "replace", "path": "emails[type eq \"nonexistent\"].value", "value": "x@y.org" }]),
        ScimType::NoTarget,
    );
    assert_eq!(
        detail,
        "Operations[0] (replace): \"emails[type eq \"nonexistent\"].value\" matches no value"
    );
}

#[test]
fn replace_of_a_sub_attribute_sets_it_on_matches() {
    let result = patch_user(json!([{
        "op": "replace", "path": "emails[type eq \"work\"].value", "value": "lovelace@work.example"
    }]));
    let expected = edit(user(), |d| {
        d["emails"][0]["value"] = json!("lovelace@work.example")
    });
    assert_eq!(result, expected);
}

#[test]
fn replace_of_matching_elements_uses_the_given_element() {
    let result = patch_user(json!([{
        "op": "replace", "path": "emails[type eq \"home\"]",
        "value": { "value": "ada@cottage.example", "Type": "home" }
    }]));
    let expected = edit(user(), |d| {
        d["emails"][1] = json!({ "value": "ada@cottage.example", "type": "home" });
    });
    assert_eq!(result, expected);
}

#[test]
fn replace_of_elements_with_no_match_is_no_target() {
    user_fails(
        json!([{ "op": "replace", "path": "emails[type eq \"other\"]", "value": { "value": "o@x.org" } }]),
        ScimType::NoTarget,
    );
}

#[test]
fn remove_of_a_sub_attribute_from_matches() {
    let result = patch_user(
        json!([{ "op": "remove", "path": "emails[value eq \"ada@home.example\"].type" }]),
    );
    let expected = edit(user(), |d| drop_key(&mut d["emails"][1], "type"));
    assert_eq!(result, expected);
}

#[test]
fn add_through_a_filter_merges_into_matches() {
    let result = patch_user(json!([{
        "op": "add", "path": "emails[type eq \"home\"]", "value": { "display": "Home" }
    }]));
    let expected = edit(user(), |d| d["emails"][1]["display"] = json!("Home"));
    assert_eq!(result, expected);
}

#[test]
fn add_through_a_filter_with_no_match_builds_an_element_from_the_filter() {
    let result = patch_user(json!([{
        "op": "add", "path": "emails[type eq \"other\"]", "value": { "value": "o@x.org" }
    }]));
    let expected = edit(user(), |d| {
        d["emails"]
            .as_array_mut()
            .expect("array")
            .push(json!({ "type": "other", "value": "o@x.org" }));
    });
    assert_eq!(result, expected);
}

#[test]
fn entra_add_of_a_filtered_sub_attribute_creates_the_element_when_lenient() {
    let without_work = edit(user(), |d| {
        d["emails"].as_array_mut().expect("array").remove(0);
    });
    let ops = json!([{ "op": "Add", "path": "emails[type eq \"work\"].value", "value": "ada@work.example" }]);
    let result = ok(users(), &without_work, ops.clone(), true);
    let expected = edit(without_work.clone(), |d| {
        d["emails"]
            .as_array_mut()
            .expect("array")
            .push(json!({ "type": "work", "value": "ada@work.example" }));
    });
    assert_eq!(result, expected);
    let strict =
        json!([{ "op": "add", "path": "emails[type eq \"work\"].value", "value": "w@x.org" }]);
    fails(
        users(),
        &without_work,
        &body(strict),
        false,
        ScimType::NoTarget,
    );
}

#[test]
fn entra_replace_of_a_filtered_sub_attribute() {
    let ops = json!([{ "op": "Replace", "path": "emails[type eq \"work\"].value", "value": "new@work.example" }]);
    let result = ok(users(), &user(), ops, true);
    let expected = edit(user(), |d| {
        d["emails"][0]["value"] = json!("new@work.example")
    });
    assert_eq!(result, expected);
}

#[test]
fn creating_an_element_needs_eq_conditions() {
    user_fails(
        json!([{
            "op": "add", "path": "emails[type eq \"other\" or type eq \"pager\"]",
            "value": { "value": "o@x.org" }
        }]),
        ScimType::NoTarget,
    );
    user_fails(
        json!([{ "op": "add", "path": "emails[display pr]", "value": { "value": "o@x.org" } }]),
        ScimType::NoTarget,
    );
}

#[test]
fn setting_primary_through_a_filter_demotes_the_previous_primary() {
    // Checklist §5.4 case 9.
    let result = patch_user(json!([{
        "op": "replace", "path": "emails[value eq \"ada@home.example\"].primary", "value": true
    }]));
    let expected = edit(user(), |d| {
        d["emails"] = json!([
            { "value": WORK, "type": "work", "primary": false },
            { "value": HOME, "type": "home", "primary": true }
        ]);
    });
    assert_eq!(result, expected);
}

#[test]
fn setting_primary_on_two_elements_is_invalid() {
    user_fails(
        json!([{ "op": "replace", "path": "emails[value co \"@\"].primary", "value": true }]),
        ScimType::InvalidValue,
    );
}

#[test]
fn a_sub_attribute_without_filter_addresses_every_element() {
    let result = patch_user(json!([{ "op": "replace", "path": "emails.display", "value": "Ada" }]));
    let expected = edit(user(), |d| {
        d["emails"][0]["display"] = json!("Ada");
        d["emails"][1]["display"] = json!("Ada");
    });
    assert_eq!(result, expected);
    let removed = patch_user(json!([{ "op": "remove", "path": "emails.type" }]));
    let expected = edit(user(), |d| {
        drop_key(&mut d["emails"][0], "type");
        drop_key(&mut d["emails"][1], "type");
    });
    assert_eq!(removed, expected);
    let created = patch_user(json!([{ "op": "add", "path": "ims.value", "value": "ada-chat" }]));
    assert_eq!(
        created,
        edit(user(), |d| d["ims"] = json!([{ "value": "ada-chat" }]))
    );
}

#[test]
fn removing_the_only_sub_attribute_drops_the_element() {
    let doc =
        edit(
            user(),
            |d| d["ims"] = json!([{ "value": "ada-chat" }, { "value": "ada2", "type": "xmpp" }]),
        );
    let result = ok(
        users(),
        &doc,
        json!([{ "op": "remove", "path": "ims[value eq \"ada-chat\"].value" }]),
        false,
    );
    assert_eq!(
        result,
        edit(doc, |d| d["ims"] =
            json!([{ "value": "ada2", "type": "xmpp" }]))
    );
}

#[test]
fn immutable_member_sub_attributes_cannot_be_replaced() {
    let detail = group_fails(
        json!([{ "op": "replace", "path": "members[value eq \"u-1\"].value", "value": "u-7" }]),
        ScimType::Mutability,
    );
    assert_eq!(
        detail,
        "Operations[0] (replace): \"members[value eq \"u-1\"].value\": \"value\" is immutable and already has a value"
    );
    group_fails(
        json!([{ "op": "replace", "path": "members[value eq \"u-1\"].type", "value": "Group" }]),
        ScimType::Mutability,
    );
    group_fails(
        json!([{ "op": "replace", "path": "members[value eq \"u-1\"]", "value": { "value": "u-7" } }]),
        ScimType::Mutability,
    );
    group_fails(
        json!([{ "op": "remove", "path": "members[value eq \"u-1\"].type" }]),
        ScimType::Mutability,
    );
}

#[test]
fn replacing_a_member_element_keeps_its_immutable_sub_attributes() {
    let result = patch_group(json!([{
        "op": "replace", "path": "members[value eq \"u-1\"]", "value": { "value": "u-1", "display": "Ada" }
    }]));
    let expected = edit(group(), |d| {
        d["members"][0] = json!({
            "value": "u-1", "display": "Ada", "type": "User", "$ref": "https://scim.example/Users/u-1"
        });
    });
    assert_eq!(result, expected);
    // Restating the same member changes nothing.
    let same = patch_group(json!([{
        "op": "replace", "path": "members[value eq \"u-2\"]",
        "value": { "value": "u-2", "display": "bob", "type": "User" }
    }]));
    assert_identical(&same, &group());
}

#[test]
fn an_immutable_sub_attribute_without_a_value_may_be_set() {
    // u-2 has no `$ref`: RFC 7644 §3.5.2 allows setting an immutable attribute that has no value.
    let result = patch_group(json!([{
        "op": "add", "path": "members[value eq \"u-2\"].$ref", "value": "https://scim.example/Users/u-2"
    }]));
    let expected = edit(group(), |d| {
        d["members"][1]["$ref"] = json!("https://scim.example/Users/u-2")
    });
    assert_eq!(result, expected);
}

#[test]
fn a_member_s_display_is_the_client_s_to_change() {
    // `display` is readWrite: stored as the client wrote it, so the client may change it.
    let result = patch_group(
        json!([{ "op": "replace", "path": "members[value eq \"u-1\"].display", "value": "Ada L." }]),
    );
    assert_eq!(
        result,
        edit(group(), |d| d["members"][0]["display"] = json!("Ada L."))
    );
}

#[test]
fn filters_are_checked_against_the_sub_attributes() {
    user_fails(
        json!([{ "op": "remove", "path": "emails[colour eq \"red\"]" }]),
        ScimType::InvalidFilter,
    );
    user_fails(
        json!([{ "op": "remove", "path": "emails[type eq ]" }]),
        ScimType::InvalidFilter,
    );
    user_fails(
        json!([{ "op": "replace", "path": "emails[type eq \"work\"].colour", "value": "red" }]),
        ScimType::InvalidPath,
    );
}

#[test]
fn a_filter_needs_a_multi_valued_complex_attribute() {
    let detail = user_fails(
        json!([{ "op": "replace", "path": "name[givenName eq \"Ada\"].familyName", "value": "K" }]),
        ScimType::InvalidPath,
    );
    assert!(
        detail.ends_with("a value filter needs a multi-valued complex attribute"),
        "{detail}"
    );
}
