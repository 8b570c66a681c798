//! Keeping credentials out of everything a run records. Reports travel as CI artefacts, so what
//! the runner keeps (and so every reporter shows) never holds an `Authorization` or cookie value,
//! a `password` in a body, or a credential the run was given — even when a target echoes it.

use std::borrow::Cow;

use serde_json::Value;

/// What is shown instead of a credential.
pub const REDACTED: &str = "[redacted]";

/// Headers whose values are credentials.
const SECRET_HEADERS: [&str; 4] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// `text` with every secret replaced by `[redacted]` (longest secrets first).
pub fn redact_secrets(text: &str, secrets: &[String]) -> String {
    hide_secrets(text, secrets).into_owned()
}

/// [`redact_secrets`] without a copy when no secret is there (nearly always).
fn hide_secrets<'a>(text: &'a str, secrets: &[String]) -> Cow<'a, str> {
    let mut out = Cow::Borrowed(text);
    for secret in secrets {
        if out.contains(secret.as_str()) {
            out = Cow::Owned(out.replace(secret.as_str(), REDACTED));
        }
    }
    out
}

/// Headers as recorded: credential headers' values hidden, secrets hidden in the others.
pub fn redact_headers(headers: &[(String, String)], secrets: &[String]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let value = if SECRET_HEADERS.iter().any(|h| name.eq_ignore_ascii_case(h)) {
                REDACTED.to_string()
            } else {
                hide_secrets(value, secrets).into_owned()
            };
            (name.clone(), value)
        })
        .collect()
}

/// [`redact_headers`] on headers the caller owns: values are replaced in place, nothing copied
/// that needs no change.
pub fn redact_headers_owned(
    mut headers: Vec<(String, String)>,
    secrets: &[String],
) -> Vec<(String, String)> {
    for (name, value) in &mut headers {
        if SECRET_HEADERS.iter().any(|h| name.eq_ignore_ascii_case(h)) {
            *value = REDACTED.to_string();
        } else if let Cow::Owned(hidden) = hide_secrets(value, secrets) {
            *value = hidden;
        }
    }
    headers
}

/// Replaces the value of every `password` key (any case, any depth) with `[redacted]`; whether
/// the key is there stays visible (a server returning `password` is a bug worth seeing).
/// Returns whether anything changed.
pub fn redact_passwords(value: &mut Value) -> bool {
    match value {
        Value::Object(map) => {
            let mut changed = false;
            for (key, v) in map.iter_mut() {
                if key.eq_ignore_ascii_case("password") && !v.is_null() {
                    *v = Value::String(REDACTED.to_string());
                    changed = true;
                } else {
                    changed |= redact_passwords(v);
                }
            }
            changed
        }
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |acc, v| redact_passwords(v) | acc),
        _ => false,
    }
}

/// A body as recorded: secrets hidden, and for JSON bodies, passwords too. The text keeps its
/// original form unless a password had to be hidden. Returns the text and its JSON, if it is JSON.
pub fn redact_body(text: &str, secrets: &[String]) -> (String, Option<Value>) {
    let text = hide_secrets(text, secrets);
    match serde_json::from_str::<Value>(&text) {
        Ok(mut json) => {
            if redact_passwords(&mut json) {
                (json.to_string(), Some(json))
            } else {
                (text.into_owned(), Some(json))
            }
        }
        Err(_) => (text.into_owned(), None),
    }
}

/// A JSON body the run sends, as recorded: its text (`text`, the body's serialization) with
/// passwords and secrets hidden, without parsing the text again.
pub fn redact_sent_body(body: &Value, text: &str, secrets: &[String]) -> String {
    let mut hidden = body.clone();
    let text = if redact_passwords(&mut hidden) {
        Cow::Owned(hidden.to_string())
    } else {
        Cow::Borrowed(text)
    };
    hide_secrets(&text, secrets).into_owned()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The shortcut for a body the run sends gives what parsing its text again gave.
    #[test]
    fn a_sent_body_is_recorded_as_redact_body_records_it() {
        let secrets = vec!["s3cret".to_string()];
        for body in [
            json!({"userName": "a", "password": "pw", "note": "s3cret"}),
            json!({"userName": "a"}),
            json!({"Operations": [{"value": {"password": "x"}}]}),
        ] {
            let text = body.to_string();
            assert_eq!(
                redact_sent_body(&body, &text, &secrets),
                redact_body(&text, &secrets).0
            );
        }
    }

    #[test]
    fn owned_headers_are_redacted_as_borrowed_ones_are() {
        let secrets = vec!["tok-XYZ-123".to_string()];
        let headers = vec![
            ("Set-Cookie".to_string(), "session=abc".to_string()),
            ("X-Echo".to_string(), "saw tok-XYZ-123".to_string()),
            (
                "Content-Type".to_string(),
                "application/scim+json".to_string(),
            ),
        ];
        assert_eq!(
            redact_headers_owned(headers.clone(), &secrets),
            redact_headers(&headers, &secrets)
        );
    }

    #[test]
    fn credential_headers_and_secrets_are_hidden() {
        let secrets = vec!["tok-XYZ-123".to_string()];
        let headers = vec![
            (
                "Authorization".to_string(),
                "Bearer tok-XYZ-123".to_string(),
            ),
            ("Set-Cookie".to_string(), "session=abc".to_string()),
            ("X-Echo".to_string(), "saw tok-XYZ-123".to_string()),
            (
                "Content-Type".to_string(),
                "application/scim+json".to_string(),
            ),
        ];
        let out = redact_headers(&headers, &secrets);
        assert_eq!(out[0].1, REDACTED);
        assert_eq!(out[1].1, REDACTED);
        assert_eq!(out[2].1, "saw [redacted]");
        assert_eq!(out[3].1, "application/scim+json");
    }

    #[test]
    fn passwords_are_hidden_at_any_depth_and_other_bodies_keep_their_text() {
        let (text, json) = redact_body(
            r#"{"userName":"a","Password":"p1","x":[{"password":"p2"}]}"#,
            &[],
        );
        assert!(!text.contains("p1") && !text.contains("p2"), "{text}");
        assert_eq!(json.unwrap()["x"][0]["password"], json!(REDACTED));
        let (text, _) = redact_body("{ \"userName\" : \"a\" }", &[]);
        assert_eq!(text, "{ \"userName\" : \"a\" }");
        let (text, json) = redact_body("not json s3cret", &["s3cret".to_string()]);
        assert_eq!((text.as_str(), json), ("not json [redacted]", None));
    }
}
