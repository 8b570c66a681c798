//! The pieces of a run at library level: scenarios loaded, the bundled reference server, a
//! target presenting a token, and the run settings.

use std::path::Path;
use std::time::Duration;

use scimulate::runner::scenario_run::RunSettings;
use scimulate::runner::target::{ClientOptions, Target};
use scimulate::scenario::{LoadedScenario, load_dir};
use scimulate::server::{BundledServer, Credentials, ServerConfig};

/// Every scenario under `scenarios` with the fixtures of `fixtures`; panics with the rendered
/// errors if any does not load.
pub fn load(scenarios: impl AsRef<Path>, fixtures: impl AsRef<Path>) -> Vec<LoadedScenario> {
    let scenarios = scenarios.as_ref();
    load_dir(scenarios, fixtures.as_ref()).unwrap_or_else(|errors| {
        panic!(
            "{} does not load:\n{}",
            scenarios.display(),
            errors.render()
        )
    })
}

/// The reference server's defaults, accepting `Bearer {token}` only.
pub fn bearer_config(token: &str) -> ServerConfig {
    ServerConfig {
        credentials: Credentials {
            bearer: Some(token.into()),
            basic: None,
        },
        ..ServerConfig::default()
    }
}

/// The bundled reference server on a loopback port, accepting `Bearer {token}`, until dropped.
pub async fn bundled(token: &str) -> BundledServer {
    BundledServer::start(bearer_config(token))
        .await
        .expect("the bundled server starts")
}

/// A target at `base_url` presenting `authorization`, with a per-request `timeout`.
pub fn target(base_url: &str, authorization: &str, timeout: Duration) -> Target {
    let options = ClientOptions {
        timeout,
        insecure: false,
    };
    Target::new(base_url, Some(authorization.into()), &options).expect("a valid target")
}

/// The settings of a plain run: seed 7, `run_tag`, nothing kept or blessed, the default Okta
/// mode and dialect, warnings as warnings, every feature taken as advertised.
pub fn settings(run_tag: &str) -> RunSettings {
    RunSettings {
        seed: 7,
        run_tag: run_tag.into(),
        keep: false,
        bless: false,
        okta_mode: Default::default(),
        entra_patch: Default::default(),
        dialect: Default::default(),
        deny_warnings: false,
        advertised: Default::default(),
        unassign: Default::default(),
    }
}

/// A loopback port nothing listens on: bound, then released.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("an address").port()
}
