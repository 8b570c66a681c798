//! Entra's group actions (docs/entra.md): matching by `displayName` with members excluded,
//! creation without members, membership by PATCH (a PATCH to add, another to remove), rename,
//! and delete.

use serde_json::Value;

use super::accept;
use super::bodies;
use super::headers::{labeled, resource_path};
use super::script::{Act, Script};
use super::users::user_id;
use crate::idp::flow::Flow;
use crate::protocol::{EntraPatch, Vars, var_str};
use crate::protocol::{Failure, FailureKind};
use crate::scenario::model::{GroupMembers, GroupRename, MembershipChange};

/// The id Entra holds for a provisioned group, or why there is none.
fn group_id(vars: &Vars, group: &str) -> Result<String, Failure> {
    var_str(vars, &format!("{group}.id")).map_err(|_| {
        Failure::new(
            FailureKind::Variable,
            format!(
                "group `{group}` is not provisioned yet (Entra holds no id for it); `entra: {{provision_group: {{group: {group}}}}}` first"
            ),
        )
    })
}

/// The ids of `names`, each provisioned.
fn member_ids(vars: &Vars, names: &[String]) -> Result<Vec<String>, Failure> {
    names.iter().map(|name| user_id(vars, name)).collect()
}

/// PATCH the group's members in (`add`) or out (`remove`); nothing is sent for no names.
fn members_act(group: &str, names: &[String], mode: EntraPatch, add: bool) -> Act {
    let (group, names) = (group.to_owned(), names.to_vec());
    Act::new(
        move |vars| {
            if names.is_empty() {
                return Ok(None);
            }
            let id = group_id(vars, &group)?;
            let ids = member_ids(vars, &names)?;
            let (label, body) = if add {
                ("add members", bodies::add_members(mode, &ids))
            } else {
                ("remove members", bodies::remove_members(mode, &ids))
            };
            Ok(Some(labeled(
                label,
                "PATCH",
                &resource_path("Groups", &id),
                &[],
                Some(body),
            )))
        },
        move |r, _| {
            if add {
                Ok(accept::patched(r, "group")?)
            } else {
                accept::members_removed(r, mode)
            }
        },
    )
}

/// The group comes into scope: `GET /Groups?excludedAttributes=members&filter=displayName eq
/// "…"`, `POST /Groups` (no members) when nothing matched, then a PATCH adding its members.
pub fn provision(push: &GroupMembers, mode: EntraPatch) -> Box<dyn Flow> {
    let group = push.group.clone();
    let (query_group, create_group) = (group.clone(), group.clone());
    // Set by the match when it finds the group, so that the create leaves itself out.
    let found_key = format!("{group}.id");
    let found_check = found_key.clone();
    Box::new(Script::new(vec![
        Act::new(
            move |vars| {
                let name = var_str(vars, &format!("{query_group}.displayName"))?;
                let filter = format!("displayName eq \"{name}\"");
                Ok(Some(labeled(
                    "match by displayName",
                    "GET",
                    "/Groups",
                    &[("excludedAttributes", "members"), ("filter", &filter)],
                    None,
                )))
            },
            move |r, vars| {
                if let Some(found) = accept::matched(r, "group")? {
                    let id = accept::resource_id(&found, "group")?;
                    vars.set(found_key.clone(), Value::String(id));
                } else {
                    vars.set(found_key.clone(), Value::Null);
                }
                Ok(())
            },
        ),
        Act::new(
            move |vars| {
                if matches!(vars.get(&found_check), Some(Value::String(_))) {
                    return Ok(None);
                }
                let name = var_str(vars, &format!("{create_group}.displayName"))?;
                let external_id = bodies::guid(&format!("group {name}"));
                Ok(Some(labeled(
                    "create group",
                    "POST",
                    "/Groups",
                    &[],
                    Some(bodies::create_group(&name, &external_id)),
                )))
            },
            move |r, vars| {
                let id = accept::created(r, "group")?;
                vars.set(format!("{group}.id"), Value::String(id));
                Ok(())
            },
        ),
        members_act(&push.group, &push.members, mode, true),
    ]))
}

/// Members added to and removed from a provisioned group: a PATCH for each that has members.
pub fn update_members(change: &MembershipChange, mode: EntraPatch) -> Box<dyn Flow> {
    Box::new(Script::new(vec![
        members_act(&change.group, &change.add, mode, true),
        members_act(&change.group, &change.remove, mode, false),
    ]))
}

/// The group's display name changed in Entra.
pub fn rename(rename: &GroupRename, mode: EntraPatch) -> Box<dyn Flow> {
    let (group, to) = (rename.group.clone(), rename.to.clone());
    Box::new(Script::new(vec![Act::new(
        move |vars| {
            let id = group_id(vars, &group)?;
            let name = vars
                .substitute_str(&to)
                .map_err(|e| Failure::new(FailureKind::Variable, e.to_string()))?;
            vars.set(format!("{group}.displayName"), Value::String(name.clone()));
            Ok(Some(labeled(
                "rename group",
                "PATCH",
                &resource_path("Groups", &id),
                &[],
                Some(bodies::rename_group(mode, &name)),
            )))
        },
        |r, _| Ok(accept::patched(r, "group")?),
    )]))
}

/// The group left scope: `DELETE /Groups/{id}`.
pub fn delete(group: &str) -> Box<dyn Flow> {
    let group = group.to_owned();
    Box::new(Script::new(vec![Act::new(
        move |vars| {
            let id = group_id(vars, &group)?;
            Ok(Some(labeled(
                "delete group",
                "DELETE",
                &resource_path("Groups", &id),
                &[],
                None,
            )))
        },
        |r, _| Ok(accept::deleted(r, "group")?),
    )]))
}
