//! Unit tests for the PATCH engine, one file per kind of target. Every test asserts the whole
//! resulting document or the exact error, and every failing PATCH is checked (in [`run`]) to leave
//! the resource byte-identical.

mod errors;
mod extension;
mod filtered;
mod multi;
mod request;
mod robustness;
mod single;
mod vendors;

use serde_json::{Value, json};

use crate::server::error::{ScimError, ScimType};
use crate::server::schema::{REGISTRY, ResourceType};
use crate::server::urn;

const ENT: &str = urn::ENTERPRISE_USER;

fn users() -> &'static ResourceType {
    &REGISTRY.user
}

fn groups() -> &'static ResourceType {
    &REGISTRY.group
}

/// A stored user, in canonical form.
fn user() -> Value {
    json!({
        "schemas": [urn::USER],
        "id": "u-1",
        "externalId": "ext-1",
        "userName": "ada",
        "name": { "givenName": "Ada", "familyName": "Lovelace" },
        "displayName": "Ada Lovelace",
        "active": true,
        "emails": [
            { "value": "ada@work.example", "type": "work", "primary": true },
            { "value": "ada@home.example", "type": "home" }
        ],
        "meta": {
            "resourceType": "User",
            "created": "2024-01-01T00:00:00Z",
            "lastModified": "2024-01-01T00:00:00Z",
            "version": "W/\"1\"",
            "location": "https://scim.example/Users/u-1"
        }
    })
}

/// A stored group with two members.
fn group() -> Value {
    json!({
        "schemas": [urn::GROUP],
        "id": "g-1",
        "displayName": "Engineering",
        "members": [
            { "value": "u-1", "display": "ada", "type": "User", "$ref": "https://scim.example/Users/u-1" },
            { "value": "u-2", "display": "bob", "type": "User" }
        ],
        "meta": {
            "resourceType": "Group",
            "created": "2024-01-01T00:00:00Z",
            "lastModified": "2024-01-01T00:00:00Z",
            "version": "W/\"1\""
        }
    })
}

/// A PatchOp message with these operations.
fn body(ops: Value) -> Value {
    json!({ "schemas": [urn::PATCH_OP], "Operations": ops })
}

/// Applies `body` to a copy of `doc`. On error, asserts that the resource was left untouched.
fn run(rt: &ResourceType, doc: &Value, body: &Value, lenient: bool) -> Result<Value, ScimError> {
    let Value::Object(mut resource) = doc.clone() else {
        panic!("fixture must be an object");
    };
    let before = serde_json::to_string(&resource).expect("serialisable");
    match super::apply(rt, &mut resource, body, lenient) {
        Ok(()) => Ok(Value::Object(resource)),
        Err(e) => {
            let after = serde_json::to_string(&resource).expect("serialisable");
            assert_eq!(
                after, before,
                "a failed PATCH must leave the resource untouched"
            );
            Err(e)
        }
    }
}

/// The result of a PATCH that must succeed.
fn ok(rt: &ResourceType, doc: &Value, ops: Value, lenient: bool) -> Value {
    match run(rt, doc, &body(ops), lenient) {
        Ok(v) => v,
        Err(e) => panic!("PATCH should succeed: {}", e.detail),
    }
}

/// Strict-mode PATCH on the user fixture.
fn patch_user(ops: Value) -> Value {
    ok(users(), &user(), ops, false)
}

/// Strict-mode PATCH on the group fixture.
fn patch_group(ops: Value) -> Value {
    ok(groups(), &group(), ops, false)
}

/// The error of a PATCH that must fail, asserting status 400 and its `scimType`.
fn fails(rt: &ResourceType, doc: &Value, body: &Value, lenient: bool, kind: ScimType) -> String {
    match run(rt, doc, body, lenient) {
        Ok(v) => panic!("PATCH should fail with {kind:?}, got {v}"),
        Err(e) => {
            assert_eq!(e.scim_type, Some(kind), "{}", e.detail);
            assert_eq!(e.status.as_u16(), 400);
            e.detail
        }
    }
}

/// Strict-mode failure on the user fixture.
fn user_fails(ops: Value, kind: ScimType) -> String {
    fails(users(), &user(), &body(ops), false, kind)
}

/// Strict-mode failure on the group fixture.
fn group_fails(ops: Value, kind: ScimType) -> String {
    fails(groups(), &group(), &body(ops), false, kind)
}

/// `doc` changed by `f`: how the tests state the exact expected document.
fn edit(doc: Value, f: impl FnOnce(&mut Value)) -> Value {
    let mut doc = doc;
    f(&mut doc);
    doc
}

/// Removes `key` from the object `v` (test helper).
fn drop_key(v: &mut Value, key: &str) {
    v.as_object_mut().expect("an object").shift_remove(key);
}

/// Asserts two documents are equal as text, key order included (what "unchanged" means).
fn assert_identical(a: &Value, b: &Value) {
    assert_eq!(a.to_string(), b.to_string());
}
