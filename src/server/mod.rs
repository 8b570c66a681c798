//! The bundled reference SCIM 2.0 server, with SCIM 1.1 served over the same store ([`v1`]).
//!
//! It is the default target of `scimulate run`, the server every bundled scenario is proven against,
//! and a model for vendors. Built mini-redis style: [`app`](fn@app) gives the router (testable without a
//! socket) and [`run`] serves it on a pre-bound listener until a shutdown future completes, so the
//! same code runs as `scimulate serve` and in-process inside the harness.
//!
//! Request flow: `listen` (connections; the first head checked on the socket) → `access_log` →
//! `limits` (garbage refused, the body on a deadline) → `auth` → `handlers` (parse the request) →
//! `resource::normalize` / `patch` / `filter` (pure SCIM rules over JSON, driven by `schema`) →
//! `store` (uniqueness, membership, `meta`) → `handlers::render` (derived attributes, projection).
//! `POST /Bulk` (`bulk`) runs each of its operations through the handlers' own record functions.

mod access_log;
mod app;
mod auth;
pub mod behave;
mod bulk;
mod bundled;
pub mod config;
pub mod discovery;
pub mod error;
pub mod filter;
mod handlers;
mod layer;
pub mod limits;
mod listen;
pub mod patch;
mod plain_errors;
pub mod quirks;
pub mod reclaim;
pub mod resource;
pub mod response;
pub mod schema;
pub mod store;
pub mod v1;

/// The URNs live with the rest of the SCIM vocabulary; `server::urn` is the server's name for them.
pub use crate::protocol::urn;
pub use app::{AppState, app, run};
pub use bundled::BundledServer;
pub use config::{Credentials, ServerConfig};
