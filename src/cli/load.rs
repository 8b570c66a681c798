//! `scimulate load`: an IdP-shaped mass assignment against a target (the bundled reference
//! server in-process when none is given), its latency per request kind, and the import check
//! that proves nothing was lost (`crate::load`). Exit 0 when every check passed, 1 when one
//! failed (`exit_code::LOAD_CHECK_FAILED`).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Args;

use crate::cli::error::CliError;
use crate::load::{self, LoadPlan};
use crate::report;
use crate::runner::identity::random_run_tag;
use crate::server::{BundledServer, Credentials, ServerConfig};

#[derive(Debug, Args)]
pub struct LoadArgs {
    /// The SCIM base URL to load; without it, the bundled reference server in-process.
    #[arg(long, env = "SCIMULATE_TARGET", value_name = "URL")]
    pub target: Option<String>,
    /// The bearer token for --target.
    #[arg(
        long,
        env = "SCIMULATE_BEARER",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub bearer: Option<String>,
    /// Users to provision.
    #[arg(long, default_value_t = 10_000)]
    pub users: usize,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 16)]
    pub concurrency: usize,
    /// Seconds to wait for an answer before a request counts as unanswered (and is retried).
    #[arg(long, default_value_t = 30.0)]
    pub timeout: f64,
    /// Leave the users on the target (they are deleted at the end otherwise).
    #[arg(long)]
    pub keep: bool,
    /// Write the run as JSON (docs/load-json.md).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

pub async fn load(args: LoadArgs) -> Result<(), CliError> {
    if args.users == 0 || args.concurrency == 0 {
        return Err(CliError::Usage(
            "--users and --concurrency must be at least 1".into(),
        ));
    }
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        return Err(CliError::Usage("--timeout must be positive".into()));
    }
    let token = format!("scimulate-load-{}", random_run_tag());
    let bundled = match &args.target {
        Some(_) => None,
        None => Some(
            BundledServer::start(ServerConfig {
                credentials: Credentials {
                    bearer: Some(token.clone()),
                    basic: None,
                },
                ..ServerConfig::default()
            })
            .await
            .context("cannot start the bundled server")?,
        ),
    };
    let (base_url, authorization) = match (&bundled, &args.target) {
        (Some(server), _) => (server.base_url.clone(), Some(format!("Bearer {token}"))),
        (None, Some(url)) => (
            url.clone(),
            args.bearer.as_ref().map(|t| format!("Bearer {t}")),
        ),
        (None, None) => unreachable!("a target or the bundled server"),
    };
    let plan = LoadPlan {
        base_url,
        authorization,
        users: args.users,
        concurrency: args.concurrency,
        run_tag: random_run_tag(),
        keep: args.keep,
        bundled: bundled.is_some(),
        timeout: Duration::from_secs_f64(args.timeout),
    };
    let bar = progress_bar();
    let progress = {
        let bar = bar.clone();
        move |phase: &str, done: usize, total: usize| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
            bar.set_message(phase.to_owned());
        }
    };
    let outcome = load::run(&plan, &progress)
        .await
        .map_err(|e| CliError::Runtime(e.into()))?;
    bar.finish_and_clear();
    println!("{}", report::load::text(&outcome));
    if let Some(path) = &args.json {
        std::fs::write(path, report::load::json(&outcome))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if outcome.passed() {
        Ok(())
    } else {
        Err(CliError::LoadCheckFailed)
    }
}

/// On a terminal only: never in CI logs.
fn progress_bar() -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(0),
        indicatif::ProgressDrawTarget::stderr_with_hz(4),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} {msg} {pos}/{len} {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}
