//! The soak's clients: each loops until the deadline on a seeded random mix of user and group
//! writes, recording every acknowledged outcome in the shared `Ledger`.
//!
//! Conflicts are provoked on purpose: about a third of the userNames written come from a small
//! pool shared by all clients, in random letter case, so creates, PUTs and PATCHes race for the
//! same name (exactly one may hold it; the others must get 409). Any client deletes any user and
//! changes any group's members, so memberships race with deletes (404s are expected then). 409
//! and 404 from those races are counted apart from errors; 5xx, unanswered requests and any other
//! status are errors.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use reqwest::Method;
use serde_json::{Value, json};

use super::http::{Answer, Http, HttpError};
use super::ledger::{Fate, Kind, Ledger};
use super::mix::{Op, Rng, Tally};

use crate::protocol::urn::{GROUP as GROUP_SCHEMA, PATCH_OP as PATCH_SCHEMA, USER as USER_SCHEMA};
/// How many shared userNames the clients fight over.
const POOL: u64 = 24;

/// What all clients share.
pub struct Workload {
    pub http: Http,
    pub ledger: Mutex<Ledger>,
    /// In every name this soak writes, so that its resources can be told apart on a shared target.
    pub tag: String,
    pub deadline: Instant,
    pub operations: AtomicU64,
}

/// How one request ended.
enum Class {
    Acknowledged(Answer),
    Race(u16),
    /// An error whose effect is unknown (no answer, 5xx).
    Unclear(String),
    /// Any other answer: the request was refused.
    Refused(String),
}

fn classify(result: Result<Answer, HttpError>, races: &[u16], what: &str) -> Class {
    match result {
        Ok(a) if a.is_success() => Class::Acknowledged(a),
        Ok(a) if races.contains(&a.status) => Class::Race(a.status),
        Ok(a) => {
            let body: String = String::from_utf8_lossy(&a.body).chars().take(200).collect();
            let message = format!("{what}: status {}: {body}", a.status);
            if a.status >= 500 {
                Class::Unclear(message)
            } else {
                Class::Refused(message)
            }
        }
        Err(e) => Class::Unclear(format!("{what}: {e}")),
    }
}

struct Client<'w> {
    w: &'w Workload,
    me: usize,
    rng: Rng,
    made: u64,
    tally: Tally,
}

/// Runs one client until the deadline.
pub async fn client(w: Arc<Workload>, me: usize, seed: u64) -> Tally {
    let mut c = Client {
        w: &w,
        me,
        rng: Rng::new(seed ^ (me as u64).wrapping_mul(0xA24B_AED4_963E_E407)),
        made: 0,
        tally: Tally::default(),
    };
    while Instant::now() < w.deadline {
        let op = Op::draw(c.rng.next());
        c.run(op).await;
        w.operations.fetch_add(1, Ordering::Relaxed);
    }
    c.tally
}

impl Client<'_> {
    fn ledger(&self) -> MutexGuard<'_, Ledger> {
        self.w.ledger.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn count(&mut self, op: Op, class: &Class) {
        let c = &mut self.tally.counts[op.index()];
        c.sent += 1;
        match class {
            Class::Acknowledged(_) => c.acknowledged += 1,
            Class::Race(_) => c.races += 1,
            Class::Unclear(e) | Class::Refused(e) => {
                c.errors += 1;
                if self.tally.first_errors.len() < 10 {
                    self.tally.first_errors.push(e.clone());
                }
            }
        }
    }

    /// A fresh name, or (a third of the time) one from the shared pool in random case.
    fn user_name(&mut self) -> String {
        let tag = &self.w.tag;
        if self.rng.percent(33) {
            let k = self.rng.below(POOL);
            let name = format!("pool{k}.{tag}@soak.example");
            let flips = self.rng.next();
            name.chars()
                .enumerate()
                .map(|(i, ch)| {
                    if flips >> (i % 64) & 1 == 1 {
                        ch.to_ascii_uppercase()
                    } else {
                        ch
                    }
                })
                .collect()
        } else {
            self.made += 1;
            format!("c{}.{}.{tag}@soak.example", self.me, self.made)
        }
    }

    fn user_body(&self, user_name: &str, title: &str, active: bool) -> Value {
        json!({
            "schemas": [USER_SCHEMA],
            "userName": user_name,
            "name": {"givenName": "Soak", "familyName": format!("Client{}", self.me)},
            "emails": [{"value": user_name, "type": "work", "primary": true}],
            "title": title,
            "active": active,
        })
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Answer, HttpError> {
        self.w.http.send(method, path, body).await
    }

    async fn run(&mut self, op: Op) {
        match op {
            Op::CreateUser => self.create_user().await,
            Op::PutUser => self.put_user().await,
            Op::PatchUser => self.patch_user().await,
            Op::ReadUser => self.read_user().await,
            Op::CreateGroup => self.create_group().await,
            Op::AddMembers => self.add_members().await,
            Op::RemoveMember => self.remove_member().await,
            Op::DeleteUser => self.delete(Kind::User).await,
            Op::DeleteGroup => self.delete(Kind::Group).await,
        }
    }

    async fn create_user(&mut self) {
        let name = self.user_name();
        let title = format!("t{}", self.rng.below(1000));
        let body = self.user_body(&name, &title, true);
        let class = classify(
            self.send(Method::POST, "/Users", Some(&body)).await,
            &[409],
            "POST /Users",
        );
        let class = match class {
            Class::Acknowledged(a) => {
                match a.json().and_then(|v| v["id"].as_str().map(str::to_string)) {
                    Some(id) => {
                        self.ledger().user_created(&id, self.me, &name, &title);
                        Class::Acknowledged(a)
                    }
                    None => Class::Refused("POST /Users: 2xx without an id".into()),
                }
            }
            Class::Unclear(e) => {
                self.ledger().unknown_creates += 1;
                Class::Unclear(e)
            }
            other => other,
        };
        self.count(Op::CreateUser, &class);
    }

    /// One of this client's users and what it last wrote there.
    fn own_user(&mut self) -> Option<(String, String, String, bool)> {
        let r = self.rng.next();
        let ledger = self.ledger();
        let id = ledger.pick_owned(self.me, r)?;
        let f = ledger.users.get(&id)?;
        Some((id.clone(), f.user_name.clone(), f.title.clone(), f.active))
    }

    /// Records the end of an owner write of (userName, title, active) to `id`.
    fn owner_wrote(&mut self, op: Op, id: &str, class: Class, written: (&str, &str, bool)) {
        match &class {
            Class::Acknowledged(_) => self
                .ledger()
                .user_written(id, written.0, written.1, written.2),
            Class::Race(404) => self.ledger().not_found(Kind::User, id, op.label()),
            Class::Unclear(_) => self.ledger().user_uncertain(id),
            _ => {}
        }
        self.count(op, &class);
    }

    async fn put_user(&mut self) {
        let Some((id, _, _, _)) = self.own_user() else {
            return self.create_user().await;
        };
        let name = self.user_name();
        let title = format!("t{}", self.rng.below(1000));
        let active = self.rng.percent(80);
        let body = self.user_body(&name, &title, active);
        let path = format!("/Users/{id}");
        let result = self.send(Method::PUT, &path, Some(&body)).await;
        let class = classify(result, &[404, 409], "PUT /Users/{id}");
        self.owner_wrote(Op::PutUser, &id, class, (&name, &title, active));
    }

    async fn patch_user(&mut self) {
        let Some((id, mut name, mut title, mut active)) = self.own_user() else {
            return self.create_user().await;
        };
        let (path, value, races): (&str, Value, &[u16]) = match self.rng.below(10) {
            0..=3 => {
                title = format!("t{}", self.rng.below(1000));
                ("title", json!(title), &[404])
            }
            4..=6 => {
                active = !active;
                ("active", json!(active), &[404])
            }
            _ => {
                name = self.user_name();
                ("userName", json!(name), &[404, 409])
            }
        };
        let body = json!({
            "schemas": [PATCH_SCHEMA],
            "Operations": [{"op": "replace", "path": path, "value": value}],
        });
        let result = self
            .send(Method::PATCH, &format!("/Users/{id}"), Some(&body))
            .await;
        let class = classify(result, races, "PATCH /Users/{id}");
        self.owner_wrote(Op::PatchUser, &id, class, (&name, &title, active));
    }

    async fn read_user(&mut self) {
        let Some((id, name, title, active)) = self.own_user() else {
            return self.create_user().await;
        };
        let result = self.send(Method::GET, &format!("/Users/{id}"), None).await;
        let class = classify(result, &[404], "GET /Users/{id}");
        match &class {
            Class::Acknowledged(a) => {
                let v = a.json().unwrap_or(Value::Null);
                let mut ledger = self.ledger();
                let certain = ledger.users.get(&id).is_some_and(|f| f.certain);
                ledger.reads_compared += usize::from(certain);
                if certain
                    && (v["userName"] != json!(name)
                        || v["title"] != json!(title)
                        || v["active"] != json!(active))
                {
                    ledger.stale_reads.push(format!(
                        "GET /Users/{id} showed ({}, {}, {}) after ({name}, {title}, {active}) was acknowledged",
                        v["userName"], v["title"], v["active"]
                    ));
                }
            }
            Class::Race(_) => self
                .ledger()
                .not_found(Kind::User, &id, Op::ReadUser.label()),
            _ => {}
        }
        self.count(Op::ReadUser, &class);
    }

    /// Up to `n` distinct live users, any owner.
    fn some_users(&mut self, n: u64) -> Vec<String> {
        let picks: Vec<u64> = (0..n).map(|_| self.rng.next()).collect();
        let ledger = self.ledger();
        let mut users: Vec<String> = picks
            .into_iter()
            .filter_map(|r| ledger.pick_user(r))
            .collect();
        users.sort();
        users.dedup();
        users
    }

    async fn create_group(&mut self) {
        self.made += 1;
        let name = format!("g{}.{}.{}", self.me, self.made, self.w.tag);
        let n = self.rng.below(4);
        let members = self.some_users(n);
        let body = json!({
            "schemas": [GROUP_SCHEMA],
            "displayName": name,
            "members": members.iter().map(|m| json!({"value": m})).collect::<Vec<_>>(),
        });
        let class = classify(
            self.send(Method::POST, "/Groups", Some(&body)).await,
            &[],
            "POST /Groups",
        );
        let class = match class {
            Class::Acknowledged(a) => {
                match a.json().and_then(|v| v["id"].as_str().map(str::to_string)) {
                    Some(id) => {
                        self.ledger().group_created(&id, &name, &members);
                        Class::Acknowledged(a)
                    }
                    None => Class::Refused("POST /Groups: 2xx without an id".into()),
                }
            }
            Class::Unclear(e) => {
                self.ledger().unknown_creates += 1;
                Class::Unclear(e)
            }
            other => other,
        };
        self.count(Op::CreateGroup, &class);
    }

    async fn patch_group(&mut self, op: Op, group: &str, operation: Value) -> Class {
        let body = json!({"schemas": [PATCH_SCHEMA], "Operations": [operation]});
        let result = self
            .send(Method::PATCH, &format!("/Groups/{group}"), Some(&body))
            .await;
        let class = classify(result, &[404], "PATCH /Groups/{id}");
        if let Class::Race(_) = class {
            self.ledger().not_found(Kind::Group, group, op.label());
        }
        class
    }

    async fn add_members(&mut self) {
        let r = self.rng.next();
        let Some(group) = self.ledger().pick_group(r) else {
            return self.create_group().await;
        };
        let n = 1 + self.rng.below(3);
        let users = self.some_users(n);
        let value: Vec<Value> = users.iter().map(|u| json!({"value": u})).collect();
        let class = self
            .patch_group(
                Op::AddMembers,
                &group,
                json!({"op": "add", "path": "members", "value": value}),
            )
            .await;
        if let Class::Acknowledged(_) = class {
            self.ledger().members_added(&group, &users);
        }
        self.count(Op::AddMembers, &class);
    }

    async fn remove_member(&mut self) {
        let (r, s) = (self.rng.next(), self.rng.next());
        let picked = {
            let ledger = self.ledger();
            ledger.pick_group(r).and_then(|g| {
                let hint = &ledger.groups.get(&g)?.member_hint;
                let user = match hint.len() {
                    0 => ledger.pick_user(s)?,
                    n => hint[(s % n as u64) as usize].clone(),
                };
                Some((g, user))
            })
        };
        let Some((group, user)) = picked else {
            return self.add_members().await;
        };
        let path = format!("members[value eq \"{user}\"]");
        let class = self
            .patch_group(
                Op::RemoveMember,
                &group,
                json!({"op": "remove", "path": path}),
            )
            .await;
        if let Class::Acknowledged(_) = class {
            self.ledger().member_removed(&group, &user);
        }
        self.count(Op::RemoveMember, &class);
    }

    async fn delete(&mut self, kind: Kind) {
        let r = self.rng.next();
        let (op, endpoint, picked) = match kind {
            Kind::User => (Op::DeleteUser, "Users", self.ledger().pick_user(r)),
            Kind::Group => (Op::DeleteGroup, "Groups", self.ledger().pick_group(r)),
        };
        let Some(id) = picked else {
            return self.create_user().await;
        };
        let result = self
            .send(Method::DELETE, &format!("/{endpoint}/{id}"), None)
            .await;
        let class = classify(result, &[404], &format!("DELETE /{endpoint}/{{id}}"));
        match &class {
            Class::Acknowledged(_) => self.ledger().deleted(kind, &id, Fate::Deleted),
            Class::Race(_) => self.ledger().not_found(kind, &id, op.label()),
            Class::Unclear(_) => self.ledger().deleted(kind, &id, Fate::Unknown),
            Class::Refused(_) => {}
        }
        self.count(op, &class);
    }
}
