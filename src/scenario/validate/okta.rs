//! Load-time checks of `okta:` steps: every identity and group they name is declared (with a
//! suggestion for a typo), and the values they substitute hold references that resolve.

use super::super::error::ErrorKind;
use super::super::model::{OktaAction, ProfileUpdate, Scenario};
use super::super::tree::YamlPath;
use super::super::variables::Scope;
use super::named::Named;
use super::{Checker, Pick};

impl Checker<'_> {
    /// An Okta action: the identities and groups it names must be declared.
    pub(super) fn okta(
        &mut self,
        action: &OktaAction,
        path: &YamlPath,
        scenario: &Scenario,
        scope: &Scope<'_>,
    ) {
        let mut named = Named::default();
        match action {
            OktaAction::TestCredentials | OktaAction::ImportUsers | OktaAction::ImportGroups => {}
            OktaAction::Assign(who) => named.person(path.key("assign"), who),
            OktaAction::Unassign(who) => named.person(path.key("unassign"), who),
            OktaAction::Reactivate(who) => named.person(path.key("reactivate"), who),
            OktaAction::Update(update) => {
                let at = path.key("update");
                named.person(at.key("identity"), &update.identity);
                self.profile_values(update, &at, scope);
            }
            OktaAction::PushGroup(g) | OktaAction::RepushGroup(g) => {
                let key = if matches!(action, OktaAction::PushGroup(_)) {
                    "push_group"
                } else {
                    "repush_group"
                };
                let at = path.key(key);
                named.group(at.key("group"), &g.group);
                named.list(&at, "members", &g.members);
            }
            OktaAction::UpdateGroupMembers(change) => {
                let at = path.key("update_group_members");
                named.group(at.key("group"), &change.group);
                named.list(&at, "add", &change.add);
                named.list(&at, "remove", &change.remove);
            }
            OktaAction::RenameGroup(rename) => {
                let at = path.key("rename_group");
                named.group(at.key("group"), &rename.group);
                self.text(&rename.to, &at.key("to"), scope);
            }
            OktaAction::DeleteGroup(name) => named.group(path.key("delete_group"), name),
            OktaAction::EmptyGroup(name) => named.group(path.key("empty_group"), name),
        }
        self.all_declared(named, scenario);
    }

    /// The new values of a profile update: each may hold references, which must resolve.
    pub(super) fn profile_values(
        &mut self,
        update: &ProfileUpdate,
        at: &YamlPath,
        scope: &Scope<'_>,
    ) {
        let values = [
            ("givenName", &update.given_name),
            ("familyName", &update.family_name),
            ("displayName", &update.display_name),
            ("userName", &update.user_name),
            ("email", &update.email),
        ];
        for (field, value) in values {
            if let Some(value) = value {
                self.text(value, &at.key(field), scope);
            }
        }
    }

    pub(super) fn declared(
        &mut self,
        at: &YamlPath,
        name: &str,
        kind: &'static str,
        section: &'static str,
        known: &[&str],
    ) {
        if known.contains(&name) {
            return;
        }
        let kind = ErrorKind::Undeclared {
            kind,
            section,
            name: name.to_owned(),
            suggestion: crate::protocol::suggest(name, known.iter().copied()).map(str::to_owned),
        };
        self.report(at, Pick::Value, "not declared", kind);
    }
}
