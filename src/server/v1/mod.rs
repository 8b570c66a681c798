//! SCIM 1.1 over the same store as SCIM 2.0, served under `ServerConfig::v1_base_path`.
//!
//! Okta's on-premises agent and older OIN integrations still speak SCIM 1.1, and a harness that
//! checks them needs a reference server that answers in 1.1. This is a translation layer, not a
//! second server: a 1.1 request body is rewritten into its 2.0 form ([`translate`], [`patch`]) and
//! then goes through the very normaliser, store, filter engine and projection that serve 2.0; a
//! stored resource is rendered in 2.0 form and rewritten into 1.1 on the way out. So a user created
//! through one version is the same record, with the same id and version, through the other.
//!
//! What differs, and where:
//! - schema URNs and the enterprise extension key, `meta` and `Location` URLs: [`translate`];
//! - PATCH as a partial resource (merge, `meta.attributes`, `"operation":"delete"`): [`patch`];
//! - the list shape and the 1.1 filter operators (no `ne`, `ew`, `not`, `[ ]`): `list`;
//! - `/ServiceProviderConfigs` (plural) and `/Schemas`: `discovery`;
//! - `{"Errors":[…]}` bodies and `application/json` on every answer, whichever layer produced it
//!   (auth, fallback, panic): [`errors`], a middleware around the whole application;
//! - DELETE answers 200 OK: `handlers`.

mod discovery;
pub mod errors;
mod handlers;
mod list;
pub mod patch;
pub mod translate;

use axum::Router;
use axum::routing::{MethodRouter, any, get};

use super::AppState;
use super::handlers::fallback;
use super::schema::ResourceKind;

/// The core schema URN of every SCIM 1.1 resource, users and groups alike; the 1.1 enterprise
/// extension; the media type of every SCIM 1.1 response.
pub use crate::protocol::urn::{
    SCIM11_CORE as CORE, SCIM11_ENTERPRISE as ENTERPRISE, SCIM11_JSON as JSON,
};

/// The base URLs of both versions, for rewriting `meta.location` and `Location`.
#[derive(Debug, Clone)]
pub struct Urls {
    /// `http://host:port/scim/v2`: the prefix of the URLs the store writes.
    pub v2: String,
    /// `http://host:port/scim/v1`.
    pub v1: String,
}

impl Urls {
    /// Derived from the store's base URL by swapping the 2.0 base path for the 1.1 one.
    pub fn of(state: &AppState) -> Urls {
        let v2 = state.store.base_url().trim_end_matches('/');
        let base_path = state.config.base_path.trim_end_matches('/');
        let origin = v2.strip_suffix(base_path).unwrap_or(v2);
        Urls {
            v2: v2.to_string(),
            v1: format!("{origin}{}", base_path_of(state).unwrap_or_default()),
        }
    }

    /// `url` as seen through 1.1: a 2.0 URL of this server gets the 1.1 base instead.
    pub fn to_v1(&self, url: &str) -> String {
        match url.strip_prefix(&self.v2) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("{}{rest}", self.v1),
            _ => url.to_string(),
        }
    }
}

/// The 1.1 base path without a trailing slash, when 1.1 is served at all. A path equal to the 2.0
/// one (or empty) would shadow 2.0, so it disables 1.1 instead.
pub fn base_path_of(state: &AppState) -> Option<String> {
    let v1 = state.config.v1_base_path.as_deref()?.trim_end_matches('/');
    let v2 = state.config.base_path.trim_end_matches('/');
    (!v1.is_empty() && v1 != v2).then(|| v1.to_string())
}

/// Binds 405 with an error body to every method a route does not serve.
fn methods(router: MethodRouter<AppState>) -> MethodRouter<AppState> {
    router.fallback(fallback::method_not_allowed)
}

fn with_resource_routes(router: Router<AppState>, kind: ResourceKind) -> Router<AppState> {
    let endpoint = kind.endpoint();
    router
        .route(
            endpoint,
            methods(
                get(move |s, q| list::list(kind, s, q))
                    .post(move |s, q, h, b| handlers::create(kind, s, q, h, b)),
            ),
        )
        .route(
            &format!("{endpoint}/{{id}}"),
            methods(
                get(move |s, p, q| handlers::get(kind, s, p, q))
                    .put(move |s, p, q, h, b| handlers::replace(kind, s, p, q, h, b))
                    .patch(move |s, p, q, h, b| handlers::modify(kind, s, p, q, h, b))
                    .delete(move |s, p, h| handlers::delete(kind, s, p, h)),
            ),
        )
}

/// The SCIM 1.1 routes, relative to the 1.1 base path. There is no `/ResourceTypes`, `/Me` or
/// `.search` in 1.1: those paths fall through to 404.
pub fn routes() -> Router<AppState> {
    with_resource_routes(
        with_resource_routes(Router::new(), ResourceKind::User),
        ResourceKind::Group,
    )
    .route(
        "/ServiceProviderConfigs",
        methods(get(discovery::service_provider_configs)),
    )
    .route("/Schemas", methods(get(discovery::schemas)))
    .route("/Schemas/{id}", methods(get(discovery::schema)))
    .route("/Bulk", any(fallback::not_implemented))
}
