//! Checking a parsed filter against a resource type, before any resource is read.
//!
//! Why a separate pass: RFC 7644 §3.4.2.2 requires some filters to fail as a whole (ordering
//! operators on boolean or binary attributes SHALL be 400 `invalidFilter`), and for a single-type
//! endpoint we answer an unknown attribute with 400 `invalidFilter` too, so the client learns about
//! a typo instead of silently getting zero results. The walk uses an explicit stack: no recursion.
//!
//! A query across resource types (`POST /.search` at the root) is checked against each type with
//! unknown names collected instead of refused: RFC 7644 §3.4.2.1 says an attribute that is not part
//! of a type has no value there (evaluation already treats it so). Only a name that no type knows
//! is still the 400 `invalidFilter` a single-type endpoint gives; any other error a type finds
//! (ordering on a boolean, a bad sub-attribute inside `[...]`) is one too.

use super::ast::{AttrPath, CompValue, CompareOp, Filter};
use crate::server::error::ScimError;
use crate::server::schema::{AttrType, AttributeDef, ResourceType};

/// Where the names of a (sub-)filter resolve.
#[derive(Clone, Copy)]
enum Names<'r> {
    Resource(&'r ResourceType),
    /// Inside `attr[...]`: names are sub-attributes of `attr`.
    Element(&'r AttributeDef),
}

/// Checks `filter` with names resolving against `rt`.
pub(super) fn check_resource(filter: &Filter, rt: &ResourceType) -> Result<(), ScimError> {
    walk(filter, Names::Resource(rt), None)
}

/// Checks a value filter whose names are sub-attributes of `parent`.
pub(super) fn check_element(filter: &Filter, parent: &AttributeDef) -> Result<(), ScimError> {
    walk(filter, Names::Element(parent), None)
}

/// Checks `filter` for a query across `types` (see the module docs).
pub(super) fn check_across(filter: &Filter, types: &[&ResourceType]) -> Result<(), ScimError> {
    // The paths unknown to every type checked so far, in filter order, compared by identity
    // (each is one node of `filter`).
    let mut unknown_everywhere: Option<Vec<&AttrPath>> = None;
    for rt in types {
        let mut unknown = Vec::new();
        walk(filter, Names::Resource(rt), Some(&mut unknown))?;
        unknown_everywhere = Some(match unknown_everywhere {
            None => unknown,
            Some(before) => before
                .into_iter()
                .filter(|p| unknown.iter().any(|q| std::ptr::eq(*p, *q)))
                .collect(),
        });
    }
    match unknown_everywhere.as_deref().and_then(<[_]>::first) {
        Some(path) => {
            let names: Vec<&str> = types.iter().map(|rt| rt.name()).collect();
            Err(ScimError::invalid_filter(format!(
                "unknown attribute '{path}' for resource types {}",
                names.join(", ")
            )))
        }
        None => Ok(()),
    }
}

/// Walks `filter`. With `unknown`, a name the resource type does not know is recorded there and
/// its term skipped; without, it is an error.
fn walk<'f, 'r>(
    filter: &'f Filter,
    names: Names<'r>,
    mut unknown: Option<&mut Vec<&'f AttrPath>>,
) -> Result<(), ScimError> {
    let mut stack: Vec<(&'f Filter, Names<'r>)> = vec![(filter, names)];
    // `Ok(None)`: unknown and recorded, the term is skipped.
    let mut known = |path: &'f AttrPath, names: Names<'r>| match (resolve(path, names), names) {
        (Ok(def), _) => Ok(Some(def)),
        (Err(_), Names::Resource(_)) if unknown.is_some() => {
            if let Some(list) = unknown.as_mut() {
                list.push(path);
            }
            Ok(None)
        }
        (Err(e), _) => Err(e),
    };
    while let Some((f, names)) = stack.pop() {
        match f {
            Filter::And(left, right) | Filter::Or(left, right) => {
                stack.push((right, names));
                stack.push((left, names));
            }
            Filter::Not(inner) => stack.push((inner, names)),
            Filter::Present(path) => {
                known(path, names)?;
            }
            Filter::Compare { path, op, value } => {
                let Some(def) = known(path, names)? else {
                    continue;
                };
                let def = comparable(path, def)?;
                check_operator(path, def, *op, value)?;
            }
            Filter::ValuePath { attr, filter } => {
                let Names::Resource(_) = names else {
                    return Err(ScimError::invalid_filter(format!(
                        "value filter on '{attr}' cannot be nested inside another value filter"
                    )));
                };
                let Some(def) = known(attr, names)? else {
                    continue;
                };
                if !def.is_complex() {
                    return Err(ScimError::invalid_filter(format!(
                        "'{attr}' is not a complex attribute, so it cannot take a value filter '[...]'"
                    )));
                }
                stack.push((filter, Names::Element(def)));
            }
        }
    }
    Ok(())
}

/// The definition of the attribute `path` names (the sub-attribute when it names one).
fn resolve<'r>(path: &AttrPath, names: Names<'r>) -> Result<&'r AttributeDef, ScimError> {
    match names {
        Names::Resource(rt) => {
            if let Some(urn) = &path.urn
                && !urn.eq_ignore_ascii_case(rt.schema.id)
                && rt.extension(urn).is_none()
            {
                return Err(ScimError::invalid_filter(format!(
                    "unknown schema '{urn}' in attribute '{path}' (resource type {})",
                    rt.name()
                )));
            }
            rt.resolve(path.urn.as_deref(), &path.name, path.sub.as_deref())
                .map(|r| r.sub.unwrap_or(r.attr))
                .ok_or_else(|| {
                    ScimError::invalid_filter(format!(
                        "unknown attribute '{path}' for resource type {}",
                        rt.name()
                    ))
                })
        }
        Names::Element(parent) => {
            let simple = path.urn.is_none() && path.sub.is_none();
            let sub = if simple {
                parent.sub_attribute(&path.name)
            } else {
                None
            };
            sub.ok_or_else(|| {
                ScimError::invalid_filter(format!(
                    "'{path}' is not a sub-attribute of '{0}' (inside '{0}[...]')",
                    parent.name
                ))
            })
        }
    }
}

/// A comparison on a bare complex attribute means its `value` sub-attribute; one without a
/// `value` sub-attribute (`name`, `meta`) cannot be compared.
fn comparable<'r>(path: &AttrPath, def: &'r AttributeDef) -> Result<&'r AttributeDef, ScimError> {
    if !def.is_complex() {
        return Ok(def);
    }
    def.sub_attribute("value").ok_or_else(|| {
        let example = def.sub_attributes.first().map_or("", |s| s.name);
        ScimError::invalid_filter(format!(
            "'{path}' is a complex attribute; compare one of its sub-attributes, e.g. '{path}.{example}'"
        ))
    })
}

fn check_operator(
    path: &AttrPath,
    def: &AttributeDef,
    op: CompareOp,
    value: &CompValue,
) -> Result<(), ScimError> {
    let kw = op.keyword();
    let ty = def.ty.as_str();
    if op.is_ordering() && matches!(def.ty, AttrType::Boolean | AttrType::Binary) {
        return Err(ScimError::invalid_filter(format!(
            "'{kw}' cannot be used on '{path}': it is a {ty} attribute, which has no ordering"
        )));
    }
    let numeric_or_bool = matches!(
        def.ty,
        AttrType::Boolean | AttrType::Integer | AttrType::Decimal
    );
    if op.is_substring() && numeric_or_bool {
        return Err(ScimError::invalid_filter(format!(
            "'{kw}' cannot be used on '{path}': it is a {ty} attribute, not a string"
        )));
    }
    if *value == CompValue::Null && !matches!(op, CompareOp::Eq | CompareOp::Ne) {
        return Err(ScimError::invalid_filter(format!(
            "'{path} {kw} null': null can only be compared with 'eq' or 'ne'"
        )));
    }
    Ok(())
}
