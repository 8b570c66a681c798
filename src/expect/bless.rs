//! Blessing: turning a response the user has judged correct into an expected fixture.
//!
//! A fixture that records the values seen would fail on the next run: ids, timestamps, ETags and
//! the target's URL change. So volatile values are written as what they stand for, in this order:
//! 1. a string equal to a variable's value → `"${name}"`;
//! 2. `meta.version`, or a string that looks like an ETag (`W/"…"`, `"…"`) → `"$nonempty"`;
//! 3. an RFC 3339 date-time → `"$datetime"`;
//! 4. a string containing variable values (at least [`MIN_SUBSTRING_LEN`] characters long, longest
//!    first) → those parts as `${name}`: `"${target.base_url}/Users/${alice_id}"`. If it also
//!    contains a UUID no variable covers, the whole string becomes an anchored `$regex:` with
//!    `[0-9a-f-]{36}` in the UUID's place (variables stay `${name}` in it when their value has no
//!    regex syntax but dots, `.*` otherwise); a UUID alone gives `"$regex:^[0-9a-f-]{36}$"`;
//! 5. an `id` attribute not covered above → `"$nonempty"`;
//! 6. an object with a `$unordered` or `$only` key has no literal spelling in a fixture (the key is the
//!    matcher, or a misplaced one) → `"$nonempty"`;
//! 7. anything else is kept, a string starting with `$` escaped as `$$…`.
//!
//! Arrays keep their order. [`bless_merge`] re-blesses an existing fixture: the previous
//! fixture's matchers and `${…}` references stay where they still match, and the response's
//! (blessed) values are taken elsewhere, so hand-written matchers survive a re-bless.
//!
//! Known limit: a response string that itself contains `${` is written as is, and the runner's
//! substitution will try to resolve it.

use serde_json::{Map, Value};

use super::json_match::Comparer;
use super::matcher::{
    Matcher, NOT, ONLY, UNORDERED, has_structural_key, is_datetime, is_only, matcher_of, not_of,
    unordered_of,
};
use crate::scenario::model::MatchMode;

/// Shortest variable value replaced inside a longer string: shorter ones (`1`, `ab`) would turn up
/// by coincidence. Whole-string equality applies to any non-empty value.
pub const MIN_SUBSTRING_LEN: usize = 6;

const UUID_LEN: usize = 36;

/// Turns a response body into a fixture with volatile values as matchers (see the module docs).
/// `variables` are (name, value) pairs, as the runner knows them at that point.
pub fn bless(actual: &Value, variables: &[(String, String)]) -> Value {
    Blesser::new(variables).value(actual, None, None)
}

/// Re-blesses `previous` (the fixture as stored, `${…}` references unresolved) against `actual`:
/// keeps each matcher or reference that still matches, blesses the actual value elsewhere. Keys
/// of the response that the previous fixture lacked are added; keys it had that the response
/// lacks are dropped (except `$absent`, kept while still true).
pub fn bless_merge(previous: &Value, actual: &Value, variables: &[(String, String)]) -> Value {
    let blesser = Blesser::new(variables);
    let resolved = resolve_references(previous, variables);
    let mut merger = Merger {
        blesser,
        comparer: Comparer::new(MatchMode::Subset),
    };
    merger.merge(previous, &resolved, actual, None, None)
}

/// Replaces `${name}` in every string with the variable's value, leaving unknown names as they
/// are: how the runner resolves a fixture, so that a previous fixture can be compared.
pub fn resolve_references(v: &Value, variables: &[(String, String)]) -> Value {
    match v {
        Value::String(s) if s.contains("${") => Value::String(resolve_str(s, variables)),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|i| resolve_references(i, variables))
                .collect(),
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, i)| (k.clone(), resolve_references(i, variables)))
                .collect(),
        ),
        _ => v.clone(),
    }
}

fn resolve_str(s: &str, variables: &[(String, String)]) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let value = after.find('}').and_then(|end| {
            let name = &after[..end];
            let found = variables.iter().find(|(n, _)| n == name);
            found.map(|(_, v)| (v, end))
        });
        match value {
            Some((v, end)) => {
                out.push_str(v);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str("${");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// One piece of a string being blessed.
enum Seg<'a> {
    Text(&'a str),
    Var { name: &'a str, value: &'a str },
    Uuid(&'a str),
}

struct Blesser<'v> {
    /// Non-empty variables, longest value first (stable, so earlier names win ties).
    vars: Vec<(&'v str, &'v str)>,
}

impl<'v> Blesser<'v> {
    fn new(variables: &'v [(String, String)]) -> Self {
        let mut vars: Vec<(&str, &str)> = variables
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        vars.sort_by_key(|(_, v)| std::cmp::Reverse(v.len()));
        Self { vars }
    }

    /// Blesses `v`, found under `key` in an object that is itself under `parent`.
    fn value(&self, v: &Value, key: Option<&str>, parent: Option<&str>) -> Value {
        match v {
            Value::String(s) => Value::String(self.string(s, key, parent)),
            Value::Array(items) => {
                Value::Array(items.iter().map(|i| self.value(i, key, parent)).collect())
            }
            // A `$unordered`, `$only` or `$not` key reads back as the matcher (or as a misplaced
            // one), and has no escaped form.
            Value::Object(map) if has_structural_key(map) || map.contains_key(NOT) => {
                Value::String("$nonempty".into())
            }
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, i)| (k.clone(), self.value(i, Some(k), key)))
                    .collect(),
            ),
            _ => v.clone(),
        }
    }

    fn string(&self, s: &str, key: Option<&str>, parent: Option<&str>) -> String {
        if let Some((name, _)) = self.vars.iter().find(|(_, v)| *v == s) {
            return format!("${{{name}}}");
        }
        let version = key == Some("version") && parent == Some("meta");
        if !s.is_empty() && (version || looks_like_etag(s)) {
            return "$nonempty".into();
        }
        if is_datetime(s) {
            return "$datetime".into();
        }
        let segs = self.segments(s);
        let has_uuid = segs.iter().any(|s| matches!(s, Seg::Uuid(_)));
        let has_var = segs.iter().any(|s| matches!(s, Seg::Var { .. }));
        if has_uuid {
            return regex_of(&segs);
        }
        if has_var {
            let mut out = String::new();
            if matches!(segs.first(), Some(Seg::Text(t)) if t.starts_with('$')) {
                out.push('$');
            }
            for seg in &segs {
                match seg {
                    Seg::Text(t) | Seg::Uuid(t) => out.push_str(t),
                    Seg::Var { name, .. } => out.push_str(&format!("${{{name}}}")),
                }
            }
            return out;
        }
        if key == Some("id") && !s.is_empty() {
            return "$nonempty".into();
        }
        if s.starts_with('$') {
            return format!("${s}");
        }
        s.to_owned()
    }

    /// Splits `s` into literal text, variable values and UUIDs, scanning left to right and trying
    /// the longest variable value first at each position.
    fn segments<'s>(&'s self, s: &'s str) -> Vec<Seg<'s>> {
        let mut segs = Vec::new();
        let mut text_start = 0;
        let mut pos = 0;
        while pos < s.len() {
            let rest = &s[pos..];
            let var = self
                .vars
                .iter()
                .find(|(_, v)| v.len() >= MIN_SUBSTRING_LEN && rest.starts_with(*v));
            let (seg, len) = if let Some((name, value)) = var {
                (Seg::Var { name, value }, value.len())
            } else if uuid_at(s, pos) {
                (Seg::Uuid(&s[pos..pos + UUID_LEN]), UUID_LEN)
            } else {
                pos += rest.chars().next().map_or(1, char::len_utf8);
                continue;
            };
            if text_start < pos {
                segs.push(Seg::Text(&s[text_start..pos]));
            }
            segs.push(seg);
            pos += len;
            text_start = pos;
        }
        if text_start < s.len() {
            segs.push(Seg::Text(&s[text_start..]));
        }
        segs
    }
}

/// An anchored `$regex:` for a string with UUIDs (see the module docs).
fn regex_of(segs: &[Seg<'_>]) -> String {
    let mut out = String::from("$regex:^");
    for seg in segs {
        match seg {
            Seg::Text(t) => out.push_str(&regex::escape(t)),
            Seg::Uuid(u) if u.bytes().any(|b| b.is_ascii_uppercase()) => {
                out.push_str("[0-9A-Fa-f-]{36}");
            }
            Seg::Uuid(_) => out.push_str("[0-9a-f-]{36}"),
            Seg::Var { name, value } if regex::escape(value) == value.replace('.', "\\.") => {
                out.push_str(&format!("${{{name}}}"));
            }
            Seg::Var { .. } => out.push_str(".*"),
        }
    }
    out.push('$');
    out
}

/// A UUID (8-4-4-4-12 hex digits) starts at byte `pos` and is not part of a longer word.
fn uuid_at(s: &str, pos: usize) -> bool {
    let b = s.as_bytes();
    let Some(candidate) = b.get(pos..pos + UUID_LEN) else {
        return false;
    };
    let shaped = candidate.iter().enumerate().all(|(i, c)| match i {
        8 | 13 | 18 | 23 => *c == b'-',
        _ => c.is_ascii_hexdigit(),
    });
    let word = |c: Option<&u8>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    shaped && !word(pos.checked_sub(1).and_then(|p| b.get(p))) && !word(b.get(pos + UUID_LEN))
}

fn looks_like_etag(s: &str) -> bool {
    let quoted = |t: &str| t.len() >= 3 && t.starts_with('"') && t.ends_with('"');
    s.strip_prefix("W/").map_or(quoted(s), quoted)
}

struct Merger<'v> {
    blesser: Blesser<'v>,
    comparer: Comparer,
}

impl Merger<'_> {
    /// `raw` is the previous fixture as stored, `res` the same with references resolved.
    fn merge(
        &mut self,
        raw: &Value,
        res: &Value,
        act: &Value,
        key: Option<&str>,
        parent: Option<&str>,
    ) -> Value {
        if let (Some(raw_items), Some(res_items), Some(acts)) =
            (unordered_of(raw), unordered_of(res), act.as_array())
        {
            let pairing = self.comparer.pair_unordered(res_items, acts, true);
            let mut pairs: Vec<(usize, usize)> = pairing
                .matched
                .iter()
                .chain(&pairing.nearest)
                .copied()
                .collect();
            pairs.sort_unstable();
            let mut list: Vec<Value> = pairs
                .iter()
                .map(|&(e, a)| self.merge(&raw_items[e], &res_items[e], &acts[a], key, parent))
                .collect();
            list.extend(
                pairing
                    .extra
                    .iter()
                    .map(|&a| self.blesser.value(&acts[a], key, parent)),
            );
            let mut map = Map::new();
            let key = if is_only(raw) { ONLY } else { UNORDERED };
            map.insert(key.to_owned(), Value::Array(list));
            return Value::Object(map);
        }
        if not_of(res).is_some() {
            // A `$not` that still holds keeps it; one that no longer does is the value now.
            if self.comparer.matches(res, act) {
                return raw.clone();
            }
            return self.blesser.value(act, key, parent);
        }
        match (raw, res, act) {
            // An actual object with a `$unordered` key is blessed whole (as `bless` does), not
            // key by key, which would leave the key beside others: a fixture that never loads.
            (Value::Object(raw_map), Value::Object(res_map), Value::Object(act_map))
                if unordered_of(res).is_none()
                    && !has_structural_key(act_map)
                    && !act_map.contains_key(NOT) =>
            {
                let mut out = Map::new();
                for (k, rv) in raw_map {
                    let Some(resv) = res_map.get(k) else { continue };
                    let absent = matcher_of(resv) == Some(Matcher::Absent);
                    match (absent, act_map.get(k)) {
                        (true, None) => {
                            out.insert(k.clone(), rv.clone());
                        }
                        (true, Some(av)) => {
                            out.insert(k.clone(), self.blesser.value(av, Some(k), key));
                        }
                        (false, Some(av)) => {
                            out.insert(k.clone(), self.merge(rv, resv, av, Some(k), key));
                        }
                        (false, None) => {}
                    }
                }
                for (k, av) in act_map.iter().filter(|(k, _)| !raw_map.contains_key(*k)) {
                    out.insert(k.clone(), self.blesser.value(av, Some(k), key));
                }
                Value::Object(out)
            }
            (Value::Array(raw_items), Value::Array(res_items), Value::Array(acts)) => {
                let mut list: Vec<Value> = raw_items
                    .iter()
                    .zip(res_items)
                    .zip(acts)
                    .map(|((rv, resv), av)| self.merge(rv, resv, av, key, parent))
                    .collect();
                list.extend(
                    acts.iter()
                        .skip(raw_items.len())
                        .map(|av| self.blesser.value(av, key, parent)),
                );
                Value::Array(list)
            }
            (Value::Object(_) | Value::Array(_), _, _) => self.blesser.value(act, key, parent),
            _ if self.comparer.matches(res, act) => raw.clone(),
            _ => self.blesser.value(act, key, parent),
        }
    }
}
