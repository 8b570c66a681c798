//! The Okta-shaped mock IdP: each admin action as the requests Okta sends, in Okta's order, with
//! Okta's headers, bodies and query encoding, and Okta's rules for which responses it accepts.
//!
//! The source for every request is `okta-scim-behaviour.md` §1 (the replay script is §1.12).
//! [`flow_for`] turns a scenario's [`OktaAction`] into its [`Flow`].

pub mod accept;
pub mod assign;
pub mod bodies;
pub mod credentials;
pub mod groups;
pub mod headers;
pub mod import;
pub mod profile;
pub mod rules;

pub use crate::protocol::OktaMode;

use super::flow::Flow;
use crate::protocol::Dialect;
use crate::protocol::Unassign;
use crate::scenario::model::OktaAction;

/// The flow that performs `action` in `mode`, against a target whose unassign does `unassign`,
/// for a run that speaks `dialect` (which bodies a flow writes into variables, and which answers
/// it accepts; the requests themselves are respelled for 1.1 by the runner).
pub fn flow_for(
    action: &OktaAction,
    mode: OktaMode,
    unassign: Unassign,
    dialect: Dialect,
) -> Box<dyn Flow> {
    match action {
        OktaAction::TestCredentials => Box::new(credentials::TestCredentials::default()),
        OktaAction::ImportUsers => Box::new(import::Import::new(import::Resource::Users)),
        OktaAction::ImportGroups => Box::new(import::Import::new(import::Resource::Groups)),
        OktaAction::Assign(who) => Box::new(assign::Assign::new(who, mode)),
        OktaAction::Update(update) => Box::new(profile::ProfilePush::update(update, dialect)),
        OktaAction::Unassign(who) => Box::new(profile::Lifecycle::unassign(who, mode, unassign)),
        OktaAction::Reactivate(who) => Box::new(profile::Lifecycle::reactivate(who, mode)),
        OktaAction::PushGroup(push) => Box::new(groups::PushGroup::new(push, mode)),
        OktaAction::UpdateGroupMembers(change) => groups::update_members(change, mode),
        OktaAction::RepushGroup(push) => groups::repush(push, mode),
        OktaAction::EmptyGroup(group) => groups::empty(group, mode),
        OktaAction::RenameGroup(rename) => groups::rename(rename, mode),
        OktaAction::DeleteGroup(group) => Box::new(groups::DeleteGroup::new(group, dialect)),
    }
}
