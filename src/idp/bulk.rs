//! `create_users: {count: N}`: a harness helper, not an Okta action. It POSTs N generated users
//! (Okta-shaped bodies, Okta's headers) so that an import has pages to read. The runner cleans
//! them up like any POST; their ids are kept for the import's gap check.

use serde_json::{Value, json};

use super::flow::{Flow, Next, Response};
use super::okta::accept;
use super::okta::bodies::USER_SCHEMA;
use super::okta::headers::send;
use super::okta::import::CREATED_USERS;
use crate::protocol::Vars;
use crate::protocol::stable_hash;

#[derive(Debug)]
pub struct CreateUsers {
    count: u32,
    sent: u32,
    /// Distinguishes this step's users from other scenarios' and steps' (from the scenario id
    /// and the step index), alongside the run tag.
    prefix: String,
    run_tag: String,
}

impl CreateUsers {
    pub fn new(count: u32, scenario_id: &str, step: usize, run_tag: &str) -> Self {
        let hash = stable_hash(&[scenario_id, &step.to_string()]) % 1_000_000;
        Self {
            count,
            sent: 0,
            prefix: format!("bulk{hash:06}"),
            run_tag: run_tag.to_owned(),
        }
    }

    /// The body of user `i` (0-based).
    pub fn body(&self, i: u32) -> Value {
        let user_name = format!("{}.{i:04}.{}@example.com", self.prefix, self.run_tag);
        json!({
            "schemas": [USER_SCHEMA],
            "userName": user_name,
            "name": {"givenName": "Bulk", "familyName": format!("User{i:04}")},
            "emails": [{"primary": true, "value": user_name, "type": "work"}],
            "displayName": format!("Bulk User{i:04}"),
            "locale": "en-US",
            "externalId": format!("00u{}{i:04}", self.prefix),
            "groups": [],
            "password": format!("Pw-{}{i:04}!9", self.run_tag),
            "active": true
        })
    }
}

impl Flow for CreateUsers {
    fn next(&mut self, last: Option<Response<'_>>, vars: &mut Vars) -> Next {
        if let Some(response) = last {
            match accept::created(&response, "user") {
                Ok(id) => {
                    let mut ids = match vars.get(CREATED_USERS) {
                        Some(Value::Array(ids)) => ids.clone(),
                        _ => Vec::new(),
                    };
                    ids.push(Value::String(id));
                    vars.set(CREATED_USERS, Value::Array(ids));
                }
                Err(failure) => return Next::Fail(failure),
            }
        }
        if self.sent >= self.count {
            return Next::Done;
        }
        let body = self.body(self.sent);
        self.sent += 1;
        send("create user", "POST", "/Users", &[], Some(body))
    }
}
