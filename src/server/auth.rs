//! Authentication: Bearer and/or Basic credentials, compared in constant time.

use axum::extract::Request;
use axum::http::header::AUTHORIZATION;
use axum::response::IntoResponse;
use base64::Engine;
use subtle::ConstantTimeEq;

use super::AppState;
use super::config::Credentials;
use super::error::ScimError;
use super::layer::{Answer, Inner, Middleware, answered, passed};

/// Rejects requests without valid credentials with 401, a SCIM error body and `WWW-Authenticate`
/// (mounted only when some credential is configured).
#[derive(Clone)]
pub struct RequireCredentials(pub AppState);

impl Middleware for RequireCredentials {
    fn handle<S: Inner>(&self, request: Request, inner: &mut S) -> Answer {
        let credentials = &self.0.config.credentials;
        if credentials.is_open() {
            return passed(request, inner);
        }
        let presented = request
            .headers()
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        if presented.is_some_and(|value| accepts(credentials, value)) {
            passed(request, inner)
        } else {
            answered(ScimError::unauthorized(challenge(credentials)).into_response())
        }
    }
}

/// The `WWW-Authenticate` challenge(s) for the configured schemes.
pub fn challenge(credentials: &Credentials) -> String {
    let mut schemes = Vec::new();
    if credentials.bearer.is_some() {
        schemes.push("Bearer realm=\"scimulate\"");
    }
    if credentials.basic.is_some() {
        schemes.push("Basic realm=\"scimulate\", charset=\"UTF-8\"");
    }
    schemes.join(", ")
}

/// Whether the `Authorization` header value carries a configured credential.
pub fn accepts(credentials: &Credentials, value: &str) -> bool {
    let value = value.trim();
    let (scheme, rest) = value
        .split_once(' ')
        .map(|(s, r)| (s, r.trim()))
        .unwrap_or(("", value));
    if let Some(token) = &credentials.bearer {
        let presented = if scheme.eq_ignore_ascii_case("bearer") {
            rest
        } else {
            value
        };
        if constant_time_eq(presented.as_bytes(), token.as_bytes()) {
            return true;
        }
    }
    if let Some((user, password)) = &credentials.basic
        && scheme.eq_ignore_ascii_case("basic")
        && let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(rest)
    {
        let expected = format!("{user}:{password}");
        return constant_time_eq(&decoded, expected.as_bytes());
    }
    false
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    // Lengths are not secret enough to hide; contents are compared without early exit.
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds() -> Credentials {
        Credentials {
            bearer: Some("s3cret".into()),
            basic: Some(("admin@example.com".into(), "tok".into())),
        }
    }

    #[test]
    fn bearer_raw_and_basic_forms_are_accepted_and_others_refused() {
        let c = creds();
        assert!(accepts(&c, "Bearer s3cret"));
        assert!(accepts(&c, "bearer s3cret"));
        assert!(accepts(&c, "s3cret"));
        let basic = base64::engine::general_purpose::STANDARD.encode("admin@example.com:tok");
        assert!(accepts(&c, &format!("Basic {basic}")));
        assert!(!accepts(&c, "Bearer s3cre"));
        assert!(!accepts(&c, "Bearer s3cret2"));
        let wrong = base64::engine::general_purpose::STANDARD.encode("admin@example.com:nope");
        assert!(!accepts(&c, &format!("Basic {wrong}")));
        assert!(!accepts(&c, "Basic !!notbase64"));
        assert!(!accepts(&c, ""));
    }
}
