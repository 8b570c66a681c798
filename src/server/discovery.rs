//! Discovery documents: `/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas` (RFC 7643 §5–§7).
//!
//! Conformance suites (WSO2, scim2-tester) and real clients skip or adapt their checks according to
//! these documents, so every claim here must be true of this server: what it says is supported is
//! exercised by the bundled scenarios, and what it does not do (password change) is said so. Bulk
//! (RFC 7644 §3.7) is advertised with the very limits `server::bulk` enforces.
//! `/Schemas` is rendered from the very registry that drives normalisation, projection and
//! filtering, so the advertised characteristics cannot drift from the enforced ones.

use serde_json::{Map, Value, json};

use super::schema::{AttributeDef, REGISTRY, ResourceType, SchemaDef};
use super::urn;

/// What the server truthfully advertises in its ServiceProviderConfig.
#[derive(Debug, Clone)]
pub struct Features {
    /// The largest page a list or search answers with (`filter.maxResults`).
    pub max_results: usize,
    /// A bearer token is configured.
    pub bearer: bool,
    /// HTTP basic credentials are configured.
    pub basic: bool,
    /// `bulk.maxOperations`: the most operations one bulk request may carry.
    pub bulk_max_operations: usize,
    /// `bulk.maxPayloadSize`: the largest bulk request body, in bytes.
    pub bulk_max_payload: usize,
}

/// The ServiceProviderConfig (RFC 7643 §5) of a server mounted at `base_url`.
pub fn service_provider_config(base_url: &str, features: &Features) -> Value {
    json!({
        "schemas": [urn::SERVICE_PROVIDER_CONFIG],
        "patch": { "supported": true },
        "bulk": {
            "supported": true,
            "maxOperations": features.bulk_max_operations,
            "maxPayloadSize": features.bulk_max_payload,
        },
        "filter": { "supported": true, "maxResults": features.max_results },
        "changePassword": { "supported": false },
        "sort": { "supported": true },
        "etag": { "supported": true },
        "authenticationSchemes": authentication_schemes(features),
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": format!("{}/ServiceProviderConfig", trim(base_url)),
        },
    })
}

/// One entry per configured credential, the bearer token first and `primary`. With no credential
/// configured the server accepts any request; it still lists the bearer scheme (what clients
/// usually send), saying so, rather than an empty list that some clients reject.
fn authentication_schemes(features: &Features) -> Vec<Value> {
    let bearer = |description: &str, primary: bool| {
        json!({
            "type": "oauthbearertoken",
            "name": "OAuth Bearer Token",
            "description": description,
            "specUri": "https://www.rfc-editor.org/rfc/rfc6750",
            "primary": primary,
        })
    };
    let mut schemes = Vec::new();
    if features.bearer {
        schemes.push(bearer(
            "Authentication with the static bearer token configured on this server, sent as \
             'Authorization: Bearer <token>'.",
            true,
        ));
    }
    if features.basic {
        schemes.push(json!({
            "type": "httpbasic",
            "name": "HTTP Basic",
            "description": "Authentication with the user name and password configured on this \
                            server, sent as 'Authorization: Basic <base64(user:password)>'.",
            "specUri": "https://www.rfc-editor.org/rfc/rfc7617",
            "primary": !features.bearer,
        }));
    }
    if schemes.is_empty() {
        schemes.push(bearer(
            "No credential is configured on this server: any bearer token, or none, is accepted.",
            true,
        ));
    }
    schemes
}

/// Every resource type (RFC 7643 §6), User then Group.
pub fn resource_types(base_url: &str) -> Vec<Value> {
    [&REGISTRY.user, &REGISTRY.group]
        .into_iter()
        .map(|rt| render_resource_type(base_url, rt))
        .collect()
}

/// The resource type called `name` (case-insensitive), as served at `/ResourceTypes/{name}`.
pub fn resource_type_by_name(base_url: &str, name: &str) -> Option<Value> {
    [&REGISTRY.user, &REGISTRY.group]
        .into_iter()
        .find(|rt| rt.name().eq_ignore_ascii_case(name))
        .map(|rt| render_resource_type(base_url, rt))
}

fn render_resource_type(base_url: &str, rt: &ResourceType) -> Value {
    let mut doc = Map::new();
    doc.insert("schemas".into(), json!([urn::RESOURCE_TYPE]));
    doc.insert("id".into(), json!(rt.name()));
    doc.insert("name".into(), json!(rt.name()));
    doc.insert("endpoint".into(), json!(rt.kind.endpoint()));
    doc.insert("description".into(), json!(rt.description));
    doc.insert("schema".into(), json!(rt.schema.id));
    // Omitted when empty, as in the RFC's Group example (RFC 7643 §8.6).
    if !rt.extensions.is_empty() {
        let extensions: Vec<Value> = rt
            .extensions
            .iter()
            .map(|(schema, required)| json!({ "schema": schema.id, "required": required }))
            .collect();
        doc.insert("schemaExtensions".into(), Value::Array(extensions));
    }
    doc.insert(
        "meta".into(),
        json!({
            "resourceType": "ResourceType",
            "location": format!("{}/ResourceTypes/{}", trim(base_url), rt.name()),
        }),
    );
    Value::Object(doc)
}

/// Every schema (RFC 7643 §7) in registry order: User, Group, then the extensions.
pub fn schemas(base_url: &str) -> Vec<Value> {
    REGISTRY
        .schemas()
        .into_iter()
        .map(|s| render_schema(base_url, s))
        .collect()
}

/// The schema whose URN is `id` (case-insensitive), as served at `/Schemas/{id}`.
pub fn schema_by_id(base_url: &str, id: &str) -> Option<Value> {
    REGISTRY
        .schemas()
        .into_iter()
        .find(|s| s.id.eq_ignore_ascii_case(id))
        .map(|s| render_schema(base_url, s))
}

fn render_schema(base_url: &str, schema: &SchemaDef) -> Value {
    json!({
        "schemas": [urn::SCHEMA],
        "id": schema.id,
        "name": schema.name,
        "description": schema.description,
        "attributes": schema.attributes.iter().map(render_attribute).collect::<Vec<_>>(),
        "meta": {
            "resourceType": "Schema",
            "location": format!("{}/Schemas/{}", trim(base_url), schema.id),
        },
    })
}

/// Every characteristic is written out, defaults included, in the order of the RFC 7643 §8.7.1
/// examples; `canonicalValues`, `referenceTypes` and `subAttributes` only when they apply.
fn render_attribute(attr: &AttributeDef) -> Value {
    let mut out = Map::new();
    out.insert("name".into(), json!(attr.name));
    out.insert("type".into(), json!(attr.ty.as_str()));
    out.insert("multiValued".into(), json!(attr.multi_valued));
    out.insert("description".into(), json!(attr.description));
    out.insert("required".into(), json!(attr.required));
    if !attr.canonical_values.is_empty() {
        out.insert("canonicalValues".into(), json!(attr.canonical_values));
    }
    out.insert("caseExact".into(), json!(attr.case_exact));
    out.insert("mutability".into(), json!(attr.mutability.as_str()));
    out.insert("returned".into(), json!(attr.returned.as_str()));
    out.insert("uniqueness".into(), json!(attr.uniqueness.as_str()));
    if !attr.reference_types.is_empty() {
        out.insert("referenceTypes".into(), json!(attr.reference_types));
    }
    if attr.is_complex() {
        let subs: Vec<Value> = attr.sub_attributes.iter().map(render_attribute).collect();
        out.insert("subAttributes".into(), Value::Array(subs));
    }
    Value::Object(out)
}

/// `base_url` without a trailing slash, so locations never contain `//`.
fn trim(base_url: &str) -> &str {
    base_url.trim_end_matches('/')
}

#[cfg(test)]
mod tests;
