//! The import check: after the writes, Okta's import reads `/Users` page by page
//! (`startIndex`, `count=100`) and takes what it lists as the truth. Here that listing is held
//! against what the run knows it did: every created user listed exactly once, `totalResults`
//! the same on every page and equal to what the pages hold, every update and every deactivation
//! applied. Other users on a shared target are listed too and counted, never judged. Each pushed
//! group is read back (`GET /Groups/{id}`, as Okta reads a group after a membership change) and
//! must hold exactly the members pushed to it: none missing, none the run never added.
//! Deactivated members are not judged either way (whether a deactivation leaves a person's
//! memberships is the server's choice; neither IdP requires one or the other).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::check::Check;

/// A user the run created, and what it changed on it.
#[derive(Debug, Clone)]
pub struct Written {
    pub id: String,
    /// The givenName the update wave set, when it updated this user.
    pub given_name: Option<String>,
    /// The deactivation wave deactivated this user.
    pub deactivated: bool,
}

/// A group the run pushed, and the members it added.
#[derive(Debug, Clone)]
pub struct GroupWritten {
    pub id: String,
    /// Members that must be listed.
    pub members: BTreeSet<String>,
    /// Members that may be listed or not (deactivated since they were added).
    pub exempt: BTreeSet<String>,
}

/// A group as read back: its member ids, or `None` when the read failed.
#[derive(Debug, Clone)]
pub struct GroupRead {
    pub members: Option<Vec<String>>,
}

/// The member ids a group resource lists.
pub fn member_ids(group: &Value) -> Vec<String> {
    group
        .get("members")
        .and_then(Value::as_array)
        .map(|members| {
            members
                .iter()
                .filter_map(|m| m.get("value").and_then(Value::as_str).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// One import page as it came back.
#[derive(Debug, Clone)]
pub struct Page {
    pub total_results: Option<u64>,
    pub resources: Vec<Value>,
}

/// What the import showed, in numbers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Verification {
    /// Users the run created.
    pub expected: usize,
    /// Of those, how many the import listed (once or more).
    pub found: usize,
    /// Of those, how many it listed more than once.
    pub duplicates: usize,
    pub missing: usize,
    /// Every resource listed, ours or not.
    pub listed: usize,
    pub pages: usize,
    /// The `totalResults` of the first page (absent: none given).
    pub total_results: Option<u64>,
    /// Whether every page gave the same `totalResults`.
    pub total_results_stable: bool,
    pub updates_expected: usize,
    pub updates_applied: usize,
    pub deactivations_expected: usize,
    pub deactivations_applied: usize,
    /// Groups the run pushed.
    pub groups_expected: usize,
    /// Of those, how many read back.
    pub groups_read: usize,
    /// Memberships pushed that must be listed (deactivated members aside).
    pub memberships_expected: usize,
    pub memberships_present: usize,
    /// Members listed that the run never added to that group.
    pub members_unexpected: usize,
}

/// Adds the group read-backs to `v`: `reads[i]` is what `groups[i]` read back as.
pub fn verify_groups(v: &mut Verification, groups: &[GroupWritten], reads: &[GroupRead]) {
    v.groups_expected = groups.len();
    for (group, read) in groups.iter().zip(reads) {
        v.memberships_expected += group.members.len();
        let Some(listed) = &read.members else {
            continue;
        };
        v.groups_read += 1;
        let listed: BTreeSet<&str> = listed.iter().map(String::as_str).collect();
        v.memberships_present += group
            .members
            .iter()
            .filter(|m| listed.contains(m.as_str()))
            .count();
        v.members_unexpected += listed
            .iter()
            .filter(|m| !group.members.contains(**m) && !group.exempt.contains(**m))
            .count();
    }
}

/// Compares the import's pages with what was written.
pub fn verify(written: &[Written], pages: &[Page]) -> Verification {
    let mut seen: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
    for resource in pages.iter().flat_map(|p| &p.resources) {
        if let Some(id) = resource.get("id").and_then(Value::as_str) {
            seen.entry(id).or_default().push(resource);
        }
    }
    let totals: BTreeSet<Option<u64>> = pages.iter().map(|p| p.total_results).collect();
    let mut v = Verification {
        expected: written.len(),
        listed: pages.iter().map(|p| p.resources.len()).sum(),
        pages: pages.len(),
        total_results: pages.first().and_then(|p| p.total_results),
        total_results_stable: totals.len() <= 1,
        ..Verification::default()
    };
    for w in written {
        let Some(listings) = seen.get(w.id.as_str()) else {
            v.missing += 1;
            continue;
        };
        v.found += 1;
        if listings.len() > 1 {
            v.duplicates += 1;
        }
        let user = listings[0];
        if let Some(given) = &w.given_name {
            v.updates_expected += 1;
            let stored = user.pointer("/name/givenName").and_then(Value::as_str);
            if stored == Some(given.as_str()) {
                v.updates_applied += 1;
            }
        }
        if w.deactivated {
            v.deactivations_expected += 1;
            if user.get("active").and_then(Value::as_bool) == Some(false) {
                v.deactivations_applied += 1;
            }
        }
    }
    v
}

/// The verdicts the verification supports.
pub fn checks(v: &Verification) -> Vec<Check> {
    let total = match v.total_results {
        Some(t) => t.to_string(),
        None => "absent".to_owned(),
    };
    vec![
        Check {
            name: "the import lists every user",
            passed: v.missing == 0,
            detail: format!(
                "{} of {} created users listed, {} missing",
                v.found, v.expected, v.missing
            ),
            why: "the IdP takes what the listing shows as the truth (Okta's import reads these pages): a user it does not see is one it no longer manages",
        },
        Check {
            name: "the import lists no user twice",
            passed: v.duplicates == 0,
            detail: format!(
                "{} users listed more than once over {} pages",
                v.duplicates, v.pages
            ),
            why: "a user listed twice is imported twice (Infisical/infisical#6552); RFC 7644 §3.4.2.4 pages are consecutive",
        },
        Check {
            name: "totalResults matches the pages",
            // The run's own users exist on the target while it is read: a total below their
            // number is wrong however the pages agree with it.
            passed: v.total_results_stable
                && v.total_results == Some(v.listed as u64)
                && v.total_results >= Some(v.expected as u64),
            detail: format!(
                "totalResults {total}{}, the pages held {}, the run created {}",
                if v.total_results_stable {
                    ""
                } else {
                    " (it changed between pages)"
                },
                v.listed,
                v.expected
            ),
            why: "RFC 7644 §3.4.2 requires it, and Okta's import pages until totalResults: a wrong total stops it early or reads past the end (better-auth#10398)",
        },
        Check {
            name: "every update is applied",
            passed: v.updates_applied == v.updates_expected,
            detail: format!(
                "{} of {} updated givenNames read back",
                v.updates_applied, v.updates_expected
            ),
            why: "the IdP pushes a profile change (Okta: the whole-object PUT; Entra: a PATCH) and does not read it back: a lost update stays stale",
        },
        Check {
            name: "every deactivation is applied",
            passed: v.deactivations_applied == v.deactivations_expected,
            detail: format!(
                "{} of {} deactivated users read back with active false",
                v.deactivations_applied, v.deactivations_expected
            ),
            why: "a deactivation that did not apply leaves a person the IdP removed with access to the app",
        },
    ]
}

/// The group verdict, when the run pushed groups.
pub fn group_checks(v: &Verification) -> Vec<Check> {
    if v.groups_expected == 0 {
        return Vec::new();
    }
    vec![Check {
        name: "every membership is present",
        passed: v.groups_read == v.groups_expected
            && v.memberships_present == v.memberships_expected
            && v.members_unexpected == 0,
        detail: format!(
            "{} of {} groups read back, {} of {} memberships listed, {} members never added",
            v.groups_read,
            v.groups_expected,
            v.memberships_present,
            v.memberships_expected,
            v.members_unexpected
        ),
        why: "group push assigns the app's roles and access: a member the server dropped lacks access, one it made up has access nobody granted (fleetdm/fleet#50724: PATCH silently removed members)",
    }]
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn written(id: &str) -> Written {
        Written {
            id: id.into(),
            given_name: Some(format!("G{id}")),
            deactivated: id == "b",
        }
    }

    fn user(id: &str, active: bool) -> Value {
        json!({"id": id, "name": {"givenName": format!("G{id}")}, "active": active})
    }

    fn page(total: u64, resources: Vec<Value>) -> Page {
        Page {
            total_results: Some(total),
            resources,
        }
    }

    #[test]
    fn a_complete_import_passes_every_check() {
        let w = [written("a"), written("b"), written("c")];
        let pages = [
            page(4, vec![user("a", true), user("b", false)]),
            page(4, vec![user("c", true), user("other", true)]),
        ];
        let v = verify(&w, &pages);
        assert_eq!((v.found, v.missing, v.duplicates, v.listed), (3, 0, 0, 4));
        assert!(checks(&v).iter().all(|c| c.passed), "{:?}", checks(&v));
    }

    #[test]
    fn a_repeated_user_a_lost_one_and_a_wrong_total_each_fail_their_check() {
        let w = [written("a"), written("b"), written("c")];
        let pages = [
            page(2, vec![user("a", true), user("b", true)]),
            page(3, vec![user("b", true)]),
        ];
        let v = verify(&w, &pages);
        let failed: Vec<&str> = checks(&v)
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.name)
            .collect();
        assert_eq!(
            failed,
            [
                "the import lists every user",
                "the import lists no user twice",
                "totalResults matches the pages",
                "every deactivation is applied",
            ]
        );
    }

    /// A total that counts only the first page agrees with the one page it lets Okta read.
    #[test]
    fn a_total_below_the_users_created_fails_even_when_the_pages_agree() {
        let w = [written("a"), written("c")];
        let v = verify(&w, &[page(1, vec![user("a", true)])]);
        assert_eq!(v.total_results, Some(v.listed as u64));
        assert!(!checks(&v)[2].passed);
    }

    fn pushed(id: &str, members: &[&str], exempt: &[&str]) -> GroupWritten {
        GroupWritten {
            id: id.into(),
            members: members.iter().map(|m| (*m).to_owned()).collect(),
            exempt: exempt.iter().map(|m| (*m).to_owned()).collect(),
        }
    }

    fn read(members: &[&str]) -> GroupRead {
        GroupRead {
            members: Some(members.iter().map(|m| (*m).to_owned()).collect()),
        }
    }

    #[test]
    fn a_group_read_back_whole_passes_and_a_deactivated_member_is_not_judged() {
        let mut v = Verification::default();
        let groups = [
            pushed("g1", &["a", "b"], &["c"]),
            pushed("g2", &["d"], &["e"]),
        ];
        verify_groups(&mut v, &groups, &[read(&["b", "a", "c"]), read(&["d"])]);
        assert_eq!(
            (v.groups_read, v.memberships_present, v.members_unexpected),
            (2, 3, 0)
        );
        assert!(group_checks(&v)[0].passed);
    }

    #[test]
    fn a_dropped_member_an_extra_one_and_an_unreadable_group_each_fail() {
        for reads in [
            [read(&["a"]), read(&["d"])],
            [read(&["a", "b", "x"]), read(&["d"])],
            [read(&["a", "b"]), GroupRead { members: None }],
        ] {
            let mut v = Verification::default();
            let groups = [pushed("g1", &["a", "b"], &[]), pushed("g2", &["d"], &[])];
            verify_groups(&mut v, &groups, &reads);
            assert!(!group_checks(&v)[0].passed, "{v:?}");
        }
        assert!(group_checks(&Verification::default()).is_empty());
    }

    #[test]
    fn member_ids_reads_the_values() {
        let group = json!({"members": [{"value": "1", "display": "a"}, {"value": "2"}]});
        assert_eq!(member_ids(&group), ["1", "2"]);
        assert!(member_ids(&json!({})).is_empty());
    }

    #[test]
    fn a_stale_given_name_fails_the_update_check() {
        let w = [Written {
            id: "a".into(),
            given_name: Some("New".into()),
            deactivated: false,
        }];
        let v = verify(&w, &[page(1, vec![user("a", true)])]);
        assert_eq!(v.updates_applied, 0);
        assert!(!checks(&v)[3].passed);
    }
}
