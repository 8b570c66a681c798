//! Which mock IdP a run (or a scenario) is for: `--idp okta|entra`.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Idp {
    Okta,
    Entra,
}

impl fmt::Display for Idp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Idp::Okta => "okta",
            Idp::Entra => "entra",
        })
    }
}
