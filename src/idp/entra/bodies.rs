//! The JSON Entra sends: the create bodies of its SCIM endpoint tutorial, and PatchOp messages
//! in either of its two PATCH behaviours ([`EntraPatch`], docs/entra.md "PATCH").
//!
//! Entra's view of a person is the run's variables (`alice.userName`, …), as for Okta; its
//! `externalId` is a GUID (Entra's default mapping sends the directory object's id there).

use serde_json::{Map, Value, json};

use crate::protocol::EntraPatch;
use crate::protocol::Identity;
use crate::protocol::stable_hash;
use crate::protocol::urn::{ENTERPRISE_USER, GROUP, PATCH_OP, USER};

/// The schema Entra adds to the groups it creates (the tutorial's "Create Group" request).
pub const AD_GROUP_SCHEMA: &str =
    "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";

/// The path of the enterprise extension's `manager`.
pub fn manager_path() -> String {
    format!("{ENTERPRISE_USER}:manager")
}

/// A GUID derived from `seed` (stable across runs with the same seed and names).
pub fn guid(seed: &str) -> String {
    let high = stable_hash(&[seed, "entra-guid-high"]);
    let low = stable_hash(&[seed, "entra-guid-low"]);
    let bytes: Vec<u8> = high
        .to_be_bytes()
        .into_iter()
        .chain(low.to_be_bytes())
        .collect();
    let mut bytes: [u8; 16] = bytes.try_into().unwrap_or([0; 16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    uuid::Uuid::from_bytes(bytes).to_string()
}

/// The POST /Users body (the tutorial's "Create User"): both schemas, a GUID `externalId`,
/// `active`, the work email as primary, `meta.resourceType`, the name with `formatted`.
pub fn create_user(person: &Identity) -> Value {
    json!({
        "schemas": [USER, ENTERPRISE_USER],
        "externalId": guid(&person.external_id),
        "userName": person.user_name,
        "active": true,
        "displayName": person.display_name,
        "emails": [{"primary": true, "type": "work", "value": person.email}],
        "meta": {"resourceType": "User"},
        "name": {
            "formatted": format!("{} {}", person.given_name, person.family_name),
            "familyName": person.family_name,
            "givenName": person.given_name
        },
        "roles": []
    })
}

/// The POST /Groups body: the tutorial's "Create Group" without its ADSCIM schema URN and
/// without members (they follow by PATCH). The tutorial's example also lists
/// [`AD_GROUP_SCHEMA`]; RFC 7643 lets a server refuse a schema it does not know, and no report
/// of Entra's production traffic confirms the URN, so the flow does not fail a server on it
/// (docs/entra.md, "Create Group").
pub fn create_group(display_name: &str, external_id: &str) -> Value {
    json!({
        "schemas": [GROUP],
        "externalId": external_id,
        "displayName": display_name,
        "meta": {"resourceType": "Group"}
    })
}

/// A PatchOp message with these operations.
pub fn patch(operations: Vec<Value>) -> Value {
    json!({"schemas": [PATCH_OP], "Operations": operations})
}

/// An op name as the mode spells it: `Replace` without the flag, `replace` with it.
fn op(mode: EntraPatch, name: &str) -> String {
    match mode {
        EntraPatch::Flag => name.to_owned(),
        EntraPatch::Legacy => {
            let mut chars = name.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        }
    }
}

/// A boolean as the mode writes it: `"False"` without the flag, `false` with it.
fn boolean(mode: EntraPatch, value: bool) -> Value {
    match mode {
        EntraPatch::Flag => Value::Bool(value),
        EntraPatch::Legacy => Value::String(if value { "True" } else { "False" }.to_owned()),
    }
}

/// The attributes a changed person differs in, as Entra's attribute paths, in Entra's order.
pub fn changed_attributes(before: &Identity, after: &Identity) -> Vec<(&'static str, String)> {
    let fields = [
        ("userName", &before.user_name, &after.user_name),
        ("displayName", &before.display_name, &after.display_name),
        (
            "emails[type eq \"work\"].value",
            &before.email,
            &after.email,
        ),
        ("name.givenName", &before.given_name, &after.given_name),
        ("name.familyName", &before.family_name, &after.family_name),
    ];
    fields
        .into_iter()
        .filter(|(_, old, new)| old != new)
        .map(|(path, _, new)| (path, new.clone()))
        .collect()
}

/// The update of changed attributes: one `Replace` per attribute without the flag; with it,
/// one path-less `replace` whose value holds the plain attributes under their dotted paths,
/// while `userName` and the filtered email path keep ops of their own (the known-issues page's
/// before/after table, docs/entra.md "PATCH").
pub fn update(mode: EntraPatch, changes: &[(&str, String)]) -> Value {
    let operations = match mode {
        EntraPatch::Legacy => changes
            .iter()
            .map(|(path, value)| json!({"op": "Replace", "path": path, "value": value}))
            .collect(),
        EntraPatch::Flag => {
            let mut operations = Vec::new();
            let mut folded = Map::new();
            for (path, value) in changes {
                if *path == "userName" || path.contains('[') {
                    operations.push(json!({"op": "replace", "path": path, "value": value}));
                } else {
                    folded.insert((*path).to_owned(), Value::String(value.clone()));
                }
            }
            if !folded.is_empty() {
                operations.push(json!({"op": "replace", "value": folded}));
            }
            operations
        }
    };
    patch(operations)
}

/// Disable (`false`) or enable (`true`): a replace of `active`.
pub fn set_active(mode: EntraPatch, active: bool) -> Value {
    patch(vec![
        json!({"op": op(mode, "replace"), "path": "active", "value": boolean(mode, active)}),
    ])
}

/// The manager set or changed: `{"value": id}` on the enterprise `manager` path (RFC 7643
/// §4.3's shape). A plain-string value is also reported (Captain-P-Goldfish/SCIM-SDK#686);
/// Microsoft documents no manager PATCH (docs/entra.md, "Manager").
pub fn set_manager(mode: EntraPatch, manager_id: &str, first: bool) -> Value {
    let name = if first { "add" } else { "replace" };
    patch(vec![json!({
        "op": op(mode, name),
        "path": manager_path(),
        "value": {"value": manager_id}
    })])
}

/// The manager cleared: a remove of the `manager` path.
pub fn remove_manager(mode: EntraPatch) -> Value {
    patch(vec![
        json!({"op": op(mode, "remove"), "path": manager_path()}),
    ])
}

/// Members added: one `add` of `members` with a value list.
pub fn add_members(mode: EntraPatch, ids: &[String]) -> Value {
    let value: Vec<Value> = ids.iter().map(|id| member(mode, id)).collect();
    patch(vec![
        json!({"op": op(mode, "add"), "path": "members", "value": value}),
    ])
}

/// Members removed: without the flag, `Remove` on `members` with a value list; with it, one
/// `remove` per member with the filter `members[value eq "id"]`.
pub fn remove_members(mode: EntraPatch, ids: &[String]) -> Value {
    match mode {
        EntraPatch::Legacy => {
            let value: Vec<Value> = ids.iter().map(|id| member(mode, id)).collect();
            patch(vec![
                json!({"op": "Remove", "path": "members", "value": value}),
            ])
        }
        EntraPatch::Flag => patch(
            ids.iter()
                .map(|id| json!({"op": "remove", "path": format!("members[value eq \"{id}\"]")}))
                .collect(),
        ),
    }
}

/// A member reference: the tutorial's legacy examples carry `"$ref": null`.
fn member(mode: EntraPatch, id: &str) -> Value {
    match mode {
        EntraPatch::Legacy => json!({"$ref": null, "value": id}),
        EntraPatch::Flag => json!({"value": id}),
    }
}

/// The group's display name changed.
pub fn rename_group(mode: EntraPatch, display_name: &str) -> Value {
    patch(vec![
        json!({"op": op(mode, "replace"), "path": "displayName", "value": display_name}),
    ])
}
