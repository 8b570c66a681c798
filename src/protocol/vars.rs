//! Variables and `${…}` references: captured values, identities' fields, built-ins.
//!
//! A string that is exactly `${name}` becomes the variable's JSON value (so a captured number stays
//! a number); inside a longer string the value is spliced in as text.

use std::collections::BTreeMap;

use serde_json::Value;

use super::finding::{Failure, FailureKind};
use super::reference::{self, Piece, Reference};

/// A variable was referenced that nothing defined.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`${{{name}}}` is not defined (defined here: {known})")]
pub struct UndefinedVariable {
    pub name: String,
    pub known: String,
}

#[derive(Debug, Clone, Default)]
pub struct Vars(BTreeMap<String, Value>);

impl Vars {
    pub fn set(&mut self, name: impl Into<String>, value: Value) {
        self.0.insert(name.into(), value);
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// Every variable whose value is a string, as `(name, value)`: what blessing may substitute.
    pub fn string_values(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
            .collect()
    }

    fn undefined(&self, name: &str) -> UndefinedVariable {
        let known: Vec<&str> = self.0.keys().map(String::as_str).collect();
        UndefinedVariable {
            name: name.to_string(),
            known: if known.is_empty() {
                "none".into()
            } else {
                known.join(", ")
            },
        }
    }

    fn lookup(&self, reference: &Reference<'_>) -> Result<&Value, UndefinedVariable> {
        let key = match reference.field {
            Some(field) => format!("{}.{field}", reference.name),
            None => reference.name.to_string(),
        };
        self.0.get(&key).ok_or_else(|| self.undefined(&key))
    }

    /// Substitutes references in a string (the syntax of [`reference::parse`], which the loader
    /// has already checked; a malformed reference is left as written).
    pub fn substitute_str(&self, text: &str) -> Result<String, UndefinedVariable> {
        let Ok(pieces) = reference::parse(text) else {
            return Ok(text.to_string());
        };
        let mut out = String::with_capacity(text.len());
        for piece in pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Reference(r) => match self.lookup(&r)? {
                    Value::String(s) => out.push_str(s),
                    other => out.push_str(&other.to_string()),
                },
            }
        }
        Ok(out)
    }

    /// Substitutes references in every string of a JSON value (keys included). A string that is
    /// exactly one reference takes the variable's JSON value.
    pub fn substitute(&self, value: &Value) -> Result<Value, UndefinedVariable> {
        Ok(match value {
            Value::String(s) => match reference::whole_reference(s) {
                Some(r) => self.lookup(&r)?.clone(),
                None => Value::String(self.substitute_str(s)?),
            },
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|v| self.substitute(v))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(map) => {
                let mut out = serde_json::Map::with_capacity(map.len());
                for (k, v) in map {
                    out.insert(self.substitute_str(k)?, self.substitute(v)?);
                }
                Value::Object(out)
            }
            other => other.clone(),
        })
    }
}

/// A string variable, or a failure naming what is missing.
pub fn var_str(vars: &Vars, key: &str) -> Result<String, Failure> {
    match vars.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Ok(other.to_string()),
        None => Err(Failure::new(
            FailureKind::Variable,
            format!("`${{{key}}}` is not known yet"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn vars() -> Vars {
        let mut v = Vars::default();
        v.set("alice_id", json!("u-1"));
        v.set("count", json!(3));
        v.set("alice.userName", json!("alice.x7@example.com"));
        v
    }

    #[test]
    fn whole_string_reference_keeps_the_json_type_and_partial_ones_splice_text() {
        let v = vars();
        let out = v
            .substitute(
                &json!({"n": "${count}", "path": "/Users/${alice_id}", "u": "${alice.userName}"}),
            )
            .unwrap();
        assert_eq!(
            out,
            json!({"n": 3, "path": "/Users/u-1", "u": "alice.x7@example.com"})
        );
    }

    #[test]
    fn undefined_references_are_errors_naming_the_variable_and_matchers_are_untouched() {
        let v = vars();
        let err = v.substitute_str("/Users/${bob_id}").unwrap_err();
        assert_eq!(err.name, "bob_id");
        assert!(err.to_string().contains("alice_id"));
        assert_eq!(v.substitute_str("cost $5").unwrap(), "cost $5");
        assert_eq!(v.substitute(&json!("$any")).unwrap(), json!("$any"));
    }
}
