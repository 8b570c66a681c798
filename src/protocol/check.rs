//! The vocabulary of a check, shared by the layers that write checks (scenarios, the IdP's
//! rules), the runner that applies them and the reporters that show what they found: how much a
//! finding weighs ([`Level`]) and which optional SCIM feature a check depends on ([`Feature`]).
//!
//! A conformance harness is worth the trust its verdicts earn: a check fails a scenario only on
//! what that scenario exists to prove (an RFC MUST, or what the real IdP needs to succeed), and
//! a check of an optional feature applies only to a target that advertises it.

/// How much a finding weighs: whether it fails the scenario.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// What the scenario exists to prove is broken: an RFC MUST, or the IdP flow would fail or
    /// lose data. Fails the scenario.
    #[default]
    Fail,
    /// An RFC SHOULD/MAY, a certification-review convention, or a rule the real IdP does not
    /// depend on. Reported; fails the scenario only under `--deny-warnings`.
    Warn,
}

/// The optional features of RFC 7643 §5, as a scenario names them (`when: etag`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Feature {
    Etag,
    Sort,
    Bulk,
    ChangePassword,
    Filter,
    Patch,
}

impl Feature {
    pub const ALL: [Feature; 6] = [
        Feature::Etag,
        Feature::Sort,
        Feature::Bulk,
        Feature::ChangePassword,
        Feature::Filter,
        Feature::Patch,
    ];

    /// The attribute of the ServiceProviderConfig that advertises it.
    pub fn attribute(self) -> &'static str {
        match self {
            Feature::Etag => "etag",
            Feature::Sort => "sort",
            Feature::Bulk => "bulk",
            Feature::ChangePassword => "changePassword",
            Feature::Filter => "filter",
            Feature::Patch => "patch",
        }
    }
}
