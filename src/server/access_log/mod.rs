//! One line per request on stdout: method, path, status, milliseconds (`GET /scim/v2/Users 200
//! 0.12ms`).
//!
//! A request formats its line into a buffer that a writer thread puts on stdout ([`sink`]): a
//! write per request on the request's own worker was a tenth of the server's time (issue 18).
//! [`flush`] writes out every line logged so far; the server calls it when it stops.

mod sink;

use std::io::Write;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use axum::extract::Request;

use super::layer::{self, Answer, Inner, Middleware};
use sink::Sink;

/// The process's stdout sink, started with the first line: stdout is the process's, not one
/// server's.
static STDOUT: OnceLock<Arc<Sink>> = OnceLock::new();

fn stdout() -> &'static Sink {
    STDOUT.get_or_init(|| Sink::start(Box::new(std::io::stdout())))
}

/// The middleware (mounted only when the access log is on): times the exchange and logs it.
#[derive(Clone)]
pub struct AccessLog;

impl Middleware for AccessLog {
    fn handle<S: Inner>(&self, request: Request, inner: &mut S) -> Answer {
        let started = Instant::now();
        let method = request.method().clone();
        // The target is shared bytes: cloning it copies nothing.
        let target = request.uri().path_and_query().cloned();
        let answer = layer::call(inner, request);
        Box::pin(async move {
            let response = answer.await;
            let target = target.as_ref().map_or("", |t| t.as_str());
            log(
                &method,
                target,
                response.status().as_u16(),
                started.elapsed(),
            );
            Ok(response)
        })
    }
}

/// Logs one exchange: `method`, `target`, `status` and how long it took.
pub fn log(method: &impl std::fmt::Display, target: &str, status: u16, took: Duration) {
    stdout().append(|buf| line(buf, method, target, status, took));
}

/// Every line logged so far is on stdout (or dropped, if stdout is closed) when this returns.
pub fn flush() {
    if let Some(sink) = STDOUT.get() {
        sink.flush();
    }
}

/// Formats one line, `METHOD TARGET STATUS N.NNms\n`, onto `buf`.
fn line(
    buf: &mut Vec<u8>,
    method: &impl std::fmt::Display,
    target: &str,
    status: u16,
    took: Duration,
) {
    // Hundredths of a millisecond, rounded half up: integer formatting, no float on the way.
    let hundredths = (took.as_nanos() + 5_000) / 10_000;
    // Writing into a Vec cannot fail.
    let _ = writeln!(
        buf,
        "{method} {target} {status} {}.{:02}ms",
        hundredths / 100,
        hundredths % 100
    );
}

#[cfg(test)]
mod tests;
