//! Whole requests as Okta and Entra send them (okta-scim-behaviour §1.5, §1.8, §3.1) and the
//! checklist's §5.1 example, each asserted on the exact resulting document.

use serde_json::json;

use super::*;

#[test]
fn okta_deactivation() {
    // Checklist §5.4 case 1; okta-scim-behaviour §1.5.
    let body = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [ { "op": "replace", "value": { "active": false } } ]
    });
    for lenient in [false, true] {
        let result = run(users(), &user(), &body, lenient).expect("accepted");
        assert_eq!(result, edit(user(), |d| d["active"] = json!(false)));
    }
}

#[test]
fn okta_membership_change() {
    // okta-scim-behaviour §1.8 (c): one remove per member, adds batched.
    let ops = json!([
        { "op": "remove", "path": "members[value eq \"u-2\"]" },
        { "op": "add", "path": "members",
          "value": [ { "value": "5f0c3c9e-7d1e-4f77-9a53-3c2b6c1d2e10", "display": "alice@example.com" } ] }
    ]);
    let expected = edit(group(), |d| {
        d["members"] = json!([
            { "value": "u-1", "display": "ada", "type": "User", "$ref": "https://scim.example/Users/u-1" },
            { "value": "5f0c3c9e-7d1e-4f77-9a53-3c2b6c1d2e10", "display": "alice@example.com" }
        ]);
    });
    assert_eq!(patch_group(ops), expected);
}

#[test]
fn okta_full_membership_replace() {
    let ops = json!([{ "op": "replace", "path": "members", "value": [{ "value": "u-3" }, { "value": "u-1" }] }]);
    let expected = edit(group(), |d| {
        d["members"] = json!([{ "value": "u-3" }, { "value": "u-1" }])
    });
    assert_eq!(patch_group(ops), expected);
}

#[test]
fn okta_group_rename_with_the_id_in_the_value() {
    // okta-scim-behaviour §1.8 (d).
    let ops =
        json!([{ "op": "replace", "value": { "id": "g-1", "displayName": "Engineering (EMEA)" } }]);
    let expected = edit(group(), |d| d["displayName"] = json!("Engineering (EMEA)"));
    assert_eq!(patch_group(ops), expected);
    // Okta sends the rename even when the name did not change: nothing changes.
    let same = json!([{ "op": "replace", "value": { "id": "g-1", "displayName": "Engineering" } }]);
    assert_identical(&patch_group(same), &group());
    let detail = group_fails(
        json!([{ "op": "replace", "value": { "id": "g-2", "displayName": "Other" } }]),
        ScimType::Mutability,
    );
    assert_eq!(
        detail,
        "Operations[0] (replace): \"id\" is readOnly and cannot be modified"
    );
}

#[test]
fn entra_user_update() {
    // okta-scim-behaviour §3.1: capitalised ops, filter paths, the string "False".
    let ops = json!([
        { "op": "Replace", "path": "emails[type eq \"work\"].value", "value": "ada.l@work.example" },
        { "op": "Replace", "path": "active", "value": "False" },
        { "op": "Add", "path": "title", "value": "Countess" },
        { "op": "Remove", "path": "name.familyName" }
    ]);
    let expected = edit(user(), |d| {
        d["emails"][0]["value"] = json!("ada.l@work.example");
        // Coerced to `false` later by the normaliser, not here.
        d["active"] = json!("False");
        d["title"] = json!("Countess");
        drop_key(&mut d["name"], "familyName");
    });
    assert_eq!(ok(users(), &user(), ops.clone(), true), expected);
    fails(users(), &user(), &body(ops), false, ScimType::InvalidValue);
}

#[test]
fn entra_membership_add_and_remove() {
    let ops = json!([
        { "op": "Add", "path": "members", "value": [{ "$ref": null, "value": "u-3" }] },
        { "op": "Remove", "path": "members", "value": [{ "value": "u-1" }] }
    ]);
    let expected = edit(group(), |d| {
        d["members"] = json!([
            { "value": "u-2", "display": "bob", "type": "User" },
            { "value": "u-3" }
        ]);
    });
    assert_eq!(ok(groups(), &group(), ops, true), expected);
}

#[test]
fn checklist_request_example() {
    // Checklist §5.1, applied as one request.
    let ops = json!([
        { "op": "replace", "path": "name.givenName", "value": "Ada" },
        { "op": "add", "path": "emails", "value": [ { "value": "ada@home.example", "type": "home" } ] },
        { "op": "remove", "path": "phoneNumbers[type eq \"fax\"]" },
        { "op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "R&D" },
        { "op": "replace", "value": { "active": false, "displayName": "Ada L." } }
    ]);
    let doc = edit(user(), |d| {
        d["name"]["givenName"] = json!("Augusta");
        d["phoneNumbers"] =
            json!([{ "value": "1", "type": "fax" }, { "value": "2", "type": "work" }]);
    });
    let expected = edit(user(), |d| {
        d["schemas"] = json!([urn::USER, ENT]);
        d["displayName"] = json!("Ada L.");
        d["active"] = json!(false);
        d["phoneNumbers"] = json!([{ "value": "2", "type": "work" }]);
        d[ENT] = json!({ "department": "R&D" });
    });
    assert_eq!(ok(users(), &doc, ops, false), expected);
}
