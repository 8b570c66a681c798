//! The reference server started in-process on `127.0.0.1:0`: the default target of
//! `scimulate run`, and what the harness's own tests and benchmarks run against.

use tokio::net::TcpListener;
use tokio::sync::oneshot;

use super::{AppState, ServerConfig};

/// The in-process reference server; dropping it stops the server.
pub struct BundledServer {
    /// The SCIM 2.0 base URL.
    pub base_url: String,
    /// The SCIM 1.1 base URL, when the configuration serves 1.1.
    pub v1_base_url: Option<String>,
    _stop: oneshot::Sender<()>,
}

impl BundledServer {
    /// Starts the reference server on `127.0.0.1:0`, accepting `authorization` only (if given).
    pub async fn start(config: ServerConfig) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let base_url = format!("http://{addr}{}", config.base_path);
        let v1_base_url = config
            .v1_base_path
            .as_deref()
            .map(|path| format!("http://{addr}{}", path.trim_end_matches('/')));
        let state = AppState::new(config, &base_url);
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = super::run(listener, state, async {
                let _ = stopped.await;
            })
            .await;
        });
        Ok(BundledServer {
            base_url,
            v1_base_url,
            _stop: stop,
        })
    }
}
