//! Every operation on every attribute path of both resource types, with values of every JSON
//! shape, in both modes: the engine must answer `Ok` or a 400, never panic, and (checked by
//! [`run`]) leave the resource untouched on error.

use serde_json::{Value, json};

use super::*;
use crate::server::schema::AttributeDef;

/// Paths for one attribute: itself, each sub-attribute, and (multi-valued complex) value filters.
fn paths_for(prefix: &str, attr: &AttributeDef) -> Vec<String> {
    let name = format!("{prefix}{}", attr.name);
    let mut paths = vec![name.clone()];
    for sub in &attr.sub_attributes {
        paths.push(format!("{name}.{}", sub.name));
        if attr.multi_valued {
            paths.push(format!("{name}[{} eq \"x\"].{}", sub.name, sub.name));
        }
    }
    if let (true, Some(first)) = (attr.multi_valued, attr.sub_attributes.first()) {
        paths.push(format!("{name}[{} eq \"x\"]", first.name));
        paths.push(format!(
            "{name}[{} pr or not ({} eq \"y\")]",
            first.name, first.name
        ));
    }
    paths
}

fn all_paths(rt: &ResourceType) -> Vec<String> {
    let mut paths = Vec::new();
    for attr in rt.common.iter().chain(&rt.schema.attributes) {
        paths.extend(paths_for("", attr));
    }
    for (ext, _) in &rt.extensions {
        paths.push(ext.id.to_owned());
        for attr in &ext.attributes {
            paths.extend(paths_for(&format!("{}:", ext.id), attr));
        }
    }
    paths
}

fn values() -> Vec<Value> {
    vec![
        json!(null),
        json!(true),
        json!("True"),
        json!(7),
        json!("text"),
        json!([]),
        json!([1, [2]]),
        json!({}),
        json!({ "value": "x", "primary": true }),
        json!([{ "value": "x", "type": "work", "primary": "true" }, { "value": "x" }]),
        json!({ "nested": { "deeper": [null, {}] } }),
    ]
}

#[test]
fn no_input_panics_and_failures_leave_the_resource_untouched() {
    let mut outcomes = (0, 0);
    for (rt, doc) in [(users(), user()), (groups(), group())] {
        for path in all_paths(rt) {
            for op in ["add", "replace", "remove", "Replace"] {
                for value in values() {
                    for lenient in [false, true] {
                        let ops = json!([{ "op": op, "path": path, "value": value }]);
                        match run(rt, &doc, &body(ops), lenient) {
                            Ok(_) => outcomes.0 += 1,
                            Err(e) => {
                                assert_eq!(e.status.as_u16(), 400, "{path} {op}: {}", e.detail);
                                assert!(e.scim_type.is_some(), "{path} {op}: {}", e.detail);
                                outcomes.1 += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    // Both outcomes occur: the matrix exercises real work, not only rejections.
    assert!(outcomes.0 > 1000 && outcomes.1 > 1000, "{outcomes:?}");
}

#[test]
fn pathless_values_of_every_shape() {
    for value in values() {
        for key in [
            "userName",
            "name",
            "emails",
            "id",
            "meta",
            ENT,
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "name.givenName",
            "x",
        ] {
            for op in ["add", "replace"] {
                let ops = json!([{ "op": op, "value": { key: value.clone() } }]);
                if let Err(e) = run(users(), &user(), &body(ops), true) {
                    assert_eq!(e.status.as_u16(), 400, "{key} {op}: {}", e.detail);
                }
            }
        }
    }
}
