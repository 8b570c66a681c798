//! Rendering stored records as response bodies: derived attributes (a user's `groups`, members'
//! `display`) are added here, then `attributes`/`excludedAttributes` are applied.

use axum::body::Bytes;
use serde_json::{Map, Value, json};

use crate::server::resource::projection::AttributeSelection;
use crate::server::schema::{REGISTRY, ResourceKind};
use crate::server::store::{Record, Store};

/// The record as JSON bytes, ready to send.
pub fn render(store: &Store, record: &Record, selection: &AttributeSelection) -> Bytes {
    if record.kind == ResourceKind::User
        && selection.is_default()
        && store.memberships(&record.id).is_empty()
    {
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
    match record.kind {
        ResourceKind::User => {
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
        }
        ResourceKind::Group => {
            let details = store.member_details(&record.members);
            if let Some(Value::Array(members)) = doc.get_mut("members") {
                for (member, detail) in members.iter_mut().zip(details) {
                    if let (Value::Object(m), Some((_, display))) = (member, detail) {
                        let mut with_display = Map::with_capacity(4);
                        for (k, v) in std::mem::take(m) {
                            with_display.insert(k.clone(), v);
                            if k == "value" {
                                with_display
                                    .insert("display".into(), Value::String(display.clone()));
                            }
                        }
                        *m = with_display;
                    }
                }
            }
        }
    }
    doc
}
