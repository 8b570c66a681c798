//! Rendering stored records as response bodies: the one derived attribute, a user's read-only
//! `groups`, is added here, then `attributes`/`excludedAttributes` are applied.
//!
//! A group's `members` are rendered as stored: as the client wrote them, with the server's `$ref`
//! and `type`. No `display` is derived for them (see `Store::resolve_members`), so a group's
//! stored bytes are its default representation.

use axum::body::Bytes;
use serde_json::{Map, Value, json};

use crate::server::resource::projection::AttributeSelection;
use crate::server::schema::{REGISTRY, ResourceKind};
use crate::server::store::{Record, Store};

/// The record as JSON bytes, ready to send.
pub fn render(store: &Store, record: &Record, selection: &AttributeSelection) -> Bytes {
    let has_groups =
        || record.kind == ResourceKind::User && !store.memberships(&record.id).is_empty();
    if selection.is_default() && !has_groups() {
        // The stored representation is exactly the response: no parse, no copy.
        return record.json.clone();
    }
    let mut doc = document(store, record);
    selection.apply(REGISTRY.get(record.kind), &mut doc);
    Bytes::from(serde_json::to_vec(&Value::Object(doc)).unwrap_or_default())
}

/// The full representation of a record, derived attributes included.
pub fn document(store: &Store, record: &Record) -> Map<String, Value> {
    let mut doc = record.document();
    if record.kind != ResourceKind::User {
        return doc;
    }
    let groups: Vec<Value> = store
        .memberships(&record.id)
        .into_iter()
        .map(|m| {
            json!({
                "value": &*m.group_id,
                "$ref": store.location(ResourceKind::Group, &m.group_id),
                "display": m.display,
                "type": "direct",
            })
        })
        .collect();
    if !groups.is_empty() {
        let meta = doc.shift_remove("meta");
        doc.insert("groups".into(), Value::Array(groups));
        if let Some(meta) = meta {
            doc.insert("meta".into(), meta);
        }
    }
    doc
}
