//! Profile push, unassign and reactivate (okta-scim-behaviour §1.4–§1.6).
//!
//! A profile push is always GET then PUT of the whole object with only Okta's changed values
//! different. (De)activation is a pathless PATCH in OIN mode and GET + PUT in AIW mode; after an
//! unassign, Okta's CRUD test reads the user back and needs `active:false` (or, for a target whose
//! profile declares `unassign: delete`, a 404).

use super::accept;
use super::bodies;
use super::headers::{resource_path, send};
use crate::idp::flow::{Flow, Next, Response};
use crate::protocol::Dialect;
use crate::protocol::Identity;
use crate::protocol::OktaMode;
use crate::protocol::Unassign;
use crate::protocol::Vars;
use crate::protocol::var_str;
use crate::protocol::{Failure, FailureKind};
use crate::scenario::model::ProfileUpdate;

/// The id Okta holds for an identity (its External ID), or why there is none.
pub fn user_id(vars: &Vars, name: &str) -> Result<String, Failure> {
    var_str(vars, &format!("{name}.id")).map_err(|_| Failure::new(
        FailureKind::Variable,
        format!(
            "`{name}` is not assigned to the app yet (Okta holds no id for it); `okta: {{assign: {name}}}` first"
        ),
    ))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PushState {
    Start,
    Read,
    Put,
}

/// GET /Users/{id}, then PUT of the whole object with Okta's profile written over it.
#[derive(Debug)]
pub struct ProfilePush {
    name: String,
    /// Applied to Okta's profile first (an `update` step): the admin changed these in Okta; the
    /// changed profile's `${name.user}` is written in the run's dialect.
    update: Option<(ProfileUpdate, Dialect)>,
    /// Also set `active` in the PUT (AIW lifecycle, or linking an existing user).
    active: Option<bool>,
    state: PushState,
    id: String,
    profile: Option<Identity>,
}

impl ProfilePush {
    /// A plain push of Okta's current profile (after linking or re-assigning).
    pub fn push(name: &str, active: Option<bool>) -> Self {
        Self {
            name: name.to_owned(),
            update: None,
            active,
            state: PushState::Start,
            id: String::new(),
            profile: None,
        }
    }

    /// The admin changed the profile in Okta; push it.
    pub fn update(update: &ProfileUpdate, dialect: Dialect) -> Self {
        Self {
            update: Some((update.clone(), dialect)),
            ..Self::push(&update.identity, None)
        }
    }

    fn start(&mut self, vars: &mut Vars) -> Result<Next, Failure> {
        self.id = user_id(vars, &self.name)?;
        let mut profile = Identity::from_vars(vars, &self.name)?;
        if let Some((update, dialect)) = &self.update {
            crate::idp::profile_change::apply(&mut profile, update, vars)?;
            profile.store(vars, &self.name, *dialect);
        }
        self.profile = Some(profile);
        self.state = PushState::Read;
        Ok(send(
            "read user",
            "GET",
            &resource_path("Users", &self.id),
            &[],
            None,
        ))
    }
}

impl Flow for ProfilePush {
    fn next(&mut self, last: Option<Response<'_>>, vars: &mut Vars) -> Next {
        let result = match (self.state, last) {
            (PushState::Start, _) => self.start(vars),
            (PushState::Read, Some(response)) => accept::read(&response, "user").map(|current| {
                let body = self
                    .profile
                    .as_ref()
                    .map(|p| p.put_body(&current, self.active))
                    .unwrap_or(current);
                self.state = PushState::Put;
                send(
                    "push profile (PUT)",
                    "PUT",
                    &resource_path("Users", &self.id),
                    &[],
                    Some(body),
                )
            }),
            (PushState::Put, Some(response)) => {
                accept::replaced(&response, "user").map(|()| Next::Done)
            }
            (_, None) => Ok(Next::Done),
        };
        result.unwrap_or_else(Next::Fail)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LifeState {
    Start,
    /// AIW: the GET before the PUT.
    Read,
    /// The PATCH (OIN) or PUT (AIW) was sent.
    Changed,
    /// The CRUD test's read-back was sent.
    ReadBack,
}

/// Deactivation (unassign) or reactivation.
#[derive(Debug)]
pub struct Lifecycle {
    name: String,
    active: bool,
    mode: OktaMode,
    read_back: bool,
    /// What the target's profile says an unassign does; decides what the read-back expects.
    unassign: Unassign,
    state: LifeState,
    id: String,
}

impl Lifecycle {
    /// Unassign: deactivate, then read the user back: 200 with `active:false`, or 404 when the
    /// profile declares `unassign: delete`.
    pub fn unassign(name: &str, mode: OktaMode, unassign: Unassign) -> Self {
        Self {
            name: name.to_owned(),
            active: false,
            mode,
            read_back: true,
            unassign,
            state: LifeState::Start,
            id: String::new(),
        }
    }

    pub fn reactivate(name: &str, mode: OktaMode) -> Self {
        Self {
            active: true,
            read_back: false,
            ..Self::unassign(name, mode, Unassign::Deactivate)
        }
    }

    fn path(&self) -> String {
        resource_path("Users", &self.id)
    }

    fn label(&self) -> &'static str {
        match (self.active, self.mode) {
            (false, OktaMode::Oin) => "deactivate (PATCH active:false)",
            (true, OktaMode::Oin) => "reactivate (PATCH active:true)",
            (false, OktaMode::Aiw) => "deactivate (PUT active:false)",
            (true, OktaMode::Aiw) => "reactivate (PUT active:true)",
        }
    }

    fn after_change(&mut self) -> Next {
        if self.read_back {
            self.state = LifeState::ReadBack;
            send("read back (CRUD test)", "GET", &self.path(), &[], None)
        } else {
            Next::Done
        }
    }

    fn step(&mut self, last: Option<Response<'_>>, vars: &mut Vars) -> Result<Next, Failure> {
        let what = if self.active {
            "user reactivation"
        } else {
            "user deactivation"
        };
        Ok(match (self.state, last) {
            (LifeState::Start, _) => {
                self.id = user_id(vars, &self.name)?;
                match self.mode {
                    OktaMode::Oin => {
                        self.state = LifeState::Changed;
                        let body = bodies::set_active(self.active);
                        send(self.label(), "PATCH", &self.path(), &[], Some(body))
                    }
                    OktaMode::Aiw => {
                        self.state = LifeState::Read;
                        send("read user", "GET", &self.path(), &[], None)
                    }
                }
            }
            (LifeState::Read, Some(response)) => {
                let current = accept::read(&response, "user")?;
                let profile = Identity::from_vars(vars, &self.name)?;
                let body = profile.put_body(&current, Some(self.active));
                self.state = LifeState::Changed;
                send(self.label(), "PUT", &self.path(), &[], Some(body))
            }
            (LifeState::Changed, Some(response)) => {
                match self.mode {
                    OktaMode::Oin => accept::patched(&response, what)?,
                    OktaMode::Aiw => accept::replaced(&response, what)?,
                }
                self.after_change()
            }
            (LifeState::ReadBack, Some(response)) => {
                match self.unassign {
                    Unassign::Delete if !self.active => accept::gone(&response)?,
                    _ => accept::active_is(&response, self.active)?,
                }
                Next::Done
            }
            (_, None) => Next::Done,
        })
    }
}

impl Flow for Lifecycle {
    fn next(&mut self, last: Option<Response<'_>>, vars: &mut Vars) -> Next {
        self.step(last, vars).unwrap_or_else(Next::Fail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn vars() -> Vars {
        let mut vars = Vars::default();
        let alice = Identity {
            user_name: "alice.ng.t@example.com".into(),
            given_name: "Alice".into(),
            family_name: "Ng".into(),
            email: "alice.ng.t@example.com".into(),
            display_name: "Alice Ng".into(),
            external_id: "00uabcdefghijklmnopq".into(),
            password: "Pw-abcdefghijkl!9".into(),
        };
        alice.define("alice", Dialect::Scim2, &mut vars);
        vars.set("alice.id", json!("u-1"));
        vars
    }

    fn ok(status: u16, body: &Value) -> Response<'_> {
        Response {
            status,
            headers: &[],
            body: "{}",
            json: Some(body),
            warnings: Box::leak(Box::default()),
        }
    }

    #[test]
    fn update_changes_okta_s_profile_and_puts_only_that() {
        let mut vars = vars();
        let update = ProfileUpdate {
            identity: "alice".into(),
            given_name: Some("Alicia".into()),
            family_name: None,
            display_name: None,
            user_name: None,
            email: None,
        };
        let mut flow = ProfilePush::update(&update, Dialect::Scim2);
        let Next::Send(get) = flow.next(None, &mut vars) else {
            panic!("get")
        };
        assert_eq!(
            (get.request.method.as_str(), get.request.path.as_str()),
            ("GET", "/Users/u-1")
        );
        assert_eq!(vars.get("alice.displayName"), Some(&json!("Alicia Ng")));
        let current = Identity::from_vars(&vars, "alice")
            .map(|p| p.create_body())
            .unwrap_or_default();
        let mut server = current.clone();
        server["name"]["givenName"] = json!("Alice");
        server["id"] = json!("u-1");
        let Next::Send(put) = flow.next(Some(ok(200, &server)), &mut vars) else {
            panic!("put")
        };
        let body = put.request.body.unwrap_or_default();
        assert_eq!(body["name"]["givenName"], json!("Alicia"));
        assert_eq!(body["id"], json!("u-1"));
        assert!(matches!(
            flow.next(Some(ok(200, &server)), &mut vars),
            Next::Done
        ));
    }

    #[test]
    fn oin_unassign_patches_then_reads_back_and_unassigned_users_fail() {
        let mut vars = vars();
        let mut flow = Lifecycle::unassign("alice", OktaMode::Oin, Unassign::Deactivate);
        let Next::Send(patch) = flow.next(None, &mut vars) else {
            panic!("patch")
        };
        assert_eq!(patch.request.body, Some(bodies::set_active(false)));
        let none = json!(null);
        let Next::Send(back) = flow.next(Some(ok(204, &none)), &mut vars) else {
            panic!("read back")
        };
        assert_eq!(back.request.method, "GET");
        let off = json!({"id": "u-1", "active": false});
        assert!(matches!(
            flow.next(Some(ok(200, &off)), &mut vars),
            Next::Done
        ));

        let mut flow = Lifecycle::reactivate("bob", OktaMode::Oin);
        let Next::Fail(f) = flow.next(None, &mut vars) else {
            panic!("must fail")
        };
        assert!(f.message.contains("not assigned"), "{}", f.message);
    }
}
