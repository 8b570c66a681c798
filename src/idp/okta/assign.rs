//! Assign a user to the app (okta-scim-behaviour §1.3).
//!
//! Okta first looks the user up by `userName`. Not found (200 with no results, or 404): POST.
//! Found ("push existing email"): Okta links to it, storing its id, then pushes the profile with
//! GET + PUT. If Okta already holds an id for the user (it was assigned and unassigned before),
//! there is no lookup: Okta reactivates it and pushes the profile.

use super::accept;
use super::headers::send;
use super::profile::{Lifecycle, ProfilePush};
use crate::idp::flow::{Chain, Flow, Next, Response};
use crate::protocol::Failure;
use crate::protocol::Identity;
use crate::protocol::OktaMode;
use crate::protocol::Vars;
use serde_json::Value;

enum State {
    Start,
    Lookup,
    Create,
    /// Linking or re-assigning: the rest is another flow.
    Then(Box<dyn Flow>),
}

pub struct Assign {
    name: String,
    mode: OktaMode,
    state: State,
}

impl Assign {
    pub fn new(name: &str, mode: OktaMode) -> Self {
        Self {
            name: name.to_owned(),
            mode,
            state: State::Start,
        }
    }

    fn delegate(&mut self, flow: Box<dyn Flow>, vars: &mut Vars) -> Next {
        self.state = State::Then(flow);
        match &mut self.state {
            State::Then(flow) => flow.next(None, vars),
            _ => Next::Done,
        }
    }

    fn step(&mut self, last: Option<Response<'_>>, vars: &mut Vars) -> Result<Next, Failure> {
        match (&mut self.state, last) {
            (State::Start, _) => {
                if vars.get(&format!("{}.id", self.name)).is_some() {
                    let again: Box<dyn Flow> = Box::new(Chain::new(vec![
                        Box::new(Lifecycle::reactivate(&self.name, self.mode)),
                        Box::new(ProfilePush::push(&self.name, None)),
                    ]));
                    return Ok(self.delegate(again, vars));
                }
                let profile = Identity::from_vars(vars, &self.name)?;
                let filter = format!("userName eq \"{}\"", profile.user_name);
                self.state = State::Lookup;
                Ok(send(
                    "lookup by userName",
                    "GET",
                    "/Users",
                    &[("filter", &filter), ("startIndex", "1"), ("count", "100")],
                    None,
                ))
            }
            (State::Lookup, Some(response)) => match accept::lookup(&response, "user")? {
                None => {
                    let profile = Identity::from_vars(vars, &self.name)?;
                    self.state = State::Create;
                    Ok(send(
                        "create user",
                        "POST",
                        "/Users",
                        &[],
                        Some(profile.create_body()),
                    ))
                }
                Some(found) => {
                    let id = found.get("id").cloned().unwrap_or(Value::Null);
                    vars.set(format!("{}.id", self.name), id);
                    let push = Box::new(ProfilePush::push(&self.name, Some(true)));
                    Ok(self.delegate(push, vars))
                }
            },
            (State::Create, Some(response)) => {
                let id = accept::created(&response, "user")?;
                vars.set(format!("{}.id", self.name), Value::String(id));
                Ok(Next::Done)
            }
            (State::Then(flow), last) => Ok(flow.next(last, vars)),
            (_, None) => Ok(Next::Done),
        }
    }
}

impl Flow for Assign {
    fn next(&mut self, last: Option<Response<'_>>, vars: &mut Vars) -> Next {
        self.step(last, vars).unwrap_or_else(Next::Fail)
    }
}
