//! The SCIM target a run talks to: its base URL, the credentials to present, the HTTP client.
//! Without `--target`, the command line starts the bundled reference server in-process
//! (`crate::server::BundledServer`) and points the target at it.

use std::sync::Arc;
use std::time::Duration;

use super::control::RunControl;

/// Errors setting up the target (before any scenario runs).
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("cannot build the HTTP client: {0}")]
    Client(#[source] reqwest::Error),
    #[error("the target URL {url:?} is not an http(s) URL")]
    BadUrl { url: String },
}

/// How requests are sent.
#[derive(Debug, Clone)]
pub struct Target {
    /// Without a trailing slash: `https://staging.example.com/scim/v2`.
    pub base_url: String,
    /// The `Authorization` value presented on every request, if any.
    pub authorization: Option<String>,
    pub client: reqwest::Client,
    /// The per-request timeout, for messages.
    pub timeout: Duration,
    /// Credential strings that must never appear in what is recorded (a target may echo them).
    pub secrets: Vec<String>,
    /// Shared by every clone: whether the run was interrupted and whether the target still
    /// answers ([`super::control`]).
    pub control: Arc<RunControl>,
}

/// Connection options from the command line.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub timeout: Duration,
    /// Accept invalid TLS certificates (self-signed staging).
    pub insecure: bool,
}

impl Target {
    pub fn new(
        base_url: &str,
        authorization: Option<String>,
        options: &ClientOptions,
    ) -> Result<Self, TargetError> {
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(TargetError::BadUrl {
                url: base_url.to_string(),
            });
        }
        // Proxies come from HTTP(S)_PROXY / NO_PROXY, which reqwest reads by default.
        let client = reqwest::Client::builder()
            .timeout(options.timeout)
            .danger_accept_invalid_certs(options.insecure)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("scimulate/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(TargetError::Client)?;
        let secrets = authorization.as_deref().map(secrets_of).unwrap_or_default();
        Ok(Target {
            base_url: base_url.trim_end_matches('/').to_string(),
            authorization,
            client,
            timeout: options.timeout,
            secrets,
            control: Arc::default(),
        })
    }
}

/// The strings of an `Authorization` value worth hiding: the whole value, a bearer token, a Basic
/// pair's encoded and decoded forms and its password. Very short ones are left out: hiding every
/// `a` in a body would destroy the report and protect nothing.
fn secrets_of(authorization: &str) -> Vec<String> {
    use base64::Engine;
    let mut secrets = vec![authorization.to_string()];
    if let Some((scheme, credential)) = authorization.split_once(' ') {
        let credential = credential.trim();
        secrets.push(credential.to_string());
        if scheme.eq_ignore_ascii_case("basic")
            && let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(credential)
            && let Ok(pair) = String::from_utf8(decoded)
        {
            if let Some((_, password)) = pair.split_once(':') {
                secrets.push(password.to_string());
            }
            secrets.push(pair);
        }
    }
    secrets.retain(|s| s.len() >= 4);
    // Longest first, so a token is not half-hidden by a shorter secret inside it.
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    secrets.dedup();
    secrets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::redaction::redact_secrets;

    #[test]
    fn bearer_and_basic_secrets_are_all_hidden() {
        let bearer = secrets_of("Bearer s3cr3t-XYZ");
        assert_eq!(
            redact_secrets("token s3cr3t-XYZ was wrong", &bearer),
            "token [redacted] was wrong"
        );
        let basic = secrets_of("Basic YWRtaW5AZXhhbXBsZS5jb206YXBpLXRva2VuLTk5");
        let text = "user admin@example.com:api-token-99, password api-token-99, raw YWRtaW5AZXhhbXBsZS5jb206YXBpLXRva2VuLTk5";
        let hidden = redact_secrets(text, &basic);
        assert!(
            !hidden.contains("api-token-99") && !hidden.contains("YWRtaW5"),
            "{hidden}"
        );
    }
}
