//! Multi-valued attributes addressed without a filter (checklist §5.2 row "multi-valued, no
//! filter"), duplicate handling, the lenient member-list remove, and `primary` uniqueness.

use serde_json::json;

use super::*;

const WORK: &str = "ada@work.example";
const HOME: &str = "ada@home.example";

fn emails(doc: &mut serde_json::Value) -> &mut Vec<serde_json::Value> {
    doc["emails"].as_array_mut().expect("emails array")
}

#[test]
fn add_appends_to_the_array() {
    let result = patch_user(json!([{
        "op": "add", "path": "emails",
        "value": [{ "value": "ada@other.example", "type": "other" }]
    }]));
    let expected = edit(user(), |d| {
        emails(d).push(json!({ "value": "ada@other.example", "type": "other" }));
    });
    assert_eq!(result, expected);
}

#[test]
fn add_wraps_a_single_value_and_canonicalises_keys() {
    let result = patch_user(json!([{
        "op": "add", "path": "Emails", "value": { "Value": "ada@other.example", "TYPE": "other" }
    }]));
    let expected = edit(user(), |d| {
        emails(d).push(json!({ "value": "ada@other.example", "type": "other" }));
    });
    assert_eq!(result, expected);
}

#[test]
fn add_to_an_absent_attribute_creates_it() {
    let result = patch_user(json!([{
        "op": "add", "path": "phoneNumbers", "value": [{ "value": "+44 20 7946 0000", "type": "work" }]
    }]));
    let expected = edit(user(), |d| {
        d["phoneNumbers"] = json!([{ "value": "+44 20 7946 0000", "type": "work" }]);
    });
    assert_eq!(result, expected);
}

#[test]
fn add_of_a_present_value_changes_nothing() {
    let result = patch_user(json!([{
        "op": "add", "path": "emails", "value": [{ "value": HOME, "type": "home" }]
    }]));
    assert_identical(&result, &user());
}

#[test]
fn add_skips_duplicates_within_the_value() {
    let result = patch_user(json!([{
        "op": "add", "path": "emails",
        "value": [{ "value": "x@example.org" }, { "value": "x@example.org" }, null]
    }]));
    let expected = edit(user(), |d| {
        emails(d).push(json!({ "value": "x@example.org" }))
    });
    assert_eq!(result, expected);
}

#[test]
fn a_bare_string_for_a_complex_multi_valued_attribute_is_its_value() {
    let result = patch_user(json!([{ "op": "add", "path": "emails", "value": "x@example.org" }]));
    let expected = edit(user(), |d| {
        emails(d).push(json!({ "value": "x@example.org" }))
    });
    assert_eq!(result, expected);
    user_fails(
        json!([{ "op": "add", "path": "emails", "value": [42] }]),
        ScimType::InvalidValue,
    );
}

#[test]
fn replace_replaces_the_whole_array() {
    let result = patch_user(json!([{
        "op": "replace", "path": "emails", "value": [{ "value": "new@example.org", "type": "work" }]
    }]));
    let expected = edit(user(), |d| {
        d["emails"] = json!([{ "value": "new@example.org", "type": "work" }]);
    });
    assert_eq!(result, expected);
}

#[test]
fn replace_with_an_empty_array_unassigns() {
    let result = patch_user(json!([{ "op": "replace", "path": "emails", "value": [] }]));
    assert_eq!(result, edit(user(), |d| drop_key(d, "emails")));
}

#[test]
fn remove_removes_all_values() {
    let result = patch_user(json!([{ "op": "remove", "path": "emails" }]));
    assert_eq!(result, edit(user(), |d| drop_key(d, "emails")));
}

#[test]
fn add_members_appends_new_members() {
    // Okta's batched add (okta-scim-behaviour §1.8 (c)).
    let result = patch_group(json!([{
        "op": "add", "path": "members",
        "value": [
            { "value": "u-3", "display": "carol@example.com" },
            { "value": "u-4", "display": "dan@example.com" }
        ]
    }]));
    let expected = edit(group(), |d| {
        let members = d["members"].as_array_mut().expect("array");
        members.push(json!({ "value": "u-3", "display": "carol@example.com" }));
        members.push(json!({ "value": "u-4", "display": "dan@example.com" }));
    });
    assert_eq!(result, expected);
}

#[test]
fn adding_an_existing_member_changes_nothing() {
    // Checklist §5.4 case 8: same `value`, whatever `display` the client sends.
    let result = patch_group(json!([{
        "op": "add", "path": "members", "value": [{ "value": "u-2", "display": "Bob B." }]
    }]));
    assert_identical(&result, &group());
}

#[test]
fn member_bare_strings_and_null_refs_are_normalised() {
    // MS reference Postman: a bare id; Entra: `"$ref": null`.
    let result = patch_group(json!([
        { "op": "add", "path": "members", "value": "u-3" },
        { "op": "add", "path": "members", "value": [{ "$ref": null, "value": "u-4" }] }
    ]));
    let expected = edit(group(), |d| {
        let members = d["members"].as_array_mut().expect("array");
        members.push(json!({ "value": "u-3" }));
        members.push(json!({ "value": "u-4" }));
    });
    assert_eq!(result, expected);
}

#[test]
fn replace_members_replaces_the_membership() {
    // Okta's full re-push.
    let result = patch_group(json!([{
        "op": "replace", "path": "members",
        "value": [{ "value": "u-2", "display": "bob" }, { "value": "u-5" }, { "value": "u-5" }]
    }]));
    let expected = edit(group(), |d| {
        d["members"] = json!([{ "value": "u-2", "display": "bob" }, { "value": "u-5" }]);
    });
    assert_eq!(result, expected);
}

#[test]
fn strict_remove_of_members_with_a_value_list_removes_all() {
    let result = patch_group(json!([{
        "op": "remove", "path": "members", "value": [{ "value": "u-2" }]
    }]));
    assert_eq!(result, edit(group(), |d| drop_key(d, "members")));
}

#[test]
fn lenient_remove_of_members_with_a_value_list_removes_only_those() {
    // Entra / Salesforce (checklist §5.3).
    let ops = json!([{
        "op": "Remove", "path": "members", "value": [{ "value": "u-2", "display": "whoever" }]
    }]);
    let result = ok(groups(), &group(), ops, true);
    let expected = edit(group(), |d| {
        d["members"].as_array_mut().expect("array").remove(1);
    });
    assert_eq!(result, expected);
    let all = json!([{ "op": "remove", "path": "members", "value": ["u-1", { "value": "u-2" }] }]);
    assert_eq!(
        ok(groups(), &group(), all, true),
        edit(group(), |d| drop_key(d, "members"))
    );
}

#[test]
fn lenient_remove_of_a_non_member_changes_nothing() {
    let ops = json!([{ "op": "remove", "path": "members", "value": [{ "value": "u-9" }] }]);
    assert_identical(&ok(groups(), &group(), ops, true), &group());
}

#[test]
fn lenient_remove_with_a_value_list_matches_other_attributes_by_sub_attributes() {
    let ops = json!([{ "op": "remove", "path": "emails", "value": [{ "value": HOME }] }]);
    let result = ok(users(), &user(), ops, true);
    assert_eq!(
        result,
        edit(user(), |d| {
            emails(d).remove(1);
        })
    );
}

#[test]
fn adding_a_primary_value_demotes_the_previous_primary() {
    let result = patch_user(json!([{
        "op": "add", "path": "emails",
        "value": [{ "value": "new@example.org", "type": "work", "primary": true }]
    }]));
    let expected = edit(user(), |d| {
        d["emails"] = json!([
            { "value": WORK, "type": "work", "primary": false },
            { "value": HOME, "type": "home" },
            { "value": "new@example.org", "type": "work", "primary": true }
        ]);
    });
    assert_eq!(result, expected);
}

#[test]
fn a_primary_given_as_a_string_counts() {
    let result = ok(
        users(),
        &user(),
        json!([{ "op": "Add", "path": "emails", "value": [{ "value": "n@x.org", "primary": "True" }] }]),
        true,
    );
    let expected = edit(user(), |d| {
        d["emails"][0]["primary"] = json!(false);
        emails(d).push(json!({ "value": "n@x.org", "primary": "True" }));
    });
    assert_eq!(result, expected);
}

#[test]
fn two_primaries_in_one_operation_are_invalid() {
    let detail = user_fails(
        json!([{
            "op": "replace", "path": "emails",
            "value": [{ "value": "a@x.org", "primary": true }, { "value": "b@x.org", "primary": true }]
        }]),
        ScimType::InvalidValue,
    );
    assert_eq!(
        detail,
        "Operations[0] (replace): \"emails\": at most one value may be primary"
    );
}

#[test]
fn adding_a_non_primary_value_keeps_the_primary() {
    let result = patch_user(json!([{
        "op": "add", "path": "emails", "value": [{ "value": "n@x.org", "primary": false }]
    }]));
    let expected = edit(user(), |d| {
        emails(d).push(json!({ "value": "n@x.org", "primary": false }))
    });
    assert_eq!(result, expected);
}

#[test]
fn large_groups_are_handled_in_linear_time() {
    // Okta re-pushes whole memberships; duplicate checks must not be quadratic.
    let ids: Vec<serde_json::Value> = (0..20_000)
        .map(|i| json!({ "value": format!("m-{i}") }))
        .collect();
    let mut doubled = ids.clone();
    doubled.extend(ids.iter().cloned());
    let started = std::time::Instant::now();
    let replaced = patch_group(json!([{ "op": "replace", "path": "members", "value": doubled }]));
    assert_eq!(replaced["members"], json!(ids));
    let ops = json!([
        { "op": "add", "path": "members", "value": ids },
        { "op": "remove", "path": "members[value eq \"m-7\"]" }
    ]);
    let result = ok(groups(), &replaced, ops, false);
    let members = result["members"].as_array().expect("array");
    assert_eq!(members.len(), 19_999);
    assert!(!members.contains(&json!({ "value": "m-7" })));
    let listed: Vec<serde_json::Value> = (0..10_000)
        .map(|i| json!({ "value": format!("m-{i}") }))
        .collect();
    let ops = json!([{ "op": "remove", "path": "members", "value": listed }]);
    let halved = ok(groups(), &result, ops, true);
    assert_eq!(halved["members"].as_array().expect("array").len(), 10_000);
    assert_eq!(halved["members"][0], json!({ "value": "m-10000" }));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}
