//! The soak's verdict: pure checks of the server's final state (a `Snapshot`) against what the
//! clients know for sure (the `Ledger`). Pure so that each check can be shown to fail on a
//! hand-built broken state (see the tests): a checker that cannot fail proves nothing.

use std::collections::{HashMap, HashSet};

use super::ledger::{Fate, Kind, Ledger};
use super::snapshot::Snapshot;
use crate::server::store::fold;

/// One check's outcome: how many facts it looked at, and what it found wrong.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub name: &'static str,
    pub checked: usize,
    pub violations: Vec<String>,
}

impl Verdict {
    pub fn passed(&self) -> bool {
        self.violations.is_empty()
    }
}

/// Every check of the final state, in the order they are reported.
pub fn check_all(ledger: &Ledger, snapshot: &Snapshot) -> Vec<Verdict> {
    vec![
        acknowledged_creates_present(ledger, snapshot),
        deleted_absent(ledger, snapshot),
        not_found_explained(ledger),
        user_names_unique(snapshot),
        memberships_agree(snapshot),
        acknowledged_writes_kept(ledger, snapshot),
        reads_saw_acknowledged_writes(ledger),
    ]
}

/// (a) Every acknowledged create is present unless a delete (acknowledged or unclear) removed it.
pub fn acknowledged_creates_present(ledger: &Ledger, snapshot: &Snapshot) -> Verdict {
    let users: HashSet<&str> = snapshot.users.iter().map(|u| u.id.as_str()).collect();
    let groups: HashSet<&str> = snapshot.groups.iter().map(|g| g.id.as_str()).collect();
    let mut violations = Vec::new();
    let mut checked = 0;
    for (id, u) in &ledger.users {
        if u.fate == Fate::Live {
            checked += 1;
            if !users.contains(id.as_str()) {
                violations.push(format!(
                    "user {id} ({}) was created and never deleted, but is missing",
                    u.user_name
                ));
            }
        }
    }
    for (id, g) in &ledger.groups {
        if g.fate == Fate::Live {
            checked += 1;
            if !groups.contains(id.as_str()) {
                violations.push(format!(
                    "group {id} ({}) was created and never deleted, but is missing",
                    g.display_name
                ));
            }
        }
    }
    Verdict {
        name: "acknowledged creates present",
        checked,
        violations,
    }
}

/// (a) Nothing whose delete was acknowledged is still listed.
pub fn deleted_absent(ledger: &Ledger, snapshot: &Snapshot) -> Verdict {
    let mut violations = Vec::new();
    let mut checked = 0;
    let deleted = |kind, id: &str| ledger.fate(kind, id) == Some(Fate::Deleted);
    checked += ledger
        .users
        .values()
        .filter(|u| u.fate == Fate::Deleted)
        .count();
    checked += ledger
        .groups
        .values()
        .filter(|g| g.fate == Fate::Deleted)
        .count();
    for u in &snapshot.users {
        if deleted(Kind::User, &u.id) {
            violations.push(format!(
                "user {} ({}) was deleted (204) but is still listed",
                u.id, u.user_name
            ));
        }
    }
    for g in &snapshot.groups {
        if deleted(Kind::Group, &g.id) {
            violations.push(format!(
                "group {} ({}) was deleted (204) but is still listed",
                g.id, g.display_name
            ));
        }
    }
    Verdict {
        name: "acknowledged deletes absent",
        checked,
        violations,
    }
}

/// (a) Every 404 on a known id is explained by a delete of that id: nothing vanished by itself.
pub fn not_found_explained(ledger: &Ledger) -> Verdict {
    let violations = ledger
        .not_found
        .iter()
        .filter(|nf| ledger.fate(nf.kind, &nf.id) == Some(Fate::Live))
        .map(|nf| {
            format!(
                "{} answered 404 for {:?} {}, which nobody deleted",
                nf.operation, nf.kind, nf.id
            )
        })
        .collect();
    Verdict {
        name: "every 404 explained by a delete",
        checked: ledger.not_found.len(),
        violations,
    }
}

/// (b) No two users share a userName, compared case-insensitively (and no two groups a
/// displayName).
pub fn user_names_unique(snapshot: &Snapshot) -> Verdict {
    let mut violations = Vec::new();
    let mut seen: HashMap<String, (&str, &str)> = HashMap::new();
    for u in &snapshot.users {
        if let Some((other_id, other_name)) = seen.insert(fold(&u.user_name), (&u.id, &u.user_name))
        {
            violations.push(format!(
                "users {other_id} ({other_name}) and {} ({}) share a userName",
                u.id, u.user_name
            ));
        }
    }
    let mut seen: HashMap<String, &str> = HashMap::new();
    for g in &snapshot.groups {
        if let Some(other) = seen.insert(fold(&g.display_name), &g.id) {
            violations.push(format!(
                "groups {other} and {} share the displayName {}",
                g.id, g.display_name
            ));
        }
    }
    Verdict {
        name: "userNames unique (case-insensitive)",
        checked: snapshot.users.len() + snapshot.groups.len(),
        violations,
    }
}

/// (c) Group `members` and users' `groups` agree both ways, and every member exists.
pub fn memberships_agree(snapshot: &Snapshot) -> Verdict {
    let users: HashMap<&str, &[String]> = snapshot
        .users
        .iter()
        .map(|u| (u.id.as_str(), u.groups.as_slice()))
        .collect();
    let groups: HashMap<&str, &[String]> = snapshot
        .groups
        .iter()
        .map(|g| (g.id.as_str(), g.members.as_slice()))
        .collect();
    let mut violations = Vec::new();
    let mut checked = 0;
    for g in &snapshot.groups {
        for m in &g.members {
            checked += 1;
            match users.get(m.as_str()) {
                Some(user_groups) if !user_groups.contains(&g.id) => violations.push(format!(
                    "group {} lists user {m}, whose groups do not list the group",
                    g.id
                )),
                Some(_) => {}
                None if groups.contains_key(m.as_str()) => {}
                None => violations.push(format!("group {} lists {m}, which does not exist", g.id)),
            }
        }
    }
    for u in &snapshot.users {
        for gid in &u.groups {
            checked += 1;
            match groups.get(gid.as_str()) {
                Some(members) if !members.contains(&u.id) => violations.push(format!(
                    "user {}'s groups list group {gid}, whose members do not list the user",
                    u.id
                )),
                Some(_) => {}
                None => violations.push(format!(
                    "user {}'s groups list group {gid}, which does not exist",
                    u.id
                )),
            }
        }
    }
    Verdict {
        name: "group members and users' groups agree",
        checked,
        violations,
    }
}

/// Each surviving user holds its owner's last acknowledged userName, title and active: no
/// acknowledged write was lost or overtaken by an older one.
pub fn acknowledged_writes_kept(ledger: &Ledger, snapshot: &Snapshot) -> Verdict {
    let mut violations = Vec::new();
    let mut checked = 0;
    for u in &snapshot.users {
        let Some(facts) = ledger.users.get(&u.id) else {
            continue;
        };
        if !facts.certain || facts.fate != Fate::Live {
            continue;
        }
        checked += 1;
        if u.user_name != facts.user_name
            || u.title.as_deref() != Some(facts.title.as_str())
            || u.active != Some(facts.active)
        {
            violations.push(format!(
                "user {}: holds ({}, {:?}, {:?}); last acknowledged ({}, {}, {})",
                u.id, u.user_name, u.title, u.active, facts.user_name, facts.title, facts.active
            ));
        }
    }
    Verdict {
        name: "last acknowledged writes kept",
        checked,
        violations,
    }
}

/// Reads by a user's owner during the soak showed its last acknowledged write.
pub fn reads_saw_acknowledged_writes(ledger: &Ledger) -> Verdict {
    Verdict {
        name: "owners read their acknowledged writes",
        checked: ledger.reads_compared,
        violations: ledger.stale_reads.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::snapshot::{GroupView, UserView};
    use super::*;

    fn user(id: &str, name: &str, groups: &[&str]) -> UserView {
        UserView {
            id: id.into(),
            user_name: name.into(),
            title: Some("t".into()),
            active: Some(true),
            groups: groups.iter().map(|g| g.to_string()).collect(),
        }
    }

    fn group(id: &str, members: &[&str]) -> GroupView {
        GroupView {
            id: id.into(),
            display_name: format!("G-{id}"),
            members: members.iter().map(|m| m.to_string()).collect(),
        }
    }

    /// u1 and u2 alive in g1, u3 deleted, g2 deleted.
    fn consistent() -> (Ledger, Snapshot) {
        let mut ledger = Ledger::default();
        ledger.user_created("u1", 0, "alice@x", "t");
        ledger.user_created("u2", 1, "bob@x", "t");
        ledger.user_created("u3", 1, "carol@x", "t");
        ledger.group_created("g1", "G-g1", &["u1".into()]);
        ledger.group_created("g2", "G-g2", &[]);
        ledger.deleted(Kind::User, "u3", Fate::Deleted);
        ledger.deleted(Kind::Group, "g2", Fate::Deleted);
        ledger.not_found(Kind::User, "u3", "PUT user");
        let snapshot = Snapshot {
            users: vec![user("u1", "alice@x", &["g1"]), user("u2", "bob@x", &["g1"])],
            groups: vec![group("g1", &["u1", "u2"])],
        };
        (ledger, snapshot)
    }

    fn failures(ledger: &Ledger, snapshot: &Snapshot) -> Vec<&'static str> {
        check_all(ledger, snapshot)
            .into_iter()
            .filter(|v| !v.passed())
            .map(|v| v.name)
            .collect()
    }

    #[test]
    fn a_consistent_state_passes_every_check() {
        let (ledger, snapshot) = consistent();
        let verdicts = check_all(&ledger, &snapshot);
        assert!(verdicts.iter().all(Verdict::passed), "{verdicts:?}");
        assert!(verdicts.iter().all(|v| v.name.len() > 3));
    }

    #[test]
    fn a_user_name_differing_only_in_case_is_a_duplicate() {
        let (ledger, mut snapshot) = consistent();
        snapshot.users.push(user("u9", "ALICE@X", &[]));
        assert_eq!(
            failures(&ledger, &snapshot),
            ["userNames unique (case-insensitive)"]
        );
    }

    #[test]
    fn a_member_missing_from_the_users_groups_is_caught() {
        let (ledger, mut snapshot) = consistent();
        snapshot.users[1].groups.clear();
        assert_eq!(
            failures(&ledger, &snapshot),
            ["group members and users' groups agree"]
        );
    }

    #[test]
    fn a_users_group_that_does_not_list_the_user_is_caught() {
        let (ledger, mut snapshot) = consistent();
        snapshot.groups[0].members.retain(|m| m != "u1");
        assert_eq!(
            failures(&ledger, &snapshot),
            ["group members and users' groups agree"]
        );
    }

    #[test]
    fn a_member_that_does_not_exist_is_caught() {
        let (_, mut snapshot) = consistent();
        snapshot.groups[0].members.push("u3".into());
        let verdict = memberships_agree(&snapshot);
        assert_eq!(verdict.violations.len(), 1, "{verdict:?}");
        assert!(verdict.violations[0].contains("does not exist"));
    }

    #[test]
    fn an_acknowledged_create_that_is_missing_is_caught() {
        let (ledger, mut snapshot) = consistent();
        snapshot.users.retain(|u| u.id != "u2");
        snapshot.groups[0].members.retain(|m| m != "u2");
        assert_eq!(
            failures(&ledger, &snapshot),
            ["acknowledged creates present"]
        );
    }

    #[test]
    fn a_deleted_id_still_present_is_caught() {
        let (ledger, mut snapshot) = consistent();
        snapshot.users.push(user("u3", "carol@x", &[]));
        snapshot.groups.push(group("g2", &[]));
        let verdict = deleted_absent(&ledger, &snapshot);
        assert_eq!(verdict.violations.len(), 2, "{verdict:?}");
        assert_eq!(
            failures(&ledger, &snapshot),
            ["acknowledged deletes absent"]
        );
    }

    #[test]
    fn a_404_for_a_user_nobody_deleted_is_caught() {
        let (mut ledger, snapshot) = consistent();
        ledger.not_found(Kind::User, "u1", "PATCH user");
        assert_eq!(
            failures(&ledger, &snapshot),
            ["every 404 explained by a delete"]
        );
    }

    #[test]
    fn a_lost_rename_is_caught_unless_the_write_was_unclear() {
        let (mut ledger, snapshot) = consistent();
        ledger.user_written("u2", "bobby@x", "t", true);
        assert_eq!(
            failures(&ledger, &snapshot),
            ["last acknowledged writes kept"]
        );
        ledger.user_uncertain("u2");
        assert!(failures(&ledger, &snapshot).is_empty());
    }

    #[test]
    fn a_stale_read_is_reported() {
        let (mut ledger, snapshot) = consistent();
        ledger
            .stale_reads
            .push("u1 read back an older title".into());
        assert_eq!(
            failures(&ledger, &snapshot),
            ["owners read their acknowledged writes"]
        );
    }

    #[test]
    fn an_unclear_delete_excuses_both_presence_and_absence() {
        let (mut ledger, mut snapshot) = consistent();
        ledger.deleted(Kind::User, "u2", Fate::Unknown);
        assert!(failures(&ledger, &snapshot).is_empty());
        snapshot.users.retain(|u| u.id != "u2");
        snapshot.groups[0].members.retain(|m| m != "u2");
        assert!(failures(&ledger, &snapshot).is_empty());
    }
}
