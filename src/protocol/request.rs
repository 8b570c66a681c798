//! A request as data: what the scenario's step or the mock IdP's flow wants sent, with references
//! already substituted. The runner sends it (`runner::exchange::send`); nothing here does I/O,
//! so the IdP's flows are tested without a server.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;
use serde_json::Value;

/// A step's `auth:`: send no credentials, or this `Authorization` value instead of the run's.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum AuthOverride {
    /// Send no credentials.
    None,
    /// Send this raw `Authorization` value.
    Header(String),
}

/// RFC 3986 unreserved characters stay; everything else, spaces included, is percent-encoded
/// (`%20`, as Okta sends it).
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A request ready to send: references substituted, body resolved.
#[derive(Debug, Clone)]
pub struct PreparedRequest {
    pub method: String,
    /// Relative to the target's base URL, query included.
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Value>,
    pub auth: Option<AuthOverride>,
}

impl PreparedRequest {
    /// Appends `query` parameters to the path, percent-encoded.
    pub fn with_query<'a>(mut self, query: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        for (k, v) in query {
            let sep = if self.path.contains('?') { '&' } else { '?' };
            self.path.push(sep);
            self.path
                .extend(utf8_percent_encode(k, QUERY).map(str::to_string));
            self.path.push('=');
            self.path
                .extend(utf8_percent_encode(v, QUERY).map(str::to_string));
        }
        self
    }
}

/// `/Users/{id}` with the id percent-encoded as a path segment.
pub fn resource_path(collection: &str, id: &str) -> String {
    let id: String = utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC).to_string();
    // Ids are usually UUIDs; keep the common unreserved characters readable.
    let id = id
        .replace("%2D", "-")
        .replace("%2E", ".")
        .replace("%5F", "_")
        .replace("%7E", "~");
    format!("/{collection}/{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_percent_encoded_with_percent_20_for_spaces() {
        let r = PreparedRequest {
            method: "GET".into(),
            path: "/Users".into(),
            headers: vec![],
            body: None,
            auth: None,
        }
        .with_query([("filter", "userName eq \"a@b.c\""), ("startIndex", "1")]);
        assert_eq!(
            r.path,
            "/Users?filter=userName%20eq%20%22a%40b.c%22&startIndex=1"
        );
    }
}
