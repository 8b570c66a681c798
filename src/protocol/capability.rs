//! What a scenario can require of a target (`requires: [groups, writable:name]`) and what a
//! target profile can declare about it: one list, read by the loader (which rejects a misspelt
//! capability with the nearest spelling) and by the profile (which rules scenarios out).

use serde::Deserialize;

/// What an unassign (deactivation) does to the user in the target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unassign {
    /// The user stays readable with `active: false` (what Okta's CRUD test requires).
    #[default]
    Deactivate,
    /// The user is deleted: reading it back answers 404.
    Delete,
}

/// Capabilities a scenario can require (`requires: [groups]`), besides `writable:ATTRIBUTE`.
pub const CAPABILITIES: &[&str] = &[
    "groups",
    "patch",
    "deactivate-keeps-user",
    "unassign-deletes",
    "scim2",
    "scim1.1",
];

/// `requires: [writable:name]`: the IdP may change this user attribute.
pub const WRITABLE_PREFIX: &str = "writable:";

/// Top-level User attributes that `writable:` and a profile's `writable` may name.
pub const USER_ATTRIBUTES: &[&str] = &[
    "userName",
    "name",
    "displayName",
    "nickName",
    "profileUrl",
    "title",
    "userType",
    "preferredLanguage",
    "locale",
    "timezone",
    "active",
    "password",
    "emails",
    "phoneNumbers",
    "addresses",
    "externalId",
    "enterprise",
];

/// Why `capability` is not a known one (with the nearest spelling), or `None` if it is.
pub fn unknown_capability(capability: &str) -> Option<String> {
    if let Some(attribute) = capability.strip_prefix(WRITABLE_PREFIX) {
        if USER_ATTRIBUTES.contains(&attribute) {
            return None;
        }
        let hint = super::suggest::suggest(attribute, USER_ATTRIBUTES.iter().copied())
            .map_or_else(String::new, |s| {
                format!("; did you mean `{WRITABLE_PREFIX}{s}`?")
            });
        return Some(format!(
            "`{attribute}` is not a User attribute `{WRITABLE_PREFIX}` can name{hint}"
        ));
    }
    if CAPABILITIES.contains(&capability) {
        return None;
    }
    let hint = match super::suggest::suggest(capability, CAPABILITIES.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!(
            "known: {}, or `{WRITABLE_PREFIX}ATTRIBUTE`",
            CAPABILITIES.join(", ")
        ),
    };
    Some(format!("unknown capability `{capability}`; {hint}"))
}
