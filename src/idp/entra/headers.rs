//! The headers on every Entra request (docs/entra.md, "Headers") and the request builder that
//! adds them, so no flow can forget one.

use serde_json::Value;

use crate::idp::flow::{Labeled, Next};
use crate::protocol::PreparedRequest;

/// Entra's provisioning service sends JSON as `application/scim+json` (its SCIM endpoint
/// tutorial; servers whose framework parses only `application/json` fail it,
/// MicrosoftDocs/azure-docs#12728). No `Accept` and no `User-Agent` are documented or reported,
/// so none is sent beyond the HTTP client's own.
pub const CONTENT_TYPE: &str = "application/scim+json";

/// Entra's headers: `Content-Type` when the request has a body.
pub fn entra_headers(with_body: bool) -> Vec<(String, String)> {
    if with_body {
        vec![("Content-Type".to_owned(), CONTENT_TYPE.to_owned())]
    } else {
        Vec::new()
    }
}

/// A request as Entra sends it. `query` is appended form-encoded, as Entra writes it
/// (`filter=userName+eq+%22…%22`, reported in MicrosoftDocs/azure-docs#94189): a server must
/// read `+` as a space.
pub fn entra_request(
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    body: Option<Value>,
) -> PreparedRequest {
    let mut path = path.to_owned();
    if !query.is_empty() {
        let encoded = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(query.iter().copied())
            .finish();
        path.push(if path.contains('?') { '&' } else { '?' });
        path.push_str(&encoded);
    }
    PreparedRequest {
        method: method.to_owned(),
        path,
        headers: entra_headers(body.is_some()),
        body,
        auth: None,
    }
}

/// [`entra_request`] with the label reports show for it.
pub fn labeled(
    label: &'static str,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    body: Option<Value>,
) -> Labeled {
    Labeled {
        label,
        request: entra_request(method, path, query, body),
    }
}

/// [`labeled`] as the next thing a flow sends.
pub fn send(
    label: &'static str,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    body: Option<Value>,
) -> Next {
    Next::Send(labeled(label, method, path, query, body))
}

pub use crate::protocol::resource_path;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_form_encoded_as_entra_writes_them() {
        let r = entra_request(
            "GET",
            "/Users",
            &[("filter", "userName eq \"a+b@example.com\"")],
            None,
        );
        assert_eq!(
            r.path,
            "/Users?filter=userName+eq+%22a%2Bb%40example.com%22"
        );
        assert!(r.headers.is_empty());
    }
}
