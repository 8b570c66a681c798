//! Running the bundled suite against one server configuration: every scenario against a fresh
//! in-process server of its own, so that no scenario sees another's users and the set of
//! failures is the same on every run.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use scimulate::protocol::EntraPatch;
use scimulate::runner::outcome::{ScenarioOutcome, Verdict};
use scimulate::runner::scenario_run::run_scenario;
use scimulate::scenario::LoadedScenario;
use scimulate::server::{AppState, ServerConfig};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, oneshot};

use crate::common;

/// The bearer token the servers accept and the targets present.
pub const TOKEN: &str = "matrix-token";

/// A configuration accepting [`TOKEN`], otherwise the defaults.
pub fn config() -> ServerConfig {
    common::bearer_config(TOKEN)
}

/// The bundled suite, in id order.
pub fn suite() -> Vec<LoadedScenario> {
    let mut loaded = common::load("scenarios", "fixtures");
    loaded.sort_by(|a, b| a.id.cmp(&b.id));
    loaded
}

/// How one scenario ended: `None` when it passed, else its first failure as text.
pub type Results = BTreeMap<String, Option<String>>;

/// A run of the suite: each scenario's result, and the warnings of those that passed with some
/// (their messages, one per line).
pub struct SuiteRun {
    pub results: Results,
    pub warned: BTreeMap<String, String>,
}

impl SuiteRun {
    /// This run with `other`'s scenarios added.
    pub fn merge(mut self, other: SuiteRun) -> SuiteRun {
        self.results.extend(other.results);
        self.warned.extend(other.warned);
        self
    }
}

/// The suffix of an Entra scenario's id in its run with `--entra-patch flag`
/// (`entra::flows::update_attributes@flag`): some bugs meet only what Entra sends with the
/// aadOptscim062020 flag (the dotted keys of a path-less replace), others only what it sends
/// without it.
pub const FLAG: &str = "@flag";

/// The ids of the runs [`run_both_entra_modes`] makes: every scenario, then each `entra::`
/// scenario again with [`FLAG`].
pub fn run_ids(suite: &[LoadedScenario]) -> Vec<String> {
    let mut ids: Vec<String> = suite.iter().map(|l| l.id.clone()).collect();
    ids.extend(
        suite
            .iter()
            .filter(|l| is_entra(l))
            .map(|l| format!("{}{FLAG}", l.id)),
    );
    ids
}

fn is_entra(loaded: &LoadedScenario) -> bool {
    loaded.id.starts_with("entra::")
}

/// [`run_suite`] (Entra's steps in the default `legacy` mode), then the `entra::` scenarios
/// again with `--entra-patch flag`, their ids suffixed with [`FLAG`].
pub async fn run_both_entra_modes(
    suite: &Arc<Vec<LoadedScenario>>,
    config: &ServerConfig,
    wrap: fn(Router) -> Router,
    timeout: Duration,
) -> SuiteRun {
    let legacy = run_suite(suite, config, wrap, timeout).await;
    let flag = run_suite_in(suite, config, wrap, timeout, EntraPatch::Flag).await;
    legacy.merge(flag)
}

/// A passed scenario's warnings, one per line (`None` when it had none or did not pass).
pub fn warning_text(outcome: &ScenarioOutcome) -> Option<String> {
    if outcome.verdict != Verdict::Passed {
        return None;
    }
    let lines: Vec<String> = outcome
        .warnings()
        .map(|(step, w)| format!("{}: {}", step.name, w.message))
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// A server built by `wrap` around the reference app, on `127.0.0.1:0`, until dropped.
struct Running {
    base_url: String,
    _stop: oneshot::Sender<()>,
}

async fn start(config: ServerConfig, wrap: fn(Router) -> Router) -> Running {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("an address");
    let base_url = format!("http://{addr}{}", config.base_path);
    let app = wrap(scimulate::server::app(AppState::new(config, &base_url)));
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
    });
    Running {
        base_url,
        _stop: stop,
    }
}

/// The failures of a failed scenario's first failing step (messages and diffs), as one text.
pub fn failure_text(outcome: &ScenarioOutcome) -> Option<String> {
    if outcome.verdict == Verdict::Passed {
        return None;
    }
    let Some(step) = outcome.steps.iter().find(|s| !s.failures.is_empty()) else {
        return Some(format!("{:?}", outcome.verdict));
    };
    let failures: Vec<String> = step
        .failures
        .iter()
        .map(|f| {
            format!(
                "{}\n{}",
                f.message,
                f.diff.as_ref().map(ToString::to_string).unwrap_or_default()
            )
        })
        .collect();
    Some(format!("{}: {}", step.name, failures.join("\n")))
}

/// Runs every scenario of `suite`, each against its own server built from `config` and
/// wrapped by `wrap`, with `timeout` per request.
pub async fn run_suite(
    suite: &Arc<Vec<LoadedScenario>>,
    config: &ServerConfig,
    wrap: fn(Router) -> Router,
    timeout: Duration,
) -> SuiteRun {
    run_suite_in(suite, config, wrap, timeout, EntraPatch::Legacy).await
}

/// [`run_suite`] with Entra's PATCH behaviour `entra`; with `flag`, only the `entra::`
/// scenarios run, their ids suffixed with [`FLAG`].
async fn run_suite_in(
    suite: &Arc<Vec<LoadedScenario>>,
    config: &ServerConfig,
    wrap: fn(Router) -> Router,
    timeout: Duration,
    entra: EntraPatch,
) -> SuiteRun {
    let limit = Arc::new(Semaphore::new(12));
    let mut tasks = Vec::new();
    for index in 0..suite.len() {
        if entra == EntraPatch::Flag && !is_entra(&suite[index]) {
            continue;
        }
        let (suite, config, limit) = (Arc::clone(suite), config.clone(), Arc::clone(&limit));
        tasks.push(tokio::spawn(async move {
            let _permit = limit.acquire_owned().await.expect("the semaphore is open");
            let loaded = &suite[index];
            let server = start(config, wrap).await;
            let target = common::target(&server.base_url, &format!("Bearer {TOKEN}"), timeout);
            let mut settings = common::settings("qu1rk0");
            settings.entra_patch = entra;
            let (outcome, _) = run_scenario(loaded, &target, &settings).await;
            let id = match entra {
                EntraPatch::Legacy => loaded.id.clone(),
                EntraPatch::Flag => format!("{}{FLAG}", loaded.id),
            };
            (id, failure_text(&outcome), warning_text(&outcome))
        }));
    }
    let mut results = Results::new();
    let mut warned = BTreeMap::new();
    for task in tasks {
        let (id, failure, warnings) = task.await.expect("a scenario task does not panic");
        if let Some(warnings) = warnings {
            warned.insert(id.clone(), warnings);
        }
        results.insert(id, failure);
    }
    SuiteRun { results, warned }
}

/// The ids of the scenarios that failed.
pub fn failing(results: &Results) -> Vec<String> {
    results
        .iter()
        .filter(|(_, f)| f.is_some())
        .map(|(id, _)| id.clone())
        .collect()
}

/// The router as it is.
pub fn unchanged(router: Router) -> Router {
    router
}
