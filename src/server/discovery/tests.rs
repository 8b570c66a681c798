use serde_json::{Value, json};

use super::{
    Features, resource_type_by_name, resource_types, schema_by_id, schemas, service_provider_config,
};
use crate::server::urn;

const BASE: &str = "http://127.0.0.1:8080/scim/v2";

fn features(bearer: bool, basic: bool) -> Features {
    Features {
        max_results: 200,
        bearer,
        basic,
        bulk_max_operations: 1000,
        bulk_max_payload: 1048576,
    }
}

fn scheme_types(spc: &Value) -> Vec<(&str, bool)> {
    spc["authenticationSchemes"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| {
                    (
                        s["type"].as_str().unwrap_or(""),
                        s["primary"].as_bool().unwrap_or(false),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn service_provider_config_is_truthful() {
    let spc = service_provider_config(BASE, &features(true, false));
    let mut without_schemes = spc.clone();
    without_schemes
        .as_object_mut()
        .map(|m| m.shift_remove("authenticationSchemes"));
    assert_eq!(
        without_schemes,
        json!({
            "schemas": [urn::SERVICE_PROVIDER_CONFIG],
            "patch": {"supported": true},
            "bulk": {"supported": true, "maxOperations": 1000, "maxPayloadSize": 1048576},
            "filter": {"supported": true, "maxResults": 200},
            "changePassword": {"supported": false},
            "sort": {"supported": true},
            "etag": {"supported": true},
            "meta": {
                "resourceType": "ServiceProviderConfig",
                "location": "http://127.0.0.1:8080/scim/v2/ServiceProviderConfig",
            },
        })
    );
    let max = service_provider_config(
        BASE,
        &Features {
            max_results: 17,
            ..features(true, true)
        },
    );
    assert_eq!(max["filter"]["maxResults"], json!(17));
}

#[test]
fn authentication_schemes_follow_the_configured_credentials() {
    let spc = |b, h| service_provider_config(BASE, &features(b, h));
    assert_eq!(
        scheme_types(&spc(true, false)),
        [("oauthbearertoken", true)]
    );
    assert_eq!(scheme_types(&spc(false, true)), [("httpbasic", true)]);
    assert_eq!(
        scheme_types(&spc(true, true)),
        [("oauthbearertoken", true), ("httpbasic", false)]
    );
    let open = spc(false, false);
    assert_eq!(scheme_types(&open), [("oauthbearertoken", true)]);
    let description = open["authenticationSchemes"][0]["description"]
        .as_str()
        .unwrap_or("");
    assert!(description.contains("any bearer token"), "{description}");
    // RFC 7643 §5: type, name and description are REQUIRED on every scheme.
    for scheme in spc(true, true)["authenticationSchemes"]
        .as_array()
        .into_iter()
        .flatten()
    {
        for key in ["type", "name", "description"] {
            assert!(
                scheme[key].as_str().is_some_and(|s| !s.is_empty()),
                "{key} in {scheme}"
            );
        }
    }
}

#[test]
fn trailing_slash_in_base_url_is_not_doubled() {
    let spc = service_provider_config(&format!("{BASE}/"), &features(true, false));
    assert_eq!(
        spc["meta"]["location"],
        json!(format!("{BASE}/ServiceProviderConfig"))
    );
    let user = resource_type_by_name(&format!("{BASE}/"), "User").unwrap_or_default();
    assert_eq!(
        user["meta"]["location"],
        json!(format!("{BASE}/ResourceTypes/User"))
    );
}

#[test]
fn resource_types_documents() {
    assert_eq!(
        resource_types(BASE),
        [
            json!({
                "schemas": [urn::RESOURCE_TYPE],
                "id": "User",
                "name": "User",
                "endpoint": "/Users",
                "description": "User Account",
                "schema": urn::USER,
                "schemaExtensions": [{"schema": urn::ENTERPRISE_USER, "required": false}],
                "meta": {
                    "resourceType": "ResourceType",
                    "location": "http://127.0.0.1:8080/scim/v2/ResourceTypes/User",
                },
            }),
            json!({
                "schemas": [urn::RESOURCE_TYPE],
                "id": "Group",
                "name": "Group",
                "endpoint": "/Groups",
                "description": "Group",
                "schema": urn::GROUP,
                "meta": {
                    "resourceType": "ResourceType",
                    "location": "http://127.0.0.1:8080/scim/v2/ResourceTypes/Group",
                },
            }),
        ]
    );
}

#[test]
fn resource_type_lookup_is_case_insensitive() {
    let all = resource_types(BASE);
    assert_eq!(resource_type_by_name(BASE, "user").as_ref(), all.first());
    assert_eq!(resource_type_by_name(BASE, "GROUP").as_ref(), all.get(1));
    assert_eq!(resource_type_by_name(BASE, "Users"), None);
    assert_eq!(resource_type_by_name(BASE, ""), None);
}

#[test]
fn schemas_list_every_registry_schema_with_meta() {
    let all = schemas(BASE);
    let ids: Vec<&str> = all.iter().filter_map(|s| s["id"].as_str()).collect();
    assert_eq!(ids, [urn::USER, urn::GROUP, urn::ENTERPRISE_USER]);
    let names: Vec<&str> = all.iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names, ["User", "Group", "EnterpriseUser"]);
    for schema in &all {
        assert_eq!(schema["schemas"], json!([urn::SCHEMA]));
        assert!(
            schema["description"]
                .as_str()
                .is_some_and(|d| !d.is_empty())
        );
        assert_eq!(schema["meta"]["resourceType"], json!("Schema"));
        assert_eq!(
            schema["meta"]["location"],
            json!(format!(
                "{BASE}/Schemas/{}",
                schema["id"].as_str().unwrap_or("")
            ))
        );
    }
}

/// Checks one rendered attribute and its sub-attributes; returns how many were checked.
fn check_attribute(attr: &Value, parent: &str) -> usize {
    let name = format!("{parent}{}", attr["name"].as_str().unwrap_or("<no name>"));
    for key in [
        "name",
        "type",
        "description",
        "mutability",
        "returned",
        "uniqueness",
    ] {
        assert!(
            attr[key].is_string(),
            "{name}: {key} missing or not a string"
        );
    }
    for key in ["multiValued", "required", "caseExact"] {
        assert!(
            attr[key].is_boolean(),
            "{name}: {key} missing or not a boolean"
        );
    }
    let ty = attr["type"].as_str().unwrap_or("");
    assert!(
        [
            "string",
            "boolean",
            "decimal",
            "integer",
            "dateTime",
            "binary",
            "reference",
            "complex"
        ]
        .contains(&ty),
        "{name}: type {ty}"
    );
    for key in ["canonicalValues", "referenceTypes"] {
        if let Some(v) = attr.get(key) {
            assert!(
                v.as_array().is_some_and(|a| !a.is_empty()),
                "{name}: empty {key}"
            );
        }
    }
    assert_eq!(
        attr.get("referenceTypes").is_some(),
        ty == "reference",
        "{name}"
    );
    let mut count = 1;
    match attr.get("subAttributes") {
        Some(subs) => {
            assert_eq!(ty, "complex", "{name}: subAttributes on a simple attribute");
            let subs = subs.as_array().map(Vec::as_slice).unwrap_or_default();
            assert!(!subs.is_empty(), "{name}: empty subAttributes");
            for sub in subs {
                assert!(sub.get("subAttributes").is_none(), "{name}: nested complex");
                count += check_attribute(sub, &format!("{name}."));
            }
        }
        None => assert_ne!(ty, "complex", "{name}: complex without subAttributes"),
    }
    count
}

#[test]
fn every_attribute_has_every_characteristic() {
    let mut checked = 0;
    for schema in schemas(BASE) {
        for attr in schema["attributes"].as_array().into_iter().flatten() {
            checked += check_attribute(attr, "");
        }
    }
    // 21 User attributes + 46 sub-attributes, 2 + 4 for Group, 6 + 3 for Enterprise.
    assert_eq!(checked, 82);
}

fn attribute<'a>(schema: &'a Value, name: &str) -> &'a Value {
    schema["attributes"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["name"] == json!(name)))
        .unwrap_or(&Value::Null)
}

#[test]
fn user_schema_characteristics_match_rfc_7643() {
    let user = schema_by_id(BASE, urn::USER).unwrap_or_default();
    assert_eq!(
        attribute(&user, "userName"),
        &json!({
            "name": "userName",
            "type": "string",
            "multiValued": false,
            "description": "Unique identifier for the User, used to authenticate. REQUIRED.",
            "required": true,
            "caseExact": false,
            "mutability": "readWrite",
            "returned": "default",
            "uniqueness": "server",
        })
    );
    let password = attribute(&user, "password");
    assert_eq!(password["mutability"], json!("writeOnly"));
    assert_eq!(password["returned"], json!("never"));
    let groups = attribute(&user, "groups");
    assert_eq!(groups["mutability"], json!("readOnly"));
    assert_eq!(groups["multiValued"], json!(true));
    let group_ref = &groups["subAttributes"][1];
    assert_eq!(group_ref["name"], json!("$ref"));
    assert_eq!(group_ref["referenceTypes"], json!(["Group"]));
    let emails = attribute(&user, "emails");
    assert_eq!(
        emails["subAttributes"][2]["canonicalValues"],
        json!(["work", "home", "other"])
    );
    // Common attributes are not part of any schema (RFC 7643 §3.1).
    assert_eq!(attribute(&user, "id"), &Value::Null);
}

#[test]
fn group_and_enterprise_characteristics() {
    let group = schema_by_id(BASE, urn::GROUP).unwrap_or_default();
    // `display` is the client's (stored as written, never derived); `$ref` and `type` are set
    // by the server from `value`, immutable as in RFC 7643 §8.7.1.
    let members = &attribute(&group, "members")["subAttributes"];
    assert_eq!(members[2]["name"], json!("display"));
    assert_eq!(members[2]["mutability"], json!("readWrite"));
    for i in [0, 1, 3] {
        assert_eq!(
            members[i]["mutability"],
            json!("immutable"),
            "{}",
            members[i]
        );
    }
    let ent = schema_by_id(BASE, &urn::ENTERPRISE_USER.to_uppercase()).unwrap_or_default();
    assert_eq!(ent["id"], json!(urn::ENTERPRISE_USER));
    let manager = attribute(&ent, "manager");
    assert_eq!(manager["subAttributes"][0]["caseExact"], json!(true));
    assert_eq!(manager["subAttributes"][2]["mutability"], json!("readOnly"));
    assert_eq!(schema_by_id(BASE, "urn:example:unknown"), None);
}

#[test]
fn schema_lookup_matches_the_list() {
    for schema in schemas(BASE) {
        let id = schema["id"].as_str().unwrap_or("");
        assert_eq!(schema_by_id(BASE, id).as_ref(), Some(&schema));
    }
}
