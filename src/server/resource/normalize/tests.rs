use serde_json::{Value, json};

use super::normalize;
use crate::server::error::{ScimError, ScimType};
use crate::server::schema::REGISTRY;
use crate::server::urn;

fn user(body: Value) -> Result<Value, ScimError> {
    normalize(&REGISTRY.user, body, true).map(Value::Object)
}

fn group(body: Value) -> Result<Value, ScimError> {
    normalize(&REGISTRY.group, body, true).map(Value::Object)
}

fn strict_user(body: Value) -> Result<Value, ScimError> {
    normalize(&REGISTRY.user, body, false).map(Value::Object)
}

/// Asserts a 400 with `scimType` and a detail containing `needle`.
fn assert_error(result: Result<Value, ScimError>, scim_type: ScimType, needle: &str) {
    match result {
        Ok(v) => panic!("expected {scim_type:?} error containing {needle:?}, got Ok({v})"),
        Err(e) => {
            assert_eq!(e.status.as_u16(), 400, "{e}");
            assert_eq!(e.scim_type, Some(scim_type), "{e}");
            assert!(
                e.detail.contains(needle),
                "detail {:?} lacks {needle:?}",
                e.detail
            );
        }
    }
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn minimal_user_gets_core_schema() {
    let out = user(json!({"schemas": [urn::USER], "userName": "ada"})).unwrap();
    assert_eq!(out, json!({"schemas": [urn::USER], "userName": "ada"}));
}

#[test]
fn body_must_be_an_object() {
    for body in [json!([]), json!("x"), json!(null), json!(1)] {
        assert_error(user(body), ScimType::InvalidSyntax, "JSON object");
    }
}

#[test]
fn keys_and_sub_keys_are_canonicalised_and_ordered() {
    let out = user(json!({
        "ACTIVE": true,
        "name": {"GivenName": "Ada", "FAMILYNAME": "Lovelace"},
        "UserName": "ada",
        "externalid": "ext-1",
        "Schemas": [urn::USER.to_uppercase()],
        "emails": [{"Type": "work", "VALUE": "ada@x.io", "primary": true}],
    }))
    .unwrap();
    assert_eq!(
        out,
        json!({
            "schemas": [urn::USER],
            "externalId": "ext-1",
            "userName": "ada",
            "name": {"familyName": "Lovelace", "givenName": "Ada"},
            "active": true,
            "emails": [{"value": "ada@x.io", "type": "work", "primary": true}],
        })
    );
    assert_eq!(
        keys(&out),
        [
            "schemas",
            "externalId",
            "userName",
            "name",
            "active",
            "emails"
        ]
    );
    assert_eq!(keys(&out["name"]), ["familyName", "givenName"]);
    assert_eq!(keys(&out["emails"][0]), ["value", "type", "primary"]);
}

#[test]
fn dotted_keys_are_paths_not_keys() {
    let out = user(json!({"userName": "ada", "NAME.givenname": "Ada"})).unwrap();
    assert_eq!(out, json!({"schemas": [urn::USER], "userName": "ada"}));
}

#[test]
fn server_controlled_and_unknown_attributes_are_dropped() {
    let out = user(json!({
        "schemas": [urn::USER],
        "id": "client-chosen",
        "meta": {"created": "2020-01-01T00:00:00Z", "resourceType": "User"},
        "userName": "ada",
        "password": "hunter2",
        "groups": [{"value": "g1", "display": "Admins"}],
        "userNmae": "typo",
        "name": {"givenName": "Ada", "nickname": "unknown sub-attribute"},
        urn::ENTERPRISE_USER: {"manager": {"value": "m1", "displayName": "Boss"}, "shoeSize": 9},
    }))
    .unwrap();
    assert_eq!(
        out,
        json!({
            "schemas": [urn::USER, urn::ENTERPRISE_USER],
            "userName": "ada",
            "name": {"givenName": "Ada"},
            urn::ENTERPRISE_USER: {"manager": {"value": "m1"}},
        })
    );
}

#[test]
fn group_member_display_is_kept_as_written() {
    let out = group(json!({
        "schemas": [urn::GROUP],
        "displayName": "Admins",
        "members": [{"value": "u1", "display": "Ada", "type": "User", "$ref": "../Users/u1"}],
    }))
    .unwrap();
    assert_eq!(
        out,
        json!({
            "schemas": [urn::GROUP],
            "displayName": "Admins",
            "members": [{"value": "u1", "$ref": "../Users/u1", "display": "Ada", "type": "User"}],
        })
    );
}

#[test]
fn unassigned_values_are_omitted() {
    let out = user(json!({
        "userName": "ada",
        "displayName": null,
        "emails": [],
        "name": {},
        "phoneNumbers": [null, {}, {"display": null}],
        "addresses": [{"locality": null, "country": "FR"}],
        urn::ENTERPRISE_USER: {},
    }))
    .unwrap();
    assert_eq!(
        out,
        json!({"schemas": [urn::USER], "userName": "ada", "addresses": [{"country": "FR"}]})
    );
}

#[test]
fn values_left_empty_by_dropping_read_only_sub_attributes_disappear() {
    let out = user(json!({
        "userName": "ada",
        urn::ENTERPRISE_USER: {"manager": {"displayName": "only readOnly"}},
    }))
    .unwrap();
    assert_eq!(out, json!({"schemas": [urn::USER], "userName": "ada"}));
}

#[test]
fn boolean_strings_are_coerced_when_lenient() {
    let out = user(json!({
        "userName": "ada",
        "active": "True",
        "emails": [{"value": "a@x.io", "primary": "FALSE"}],
    }))
    .unwrap();
    assert_eq!(out["active"], json!(true));
    assert_eq!(
        out["emails"],
        json!([{"value": "a@x.io", "primary": false}])
    );
    assert_eq!(
        user(json!({"userName": "ada", "active": "false"})).unwrap()["active"],
        json!(false)
    );
}

#[test]
fn boolean_strings_are_refused_when_strict_or_not_boolean() {
    let body = json!({"schemas": [urn::USER], "userName": "ada", "active": "true"});
    assert_error(strict_user(body), ScimType::InvalidValue, "active");
    assert_error(
        user(json!({"userName": "ada", "active": "yes"})),
        ScimType::InvalidValue,
        "active must be a boolean",
    );
    assert_eq!(super::is_boolean_string("tRuE"), Some(true));
    assert_eq!(super::is_boolean_string("False"), Some(false));
    assert_eq!(super::is_boolean_string(" true"), None);
    assert_eq!(super::is_boolean_string("1"), None);
}

#[test]
fn single_values_are_wrapped_when_lenient() {
    let out =
        user(json!({"userName": "ada", "emails": {"value": "a@x.io", "type": "work"}})).unwrap();
    assert_eq!(out["emails"], json!([{"value": "a@x.io", "type": "work"}]));
    let out = group(json!({"displayName": "G", "members": ["id-1", {"value": "id-2"}]})).unwrap();
    assert_eq!(
        out["members"],
        json!([{"value": "id-1"}, {"value": "id-2"}])
    );
    let out = group(json!({"displayName": "G", "members": "id-1"})).unwrap();
    assert_eq!(out["members"], json!([{"value": "id-1"}]));
}

#[test]
fn single_values_are_refused_when_strict() {
    let body = json!({"schemas": [urn::USER], "userName": "ada", "emails": {"value": "a@x.io"}});
    assert_error(
        strict_user(body),
        ScimType::InvalidValue,
        "emails must be a JSON array",
    );
    let body = json!({"schemas": [urn::USER], "userName": "ada", "emails": ["a@x.io"]});
    assert_error(strict_user(body), ScimType::InvalidValue, "emails");
}

#[test]
fn duplicate_elements_are_removed() {
    let out = group(json!({
        "displayName": "G",
        "members": [{"value": "u1"}, "u1", {"VALUE": "u1"}, {"value": "u2"}],
    }))
    .unwrap();
    assert_eq!(out["members"], json!([{"value": "u1"}, {"value": "u2"}]));
}

#[test]
fn more_than_one_primary_is_refused() {
    let body = json!({
        "userName": "ada",
        "emails": [{"value": "a@x.io", "primary": true}, {"value": "b@x.io", "primary": "True"}],
    });
    assert_error(user(body), ScimType::InvalidValue, "emails: at most one");
    let one = json!({
        "userName": "ada",
        "emails": [{"value": "a@x.io", "primary": true}, {"value": "b@x.io", "primary": false}],
    });
    assert!(user(one).is_ok());
}

#[test]
fn required_attributes() {
    for body in [
        json!({"schemas": [urn::USER]}),
        json!({"userName": null}),
        json!({"userName": ""}),
        json!({"userName": "   "}),
    ] {
        assert_error(user(body), ScimType::InvalidValue, "userName is required");
    }
    assert_error(
        group(json!({"members": ["u1"]})),
        ScimType::InvalidValue,
        "displayName is required",
    );
}

#[test]
fn wrong_types_name_the_attribute() {
    let cases = [
        (json!({"userName": 42}), "userName must be a string"),
        (
            json!({"userName": "a", "name": "Ada"}),
            "name must be a JSON object",
        ),
        (
            json!({"userName": "a", "name": [{"givenName": "A"}]}),
            "name must be a JSON object",
        ),
        (
            json!({"userName": "a", "name": {"givenName": 1}}),
            "name.givenName must be a string",
        ),
        (
            json!({"userName": "a", "active": 1}),
            "active must be a boolean",
        ),
        (
            json!({"userName": "a", "emails": [{"value": true}]}),
            "emails.value must be a string",
        ),
        (
            json!({"userName": "a", "emails": [["a@x.io"]]}),
            "emails must be an array of JSON objects",
        ),
        (
            json!({"userName": "a", "x509Certificates": [{"value": "not base64!"}]}),
            "base64",
        ),
        (
            json!({"userName": "a", "profileUrl": {"href": "x"}}),
            "profileUrl must be a URI string",
        ),
        (
            json!({"userName": "a", urn::ENTERPRISE_USER: {"manager": "m1"}}),
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager must be a JSON object",
        ),
        (
            json!({"userName": "a", urn::ENTERPRISE_USER: "R&D"}),
            "must be a JSON object",
        ),
        (
            json!({"userName": "a", "externalId": 7}),
            "externalId must be a string",
        ),
    ];
    for (body, needle) in cases {
        assert_error(user(body), ScimType::InvalidValue, needle);
    }
}

#[test]
fn binary_values_accept_base64_with_or_without_padding() {
    for value in ["TUlJQg==", "TUlJQg", "TUlJ\nQg=="] {
        let out = user(json!({"userName": "a", "x509Certificates": [{"value": value}]})).unwrap();
        assert_eq!(out["x509Certificates"], json!([{"value": value}]));
    }
}

#[test]
fn schemas_must_name_the_core_schema() {
    assert_error(
        user(json!({"schemas": [urn::GROUP], "userName": "ada"})),
        ScimType::InvalidValue,
        urn::USER,
    );
    assert_error(
        group(json!({"schemas": [urn::USER], "displayName": "G"})),
        ScimType::InvalidValue,
        urn::GROUP,
    );
    assert_error(
        user(json!({"schemas": urn::USER, "userName": "ada"})),
        ScimType::InvalidValue,
        "array of schema URN strings",
    );
    assert_error(
        user(json!({"schemas": [urn::USER, 3], "userName": "ada"})),
        ScimType::InvalidValue,
        "array of schema URN strings",
    );
}

#[test]
fn missing_schemas_is_lenient_only() {
    assert!(user(json!({"userName": "ada"})).is_ok());
    assert_error(
        strict_user(json!({"userName": "ada"})),
        ScimType::InvalidValue,
        "schemas is required",
    );
}

#[test]
fn schemas_is_rebuilt_from_the_data() {
    // Listed extension without data: not listed; unknown URN: dropped.
    let out = user(json!({
        "schemas": [urn::USER, urn::ENTERPRISE_USER, "urn:example:other"],
        "userName": "ada",
    }))
    .unwrap();
    assert_eq!(out["schemas"], json!([urn::USER]));
    // Extension data without the URN listed: listed.
    let out = user(json!({
        "schemas": [urn::USER],
        "userName": "ada",
        urn::ENTERPRISE_USER.to_lowercase(): {"Department": "R&D"},
    }))
    .unwrap();
    assert_eq!(
        out,
        json!({
            "schemas": [urn::USER, urn::ENTERPRISE_USER],
            "userName": "ada",
            urn::ENTERPRISE_USER: {"department": "R&D"},
        })
    );
}

#[test]
fn flat_extension_keys_are_folded_into_the_extension_object() {
    let out = user(json!({
        "userName": "ada",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "R&D",
        urn::ENTERPRISE_USER: {"employeeNumber": "E-77", "department": "Sales"},
        "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:COSTCENTER": "CC1",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager": {"value": "m1"},
        "urn:ietf:params:scim:schemas:core:2.0:User:displayName": "Ada L.",
    }))
    .unwrap();
    assert_eq!(
        out,
        json!({
            "schemas": [urn::USER, urn::ENTERPRISE_USER],
            "userName": "ada",
            "displayName": "Ada L.",
            urn::ENTERPRISE_USER: {
                "employeeNumber": "E-77",
                "costCenter": "CC1",
                "department": "Sales",
                "manager": {"value": "m1"},
            },
        })
    );
    assert_eq!(
        keys(&out[urn::ENTERPRISE_USER]),
        ["employeeNumber", "costCenter", "department", "manager"]
    );
}

#[test]
fn later_spelling_of_an_attribute_wins() {
    let out = user(json!({"userName": "first", "USERNAME": "second"})).unwrap();
    assert_eq!(out["userName"], json!("second"));
}

#[test]
fn external_id_is_kept_exactly() {
    let out = user(json!({"userName": "a", "EXTERNALID": "  MiXeD-Case "})).unwrap();
    assert_eq!(out["externalId"], json!("  MiXeD-Case "));
}

#[test]
fn hostile_keys_do_not_panic() {
    let out = user(json!({"userName": "a", "aéé": 1, "urn:": 2, "urn:é:": 3, "": 4, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value": "m"}))
        .unwrap();
    assert_eq!(out, json!({"schemas": [urn::USER], "userName": "a"}));
}

#[test]
fn the_output_is_a_fixed_point() {
    let body = json!({
        "schemas": [urn::USER],
        "userName": "ada",
        "emails": "a@x.io",
        "active": "True",
        urn::ENTERPRISE_USER: {"manager": {"value": "m1"}},
    });
    let once = user(body).unwrap();
    let twice = user(once.clone()).unwrap();
    assert_eq!(once, twice);
    assert_eq!(keys(&once), keys(&twice));
}

#[test]
fn large_groups_normalise_quickly() {
    let members: Vec<Value> = (0..20_000)
        .map(|i| json!({"value": format!("user-{i}")}))
        .collect();
    let start = std::time::Instant::now();
    let out = group(json!({"displayName": "Everyone", "members": members})).unwrap();
    let elapsed = start.elapsed();
    assert_eq!(out["members"].as_array().map(Vec::len), Some(20_000));
    assert!(elapsed.as_secs() < 2, "took {elapsed:?}");
}
