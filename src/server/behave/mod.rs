//! Deliberate provider behaviours (`scimulate serve --behave NAME`): the reference server acting
//! like a real provider that differs from the RFC on purpose, so that target profiles
//! (`src/profile/`, `scenarios/profiles/`) can be proven against something with those
//! differences.
//!
//! A behaviour is one middleware over the whole router, outside the handlers: it rewrites a
//! request before the server sees it or acts after the server answered. It never changes SCIM
//! logic, so the reference server stays the reference, and it applies to every route that exists
//! (SCIM 2.0 and, when mounted, SCIM 1.1) because it matches paths by their trailing segments.

mod thousandeyes;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::AppState;

/// A provider whose behaviour the server imitates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Behaviour {
    /// ThousandEyes (okta-scim-behaviour §5): deactivation deletes the user, no `/Groups`, the
    /// IdP may change only `displayName` (and `active`), Basic auth with an email and API token.
    Thousandeyes,
}

/// The middleware: passes through unless the configuration names a behaviour.
pub async fn apply(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match state.config.behave {
        None => next.run(request).await,
        Some(Behaviour::Thousandeyes) => thousandeyes::handle(&state, request, next).await,
    }
}
