//! Which kind of Okta integration is mimicked: the verbs differ (okta-scim-behaviour §1.0).
//!
//! OIN catalog apps and templates PATCH for lifecycle and group membership; custom apps made with
//! the App Integration Wizard (AIW) PUT the whole object for everything.

use std::fmt;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum OktaMode {
    /// OIN app: pathless PATCH for (de)activation, PATCH for group membership and rename.
    #[default]
    Oin,
    /// App Integration Wizard app: GET then PUT of the whole object for everything.
    Aiw,
}

impl fmt::Display for OktaMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OktaMode::Oin => "oin",
            OktaMode::Aiw => "aiw",
        })
    }
}
