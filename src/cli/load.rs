//! `scimulate load`: an IdP-shaped mass assignment against a target (the bundled reference
//! server in-process when none is given), its latency per request kind, and the import check
//! that proves nothing was lost (`crate::load`). Exit 0 when every check and gate passed, 1
//! when one failed (`exit_code::LOAD_CHECK_FAILED`).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Args;

use crate::cli::error::CliError;
use crate::load::{self, Gates, LoadIdp, LoadPlan};
use crate::protocol::{EntraPatch, Idp};
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
    /// Whose traffic to send: Okta's request shapes and headers, or Entra's.
    #[arg(long, value_enum, value_name = "okta|entra", default_value = "okta")]
    pub idp: Idp,
    /// Which of Entra's PATCH behaviours `--idp entra` sends.
    #[arg(long, value_enum, value_name = "legacy|flag", default_value = "legacy")]
    pub entra_patch: EntraPatch,
    /// Users to provision.
    #[arg(long, default_value_t = 10_000)]
    pub users: usize,
    /// Groups to push, the users dealt round them as members (0: no group push).
    #[arg(long, default_value_t = 10)]
    pub groups: usize,
    /// Requests in flight at once (closed loop: each of C workers sends its next job when the
    /// last is answered).
    #[arg(long, default_value_t = 16)]
    pub concurrency: usize,
    /// Open loop: start R jobs a second in every phase (a user's requests, or one read in the
    /// steady phase) however slow the answers, so a slow server shows as latency.
    #[arg(long, value_name = "R")]
    pub rate: Option<f64>,
    /// A steady-state phase of user reads this long, after the import (`30s`, `2m`, `1.5`).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub duration: Option<Duration>,
    /// Gate: fail when any request kind's p99 latency is above MS milliseconds.
    #[arg(long, value_name = "MS", help_heading = "Gates")]
    pub max_p99: Option<f64>,
    /// Gate: fail when more than this share of requests failed after retries (`0.001` or `0.1%`).
    #[arg(long, value_name = "RATE", value_parser = parse_rate, help_heading = "Gates")]
    pub max_error_rate: Option<f64>,
    /// Gate: fail when fewer than this many requests a second were answered over the run.
    #[arg(long, value_name = "RPS", help_heading = "Gates")]
    pub min_throughput: Option<f64>,
    /// Seconds to wait for an answer before a request counts as unanswered (and is retried).
    #[arg(long, default_value_t = 30.0)]
    pub timeout: f64,
    /// Leave the users on the target (they are deleted at the end otherwise).
    #[arg(long)]
    pub keep: bool,
    /// Write the run as JSON (docs/load-json.md).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write JUnit XML: one testcase per check and per gate.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Write a self-contained HTML report (latency over time and a histogram, inline SVG).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
}

/// `30s`, `2m`, `500ms`, or plain seconds.
fn parse_duration(value: &str) -> Result<Duration, String> {
    let value = value.trim();
    let (number, unit) = match value.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => value.split_at(i),
        None => (value, "s"),
    };
    let n: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{value}` is not a duration (e.g. 30s, 2m, 500ms)"))?;
    let seconds = match unit {
        "ms" => n / 1000.0,
        "s" => n,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        _ => return Err(format!("`{unit}` is not a unit: use ms, s, m or h")),
    };
    if !(seconds.is_finite() && seconds > 0.0) {
        return Err("the duration must be positive".into());
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// A share: `0.001`, or a percentage, `0.1%`.
fn parse_rate(value: &str) -> Result<f64, String> {
    let (number, scale) = match value.trim().strip_suffix('%') {
        Some(n) => (n, 100.0),
        None => (value.trim(), 1.0),
    };
    let rate = number
        .trim()
        .parse::<f64>()
        .map_err(|_| format!("`{value}` is not a share (e.g. 0.001 or 0.1%)"))?
        / scale;
    if (0.0..=1.0).contains(&rate) {
        Ok(rate)
    } else {
        Err("the share must be between 0 and 1 (0% and 100%)".into())
    }
}

/// A report writer: the outcome as a file's text.
type Writer = fn(&load::LoadOutcome) -> String;

pub async fn load(args: LoadArgs) -> Result<(), CliError> {
    if args.users == 0 || args.concurrency == 0 {
        return Err(CliError::Usage(
            "--users and --concurrency must be at least 1".into(),
        ));
    }
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        return Err(CliError::Usage("--timeout must be positive".into()));
    }
    if args.rate.is_some_and(|r| !(r.is_finite() && r > 0.0)) {
        return Err(CliError::Usage("--rate must be positive".into()));
    }
    for (flag, value) in [
        ("--max-p99", args.max_p99),
        ("--min-throughput", args.min_throughput),
    ] {
        if value.is_some_and(|v| !(v.is_finite() && v >= 0.0)) {
            return Err(CliError::Usage(format!(
                "{flag} must be a number of at least 0"
            )));
        }
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
        idp: match args.idp {
            Idp::Okta => LoadIdp::Okta,
            Idp::Entra => LoadIdp::Entra(args.entra_patch),
        },
        users: args.users,
        groups: args.groups,
        concurrency: args.concurrency,
        rate: args.rate,
        steady: args.duration,
        gates: Gates {
            max_p99_ms: args.max_p99,
            max_error_rate: args.max_error_rate,
            min_throughput: args.min_throughput,
        },
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
    let outputs: [(&Option<PathBuf>, Writer); 3] = [
        (&args.json, report::load::json),
        (&args.junit, report::load::junit),
        (&args.html, report::load::html),
    ];
    for (path, write) in outputs {
        if let Some(path) = path {
            std::fs::write(path, write(&outcome))
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_shares_read_as_written() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1.5"), Ok(Duration::from_millis(1500)));
        assert!(parse_duration("0s").is_err() && parse_duration("3 days").is_err());
        assert_eq!(parse_rate("0.1%"), Ok(0.001));
        assert_eq!(parse_rate("0.25"), Ok(0.25));
        assert!(parse_rate("150%").is_err() && parse_rate("x").is_err());
    }
}
