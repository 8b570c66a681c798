//! Load-time checks of `entra:` steps: every identity and group they name is declared (with a
//! suggestion for a typo), and the values they substitute hold references that resolve.

use super::super::model::{EntraAction, Scenario};
use super::super::tree::YamlPath;
use super::super::variables::Scope;
use super::Checker;
use super::named::Named;

impl Checker<'_> {
    /// An Entra action: the identities and groups it names must be declared.
    pub(super) fn entra(
        &mut self,
        action: &EntraAction,
        path: &YamlPath,
        scenario: &Scenario,
        scope: &Scope<'_>,
    ) {
        let mut named = Named::default();
        match action {
            EntraAction::TestConnection => {}
            EntraAction::Provision(who) => named.person(path.key("provision"), who),
            EntraAction::Disable(who) => named.person(path.key("disable"), who),
            EntraAction::Enable(who) => named.person(path.key("enable"), who),
            EntraAction::Delete(who) => named.person(path.key("delete"), who),
            EntraAction::RemoveManager(who) => named.person(path.key("remove_manager"), who),
            EntraAction::SetManager(change) => {
                let at = path.key("set_manager");
                named.person(at.key("identity"), &change.identity);
                named.person(at.key("manager"), &change.manager);
            }
            EntraAction::Update(update) => {
                let at = path.key("update");
                named.person(at.key("identity"), &update.identity);
                self.profile_values(update, &at, scope);
            }
            EntraAction::ProvisionGroup(g) => {
                let at = path.key("provision_group");
                named.group(at.key("group"), &g.group);
                named.list(&at, "members", &g.members);
            }
            EntraAction::UpdateGroupMembers(change) => {
                let at = path.key("update_group_members");
                named.group(at.key("group"), &change.group);
                named.list(&at, "add", &change.add);
                named.list(&at, "remove", &change.remove);
            }
            EntraAction::RenameGroup(rename) => {
                let at = path.key("rename_group");
                named.group(at.key("group"), &rename.group);
                self.text(&rename.to, &at.key("to"), scope);
            }
            EntraAction::DeleteGroup(name) => named.group(path.key("delete_group"), name),
        }
        self.all_declared(named, scenario);
    }
}
