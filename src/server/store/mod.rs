//! The in-memory store of the reference server.
//!
//! One `RwLock` guards all resources (the reasoning of mini-redis' `db.rs`): critical sections are
//! short, nothing awaits while holding the lock, and because a create checks uniqueness and inserts
//! under the same write lock, N concurrent POSTs of one userName give exactly one 201.
//! Group membership is kept in both directions (`Table` records list members; `member_of` maps a
//! member to its groups) so that a user's read-only `groups` attribute is derived, never stored.

mod record;
mod table;

pub use record::{Record, etag_matches, version_tag};
pub use table::fold;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use axum::body::Bytes;
use axum::http::StatusCode;
use chrono::{SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use super::error::{ScimError, ScimResult};
use super::schema::ResourceKind;
use table::Table;

/// A group a member belongs to, as shown in the member's `groups` attribute.
#[derive(Debug, Clone)]
pub struct Membership {
    pub group_id: Arc<str>,
    pub display: String,
}

#[derive(Debug, Default)]
struct Inner {
    users: Table,
    groups: Table,
    /// Member id (user or group) → ids of the groups that list it.
    member_of: HashMap<Arc<str>, BTreeSet<Arc<str>>>,
    next_seq: u64,
}

impl Inner {
    fn table(&self, kind: ResourceKind) -> &Table {
        match kind {
            ResourceKind::User => &self.users,
            ResourceKind::Group => &self.groups,
        }
    }
    fn table_mut(&mut self, kind: ResourceKind) -> &mut Table {
        match kind {
            ResourceKind::User => &mut self.users,
            ResourceKind::Group => &mut self.groups,
        }
    }
}

/// The store. Cheap to share: wrap it in an `Arc`.
#[derive(Debug)]
pub struct Store {
    inner: RwLock<Inner>,
    /// `http://host:port/scim/v2`: the prefix of every `meta.location` and `$ref`.
    base_url: Arc<str>,
}

/// Which index a lookup uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Index {
    Id,
    /// userName (users) or displayName (groups), case-insensitive.
    Name,
    ExternalId,
}

impl Store {
    pub fn new(base_url: impl Into<Arc<str>>) -> Self {
        Store {
            inner: RwLock::new(Inner::default()),
            base_url: base_url.into(),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn location(&self, kind: ResourceKind, id: &str) -> String {
        format!("{}{}/{}", self.base_url, kind.endpoint(), id)
    }

    fn read(&self) -> RwLockReadGuard<'_, Inner> {
        // A panic while holding the lock cannot leave a half-written record (records are
        // replaced whole), so a poisoned lock is still consistent.
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }
    fn write(&self) -> RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(|e| e.into_inner())
    }

    pub fn len(&self, kind: ResourceKind) -> usize {
        self.read().table(kind).len()
    }

    /// Users and groups together.
    pub fn total_len(&self) -> usize {
        let inner = self.read();
        inner.users.len() + inner.groups.len()
    }

    pub fn is_empty(&self, kind: ResourceKind) -> bool {
        self.len(kind) == 0
    }

    pub fn get(&self, kind: ResourceKind, id: &str) -> Option<Arc<Record>> {
        self.read().table(kind).get(id).cloned()
    }

    /// Every record of `kind`, in creation order: a snapshot, evaluated without holding the lock.
    pub fn snapshot(&self, kind: ResourceKind) -> Vec<Arc<Record>> {
        self.read().table(kind).in_order().cloned().collect()
    }

    /// Records whose indexed attribute equals `value` (names case-insensitively), in creation order.
    pub fn lookup(&self, kind: ResourceKind, index: Index, value: &str) -> Vec<Arc<Record>> {
        let inner = self.read();
        let table = inner.table(kind);
        let mut found: Vec<Arc<Record>> = match index {
            Index::Id => table.get(value).cloned().into_iter().collect(),
            Index::Name => table
                .id_by_name(value)
                .and_then(|id| table.get(id))
                .cloned()
                .into_iter()
                .collect(),
            Index::ExternalId => table
                .ids_by_external_id(value)
                .iter()
                .filter_map(|id| table.get(id))
                .cloned()
                .collect(),
        };
        found.sort_by_key(|r| r.seq);
        found
    }

    /// The groups that list `member_id` directly, for its `groups` attribute.
    pub fn memberships(&self, member_id: &str) -> Vec<Membership> {
        let inner = self.read();
        let Some(groups) = inner.member_of.get(member_id) else {
            return Vec::new();
        };
        groups
            .iter()
            .filter_map(|gid| inner.groups.get(gid))
            .map(|g| Membership {
                group_id: g.id.clone(),
                display: g.name.clone(),
            })
            .collect()
    }

    /// Creates a resource from normalised client attributes. 409 `uniqueness` if its name is taken.
    pub fn create(
        &self,
        kind: ResourceKind,
        content: Map<String, Value>,
    ) -> ScimResult<Arc<Record>> {
        let id: Arc<str> = uuid::Uuid::new_v4().to_string().into();
        let mut inner = self.write();
        let name = resource_name(kind, &content)?;
        if inner.table(kind).id_by_name(&name).is_some() {
            return Err(uniqueness_error(kind, &name));
        }
        let content = self.resolve_members(&inner, kind, &id, content);
        inner.next_seq += 1;
        let now = now();
        let record = self.build(kind, id, inner.next_seq, 1, &now, &now, content)?;
        self.link_members(&mut inner, &record, &[]);
        inner.table_mut(kind).put(record.clone());
        Ok(record)
    }

    /// Replaces a resource's client attributes with what `change` returns, given the current
    /// document (PUT passes the new body; PATCH applies its operations). Everything happens under
    /// the write lock, so concurrent updates never interleave. A change that alters nothing keeps
    /// `meta.lastModified` and `meta.version` as they were.
    pub fn update(
        &self,
        kind: ResourceKind,
        id: &str,
        if_match: Option<&str>,
        change: impl FnOnce(Map<String, Value>) -> ScimResult<Map<String, Value>>,
    ) -> ScimResult<Arc<Record>> {
        let mut inner = self.write();
        let old = existing(&inner, kind, id, if_match)?;
        let current = old.document();
        let content = change(current.clone())?;
        let content = self.resolve_members(&inner, kind, &old.id, content);
        if client_content(&current) == client_content(&content) {
            return Ok(old);
        }
        let name = resource_name(kind, &content)?;
        if let Some(holder) = inner.table(kind).id_by_name(&name)
            && *holder != old.id
        {
            return Err(uniqueness_error(kind, &name));
        }
        let record = self.revise(&old, &current, content)?;
        self.link_members(&mut inner, &record, &old.members);
        inner.table_mut(kind).put(record.clone());
        Ok(record)
    }

    /// Deletes a resource; it disappears from every group that listed it.
    pub fn delete(&self, kind: ResourceKind, id: &str, if_match: Option<&str>) -> ScimResult<()> {
        let mut inner = self.write();
        let old = existing(&inner, kind, id, if_match)?;
        inner.table_mut(kind).remove(id);
        for member in &old.members {
            unlink(&mut inner.member_of, member, &old.id);
        }
        let containing = inner.member_of.remove(id).unwrap_or_default();
        table::shrink_if_sparse(&mut inner.member_of);
        for gid in containing {
            let Some(group) = inner.groups.get(&gid).cloned() else {
                continue;
            };
            let current = group.document();
            let mut content = client_content(&current);
            if let Some(Value::Array(members)) = content.get_mut("members") {
                members.retain(|m| m.get("value").and_then(Value::as_str) != Some(id));
                if members.is_empty() {
                    content.shift_remove("members");
                }
            }
            let record = self.revise(&group, &current, content)?;
            inner.groups.put(record);
        }
        Ok(())
    }

    /// The next revision of `old` (whose document is `current`) with new client attributes: same
    /// id, creation order and `meta.created`; `lastModified` now.
    fn revise(
        &self,
        old: &Record,
        current: &Map<String, Value>,
        content: Map<String, Value>,
    ) -> ScimResult<Arc<Record>> {
        let created = current
            .get("meta")
            .and_then(|m| m.get("created"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(now);
        self.build(
            old.kind,
            old.id.clone(),
            old.seq,
            old.revision + 1,
            &created,
            &now(),
            content,
        )
    }

    /// Keeps only members that exist (users or other groups), once each, as
    /// `{value, display?, $ref, type}`. Unknown ids are dropped rather than failing the request:
    /// IdPs push memberships of users the target never saw, and rejecting the whole change is a
    /// known interop bug.
    ///
    /// `$ref` and `type` follow from `value` (immutable, the server's). `display` is kept exactly
    /// when the client sent one, and never derived from the member's displayName or userName:
    /// RFC 7643 §8.7.1 defines no server-derived `display`, and a client that reads back its write
    /// to verify it must find what it wrote, not a value it never sent.
    fn resolve_members(
        &self,
        inner: &Inner,
        kind: ResourceKind,
        self_id: &str,
        mut content: Map<String, Value>,
    ) -> Map<String, Value> {
        if kind != ResourceKind::Group {
            return content;
        }
        let Some(Value::Array(members)) = content.shift_remove("members") else {
            return content;
        };
        let mut seen = BTreeSet::new();
        let mut resolved = Vec::new();
        for member in members {
            let Some(value) = member.get("value").and_then(Value::as_str) else {
                continue;
            };
            if value == self_id || !seen.insert(value.to_string()) {
                continue;
            }
            let member_kind = if inner.users.get(value).is_some() {
                ResourceKind::User
            } else if inner.groups.get(value).is_some() {
                ResourceKind::Group
            } else {
                continue;
            };
            let mut element = Map::with_capacity(4);
            element.insert("value".into(), Value::String(value.to_string()));
            if let Some(display) = member.get("display").filter(|d| d.is_string()) {
                element.insert("display".into(), display.clone());
            }
            element.insert(
                "$ref".into(),
                Value::String(self.location(member_kind, value)),
            );
            element.insert("type".into(), Value::String(member_kind.name().into()));
            resolved.push(Value::Object(element));
        }
        if !resolved.is_empty() {
            content.insert("members".into(), Value::Array(resolved));
        }
        content
    }

    /// Updates `member_of` for a group whose member list went from `before` to `record.members`.
    fn link_members(&self, inner: &mut Inner, record: &Record, before: &[Arc<str>]) {
        if record.kind != ResourceKind::Group {
            return;
        }
        // A set, not `Vec::contains`: a group of n members re-linked after a PATCH was O(n²)
        // (2 000 members: 4 million comparisons on every membership PATCH).
        let now: HashSet<&str> = record.members.iter().map(|m| &**m).collect();
        for gone in before.iter().filter(|m| !now.contains(&***m)) {
            unlink(&mut inner.member_of, gone, &record.id);
        }
        for member in &record.members {
            inner
                .member_of
                .entry(member.clone())
                .or_default()
                .insert(record.id.clone());
        }
    }

    /// Assembles the stored representation: `schemas`, `id`, client attributes, `meta`.
    #[allow(clippy::too_many_arguments)]
    fn build(
        &self,
        kind: ResourceKind,
        id: Arc<str>,
        seq: u64,
        revision: u64,
        created: &str,
        last_modified: &str,
        content: Map<String, Value>,
    ) -> ScimResult<Arc<Record>> {
        let name = resource_name(kind, &content)?;
        let external_id = content
            .get("externalId")
            .and_then(Value::as_str)
            .map(str::to_string);
        let members: Vec<Arc<str>> = content
            .get("members")
            .and_then(Value::as_array)
            .map(|ms| {
                ms.iter()
                    .filter_map(|m| m.get("value").and_then(Value::as_str))
                    .map(Arc::from)
                    .collect()
            })
            .unwrap_or_default();
        let mut doc = Map::with_capacity(content.len() + 2);
        let mut content = content;
        if let Some(schemas) = content.shift_remove("schemas") {
            doc.insert("schemas".into(), schemas);
        }
        doc.insert("id".into(), Value::String(id.to_string()));
        doc.extend(content);
        doc.insert(
            "meta".into(),
            json!({
                "resourceType": kind.name(),
                "created": created,
                "lastModified": last_modified,
                "location": self.location(kind, &id),
                "version": version_tag(revision),
            }),
        );
        let json = Bytes::from(
            serde_json::to_vec(&doc).map_err(|e| ScimError::invalid_value(e.to_string()))?,
        );
        Ok(Arc::new(Record {
            kind,
            id,
            seq,
            revision,
            json,
            name,
            external_id,
            members,
        }))
    }
}

/// The record `id` of `kind`, if it exists and `If-Match` (when given) matches its version.
fn existing(
    inner: &Inner,
    kind: ResourceKind,
    id: &str,
    if_match: Option<&str>,
) -> ScimResult<Arc<Record>> {
    let record = inner
        .table(kind)
        .get(id)
        .cloned()
        .ok_or_else(|| not_found(kind, id))?;
    check_precondition(if_match, &record)?;
    Ok(record)
}

/// Forgets that `group` lists `member`.
fn unlink(member_of: &mut HashMap<Arc<str>, BTreeSet<Arc<str>>>, member: &str, group: &str) {
    if let Some(groups) = member_of.get_mut(member) {
        groups.remove(group);
        if groups.is_empty() {
            member_of.remove(member);
        }
    }
}

/// The attributes a client controls: everything but `id` and `meta`.
fn client_content(doc: &Map<String, Value>) -> Map<String, Value> {
    doc.iter()
        .filter(|(k, _)| *k != "id" && *k != "meta")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn resource_name(kind: ResourceKind, content: &Map<String, Value>) -> ScimResult<String> {
    let key = match kind {
        ResourceKind::User => "userName",
        ResourceKind::Group => "displayName",
    };
    match content.get(key).and_then(Value::as_str) {
        Some(name) if !name.is_empty() => Ok(name.to_string()),
        _ => Err(ScimError::invalid_value(format!("{key} is required"))),
    }
}

fn check_precondition(if_match: Option<&str>, record: &Record) -> ScimResult<()> {
    match if_match {
        Some(tag) if !etag_matches(tag, &record.version()) => Err(ScimError::new(
            StatusCode::PRECONDITION_FAILED,
            None,
            format!(
                "If-Match {tag} does not match the current version {}",
                record.version()
            ),
        )),
        _ => Ok(()),
    }
}

fn uniqueness_error(kind: ResourceKind, name: &str) -> ScimError {
    let attr = match kind {
        ResourceKind::User => "userName",
        ResourceKind::Group => "displayName",
    };
    ScimError::uniqueness(format!("{attr} '{name}' is already taken"))
}

pub fn not_found(kind: ResourceKind, id: &str) -> ScimError {
    ScimError::not_found(format!("{} {id} not found", kind.name()))
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true)
}
