//! `${…}` references: their syntax, what they may refer to, and the load-time check that each one
//! will resolve when the runner substitutes it.
//!
//! A reference is `${name}` (a value captured by an earlier step) or `${name.field}` (a field of
//! a generated identity, or a built-in: `${run.tag}`, `${target.base_url}`). Checking them at
//! load time turns "the request went to `/Users/${alice_di}` and got a 404" into an error with a
//! line number and a suggestion. The grammar itself ([`parse`], [`whole_reference`]) is
//! `crate::protocol::reference`, so the runner substitutes with the same grammar the loader
//! accepted.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::error::ErrorKind;
use super::tree::YamlPath;
use crate::protocol::suggest;

/// The fields every generated identity has: `${alice.userName}` and so on.
pub const IDENTITY_FIELDS: [&str; 10] = [
    "userName",
    "email",
    "givenName",
    "familyName",
    "externalId",
    "displayName",
    "password",
    "userNameUpper",
    "user",
    "id",
];

/// The fields of a group declared under `groups`: `${eng.displayName}`, and `${eng.id}` once an
/// Okta step pushed or linked it.
pub const GROUP_FIELDS: [&str; 2] = ["displayName", "id"];

/// Built-in variables, as (name, fields): `${run.tag}`, `${target.base_url}`, and the run's SCIM
/// dialect (`${scim.userSchema}`, …; [`crate::protocol::SCIM_FIELDS`]).
pub const BUILT_INS: [(&str, &[&str]); 3] = [
    ("run", &["tag"]),
    ("target", &["base_url"]),
    ("scim", crate::protocol::SCIM_FIELDS),
];

pub use crate::protocol::reference::{Piece, Reference, parse, whole_reference};

/// What is defined at one step: identities, built-ins, captures of earlier steps, and (to explain
/// the mistake) captures of this and later steps.
#[derive(Debug, Default, Clone)]
pub struct Scope<'a> {
    pub identities: BTreeSet<&'a str>,
    pub groups: BTreeSet<&'a str>,
    pub captured: BTreeSet<&'a str>,
    /// Captured by this step or a later one: name → first such step (0-based).
    pub captured_later: BTreeMap<&'a str, usize>,
    /// Only the built-ins exist (in an identity's fixed fields, which are made before any step).
    pub builtins_only: bool,
}

impl Scope<'_> {
    /// Why `reference` would not resolve here, as a phrase following the reference.
    pub fn check(&self, reference: &Reference<'_>) -> Result<(), String> {
        let Reference { name, field, .. } = *reference;
        if let Some((_, fields)) = BUILT_INS.iter().find(|(n, _)| *n == name) {
            return match field {
                Some(f) if fields.contains(&f) => Ok(()),
                Some(f) if fields.len() > 1 => Err(match suggest(f, fields.iter().copied()) {
                    Some(s) => {
                        format!("is not a built-in variable; did you mean `${{{name}.{s}}}`?")
                    }
                    None => format!(
                        "is not a built-in variable; `{name}` has the fields {}",
                        list(fields)
                    ),
                }),
                _ => Err(format!(
                    "is not a built-in variable; write `${{{name}.{}}}`",
                    fields[0]
                )),
            };
        }
        if self.builtins_only {
            return Err(
                "cannot be used here: identity fields may only use `${run.tag}` and `${target.base_url}`"
                    .to_owned(),
            );
        }
        if self.identities.contains(name) {
            return match field {
                Some(f) if IDENTITY_FIELDS.contains(&f) => Ok(()),
                Some(f) => Err(match suggest(f, IDENTITY_FIELDS) {
                    Some(s) => format!(
                        "names no field of identity `{name}`; did you mean `${{{name}.{s}}}`?"
                    ),
                    None => format!(
                        "names no field of identity `{name}`; its fields are {}",
                        list(&IDENTITY_FIELDS)
                    ),
                }),
                None => Err(format!(
                    "names the identity `{name}` without a field; write for example `${{{name}.userName}}` (fields: {})",
                    list(&IDENTITY_FIELDS)
                )),
            };
        }
        if self.groups.contains(name) {
            return match field {
                Some(f) if GROUP_FIELDS.contains(&f) => Ok(()),
                Some(f) => Err(match suggest(f, GROUP_FIELDS) {
                    Some(s) => {
                        format!("names no field of group `{name}`; did you mean `${{{name}.{s}}}`?")
                    }
                    None => format!(
                        "names no field of group `{name}`; its fields are {}",
                        list(&GROUP_FIELDS)
                    ),
                }),
                None => Err(format!(
                    "names the group `{name}` without a field; write `${{{name}.displayName}}` or `${{{name}.id}}`"
                )),
            };
        }
        if self.captured.contains(name) {
            return match field {
                None => Ok(()),
                Some(_) => Err(format!(
                    "asks for a field of the captured value `{name}`, which has none; capture the value itself (e.g. `capture: {{{name}: body.name.givenName}}`)"
                )),
            };
        }
        if let Some(step) = self.captured_later.get(name) {
            return Err(format!(
                "is used before it is captured (by step {}); a step can only use values captured by earlier steps",
                step + 1
            ));
        }
        let known = self
            .identities
            .iter()
            .chain(self.groups.iter())
            .chain(self.captured.iter())
            .copied()
            .chain(BUILT_INS.iter().map(|(n, _)| *n));
        Err(match suggest(name, known) {
            Some(s) => format!("is not defined; did you mean `{s}`?"),
            None => format!(
                "is not defined: capture `{name}` in an earlier step (`capture: {{{name}: body.id}}`) or declare it under `identities`"
            ),
        })
    }

    /// Every problem with the references in `text`.
    pub fn check_text(&self, text: &str) -> Vec<ErrorKind> {
        match parse(text) {
            Err(raw) => vec![ErrorKind::MalformedReference {
                text: raw.chars().take(60).collect(),
            }],
            Ok(pieces) => pieces
                .iter()
                .filter_map(|piece| match piece {
                    Piece::Reference(r) => {
                        self.check(r)
                            .err()
                            .map(|reason| ErrorKind::UndefinedVariable {
                                reference: r.raw.to_owned(),
                                reason,
                            })
                    }
                    Piece::Text(_) => None,
                })
                .collect(),
        }
    }

    /// Every problem with the references in the string values of `value` (keys are never
    /// substituted), each with its path below `path`. In expected JSON (`expected`), `$$…`
    /// literals and `$regex:` patterns are used as written, so they are skipped.
    pub fn check_json(
        &self,
        value: &Value,
        path: &YamlPath,
        expected: bool,
        out: &mut Vec<(YamlPath, ErrorKind)>,
    ) {
        match value {
            Value::String(s) => {
                if expected && (s.starts_with("$$") || s.starts_with("$regex:")) {
                    return;
                }
                out.extend(self.check_text(s).into_iter().map(|k| (path.clone(), k)));
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.check_json(item, &path.index(i), expected, out);
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    self.check_json(item, &path.key(key.clone()), expected, out);
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reference<'a>(raw: &'a str, name: &'a str, field: Option<&'a str>) -> Piece<'a> {
        Piece::Reference(Reference { raw, name, field })
    }

    #[test]
    fn parses_text_and_references() {
        assert_eq!(
            parse("plain $5 text"),
            Ok(vec![Piece::Text("plain $5 text")])
        );
        assert_eq!(
            parse("/Users/${alice_id}?x=${alice.userName}"),
            Ok(vec![
                Piece::Text("/Users/"),
                reference("${alice_id}", "alice_id", None),
                Piece::Text("?x="),
                reference("${alice.userName}", "alice", Some("userName")),
            ])
        );
        assert_eq!(parse(""), Ok(vec![]));
    }

    #[test]
    fn malformed_references() {
        assert_eq!(parse("a ${alice-id} b"), Err("${alice-id}"));
        assert_eq!(parse("${a.b.c}"), Err("${a.b.c}"));
        assert_eq!(parse("${}"), Err("${}"));
        assert_eq!(parse("x ${open"), Err("${open"));
        assert_eq!(parse("${ a }"), Err("${ a }"));
    }

    #[test]
    fn whole_references_keep_their_type() {
        assert!(whole_reference("${count}").is_some());
        assert!(whole_reference("${count} ").is_none());
        assert!(whole_reference("id-${count}").is_none());
        assert!(whole_reference("${a}${b}").is_none());
    }

    fn scope() -> Scope<'static> {
        let mut scope = Scope::default();
        scope.identities.insert("alice");
        scope.captured.insert("alice_id");
        scope.captured_later.insert("etag", 2);
        scope
    }

    fn reason(text: &str) -> String {
        match scope().check_text(text).as_slice() {
            [ErrorKind::UndefinedVariable { reason, .. }] => reason.clone(),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn resolves_what_is_defined() {
        let s = scope();
        for ok in [
            "${alice.email}",
            "${alice_id}",
            "${run.tag}",
            "${target.base_url}",
            "x",
        ] {
            assert!(s.check_text(ok).is_empty(), "{ok}");
        }
    }

    #[test]
    fn explains_what_is_not() {
        assert!(reason("${alice.username}").contains("did you mean `${alice.userName}`?"));
        assert!(reason("${alice.zzz}").contains("`userName`"));
        assert!(reason("${alice}").contains("without a field"));
        assert!(reason("${alice_di}").contains("did you mean `alice_id`?"));
        assert!(reason("${alice_id.name}").contains("has none"));
        assert!(reason("${etag}").contains("before it is captured (by step 3)"));
        assert!(reason("${run.seed}").contains("`${run.tag}`"));
        assert!(reason("${run}").contains("`${run.tag}`"));
        assert!(reason("${zzzz}").contains("capture `zzzz` in an earlier step"));
        assert!(matches!(
            scope().check_text("${bad-name}").as_slice(),
            [ErrorKind::MalformedReference { .. }]
        ));
        let builtins = Scope {
            builtins_only: true,
            ..Scope::default()
        };
        assert!(
            builtins
                .check_text("alice-${run.tag}@example.com")
                .is_empty()
        );
        assert!(builtins.check_text("${alice_id}").len() == 1);
    }

    #[test]
    fn json_walk_skips_literals_and_patterns_in_expected_values() {
        let s = scope();
        let value = json!({"a": ["${nope}"], "b": "$$${nope}", "c": "$regex:^${x}", "${k}": 1});
        let mut out = Vec::new();
        s.check_json(&value, &YamlPath::root().key("body"), true, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].0.to_string(), "body.a[0]");
        let mut out = Vec::new();
        s.check_json(&value, &YamlPath::root(), false, &mut out);
        assert_eq!(out.len(), 3, "{out:?}");
    }
}
