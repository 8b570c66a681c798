//! Filter evaluation over stored JSON.
//!
//! Semantics where RFC 7644 §3.4.2.2 is explicit: multi-valued attributes match when *any* value
//! matches; a value path (`emails[type eq "work" and value co "x"]`) requires one element to satisfy
//! the whole inner filter, while dotted paths (`emails.type`, `emails.value`) are independent terms
//! that may be satisfied by different elements; string comparisons honour `caseExact`.
//!
//! Choices where the RFC is silent (documented in `mod.rs`): `ne` is exactly `not eq`, so it is true
//! for an absent attribute and for a type mismatch; `eq null` means "no present value"; an
//! unknown attribute behaves as an unassigned one; a bare complex attribute in a comparison stands
//! for its `value` sub-attribute.

use serde_json::{Map, Value};

use super::ast::{AttrPath, CompValue, CompareOp, Filter};
use super::value::{
    as_bool, cmp_numbers, get_ci, is_present, member, parse_bool, parse_datetime, str_cmp, str_eq,
    substring,
};
use crate::server::schema::{AttrHome, AttrType, AttributeDef, ResourceType};

/// What attribute names resolve against: a whole resource, or one element of a complex attribute.
#[derive(Clone, Copy)]
pub(super) enum Scope<'r, 'v> {
    Resource {
        map: &'v Map<String, Value>,
        rt: &'r ResourceType,
    },
    Element {
        element: &'v Value,
        parent: &'r AttributeDef,
    },
}

/// A located attribute: its definition and where its values are.
///
/// The values are `top`, or, when `sub` is set, `top[sub]` (for each element when `top` is an
/// array). `leaf` describes the values finally compared.
#[derive(Clone, Copy)]
pub(super) struct Target<'r, 'v> {
    pub leaf: &'r AttributeDef,
    pub top: Option<&'v Value>,
    pub sub: Option<&'static str>,
}

impl<'r, 'v> Target<'r, 'v> {
    /// For a comparison on a bare complex attribute (`emails co "x"`), its `value` sub-attribute.
    pub fn comparable(self) -> Self {
        match self.sub {
            None if self.leaf.is_complex() => match self.leaf.sub_attribute("value") {
                Some(value) => Target {
                    leaf: value,
                    sub: Some(value.name),
                    ..self
                },
                None => self,
            },
            _ => self,
        }
    }

    /// Whether `f` holds for any value (arrays are flattened one level, elements of a multi-valued
    /// complex attribute are each asked for `sub`).
    pub fn any(self, mut f: impl FnMut(&'v Value) -> bool) -> bool {
        let Some(top) = self.top else { return false };
        let mut leaf = |v: &'v Value| match v {
            Value::Array(items) => items.iter().any(&mut f),
            v => f(v),
        };
        match (self.sub, top) {
            (None, v) => leaf(v),
            (Some(sub), Value::Array(items)) => {
                items.iter().any(|e| member(e, sub).is_some_and(&mut leaf))
            }
            (Some(sub), v) => member(v, sub).is_some_and(leaf),
        }
    }

    pub fn present(self) -> bool {
        self.any(is_present)
    }
}

/// Resolves `path` in `scope`; `None` when the attribute is unknown.
pub(super) fn locate<'r, 'v>(scope: Scope<'r, 'v>, path: &AttrPath) -> Option<Target<'r, 'v>> {
    match scope {
        Scope::Resource { map, rt } => {
            let resolved = rt.resolve(path.urn.as_deref(), &path.name, path.sub.as_deref())?;
            let container = match resolved.home {
                AttrHome::Core => Some(map),
                AttrHome::Extension(schema) => get_ci(map, schema.id).and_then(Value::as_object),
            };
            Some(Target {
                leaf: resolved.sub.unwrap_or(resolved.attr),
                top: container.and_then(|m| get_ci(m, resolved.attr.name)),
                sub: resolved.sub.map(|s| s.name),
            })
        }
        Scope::Element { element, parent } => {
            if path.urn.is_some() || path.sub.is_some() {
                return None;
            }
            let def = parent.sub_attribute(&path.name)?;
            Some(Target {
                leaf: def,
                top: member(element, def.name),
                sub: None,
            })
        }
    }
}

/// Evaluates `filter` in `scope`.
///
/// `and`/`or` chains are left-deep (see the parser), so the left spine is walked in a loop and only
/// right operands recurse: recursion depth follows bracket nesting, which the parser caps.
pub(super) fn eval(filter: &Filter, scope: Scope<'_, '_>) -> bool {
    let mut f = filter;
    loop {
        match f {
            Filter::Or(left, right) => {
                if eval(right, scope) {
                    return true;
                }
                f = left;
            }
            Filter::And(left, right) => {
                if !eval(right, scope) {
                    return false;
                }
                f = left;
            }
            Filter::Not(inner) => return !eval(inner, scope),
            Filter::Present(path) => return locate(scope, path).is_some_and(Target::present),
            Filter::Compare { path, op, value } => return compare(scope, path, *op, value),
            Filter::ValuePath { attr, filter } => return value_path(scope, attr, filter),
        }
    }
}

fn value_path(scope: Scope<'_, '_>, attr: &AttrPath, inner: &Filter) -> bool {
    if matches!(scope, Scope::Element { .. }) {
        return false;
    }
    let Some(target) = locate(scope, attr) else {
        return false;
    };
    let parent = target.leaf;
    target.any(|element| eval(inner, Scope::Element { element, parent }))
}

fn compare(scope: Scope<'_, '_>, path: &AttrPath, op: CompareOp, lit: &CompValue) -> bool {
    let Some(target) = locate(scope, path).map(Target::comparable) else {
        // Unknown attribute: no value.
        return match op {
            CompareOp::Eq => *lit == CompValue::Null,
            CompareOp::Ne => true,
            _ => false,
        };
    };
    match (op, lit) {
        (CompareOp::Eq, CompValue::Null) => !target.present(),
        (CompareOp::Ne, CompValue::Null) => target.present(),
        (CompareOp::Eq, _) => target.any(|v| equals(v, lit, target.leaf)),
        (CompareOp::Ne, _) => !target.any(|v| equals(v, lit, target.leaf)),
        (_, CompValue::Str(needle)) if op.is_substring() => {
            let exact = target.leaf.case_exact;
            target.any(|v| v.as_str().is_some_and(|s| substring(op, s, needle, exact)))
        }
        _ if op.is_ordering() => target.any(|v| {
            order(v, lit, target.leaf).is_some_and(|o| match op {
                CompareOp::Gt => o.is_gt(),
                CompareOp::Ge => o.is_ge(),
                CompareOp::Lt => o.is_lt(),
                _ => o.is_le(),
            })
        }),
        _ => false,
    }
}

/// Whether one stored value equals the literal.
fn equals(v: &Value, lit: &CompValue, def: &AttributeDef) -> bool {
    match lit {
        CompValue::Null => v.is_null(),
        CompValue::Bool(b) => {
            def.ty == AttrType::Boolean && as_bool(v) == Some(*b)
                || matches!(v, Value::Bool(x) if x == b)
        }
        CompValue::Number(n) => v
            .as_number()
            .and_then(|m| cmp_numbers(m, n))
            .is_some_and(|o| o.is_eq()),
        CompValue::Str(s) => match v {
            Value::String(stored) => {
                if def.ty == AttrType::DateTime
                    && let (Some(a), Some(b)) = (parse_datetime(stored), parse_datetime(s))
                {
                    return a == b;
                }
                str_eq(stored, s, def.case_exact)
            }
            Value::Bool(x) => def.ty == AttrType::Boolean && parse_bool(s) == Some(*x),
            _ => false,
        },
    }
}

/// The order of a stored value relative to the literal; `None` when they do not compare
/// (different types, or an unparsable dateTime).
fn order(v: &Value, lit: &CompValue, def: &AttributeDef) -> Option<std::cmp::Ordering> {
    match (v, lit) {
        (Value::Number(m), CompValue::Number(n)) => cmp_numbers(m, n),
        (Value::String(stored), CompValue::Str(s)) if def.ty == AttrType::DateTime => {
            Some(parse_datetime(stored)?.cmp(&parse_datetime(s)?))
        }
        (Value::String(stored), CompValue::Str(s)) => Some(str_cmp(stored, s, def.case_exact)),
        _ => None,
    }
}
