//! Accepting connections and serving each with hyper, configured with the server's limits.
//!
//! `axum::serve` exposes none of hyper's settings: no header read timeout, no cap on the head or
//! on the number of headers. So the accept loop is ours (the same shape as axum's: one task per
//! connection, a graceful shutdown that stops accepting, lets every connection finish its request
//! and waits for them). Each connection's first head is checked by [`first_head`] before hyper
//! takes over; hyper then holds later requests to the same limits. What the router does with the
//! requests is unchanged.

mod first_head;
mod replay;

use std::future::Future;
use std::pin::pin;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use super::AppState;

/// hyper refuses a read buffer smaller than this.
const MIN_BUF: usize = 8192;

/// The connection-level limits, taken from the server's configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    pub header_read_timeout: Duration,
    pub max_head_bytes: usize,
    pub max_headers: usize,
    pub max_uri_bytes: usize,
    /// Refusals below this path get the SCIM 1.1 error shape.
    pub v1_base_path: Option<String>,
    /// Refusals are logged like requests (`server::access_log`).
    pub access_log: bool,
}

impl Settings {
    pub fn of(state: &AppState) -> Settings {
        let config = &state.config;
        Settings {
            header_read_timeout: config.header_read_timeout,
            max_head_bytes: config.max_head_bytes,
            max_headers: config.max_headers,
            max_uri_bytes: config.max_uri_bytes,
            v1_base_path: super::v1::base_path_of(state),
            access_log: config.access_log,
        }
    }

    /// HTTP/1.1 only. `axum::serve` also took HTTP/2 with prior knowledge, but only because
    /// reqwest's `http2` feature switches it on in hyper-util: no SCIM client speaks cleartext
    /// HTTP/2, and it would be a second set of limits (and of idle-connection rules) to hold.
    fn builder(&self) -> Builder<TokioExecutor> {
        let mut builder = Builder::new(TokioExecutor::new()).http1_only();
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(self.header_read_timeout)
            // Room for one full head; the first head was already held to `max_head_bytes`.
            .max_buf_size(self.max_head_bytes.saturating_add(1024).max(MIN_BUF))
            .max_headers(self.max_headers);
        builder
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then lets in-flight requests finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    settings: Settings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // The receiver is dropped when shutdown is asked for; every connection watches `closed()`.
    let (signal_tx, signal_rx) = watch::channel(());
    tokio::spawn(async move {
        shutdown.await;
        drop(signal_rx);
    });
    // Each connection holds a receiver; `closed()` completes when the last one has finished.
    let (close_tx, close_rx) = watch::channel(());
    let builder = settings.builder();
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => stream,
                Err(e) => {
                    if !is_connection_error(&e) {
                        // Out of file descriptors and the like: wait rather than spin.
                        tracing::error!("accept error: {e}");
                        tokio::select! {
                            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                            _ = signal_tx.closed() => break,
                        }
                    }
                    continue;
                }
            },
            _ = signal_tx.closed() => break,
        };
        tokio::spawn(connection(
            stream,
            router.clone(),
            settings.clone(),
            builder.clone(),
            signal_tx.clone(),
            close_rx.clone(),
        ));
    }
    drop(close_rx);
    drop(listener);
    close_tx.closed().await;
    Ok(())
}

async fn connection(
    stream: TcpStream,
    router: Router,
    settings: Settings,
    builder: Builder<TokioExecutor>,
    signal: watch::Sender<()>,
    _open: watch::Receiver<()>,
) {
    let _ = stream.set_nodelay(true);
    // A shutdown while the first head is awaited ends the connection: no request is in flight.
    let io = tokio::select! {
        io = first_head::read(stream, &settings) => io,
        _ = signal.closed() => None,
    };
    let Some(io) = io else {
        return;
    };
    let mut conn =
        pin!(builder.serve_connection(TokioIo::new(io), TowerToHyperService::new(router)));
    let mut stopping = false;
    loop {
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(e) = result {
                    tracing::trace!("connection ended: {e}");
                }
                break;
            }
            _ = signal.closed(), if !stopping => {
                stopping = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

/// Errors of one connection attempt, not of the listener.
fn is_connection_error(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}
