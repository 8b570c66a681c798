//! SCIM 1.1 discovery: `/ServiceProviderConfigs` (plural in 1.1) and `/Schemas`.
//!
//! Both are derived from what the 2.0 side advertises, so the two versions cannot disagree about
//! the server. 1.1 shapes, with their sources:
//! - the ServiceProviderConfig adds `xmlDataFormat` (1.1 allowed XML; this server does not) and
//!   Okta's `urn:okta:schemas:scim:providerconfig:1.0` `userManagementCapabilities`, which Okta's
//!   on-premises 1.1 agent reads (okta-scim-behaviour §1.11). `PUSH_PASSWORD_UPDATES` is left out:
//!   this server stores no password. Authentication schemes name their spec `specUrl` (1.1) rather
//!   than `specUri` (2.0) — from memory of the 1.1 core schema, unverified.
//! - a schema is one descriptor per resource (`urn:scim:schemas:core:1.0:User`, endpoint `Users`)
//!   whose attributes each carry the `schema` they belong to, extension attributes included, with
//!   `readOnly`/`required`/`caseExact` booleans (the UnboundID 1.1 SDK's resource descriptors);
//!   `reference` is not a 1.1 type and is shown as `string`. The exact `/Schemas/{id}` form of 1.1
//!   is unverified, so the descriptor answers to its id, the resource name and the endpoint name.
//! - Okta's 1.1 spec test expects `urn:scim:schemas:core:1.0:ListResponse` on the `/Schemas` list;
//!   it is listed there next to the core URN.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::{CORE, JSON, Urls, translate};
use crate::server::AppState;
use crate::server::discovery as docs;
use crate::server::error::{ScimError, ScimResult};
use crate::server::schema::{AttrType, AttributeDef, Mutability, REGISTRY, ResourceType};

/// Okta's provider-config extension read by its on-premises SCIM 1.1 agent.
pub const OKTA_PROVIDER_CONFIG: &str = "urn:okta:schemas:scim:providerconfig:1.0";

fn json_response(body: &Value) -> Response {
    let mut response = body.to_string().into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    response
}

/// The 1.1 ServiceProviderConfig, built from the 2.0 one.
pub fn service_provider_config(state: &AppState) -> Value {
    let urls = Urls::of(state);
    let v2 = docs::service_provider_config(&urls.v2, &state.features());
    let schemes: Vec<Value> = v2["authenticationSchemes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|mut scheme| {
            if let Value::Object(s) = &mut scheme
                && let Some(uri) = s.shift_remove("specUri")
            {
                s.insert("specUrl".into(), uri);
            }
            scheme
        })
        .collect();
    json!({
        "schemas": [CORE, OKTA_PROVIDER_CONFIG],
        "patch": v2["patch"],
        // 1.1's /Bulk is not served (501): only 2.0 answers bulk requests.
        "bulk": { "supported": false, "maxOperations": 0, "maxPayloadSize": 0 },
        "filter": v2["filter"],
        "changePassword": v2["changePassword"],
        "sort": v2["sort"],
        "etag": v2["etag"],
        "xmlDataFormat": { "supported": false },
        "authenticationSchemes": schemes,
        OKTA_PROVIDER_CONFIG: {
            "userManagementCapabilities": [
                "GROUP_PUSH",
                "IMPORT_NEW_USERS",
                "IMPORT_PROFILE_UPDATES",
                "PUSH_NEW_USERS",
                "PUSH_PENDING_USERS",
                "PUSH_PROFILE_UPDATES",
                "PUSH_USER_DEACTIVATION",
                "REACTIVATE_USERS",
            ],
        },
        "meta": { "location": format!("{}/ServiceProviderConfigs", urls.v1) },
    })
}

pub async fn service_provider_configs(State(state): State<AppState>) -> Response {
    json_response(&service_provider_config(&state))
}

/// The resource descriptors, User then Group.
pub fn descriptors(state: &AppState) -> Vec<Value> {
    let urls = Urls::of(state);
    [&REGISTRY.user, &REGISTRY.group]
        .into_iter()
        .map(|rt| descriptor(rt, &urls))
        .collect()
}

fn descriptor(rt: &ResourceType, urls: &Urls) -> Value {
    let id = format!("{CORE}:{}", rt.name());
    let mut attributes: Vec<Value> = rt
        .common
        .iter()
        .filter(|a| a.name != "schemas")
        .chain(&rt.schema.attributes)
        .map(|a| attribute(a, CORE))
        .collect();
    for (schema, _) in &rt.extensions {
        let urn = translate::urn_to_v1(schema.id).unwrap_or(schema.id);
        attributes.extend(schema.attributes.iter().map(|a| attribute(a, urn)));
    }
    json!({
        "schemas": [CORE],
        "id": id,
        "name": rt.name(),
        "description": rt.description,
        "schema": CORE,
        "endpoint": rt.kind.endpoint().trim_start_matches('/'),
        "attributes": attributes,
        "meta": { "location": format!("{}/Schemas/{id}", urls.v1) },
    })
}

fn attribute(attr: &AttributeDef, schema: &str) -> Value {
    let ty = match attr.ty {
        AttrType::Reference => "string",
        other => other.as_str(),
    };
    let mut out = Map::new();
    out.insert("name".into(), json!(attr.name));
    out.insert("type".into(), json!(ty));
    out.insert("multiValued".into(), json!(attr.multi_valued));
    out.insert("description".into(), json!(attr.description));
    out.insert("schema".into(), json!(schema));
    out.insert(
        "readOnly".into(),
        json!(attr.mutability == Mutability::ReadOnly),
    );
    out.insert("required".into(), json!(attr.required));
    out.insert("caseExact".into(), json!(attr.case_exact));
    if !attr.canonical_values.is_empty() {
        out.insert("canonicalValues".into(), json!(attr.canonical_values));
    }
    if attr.is_complex() {
        let subs: Vec<Value> = attr
            .sub_attributes
            .iter()
            .filter(|s| s.name != "$ref")
            .map(|s| attribute(s, schema))
            .collect();
        out.insert("subAttributes".into(), Value::Array(subs));
    }
    Value::Object(out)
}

pub async fn schemas(State(state): State<AppState>) -> Response {
    let resources = descriptors(&state);
    json_response(&json!({
        "schemas": [CORE, format!("{CORE}:ListResponse")],
        "totalResults": resources.len(),
        "itemsPerPage": resources.len(),
        "startIndex": 1,
        "Resources": resources,
    }))
}

pub async fn schema(State(state): State<AppState>, Path(id): Path<String>) -> ScimResult<Response> {
    descriptors(&state)
        .into_iter()
        .find(|d| {
            ["id", "name", "endpoint"]
                .iter()
                .any(|k| d[*k].as_str().is_some_and(|v| v.eq_ignore_ascii_case(&id)))
        })
        .map(|d| json_response(&d))
        .ok_or_else(|| ScimError::not_found(format!("schema {id} not found")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::v1::ENTERPRISE;

    #[test]
    fn descriptors_carry_each_attribute_schema_and_no_2_0_types() {
        let urls = Urls {
            v2: "http://h/scim/v2".into(),
            v1: "http://h/scim/v1".into(),
        };
        let user = descriptor(&REGISTRY.user, &urls);
        assert_eq!(user["id"], json!("urn:scim:schemas:core:1.0:User"));
        assert_eq!(user["endpoint"], json!("Users"));
        let attrs = user["attributes"].as_array().unwrap();
        let find = |n: &str| attrs.iter().find(|a| a["name"] == json!(n)).unwrap();
        assert_eq!(find("userName")["schema"], json!(CORE));
        assert_eq!(find("userName")["required"], json!(true));
        assert_eq!(find("id")["readOnly"], json!(true));
        assert_eq!(find("department")["schema"], json!(ENTERPRISE));
        let text = user.to_string();
        assert!(!text.contains("\"reference\""), "{text}");
        assert!(!text.contains("$ref"), "{text}");
        assert!(!text.contains("urn:ietf"), "{text}");
    }
}
