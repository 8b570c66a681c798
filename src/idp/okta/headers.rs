//! The headers on every Okta request (okta-scim-behaviour §1.0) and the request builder that
//! adds them, so no flow can forget one.

use serde_json::Value;

use crate::idp::flow::{Labeled, Next};
use crate::protocol::PreparedRequest;

pub const USER_AGENT: &str = "Okta SCIM Client 1.0.0";
pub const ACCEPT: &str = "application/scim+json";
pub const ACCEPT_CHARSET: &str = "utf-8";
pub const CONTENT_TYPE: &str = "application/scim+json; charset=utf-8";

/// Okta's headers, with `Content-Type` when the request has a body.
pub fn okta_headers(with_body: bool) -> Vec<(String, String)> {
    let mut headers = vec![
        ("User-Agent".to_owned(), USER_AGENT.to_owned()),
        ("Accept".to_owned(), ACCEPT.to_owned()),
        ("Accept-Charset".to_owned(), ACCEPT_CHARSET.to_owned()),
    ];
    if with_body {
        headers.push(("Content-Type".to_owned(), CONTENT_TYPE.to_owned()));
    }
    headers
}

/// A request as Okta sends it. `query` is appended percent-encoded (`%20` for spaces).
pub fn okta_request(
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    body: Option<Value>,
) -> PreparedRequest {
    PreparedRequest {
        method: method.to_owned(),
        path: path.to_owned(),
        headers: okta_headers(body.is_some()),
        body,
        auth: None,
    }
    .with_query(query.iter().copied())
}

/// [`okta_request`] wrapped as the next thing a flow sends.
pub fn send(
    label: &'static str,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    body: Option<Value>,
) -> Next {
    Next::Send(Labeled {
        label,
        request: okta_request(method, path, query, body),
    })
}

pub use crate::protocol::resource_path;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_encode_like_okta() {
        let r = okta_request(
            "GET",
            "/Users",
            &[
                ("filter", "userName eq \"a.b@example.com\""),
                ("startIndex", "1"),
                ("count", "100"),
            ],
            None,
        );
        assert_eq!(
            r.path,
            "/Users?filter=userName%20eq%20%22a.b%40example.com%22&startIndex=1&count=100"
        );
        assert_eq!(r.headers.len(), 3);
        assert_eq!(resource_path("Users", "ab-1_2.x"), "/Users/ab-1_2.x");
        assert_eq!(resource_path("Users", "a/b c"), "/Users/a%2Fb%20c");
    }
}
