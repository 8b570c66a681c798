//! One line per request on stdout: method, path, status, milliseconds.

use std::io::Write;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::AppState;

pub async fn log_request(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !state.config.access_log {
        return next.run(request).await;
    }
    let started = Instant::now();
    let method = request.method().clone();
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let response = next.run(request).await;
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    // A closed stdout must not take the server down: the write error is ignored.
    let _ = writeln!(
        std::io::stdout().lock(),
        "{method} {path} {} {millis:.2}ms",
        response.status().as_u16()
    );
    response
}
