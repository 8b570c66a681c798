//! The target a run talks to: the URL given, or the bundled reference server started in-process
//! with credentials that make its 401 checks mean something; and the client that reaches it.

use std::sync::Arc;

use base64::Engine;

use super::plan::RunPlan;
use super::profile;
use crate::cli::error::CliError;
use crate::profile::AuthForm;
use crate::protocol::Dialect;
use crate::runner::target::{ClientOptions, Target};
use crate::server::BundledServer;
use crate::server::{Credentials, ServerConfig};

/// The target of a run, and the bundled server behind it when there is one (stopped on drop).
pub(super) struct Connected {
    pub target: Arc<Target>,
    pub base_url: String,
    pub bundled: Option<BundledServer>,
}

/// Starts the bundled server when no target was given, and builds the client.
pub(super) fn connect(
    plan: &RunPlan,
    runtime: &tokio::runtime::Runtime,
) -> Result<Connected, CliError> {
    let args = &plan.args;
    let mut authorization = plan.authorization.clone();
    let (base_url, bundled) = match &args.target {
        Some(url) => {
            if authorization.is_none() {
                warn_without_credentials(plan, url);
            }
            (url.clone(), None)
        }
        None => {
            let (credentials, made_up) = bundled_credentials(plan);
            if let Some(made_up) = made_up {
                authorization = Some(made_up);
            }
            let config = ServerConfig {
                credentials,
                ..ServerConfig::default()
            };
            let server = runtime
                .block_on(BundledServer::start(config))
                .map_err(|e| CliError::Runtime(anyhow::anyhow!("{e}")))?;
            let url = match plan.dialect {
                Dialect::Scim2 => Some(&server.base_url),
                Dialect::Scim11 => server.v1_base_url.as_ref(),
            };
            (url.cloned().unwrap_or_default(), Some(server))
        }
    };
    let options = ClientOptions {
        timeout: plan.timeout,
        insecure: args.insecure,
    };
    let target = Target::new(&base_url, authorization, &options)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    Ok(Connected {
        target: Arc::new(target),
        base_url,
        bundled,
    })
}

fn warn_without_credentials(plan: &RunPlan, url: &str) {
    let from_profile = plan
        .profile
        .as_ref()
        .and_then(|(p, file)| profile::credentials_warning(p, file));
    match from_profile {
        Some(warning) => eprintln!("{warning}"),
        None => eprintln!(
            "warning: no credentials given (--bearer, --basic or --auth-header; SCIMULATE_BEARER or SCIMULATE_BASIC): requests to {url} carry no Authorization header"
        ),
    }
}

/// What the bundled server accepts, and the `Authorization` value the run made up when no
/// credentials were given: the bundled server always requires credentials, so that 401 checks
/// mean something.
fn bundled_credentials(plan: &RunPlan) -> (Credentials, Option<String>) {
    let args = &plan.args;
    let token = format!("scimulate-{}-{}", plan.run_tag, plan.seed);
    match (&args.bearer, &args.basic, &args.auth_header) {
        (Some(t), _, _) => (
            Credentials {
                bearer: Some(t.clone()),
                basic: None,
            },
            None,
        ),
        (None, Some(pair), _) => {
            let (u, p) = pair.split_once(':').unwrap_or((pair, ""));
            (
                Credentials {
                    bearer: None,
                    basic: Some((u.to_string(), p.to_string())),
                },
                None,
            )
        }
        (None, None, Some(raw)) => (credentials_for_raw_header(raw), None),
        (None, None, None)
            if plan.profile.as_ref().and_then(|(p, _)| p.auth) == Some(AuthForm::Basic) =>
        {
            // The profile's auth form: an email and a made-up API token.
            let user = "scimulate@example.com".to_string();
            let pair = format!("{user}:{token}");
            let header = format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            );
            (
                Credentials {
                    bearer: None,
                    basic: Some((user, token)),
                },
                Some(header),
            )
        }
        (None, None, None) => (
            Credentials {
                bearer: Some(token.clone()),
                basic: None,
            },
            Some(format!("Bearer {token}")),
        ),
    }
}

/// What the bundled server must accept for a raw `--auth-header` value: a `Bearer` token, a
/// `Basic` pair, or (Okta's header auth) the raw value itself as a token.
fn credentials_for_raw_header(raw: &str) -> Credentials {
    let (scheme, rest) = raw.split_once(' ').unwrap_or(("", raw));
    let rest = rest.trim();
    if scheme.eq_ignore_ascii_case("bearer") {
        return Credentials {
            bearer: Some(rest.to_string()),
            basic: None,
        };
    }
    if scheme.eq_ignore_ascii_case("basic")
        && let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(rest)
        && let Ok(pair) = String::from_utf8(decoded)
        && let Some((user, password)) = pair.split_once(':')
    {
        return Credentials {
            bearer: None,
            basic: Some((user.to_string(), password.to_string())),
        };
    }
    Credentials {
        bearer: Some(raw.to_string()),
        basic: None,
    }
}
