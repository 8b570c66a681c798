//! The target profile format, as Rust types, and what it means for scenarios: the capabilities a
//! target has (for `requires:`) and why a missing one rules a scenario out.
//!
//! A profile states deliberate differences, so that a target that differs on purpose (ThousandEyes
//! deletes on deactivation and has no groups) is tested for what it promises instead of failing
//! for what it never claimed. Every field has a default that describes a full SCIM 2.0 target like
//! the bundled server, so an empty profile changes nothing.

use serde::Deserialize;

pub use crate::protocol::capability::{
    CAPABILITIES, USER_ATTRIBUTES, Unassign, WRITABLE_PREFIX, unknown_capability,
};
pub use crate::protocol::{Dialect, EntraPatch, Idp, OktaMode};

/// A target profile file (`--profile FILE`). Format: `docs/scenarios.md`, "Target profiles".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Shown in skip reasons and reports.
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The SCIM version the target speaks at the base URL given.
    #[serde(default)]
    pub dialect: Dialect,
    /// The credentials the target expects; a hint for the run when none are given.
    #[serde(default)]
    pub auth: Option<AuthForm>,
    /// Which Okta integration the target is used with; `--okta-mode` overrides it.
    #[serde(default)]
    pub okta_mode: Option<ProfileOktaMode>,
    /// Which of Entra's PATCH behaviours the target's Entra app uses; `--entra-patch` overrides it.
    #[serde(default, deserialize_with = "entra_patch")]
    pub entra_patch: Option<EntraPatch>,
    /// Run only this IdP's scenarios (and those of no IdP); `--idp` overrides it.
    #[serde(default, deserialize_with = "idp")]
    pub idp: Option<Idp>,
    /// Whether the target serves `/Groups` (Okta's Push Groups, group import).
    #[serde(default = "yes")]
    pub groups: bool,
    /// Whether the target accepts PATCH on users.
    #[serde(default = "yes")]
    pub patch: bool,
    /// User attributes the IdP may change after creation; absent means all of them.
    #[serde(default)]
    pub writable: Option<Vec<String>>,
    /// What Okta's unassign (a deactivation) does to the user.
    #[serde(default)]
    pub unassign: Unassign,
}

fn yes() -> bool {
    true
}

/// How the target authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthForm {
    /// `Authorization: Bearer TOKEN` (`--bearer`).
    Bearer,
    /// HTTP Basic (`--basic USER:PASSWORD`).
    Basic,
    /// A raw `Authorization` value (`--auth-header`, Okta's "HTTP header" mode).
    Header,
    /// No credentials.
    None,
}

impl AuthForm {
    /// The run option that supplies this form.
    pub fn option(self) -> &'static str {
        match self {
            AuthForm::Bearer => "--bearer TOKEN",
            AuthForm::Basic => "--basic USER:PASSWORD",
            AuthForm::Header => "--auth-header VALUE",
            AuthForm::None => "no credentials",
        }
    }
}

/// `okta_mode: oin|aiw` (a separate type so that the IdP's [`OktaMode`] stays serde-free).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileOktaMode {
    Oin,
    Aiw,
}

impl From<ProfileOktaMode> for OktaMode {
    fn from(mode: ProfileOktaMode) -> Self {
        match mode {
            ProfileOktaMode::Oin => OktaMode::Oin,
            ProfileOktaMode::Aiw => OktaMode::Aiw,
        }
    }
}

impl Profile {
    /// Why the target lacks `capability` (a sentence naming the profile setting), or `None`
    /// if it has it.
    pub fn lacks(&self, capability: &str) -> Option<String> {
        if let Some(attribute) = capability.strip_prefix(WRITABLE_PREFIX) {
            let listed = self.writable.as_ref()?;
            if listed.iter().any(|a| a.eq_ignore_ascii_case(attribute)) {
                return None;
            }
            return Some(format!(
                "the IdP may not change `{attribute}` (`writable: [{}]`)",
                listed.join(", ")
            ));
        }
        match capability {
            "groups" if !self.groups => {
                Some("the target supports no groups (`groups: false`)".to_owned())
            }
            "patch" if !self.patch => {
                Some("the target does not accept PATCH (`patch: false`)".to_owned())
            }
            "deactivate-keeps-user" if self.unassign == Unassign::Delete => Some(
                "unassign deletes the user (`unassign: delete`), so a deactivated user cannot be read back or reactivated"
                    .to_owned(),
            ),
            "unassign-deletes" if self.unassign == Unassign::Deactivate => Some(
                "unassign keeps the user, deactivated (`unassign: deactivate`)".to_owned(),
            ),
            // `scim2` / `scim1.1` follow the run's dialect (which the profile's `dialect` only
            // defaults): `cli::run::profile::apply_dialect_skips`.
            _ => None,
        }
    }

    /// Why a scenario requiring `requires` cannot run against this target, or `None`.
    pub fn rules_out(&self, requires: &[String]) -> Option<String> {
        let reasons: Vec<String> = requires.iter().filter_map(|c| self.lacks(c)).collect();
        (!reasons.is_empty()).then(|| reasons.join("; "))
    }
}

/// `entra_patch: legacy|flag`.
fn entra_patch<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<EntraPatch>, D::Error> {
    let text = String::deserialize(d)?;
    match text.as_str() {
        "legacy" => Ok(Some(EntraPatch::Legacy)),
        "flag" => Ok(Some(EntraPatch::Flag)),
        other => Err(serde::de::Error::custom(format!(
            "unknown entra_patch `{other}`, expected `legacy` or `flag`"
        ))),
    }
}

/// `idp: okta|entra`.
fn idp<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Idp>, D::Error> {
    let text = String::deserialize(d)?;
    match text.as_str() {
        "okta" => Ok(Some(Idp::Okta)),
        "entra" => Ok(Some(Idp::Entra)),
        other => Err(serde::de::Error::custom(format!(
            "unknown idp `{other}`, expected `okta` or `entra`"
        ))),
    }
}
