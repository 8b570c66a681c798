//! What the soak's clients know for sure about the server's state, from acknowledged (2xx)
//! answers only.
//!
//! Certainty comes from ownership: a user's `userName`, `title` and `active` are written only by
//! the client that created it (one request at a time), so its last acknowledged values are what the
//! server must hold, unless one of those writes ended without an answer (then the user is marked
//! uncertain and its attributes are not checked). Any client may delete any user and change any
//! group's members, so deletions race with everything; a delete acknowledged by anyone settles the
//! user's fate. A 404 seen along the way is remembered, so that one with no delete to explain it
//! (a resource that vanished) is caught at the end.

use std::collections::HashMap;

/// Whether a resource should still exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    Live,
    /// A delete was acknowledged (204).
    Deleted,
    /// A delete was sent but its outcome is unknown (no answer, or a 5xx).
    Unknown,
}

/// What is known of one user.
#[derive(Debug, Clone)]
pub struct UserFacts {
    pub user_name: String,
    pub title: String,
    pub active: bool,
    /// False once an owner write ended without a clear answer: the attributes are then unknown.
    pub certain: bool,
    pub fate: Fate,
}

/// What is known of one group (its members change concurrently, so only a hint is kept).
#[derive(Debug, Clone)]
pub struct GroupFacts {
    pub display_name: String,
    pub fate: Fate,
    /// Users whose addition was acknowledged, less those whose removal was: candidates to remove.
    pub member_hint: Vec<String>,
}

/// Which collection an id belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    User,
    Group,
}

/// A 404 answered for an id the ledger knows, and by which operation.
#[derive(Debug, Clone)]
pub struct NotFound {
    pub kind: Kind,
    pub id: String,
    pub operation: &'static str,
}

/// Ids with O(1) random pick and removal.
#[derive(Debug, Default)]
pub struct LiveSet {
    ids: Vec<String>,
    index: HashMap<String, usize>,
}

impl LiveSet {
    pub fn insert(&mut self, id: &str) {
        if !self.index.contains_key(id) {
            self.index.insert(id.to_string(), self.ids.len());
            self.ids.push(id.to_string());
        }
    }

    pub fn remove(&mut self, id: &str) {
        if let Some(i) = self.index.remove(id) {
            self.ids.swap_remove(i);
            if let Some(moved) = self.ids.get(i) {
                self.index.insert(moved.clone(), i);
            }
        }
    }

    /// The id at `r % len`, if any.
    pub fn pick(&self, r: u64) -> Option<&str> {
        if self.ids.is_empty() {
            return None;
        }
        Some(&self.ids[(r % self.ids.len() as u64) as usize])
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }
}

/// The clients' shared record of acknowledged outcomes.
#[derive(Debug, Default)]
pub struct Ledger {
    pub users: HashMap<String, UserFacts>,
    pub groups: HashMap<String, GroupFacts>,
    /// 404s on ids the ledger knows; each must be explained by a delete at the end.
    pub not_found: Vec<NotFound>,
    /// Reads by a user's owner that did not show its last acknowledged write.
    pub stale_reads: Vec<String>,
    /// Reads by a user's owner that were compared with its last acknowledged write.
    pub reads_compared: usize,
    /// Creates that got no clear answer: they may or may not exist, with ids nobody knows.
    pub unknown_creates: u64,
    live_users: LiveSet,
    live_groups: LiveSet,
    owned: HashMap<usize, LiveSet>,
}

impl Ledger {
    pub fn user_created(&mut self, id: &str, owner: usize, user_name: &str, title: &str) {
        self.users.insert(
            id.to_string(),
            UserFacts {
                user_name: user_name.to_string(),
                title: title.to_string(),
                active: true,
                certain: true,
                fate: Fate::Live,
            },
        );
        self.live_users.insert(id);
        self.owned.entry(owner).or_default().insert(id);
    }

    /// The owner's write of these attributes was acknowledged.
    pub fn user_written(&mut self, id: &str, user_name: &str, title: &str, active: bool) {
        if let Some(u) = self.users.get_mut(id) {
            u.user_name = user_name.to_string();
            u.title = title.to_string();
            u.active = active;
        }
    }

    /// An owner write ended without a clear answer.
    pub fn user_uncertain(&mut self, id: &str) {
        if let Some(u) = self.users.get_mut(id) {
            u.certain = false;
        }
    }

    pub fn group_created(&mut self, id: &str, display_name: &str, members: &[String]) {
        self.groups.insert(
            id.to_string(),
            GroupFacts {
                display_name: display_name.to_string(),
                fate: Fate::Live,
                member_hint: members.to_vec(),
            },
        );
        self.live_groups.insert(id);
    }

    pub fn members_added(&mut self, group: &str, users: &[String]) {
        if let Some(g) = self.groups.get_mut(group) {
            for u in users {
                if !g.member_hint.contains(u) {
                    g.member_hint.push(u.clone());
                }
            }
        }
    }

    pub fn member_removed(&mut self, group: &str, user: &str) {
        if let Some(g) = self.groups.get_mut(group) {
            g.member_hint.retain(|m| m != user);
        }
    }

    /// A delete was acknowledged (`Fate::Deleted`) or got no clear answer (`Fate::Unknown`).
    /// An acknowledged delete is final: a later unclear one does not weaken it.
    pub fn deleted(&mut self, kind: Kind, id: &str, fate: Fate) {
        let current = match kind {
            Kind::User => self.users.get_mut(id).map(|u| &mut u.fate),
            Kind::Group => self.groups.get_mut(id).map(|g| &mut g.fate),
        };
        if let Some(current) = current
            && *current != Fate::Deleted
        {
            *current = fate;
        }
        match kind {
            Kind::User => {
                self.live_users.remove(id);
                for set in self.owned.values_mut() {
                    set.remove(id);
                }
            }
            Kind::Group => self.live_groups.remove(id),
        }
    }

    pub fn not_found(&mut self, kind: Kind, id: &str, operation: &'static str) {
        self.not_found.push(NotFound {
            kind,
            id: id.to_string(),
            operation,
        });
    }

    pub fn pick_user(&self, r: u64) -> Option<String> {
        self.live_users.pick(r).map(str::to_string)
    }

    pub fn pick_owned(&self, owner: usize, r: u64) -> Option<String> {
        self.owned.get(&owner)?.pick(r).map(str::to_string)
    }

    pub fn pick_group(&self, r: u64) -> Option<String> {
        self.live_groups.pick(r).map(str::to_string)
    }

    pub fn live_users(&self) -> usize {
        self.live_users.len()
    }

    pub fn fate(&self, kind: Kind, id: &str) -> Option<Fate> {
        match kind {
            Kind::User => self.users.get(id).map(|u| u.fate),
            Kind::Group => self.groups.get(id).map(|g| g.fate),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_set_removal_keeps_every_other_id_pickable() {
        let mut set = LiveSet::default();
        for id in ["a", "b", "c", "d"] {
            set.insert(id);
        }
        set.remove("a");
        set.remove("zz");
        let mut seen: Vec<&str> = (0..4).filter_map(|r| set.pick(r)).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen, ["b", "c", "d"]);
        assert_eq!(set.len(), 3);
    }

    #[test]
    fn an_acknowledged_delete_is_not_weakened_by_a_later_unclear_one() {
        let mut ledger = Ledger::default();
        ledger.user_created("u1", 0, "a@x", "t");
        ledger.deleted(Kind::User, "u1", Fate::Deleted);
        ledger.deleted(Kind::User, "u1", Fate::Unknown);
        assert_eq!(ledger.fate(Kind::User, "u1"), Some(Fate::Deleted));
        assert_eq!(ledger.pick_owned(0, 0), None);
        assert_eq!(ledger.pick_user(0), None);
    }
}
