//! Hostile HTTP input: every piece of client garbage gets a bounded answer (a 4xx/5xx with a SCIM
//! error body where one fits, or a prompt close where hyper answers for us) and never blocks other
//! clients. Requests go over raw TCP ([`raw`]) because reqwest refuses to send most of them.
//!
//! - [`bodies`]: JSON nested 10 000 deep, invalid UTF-8, bodies over the limit (declared, chunked),
//!   bodies that lie about their length, multi-MB filters in a `.search` body;
//! - [`heads`]: huge and invalid request targets, header values and counts, unknown methods;
//! - [`slow`]: slowloris heads and bodies, idle connections, and a normal client served meanwhile.

mod bodies;
mod heads;
mod raw;
mod slow;

use std::time::Duration;

use scimulate::server::ServerConfig;

use crate::support::Server;

/// The read timeouts the hostile tests run with: short, so a slow client is cut off quickly.
pub const SHORT: Duration = Duration::from_secs(1);

/// How long a normal request may take while hostile clients are connected before the test calls
/// it blocked: a failure condition, not a measurement.
pub const PATIENCE_FOR_OTHERS: Duration = Duration::from_secs(5);

/// A server with one-second header and body read timeouts and otherwise default limits.
pub async fn server() -> Server {
    Server::start_with(ServerConfig {
        header_read_timeout: SHORT,
        body_read_timeout: SHORT,
        ..ServerConfig::default()
    })
    .await
}
