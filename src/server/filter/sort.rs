//! Sorting support (RFC 7644 §3.4.2.3): which value of a resource `sortBy` names, and how two such
//! values order.
//!
//! Why here: sorting must compare exactly as filters do (caseExact-aware strings, chronological
//! dateTimes, numeric numbers), so it shares the filter module's primitives. The comparison is a
//! total preorder for every pair of JSON values, as `slice::sort_by` requires.

use std::cmp::Ordering;

use serde_json::{Map, Value};

use super::ast::AttrPath;
use super::eval::{Scope, locate};
use super::value::{as_bool, member, parse_datetime, str_cmp};
use crate::server::schema::{AttrType, AttributeDef, ResourceType};

/// The value `path` names in `resource`, for sorting. A multi-valued attribute contributes its
/// primary element's value, else the first value present; a bare complex attribute with a `value`
/// sub-attribute contributes that. `None` when the attribute is unknown, absent or null.
pub fn sort_key<'a>(
    resource: &'a Map<String, Value>,
    rt: &ResourceType,
    path: &AttrPath,
) -> Option<&'a Value> {
    let scope = Scope::Resource { map: resource, rt };
    let target = locate(scope, path)?.comparable();
    let pick = |v: &'a Value| -> Option<&'a Value> {
        let v = match target.sub {
            Some(sub) => member(v, sub)?,
            None => v,
        };
        match v {
            Value::Null => None,
            Value::Array(items) => items.iter().find(|i| !i.is_null()),
            v => Some(v),
        }
    };
    match target.top? {
        Value::Array(items) => {
            let is_primary = |e: &&Value| member(e, "primary").and_then(as_bool) == Some(true);
            let primary = items.iter().find(is_primary).and_then(pick);
            primary.or_else(|| items.iter().find_map(pick))
        }
        v => pick(v),
    }
}

/// The definition [`compare_for_sort`] should be given for `path`: the named sub-attribute, or the
/// `value` sub-attribute of a bare complex attribute. `None` when unknown.
pub fn sort_attribute<'r>(rt: &'r ResourceType, path: &AttrPath) -> Option<&'r AttributeDef> {
    let resolved = rt.resolve(path.urn.as_deref(), &path.name, path.sub.as_deref())?;
    let def = resolved.sub.unwrap_or(resolved.attr);
    if def.is_complex() {
        return def.sub_attribute("value").or(Some(def));
    }
    Some(def)
}

/// Orders two sort keys of attribute `attr`: strings honour `caseExact` (Unicode lowercase when
/// false), dateTimes order chronologically (unparsable ones after parsable ones), numbers
/// numerically, `false` before `true`. Values of different JSON types order by type
/// (null, boolean, number, string, array, object), so the order is total.
pub fn compare_for_sort(a: &Value, b: &Value, attr: &AttributeDef) -> Ordering {
    let attr = if attr.is_complex() {
        attr.sub_attribute("value").unwrap_or(attr)
    } else {
        attr
    };
    match (a, b) {
        (Value::String(x), Value::String(y)) if attr.ty == AttrType::DateTime => {
            match (parse_datetime(x), parse_datetime(y)) {
                (Some(dx), Some(dy)) => dx.cmp(&dy),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => str_cmp(x, y, attr.case_exact),
            }
        }
        (Value::String(x), Value::String(y)) => str_cmp(x, y, attr.case_exact),
        (Value::Number(x), Value::Number(y)) => {
            let fx = x.as_f64().unwrap_or(f64::NAN);
            fx.total_cmp(&y.as_f64().unwrap_or(f64::NAN))
        }
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    }
}

fn rank(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}
