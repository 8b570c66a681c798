//! Group push (okta-scim-behaviour §1.8): lookup by `displayName`, POST with `members: []`, then
//! membership. OIN mode PATCHes membership (one `remove` op per member with a
//! `members[value eq "…"]` path, adds batched in one op, a full re-push as `replace members`)
//! and follows every membership change with GET /Groups/{id} and the pathless rename PATCH. AIW
//! mode sends GET + PUT of the whole group with Okta's full member list.
//!
//! When the last members of a pushed group are gone, Okta pushes the group empty: in OIN mode
//! the full re-push with an empty list, `{"op":"replace","path":"members","value":[]}` (the
//! re-push shape of okta-scim-behaviour §1.8 c; Okta sending exactly this for an emptied group is
//! observed in Captain-P-Goldfish/SCIM-SDK#757, "Push now" of an empty group, and
//! jelhub/scimgateway#111); in AIW mode GET + PUT of the group with `members: []` (§1.8 e).
//!
//! Okta's idea of the membership is kept in the run's variables (`eng#members`, names of
//! identities), because AIW PUTs send Okta's list, not the server's.

use serde_json::Value;

use super::accept;
use super::bodies;
use super::headers::{resource_path, send};
use crate::idp::flow::{Flow, Next, Response};
use crate::protocol::Dialect;
use crate::protocol::OktaMode;
use crate::protocol::Vars;
use crate::protocol::var_str;
use crate::protocol::{Failure, FailureKind};
use crate::scenario::model::{GroupMembers, GroupRename, MembershipChange};

fn members_key(group: &str) -> String {
    format!("{group}#members")
}

/// Okta's member list of `group` (identity names).
pub fn okta_members(vars: &Vars, group: &str) -> Vec<String> {
    match vars.get(&members_key(group)) {
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

fn set_okta_members(vars: &mut Vars, group: &str, names: &[String]) {
    let list = names.iter().cloned().map(Value::String).collect();
    vars.set(members_key(group), Value::Array(list));
}

fn group_id(vars: &Vars, group: &str) -> Result<String, Failure> {
    var_str(vars, &format!("{group}.id")).map_err(|_| Failure::new(
        FailureKind::Variable,
        format!("group `{group}` has not been pushed yet; `okta: {{push_group: {{group: {group}}}}}` first"),
    ))
}

/// The member entry Okta sends for identity `name`: its SCIM id and userName.
fn member(vars: &Vars, name: &str) -> Result<Value, Failure> {
    let id = var_str(vars, &format!("{name}.id")).map_err(|_| Failure::new(
        FailureKind::Variable,
        format!(
            "`{name}` is not assigned to the app (no id), and Okta pushes only assigned members; assign it first"
        ),
    ))?;
    let user_name = var_str(vars, &format!("{name}.userName"))?;
    Ok(bodies::member(&id, &user_name))
}

fn entries(vars: &Vars, names: &[String]) -> Result<Vec<Value>, Failure> {
    names.iter().map(|n| member(vars, n)).collect()
}

/// What changes about a pushed group.
#[derive(Debug, Clone)]
pub enum Change {
    Add(Vec<String>),
    Update {
        add: Vec<String>,
        remove: Vec<String>,
    },
    Replace(Vec<String>),
    /// The last members are gone: the re-push with an empty list.
    Empty,
    Rename(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SyncState {
    Start,
    Patched,
    Read,
    Renamed,
    Put,
}

/// A membership change or rename of a pushed group, in the mode's verbs.
#[derive(Debug)]
pub struct GroupSync {
    group: String,
    change: Change,
    mode: OktaMode,
    state: SyncState,
    id: String,
}

impl GroupSync {
    pub fn new(group: &str, change: Change, mode: OktaMode) -> Self {
        Self {
            group: group.to_owned(),
            change,
            mode,
            state: SyncState::Start,
            id: String::new(),
        }
    }

    fn path(&self) -> String {
        resource_path("Groups", &self.id)
    }

    fn read(&mut self) -> Next {
        self.state = SyncState::Read;
        send("read group", "GET", &self.path(), &[], None)
    }

    /// Updates Okta's state; returns the OIN PATCH operations (none for a rename).
    fn start(&mut self, vars: &mut Vars) -> Result<Vec<Value>, Failure> {
        self.id = group_id(vars, &self.group)?;
        let mut names = okta_members(vars, &self.group);
        let ops = match &self.change {
            Change::Add(add) => {
                let ops = vec![bodies::add_members(entries(vars, add)?)];
                names.extend(
                    add.iter()
                        .filter(|n| !names.contains(n))
                        .cloned()
                        .collect::<Vec<_>>(),
                );
                ops
            }
            Change::Update { add, remove } => {
                let mut ops = Vec::new();
                for name in remove {
                    let id = member(vars, name)?["value"].clone();
                    ops.push(bodies::remove_member(id.as_str().unwrap_or_default()));
                }
                if !add.is_empty() {
                    ops.push(bodies::add_members(entries(vars, add)?));
                }
                names.retain(|n| !remove.contains(n));
                names.extend(
                    add.iter()
                        .filter(|n| !names.contains(n))
                        .cloned()
                        .collect::<Vec<_>>(),
                );
                ops
            }
            Change::Replace(all) => {
                names = all.clone();
                vec![bodies::replace_members(entries(vars, all)?)]
            }
            Change::Empty => {
                names.clear();
                vec![bodies::replace_members(Vec::new())]
            }
            Change::Rename(to) => {
                let to = vars
                    .substitute_str(to)
                    .map_err(|e| Failure::new(FailureKind::Variable, e.to_string()))?;
                vars.set(format!("{}.displayName", self.group), Value::String(to));
                Vec::new()
            }
        };
        set_okta_members(vars, &self.group, &names);
        Ok(ops)
    }

    fn step(&mut self, last: Option<Response<'_>>, vars: &mut Vars) -> Result<Next, Failure> {
        Ok(match (self.state, last) {
            (SyncState::Start, _) => {
                let ops = self.start(vars)?;
                match self.mode {
                    OktaMode::Oin if !ops.is_empty() => {
                        self.state = SyncState::Patched;
                        let label = match self.change {
                            Change::Replace(_) => "replace members (PATCH)",
                            Change::Empty => "push the emptied group (PATCH replace members [])",
                            _ => "change members (PATCH)",
                        };
                        send(label, "PATCH", &self.path(), &[], Some(bodies::patch(ops)))
                    }
                    _ => self.read(),
                }
            }
            (SyncState::Patched, Some(response)) => {
                accept::patched(&response, "group membership")?;
                self.read()
            }
            (SyncState::Read, Some(response)) => {
                let current = accept::read(&response, "group")?;
                let name = var_str(vars, &format!("{}.displayName", self.group))?;
                match self.mode {
                    OktaMode::Oin => {
                        self.state = SyncState::Renamed;
                        let body = bodies::group_rename(&self.id, &name);
                        send("rename (PATCH)", "PATCH", &self.path(), &[], Some(body))
                    }
                    OktaMode::Aiw => {
                        self.state = SyncState::Put;
                        let members = entries(vars, &okta_members(vars, &self.group))?;
                        let body = bodies::group_put(&current, &name, members);
                        send("push group (PUT)", "PUT", &self.path(), &[], Some(body))
                    }
                }
            }
            (SyncState::Renamed, Some(response)) => {
                accept::patched(&response, "group name")?;
                Next::Done
            }
            (SyncState::Put, Some(response)) => {
                accept::replaced(&response, "group")?;
                Next::Done
            }
            (_, None) => Next::Done,
        })
    }
}

impl Flow for GroupSync {
    fn next(&mut self, last: Option<Response<'_>>, vars: &mut Vars) -> Next {
        self.step(last, vars).unwrap_or_else(Next::Fail)
    }
}

#[derive(Debug)]
enum PushState {
    Start,
    Lookup,
    Create,
    Then(GroupSync),
}

/// Push a group: lookup by displayName, create (or link), then add its members.
#[derive(Debug)]
pub struct PushGroup {
    group: String,
    members: Vec<String>,
    mode: OktaMode,
    state: PushState,
}

impl PushGroup {
    pub fn new(push: &GroupMembers, mode: OktaMode) -> Self {
        Self {
            group: push.group.clone(),
            members: push.members.clone(),
            mode,
            state: PushState::Start,
        }
    }

    fn linked(&mut self, id: Value, vars: &mut Vars) -> Next {
        vars.set(format!("{}.id", self.group), id);
        set_okta_members(vars, &self.group, &[]);
        if self.members.is_empty() {
            return Next::Done;
        }
        let mut sync = GroupSync::new(&self.group, Change::Add(self.members.clone()), self.mode);
        let next = sync.next(None, vars);
        self.state = PushState::Then(sync);
        next
    }

    fn step(&mut self, last: Option<Response<'_>>, vars: &mut Vars) -> Result<Next, Failure> {
        Ok(match (&mut self.state, last) {
            (PushState::Start, _) => {
                // Members must be assigned before anything is sent.
                entries(vars, &self.members)?;
                let name = var_str(vars, &format!("{}.displayName", self.group))?;
                let filter = format!("displayName eq \"{name}\"");
                self.state = PushState::Lookup;
                send(
                    "lookup by displayName",
                    "GET",
                    "/Groups",
                    &[("filter", &filter), ("startIndex", "1"), ("count", "100")],
                    None,
                )
            }
            (PushState::Lookup, Some(response)) => match accept::lookup(&response, "group")? {
                None => {
                    let name = var_str(vars, &format!("{}.displayName", self.group))?;
                    self.state = PushState::Create;
                    let body = bodies::group_create(&name);
                    send("create group", "POST", "/Groups", &[], Some(body))
                }
                Some(found) => {
                    let id = found.get("id").cloned().unwrap_or(Value::Null);
                    self.linked(id, vars)
                }
            },
            (PushState::Create, Some(response)) => {
                let id = accept::created(&response, "group")?;
                self.linked(Value::String(id), vars)
            }
            (PushState::Then(sync), last) => sync.next(last, vars),
            (_, None) => Next::Done,
        })
    }
}

impl Flow for PushGroup {
    fn next(&mut self, last: Option<Response<'_>>, vars: &mut Vars) -> Next {
        self.step(last, vars).unwrap_or_else(Next::Fail)
    }
}

pub fn update_members(change: &MembershipChange, mode: OktaMode) -> Box<dyn Flow> {
    let change_kind = Change::Update {
        add: change.add.clone(),
        remove: change.remove.clone(),
    };
    Box::new(GroupSync::new(&change.group, change_kind, mode))
}

pub fn repush(push: &GroupMembers, mode: OktaMode) -> Box<dyn Flow> {
    let change = Change::Replace(push.members.clone());
    Box::new(GroupSync::new(&push.group, change, mode))
}

/// The group's last members left it in Okta: Okta pushes it empty.
pub fn empty(group: &str, mode: OktaMode) -> Box<dyn Flow> {
    Box::new(GroupSync::new(group, Change::Empty, mode))
}

pub fn rename(rename: &GroupRename, mode: OktaMode) -> Box<dyn Flow> {
    let change = Change::Rename(rename.to.clone());
    Box::new(GroupSync::new(&rename.group, change, mode))
}

/// "Unlink pushed group" → "Delete the group in the target app": DELETE, 204.
#[derive(Debug)]
pub struct DeleteGroup {
    group: String,
    /// 2.0 answers 204; 1.1 servers answer 200 (okta-scim-behaviour §1.11).
    dialect: Dialect,
    sent: bool,
}

impl DeleteGroup {
    pub fn new(group: &str, dialect: Dialect) -> Self {
        Self {
            group: group.to_owned(),
            dialect,
            sent: false,
        }
    }
}

impl Flow for DeleteGroup {
    fn next(&mut self, last: Option<Response<'_>>, vars: &mut Vars) -> Next {
        if let Some(response) = last {
            return match accept::deleted(&response, "group", self.dialect) {
                Ok(()) => Next::Done,
                Err(failure) => Next::Fail(failure),
            };
        }
        if self.sent {
            return Next::Done;
        }
        self.sent = true;
        match group_id(vars, &self.group) {
            Ok(id) => send(
                "delete group",
                "DELETE",
                &resource_path("Groups", &id),
                &[],
                None,
            ),
            Err(failure) => Next::Fail(failure),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vars() -> Vars {
        let mut vars = Vars::default();
        for (name, id) in [("alice", "u-a"), ("bob", "u-b")] {
            vars.set(format!("{name}.id"), json!(id));
            vars.set(format!("{name}.userName"), json!(format!("{name}@x.com")));
        }
        vars.set("eng.displayName", json!("eng 1-t"));
        vars.set("eng.id", json!("g-1"));
        set_okta_members(&mut vars, "eng", &["alice".to_owned(), "bob".to_owned()]);
        vars
    }

    fn ok(status: u16, body: &Value) -> Response<'_> {
        Response {
            status,
            headers: &[],
            body: "{}",
            json: Some(body),
            warnings: Box::leak(Box::default()),
        }
    }

    #[test]
    fn oin_removal_is_one_op_per_member_then_read_and_rename() {
        let mut vars = vars();
        let change = Change::Update {
            add: vec![],
            remove: vec!["bob".into()],
        };
        let mut flow = GroupSync::new("eng", change, OktaMode::Oin);
        let Next::Send(patch) = flow.next(None, &mut vars) else {
            panic!("patch")
        };
        assert_eq!(
            patch.request.body,
            Some(bodies::patch(vec![
                json!({"op": "remove", "path": "members[value eq \"u-b\"]"})
            ]))
        );
        assert_eq!(okta_members(&vars, "eng"), ["alice"]);
        let group = json!({"id": "g-1", "displayName": "eng 1-t"});
        let Next::Send(read) = flow.next(Some(ok(204, &group)), &mut vars) else {
            panic!("read")
        };
        assert_eq!(read.request.method, "GET");
        let Next::Send(rename) = flow.next(Some(ok(200, &group)), &mut vars) else {
            panic!("rename")
        };
        assert_eq!(
            rename.request.body,
            Some(bodies::group_rename("g-1", "eng 1-t"))
        );
        assert!(matches!(
            flow.next(Some(ok(204, &group)), &mut vars),
            Next::Done
        ));
    }

    #[test]
    fn oin_pushes_an_emptied_group_as_replace_members_with_an_empty_list() {
        let mut vars = vars();
        let mut flow = GroupSync::new("eng", Change::Empty, OktaMode::Oin);
        let Next::Send(patch) = flow.next(None, &mut vars) else {
            panic!("patch")
        };
        assert_eq!(
            patch.label,
            "push the emptied group (PATCH replace members [])"
        );
        assert_eq!(
            (patch.request.method.as_str(), patch.request.path.as_str()),
            ("PATCH", "/Groups/g-1")
        );
        assert_eq!(
            patch.request.body,
            Some(bodies::patch(vec![
                json!({"op": "replace", "path": "members", "value": []})
            ]))
        );
        assert!(okta_members(&vars, "eng").is_empty());
        let group = json!({"id": "g-1", "displayName": "eng 1-t"});
        let Next::Send(read) = flow.next(Some(ok(204, &group)), &mut vars) else {
            panic!("read")
        };
        assert_eq!(read.request.method, "GET");
        let Next::Send(rename) = flow.next(Some(ok(200, &group)), &mut vars) else {
            panic!("rename")
        };
        assert_eq!(
            rename.request.body,
            Some(bodies::group_rename("g-1", "eng 1-t"))
        );
        assert!(matches!(
            flow.next(Some(ok(204, &group)), &mut vars),
            Next::Done
        ));
    }

    #[test]
    fn aiw_pushes_an_emptied_group_as_a_put_with_no_members_and_a_refusal_fails() {
        let mut vars = vars();
        let mut flow = GroupSync::new("eng", Change::Empty, OktaMode::Aiw);
        let Next::Send(read) = flow.next(None, &mut vars) else {
            panic!("read")
        };
        assert_eq!(read.request.method, "GET");
        let group = json!({"schemas": [bodies::GROUP_SCHEMA], "id": "g-1", "displayName": "eng 1-t",
                           "members": [{"value": "u-a"}, {"value": "u-b"}]});
        let Next::Send(put) = flow.next(Some(ok(200, &group)), &mut vars) else {
            panic!("put")
        };
        assert_eq!(put.request.method, "PUT");
        let body = put.request.body.unwrap_or_default();
        assert_eq!(body["members"], json!([]));
        assert_eq!(body["id"], json!("g-1"));

        // SCIM-SDK#757: the empty replace answered 400; Okta's push of the group fails.
        let mut flow = GroupSync::new("eng", Change::Empty, OktaMode::Oin);
        let _ = flow.next(None, &mut vars);
        let refusal =
            json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "400"});
        let Next::Fail(failure) = flow.next(Some(ok(400, &refusal)), &mut vars) else {
            panic!("a 400 fails the push")
        };
        assert!(failure.message.contains("400"), "{}", failure.message);
    }

    #[test]
    fn aiw_puts_okta_s_full_list_and_unassigned_members_fail_before_sending() {
        let mut vars = vars();
        let mut flow = GroupSync::new("eng", Change::Replace(vec!["bob".into()]), OktaMode::Aiw);
        let Next::Send(read) = flow.next(None, &mut vars) else {
            panic!("read")
        };
        assert_eq!(read.request.path, "/Groups/g-1");
        let group = json!({"id": "g-1", "displayName": "old", "members": []});
        let Next::Send(put) = flow.next(Some(ok(200, &group)), &mut vars) else {
            panic!("put")
        };
        let body = put.request.body.unwrap_or_default();
        assert_eq!(
            body["members"],
            json!([{"value": "u-b", "display": "bob@x.com"}])
        );
        assert_eq!(body["displayName"], json!("eng 1-t"));

        let push = GroupMembers {
            group: "eng".into(),
            members: vec!["carol".into()],
        };
        let mut flow = PushGroup::new(&push, OktaMode::Oin);
        let Next::Fail(f) = flow.next(None, &mut vars) else {
            panic!("must fail")
        };
        assert!(
            f.message.contains("`carol` is not assigned"),
            "{}",
            f.message
        );
    }
}
