//! One stored resource: its serialised representation plus the facts the store indexes.

use axum::body::Bytes;
use serde_json::{Map, Value};

use crate::server::schema::ResourceKind;

/// A stored resource. Immutable: an update stores a new `Record` in place of the old one, so a
/// reader holding an `Arc<Record>` always sees one consistent version.
///
/// The document is kept serialised (`json`) rather than as a `serde_json::Value`: a parsed value
/// costs several times more memory, and the common read (`GET /Users/{id}` of a user in no group)
/// can then answer with these bytes as they are.
#[derive(Debug)]
pub struct Record {
    pub kind: ResourceKind,
    pub id: std::sync::Arc<str>,
    /// Creation order; lists are returned in this order unless sorted, so paging is stable.
    pub seq: u64,
    /// The revision counter behind `meta.version` (`W/"<revision>"`).
    pub revision: u64,
    /// The full representation: `schemas`, `id`, client attributes, `meta`. Never `password`.
    /// For users, the derived `groups` attribute is not stored here but added when rendering;
    /// a group's members are stored as the client wrote them, with the server's `$ref`/`type`.
    pub json: Bytes,
    /// userName (users) or displayName (groups), as stored.
    pub name: String,
    pub external_id: Option<String>,
    /// For groups: the ids of the members, in order.
    pub members: Vec<std::sync::Arc<str>>,
}

impl Record {
    /// The ETag / `meta.version` value.
    pub fn version(&self) -> String {
        version_tag(self.revision)
    }

    /// Parses the stored representation. It was produced by `serde_json`, so it always parses.
    pub fn document(&self) -> Map<String, Value> {
        match serde_json::from_slice(&self.json) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        }
    }
}

/// `W/"<revision>"`: a weak validator, since representations differ by projection.
pub fn version_tag(revision: u64) -> String {
    format!("W/\"{revision}\"")
}

/// Weak comparison of entity tags (RFC 9110 §8.8.3.2): `W/` prefixes are ignored.
pub fn etag_matches(header_value: &str, current: &str) -> bool {
    let strip = |t: &str| {
        t.trim()
            .trim_start_matches("W/")
            .trim_start_matches("w/")
            .to_string()
    };
    let current = strip(current);
    header_value.split(',').any(|candidate| {
        let candidate = candidate.trim();
        candidate == "*" || strip(candidate) == current
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_comparison_ignores_the_prefix_and_accepts_lists_and_star() {
        assert!(etag_matches("W/\"3\"", "W/\"3\""));
        assert!(etag_matches("\"3\"", "W/\"3\""));
        assert!(etag_matches("W/\"1\", W/\"3\"", "W/\"3\""));
        assert!(etag_matches("*", "W/\"3\""));
        assert!(!etag_matches("W/\"2\"", "W/\"3\""));
        assert!(!etag_matches("W/\"33\"", "W/\"3\""));
    }
}
