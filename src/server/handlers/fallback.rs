//! Answers for what the server does not serve, always with a SCIM error body.

use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use crate::server::error::ScimError;

pub async fn not_found(uri: Uri) -> ScimError {
    ScimError::not_found(format!("no SCIM endpoint at {}", uri.path()))
}

pub async fn method_not_allowed() -> ScimError {
    ScimError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        None,
        "method not allowed on this endpoint",
    )
}

pub async fn not_implemented(uri: Uri) -> ScimError {
    ScimError::new(
        StatusCode::NOT_IMPLEMENTED,
        None,
        format!("{} is not supported by this server", uri.path()),
    )
}

/// The answer when a handler panicked (a server bug): 500 with a SCIM error body.
pub fn panicked(_payload: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ScimError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        None,
        "internal server error",
    )
    .into_response()
}
