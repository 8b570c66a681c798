//! Target profiles: what a SCIM target supports and how it deliberately behaves.
//!
//! Conformance is relative to what a target promises. ThousandEyes, for one, deletes a user on
//! deactivation, has no groups and lets the IdP change only the display name; run against the
//! full suite it fails for reasons it documents. A profile (`--profile FILE`) declares such
//! differences once: scenarios that `requires:` a capability the profile rules out are skipped
//! with the reason in every report, and expectations that depend on a declared behaviour (the
//! read-back after an Okta unassign) follow it. `runner::discover` proposes a profile from a
//! target's `/ServiceProviderConfig`.

mod load;
pub mod model;

pub use load::load;
pub use model::{
    AuthForm, CAPABILITIES, Dialect, Profile, USER_ATTRIBUTES, Unassign, WRITABLE_PREFIX,
    unknown_capability,
};
