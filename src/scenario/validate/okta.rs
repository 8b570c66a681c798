//! Load-time checks of `okta:` steps: every identity and group they name is declared (with a
//! suggestion for a typo), and the values they substitute hold references that resolve.

use super::super::error::ErrorKind;
use super::super::model::{OktaAction, ProfileUpdate, Scenario};
use super::super::tree::YamlPath;
use super::super::variables::Scope;
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
        let identities: Vec<&str> = scenario.identities.keys().map(String::as_str).collect();
        let groups: Vec<&str> = scenario.groups.keys().map(String::as_str).collect();
        let mut people: Vec<(YamlPath, &str)> = Vec::new();
        let mut group: Option<(YamlPath, &str)> = None;
        let list = |at: &YamlPath, key: &str, names: &'_ [String]| -> Vec<(YamlPath, String)> {
            let at = at.key(key);
            names
                .iter()
                .enumerate()
                .map(|(i, m)| (at.index(i), m.clone()))
                .collect()
        };
        let mut listed: Vec<(YamlPath, String)> = Vec::new();
        match action {
            OktaAction::TestCredentials | OktaAction::ImportUsers | OktaAction::ImportGroups => {}
            OktaAction::Assign(who) => people.push((path.key("assign"), who)),
            OktaAction::Unassign(who) => people.push((path.key("unassign"), who)),
            OktaAction::Reactivate(who) => people.push((path.key("reactivate"), who)),
            OktaAction::Update(update) => {
                let at = path.key("update");
                people.push((at.key("identity"), &update.identity));
                self.profile_values(update, &at, scope);
            }
            OktaAction::PushGroup(g) | OktaAction::RepushGroup(g) => {
                let key = if matches!(action, OktaAction::PushGroup(_)) {
                    "push_group"
                } else {
                    "repush_group"
                };
                let at = path.key(key);
                group = Some((at.key("group"), &g.group));
                listed = list(&at, "members", &g.members);
            }
            OktaAction::UpdateGroupMembers(change) => {
                let at = path.key("update_group_members");
                group = Some((at.key("group"), &change.group));
                listed = list(&at, "add", &change.add);
                listed.extend(list(&at, "remove", &change.remove));
            }
            OktaAction::RenameGroup(rename) => {
                let at = path.key("rename_group");
                group = Some((at.key("group"), &rename.group));
                self.text(&rename.to, &at.key("to"), scope);
            }
            OktaAction::DeleteGroup(name) => group = Some((path.key("delete_group"), name)),
            OktaAction::EmptyGroup(name) => group = Some((path.key("empty_group"), name)),
        }
        for (at, name) in people {
            self.declared(&at, name, "identity", "identities", &identities);
        }
        for (at, name) in &listed {
            self.declared(at, name, "identity", "identities", &identities);
        }
        if let Some((at, name)) = group {
            self.declared(&at, name, "group", "groups", &groups);
        }
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
