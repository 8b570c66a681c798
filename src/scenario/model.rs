//! The scenario file format, as Rust types. YAML maps onto these with serde-saphyr; unknown keys
//! are rejected. `docs/scenarios.md` documents the format with a worked example per feature.
//!
//! Step kinds are externally tagged (`- request: …`), so that a load error points inside the step
//! rather than at its start.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;
use serde_saphyr::Spanned;

use crate::protocol::Dialect;
use crate::protocol::{Feature, Level};

pub use super::entra_model::{EntraAction, ManagerChange};

/// One scenario file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Do not run this scenario; the reason is shown in every report.
    #[serde(default)]
    pub skip: Option<String>,
    /// Capabilities the target must have (`groups`, `deactivate-keeps-user`, `writable:name`…);
    /// a target profile that rules one out skips the scenario (`src/profile/`).
    #[serde(default)]
    pub requires: Vec<String>,
    /// Generated people, by the name steps refer to them with (`${alice.userName}`).
    #[serde(default)]
    pub identities: BTreeMap<String, IdentitySpec>,
    /// Groups the Okta steps push, by the name steps refer to them with (`${eng.displayName}`).
    #[serde(default)]
    pub groups: BTreeMap<String, GroupSpec>,
    pub steps: Vec<Spanned<Step>>,
}

/// Fields of a generated identity that the scenario fixes; the rest is generated from the seed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct IdentitySpec {
    #[serde(default)]
    pub given_name: Option<String>,
    #[serde(default)]
    pub family_name: Option<String>,
    #[serde(default)]
    pub user_name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// A group of the mock IdP. Its `displayName` is generated (carrying the run tag) unless fixed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GroupSpec {
    #[serde(default)]
    pub display_name: Option<String>,
}

/// A step: one HTTP exchange, or an IdP action that expands into several.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum Step {
    Request(Box<Exchange>),
    /// An Okta admin action, sent as the requests Okta sends (`src/idp/okta/`).
    Okta(OktaAction),
    /// A Microsoft Entra ID provisioning action, sent as Entra sends it (`src/idp/entra/`).
    Entra(EntraAction),
    /// Harness helper, not an Okta action: POSTs generated users (so an import has pages to read).
    CreateUsers(CreateUsers),
}

impl Step {
    /// The step's name in reports: a request's `name` (else `METHOD path`), or the IdP action
    /// described (`okta: assign alice`).
    pub fn describe(&self) -> String {
        match self {
            Step::Request(ex) => ex
                .name
                .clone()
                .unwrap_or_else(|| format!("{} {}", ex.method, ex.path)),
            Step::Okta(action) => action.describe(),
            Step::Entra(action) => action.describe(),
            Step::CreateUsers(c) => format!("create {} users", c.count),
        }
    }
}

impl Step {
    /// The raw exchange, if this is a `request` step.
    pub fn exchange(&self) -> Option<&Exchange> {
        match self {
            Step::Request(exchange) => Some(exchange),
            Step::Okta(_) | Step::Entra(_) | Step::CreateUsers(_) => None,
        }
    }

    /// The step's kind key, as written (`request`, `okta`, `entra`, `create_users`).
    pub fn kind(&self) -> &'static str {
        match self {
            Step::Request(_) => "request",
            Step::Okta(_) => "okta",
            Step::Entra(_) => "entra",
            Step::CreateUsers(_) => "create_users",
        }
    }
}

/// An Okta admin action. Identities and groups are named as declared under `identities`/`groups`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum OktaAction {
    /// "Test API Credentials".
    TestCredentials,
    /// Import users: pages of 100 until `totalResults`.
    ImportUsers,
    /// Import groups: pages of 100 until `totalResults`.
    ImportGroups,
    /// Assign the identity to the app: lookup, then create or link (or reactivate and push).
    Assign(String),
    /// Profile push after an Okta profile change.
    Update(ProfileUpdate),
    /// Unassign (deactivate), then the read-back of Okta's CRUD test.
    Unassign(String),
    Reactivate(String),
    PushGroup(GroupMembers),
    UpdateGroupMembers(MembershipChange),
    RepushGroup(GroupMembers),
    /// The group's last members left it in Okta, and Okta pushes it empty: OIN `replace members
    /// []`, AIW a PUT with `members: []`.
    EmptyGroup(String),
    RenameGroup(GroupRename),
    /// "Unlink pushed group" → "Delete the group in the target app".
    DeleteGroup(String),
}

impl OktaAction {
    /// A short description for reports: `okta: assign alice`.
    pub fn describe(&self) -> String {
        let what = match self {
            OktaAction::TestCredentials => "test credentials".to_owned(),
            OktaAction::ImportUsers => "import users".to_owned(),
            OktaAction::ImportGroups => "import groups".to_owned(),
            OktaAction::Assign(who) => format!("assign {who}"),
            OktaAction::Update(update) => format!("update {}", update.identity),
            OktaAction::Unassign(who) => format!("unassign {who}"),
            OktaAction::Reactivate(who) => format!("reactivate {who}"),
            OktaAction::PushGroup(g) => format!("push group {}", g.group),
            OktaAction::UpdateGroupMembers(g) => format!("update members of {}", g.group),
            OktaAction::RepushGroup(g) => format!("re-push group {}", g.group),
            OktaAction::EmptyGroup(g) => format!("push group {g} emptied"),
            OktaAction::RenameGroup(g) => format!("rename group {}", g.group),
            OktaAction::DeleteGroup(g) => format!("delete group {g}"),
        };
        format!("okta: {what}")
    }
}

/// New values of an identity's Okta profile; the rest stays. Values may use `${…}` references.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ProfileUpdate {
    pub identity: String,
    #[serde(default)]
    pub given_name: Option<String>,
    #[serde(default)]
    pub family_name: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    /// A rename of the username (changes `userName` in the PUT).
    #[serde(default)]
    pub user_name: Option<String>,
    /// A new work email (Entra writes it as `emails[type eq "work"].value`).
    #[serde(default)]
    pub email: Option<String>,
}

/// A group and its full member list (push, full re-push).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupMembers {
    pub group: String,
    #[serde(default)]
    pub members: Vec<String>,
}

/// Members added to and removed from a pushed group.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MembershipChange {
    pub group: String,
    #[serde(default)]
    pub add: Vec<String>,
    #[serde(default)]
    pub remove: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupRename {
    pub group: String,
    /// The new display name; may use `${run.tag}`.
    pub to: String,
}

/// `create_users: {count: 250}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateUsers {
    pub count: u32,
}

/// A request, what is expected of its response, and what to capture from it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    /// Shown in reports; defaults to `METHOD path`.
    #[serde(default)]
    pub name: Option<String>,
    pub method: String,
    /// Relative to the target's base URL (`/Users/${alice_id}`); may carry a query string.
    pub path: String,
    /// Query parameters, appended percent-encoded (spaces as `%20`).
    #[serde(default)]
    pub query: BTreeMap<String, String>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Inline JSON body (`${…}` references substituted).
    #[serde(default)]
    pub body: Option<Value>,
    /// A JSON body read from a file under the fixtures directory.
    #[serde(default)]
    pub body_file: Option<String>,
    /// Send no `Authorization` header, or this one instead of the run's credentials.
    #[serde(default)]
    pub auth: Option<AuthOverride>,
    #[serde(default)]
    pub expect: Option<Expect>,
    /// Variable name → where to take it from: `body.<path>` or `header.<Name>`.
    #[serde(default)]
    pub capture: BTreeMap<String, String>,
    /// What differs when the run speaks SCIM 1.1 (`--dialect 1.1`).
    #[serde(default, rename = "scim1.1")]
    pub scim11: Option<Box<DialectVariant>>,
}

/// A step's `scim1.1:` block: the parts of the exchange that differ in that dialect. `path`,
/// `query`, a body and `expect` replace the step's own; `headers` are merged over them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DialectVariant {
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub query: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub body: Option<Value>,
    #[serde(default)]
    pub body_file: Option<String>,
    #[serde(default)]
    pub expect: Option<Expect>,
}

impl Scenario {
    /// Whether a check of the scenario depends on an optional feature (`when:`): only then
    /// does a run need to ask the target what it advertises.
    pub fn checks_optional_features(&self) -> bool {
        self.steps.iter().any(|step| match &step.value {
            Step::Request(ex) => {
                let variant = ex.scim11.as_ref().and_then(|v| v.expect.as_ref());
                ex.expect
                    .iter()
                    .chain(variant)
                    .any(Expect::depends_on_a_feature)
            }
            _ => false,
        })
    }
}

impl Expect {
    fn depends_on_a_feature(&self) -> bool {
        self.when.is_some()
            || self
                .headers
                .values()
                .any(|check| matches!(check, HeaderCheck::Rule(rule) if rule.when.is_some()))
    }
}

impl Exchange {
    /// The exchange as it is sent in `dialect`: the step itself, or with its `scim1.1:` block
    /// applied.
    pub fn for_dialect(&self, dialect: Dialect) -> Cow<'_, Exchange> {
        let variant = match (dialect, &self.scim11) {
            (Dialect::Scim11, Some(variant)) => variant,
            _ => return Cow::Borrowed(self),
        };
        let mut exchange = self.clone();
        exchange.scim11 = None;
        if let Some(path) = &variant.path {
            exchange.path = path.clone();
        }
        if let Some(query) = &variant.query {
            exchange.query = query.clone();
        }
        for (name, value) in &variant.headers {
            exchange
                .headers
                .retain(|existing, _| !existing.eq_ignore_ascii_case(name));
            exchange.headers.insert(name.clone(), value.clone());
        }
        if variant.body.is_some() || variant.body_file.is_some() {
            exchange.body = variant.body.clone();
            exchange.body_file = variant.body_file.clone();
        }
        if let Some(expect) = &variant.expect {
            exchange.expect = Some(expect.clone());
        }
        Cow::Owned(exchange)
    }
}

pub use crate::protocol::AuthOverride;

/// What the response must look like.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// One status or a list of accepted ones.
    #[serde(default)]
    pub status: Option<StatusExpectation>,
    /// Header name (case-insensitive) → check.
    #[serde(default)]
    pub headers: BTreeMap<String, HeaderCheck>,
    /// Expected JSON, with matchers (see `expect::matcher`).
    #[serde(default)]
    pub body: Option<Value>,
    /// Expected JSON from a fixture file under the fixtures directory.
    #[serde(default)]
    pub body_file: Option<String>,
    /// `subset` (default): the response may carry more attributes; `exact`: it may not.
    #[serde(default)]
    pub mode: MatchMode,
    /// `warn`: what this expectation finds is reported but does not fail the scenario;
    /// `fail` (the default) fails it.
    #[serde(default)]
    pub level: Level,
    /// Why the expectation holds, with its source (`RFC 7644 §3.6: …`): shown with every finding.
    #[serde(default)]
    pub reason: Option<String>,
    /// The expectation applies only to a target that advertises this optional feature.
    #[serde(default)]
    pub when: Option<Feature>,
    /// Other outcomes that are also legal, tried in order when this one is not met (an RFC that
    /// allows either, say).
    #[serde(default, rename = "or")]
    pub alternatives: Vec<Alternative>,
}

/// An outcome that is also legal (`expect.or`): met when its status, headers and body all are.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alternative {
    #[serde(default)]
    pub status: Option<StatusExpectation>,
    #[serde(default)]
    pub headers: BTreeMap<String, HeaderCheck>,
    #[serde(default)]
    pub body: Option<Value>,
    #[serde(default)]
    pub mode: MatchMode,
    /// Absent: the outcome is fine. `warn`: it is legal but worth a warning (its `reason` says
    /// what it costs). `fail`: a known-bad outcome, reported with its `reason`.
    #[serde(default)]
    pub level: Option<Level>,
    #[serde(default)]
    pub reason: Option<String>,
    /// The rest of the scenario does not apply after this outcome: its steps are not run.
    #[serde(default)]
    pub stop: bool,
}

impl Alternative {
    /// The alternative as an expectation to check a response against.
    pub fn as_expect(&self) -> Expect {
        Expect {
            status: self.status.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
            mode: self.mode,
            ..Expect::default()
        }
    }
}

/// `status: 201` or `status: [200, 204]`. Deserialized by hand (`model_de.rs`) rather than as an
/// untagged enum, so that a wrong value is reported at its position with what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusExpectation {
    One(u16),
    AnyOf(Vec<u16>),
}

impl StatusExpectation {
    pub fn accepts(&self, status: u16) -> bool {
        match self {
            StatusExpectation::One(s) => *s == status,
            StatusExpectation::AnyOf(list) => list.contains(&status),
        }
    }
}

/// `ETag: "W/\"1\""` (exact value) or `ETag: {present: true}` (a rule). Deserialized by hand
/// (`model_de.rs`) rather than as an untagged enum, so that a typo inside a rule (`{presnt: true}`)
/// is reported at its key with a suggestion. An integer (`Content-Length: 0`) is an exact value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderCheck {
    /// The exact value.
    Exact(String),
    Rule(HeaderRule),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderRule {
    /// `true`: the header must be present; `false`: it must be absent.
    #[serde(default)]
    pub present: Option<bool>,
    /// A regular expression the value must match.
    #[serde(default)]
    pub matches: Option<String>,
    /// A substring the value must contain.
    #[serde(default)]
    pub contains: Option<String>,
    /// How much a finding of this header weighs; the expectation's `level` when absent.
    #[serde(default)]
    pub level: Option<Level>,
    /// Why the header is checked, with its source.
    #[serde(default)]
    pub reason: Option<String>,
    /// The check applies only to a target that advertises this optional feature (`when: etag`).
    #[serde(default)]
    pub when: Option<Feature>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchMode {
    #[default]
    Subset,
    Exact,
}
