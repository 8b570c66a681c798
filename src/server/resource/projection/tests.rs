use serde_json::{Map, Value, json};

use super::AttributeSelection;
use crate::server::error::ScimType;
use crate::server::schema::{AttributeDef, REGISTRY, ResourceKind, ResourceType, Returned};
use crate::server::urn;

const ENT: &str = urn::ENTERPRISE_USER;

/// A stored user as the store would hold it, plus a `password` that must never leak.
fn stored_user() -> Map<String, Value> {
    let v = json!({
        "schemas": [urn::USER, ENT],
        "id": "u1",
        "externalId": "ext-1",
        "meta": {
            "resourceType": "User",
            "created": "2024-01-01T00:00:00Z",
            "lastModified": "2024-01-02T00:00:00Z",
            "location": "http://h/scim/v2/Users/u1",
            "version": "W/\"1\"",
        },
        "userName": "ada",
        "name": {"givenName": "Ada", "familyName": "Lovelace"},
        "active": true,
        "password": "hunter2",
        "emails": [
            {"value": "ada@x.io", "type": "work", "primary": true},
            {"value": "ada@home.io", "type": "home"},
        ],
        "groups": [{"value": "g1", "display": "Admins"}],
        ENT: {"employeeNumber": "E-77", "department": "R&D", "manager": {"value": "m1"}},
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn project(attributes: Option<&str>, excluded: Option<&str>) -> Value {
    let selection = AttributeSelection::parse(&REGISTRY.user, attributes, excluded).unwrap();
    let mut user = stored_user();
    selection.apply(&REGISTRY.user, &mut user);
    Value::Object(user)
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn default_selection_removes_only_never_attributes() {
    let out = project(None, None);
    let mut expected = stored_user();
    expected.shift_remove("password");
    assert_eq!(out, Value::Object(expected.clone()));
    // Order is kept.
    assert_eq!(keys(&out), keys(&Value::Object(expected)));
    let default = AttributeSelection::default();
    let mut user = stored_user();
    default.apply(&REGISTRY.user, &mut user);
    assert!(!user.contains_key("password"));
    assert_eq!(
        default,
        AttributeSelection::parse(&REGISTRY.user, None, None).unwrap()
    );
}

#[test]
fn attributes_keeps_always_plus_named() {
    assert_eq!(
        project(Some("userName"), None),
        json!({"schemas": [urn::USER, ENT], "id": "u1", "userName": "ada"})
    );
    assert_eq!(
        project(Some(" USERNAME , Active,unknownThing, , meta "), None),
        json!({
            "schemas": [urn::USER, ENT],
            "id": "u1",
            "meta": stored_user()["meta"],
            "userName": "ada",
            "active": true,
        })
    );
}

#[test]
fn attributes_can_never_reveal_a_password() {
    assert_eq!(
        project(Some("password,userName"), None),
        json!({"schemas": [urn::USER, ENT], "id": "u1", "userName": "ada"})
    );
}

#[test]
fn naming_a_sub_attribute_keeps_the_parent_with_only_it() {
    assert_eq!(
        project(Some("name.givenName,emails.value,meta.created"), None),
        json!({
            "schemas": [urn::USER, ENT],
            "id": "u1",
            "meta": {"created": "2024-01-01T00:00:00Z"},
            "name": {"givenName": "Ada"},
            "emails": [{"value": "ada@x.io"}, {"value": "ada@home.io"}],
        })
    );
    // Elements without the named sub-attribute disappear, and so does an emptied attribute.
    assert_eq!(
        project(Some("emails.primary,name.middleName"), None),
        json!({
            "schemas": [urn::USER, ENT],
            "id": "u1",
            "emails": [{"primary": true}],
        })
    );
}

#[test]
fn parent_and_sub_attribute_both_named_keep_the_whole_parent() {
    let out = project(Some("emails.value,emails"), None);
    assert_eq!(out["emails"], stored_user()["emails"]);
}

#[test]
fn extension_attributes_by_qualified_name_or_whole_urn() {
    assert_eq!(
        project(
            Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"),
            None
        ),
        json!({"schemas": [urn::USER, ENT], "id": "u1", ENT: {"employeeNumber": "E-77"}})
    );
    assert_eq!(
        project(Some(&format!("{}:manager.value", ENT.to_uppercase())), None),
        json!({"schemas": [urn::USER, ENT], "id": "u1", ENT: {"manager": {"value": "m1"}}})
    );
    assert_eq!(
        project(Some(ENT), None),
        json!({"schemas": [urn::USER, ENT], "id": "u1", ENT: stored_user()[ENT]})
    );
    // Unqualified names refer to the core schema only.
    assert_eq!(
        project(Some("department"), None),
        json!({"schemas": [urn::USER, ENT], "id": "u1"})
    );
}

#[test]
fn whole_core_urn_selects_core_attributes_but_not_common_ones() {
    let out = project(Some(urn::USER), None);
    assert_eq!(
        keys(&out),
        [
            "schemas", "id", "userName", "name", "active", "emails", "groups"
        ]
    );
}

#[test]
fn excluded_attributes_remove_defaults_but_never_always() {
    let out = project(None, Some("id,schemas,meta,emails,groups,name.familyName"));
    assert_eq!(
        out,
        json!({
            "schemas": [urn::USER, ENT],
            "id": "u1",
            "externalId": "ext-1",
            "userName": "ada",
            "name": {"givenName": "Ada"},
            "active": true,
            ENT: stored_user()[ENT],
        })
    );
}

#[test]
fn excluded_sub_attributes_and_emptied_objects() {
    let out = project(
        None,
        Some("emails.type,emails.primary,name.givenName,name.familyName"),
    );
    assert_eq!(
        out["emails"],
        json!([{"value": "ada@x.io"}, {"value": "ada@home.io"}])
    );
    assert!(out.get("name").is_none(), "{out}");
}

#[test]
fn excluding_an_extension_removes_its_object_but_not_its_urn() {
    let out = project(None, Some(ENT));
    assert!(out.get(ENT).is_none());
    assert_eq!(out["schemas"], json!([urn::USER, ENT]));
    let out = project(
        None,
        Some(&format!(
            "{ENT}:employeeNumber,{ENT}:department,{ENT}:manager"
        )),
    );
    assert!(out.get(ENT).is_none(), "{out}");
    assert_eq!(out["schemas"], json!([urn::USER, ENT]));
}

#[test]
fn group_members_can_be_excluded() {
    let rt = &REGISTRY.group;
    let selection = AttributeSelection::parse(rt, None, Some("members")).unwrap();
    let mut group = match json!({
        "schemas": [urn::GROUP],
        "id": "g1",
        "displayName": "Admins",
        "members": [{"value": "u1"}],
    }) {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    selection.apply(rt, &mut group);
    assert_eq!(
        Value::Object(group),
        json!({"schemas": [urn::GROUP], "id": "g1", "displayName": "Admins"})
    );
}

#[test]
fn both_parameters_are_refused_unless_one_is_blank() {
    let err =
        AttributeSelection::parse(&REGISTRY.user, Some("userName"), Some("emails")).unwrap_err();
    assert_eq!(err.status.as_u16(), 400);
    assert_eq!(err.scim_type, Some(ScimType::InvalidValue));
    assert!(AttributeSelection::parse(&REGISTRY.user, Some(" "), Some("emails")).is_ok());
    assert_eq!(
        AttributeSelection::parse(&REGISTRY.user, Some(""), Some("")).unwrap(),
        AttributeSelection::default()
    );
}

#[test]
fn hostile_lists_do_not_panic() {
    for list in [
        "é,éé,urn:é",
        "urn:",
        ".",
        "name.",
        ".givenName",
        ",,,",
        "a.b.c",
        "urn:x:y:z.w",
    ] {
        let out = project(Some(list), None);
        assert_eq!(keys(&out), ["schemas", "id"], "{list}");
        project(None, Some(list));
    }
}

/// A type whose attributes use `request` and `never` at both levels, which the RFC schemas do not.
fn synthetic() -> ResourceType {
    let mut rt = REGISTRY.user.clone();
    rt.kind = ResourceKind::User;
    rt.schema.attributes = vec![
        AttributeDef::string("userName"),
        AttributeDef::string("secret").returned(Returned::Request),
        AttributeDef::complex(
            "c",
            vec![
                AttributeDef::string("a"),
                AttributeDef::string("r").returned(Returned::Request),
                AttributeDef::string("n").returned(Returned::Never),
                AttributeDef::string("k").returned(Returned::Always),
            ],
        ),
    ];
    rt
}

fn project_synthetic(attributes: Option<&str>, excluded: Option<&str>) -> Value {
    let rt = synthetic();
    let selection = AttributeSelection::parse(&rt, attributes, excluded).unwrap();
    let mut r = match json!({
        "schemas": [urn::USER],
        "id": "x",
        "userName": "u",
        "secret": "s",
        "c": {"a": 1, "r": 2, "n": 3, "k": 4},
    }) {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    selection.apply(&rt, &mut r);
    Value::Object(r)
}

#[test]
fn request_attributes_only_when_named() {
    let base = json!({"schemas": [urn::USER], "id": "x", "userName": "u", "c": {"a": 1, "k": 4}});
    assert_eq!(project_synthetic(None, None), base);
    assert_eq!(project_synthetic(None, Some("userName")), {
        let mut b = base.clone();
        b.as_object_mut().map(|m| m.shift_remove("userName"));
        b
    });
    assert_eq!(
        project_synthetic(Some("secret,c.r"), None),
        json!({"schemas": [urn::USER], "id": "x", "secret": "s", "c": {"r": 2, "k": 4}})
    );
    assert_eq!(
        project_synthetic(Some("c"), None),
        json!({"schemas": [urn::USER], "id": "x", "c": {"a": 1, "k": 4}})
    );
    assert_eq!(
        project_synthetic(Some("c.n"), None),
        json!({"schemas": [urn::USER], "id": "x", "c": {"k": 4}})
    );
    assert_eq!(
        project_synthetic(None, Some("c.k,c.a")),
        json!({"schemas": [urn::USER], "id": "x", "userName": "u", "c": {"k": 4}})
    );
}
