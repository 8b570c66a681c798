//! The ceiling the reference server is measured against (docs/benchmarks.md, "Server overhead
//! against a bare axum ceiling"): a bare axum handler that answers `GET /scim/v2/Users/{id}` with
//! a fixed SCIM User body of about 600 bytes and `Content-Type: application/scim+json`, on the
//! multi-threaded tokio runtime `scimulate serve` runs on (`src/main.rs`). No store, no
//! middleware, no access log: whatever the real server spends beyond this is its own overhead.
//!
//! ```text
//! cargo run --release --example ceiling -- 127.0.0.1:8091
//! wrk -t1 -c4 -d10s http://127.0.0.1:8091/scim/v2/Users/any-id
//! ```

use axum::Router;
use axum::extract::Path;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

/// A user as `scimulate serve` stores one (588 bytes): the same shape and about the same size.
const BODY: &str = concat!(
    r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"#,
    r#""id":"2b0f5c1e-6c1d-4f5e-9a57-3f0e2c9d8b41","externalId":"ext-0001","#,
    r#""userName":"ada.lovelace@example.com","#,
    r#""name":{"givenName":"Ada","familyName":"Lovelace","formatted":"Ada Lovelace"},"#,
    r#""displayName":"Ada Lovelace","active":true,"#,
    r#""emails":[{"value":"ada.lovelace@example.com","type":"work","primary":true}],"#,
    r#""meta":{"resourceType":"User","created":"2025-01-01T00:00:00.000Z","#,
    r#""lastModified":"2025-01-01T00:00:00.000Z","#,
    r#""location":"http://127.0.0.1:8091/scim/v2/Users/2b0f5c1e-6c1d-4f5e-9a57-3f0e2c9d8b41","#,
    r#""version":"W/\"1\""}}"#
);

async fn user(Path(_id): Path<String>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/scim+json")], BODY)
}

fn main() -> std::io::Result<()> {
    let listen = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8091".to_string());
    tokio::runtime::Runtime::new()?.block_on(async {
        let listener = tokio::net::TcpListener::bind(&listen).await?;
        println!("ceiling on http://{}/scim/v2", listener.local_addr()?);
        let app = Router::new().route("/scim/v2/Users/{id}", get(user));
        axum::serve(listener, app).await
    })
}
