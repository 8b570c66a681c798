//! `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9) and the `returned` characteristic.
//!
//! Every response that carries a resource (GET, POST, PUT, PATCH, `.search`) passes the stored form
//! through [`AttributeSelection::apply`], so one place decides what a client may see:
//!
//! | `returned` | rule |
//! |---|---|
//! | `always` (`id`; `schemas` is treated so too) | kept, whatever the parameters say |
//! | `never` (`password`) | removed, whatever the parameters say |
//! | `default` | kept unless `attributes` is given without naming it, or `excludedAttributes` names it |
//! | `request` | kept only when `attributes` names it |
//!
//! The same rules apply one level down to sub-attributes. Naming a sub-attribute (`name.givenName`,
//! `emails.value`) keeps its parent with only that sub-attribute (each element of a multi-valued
//! one); objects and elements left empty are removed. Names the schema does not know are ignored
//! rather than refused, as a client may ask for attributes of another server's schema.
//! `schemas` is never rewritten: an extension object that projection empties disappears, but its
//! URN stays listed, since the resource still carries it.

use serde_json::{Map, Value};

use crate::server::error::ScimError;
use crate::server::schema::{AttrHome, AttributeDef, ResourceType, Returned};

/// Which attributes a response carries. `Default` is no selection: only `returned` rules apply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttributeSelection {
    mode: Mode,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
enum Mode {
    #[default]
    Default,
    /// `attributes=`: the `always` attributes plus these.
    Only(Vec<Target>),
    /// `excludedAttributes=`: the default set minus these.
    Except(Vec<Target>),
}

/// One entry of a list, resolved against the schema to canonical names.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    /// The schema the attribute lives in; the core schema URN for common attributes too.
    schema: &'static str,
    /// `None` when the entry names a whole schema (`urn:…:enterprise:2.0:User`).
    attr: Option<&'static str>,
    sub: Option<&'static str>,
}

/// How the sub-attributes of a kept complex value are filtered.
#[derive(Clone, Copy)]
enum SubRule<'a> {
    /// The attribute was kept as a whole: its `default` sub-attributes stay.
    Whole,
    /// `attributes=` named these sub-attributes only.
    Only(&'a [&'static str]),
    /// `excludedAttributes=` named these sub-attributes.
    Except(&'a [&'static str]),
}

impl AttributeSelection {
    /// Parses the two query parameters. A blank parameter counts as absent; both present is
    /// `400 invalidValue`, as they contradict each other.
    pub fn parse(
        rt: &ResourceType,
        attributes: Option<&str>,
        excluded: Option<&str>,
    ) -> Result<Self, ScimError> {
        let attributes = attributes.filter(|s| !s.trim().is_empty());
        let excluded = excluded.filter(|s| !s.trim().is_empty());
        let mode = match (attributes, excluded) {
            (Some(_), Some(_)) => {
                return Err(ScimError::invalid_value(
                    "attributes and excludedAttributes are mutually exclusive: give at most one",
                ));
            }
            (Some(list), None) => Mode::Only(targets(rt, list)),
            (None, Some(list)) => Mode::Except(targets(rt, list)),
            (None, None) => Mode::Default,
        };
        Ok(AttributeSelection { mode })
    }

    /// Removes from `resource` (a stored resource of type `rt`) what the response must not carry.
    /// Whether this is the default selection (no `attributes`, no `excludedAttributes`): then the
    /// response is the stored representation as it is.
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    pub fn apply(&self, rt: &ResourceType, resource: &mut Map<String, Value>) {
        let stored = std::mem::take(resource);
        for (key, value) in stored {
            if let Some(value) = self.project_top(rt, &key, value) {
                resource.insert(key, value);
            }
        }
    }

    fn project_top(&self, rt: &ResourceType, key: &str, value: Value) -> Option<Value> {
        if key.eq_ignore_ascii_case("schemas") {
            return Some(value);
        }
        if let Some(ext) = rt.extension(key) {
            let Value::Object(map) = value else {
                return self.keep_unknown().then_some(value);
            };
            let mut out = Map::new();
            for (k, v) in map {
                let kept = match ext.attribute(&k) {
                    Some(attr) => self.project_attr(ext.id, true, attr, v),
                    None => self.keep_unknown().then_some(v),
                };
                if let Some(v) = kept {
                    out.insert(k, v);
                }
            }
            return (!out.is_empty()).then_some(Value::Object(out));
        }
        match rt.resolve(None, key, None) {
            Some(r) => {
                let in_schema = rt.schema.attribute(r.attr.name).is_some();
                self.project_attr(rt.schema.id, in_schema, r.attr, value)
            }
            None => self.keep_unknown().then_some(value),
        }
    }

    /// A stored key the schema does not know is treated as `returned: default` and never named.
    fn keep_unknown(&self) -> bool {
        !matches!(self.mode, Mode::Only(_))
    }

    /// `in_schema` is false for the common attributes (`id`, `externalId`, `meta`), which naming
    /// the core schema URN as a whole does not select.
    fn project_attr(
        &self,
        schema: &str,
        in_schema: bool,
        attr: &AttributeDef,
        value: Value,
    ) -> Option<Value> {
        match attr.returned {
            Returned::Never => return None,
            Returned::Always => return project_value(attr, value, SubRule::Whole),
            Returned::Default | Returned::Request => {}
        }
        let (targets, only) = match &self.mode {
            Mode::Default => {
                return match attr.returned {
                    Returned::Default => project_value(attr, value, SubRule::Whole),
                    _ => None,
                };
            }
            Mode::Only(t) => (t, true),
            Mode::Except(t) => (t, false),
        };
        let named_whole = targets.iter().any(|t| {
            t.schema == schema
                && match t.attr {
                    None => in_schema,
                    Some(a) => a == attr.name && t.sub.is_none(),
                }
        });
        let subs: Vec<&'static str> = targets
            .iter()
            .filter(|t| t.schema == schema && t.attr == Some(attr.name))
            .filter_map(|t| t.sub)
            .collect();
        if only {
            if named_whole {
                project_value(attr, value, SubRule::Whole)
            } else if !subs.is_empty() {
                project_value(attr, value, SubRule::Only(&subs))
            } else {
                None
            }
        } else if named_whole || attr.returned == Returned::Request {
            None
        } else {
            project_value(attr, value, SubRule::Except(&subs))
        }
    }
}

/// Filters the sub-attributes of a complex value (each element of a multi-valued one); simple
/// values pass unchanged. `None` when nothing is left.
fn project_value(attr: &AttributeDef, value: Value, rule: SubRule<'_>) -> Option<Value> {
    if !attr.is_complex() {
        return Some(value);
    }
    match value {
        Value::Object(map) => project_object(attr, map, rule),
        Value::Array(items) => {
            let kept: Vec<Value> = items
                .into_iter()
                .filter_map(|item| match item {
                    Value::Object(map) => project_object(attr, map, rule),
                    other => Some(other),
                })
                .collect();
            (!kept.is_empty()).then_some(Value::Array(kept))
        }
        other => Some(other),
    }
}

fn project_object(
    attr: &AttributeDef,
    map: Map<String, Value>,
    rule: SubRule<'_>,
) -> Option<Value> {
    let out: Map<String, Value> = map
        .into_iter()
        .filter(|(key, _)| {
            let Some(sub) = attr.sub_attribute(key) else {
                // Unknown sub-attribute: `default`, never named.
                return !matches!(rule, SubRule::Only(_));
            };
            match (sub.returned, rule) {
                (Returned::Never, _) => false,
                (Returned::Always, _) => true,
                (returned, SubRule::Whole) => returned == Returned::Default,
                (_, SubRule::Only(named)) => named.contains(&sub.name),
                (returned, SubRule::Except(named)) => {
                    returned == Returned::Default && !named.contains(&sub.name)
                }
            }
        })
        .collect();
    (!out.is_empty()).then_some(Value::Object(out))
}

/// Parses a comma-separated list; entries naming nothing this type knows are dropped.
fn targets(rt: &ResourceType, list: &str) -> Vec<Target> {
    list.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .filter_map(|item| target(rt, item))
        .collect()
}

fn target(rt: &ResourceType, item: &str) -> Option<Target> {
    let (urn, name, sub) = rt.split_reference(item);
    if name.is_empty() {
        let urn = urn?;
        let schema = rt.schema_ids().find(|id| id.eq_ignore_ascii_case(urn))?;
        return (sub.is_none()).then_some(Target {
            schema,
            attr: None,
            sub: None,
        });
    }
    let resolved = rt.resolve(urn, name, sub)?;
    let schema = match resolved.home {
        AttrHome::Core => rt.schema.id,
        AttrHome::Extension(ext) => ext.id,
    };
    Some(Target {
        schema,
        attr: Some(resolved.attr.name),
        sub: resolved.sub.map(|s| s.name),
    })
}

#[cfg(test)]
mod tests;
