//! The error quirks: answers that break RFC 7644 §3.12 ("implementers MUST return the errors in
//! the body of the response in a JSON format") the way web frameworks do when a request never
//! reaches the SCIM code, or when it crashes on input the SCIM code did not expect.

use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::context::Context;
use super::route::Route;
use super::{Quirk, Quirks};
use crate::server::schema::ResourceKind;

/// The framework's own page for an unknown endpoint (404), a method a route does not serve
/// (405) and `/Me` or `/Bulk` (501), when the quirk is on: text, not a SCIM error.
pub(super) fn framework_page(
    quirks: &Quirks,
    context: &Context,
    status: StatusCode,
) -> Option<&'static str> {
    if !quirks.has(Quirk::ErrorPagesNotScim) {
        return None;
    }
    match status {
        StatusCode::NOT_FOUND if context.route == Route::Other => Some("404 page not found"),
        StatusCode::METHOD_NOT_ALLOWED => Some("405 method not allowed"),
        StatusCode::NOT_IMPLEMENTED => Some("501 not implemented"),
        _ => None,
    }
}

/// A create or replace whose body is not a JSON object: the framework's 500, when the quirk is on.
pub(super) fn unparsable_body(
    quirks: &Quirks,
    method: &Method,
    route: &Route,
    body: &[u8],
    json: Option<&Value>,
) -> Option<Response> {
    let writes = matches!(
        (method, route),
        (&Method::POST, Route::List(_)) | (&Method::PUT, Route::Item(_, _))
    );
    let kind_ok = matches!(
        route,
        Route::List(ResourceKind::User | ResourceKind::Group) | Route::Item(_, _)
    );
    if !quirks.has(Quirk::UnparsableBody500) || !writes || !kind_ok || body.is_empty() {
        return None;
    }
    if json.is_some_and(Value::is_object) {
        return None;
    }
    let mut response = (
        StatusCode::INTERNAL_SERVER_ERROR,
        r#"{"statusCode":500,"message":"Internal server error"}"#,
    )
        .into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    Some(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unrouted_404s_become_framework_pages() {
        let quirks = Quirks::new([Quirk::ErrorPagesNotScim]);
        let other = Context::of(&Method::GET, &Route::Other, None);
        let item = Context::of(
            &Method::GET,
            &Route::Item(ResourceKind::User, "x".into()),
            None,
        );
        assert!(framework_page(&quirks, &other, StatusCode::NOT_FOUND).is_some());
        assert!(framework_page(&quirks, &item, StatusCode::NOT_FOUND).is_none());
        assert!(framework_page(&quirks, &item, StatusCode::METHOD_NOT_ALLOWED).is_some());
        assert!(framework_page(&Quirks::default(), &other, StatusCode::NOT_IMPLEMENTED).is_none());
    }
}
