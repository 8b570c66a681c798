//! The Microsoft Entra ID–shaped mock IdP: each provisioning action as the requests Entra's
//! provisioning service sends, with its headers and bodies, in either of its PATCH behaviours
//! ([`EntraPatch`]), and Entra's rules for which answers it accepts.
//!
//! The source for every request is `docs/entra.md` (Microsoft's SCIM endpoint tutorial and
//! known-issues page, and what users reported where Microsoft is silent). [`flow_for`] turns a
//! scenario's [`EntraAction`] into its [`Flow`].

pub mod accept;
pub mod bodies;
mod connection;
pub mod groups;
pub mod headers;
pub mod rules;
mod script;
pub mod users;

pub use crate::protocol::EntraPatch;

use super::flow::Flow;
use crate::scenario::model::EntraAction;

/// The flow that performs `action` with Entra's PATCH behaviour `mode`.
pub fn flow_for(action: &EntraAction, mode: EntraPatch) -> Box<dyn Flow> {
    match action {
        EntraAction::TestConnection => connection::test_connection(),
        EntraAction::Provision(who) => Box::new(users::Provision::new(who, mode)),
        EntraAction::Update(update) => users::update(update, mode),
        EntraAction::Disable(who) => users::set_active(who, false, mode),
        EntraAction::Enable(who) => users::set_active(who, true, mode),
        EntraAction::Delete(who) => users::delete(who),
        EntraAction::SetManager(change) => users::set_manager(change, mode),
        EntraAction::RemoveManager(who) => users::remove_manager(who, mode),
        EntraAction::ProvisionGroup(push) => groups::provision(push, mode),
        EntraAction::UpdateGroupMembers(change) => groups::update_members(change, mode),
        EntraAction::RenameGroup(rename) => groups::rename(rename, mode),
        EntraAction::DeleteGroup(group) => groups::delete(group),
    }
}

#[cfg(test)]
mod wire_tests;
