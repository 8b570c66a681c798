//! `scimulate bench --suite`: the whole bundled scenario suite against the in-process server,
//! run back to back: wall time, requests sent, and the harness's own time per request (wall time
//! minus the time spent waiting for responses, divided by the requests).

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::runner::identity;
use crate::runner::outcome::Verdict;
use crate::runner::scenario_run::{RunSettings, run_scenario};
use crate::runner::target::{ClientOptions, Target};
use crate::scenario;
use crate::server::BundledServer;
use crate::server::{Credentials, ServerConfig};

pub async fn bench_suite(scenarios: &Path, repeat: usize) -> anyhow::Result<()> {
    let fixtures = scenarios
        .parent()
        .map(|p| p.join("fixtures"))
        .unwrap_or_else(|| "fixtures".into());
    let loaded =
        scenario::load_dir(scenarios, &fixtures).map_err(|e| anyhow::anyhow!("{}", e.render()))?;
    let token = "scimulate-bench".to_string();
    let config = ServerConfig {
        credentials: Credentials {
            bearer: Some(token.clone()),
            basic: None,
        },
        ..ServerConfig::default()
    };
    let server = BundledServer::start(config)
        .await
        .context("cannot start the bundled server")?;
    let options = ClientOptions {
        timeout: Duration::from_secs(30),
        insecure: false,
    };
    let target = Target::new(&server.base_url, Some(format!("Bearer {token}")), &options)?;
    let settings = RunSettings {
        seed: 1,
        run_tag: identity::random_run_tag(),
        keep: false,
        bless: false,
        okta_mode: crate::protocol::OktaMode::default(),
        entra_patch: crate::protocol::EntraPatch::default(),
        unassign: crate::protocol::Unassign::default(),
        dialect: crate::protocol::Dialect::default(),
        deny_warnings: false,
        advertised: Default::default(),
    };

    let (mut requests, mut waiting, mut failed) = (0usize, Duration::ZERO, 0usize);
    let started = Instant::now();
    for _ in 0..repeat {
        for s in &loaded {
            let (outcome, _) = run_scenario(s, &target, &settings).await;
            failed += usize::from(outcome.verdict == Verdict::Failed);
            requests += outcome.requests_sent();
            waiting += outcome
                .steps
                .iter()
                .flat_map(|st| &st.exchanges)
                .filter_map(|e| e.response.as_ref().ok())
                .map(|r| r.elapsed)
                .sum::<Duration>();
            // The cleanup's deletes are requests too: the target's time answering them is not
            // the harness's (they were counted as harness time before).
            waiting += outcome.cleanup.iter().map(|c| c.waited).sum::<Duration>();
        }
    }
    let wall = started.elapsed();
    let harness = wall.saturating_sub(waiting);
    println!(
        "bundled suite x{repeat}: {} scenarios per pass, {requests} requests, {failed} failed scenarios",
        loaded.len()
    );
    println!(
        "wall time {:.1} ms ({:.2} ms per pass); waiting for responses {:.1} ms; harness's own time {:.1} µs per request",
        wall.as_secs_f64() * 1000.0,
        wall.as_secs_f64() * 1000.0 / repeat as f64,
        waiting.as_secs_f64() * 1000.0,
        harness.as_secs_f64() * 1e6 / requests.max(1) as f64
    );
    anyhow::ensure!(
        failed == 0,
        "{failed} scenario runs failed against the bundled server"
    );
    Ok(())
}
