//! Building JSON response bodies with the SCIM media type.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::urn::SCIM_JSON;

/// A JSON body with `Content-Type: application/scim+json`.
pub struct ScimJson(pub Vec<u8>);

pub fn scim_json(value: &serde_json::Value) -> ScimJson {
    // Serialising a `Value` cannot fail: its keys are always strings.
    ScimJson(serde_json::to_vec(value).unwrap_or_default())
}

impl IntoResponse for ScimJson {
    fn into_response(self) -> Response {
        let mut response = self.0.into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(SCIM_JSON));
        response
    }
}
