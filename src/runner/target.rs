//! The SCIM target a run talks to: its base URL, the credentials to present, the HTTP client.
//! Without `--target`, the bundled reference server is started in-process on `127.0.0.1:0`.

use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::server::{AppState, ServerConfig};

/// Errors setting up the target (before any scenario runs).
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("cannot start the bundled reference server: {0}")]
    Bundled(#[source] std::io::Error),
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
        Ok(Target {
            base_url: base_url.trim_end_matches('/').to_string(),
            authorization,
            client,
            timeout: options.timeout,
        })
    }
}

/// The in-process reference server; dropping it stops the server.
pub struct BundledServer {
    pub base_url: String,
    _stop: oneshot::Sender<()>,
}

impl BundledServer {
    /// Starts the reference server on `127.0.0.1:0`, accepting `authorization` only (if given).
    pub async fn start(config: ServerConfig) -> Result<Self, TargetError> {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(TargetError::Bundled)?;
        let addr = listener.local_addr().map_err(TargetError::Bundled)?;
        let base_url = format!("http://{addr}{}", config.base_path);
        let state = AppState::new(config, &base_url);
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = crate::server::run(listener, state, async {
                let _ = stopped.await;
            })
            .await;
        });
        Ok(BundledServer {
            base_url,
            _stop: stop,
        })
    }
}
