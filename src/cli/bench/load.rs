//! A minimal keep-alive HTTP/1.1 load generator: N connections, each sending requests back to
//! back until a deadline. Only what the benchmark needs: Content-Length framed responses.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub struct Measurement {
    pub requests: u64,
    pub errors: u64,
    pub first_bad_status: Option<u16>,
    pub elapsed: Duration,
}

impl Measurement {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }
}

pub fn get(path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: bench\r\nAccept: application/scim+json\r\n\r\n")
        .into_bytes()
}

pub fn post(path: &str, body: &str) -> Vec<u8> {
    format!(
        "POST {path} HTTP/1.1\r\nHost: bench\r\nContent-Type: application/scim+json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Runs `connections` clients for `duration`; request `i` (global counter) is `make(i)`.
/// A response outside 2xx counts as an error.
pub async fn measure<F>(
    addr: SocketAddr,
    connections: usize,
    duration: Duration,
    make: F,
) -> std::io::Result<Measurement>
where
    F: Fn(u64) -> Vec<u8> + Send + Sync + 'static,
{
    let make = Arc::new(make);
    let counter = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let bad = Arc::new(std::sync::Mutex::new(None));
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (make, counter, errors, bad) =
            (make.clone(), counter.clone(), errors.clone(), bad.clone());
        tasks.push(tokio::spawn(async move {
            let mut conn = Connection::open(addr).await?;
            while Instant::now() < deadline {
                let i = counter.fetch_add(1, Ordering::Relaxed);
                let status = conn.send(&make(i)).await?;
                if !(200..300).contains(&status) {
                    errors.fetch_add(1, Ordering::Relaxed);
                    bad.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .get_or_insert(status);
                }
            }
            Ok::<(), std::io::Error>(())
        }));
    }
    for task in tasks {
        task.await.map_err(std::io::Error::other)??;
    }
    let first_bad_status = *bad.lock().unwrap_or_else(|e| e.into_inner());
    Ok(Measurement {
        requests: counter.load(Ordering::Relaxed),
        errors: errors.load(Ordering::Relaxed),
        first_bad_status,
        elapsed: started.elapsed(),
    })
}

struct Connection {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Connection {
    async fn open(addr: SocketAddr) -> std::io::Result<Self> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            stream,
            buf: Vec::with_capacity(16 * 1024),
        })
    }

    /// Sends one request and reads its whole response; returns the status.
    async fn send(&mut self, request: &[u8]) -> std::io::Result<u16> {
        self.stream.write_all(request).await?;
        loop {
            if let Some(end) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = std::str::from_utf8(&self.buf[..end]).map_err(std::io::Error::other)?;
                let status: u16 = head
                    .get(9..12)
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| std::io::Error::other("bad status line"))?;
                let length: usize = head
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse().ok())?
                    })
                    .unwrap_or(0);
                let total = end + 4 + length;
                while self.buf.len() < total {
                    self.fill().await?;
                }
                self.buf.drain(..total);
                return Ok(status);
            }
            self.fill().await?;
        }
    }

    async fn fill(&mut self) -> std::io::Result<()> {
        let mut chunk = [0u8; 16 * 1024];
        let n = self.stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "server closed the connection",
            ));
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(())
    }
}
