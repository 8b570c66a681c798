//! Discovery documents: `/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas` (RFC 7643 §5–§7).

use serde_json::Value;

use super::schema::REGISTRY;

/// What the server truthfully advertises in its ServiceProviderConfig.
#[derive(Debug, Clone)]
pub struct Features {
    pub max_results: usize,
    pub bearer: bool,
    pub basic: bool,
}

pub fn service_provider_config(base_url: &str, features: &Features) -> Value {
    let _ = (base_url, features, &*REGISTRY);
    todo!()
}

pub fn resource_types(base_url: &str) -> Vec<Value> {
    let _ = base_url;
    todo!()
}

pub fn schemas(base_url: &str) -> Vec<Value> {
    let _ = base_url;
    todo!()
}

pub fn schema_by_id(base_url: &str, id: &str) -> Option<Value> {
    let _ = (base_url, id);
    todo!()
}

pub fn resource_type_by_name(base_url: &str, name: &str) -> Option<Value> {
    let _ = (base_url, name);
    todo!()
}
