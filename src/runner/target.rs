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
    /// `base_url` parsed once, so that a request's URL is parsed relative to it ([`Target::url`])
    /// instead of whole, host and all, for every request.
    base: Option<reqwest::Url>,
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
        let base_url = base_url.trim_end_matches('/').to_string();
        Ok(Target {
            base: reqwest::Url::parse(&base_url).ok(),
            base_url,
            authorization,
            client,
            timeout: options.timeout,
            secrets,
            control: Arc::default(),
        })
    }

    /// The URL of `path` (below the base URL, with its query): the URL `{base_url}{path}`
    /// parses to, parsed as the absolute path it is relative to the parsed base (the same
    /// WHATWG rules, without the host's). `None` when that shortcut does not apply (a path that
    /// would read as a host, `//…`); the caller parses the whole string then.
    pub fn url(&self, path: &str) -> Option<reqwest::Url> {
        let base = self.base.as_ref()?;
        let relative = format!("{}{path}", base.path().trim_end_matches('/'));
        if !relative.starts_with('/') || relative.starts_with("//") {
            return None;
        }
        reqwest::Url::options()
            .base_url(Some(base))
            .parse(&relative)
            .ok()
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
mod url_tests {
    use super::*;

    /// The shortcut gives the URL the whole string parses to, for odd paths too (they are what
    /// the hostile-input scenarios send).
    #[test]
    fn a_url_parsed_relative_to_the_base_is_the_whole_string_parsed() {
        let options = ClientOptions {
            timeout: Duration::from_secs(1),
            insecure: false,
        };
        for base in [
            "http://127.0.0.1:8080/scim/v2",
            "https://h.example/",
            "http://h:1/a%20b/v2/",
        ] {
            let target = Target::new(base, None, &options).expect("a target");
            for path in [
                "/Users",
                "/Users?filter=userName%20eq%20%22a%40b%22&count=100",
                "/Users?filter=userName+eq+\"a b\"",
                "/Users/%ZZ",
                "/Users/é ü",
                "/Users/../Groups",
                "/Users/./x/",
                "/Users#frag",
                "/Users?a=%&b=\u{1F600}",
                "/Users\\x",
                "",
                "?x=1",
            ] {
                let whole = reqwest::Url::parse(&format!("{}{path}", target.base_url)).ok();
                let shortcut = target.url(path);
                if shortcut.is_some() {
                    assert_eq!(shortcut, whole, "{base} + {path}");
                }
            }
            assert!(target.url("/Users").is_some());
        }
    }
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
