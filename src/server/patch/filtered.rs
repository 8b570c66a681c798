//! Operations on selected elements of a multi-valued attribute: a value filter
//! (`emails[type eq "work"]`, optionally followed by `.value`), or a sub-attribute of every element
//! (`emails.value`, where no filter means "all elements").
//!
//! RFC 7644 §3.5.2 defines replace (no match → 400 `noTarget`) and remove (no match → success). It
//! leaves add on a filter undefined; we follow what Entra relies on: merge into the matching
//! elements, and when none matches build a new element from the filter's `eq` conditions
//! (`emails[type eq "work"].value` = "x" creates `{"type":"work","value":"x"}`).

use serde_json::{Map, Value};

use crate::server::error::ScimError;
use crate::server::filter::{self, CompValue, CompareOp, Filter};
use crate::server::schema::{AttributeDef, Mutability};

use super::multi_valued::{dedupe, elements, enforce_primary, existing, store_if_changed};
use super::op::OpKind;
use super::target::Target;
use super::value::{check_immutable, merge_into, remove_key, to_object};

/// Applies an operation to the elements `t` selects. `value` is `Some` and not null for add and
/// replace (the caller turns `null` into a remove).
pub(super) fn apply(
    container: &mut Map<String, Value>,
    t: &Target<'_>,
    kind: OpKind,
    value: Option<&Value>,
    lenient: bool,
) -> Result<(), ScimError> {
    let attr = t.attr;
    let mut arr = existing(container, attr.name);
    let selected: Vec<bool> = arr
        .iter()
        .map(|e| {
            t.filter
                .as_deref()
                .is_none_or(|f| filter::matches_element(f, e, attr))
        })
        .collect();
    let matches: Vec<usize> = (0..arr.len()).filter(|&i| selected[i]).collect();
    let mut written = vec![false; arr.len()];
    match (kind, t.sub, value) {
        (OpKind::Remove, None, _) => {
            let mut keep = selected.iter().map(|s| !s);
            arr.retain(|_| keep.next().unwrap_or(true));
        }
        (OpKind::Remove, Some(sub), _) => {
            for &i in &matches {
                if let Some(Value::Object(obj)) = arr.get_mut(i) {
                    check_immutable(sub, obj.get(sub.name), None, &t.path)?;
                    remove_key(obj, sub.name);
                }
            }
            let mut sel = selected.iter();
            arr.retain(|e| {
                let matched = sel.next().copied().unwrap_or(false);
                !(matched && e.as_object().is_some_and(Map::is_empty))
            });
        }
        (OpKind::Replace, None, Some(v)) => {
            let new = one_element(attr, v, &t.path)?;
            if matches.is_empty() {
                return Err(no_match(t));
            }
            for &i in &matches {
                if let Some(slot) = arr.get_mut(i) {
                    *slot = replacement(attr, slot, &new, &t.path)?;
                    written[i] = true;
                }
            }
        }
        (OpKind::Add, None, Some(v)) => {
            let new = to_object(attr, v, &t.path)?;
            if matches.is_empty() {
                let mut element = created_element(t, kind, true)?;
                element.extend(
                    new.iter()
                        .filter(|(_, v)| !v.is_null())
                        .map(|(k, v)| (k.clone(), v.clone())),
                );
                arr.push(Value::Object(element));
                written.push(true);
            }
            for &i in &matches {
                if let Some(Value::Object(obj)) = arr.get_mut(i) {
                    merge_into(attr, obj, &new, &t.path)?;
                    written[i] = true;
                }
            }
        }
        (OpKind::Add | OpKind::Replace, Some(sub), Some(v)) => {
            if matches.is_empty() {
                let mut element = created_element(t, kind, lenient)?;
                element.insert(sub.name.to_owned(), v.clone());
                arr.push(Value::Object(element));
                written.push(true);
            }
            for &i in &matches {
                if let Some(Value::Object(obj)) = arr.get_mut(i) {
                    check_immutable(sub, obj.get(sub.name), Some(v), &t.path)?;
                    obj.insert(sub.name.to_owned(), v.clone());
                    written[i] = true;
                }
            }
        }
        // add/replace always carry a value (checked when the body was parsed).
        (OpKind::Add | OpKind::Replace, _, None) => return Ok(()),
    }
    if written.contains(&true) {
        dedupe(attr, &mut arr, &mut written);
    }
    enforce_primary(&mut arr, &written, &t.path)?;
    store_if_changed(container, attr, arr);
    Ok(())
}

/// The single element a replace through a filter writes (a one-element array is accepted too).
fn one_element(attr: &AttributeDef, v: &Value, path: &str) -> Result<Value, ScimError> {
    let mut list = elements(attr, v, path)?;
    match (list.pop(), list.is_empty()) {
        (Some(element), true) => Ok(element),
        _ => Err(ScimError::invalid_value(format!(
            "\"{path}\": the value must be exactly one {} element",
            attr.name
        ))),
    }
}

/// The element that replaces `old`: `new`, keeping the immutable sub-attributes `new` does not
/// mention (they cannot be removed; for `members` the server fills in `type` and `$ref` anyway).
/// Giving an immutable sub-attribute a different value is 400 `mutability`.
fn replacement(
    attr: &AttributeDef,
    old: &Value,
    new: &Value,
    path: &str,
) -> Result<Value, ScimError> {
    let mut element = new.clone();
    for sub in attr.sub_attributes.iter() {
        let before = old.get(sub.name);
        if element.get(sub.name).is_some() {
            check_immutable(sub, before, element.get(sub.name), path)?;
        } else if sub.mutability == Mutability::Immutable
            && let (Some(b), Value::Object(obj)) = (before, &mut element)
        {
            obj.insert(sub.name.to_owned(), b.clone());
        }
    }
    Ok(element)
}

/// The element to append when nothing matched: empty for `emails.value` (no filter: the attribute
/// had no elements), else built from the filter's `eq` conditions when `allowed`. Anything else is
/// 400 `noTarget`, as is a filter that is not a conjunction of `eq` comparisons.
fn created_element(
    t: &Target<'_>,
    kind: OpKind,
    allowed: bool,
) -> Result<Map<String, Value>, ScimError> {
    let Some(f) = t.filter.as_deref() else {
        return Ok(Map::new());
    };
    if kind != OpKind::Add || !allowed {
        return Err(no_match(t));
    }
    let mut element = Map::new();
    if eq_conditions(f, t.attr, &mut element) {
        element.retain(|_, v| !v.is_null());
        Ok(element)
    } else {
        Err(ScimError::no_target(format!(
            "\"{}\" matches no value, and a new one can only be built from \"eq\" conditions \
             joined by \"and\"",
            t.path
        )))
    }
}

fn no_match(t: &Target<'_>) -> ScimError {
    ScimError::no_target(format!("\"{}\" matches no value", t.path))
}

/// Collects `sub eq value` conditions joined by `and` into `out`; false for any other filter.
fn eq_conditions(f: &Filter, attr: &AttributeDef, out: &mut Map<String, Value>) -> bool {
    match f {
        Filter::Compare {
            path,
            op: CompareOp::Eq,
            value,
        } if path.sub.is_none() => match attr.sub_attribute(&path.name) {
            Some(sub) => {
                out.insert(sub.name.to_owned(), comp_value(value));
                true
            }
            None => false,
        },
        Filter::And(a, b) => eq_conditions(a, attr, out) && eq_conditions(b, attr, out),
        _ => false,
    }
}

fn comp_value(v: &CompValue) -> Value {
    match v {
        CompValue::Null => Value::Null,
        CompValue::Bool(b) => Value::Bool(*b),
        CompValue::Number(n) => Value::Number(n.clone()),
        CompValue::Str(s) => Value::String(s.clone()),
    }
}
