//! What an IdP step (`okta:`, `entra:`) names: identities and a group, each with where in the
//! file, so that one check reports every undeclared one at its own line and column.

use super::super::model::Scenario;
use super::super::tree::YamlPath;
use super::Checker;

/// The identities and the group an IdP action (`okta:`, `entra:`) names, each with where.
#[derive(Default)]
pub(super) struct Named<'a> {
    people: Vec<(YamlPath, &'a str)>,
    group: Option<(YamlPath, &'a str)>,
}

impl<'a> Named<'a> {
    pub(super) fn person(&mut self, at: YamlPath, name: &'a str) {
        self.people.push((at, name));
    }

    /// The identities listed under `at.key`.
    pub(super) fn list(&mut self, at: &YamlPath, key: &str, names: &'a [String]) {
        let at = at.key(key);
        for (i, name) in names.iter().enumerate() {
            self.people.push((at.index(i), name));
        }
    }

    pub(super) fn group(&mut self, at: YamlPath, name: &'a str) {
        self.group = Some((at, name));
    }
}

impl Checker<'_> {
    /// Every identity and group in `named` must be declared by the scenario.
    pub(super) fn all_declared(&mut self, named: Named<'_>, scenario: &Scenario) {
        let identities: Vec<&str> = scenario.identities.keys().map(String::as_str).collect();
        let groups: Vec<&str> = scenario.groups.keys().map(String::as_str).collect();
        for (at, name) in &named.people {
            self.declared(at, name, "identity", "identities", &identities);
        }
        if let Some((at, name)) = &named.group {
            self.declared(at, name, "group", "groups", &groups);
        }
    }
}
