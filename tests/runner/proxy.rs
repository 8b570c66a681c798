//! A target that dies: a small HTTP/1.1 forwarding proxy on `127.0.0.1:0` in front of an
//! in-process reference server, which the test can make die (drop its listener and every
//! connection: later requests are refused), stop answering (keep accepting, never respond:
//! requests time out), or hold one method's requests until released. It records every request
//! it receives, so a test waits for an event ("the first GET arrived") instead of sleeping.
//!
//! HTTP framing is the little the harness and the reference server use: a head, then a body of
//! `Content-Length` bytes (no chunked bodies, no upgrades). One upstream connection per client
//! connection, requests answered in order.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use scimulate::server::{AppState, ServerConfig};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};

/// What the proxy does with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Forward everything.
    Lives,
    /// Forward `n` requests, then die: every response says `Connection: close` (no idle
    /// connection to race), and the listener and every connection are dropped after the `n`-th.
    DiesAfter(usize),
    /// Forward `n` requests, then read every later one and never answer it.
    FallsSilentAfter(usize),
}

pub struct Proxy {
    /// `http://127.0.0.1:PORT/scim/v2`: the target to give the harness.
    pub base_url: String,
    /// The reference server behind it (its store is what the run left behind).
    pub server: AppState,
    shared: Arc<Shared>,
    _stop_server: oneshot::Sender<()>,
}

struct Shared {
    fate: Fate,
    /// Requests received, as `METHOD /path`, in arrival order.
    seen: watch::Sender<Vec<String>>,
    /// Requests forwarded and answered.
    answered: AtomicUsize,
    /// Drops every connection.
    dead: watch::Sender<bool>,
    /// The connection tasks, by number, so a dying one can end the others first.
    connections: std::sync::Mutex<Vec<(usize, tokio::task::AbortHandle)>>,
    /// Drops the listener: new connections are refused.
    stop_listening: watch::Sender<bool>,
    /// Set once the listener is dropped.
    listener_closed: watch::Sender<bool>,
    /// Requests of this method wait until released.
    hold: Option<&'static str>,
    released: watch::Sender<bool>,
    upstream: SocketAddr,
}

impl Proxy {
    /// A reference server (open: no credentials needed) with a proxy in front of it.
    pub async fn start(fate: Fate) -> Proxy {
        Self::start_holding(fate, None).await
    }

    /// As [`Proxy::start`], holding every request of `method` until [`Proxy::release`].
    pub async fn start_holding(fate: Fate, hold: Option<&'static str>) -> Proxy {
        let server_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let upstream = server_listener.local_addr().unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let base_url = format!("http://{addr}/scim/v2");
        // The server calls itself by the proxy's address: `meta.location` points through it.
        let server = AppState::new(ServerConfig::default(), &base_url);
        let (stop_server, stopped) = oneshot::channel::<()>();
        tokio::spawn(scimulate::server::run(
            server_listener,
            server.clone(),
            async {
                let _ = stopped.await;
            },
        ));
        let shared = Arc::new(Shared {
            fate,
            seen: watch::Sender::new(Vec::new()),
            answered: AtomicUsize::new(0),
            dead: watch::Sender::new(false),
            connections: std::sync::Mutex::default(),
            stop_listening: watch::Sender::new(false),
            listener_closed: watch::Sender::new(false),
            hold,
            released: watch::Sender::new(false),
            upstream,
        });
        tokio::spawn(accept(listener, shared.clone()));
        Proxy {
            base_url,
            server,
            shared,
            _stop_server: stop_server,
        }
    }

    /// Waits until the requests received satisfy `done` (e.g. a GET arrived).
    pub async fn wait_for(&self, done: impl Fn(&[String]) -> bool) {
        let mut rx = self.shared.seen.subscribe();
        rx.wait_for(|seen| done(seen)).await.unwrap();
    }

    pub fn seen(&self) -> Vec<String> {
        self.shared.seen.borrow().clone()
    }

    /// Dies now: the listener and every connection are dropped (done when this returns).
    pub async fn die(&self) {
        self.shared.stop_listening.send_replace(true);
        let mut closed = self.shared.listener_closed.subscribe();
        let _ = closed.wait_for(|c| *c).await;
        self.shared.dead.send_replace(true);
    }

    /// Lets held requests (and later ones of that method) through.
    pub fn release(&self) {
        self.shared.released.send_replace(true);
    }
}

async fn accept(listener: TcpListener, shared: Arc<Shared>) {
    let mut stop = shared.stop_listening.subscribe();
    loop {
        tokio::select! {
            biased;
            _ = stop.wait_for(|d| *d) => {
                // New connections are refused from here on.
                drop(listener);
                shared.listener_closed.send_replace(true);
                return;
            }
            accepted = listener.accept() => {
                let Ok((client, _)) = accepted else { return };
                let task = shared.clone();
                let mut connections = shared.connections.lock().unwrap();
                let number = connections.len();
                let mut dead = shared.dead.subscribe();
                let handle = tokio::spawn(async move {
                    tokio::select! {
                        biased;
                        _ = dead.wait_for(|d| *d) => {} // drops both sockets
                        _ = connection(number, client, &task) => {}
                    }
                });
                connections.push((number, handle.abort_handle()));
            }
        }
    }
}

/// Serves one client connection: request in, forwarded, response out, until either side closes.
async fn connection(number: usize, client: TcpStream, shared: &Shared) {
    let Ok(upstream) = TcpStream::connect(shared.upstream).await else {
        return;
    };
    let (client_read, mut client_write) = client.into_split();
    let (upstream_read, mut upstream_write) = upstream.into_split();
    let (mut client_read, mut upstream_read) =
        (BufReader::new(client_read), BufReader::new(upstream_read));
    loop {
        let Some((head, body)) = read_message(&mut client_read).await else {
            return;
        };
        let request_line = head.lines().next().unwrap_or_default().to_string();
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_string();
        let path = parts.next().unwrap_or_default().to_string();
        shared
            .seen
            .send_modify(|seen| seen.push(format!("{method} {path}")));
        let answered = shared.answered.load(Ordering::SeqCst);
        if let Fate::FallsSilentAfter(n) = shared.fate
            && answered >= n
        {
            // Accepted and read, never answered: the client times out.
            std::future::pending::<()>().await;
        }
        if shared.hold == Some(method.as_str()) {
            let mut released = shared.released.subscribe();
            let _ = released.wait_for(|r| *r).await;
        }
        if upstream_write.write_all(head.as_bytes()).await.is_err()
            || upstream_write.write_all(&body).await.is_err()
        {
            return;
        }
        let Some((mut response_head, response_body)) = read_message(&mut upstream_read).await
        else {
            return;
        };
        let answered = shared.answered.fetch_add(1, Ordering::SeqCst) + 1;
        let last = shared.fate == Fate::DiesAfter(answered);
        // A target that is going to die answers every request with `connection: close`, so the
        // client never holds an idle pooled connection: one aborted at the moment of death
        // races the client's next request on it ("connection closed before message
        // completed", seen once in CI) where a refused connection is what this fate promises.
        let close = matches!(shared.fate, Fate::DiesAfter(_));
        if last {
            // The listener goes before the client has its answer, so its next request (on a
            // new connection: this one says `close`) is refused, never half-accepted.
            shared.stop_listening.send_replace(true);
            let _ = shared.listener_closed.subscribe().wait_for(|c| *c).await;
            for (other, handle) in shared.connections.lock().unwrap().iter() {
                if *other != number {
                    handle.abort();
                }
            }
        }
        if close {
            response_head.truncate(response_head.len() - 2);
            response_head.push_str("connection: close\r\n\r\n");
        }
        if client_write
            .write_all(response_head.as_bytes())
            .await
            .is_err()
            || client_write.write_all(&response_body).await.is_err()
        {
            return;
        }
        let _ = client_write.flush().await;
        if last {
            shared.dead.send_replace(true);
        }
        if close {
            return;
        }
    }
}

/// One HTTP/1.1 message: its head (through the blank line) and its `Content-Length` body.
async fn read_message<R: AsyncBufReadExt + Unpin>(reader: &mut R) -> Option<(String, Vec<u8>)> {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        head.push_str(&line);
        if line == "\r\n" {
            break;
        }
    }
    let length = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await.ok()?;
    Some((head, body))
}
