//! The PATCH quirks: how real servers get RFC 7644 §3.5.2 wrong, reproduced by rewriting the
//! PatchOp before the correct handler applies it (so the store only ever sees what the correct
//! code writes), or by answering in its place.
//!
//! Where a bug depends on what an operation would do to the stored resource (an operation that
//! fails, a filter that matches nothing), [`trial`] applies the operations one by one to a copy
//! of the stored resource with the server's own PATCH engine, and nothing is written.

use axum::http::StatusCode;
use serde_json::{Map, Value, json};

use super::{Quirk, Quirks};
use crate::server::AppState;
use crate::server::error::{ScimError, ScimType};
use crate::server::patch;
use crate::server::resource::normalize::normalize;
use crate::server::schema::{AttributeDef, REGISTRY, ResourceKind, ResourceType};
use crate::server::urn;

/// What the PATCH quirks make of one request.
#[derive(Debug, Default)]
pub(super) struct Plan {
    /// Answer this instead of running the handler.
    pub answer: Option<ScimError>,
    /// Run the (rewritten) request, then answer this instead of its success: the operations
    /// before the failing one stay applied.
    pub instead: Option<ScimError>,
}

/// The PATCH quirks for `PATCH /{kind}/{id}` with the PatchOp `body` (rewritten in place).
pub(super) fn plan(
    quirks: &Quirks,
    state: &AppState,
    kind: ResourceKind,
    id: &str,
    body: &mut Value,
) -> Plan {
    let Some(operations) = body.get_mut("Operations").and_then(Value::as_array_mut) else {
        return Plan::default();
    };
    let rt = REGISTRY.get(kind);
    let mut plan = Plan::default();
    if quirks.has(Quirk::RemoveWithoutPath500)
        && operations
            .iter()
            .any(|op| is_op(op, "remove") && path(op).is_none())
    {
        plan.answer = Some(ScimError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            None,
            "java.lang.NullPointerException: Cannot invoke \"String.split(String)\" because \"path\" is null",
        ));
        return plan;
    }
    if kind == ResourceKind::Group
        && quirks.has(Quirk::EmptyMembersReplaceRefused)
        && operations.iter().any(replaces_members_with_nothing)
    {
        plan.answer = Some(ScimError::invalid_value(
            "Required sub-attribute 'urn:ietf:params:scim:schemas:core:2.0:Group:members.value' is missing in patch object.",
        ));
        return plan;
    }
    if quirks.has(Quirk::FilteredRemoveIgnored) {
        operations.retain(|op| !(is_op(op, "remove") && path(op).is_some_and(has_filter)));
    }
    if quirks.has(Quirk::RemoveRequiredIgnored) {
        operations.retain(|op| {
            !(is_op(op, "remove")
                && path(op)
                    .and_then(|p| attribute(rt, p))
                    .is_some_and(|a| a.required))
        });
    }
    if quirks.has(Quirk::EntraRemoveClearsMembers) {
        for op in operations.iter_mut() {
            if is_op(op, "remove")
                && path(op).is_some_and(|p| p.eq_ignore_ascii_case("members"))
                && let Some(op) = op.as_object_mut()
            {
                op.shift_remove("value");
            }
        }
    }
    let mut rewritten = Vec::with_capacity(operations.len());
    for op in operations.drain(..) {
        rewritten.extend(rewrite(quirks, rt, op));
    }
    *operations = rewritten;
    if quirks.has(Quirk::ReplaceNoMatchIgnored) || quirks.has(Quirk::InvalidPathIgnored) {
        let outcomes = trial(state, kind, id, operations);
        let mut outcome = outcomes.iter();
        operations.retain(|op| {
            let failed = outcome.next().and_then(Option::as_ref);
            let ignored = match failed.and_then(|e| e.scim_type) {
                Some(ScimType::NoTarget) => {
                    quirks.has(Quirk::ReplaceNoMatchIgnored) && is_op(op, "replace")
                }
                Some(ScimType::InvalidPath) => quirks.has(Quirk::InvalidPathIgnored),
                _ => false,
            };
            !ignored
        });
    }
    if quirks.has(Quirk::PatchNotAtomic) && operations.len() > 1 {
        let outcomes = trial(state, kind, id, operations);
        if let Some(failing) = outcomes.iter().position(Option::is_some)
            && failing > 0
            && let Some(Some(error)) = outcomes.get(failing)
        {
            let mut error = error.clone();
            error.detail = format!("Operations[{failing}]: {}", error.detail);
            operations.truncate(failing);
            plan.instead = Some(error);
        }
    }
    if operations.is_empty() {
        // Everything was dropped: the broken server answers 200 and changes nothing.
        operations.push(json!({"op": "add", "value": {}}));
    }
    plan
}

/// The operations a broken server actually performs for `op`.
fn rewrite(quirks: &Quirks, rt: &ResourceType, mut op: Value) -> Vec<Value> {
    let Some(target) = path(&op).map(str::to_owned) else {
        return vec![op];
    };
    let attr = attribute(rt, &target);
    if quirks.has(Quirk::AddReplacesMultiValued)
        && is_op(&op, "add")
        && !has_filter(&target)
        && attr.is_some_and(|a| a.multi_valued && !target.contains('.'))
    {
        op["op"] = json!("replace");
        return vec![op];
    }
    if quirks.has(Quirk::ReplaceComplexDropsSubAttributes)
        && is_op(&op, "replace")
        && !has_filter(&target)
        && attr.is_some_and(|a| a.is_complex() && !a.multi_valued)
        && !target.contains('.')
    {
        let value = op.get("value").cloned().unwrap_or(Value::Null);
        return vec![
            json!({"op": "remove", "path": target}),
            json!({"op": "add", "path": target, "value": value}),
        ];
    }
    if quirks.has(Quirk::FilteredReplaceDropsOthers)
        && is_op(&op, "replace")
        && let Some((attribute, filter)) = split_filter(&target)
    {
        let others = json!({"op": "remove", "path": format!("{attribute}[not ({filter})]")});
        return vec![op, others];
    }
    if quirks.has(Quirk::RemoveLeavesEmptyString)
        && is_op(&op, "remove")
        && attr.is_some_and(|a| !a.is_complex() && !a.multi_valued && !a.required)
        && !has_filter(&target)
    {
        return vec![json!({"op": "replace", "path": target, "value": ""})];
    }
    vec![op]
}

/// Each operation's error when the operations are applied in turn to a copy of the stored
/// resource by the server's own engine (`None`: it applies); one that fails leaves the copy as
/// it was. Nothing is written.
fn trial(
    state: &AppState,
    kind: ResourceKind,
    id: &str,
    operations: &[Value],
) -> Vec<Option<ScimError>> {
    let rt = REGISTRY.get(kind);
    let lenient = state.config.lenient;
    let Some(record) = state.store.get(kind, id) else {
        return vec![None; operations.len()];
    };
    let mut work: Map<String, Value> = record.document();
    operations
        .iter()
        .map(|op| {
            let body = json!({"schemas": [urn::PATCH_OP], "Operations": [op]});
            let mut next = work.clone();
            let applied = patch::apply(rt, &mut next, &body, lenient)
                .and_then(|()| normalize(rt, Value::Object(next), lenient));
            match applied {
                Ok(content) => {
                    let (id, meta) = (work.get("id").cloned(), work.get("meta").cloned());
                    work = content;
                    for (key, value) in [("id", id), ("meta", meta)] {
                        if let Some(value) = value {
                            work.entry(key).or_insert(value);
                        }
                    }
                    None
                }
                Err(error) => Some(error),
            }
        })
        .collect()
}

/// Response-side PATCH quirks; returns the (possibly changed) status and whether the body goes.
pub(super) fn response_json(
    quirks: &Quirks,
    status: StatusCode,
    body: &mut Value,
) -> (StatusCode, bool) {
    if quirks.has(Quirk::PatchConflict500) && status == StatusCode::CONFLICT {
        *body = ScimError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            None,
            "duplicate key value violates unique constraint \"users_user_name_key\"",
        )
        .body();
        return (StatusCode::INTERNAL_SERVER_ERROR, false);
    }
    let drop_body = quirks.has(Quirk::Patch200WithoutBody) && status == StatusCode::OK;
    (status, drop_body)
}

fn is_op(op: &Value, name: &str) -> bool {
    op.get("op")
        .and_then(Value::as_str)
        .is_some_and(|o| o.eq_ignore_ascii_case(name))
}

fn path(op: &Value) -> Option<&str> {
    op.get("path").and_then(Value::as_str)
}

fn has_filter(path: &str) -> bool {
    path.contains('[')
}

/// `emails[type eq "work"].value` → (`emails`, `type eq "work"`).
fn split_filter(path: &str) -> Option<(&str, &str)> {
    let (attribute, rest) = path.split_once('[')?;
    let end = rest.rfind(']')?;
    Some((attribute, &rest[..end]))
}

/// The attribute a path without a filter names (its first segment), if the type knows it.
fn attribute<'r>(rt: &'r ResourceType, path: &str) -> Option<&'r AttributeDef> {
    let (urn, name, _sub) = rt.split_reference(path);
    rt.resolve(urn, name, None).map(|r| r.attr)
}

/// `{"op":"replace","path":"members","value":[]}`, or a pathless replace whose value carries
/// `members: []`.
fn replaces_members_with_nothing(op: &Value) -> bool {
    if !is_op(op, "replace") {
        return false;
    }
    let empty = |v: Option<&Value>| v.and_then(Value::as_array).is_some_and(Vec::is_empty);
    match path(op) {
        Some(p) => p.eq_ignore_ascii_case("members") && empty(op.get("value")),
        None => empty(op.get("value").and_then(|v| v.get("members"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_splits_into_attribute_and_condition() {
        assert_eq!(
            split_filter(r#"emails[type eq "work"].value"#),
            Some(("emails", r#"type eq "work""#))
        );
        assert_eq!(split_filter("emails"), None);
    }

    #[test]
    fn only_an_empty_members_replace_is_refused() {
        assert!(replaces_members_with_nothing(
            &json!({"op": "replace", "path": "members", "value": []})
        ));
        assert!(replaces_members_with_nothing(
            &json!({"op": "Replace", "value": {"members": [], "displayName": "x"}})
        ));
        assert!(!replaces_members_with_nothing(
            &json!({"op": "replace", "path": "members", "value": [{"value": "u"}]})
        ));
        assert!(!replaces_members_with_nothing(
            &json!({"op": "remove", "path": "members"})
        ));
    }

    #[test]
    fn rewrites_change_only_what_their_quirk_names() {
        let rt = REGISTRY.get(ResourceKind::User);
        let add = json!({"op": "add", "path": "emails", "value": [{"value": "h@x"}]});
        assert_eq!(
            rewrite(&Quirks::default(), rt, add.clone()),
            vec![add.clone()]
        );
        let quirks = Quirks::new([Quirk::AddReplacesMultiValued]);
        assert_eq!(rewrite(&quirks, rt, add)[0]["op"], json!("replace"));
        let nick = json!({"op": "add", "path": "nickName", "value": "n"});
        assert_eq!(rewrite(&quirks, rt, nick.clone()), vec![nick]);

        let quirks = Quirks::new([Quirk::FilteredReplaceDropsOthers]);
        let replace =
            json!({"op": "replace", "path": "emails[type eq \"work\"].value", "value": "w@x"});
        assert_eq!(
            rewrite(&quirks, rt, replace)[1],
            json!({"op": "remove", "path": "emails[not (type eq \"work\")]"})
        );
    }
}
