//! Which of Microsoft Entra ID's two PATCH behaviours is mimicked (docs/entra.md).
//!
//! Entra's provisioning service changed how it writes PATCH requests in 2020, and a tenant gets
//! the newer, RFC-conforming form only with the `aadOptscim062020` feature flag on the app's
//! tenant URL. Servers meet both in the wild, so both are run.

use std::fmt;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum EntraPatch {
    /// Without the flag: `Replace`/`Add`/`Remove` op names, booleans as strings (`"False"`),
    /// one op per attribute, member removal as `Remove` on `members` with a value list.
    #[default]
    Legacy,
    /// With `aadOptscim062020`: lower-case ops, JSON booleans, several replaces as one path-less
    /// op with dotted keys, member removal as `members[value eq "…"]`.
    Flag,
}

impl fmt::Display for EntraPatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EntraPatch::Legacy => "legacy",
            EntraPatch::Flag => "flag",
        })
    }
}
