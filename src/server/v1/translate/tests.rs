use serde_json::json;

use super::*;

fn urls() -> Urls {
    Urls {
        v2: "http://h:1/scim/v2".into(),
        v1: "http://h:1/scim/v1".into(),
    }
}

fn map(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        other => panic!("not an object: {other}"),
    }
}

#[test]
fn a_1_1_user_body_becomes_its_2_0_form() {
    let body = json!({
        "schemas": [CORE, ENTERPRISE, "urn:okta:custom:1.0"],
        "userName": "a@x",
        "urn:scim:schemas:core:1.0:nickName": "A",
        ENTERPRISE: {"department": "R&D", "manager": {"managerId": "m1", "displayName": "M"}},
        "URN:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:1.0:costCenter": "42",
    });
    assert_eq!(
        to_v2(ResourceKind::User, body),
        json!({
            "schemas": [urn::USER, urn::ENTERPRISE_USER, "urn:okta:custom:1.0"],
            "userName": "a@x",
            "urn:ietf:params:scim:schemas:core:2.0:User:nickName": "A",
            urn::ENTERPRISE_USER: {"department": "R&D", "manager": {"value": "m1", "displayName": "M"}},
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter": "42",
        })
    );
}

#[test]
fn a_group_gets_the_group_urn_and_no_enterprise_extension() {
    let body = json!({"schemas": [CORE, ENTERPRISE], "displayName": "G"});
    assert_eq!(
        to_v2(ResourceKind::Group, body),
        json!({"schemas": [urn::GROUP, ENTERPRISE], "displayName": "G"})
    );
}

#[test]
fn names_keep_what_is_not_a_1_1_urn() {
    let k = ResourceKind::User;
    assert_eq!(name_to_v2(k, "userName"), "userName");
    assert_eq!(name_to_v2(k, "urn:scim:schemas:core:1.0"), urn::USER);
    assert_eq!(
        name_to_v2(k, "urn:scim:schemas:core:1.0:name.givenName"),
        format!("{}:name.givenName", urn::USER)
    );
    assert_eq!(
        name_to_v2(k, "urn:scim:schemas:core:1.05:x"),
        "urn:scim:schemas:core:1.05:x"
    );
    assert_eq!(name_to_v2(k, "urn:é"), "urn:é");
    assert_eq!(
        names_to_v2(
            k,
            "userName, urn:scim:schemas:extension:enterprise:1.0:department"
        ),
        format!("userName,{}:department", urn::ENTERPRISE_USER)
    );
}

#[test]
fn a_2_0_representation_becomes_its_1_1_form() {
    let doc = map(json!({
        "schemas": [urn::USER, urn::ENTERPRISE_USER],
        "id": "u1",
        "userName": "a@x",
        "groups": [{"value": "g1", "$ref": "http://h:1/scim/v2/Groups/g1", "display": "G", "type": "direct"}],
        urn::ENTERPRISE_USER: {"manager": {"value": "m1", "$ref": "http://h:1/scim/v2/Users/m1", "displayName": "M"}},
        "meta": {
            "resourceType": "User",
            "created": "2024-01-01T00:00:00.000Z",
            "lastModified": "2024-01-01T00:00:00.000Z",
            "location": "http://h:1/scim/v2/Users/u1",
            "version": "W/\"1\"",
        },
    }));
    assert_eq!(
        Value::Object(to_v1(doc, &urls())),
        json!({
            "schemas": [CORE, ENTERPRISE],
            "id": "u1",
            "userName": "a@x",
            "groups": [{"value": "g1", "display": "G", "type": "direct"}],
            ENTERPRISE: {"manager": {"managerId": "m1", "displayName": "M"}},
            "meta": {
                "created": "2024-01-01T00:00:00.000Z",
                "lastModified": "2024-01-01T00:00:00.000Z",
                "location": "http://h:1/scim/v1/Users/u1",
                "version": "W/\"1\"",
            },
        })
    );
}

#[test]
fn a_group_has_one_core_urn_and_members_without_refs() {
    let doc = map(json!({
        "schemas": [urn::GROUP],
        "displayName": "G",
        "members": [{"value": "u1", "display": "a", "$ref": "x", "type": "User"}],
    }));
    assert_eq!(
        Value::Object(to_v1(doc, &urls())),
        json!({
            "schemas": [CORE],
            "displayName": "G",
            "members": [{"value": "u1", "display": "a", "type": "User"}],
        })
    );
}

#[test]
fn only_urls_under_the_2_0_base_are_rewritten() {
    let u = urls();
    assert_eq!(u.to_v1("http://h:1/scim/v2"), "http://h:1/scim/v1");
    assert_eq!(
        u.to_v1("http://h:1/scim/v2/Users/x"),
        "http://h:1/scim/v1/Users/x"
    );
    assert_eq!(
        u.to_v1("http://h:1/scim/v20/Users/x"),
        "http://h:1/scim/v20/Users/x"
    );
    assert_eq!(
        u.to_v1("http://other/scim/v2/Users/x"),
        "http://other/scim/v2/Users/x"
    );
}
