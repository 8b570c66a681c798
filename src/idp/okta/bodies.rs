//! The JSON Okta sends: the create body, the whole-object PUT (the server's resource with only
//! Okta's changed values replaced), PatchOp messages, and group bodies (okta-scim-behaviour
//! §1.3–§1.8).
//!
//! Okta's view of a person lives in the run's variables (`alice.userName`, `alice.givenName`, …),
//! so a profile change made by one step is what later steps push.

use serde_json::{Map, Value, json};

use crate::protocol::Dialect;
use crate::protocol::{Identity, Vars};

pub use crate::protocol::urn::{
    GROUP as GROUP_SCHEMA, PATCH_OP as PATCH_SCHEMA, USER as USER_SCHEMA,
};

/// What Okta sends for a person, and how a change Okta made is written back to the run's
/// variables.
impl Identity {
    /// Defines `name.userName`, `name.email`, …, `name.user` as variables (the fields Okta
    /// may change through `Identity::store`, plus the ones it never changes).
    pub fn define(&self, name: &str, dialect: Dialect, vars: &mut Vars) {
        self.store(vars, name, dialect);
        vars.set(
            format!("{name}.externalId"),
            Value::String(self.external_id.clone()),
        );
        vars.set(
            format!("{name}.password"),
            Value::String(self.password.clone()),
        );
    }

    /// The body Okta sends to create this person (`${alice.user}`).
    pub fn okta_user_body(&self) -> Value {
        self.create_body()
    }

    /// Writes the profile back (after an Okta-side change), `name.user` included, spelled in
    /// `dialect`.
    pub fn store(&self, vars: &mut Vars, name: &str, dialect: Dialect) {
        let fields = [
            ("userName", &self.user_name),
            ("givenName", &self.given_name),
            ("familyName", &self.family_name),
            ("email", &self.email),
            ("displayName", &self.display_name),
        ];
        for (field, value) in fields {
            vars.set(format!("{name}.{field}"), Value::String(value.clone()));
        }
        vars.set(
            format!("{name}.userNameUpper"),
            Value::String(self.user_name.to_uppercase()),
        );
        // `${name.user}`, the body Okta sends on assignment, spelled in the run's SCIM version.
        let body = match dialect {
            Dialect::Scim2 => self.create_body(),
            Dialect::Scim11 => crate::idp::scim11::resource(self.create_body()),
        };
        vars.set(format!("{name}.user"), body);
    }

    /// The POST /Users body (§1.3): primary work email, `groups: []`, a password, active.
    pub fn create_body(&self) -> Value {
        json!({
            "schemas": [USER_SCHEMA],
            "userName": self.user_name,
            "name": {"givenName": self.given_name, "familyName": self.family_name},
            "emails": [{"primary": true, "value": self.email, "type": "work"}],
            "displayName": self.display_name,
            "locale": "en-US",
            "externalId": self.external_id,
            "groups": [],
            "password": self.password,
            "active": true
        })
    }

    /// The PUT body (§1.4): the resource as the server returned it, with Okta's profile values
    /// written over it where they differ, and `active` if given. Everything else is sent back.
    pub fn put_body(&self, current: &Value, active: Option<bool>) -> Value {
        let mut body = match current {
            Value::Object(map) => map.clone(),
            _ => Map::new(),
        };
        set_if_changed(&mut body, "userName", json!(self.user_name));
        let name = body
            .entry("name")
            .or_insert_with(|| Value::Object(Map::new()));
        if !name.is_object() {
            *name = Value::Object(Map::new());
        }
        if let Value::Object(name) = name {
            set_if_changed(name, "givenName", json!(self.given_name));
            set_if_changed(name, "familyName", json!(self.family_name));
        }
        set_if_changed(&mut body, "displayName", json!(self.display_name));
        let primary = body
            .get_mut("emails")
            .and_then(Value::as_array_mut)
            .and_then(|emails| {
                emails
                    .iter_mut()
                    .find(|e| e.get("primary") == Some(&Value::Bool(true)))
            });
        match primary {
            Some(Value::Object(email)) => set_if_changed(email, "value", json!(self.email)),
            _ => {
                body.insert(
                    "emails".to_owned(),
                    json!([{"primary": true, "value": self.email, "type": "work"}]),
                );
            }
        }
        if let Some(active) = active {
            set_if_changed(&mut body, "active", Value::Bool(active));
        }
        if !body.contains_key("schemas") {
            body.insert("schemas".to_owned(), json!([USER_SCHEMA]));
        }
        Value::Object(body)
    }
}

fn set_if_changed(map: &mut Map<String, Value>, key: &str, value: Value) {
    if map.get(key) != Some(&value) {
        map.insert(key.to_owned(), value);
    }
}

/// A PatchOp message with these operations.
pub fn patch(operations: Vec<Value>) -> Value {
    json!({"schemas": [PATCH_SCHEMA], "Operations": operations})
}

/// Okta's pathless (de)activation: `{"op":"replace","value":{"active":…}}` (§1.5, §1.6).
pub fn set_active(active: bool) -> Value {
    patch(vec![json!({"op": "replace", "value": {"active": active}})])
}

/// A member entry as Okta sends it: the member's SCIM id and its userName.
pub fn member(id: &str, user_name: &str) -> Value {
    json!({"value": id, "display": user_name})
}

/// POST /Groups (§1.8 b): created empty; members follow by PATCH or PUT.
pub fn group_create(display_name: &str) -> Value {
    json!({"schemas": [GROUP_SCHEMA], "displayName": display_name, "members": []})
}

/// The pathless rename Okta sends after every membership change, `id` inside the value (§1.8 d).
pub fn group_rename(id: &str, display_name: &str) -> Value {
    patch(vec![
        json!({"op": "replace", "value": {"id": id, "displayName": display_name}}),
    ])
}

/// `members[value eq "…"]`: one remove op per removed member (§1.8 c).
pub fn remove_member(id: &str) -> Value {
    let quoted = serde_json::to_string(id).unwrap_or_else(|_| format!("\"{id}\""));
    json!({"op": "remove", "path": format!("members[value eq {quoted}]")})
}

/// Adds batched in one op.
pub fn add_members(members: Vec<Value>) -> Value {
    json!({"op": "add", "path": "members", "value": members})
}

/// Full re-push of the membership.
pub fn replace_members(members: Vec<Value>) -> Value {
    json!({"op": "replace", "path": "members", "value": members})
}

/// The AIW group PUT: the group as read, with Okta's name and its full member list (§1.8 e).
pub fn group_put(current: &Value, display_name: &str, members: Vec<Value>) -> Value {
    let mut body = match current {
        Value::Object(map) => map.clone(),
        _ => Map::new(),
    };
    if !body.contains_key("schemas") {
        body.insert("schemas".to_owned(), json!([GROUP_SCHEMA]));
    }
    set_if_changed(&mut body, "displayName", json!(display_name));
    body.insert("members".to_owned(), Value::Array(members));
    Value::Object(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> Identity {
        Identity {
            user_name: "a@x.com".into(),
            given_name: "Alicia".into(),
            family_name: "N".into(),
            email: "a@x.com".into(),
            display_name: "Alicia N".into(),
            external_id: "00u1".into(),
            password: "pw".into(),
        }
    }

    #[test]
    fn put_changes_only_what_differs() {
        let current = json!({
            "schemas": [USER_SCHEMA], "id": "1", "userName": "a@x.com",
            "name": {"givenName": "Alice", "familyName": "N", "middleName": ""},
            "emails": [{"primary": true, "value": "a@x.com", "type": "work", "display": "a"}],
            "displayName": "Alice N", "active": true, "meta": {"resourceType": "User"}
        });
        let put = profile().put_body(&current, None);
        let mut expected = current.clone();
        expected["name"]["givenName"] = json!("Alicia");
        expected["displayName"] = json!("Alicia N");
        assert_eq!(put, expected);
        let off = profile().put_body(&current, Some(false));
        assert_eq!(off["active"], json!(false));
    }

    #[test]
    fn remove_paths_quote_the_id() {
        assert_eq!(
            remove_member("u-1")["path"],
            json!("members[value eq \"u-1\"]")
        );
    }
}
