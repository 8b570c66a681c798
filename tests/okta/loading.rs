//! The loader checks `okta:` steps and `groups:` before anything runs: undeclared identities
//! and groups, unknown actions, bad references, with positions and suggestions.

use scimulate::scenario::load_file;

use crate::common;

fn errors(yaml: &str) -> Vec<(Option<(u64, u64)>, String)> {
    let dir = common::temp_dir("okta-load");
    let path = common::write(dir.path(), "flow.yaml", yaml);
    let result = load_file(&path, dir.path());
    match result {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .errors()
            .iter()
            .map(|e| (e.line_column(), e.kind().to_string()))
            .collect(),
    }
}

#[test]
fn every_action_loads() {
    let yaml = "\
name: all
identities: {alice: {}, bob: {}}
groups: {eng: {}, ops: {displayName: \"Ops ${run.tag}\"}}
steps:
  - okta: test_credentials
  - create_users: {count: 3}
  - okta: import_users
  - okta: import_groups
  - okta: {assign: alice}
  - okta: {update: {identity: alice, givenName: Al, familyName: X, displayName: Al X, userName: \"al-${run.tag}@example.com\"}}
  - okta: {unassign: alice}
  - okta: {reactivate: alice}
  - okta: {push_group: {group: eng, members: [alice, bob]}}
  - okta: {update_group_members: {group: eng, add: [bob], remove: [alice]}}
  - okta: {repush_group: {group: eng, members: [alice]}}
  - okta: {rename_group: {group: ops, to: \"Ops 2 ${run.tag}\"}}
  - okta: {delete_group: eng}
  - request:
      method: GET
      path: /Groups/${eng.id}?x=${alice.id}
      query: {filter: 'displayName eq \"${ops.displayName}\"'}
";
    assert_eq!(errors(yaml), Vec::new());
}

#[test]
fn undeclared_identities_and_groups_are_positioned_with_suggestions() {
    let yaml = "\
name: bad
identities: {alice: {}}
groups: {eng: {}}
steps:
  - okta: {assign: alcie}
  - okta: {push_group: {group: eng, members: [alice, zed]}}
  - okta: {delete_group: egn}
";
    let found = errors(yaml);
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[0].0, Some((5, 20)));
    assert_eq!(
        found[0].1,
        "`alcie` is not a declared identity; did you mean `alice`?"
    );
    assert_eq!(found[1].0, Some((6, 54)));
    assert_eq!(
        found[1].1,
        "`zed` is not a declared identity; declare it under `identities`"
    );
    assert_eq!(
        found[2].1,
        "`egn` is not a declared group; did you mean `eng`?"
    );
}

#[test]
fn unknown_actions_and_fields_suggest_the_right_one() {
    let found = errors("name: x\nidentities: {a: {}}\nsteps:\n  - okta: {asign: a}\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("did you mean `assign`?"), "{found:?}");
    let found = errors(
        "name: x\nidentities: {a: {}}\nsteps:\n  - okta: {update: {identity: a, givenNme: B}}\n",
    );
    assert!(
        found[0].1.contains("did you mean `givenName`?"),
        "{found:?}"
    );
    let found = errors("name: x\nsteps:\n  - okta: import_user\n");
    assert!(
        found[0].1.contains("did you mean `import_users`?"),
        "{found:?}"
    );
}

#[test]
fn group_references_and_counts_are_checked() {
    let found = errors(
        "name: x\ngroups: {eng: {}}\nsteps:\n  - request: {method: GET, path: \"/Groups/${eng.idd}\"}\n",
    );
    assert!(
        found[0].1.contains("did you mean `${eng.id}`?"),
        "{found:?}"
    );
    let found = errors("name: x\nsteps:\n  - create_users: {count: 0}\n");
    assert!(found[0].1.contains("between 1 and 10000"), "{found:?}");
    let found = errors(
        "name: x\nidentities: {eng: {}}\ngroups: {eng: {}}\nsteps:\n  - okta: test_credentials\n",
    );
    assert!(found[0].1.contains("same name as an identity"), "{found:?}");
}
