//! Entra's user actions (docs/entra.md): provisioning with matching first, attribute updates,
//! disable and enable (soft delete), hard delete, and the manager.

use serde_json::Value;

use super::accept;
use super::bodies;
use super::headers::{labeled, resource_path, send};
use super::script::{Act, Script};
use crate::idp::flow::{Flow, Next, Response};
use crate::protocol::{Dialect, EntraPatch, Identity, Vars, var_str};
use crate::protocol::{Failure, FailureKind};
use crate::scenario::model::{ManagerChange, ProfileUpdate};

/// The id Entra holds for a provisioned identity, or why there is none.
pub fn user_id(vars: &Vars, name: &str) -> Result<String, Failure> {
    var_str(vars, &format!("{name}.id")).map_err(|_| {
        Failure::new(
            FailureKind::Variable,
            format!(
                "`{name}` is not provisioned yet (Entra holds no id for it); `entra: {{provision: {name}}}` first"
            ),
        )
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    Match,
    Create,
    /// The matched user is being brought up to date; the rest is a script.
    Update,
}

/// The user comes into scope: `GET /Users?filter=userName eq "…"`, then `POST /Users` when
/// nothing matched; a match is adopted and its differing attributes PATCHed (and, if it was
/// disabled, `active` set).
pub struct Provision {
    name: String,
    mode: EntraPatch,
    state: State,
    then: Option<Script>,
}

impl Provision {
    pub fn new(name: &str, mode: EntraPatch) -> Self {
        Self {
            name: name.to_owned(),
            mode,
            state: State::Start,
            then: None,
        }
    }

    fn step(&mut self, last: Option<Response<'_>>, vars: &mut Vars) -> Result<Next, Failure> {
        match (self.state, last) {
            (State::Start, _) => {
                let person = Identity::from_vars(vars, &self.name)?;
                let filter = format!("userName eq \"{}\"", person.user_name);
                self.state = State::Match;
                Ok(send(
                    "match by userName",
                    "GET",
                    "/Users",
                    &[("filter", &filter)],
                    None,
                ))
            }
            (State::Match, Some(response)) => match accept::matched(&response, "user")? {
                None => {
                    let person = Identity::from_vars(vars, &self.name)?;
                    self.state = State::Create;
                    Ok(send(
                        "create user",
                        "POST",
                        "/Users",
                        &[],
                        Some(bodies::create_user(&person)),
                    ))
                }
                Some(found) => {
                    let id = accept::resource_id(&found, "user")?;
                    vars.set(format!("{}.id", self.name), Value::String(id.clone()));
                    let person = Identity::from_vars(vars, &self.name)?;
                    let mut script = bring_up_to_date(&found, &person, &id, self.mode);
                    self.state = State::Update;
                    let next = script.next(None, vars);
                    self.then = Some(script);
                    Ok(next)
                }
            },
            (State::Create, Some(response)) => {
                let id = accept::created(&response, "user")?;
                vars.set(format!("{}.id", self.name), Value::String(id));
                Ok(Next::Done)
            }
            (State::Update, last) => Ok(match &mut self.then {
                Some(script) => script.next(last, vars),
                None => Next::Done,
            }),
            (_, None) => Ok(Next::Done),
        }
    }
}

impl Flow for Provision {
    fn next(&mut self, last: Option<Response<'_>>, vars: &mut Vars) -> Next {
        self.step(last, vars).unwrap_or_else(Next::Fail)
    }
}

/// What Entra sends to a matched user: a PATCH of the attributes that differ from Entra's, and
/// `active` true when the match is disabled.
fn bring_up_to_date(found: &Value, person: &Identity, id: &str, mode: EntraPatch) -> Script {
    let text = |value: Option<&Value>| value.and_then(Value::as_str).unwrap_or("").to_owned();
    let work_email = found
        .get("emails")
        .and_then(Value::as_array)
        .and_then(|emails| {
            emails
                .iter()
                .find(|e| e.get("type").and_then(Value::as_str) == Some("work"))
                .or_else(|| emails.first())
        })
        .and_then(|e| e.get("value"));
    let name = found.get("name");
    let theirs = Identity {
        user_name: person.user_name.clone(),
        display_name: text(found.get("displayName")),
        email: text(work_email),
        given_name: text(name.and_then(|n| n.get("givenName"))),
        family_name: text(name.and_then(|n| n.get("familyName"))),
        ..person.clone()
    };
    let changes: Vec<(&'static str, String)> = bodies::changed_attributes(&theirs, person);
    let disabled = found.get("active") == Some(&Value::Bool(false));
    let path = resource_path("Users", id);
    let mut acts = Vec::new();
    if !changes.is_empty() {
        let body = bodies::update(mode, &changes);
        let at = path.clone();
        acts.push(Act::new(
            move |_| {
                let body = Some(body.clone());
                Ok(Some(labeled(
                    "update matched user",
                    "PATCH",
                    &at,
                    &[],
                    body,
                )))
            },
            |r, _| Ok(accept::patched(r, "user")?),
        ));
    }
    if disabled {
        acts.push(Act::new(
            move |_| {
                Ok(Some(labeled(
                    "enable matched user",
                    "PATCH",
                    &path,
                    &[],
                    Some(bodies::set_active(mode, true)),
                )))
            },
            |r, _| Ok(accept::patched(r, "user")?),
        ));
    }
    Script::new(acts)
}

/// One PATCH of a provisioned user, built when its turn comes.
fn patch_user(
    name: &str,
    label: &'static str,
    body: impl Fn(&mut Vars) -> Result<Option<Value>, Failure> + Send + 'static,
) -> Box<dyn Flow> {
    let name = name.to_owned();
    Box::new(Script::new(vec![Act::new(
        move |vars| {
            let id = user_id(vars, &name)?;
            Ok(body(vars)?.map(|body| {
                labeled(
                    label,
                    "PATCH",
                    &resource_path("Users", &id),
                    &[],
                    Some(body),
                )
            }))
        },
        |r, _| Ok(accept::patched(r, "user")?),
    )]))
}

/// The user's attributes changed in Entra: one PATCH of the changed ones (none: nothing sent).
pub fn update(update: &ProfileUpdate, mode: EntraPatch) -> Box<dyn Flow> {
    let update = update.clone();
    let name = update.identity.clone();
    patch_user(&update.identity.clone(), "update user", move |vars| {
        let before = Identity::from_vars(vars, &name)?;
        let mut after = before.clone();
        crate::idp::profile_change::apply(&mut after, &update, vars)?;
        let changes = bodies::changed_attributes(&before, &after);
        // Entra's view changes whatever the server answers: later steps push the new one.
        after.store(vars, &name, Dialect::Scim2);
        Ok((!changes.is_empty()).then(|| bodies::update(mode, &changes)))
    })
}

/// Disable (unassigned, out of scope, soft-deleted) or enable: PATCH `active`.
pub fn set_active(name: &str, active: bool, mode: EntraPatch) -> Box<dyn Flow> {
    let label = if active {
        "enable user"
    } else {
        "disable user"
    };
    patch_user(name, label, move |_| {
        Ok(Some(bodies::set_active(mode, active)))
    })
}

/// The manager set or changed: `add` the first time, `replace` after.
pub fn set_manager(change: &ManagerChange, mode: EntraPatch) -> Box<dyn Flow> {
    let (who, manager) = (change.identity.clone(), change.manager.clone());
    let key = format!("{who}.managerId");
    patch_user(&who, "set manager", move |vars| {
        let manager_id = user_id(vars, &manager)?;
        let first = !matches!(vars.get(&key), Some(Value::String(_)));
        let body = bodies::set_manager(mode, &manager_id, first);
        vars.set(key.clone(), Value::String(manager_id));
        Ok(Some(body))
    })
}

/// The manager cleared.
pub fn remove_manager(name: &str, mode: EntraPatch) -> Box<dyn Flow> {
    let key = format!("{name}.managerId");
    patch_user(name, "remove manager", move |vars| {
        vars.set(key.clone(), Value::Null);
        Ok(Some(bodies::remove_manager(mode)))
    })
}

/// Hard delete: `DELETE /Users/{id}`.
pub fn delete(name: &str) -> Box<dyn Flow> {
    let name = name.to_owned();
    Box::new(Script::new(vec![Act::new(
        move |vars| {
            let id = user_id(vars, &name)?;
            Ok(Some(labeled(
                "delete user",
                "DELETE",
                &resource_path("Users", &id),
                &[],
                None,
            )))
        },
        |r, _| Ok(accept::deleted(r, "user")?),
    )]))
}
