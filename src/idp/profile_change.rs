//! A change an admin makes to a person in the IdP (`update:` of an `okta:` or `entra:` step),
//! applied to the IdP's view of that person. Both IdPs then push the changed person their own
//! way (Okta: GET + PUT; Entra: a PATCH of the changed attributes).

use crate::protocol::Identity;
use crate::protocol::Vars;
use crate::protocol::{Failure, FailureKind};
use crate::scenario::model::ProfileUpdate;

/// `profile` with `update`'s values (references substituted) written over it. A display name
/// that was derived from the name ("Given Family") follows a changed name unless set too.
pub fn apply(profile: &mut Identity, update: &ProfileUpdate, vars: &Vars) -> Result<(), Failure> {
    let sub = |value: &Option<String>| -> Result<Option<String>, Failure> {
        value
            .as_ref()
            .map(|v| vars.substitute_str(v))
            .transpose()
            .map_err(|e| Failure::new(FailureKind::Variable, e.to_string()))
    };
    let derived = profile.display_name == format!("{} {}", profile.given_name, profile.family_name);
    if let Some(given) = sub(&update.given_name)? {
        profile.given_name = given;
    }
    if let Some(family) = sub(&update.family_name)? {
        profile.family_name = family;
    }
    match sub(&update.display_name)? {
        Some(display) => profile.display_name = display,
        None if derived => {
            profile.display_name = format!("{} {}", profile.given_name, profile.family_name);
        }
        None => {}
    }
    if let Some(user_name) = sub(&update.user_name)? {
        profile.user_name = user_name;
    }
    if let Some(email) = sub(&update.email)? {
        profile.email = email;
    }
    Ok(())
}
