//! Matchers: the `$word` strings that stand in expected JSON for values that change from run to run
//! (ids, timestamps, ETags) or that only need a shape.
//!
//! A string value in expected JSON that starts with `$` is a matcher; `$$text` is the literal
//! string `$text`. An unknown `$word` is an error rather than a literal, so that a typo
//! (`$datetme`) or a `${variable}` the runner could not resolve fails when the scenario is loaded
//! instead of quietly comparing against the text. [`validate_expected`] is that load-time check;
//! it also compiles every `$regex:` and checks the placement of `$absent`, `$unordered` and `$only`.
//!
//! Object keys are never matchers (SCIM's own `$ref` is an ordinary key); the structural matchers
//! are objects with one key: `{"$unordered": [ … ]}` and `{"$only": [ … ]}`, holding a list (the
//! elements in any order, where `$only` also admits no other element, in either mode), and
//! `{"$not": X}`, any value that does not match `X`.

use std::collections::HashMap;

use chrono::DateTime;
use regex::Regex;
use serde_json::Value;

use super::path::Path;

/// The key of a structural matcher: `{"$unordered": [ … ]}`, these elements in any order (in
/// subset mode, others may be there too).
pub const UNORDERED: &str = "$unordered";
/// The key of a structural matcher: `{"$only": [ … ]}`, these elements in any order and no
/// other, in either mode (a group's members after a removal: the removed one absent, nobody added).
pub const ONLY: &str = "$only";
/// The key of the structural matcher `{"$not": X}`: a present value that does not match `X`.
pub const NOT: &str = "$not";

/// Whether `key` is one of the list-holding structural matchers' keys.
pub fn is_structural_key(key: &str) -> bool {
    key == UNORDERED || key == ONLY
}

/// A `$word` matcher, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matcher {
    /// `$any`: any value, `null` included, but the key must be present.
    Any,
    /// `$string`: any string.
    String,
    /// `$nonempty`: a non-empty string, array or object.
    NonEmpty,
    /// `$number`: any number.
    Number,
    /// `$datetime`: an RFC 3339 date-time string.
    DateTime,
    /// `$regex:PATTERN`: a string that PATTERN matches (unanchored unless it anchors itself).
    Regex(String),
    /// `$absent`: the key must not be present.
    Absent,
}

/// What an expected string means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpectedStr<'a> {
    /// Compare with this text (plain, or the unescaped `$$text`).
    Literal(&'a str),
    Matcher(Matcher),
    /// `$word` that is no matcher: an error at validation, a mismatch at match time.
    Unknown(&'a str),
}

/// Classifies an expected string value.
pub fn classify(s: &str) -> ExpectedStr<'_> {
    let Some(rest) = s.strip_prefix('$') else {
        return ExpectedStr::Literal(s);
    };
    if rest.starts_with('$') {
        return ExpectedStr::Literal(rest);
    }
    if let Some(pattern) = rest.strip_prefix("regex:") {
        return ExpectedStr::Matcher(Matcher::Regex(pattern.to_owned()));
    }
    let m = match rest {
        "any" => Matcher::Any,
        "string" => Matcher::String,
        "nonempty" => Matcher::NonEmpty,
        "number" => Matcher::Number,
        "datetime" => Matcher::DateTime,
        "absent" => Matcher::Absent,
        _ => return ExpectedStr::Unknown(s),
    };
    ExpectedStr::Matcher(m)
}

/// The matcher an expected value stands for, if it is a matcher string.
pub fn matcher_of(v: &Value) -> Option<Matcher> {
    match v {
        Value::String(s) => match classify(s) {
            ExpectedStr::Matcher(m) => Some(m),
            _ => None,
        },
        _ => None,
    }
}

/// The list inside `{"$unordered": [ … ]}` or `{"$only": [ … ]}`, if `v` is that (and nothing
/// more).
pub fn unordered_of(v: &Value) -> Option<&Vec<Value>> {
    match v {
        Value::Object(map) if map.len() == 1 => {
            map.get(UNORDERED).or_else(|| map.get(ONLY))?.as_array()
        }
        _ => None,
    }
}

/// The `X` of `{"$not": X}`, if `v` is that (and nothing more).
pub fn not_of(v: &Value) -> Option<&Value> {
    match v {
        Value::Object(map) if map.len() == 1 => map.get(NOT),
        _ => None,
    }
}

/// Whether `v` is a well-formed `{"$only": [ … ]}`: no actual element may be left unpaired.
pub fn is_only(v: &Value) -> bool {
    matches!(v, Value::Object(map) if map.len() == 1 && map.get(ONLY).is_some_and(Value::is_array))
}

/// Whether `map` carries a list-holding structural matcher's key (well-formed or not).
pub fn has_structural_key(map: &serde_json::Map<String, Value>) -> bool {
    map.contains_key(UNORDERED) || map.contains_key(ONLY)
}

/// True if `s` parses as an RFC 3339 date-time.
pub fn is_datetime(s: &str) -> bool {
    DateTime::parse_from_rfc3339(s).is_ok()
}

impl Matcher {
    /// A short description for mismatch messages: `a datetime`, `absent`.
    pub fn describe(&self) -> String {
        match self {
            Matcher::Any => "any value".into(),
            Matcher::String => "a string".into(),
            Matcher::NonEmpty => "a non-empty value".into(),
            Matcher::Number => "a number".into(),
            Matcher::DateTime => "a datetime".into(),
            Matcher::Regex(p) => format!("a string matching /{}/", truncate(p, 60)),
            Matcher::Absent => "absent".into(),
        }
    }

    /// Whether a present actual value satisfies the matcher (`$absent` never does).
    pub fn accepts(&self, actual: &Value, regexes: &mut RegexCache) -> bool {
        match self {
            Matcher::Any => true,
            Matcher::String => actual.is_string(),
            Matcher::NonEmpty => match actual {
                Value::String(s) => !s.is_empty(),
                Value::Array(a) => !a.is_empty(),
                Value::Object(o) => !o.is_empty(),
                _ => false,
            },
            Matcher::Number => actual.is_number(),
            Matcher::DateTime => actual.as_str().is_some_and(is_datetime),
            Matcher::Regex(p) => match (actual.as_str(), regexes.get(p)) {
                (Some(s), Some(re)) => re.is_match(s),
                _ => false,
            },
            Matcher::Absent => false,
        }
    }
}

/// Compiled `$regex:` patterns, so that a pattern inside a long or `$unordered` array is compiled
/// once per comparison rather than once per element pair. Invalid patterns are remembered as
/// `None` and never match (validation reports them before any request is sent).
#[derive(Debug, Default)]
pub struct RegexCache {
    compiled: HashMap<String, Option<Regex>>,
}

impl RegexCache {
    pub fn get(&mut self, pattern: &str) -> Option<&Regex> {
        if !self.compiled.contains_key(pattern) {
            self.compiled
                .insert(pattern.to_owned(), Regex::new(pattern).ok());
        }
        self.compiled.get(pattern).and_then(Option::as_ref)
    }
}

/// A problem with the expected JSON itself, found before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MatcherError {
    #[error(
        "{path}: unknown matcher `{text}` (matchers: $any $string $nonempty $number $datetime \
         $regex:… $absent; write `${text}` for the literal text)"
    )]
    Unknown { path: String, text: String },
    #[error("{path}: invalid regex in `$regex:{pattern}`: {message}")]
    InvalidRegex {
        path: String,
        pattern: String,
        message: String,
    },
    #[error("{path}: `$absent` is only meaningful as the value of an object key")]
    AbsentOutsideObject { path: String },
    #[error(
        "{path}: `$unordered` and `$only` must be the only key of their object and hold a list"
    )]
    BadUnordered { path: String },
    #[error("{path}: `$not` must be the only key of its object, and not hold `$absent`")]
    BadNot { path: String },
}

/// Checks that every matcher in `expected` is known and well-formed: the loader and runner call it
/// before sending anything, so that a broken expectation is reported as such and not as a
/// server failure.
pub fn validate_expected(expected: &Value) -> Result<(), MatcherError> {
    validate(expected, &mut Path::root(), false)
}

fn validate(v: &Value, path: &mut Path, in_object: bool) -> Result<(), MatcherError> {
    match v {
        Value::String(s) => match classify(s) {
            ExpectedStr::Literal(_) => Ok(()),
            ExpectedStr::Unknown(text) => Err(MatcherError::Unknown {
                path: path.to_string(),
                text: text.to_owned(),
            }),
            ExpectedStr::Matcher(Matcher::Absent) if !in_object => {
                Err(MatcherError::AbsentOutsideObject {
                    path: path.to_string(),
                })
            }
            ExpectedStr::Matcher(Matcher::Regex(p)) => match Regex::new(&p) {
                Ok(_) => Ok(()),
                Err(e) => Err(MatcherError::InvalidRegex {
                    path: path.to_string(),
                    pattern: p,
                    message: first_line(&e.to_string()),
                }),
            },
            ExpectedStr::Matcher(_) => Ok(()),
        },
        Value::Array(items) => validate_items(items, path),
        Value::Object(map) => {
            if has_structural_key(map) {
                let items = unordered_of(v).ok_or_else(|| MatcherError::BadUnordered {
                    path: path.to_string(),
                })?;
                return validate_items(items, path);
            }
            if map.contains_key(NOT) {
                let bad = || MatcherError::BadNot {
                    path: path.to_string(),
                };
                let inner = not_of(v).ok_or_else(bad)?;
                if matcher_of(inner) == Some(Matcher::Absent) {
                    return Err(bad());
                }
                return validate(inner, path, false);
            }
            for (k, child) in map {
                path.push_key(k);
                let r = validate(child, path, true);
                path.pop();
                r?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn validate_items(items: &[Value], path: &mut Path) -> Result<(), MatcherError> {
    for (i, child) in items.iter().enumerate() {
        path.push_index(i);
        let r = validate(child, path, false);
        path.pop();
        r?;
    }
    Ok(())
}

fn first_line(s: &str) -> String {
    let line = s.lines().rfind(|l| !l.trim().is_empty()).unwrap_or(s);
    truncate(line.trim(), 120)
}

/// Cuts `s` to at most `max` characters, marking the cut with `…`.
pub fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_owned(),
        Some((at, _)) => {
            let cut = s[..at]
                .char_indices()
                .nth(max.saturating_sub(1))
                .map_or(at, |(i, _)| i);
            format!("{}…", &s[..cut])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn accepts(m: &str, actual: Value) -> bool {
        match classify(m) {
            ExpectedStr::Matcher(m) => m.accepts(&actual, &mut RegexCache::default()),
            other => panic!("not a matcher: {other:?}"),
        }
    }

    #[test]
    fn classify_literals_escapes_and_unknowns() {
        assert_eq!(classify("abc"), ExpectedStr::Literal("abc"));
        assert_eq!(classify("$$text"), ExpectedStr::Literal("$text"));
        assert_eq!(classify("$any"), ExpectedStr::Matcher(Matcher::Any));
        assert_eq!(
            classify("$regex:^a+$"),
            ExpectedStr::Matcher(Matcher::Regex("^a+$".into()))
        );
        assert_eq!(classify("$datetme"), ExpectedStr::Unknown("$datetme"));
        assert_eq!(classify("$"), ExpectedStr::Unknown("$"));
    }

    #[test]
    fn each_matcher_accepts_and_rejects() {
        assert!(accepts("$any", Value::Null));
        assert!(accepts("$string", json!("")));
        assert!(!accepts("$string", json!(1)));
        assert!(accepts("$nonempty", json!("x")));
        assert!(accepts("$nonempty", json!([1])));
        assert!(accepts("$nonempty", json!({"a": 1})));
        assert!(!accepts("$nonempty", json!("")));
        assert!(!accepts("$nonempty", json!([])));
        assert!(!accepts("$nonempty", json!({})));
        assert!(!accepts("$nonempty", json!(0)));
        assert!(accepts("$number", json!(1.5)));
        assert!(!accepts("$number", json!("1")));
        assert!(accepts("$datetime", json!("2024-05-01T10:00:00Z")));
        assert!(accepts("$datetime", json!("2024-05-01T10:00:00.123+02:00")));
        assert!(!accepts("$datetime", json!("2024-05-01")));
        assert!(!accepts("$datetime", json!("yesterday")));
        assert!(accepts("$regex:b+", json!("abbbc")));
        assert!(!accepts("$regex:^b+$", json!("abbbc")));
        assert!(!accepts("$regex:1", json!(1)));
        assert!(!accepts("$absent", Value::Null));
    }

    #[test]
    fn validation_finds_unknown_matchers_bad_regexes_and_misplaced_absent() {
        assert_eq!(
            validate_expected(&json!({"a": ["$any", "$$x", {"b": "$absent"}]})),
            Ok(())
        );
        assert_eq!(
            validate_expected(&json!({"meta": {"created": "$datetme"}})),
            Err(MatcherError::Unknown {
                path: "meta.created".into(),
                text: "$datetme".into()
            })
        );
        let err = validate_expected(&json!({"emails": [{"value": "$regex:(a"}]})).unwrap_err();
        assert!(
            matches!(&err, MatcherError::InvalidRegex { path, pattern, .. } if path == "emails[0].value" && pattern == "(a"),
            "{err}"
        );
        assert_eq!(
            validate_expected(&json!(["$absent"])),
            Err(MatcherError::AbsentOutsideObject { path: "[0]".into() })
        );
        assert_eq!(
            validate_expected(&json!({"x": {"$unordered": [1], "y": 2}})),
            Err(MatcherError::BadUnordered { path: "x".into() })
        );
        assert_eq!(
            validate_expected(&json!({"x": {"$only": [1], "$unordered": [2]}})),
            Err(MatcherError::BadUnordered { path: "x".into() })
        );
        assert_eq!(
            validate_expected(&json!({"x": {"$only": "y"}})),
            Err(MatcherError::BadUnordered { path: "x".into() })
        );
        assert_eq!(
            validate_expected(&json!({"x": {"$unordered": ["$nope"]}})),
            Err(MatcherError::Unknown {
                path: "x[0]".into(),
                text: "$nope".into()
            })
        );
    }

    #[test]
    fn unknown_matcher_message_suggests_the_escape() {
        let err = validate_expected(&json!({"price": "$5"})).unwrap_err();
        assert_eq!(
            err.to_string(),
            "price: unknown matcher `$5` (matchers: $any $string $nonempty $number $datetime \
             $regex:… $absent; write `$$5` for the literal text)"
        );
    }

    #[test]
    fn truncate_marks_the_cut() {
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("ééééé", 3), "éé…");
    }
}
