//! Variables and `${…}` references: captured values, identities' fields, built-ins.
//!
//! A string that is exactly `${name}` becomes the variable's JSON value (so a captured number stays
//! a number); inside a longer string the value is spliced in as text. `$${` writes a literal `${`.

use std::collections::BTreeMap;

use serde_json::Value;

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
        self.0.iter().filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string()))).collect()
    }

    fn undefined(&self, name: &str) -> UndefinedVariable {
        let known: Vec<&str> = self.0.keys().map(String::as_str).collect();
        UndefinedVariable { name: name.to_string(), known: if known.is_empty() { "none".into() } else { known.join(", ") } }
    }

    /// Substitutes references in a string.
    pub fn substitute_str(&self, text: &str) -> Result<String, UndefinedVariable> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(i) = rest.find('$') {
            out.push_str(&rest[..i]);
            let after = &rest[i..];
            if let Some(literal) = after.strip_prefix("$${") {
                out.push_str("${");
                rest = literal;
            } else if let Some(open) = after.strip_prefix("${") {
                match open.find('}') {
                    Some(end) => {
                        let name = open[..end].trim();
                        match self.0.get(name) {
                            Some(Value::String(s)) => out.push_str(s),
                            Some(other) => out.push_str(&other.to_string()),
                            None => return Err(self.undefined(name)),
                        }
                        rest = &open[end + 1..];
                    }
                    None => {
                        out.push_str(after);
                        rest = "";
                    }
                }
            } else {
                out.push('$');
                rest = &after[1..];
            }
        }
        out.push_str(rest);
        Ok(out)
    }

    /// Substitutes references in every string of a JSON value (keys included).
    pub fn substitute(&self, value: &Value) -> Result<Value, UndefinedVariable> {
        Ok(match value {
            Value::String(s) => {
                let trimmed = s.trim();
                if let Some(name) = trimmed.strip_prefix("${").and_then(|r| r.strip_suffix('}'))
                    && !name.contains('}')
                    && !name.contains("${")
                {
                    self.0.get(name.trim()).cloned().ok_or_else(|| self.undefined(name.trim()))?
                } else {
                    Value::String(self.substitute_str(s)?)
                }
            }
            Value::Array(items) => Value::Array(items.iter().map(|v| self.substitute(v)).collect::<Result<_, _>>()?),
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
        let out = v.substitute(&json!({"n": "${count}", "path": "/Users/${alice_id}", "u": "${alice.userName}"})).unwrap();
        assert_eq!(out, json!({"n": 3, "path": "/Users/u-1", "u": "alice.x7@example.com"}));
    }

    #[test]
    fn undefined_references_are_errors_naming_the_variable_and_escapes_work() {
        let v = vars();
        let err = v.substitute_str("/Users/${bob_id}").unwrap_err();
        assert_eq!(err.name, "bob_id");
        assert!(err.to_string().contains("alice_id"));
        assert_eq!(v.substitute_str("cost $5 and $${literal}").unwrap(), "cost $5 and ${literal}");
        assert_eq!(v.substitute(&json!("$any")).unwrap(), json!("$any"));
    }
}
