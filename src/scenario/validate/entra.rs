//! Load-time checks of `entra:` steps: every identity and group they name is declared (with a
//! suggestion for a typo), and the values they substitute hold references that resolve.

use super::super::model::{EntraAction, Scenario};
use super::super::tree::YamlPath;
use super::super::variables::Scope;
use super::Checker;

impl Checker<'_> {
    /// An Entra action: the identities and groups it names must be declared.
    pub(super) fn entra(
        &mut self,
        action: &EntraAction,
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
            EntraAction::TestConnection => {}
            EntraAction::Provision(who) => people.push((path.key("provision"), who)),
            EntraAction::Disable(who) => people.push((path.key("disable"), who)),
            EntraAction::Enable(who) => people.push((path.key("enable"), who)),
            EntraAction::Delete(who) => people.push((path.key("delete"), who)),
            EntraAction::RemoveManager(who) => people.push((path.key("remove_manager"), who)),
            EntraAction::SetManager(change) => {
                let at = path.key("set_manager");
                people.push((at.key("identity"), &change.identity));
                people.push((at.key("manager"), &change.manager));
            }
            EntraAction::Update(update) => {
                let at = path.key("update");
                people.push((at.key("identity"), &update.identity));
                self.profile_values(update, &at, scope);
            }
            EntraAction::ProvisionGroup(g) => {
                let at = path.key("provision_group");
                group = Some((at.key("group"), &g.group));
                listed = list(&at, "members", &g.members);
            }
            EntraAction::UpdateGroupMembers(change) => {
                let at = path.key("update_group_members");
                group = Some((at.key("group"), &change.group));
                listed = list(&at, "add", &change.add);
                listed.extend(list(&at, "remove", &change.remove));
            }
            EntraAction::RenameGroup(rename) => {
                let at = path.key("rename_group");
                group = Some((at.key("group"), &rename.group));
                self.text(&rename.to, &at.key("to"), scope);
            }
            EntraAction::DeleteGroup(name) => group = Some((path.key("delete_group"), name)),
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
}
