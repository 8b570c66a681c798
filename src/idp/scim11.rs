//! How Okta spells its requests for a SCIM 1.1 endpoint (okta-scim-behaviour §1.11).
//!
//! The flows say what Okta does (which requests, in which order, with which values) once, in
//! their SCIM 2.0 form; this file says how each request is written on a 1.1 wire, so that the
//! two dialects cannot drift apart in what they do, only in how they say it:
//! - `Accept` and `Content-Type` are `application/json`;
//! - every 2.0 user or group schema URN is `urn:scim:schemas:core:1.0`, the enterprise extension
//!   is `urn:scim:schemas:extension:enterprise:1.0` (its key too);
//! - a PatchOp becomes a partial resource: a pathless replace is merged in (a user's PATCH carries
//!   its `id`: `{"schemas":[…1.0],"id":"…","active":false}`), added members are listed,
//!   a removed member is listed with `"operation":"delete"`, and a full member replace lists
//!   `members` under `meta.attributes` (clear) and then every member.
//!
//! Anything a 2.0 PatchOp can say that 1.1 cannot is an error, not a silent approximation.

use serde_json::{Map, Value, json};

use crate::protocol::Dialect;
use crate::protocol::PreparedRequest;

use crate::protocol::urn::PATCH_OP;
const SCIM_JSON: &str = "application/scim+json";
const JSON: &str = "application/json";

/// `request`, as Okta sends it to a SCIM 1.1 endpoint. `display_of(id)` is the userName Okta
/// shows for a member it removes (1.1 lists it with the member).
pub fn to_scim11(
    mut request: PreparedRequest,
    display_of: impl Fn(&str) -> Option<String>,
) -> Result<PreparedRequest, String> {
    for (name, value) in &mut request.headers {
        if name.eq_ignore_ascii_case("accept") || name.eq_ignore_ascii_case("content-type") {
            *value = value.replace(SCIM_JSON, JSON);
        }
    }
    let Some(body) = request.body.take() else {
        return Ok(request);
    };
    let is_patch_op = body
        .get("schemas")
        .and_then(Value::as_array)
        .is_some_and(|s| s.iter().any(|u| u.as_str() == Some(PATCH_OP)));
    request.body = Some(if is_patch_op {
        partial_resource(&body, &request.path, &display_of)?
    } else {
        resource(body)
    });
    Ok(request)
}

/// A 2.0 user or group body with its schema URNs (and extension key) in their 1.1 form.
pub fn resource(body: Value) -> Value {
    let Value::Object(object) = body else {
        return body;
    };
    let (two, one) = (Dialect::Scim2, Dialect::Scim11);
    let mut out = Map::with_capacity(object.len());
    for (key, value) in object {
        if key == "schemas" {
            let mut schemas: Vec<Value> = Vec::new();
            for urn in value.as_array().into_iter().flatten() {
                let urn = match urn.as_str() {
                    Some(u) if u == two.user_schema() || u == two.group_schema() => {
                        Value::String(one.user_schema().to_owned())
                    }
                    Some(u) if u == two.enterprise_schema() => {
                        Value::String(one.enterprise_schema().to_owned())
                    }
                    _ => urn.clone(),
                };
                if !schemas.contains(&urn) {
                    schemas.push(urn);
                }
            }
            out.insert(key, Value::Array(schemas));
        } else if key == two.enterprise_schema() {
            out.insert(one.enterprise_schema().to_owned(), value);
        } else {
            out.insert(key, value);
        }
    }
    Value::Object(out)
}

/// The id in `/Users/{id}` (query stripped), when the path is a user's.
fn user_id(path: &str) -> Option<&str> {
    let path = path.split('?').next().unwrap_or(path);
    path.strip_prefix("/Users/").filter(|id| !id.contains('/'))
}

/// `members[value eq "ID"]` → `ID`.
fn removed_member(path: &str) -> Option<String> {
    let inner = path.strip_prefix("members[")?.strip_suffix(']')?;
    let (attribute, rest) = inner.trim().split_once(char::is_whitespace)?;
    let (operator, literal) = rest.trim().split_once(char::is_whitespace)?;
    if !attribute.eq_ignore_ascii_case("value") || !operator.eq_ignore_ascii_case("eq") {
        return None;
    }
    serde_json::from_str::<String>(literal.trim()).ok()
}

fn partial_resource(
    patch: &Value,
    path: &str,
    display_of: &impl Fn(&str) -> Option<String>,
) -> Result<Value, String> {
    let mut partial = Map::new();
    partial.insert("schemas".into(), json!([Dialect::Scim11.user_schema()]));
    if let Some(id) = user_id(path) {
        let id = percent_encoding::percent_decode_str(id).decode_utf8_lossy();
        partial.insert("id".into(), Value::String(id.into_owned()));
    }
    let mut members: Vec<Value> = Vec::new();
    let mut cleared: Vec<Value> = Vec::new();
    let operations = patch
        .get("Operations")
        .and_then(Value::as_array)
        .ok_or("a PatchOp without `Operations`")?;
    for operation in operations {
        let op = operation
            .get("op")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let target = operation.get("path").and_then(Value::as_str);
        let value = operation.get("value");
        match (op.as_str(), target, value) {
            ("replace" | "add", None, Some(Value::Object(values))) => {
                for (key, value) in values {
                    if key != "schemas" {
                        partial.insert(key.clone(), value.clone());
                    }
                }
            }
            ("add", Some("members"), Some(Value::Array(added))) => {
                members.extend(added.iter().cloned());
            }
            ("replace", Some("members"), Some(Value::Array(all))) => {
                if !cleared.contains(&json!("members")) {
                    cleared.push(json!("members"));
                }
                members = all.clone();
            }
            ("remove", Some("members"), None) => {
                if !cleared.contains(&json!("members")) {
                    cleared.push(json!("members"));
                }
                members.clear();
            }
            ("remove", Some(filter), None) if removed_member(filter).is_some() => {
                let id = removed_member(filter).unwrap_or_default();
                let mut member = Map::new();
                member.insert("value".into(), Value::String(id.clone()));
                if let Some(display) = display_of(&id) {
                    member.insert("display".into(), Value::String(display));
                }
                member.insert("operation".into(), json!("delete"));
                members.push(Value::Object(member));
            }
            ("replace" | "add", Some(attribute), Some(value))
                if !attribute.contains(['.', '[', ':']) =>
            {
                partial.insert(attribute.to_owned(), value.clone());
            }
            _ => {
                return Err(format!(
                    "the PATCH operation {operation} has no SCIM 1.1 form (okta-scim-behaviour §1.11)"
                ));
            }
        }
    }
    if !cleared.is_empty() {
        partial.insert("meta".into(), json!({ "attributes": cleared }));
    }
    if !members.is_empty() || !cleared.is_empty() {
        partial.insert("members".into(), Value::Array(members));
    }
    Ok(Value::Object(partial))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: &str, path: &str, body: Value) -> PreparedRequest {
        PreparedRequest {
            method: method.into(),
            path: path.into(),
            headers: vec![
                ("Accept".into(), "application/scim+json".into()),
                (
                    "Content-Type".into(),
                    "application/scim+json; charset=utf-8".into(),
                ),
                ("User-Agent".into(), "Okta SCIM Client 1.0.0".into()),
            ],
            body: Some(body),
            auth: None,
        }
    }

    fn patch(ops: Value) -> Value {
        json!({"schemas": [PATCH_OP], "Operations": ops})
    }

    fn names(id: &str) -> Option<String> {
        (id == "u-b").then(|| "bob@x.com".to_owned())
    }

    fn translated(method: &str, path: &str, body: Value) -> Value {
        let out = to_scim11(request(method, path, body), names).unwrap();
        assert_eq!(out.headers[0].1, "application/json");
        assert_eq!(out.headers[1].1, "application/json; charset=utf-8");
        assert_eq!(out.headers[2].1, "Okta SCIM Client 1.0.0");
        out.body.unwrap()
    }

    #[test]
    fn deactivation_is_a_partial_user_with_its_id() {
        let body = translated(
            "PATCH",
            "/Users/u-1",
            patch(json!([{"op": "replace", "value": {"active": false}}])),
        );
        assert_eq!(
            body,
            json!({"schemas": ["urn:scim:schemas:core:1.0"], "id": "u-1", "active": false})
        );
    }

    #[test]
    fn group_membership_and_rename() {
        let add = translated(
            "PATCH",
            "/Groups/g-1",
            patch(
                json!([{"op": "add", "path": "members", "value": [{"value": "u-a", "display": "a@x.com"}]}]),
            ),
        );
        assert_eq!(
            add,
            json!({"schemas": ["urn:scim:schemas:core:1.0"], "members": [{"value": "u-a", "display": "a@x.com"}]})
        );
        let remove = translated(
            "PATCH",
            "/Groups/g-1",
            patch(json!([{"op": "remove", "path": "members[value eq \"u-b\"]"}])),
        );
        assert_eq!(
            remove["members"],
            json!([{"value": "u-b", "display": "bob@x.com", "operation": "delete"}])
        );
        let repush = translated(
            "PATCH",
            "/Groups/g-1",
            patch(
                json!([{"op": "replace", "path": "members", "value": [{"value": "u-b", "display": "bob@x.com"}]}]),
            ),
        );
        assert_eq!(repush["meta"], json!({"attributes": ["members"]}));
        assert_eq!(
            repush["members"],
            json!([{"value": "u-b", "display": "bob@x.com"}])
        );
        let rename = translated(
            "PATCH",
            "/Groups/g-1",
            patch(json!([{"op": "replace", "value": {"id": "g-1", "displayName": "New"}}])),
        );
        assert_eq!(
            rename,
            json!({"schemas": ["urn:scim:schemas:core:1.0"], "id": "g-1", "displayName": "New"})
        );
    }

    #[test]
    fn resources_get_the_core_1_0_schema_and_extension() {
        let body = translated(
            "POST",
            "/Users",
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                "userName": "a@x.com",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "R&D"}
            }),
        );
        assert_eq!(
            body,
            json!({
                "schemas": ["urn:scim:schemas:core:1.0", "urn:scim:schemas:extension:enterprise:1.0"],
                "userName": "a@x.com",
                "urn:scim:schemas:extension:enterprise:1.0": {"department": "R&D"}
            })
        );
    }

    #[test]
    fn what_1_1_cannot_say_is_an_error() {
        let error = to_scim11(
            request(
                "PATCH",
                "/Users/u-1",
                patch(json!([{"op": "remove", "path": "emails[type eq \"work\"].value"}])),
            ),
            names,
        )
        .unwrap_err();
        assert!(error.contains("no SCIM 1.1 form"), "{error}");
    }
}
