//! The router, its shared state, and serving it on a listener until shutdown.

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::middleware;
use axum::routing::{MethodRouter, any, get, post};
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;

use super::config::ServerConfig;
use super::discovery::Features;
use super::handlers::{discovery, fallback, resources, root_search};
use super::layer::WrapLayer;
use super::schema::ResourceKind;
use super::store::Store;
use super::{access_log, auth, behave, bulk, limits, listen, plain_errors, quirks, reclaim, v1};

/// What every handler shares: configuration and the store.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<ServerConfig>,
    pub store: Arc<Store>,
}

impl AppState {
    /// A fresh, empty server whose resources live under `base_url`
    /// (for example `http://127.0.0.1:8080/scim/v2`).
    pub fn new(config: ServerConfig, base_url: &str) -> Self {
        AppState {
            config: Arc::new(config),
            store: Arc::new(Store::new(base_url.trim_end_matches('/'))),
        }
    }

    /// What the ServiceProviderConfig advertises, derived from the configuration.
    pub fn features(&self) -> Features {
        Features {
            max_results: self.config.max_results,
            bearer: self.config.credentials.bearer.is_some(),
            basic: self.config.credentials.basic.is_some(),
            bulk_max_operations: self.config.max_bulk_operations,
            bulk_max_payload: self.config.max_body_bytes,
        }
    }
}

/// Binds 405 with a SCIM body to every method a route does not serve.
fn scim_methods(router: MethodRouter<AppState>) -> MethodRouter<AppState> {
    router.fallback(fallback::method_not_allowed)
}

/// `/Users` or `/Groups`, with `.search` and `/{id}`; every handler is bound to `kind`.
fn with_resource_routes(router: Router<AppState>, kind: ResourceKind) -> Router<AppState> {
    let endpoint = kind.endpoint();
    router
        .route(
            endpoint,
            scim_methods(
                get(move |s, q| resources::list(kind, s, q))
                    .post(move |s, q, h, b| resources::create(kind, s, q, h, b)),
            ),
        )
        .route(
            &format!("{endpoint}/.search"),
            scim_methods(post(move |s, h, b| resources::search(kind, s, h, b))),
        )
        .route(
            &format!("{endpoint}/{{id}}"),
            scim_methods(
                get(move |s, p, q, h| resources::get(kind, s, p, q, h))
                    .put(move |s, p, q, h, b| resources::replace(kind, s, p, q, h, b))
                    .patch(move |s, p, q, h, b| resources::modify(kind, s, p, q, h, b))
                    .delete(move |s, p, h| resources::delete(kind, s, p, h)),
            ),
        )
}

/// The whole application: SCIM 2.0 at `config.base_path`, SCIM 1.1 at `config.v1_base_path`.
pub fn app(state: AppState) -> Router {
    let scim = with_resource_routes(
        with_resource_routes(Router::new(), ResourceKind::User),
        ResourceKind::Group,
    )
    .route(
        "/ServiceProviderConfig",
        scim_methods(get(discovery::service_provider_config)),
    )
    .route(
        "/ResourceTypes",
        scim_methods(get(discovery::resource_types)),
    )
    .route(
        "/ResourceTypes/{name}",
        scim_methods(get(discovery::resource_type)),
    )
    // A search across every resource type (RFC 7644 §3.4.3).
    .route("/.search", scim_methods(post(root_search::search)))
    .route("/Schemas", scim_methods(get(discovery::schemas)))
    .route("/Schemas/{id}", scim_methods(get(discovery::schema)))
    .route("/Me", any(fallback::not_implemented))
    .route("/Bulk", scim_methods(post(bulk::bulk)));
    let base = state.config.base_path.trim_end_matches('/').to_string();
    let router = if base.is_empty() {
        scim
    } else {
        Router::new().nest(&base, scim)
    };
    // SCIM 1.1 over the same store; `v1::errors::adapt` gives its answers the 1.1 error body and
    // media type whichever layer produced them, so it wraps auth and the panic catcher.
    let router = match v1::base_path_of(&state) {
        Some(v1_base) => router.nest(&v1_base, v1::routes()),
        None => router,
    };
    // The layers every request passes, outermost first, as one stack: `Router::layer` once per
    // layer would box and clone each layer's inner stack anew on every request, and our own
    // middleware is plain tower services (`layer`), not `from_fn` (issue 18). A layer
    // that would only pass the request through in this configuration (no access log, no quirks, no
    // behaviour, open credentials, no SCIM 1.1) is not mounted at all.
    let config = &state.config;
    let on = |yes: bool| yes.then_some(());
    let layers = ServiceBuilder::new()
        .option_layer(on(config.access_log).map(|()| WrapLayer(access_log::AccessLog)))
        // SCIM 1.1 answers get the 1.1 error body and media type whichever layer produced them, so
        // this wraps auth and the panic catcher.
        .option_layer(
            v1::base_path_of(&state).map(|base| WrapLayer(v1::errors::Adapt { base: base.into() })),
        )
        // Client garbage (unserved methods, targets and headers that are not UTF-8, bodies that
        // never end) is refused here, inside `v1::errors::adapt` so 1.1 gets its error shape.
        .layer(WrapLayer(limits::Check(state.clone())))
        // A bug must cost one request a 500 with a SCIM body, never the connection or the process.
        .layer(CatchPanicLayer::custom(fallback::panicked as fn(_) -> _))
        // Outside auth, so a quirk can accept a wrong token or strip a 401's headers.
        .option_layer(
            on(!config.quirks.is_empty())
                .map(|()| middleware::from_fn_with_state(state.clone(), quirks::apply)),
        )
        .option_layer(
            on(!config.credentials.is_open())
                .map(|()| WrapLayer(auth::RequireCredentials(state.clone()))),
        )
        .option_layer(
            on(config.behave.is_some())
                .map(|()| middleware::from_fn_with_state(state.clone(), behave::apply)),
        )
        // Extractor rejections (plain text) become SCIM errors right at the handlers, so that
        // every layer outside sees SCIM errors only: a quirk that strips an error's
        // Content-Type must stay stripped (1.1 rewrites them later, in `v1::errors::adapt`).
        .layer(WrapLayer(plain_errors::ToScim));
    router
        .fallback(fallback::not_found)
        .layer(layers)
        .with_state(state)
}

/// Serves `state` on `listener` until `shutdown` completes, then finishes in-flight requests.
/// Connections are held to the configured head limits and timeouts (`listen`); memory freed by
/// bulk deletes goes back to the system (`reclaim`).
pub async fn run(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let settings = listen::Settings::of(&state);
    let reclaimer = tokio::spawn(reclaim::watch(
        state.store.clone(),
        reclaim::INTERVAL,
        reclaim::trim,
    ));
    let served = listen::serve(listener, app(state), settings, shutdown).await;
    reclaimer.abort();
    // Every request is answered: its access-log line must not be lost with the process.
    let _ = tokio::task::spawn_blocking(access_log::flush).await;
    served
}
