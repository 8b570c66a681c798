//! Comparison primitives shared by filter evaluation and sorting: case-insensitive key lookup,
//! presence, caseExact-aware string comparison, numbers and dateTimes.
//!
//! Why hand-rolled: a filter runs once per stored resource, so comparisons must not allocate in the
//! common case. Case-insensitive comparison (caseExact=false, RFC 7643 §2.2) is Unicode lowercase on
//! both sides, done lazily through `char::to_lowercase` iterators, with an ASCII fast path. Only the
//! substring operators on non-ASCII text lowercase into new strings.

use std::cmp::Ordering;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde_json::{Map, Number, Value};

use super::ast::CompareOp;

/// `map[key]`, trying the exact key first, then an ASCII case-insensitive match (attribute names
/// and schema URNs are ASCII; RFC 7644 §3.10 makes them case-insensitive).
pub(super) fn get_ci<'v>(map: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// `value[key]` when `value` is an object.
pub(super) fn member<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    value.as_object().and_then(|m| get_ci(m, key))
}

/// Whether a value counts as present for `pr` (RFC 7644 §3.4.2.2): not null, not `""`, not `[]`,
/// not `{}`. Arrays and objects count only if some member is itself present, so
/// `[{"type": null}]` is not present. Depth is bounded by the JSON parser's nesting limit.
pub(super) fn is_present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => items.iter().any(is_present),
        Value::Object(map) => map.values().any(is_present),
        Value::Bool(_) | Value::Number(_) => true,
    }
}

/// A boolean, also from the strings `"true"`/`"false"` in any case (lenient: Entra sends `"True"`).
pub(super) fn as_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => parse_bool(s),
        _ => None,
    }
}

/// A boolean written as a string (`"True"`), by the same rule the normaliser accepts on input.
pub(super) fn parse_bool(s: &str) -> Option<bool> {
    crate::server::resource::value::is_boolean_string(s)
}

/// Parses a dateTime (RFC 3339, xsd:dateTime). Lenient: a missing offset means UTC, and a bare
/// date means midnight UTC. `None` when unparsable.
pub(super) fn parse_datetime(s: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt);
    }
    if let Ok(naive) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(naive.and_utc().fixed_offset());
    }
    let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc().fixed_offset())
}

/// Numeric comparison: exact for integers, `f64` otherwise.
pub(super) fn cmp_numbers(a: &Number, b: &Number) -> Option<Ordering> {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return Some(x.cmp(&y));
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return Some(x.cmp(&y));
    }
    a.as_f64()?.partial_cmp(&b.as_f64()?)
}

fn lower(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(char::to_lowercase)
}

/// String equality honouring `case_exact`.
pub(super) fn str_eq(a: &str, b: &str, case_exact: bool) -> bool {
    if case_exact {
        a == b
    } else if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        lower(a).eq(lower(b))
    }
}

/// Lexicographic string order (by Unicode scalar value) honouring `case_exact`. Case-insensitive
/// order compares the lowercased sequences, which is a total preorder (safe for sorting).
pub(super) fn str_cmp(a: &str, b: &str, case_exact: bool) -> Ordering {
    if case_exact {
        a.cmp(b)
    } else if a.is_ascii() && b.is_ascii() {
        let la = a.bytes().map(|c| c.to_ascii_lowercase());
        la.cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
    } else {
        lower(a).cmp(lower(b))
    }
}

/// `co`, `sw` or `ew` on two strings, honouring `case_exact`. Other operators yield `false`.
pub(super) fn substring(op: CompareOp, value: &str, needle: &str, case_exact: bool) -> bool {
    if case_exact {
        return substring_exact(op, value, needle);
    }
    if value.is_ascii() && needle.is_ascii() {
        let (h, n) = (value.as_bytes(), needle.as_bytes());
        return match op {
            CompareOp::Sw => h.len() >= n.len() && h[..n.len()].eq_ignore_ascii_case(n),
            CompareOp::Ew => h.len() >= n.len() && h[h.len() - n.len()..].eq_ignore_ascii_case(n),
            CompareOp::Co => n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n)),
            _ => false,
        };
    }
    substring_exact(op, &value.to_lowercase(), &needle.to_lowercase())
}

fn substring_exact(op: CompareOp, value: &str, needle: &str) -> bool {
    match op {
        CompareOp::Co => value.contains(needle),
        CompareOp::Sw => value.starts_with(needle),
        CompareOp::Ew => value.ends_with(needle),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn presence_rules() {
        for absent in [
            json!(null),
            json!(""),
            json!([]),
            json!({}),
            json!([{"type": null}]),
        ] {
            assert!(!is_present(&absent), "{absent}");
        }
        for present in [
            json!(false),
            json!(0),
            json!("x"),
            json!(["", "a"]),
            json!({"a": 1}),
        ] {
            assert!(is_present(&present), "{present}");
        }
    }

    #[test]
    fn case_insensitive_strings_use_unicode_lowercase() {
        assert!(str_eq("ADA@X.IO", "ada@x.io", false));
        assert!(!str_eq("ADA@X.IO", "ada@x.io", true));
        assert!(str_eq("ÉLODIE", "élodie", false));
        // KELVIN SIGN lowercases to ASCII 'k'.
        assert!(str_eq("\u{212A}", "k", false));
        assert_eq!(str_cmp("apple", "Banana", false), Ordering::Less);
        assert_eq!(str_cmp("apple", "Banana", true), Ordering::Greater);
        assert_eq!(str_cmp("Ärger", "ärger", false), Ordering::Equal);
    }

    #[test]
    fn substring_operators() {
        use CompareOp::*;
        assert!(substring(Co, "Ada@Example.COM", "example.com", false));
        assert!(!substring(Co, "Ada@Example.COM", "example.com", true));
        assert!(substring(Sw, "abc", "ABC", false));
        assert!(substring(Ew, "abc", "abc", true));
        assert!(substring(Co, "abc", "", false));
        assert!(!substring(Sw, "ab", "abc", false));
        assert!(!substring(Ew, "b", "ab", false));
        assert!(substring(Ew, "JOSÉ", "sé", false));
        assert!(!substring(Eq, "abc", "abc", false));
    }

    #[test]
    fn datetimes_and_numbers() {
        let a = parse_datetime("2024-01-01T00:00:00+02:00").expect("rfc3339");
        let b = parse_datetime("2023-12-31T23:00:00Z").expect("rfc3339");
        assert!(a < b, "22:00Z is before 23:00Z");
        assert!(parse_datetime("2024-01-01T10:00:00").is_some());
        assert!(parse_datetime("2024-01-01").is_some());
        assert!(parse_datetime("yesterday").is_none());
        let n = |s: &str| s.parse::<Number>().expect("number");
        assert_eq!(cmp_numbers(&n("2"), &n("10")), Some(Ordering::Less));
        assert_eq!(cmp_numbers(&n("1"), &n("1.0")), Some(Ordering::Equal));
        assert_eq!(
            cmp_numbers(&n("-1"), &n("18446744073709551615")),
            Some(Ordering::Less)
        );
    }
}
