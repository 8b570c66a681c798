//! The `entra:` step: a Microsoft Entra ID provisioning action, the counterpart of `okta:`.
//! Identities and groups are named as declared under `identities`/`groups`; what each action
//! sends is in `src/idp/entra/` and `docs/entra.md`.

use serde::Deserialize;

use super::model::{GroupMembers, GroupRename, MembershipChange, ProfileUpdate};

/// An Entra provisioning action.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum EntraAction {
    /// "Test Connection": a filter on a random GUID, expecting 200 and an empty ListResponse.
    TestConnection,
    /// The user comes into scope (assigned): matched by `userName eq`, then created, or, when
    /// found, its differing attributes updated by PATCH.
    Provision(String),
    /// The user's attributes changed in Entra: one PATCH of the changed ones.
    Update(ProfileUpdate),
    /// Unassigned, out of scope or soft-deleted: PATCH `active` false.
    Disable(String),
    /// Assigned again or restored: PATCH `active` true.
    Enable(String),
    /// Hard delete (purged, or an app without soft delete): `DELETE /Users/{id}`.
    Delete(String),
    /// The user's manager set or changed in Entra (the enterprise extension's `manager`).
    SetManager(ManagerChange),
    /// The user's manager cleared in Entra.
    RemoveManager(String),
    /// A group comes into scope: matched by `displayName eq` (members excluded), created with
    /// no members, then its members added by PATCH.
    ProvisionGroup(GroupMembers),
    /// Members added to and removed from a provisioned group, as PATCHes.
    UpdateGroupMembers(MembershipChange),
    /// The group's display name changed in Entra.
    RenameGroup(GroupRename),
    /// The group left scope or was deleted in Entra: `DELETE /Groups/{id}`.
    DeleteGroup(String),
}

/// `set_manager: {identity: alice, manager: bob}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManagerChange {
    pub identity: String,
    pub manager: String,
}

impl EntraAction {
    /// A short description for reports: `entra: provision alice`.
    pub fn describe(&self) -> String {
        let what = match self {
            EntraAction::TestConnection => "test connection".to_owned(),
            EntraAction::Provision(who) => format!("provision {who}"),
            EntraAction::Update(update) => format!("update {}", update.identity),
            EntraAction::Disable(who) => format!("disable {who}"),
            EntraAction::Enable(who) => format!("enable {who}"),
            EntraAction::Delete(who) => format!("delete {who}"),
            EntraAction::SetManager(m) => format!("set {}'s manager to {}", m.identity, m.manager),
            EntraAction::RemoveManager(who) => format!("remove {who}'s manager"),
            EntraAction::ProvisionGroup(g) => format!("provision group {}", g.group),
            EntraAction::UpdateGroupMembers(g) => format!("update members of {}", g.group),
            EntraAction::RenameGroup(g) => format!("rename group {}", g.group),
            EntraAction::DeleteGroup(g) => format!("delete group {g}"),
        };
        format!("entra: {what}")
    }
}
