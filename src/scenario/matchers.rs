//! Load-time check of the matchers in expected JSON (`expect.body`, `expect.body_file`).
//!
//! In expected JSON a string starting with `$` is a matcher (`$any`, `$regex:^W/`), so a typo
//! such as `$datetme` would otherwise fail every run with a puzzling mismatch, or worse, be
//! compared as text. Here it is an error with a suggestion before anything runs; regexes are
//! compiled and the structural matchers (`{"$unordered": [...]}`, `{"$only": [...]}`,
//! `{"$not": …}`, `$absent`) are checked for where they stand. The names must stay in step with
//! the matching code (`expect::matcher`),
//! which decides what each matcher means.

use regex::Regex;
use serde_json::Value;

use super::error::ErrorKind;
use super::tree::YamlPath;
use crate::protocol::suggest;

/// The value matchers (`$regex:PATTERN` aside).
pub const MATCHERS: [&str; 6] = [
    "$any",
    "$string",
    "$nonempty",
    "$number",
    "$datetime",
    "$absent",
];
/// The prefix of the regular-expression matcher.
pub const REGEX_PREFIX: &str = "$regex:";
/// The list-holding structural matchers: an object whose only key one of them is, holding a list.
pub const UNORDERED: &str = "$unordered";
pub const ONLY: &str = "$only";
/// Both list-holding structural matchers' keys.
pub const STRUCTURAL: [&str; 2] = [UNORDERED, ONLY];
/// A structural matcher: an object whose only key it is, holding what the value must not match.
pub const NOT: &str = "$not";

/// Every matcher problem in the expected `value`, each with its path below `path`.
pub fn check_expected(value: &Value, path: &YamlPath, out: &mut Vec<(YamlPath, ErrorKind)>) {
    walk(value, path, false, out);
}

fn walk(value: &Value, path: &YamlPath, is_key_value: bool, out: &mut Vec<(YamlPath, ErrorKind)>) {
    match value {
        Value::String(text) => {
            if let Some(kind) = check_string(text, is_key_value) {
                out.push((path.clone(), kind));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &path.index(i), false, out);
            }
        }
        Value::Object(map) => {
            for matcher in STRUCTURAL {
                let Some(inner) = map.get(matcher) else {
                    continue;
                };
                let misplaced = |reason| ErrorKind::MisplacedMatcher { matcher, reason };
                if map.len() != 1 {
                    let reason = if matcher == ONLY {
                        "must be the only key of its object: `{\"$only\": [ … ]}`"
                    } else {
                        "must be the only key of its object: `{\"$unordered\": [ … ]}`"
                    };
                    out.push((path.key(matcher), misplaced(reason)));
                }
                if !inner.is_array() {
                    let reason = if matcher == ONLY {
                        "holds a list: `{\"$only\": [ … ]}`"
                    } else {
                        "holds a list: `{\"$unordered\": [ … ]}`"
                    };
                    out.push((path.key(matcher), misplaced(reason)));
                }
            }
            if map.contains_key(NOT) {
                let misplaced = |reason| ErrorKind::MisplacedMatcher {
                    matcher: NOT,
                    reason,
                };
                if map.len() != 1 {
                    let reason = "must be the only key of its object: `{\"$not\": …}`";
                    out.push((path.key(NOT), misplaced(reason)));
                }
            }
            for (key, item) in map {
                // Inside `$unordered`, `$only` and `$not`, a value is not a key's: `$absent` means
                // nothing.
                let is_structural = STRUCTURAL.contains(&key.as_str()) || key == NOT;
                walk(item, &path.key(key.clone()), !is_structural, out);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// The problem with one expected string, if any. `is_key_value`: it is the value of an object
/// key (the only place `$absent` means something).
fn check_string(text: &str, is_key_value: bool) -> Option<ErrorKind> {
    if !text.starts_with('$') || text.starts_with("$$") || text.starts_with("${") {
        return None; // plain text, an escaped literal, or a `${…}` reference
    }
    if let Some(pattern) = text.strip_prefix(REGEX_PREFIX) {
        return Regex::new(pattern)
            .err()
            .map(|error| ErrorKind::InvalidRegex {
                pattern: pattern.to_owned(),
                message: regex_message(&error),
            });
    }
    if text == "$absent" && !is_key_value {
        return Some(ErrorKind::MisplacedMatcher {
            matcher: "$absent",
            reason: "only means something as the value of a key (the key must not be there), not in a list or alone",
        });
    }
    if MATCHERS.contains(&text) {
        return None;
    }
    if text == UNORDERED {
        return Some(ErrorKind::MisplacedMatcher {
            matcher: UNORDERED,
            reason: "is an object key, not a value: `{\"$unordered\": [ … ]}`",
        });
    }
    if text == NOT {
        return Some(ErrorKind::MisplacedMatcher {
            matcher: NOT,
            reason: "is an object key, not a value: `{\"$not\": …}`",
        });
    }
    if text == ONLY {
        return Some(ErrorKind::MisplacedMatcher {
            matcher: ONLY,
            reason: "is an object key, not a value: `{\"$only\": [ … ]}`",
        });
    }
    // `$regx:^a` should find `$regex:`: compare what precedes the first `:`, colon included.
    let word = text.find(':').map_or(text, |i| &text[..=i]);
    let candidates = MATCHERS.iter().copied().chain([REGEX_PREFIX]);
    Some(ErrorKind::UnknownMatcher {
        text: text.chars().take(60).collect(),
        suggestion: suggest(word, candidates).map(str::to_owned),
    })
}

/// The regex crate's message is several lines with a caret diagram; keep its last line.
pub fn regex_message(error: &regex::Error) -> String {
    let text = error.to_string();
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.trim().trim_start_matches("error: ").to_owned())
        .unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(value: Value) -> Vec<(String, String)> {
        let mut out = Vec::new();
        check_expected(&value, &YamlPath::root().key("body"), &mut out);
        out.into_iter()
            .map(|(path, kind)| (path.to_string(), kind.to_string()))
            .collect()
    }

    #[test]
    fn valid_matchers_pass() {
        let value = json!({
            "id": "$nonempty", "a": "$any", "s": "$string", "n": "$number",
            "t": "$datetime", "gone": "$absent", "re": "$regex:^W/\".+\"$",
            "literal": "$$strng", "ref": "${alice_id}", "plain": "text", "$ref": "x",
            "emails": {"$unordered": [{"value": "$string"}]}, "list": [1, "$any"],
            "changed": {"$not": "${created}"}, "other": {"$not": {"$unordered": ["$regex:^a"]}},
            "members": {"$only": [{"value": "$string"}]}
        });
        assert_eq!(problems(value), Vec::<(String, String)>::new());
    }

    #[test]
    fn typos_get_suggestions() {
        let found = problems(json!({"created": "$datetme", "x": ["$regx:^a"]}));
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "body.created");
        assert!(
            found[0].1.contains("did you mean `$datetime`?"),
            "{found:?}"
        );
        assert!(
            found[0].1.contains("write `$$datetme` for a literal"),
            "{found:?}"
        );
        assert_eq!(found[1].0, "body.x[0]");
        assert!(found[1].1.contains("did you mean `$regex:`?"), "{found:?}");
        let found = problems(json!({"x": "$zzzzzzzz"}));
        assert!(found[0].1.contains("use `$any`, `$string`"), "{found:?}");
    }

    #[test]
    fn invalid_regex() {
        let found = problems(json!({"etag": "$regex:W/(("}));
        assert_eq!(found[0].0, "body.etag");
        assert!(
            found[0]
                .1
                .contains("`W/((` is not a valid regular expression"),
            "{found:?}"
        );
    }

    #[test]
    fn structural_matchers_must_stand_in_their_place() {
        let found = problems(json!({
            "a": {"$unordered": [], "extra": 1},
            "b": {"$unordered": "x"},
            "c": "$unordered",
            "d": ["$absent"],
            "e": {"$not": 1, "extra": 2},
            "f": {"$not": "$absent"},
            "g": "$not",
            "h": {"$only": [], "extra": 1},
            "i": "$only"
        }));
        let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "body.a.$unordered",
                "body.b.$unordered",
                "body.c",
                "body.d[0]",
                "body.e.$not",
                "body.f.$not",
                "body.g",
                "body.h.$only",
                "body.i"
            ]
        );
        assert!(found[0].1.contains("must be the only key"));
        assert!(found[1].1.contains("holds a list"));
        assert!(
            found[3]
                .1
                .contains("only means something as the value of a key")
        );
        assert_eq!(problems(json!("$absent")).len(), 1);
    }
}
