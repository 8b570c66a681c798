//! Is this JSON what was expected? The comparison behind every body check, as a list of
//! mismatches with the path at which each occurs.
//!
//! Rules, in one place so that the matcher, the diff and blessing agree:
//! - objects: in [`MatchMode::Subset`] every expected key must be present and match, extra actual
//!   keys are fine; in [`MatchMode::Exact`] the key sets must be equal, except that keys whose
//!   expected value is `$absent` must be missing in both modes. Key lookup is case-sensitive.
//! - arrays: same length, element by element. `{"$unordered": [ … ]}` pairs expected and actual
//!   elements one-to-one in any order (a maximum bipartite matching, so a broad expected element
//!   such as `{type: work}` never steals the only partner of a narrower one); in subset mode the
//!   actual array may have extra elements there, and only there. `{"$only": [ … ]}` pairs the
//!   same way and admits no extra element in either mode.
//! - numbers compare by value (`1` equals `1.0`); other scalars by equality.
//! - `{"$not": X}` matches a value that does not match `X` (in the same mode); the key must be
//!   present, as for any expected value.
//!
//! When an `$unordered` array cannot be fully paired, each unpaired expected element is compared
//! with the leftover actual element it differs from least, so that the messages (and the diff)
//! say what is wrong with the nearest candidate instead of just "no match".

use std::collections::{HashMap, VecDeque};
use std::fmt;

use serde_json::{Number, Value};

use super::matcher::{
    ExpectedStr, Matcher, NOT, RegexCache, classify, has_structural_key, is_only, matcher_of,
    not_of, truncate, unordered_of,
};
use super::path::Path;
use crate::scenario::model::MatchMode;

/// How much of a value a mismatch message shows.
const SHORT_LEN: usize = 80;

/// One difference, one line: where, what was expected, what was there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// `emails[0].value`, `meta.location`; `$` for the root.
    pub path: String,
    /// A short description: `"abc"`, `a datetime`, `absent`.
    pub expected: String,
    /// A short rendering of the actual value, or `missing`.
    pub actual: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: expected {}, actual {}",
            self.path, self.expected, self.actual
        )
    }
}

/// The result of [`match_json`]: empty when everything matched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonVerdict {
    pub mismatches: Vec<Mismatch>,
}

impl JsonVerdict {
    pub fn is_match(&self) -> bool {
        self.mismatches.is_empty()
    }
}

impl fmt::Display for JsonVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for m in &self.mismatches {
            writeln!(f, "{m}")?;
        }
        Ok(())
    }
}

/// Compares `actual` with `expected` (which may hold matchers) and lists every mismatch.
pub fn match_json(expected: &Value, actual: &Value, mode: MatchMode) -> JsonVerdict {
    let mut mismatches = Vec::new();
    Comparer::new(mode).compare(expected, actual, &mut Path::root(), Some(&mut mismatches));
    JsonVerdict { mismatches }
}

/// A compact, truncated rendering of a value for one-line messages.
pub fn short(v: &Value) -> String {
    truncate(&serde_json::to_string(v).unwrap_or_default(), SHORT_LEN)
}

/// What an expected value asks for, in a few words (used when there is nothing to compare with).
pub fn describe(expected: &Value) -> String {
    match expected {
        Value::String(s) => match classify(s) {
            ExpectedStr::Literal(t) => short(&Value::String(t.to_owned())),
            ExpectedStr::Matcher(m) => m.describe(),
            ExpectedStr::Unknown(t) => format!("the unknown matcher `{}`", truncate(t, 40)),
        },
        _ => short(expected),
    }
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 element".into()
    } else {
        format!("{n} elements")
    }
}

/// Where mismatches go: a list when the caller wants them, nowhere (and stop at the first) when it
/// only asks whether two values match.
type Sink<'a> = Option<&'a mut Vec<Mismatch>>;

fn fail(
    out: &mut Sink<'_>,
    path: &Path,
    expected: impl FnOnce() -> String,
    actual: impl FnOnce() -> String,
) -> bool {
    if let Some(list) = out.as_deref_mut() {
        list.push(Mismatch {
            path: path.to_string(),
            expected: expected(),
            actual: actual(),
        });
    }
    false
}

/// How the elements of an `$unordered` array were paired.
#[derive(Debug, Default)]
pub struct Pairing {
    /// (expected index, actual index) pairs that match.
    pub matched: Vec<(usize, usize)>,
    /// Pairs that do not match but are each other's nearest leftover candidates.
    pub nearest: Vec<(usize, usize)>,
    /// Expected elements left without any partner.
    pub missing: Vec<usize>,
    /// Actual elements left without any partner.
    pub extra: Vec<usize>,
}

/// The comparison engine, shared by matching, diffing and blessing.
pub struct Comparer {
    pub mode: MatchMode,
    regexes: RegexCache,
}

impl Comparer {
    pub fn new(mode: MatchMode) -> Self {
        Self {
            mode,
            regexes: RegexCache::default(),
        }
    }

    /// Whether `actual` matches `expected`, stopping at the first difference.
    pub fn matches(&mut self, expected: &Value, actual: &Value) -> bool {
        self.compare(expected, actual, &mut Path::root(), None)
    }

    /// Whether a present value satisfies a matcher.
    pub fn accepts(&mut self, matcher: &Matcher, actual: &Value) -> bool {
        matcher.accepts(actual, &mut self.regexes)
    }

    /// Compares, recording mismatches into `out` if given; returns whether everything matched.
    pub fn compare(
        &mut self,
        expected: &Value,
        actual: &Value,
        path: &mut Path,
        mut out: Sink<'_>,
    ) -> bool {
        match expected {
            Value::String(s) => match classify(s) {
                ExpectedStr::Literal(t) => {
                    actual.as_str() == Some(t)
                        || fail(&mut out, path, || describe(expected), || short(actual))
                }
                ExpectedStr::Matcher(m) => {
                    self.accepts(&m, actual)
                        || fail(&mut out, path, || m.describe(), || short(actual))
                }
                ExpectedStr::Unknown(_) => {
                    fail(&mut out, path, || describe(expected), || short(actual))
                }
            },
            Value::Number(n) => {
                actual.as_number().is_some_and(|a| numbers_equal(n, a))
                    || fail(&mut out, path, || short(expected), || short(actual))
            }
            Value::Object(map) => {
                if let Some(items) = unordered_of(expected) {
                    let only = is_only(expected);
                    self.compare_unordered(items, only, actual, path, out)
                } else if has_structural_key(map) {
                    let what = || {
                        "a well-formed `$unordered` or `$only` (only key, holding a list)".into()
                    };
                    fail(&mut out, path, what, || short(actual))
                } else if let Some(inner) = not_of(expected) {
                    !self.matches(inner, actual)
                        || fail(
                            &mut out,
                            path,
                            || format!("anything but {}", describe(inner)),
                            || short(actual),
                        )
                } else if map.contains_key(NOT) {
                    let what = || "a well-formed `$not` (its object's only key)".into();
                    fail(&mut out, path, what, || short(actual))
                } else {
                    self.compare_object(map, actual, path, out)
                }
            }
            Value::Array(items) => self.compare_array(items, actual, path, out),
            Value::Null | Value::Bool(_) => {
                expected == actual || fail(&mut out, path, || short(expected), || short(actual))
            }
        }
    }

    fn compare_object(
        &mut self,
        expected: &serde_json::Map<String, Value>,
        actual: &Value,
        path: &mut Path,
        mut out: Sink<'_>,
    ) -> bool {
        let Some(actual) = actual.as_object() else {
            return fail(&mut out, path, || "an object".into(), || short(actual));
        };
        let mut ok = true;
        for (key, ev) in expected {
            path.push_key(key);
            let absent = matcher_of(ev) == Some(Matcher::Absent);
            let this = match (absent, actual.get(key)) {
                (true, None) => true,
                (true, Some(av)) => fail(&mut out, path, || "absent".into(), || short(av)),
                (false, None) => fail(&mut out, path, || describe(ev), || "missing".into()),
                (false, Some(av)) => self.compare(ev, av, path, out.as_deref_mut()),
            };
            path.pop();
            ok &= this;
            if !ok && out.is_none() {
                return false;
            }
        }
        if self.mode == MatchMode::Exact {
            for (key, av) in actual {
                if !expected.contains_key(key) {
                    path.push_key(key);
                    ok &= fail(&mut out, path, || "absent".into(), || short(av));
                    path.pop();
                    if out.is_none() {
                        return false;
                    }
                }
            }
        }
        ok
    }

    fn compare_array(
        &mut self,
        expected: &[Value],
        actual: &Value,
        path: &mut Path,
        mut out: Sink<'_>,
    ) -> bool {
        let Some(actual) = actual.as_array() else {
            return fail(&mut out, path, || "an array".into(), || short(actual));
        };
        if expected.len() != actual.len() {
            let (e, a) = (expected.len(), actual.len());
            return fail(&mut out, path, || count(e), || count(a));
        }
        let mut ok = true;
        for (i, (ev, av)) in expected.iter().zip(actual).enumerate() {
            path.push_index(i);
            ok &= self.compare(ev, av, path, out.as_deref_mut());
            path.pop();
            if !ok && out.is_none() {
                return false;
            }
        }
        ok
    }

    fn compare_unordered(
        &mut self,
        expected: &[Value],
        only: bool,
        actual: &Value,
        path: &mut Path,
        mut out: Sink<'_>,
    ) -> bool {
        let Some(actual) = actual.as_array() else {
            return fail(&mut out, path, || "an array".into(), || short(actual));
        };
        let want_detail = out.is_some();
        let pairing = self.pair_unordered(expected, actual, want_detail);
        let extra_allowed = self.mode == MatchMode::Subset && !only;
        let ok = pairing.nearest.is_empty()
            && pairing.missing.is_empty()
            && (extra_allowed || pairing.extra.is_empty());
        if ok || !want_detail {
            return ok;
        }
        let mut nearest = pairing.nearest.clone();
        nearest.sort_unstable_by_key(|&(_, a)| a);
        for (e, a) in nearest {
            path.push_index(a);
            self.compare(&expected[e], &actual[a], path, out.as_deref_mut());
            path.pop();
        }
        for &e in &pairing.missing {
            let what = || format!("an element like {}", short(&expected[e]));
            fail(&mut out, path, what, || "missing".into());
        }
        if !extra_allowed {
            for &a in &pairing.extra {
                path.push_index(a);
                fail(
                    &mut out,
                    path,
                    || "no such element".into(),
                    || short(&actual[a]),
                );
                path.pop();
            }
        }
        false
    }

    /// Pairs expected with actual elements: first greedily in order, then by augmenting paths
    /// (breadth-first, so no recursion; comparisons memoised) for whatever the greedy pass left
    /// unpaired. The result is a maximum matching. With `nearest`, unpaired expected elements are then given the
    /// leftover actual element with the fewest mismatches.
    pub fn pair_unordered(
        &mut self,
        expected: &[Value],
        actual: &[Value],
        nearest: bool,
    ) -> Pairing {
        let (n, m) = (expected.len(), actual.len());
        let mut memo: HashMap<(usize, usize), bool> = HashMap::new();
        let mut compat = |this: &mut Self, i: usize, j: usize| -> bool {
            *memo
                .entry((i, j))
                .or_insert_with(|| this.matches(&expected[i], &actual[j]))
        };
        let mut e2a: Vec<Option<usize>> = vec![None; n];
        let mut a2e: Vec<Option<usize>> = vec![None; m];
        for i in 0..n {
            for j in 0..m {
                if a2e[j].is_none() && self.matches(&expected[i], &actual[j]) {
                    e2a[i] = Some(j);
                    a2e[j] = Some(i);
                    break;
                }
            }
        }
        for start in 0..n {
            if e2a[start].is_some() {
                continue;
            }
            let mut came_from: Vec<Option<usize>> = vec![None; m];
            let mut queue = VecDeque::from([start]);
            let mut free = None;
            'search: while let Some(i) = queue.pop_front() {
                for j in 0..m {
                    if came_from[j].is_none() && compat(self, i, j) {
                        came_from[j] = Some(i);
                        match a2e[j] {
                            None => {
                                free = Some(j);
                                break 'search;
                            }
                            Some(next) => queue.push_back(next),
                        }
                    }
                }
            }
            let mut j_opt = free;
            while let Some(j) = j_opt {
                let Some(i) = came_from[j] else { break };
                let previous = e2a[i];
                e2a[i] = Some(j);
                a2e[j] = Some(i);
                j_opt = previous;
            }
        }
        let mut pairing = Pairing::default();
        let mut leftover: Vec<usize> = (0..m).filter(|&j| a2e[j].is_none()).collect();
        for (i, partner) in e2a.iter().enumerate() {
            match partner {
                Some(j) => pairing.matched.push((i, *j)),
                None if nearest && !leftover.is_empty() => {
                    let pos = self.nearest_candidate(&expected[i], actual, &leftover);
                    pairing.nearest.push((i, leftover.remove(pos)));
                }
                None => pairing.missing.push(i),
            }
        }
        pairing.extra = leftover;
        pairing
    }

    /// The position in `candidates` of the actual element that `expected` differs from least.
    fn nearest_candidate(
        &mut self,
        expected: &Value,
        actual: &[Value],
        candidates: &[usize],
    ) -> usize {
        let mut best = (usize::MAX, 0);
        for (pos, &j) in candidates.iter().enumerate() {
            let mut scratch = Vec::new();
            self.compare(expected, &actual[j], &mut Path::root(), Some(&mut scratch));
            if scratch.len() < best.0 {
                best = (scratch.len(), pos);
            }
        }
        best.1
    }
}

/// Numbers compare by value: integers exactly, anything else as `f64`.
pub fn numbers_equal(a: &Number, b: &Number) -> bool {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return x == y;
    }
    matches!((a.as_f64(), b.as_f64()), (Some(x), Some(y)) if x == y)
}
