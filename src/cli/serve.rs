//! `scimulate serve`: the reference server as a process.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use tokio::net::TcpListener;

use crate::cli::error::CliError;
use crate::server::behave::Behaviour;
use crate::server::quirks::{self, Quirk, Quirks};
use crate::server::{AppState, Credentials, ServerConfig, config, run};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (the base URL printed first shows it).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Accept `Authorization: Bearer TOKEN`.
    #[arg(long, env = "SCIMULATE_SERVE_BEARER", hide_env_values = true)]
    pub bearer: Option<String>,
    /// Accept `Authorization: Basic` with USER:PASSWORD.
    #[arg(
        long,
        value_name = "USER:PASSWORD",
        env = "SCIMULATE_SERVE_BASIC",
        hide_env_values = true,
        value_parser = parse_user_password
    )]
    pub basic: Option<(String, String)>,
    /// The URL clients reach the server at, if not `http://LISTEN` (behind a proxy, or when
    /// listening on 0.0.0.0). Resource locations are built from it.
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
    /// Do not log one line per request.
    #[arg(long)]
    pub quiet: bool,
    /// Reproduce a bug real SCIM servers have shipped (repeatable); `--quirk list` shows them.
    #[arg(long = "quirk", value_name = "NAME", value_parser = parse_quirk_name)]
    pub quirks: Vec<String>,
    /// The delay of `--quirk slow`, in milliseconds.
    #[arg(long, value_name = "N", default_value_t = 2000)]
    pub quirk_latency_ms: u64,
    /// How long a client may take to send a request head, in milliseconds; a late head gets 408
    /// (or, if it never started, a close).
    #[arg(long, value_name = "MS", default_value_t = config::HEADER_READ_TIMEOUT.as_millis() as u64, value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout_ms: u64,
    /// How long a client may take to send a whole request body, in milliseconds; 408 beyond.
    #[arg(long, value_name = "MS", default_value_t = config::BODY_READ_TIMEOUT.as_millis() as u64, value_parser = clap::value_parser!(u64).range(1..))]
    pub body_timeout_ms: u64,
    /// Act like a real provider that differs on purpose: `thousandeyes` (deactivation deletes,
    /// no groups, only displayName writable; needs `--basic EMAIL:API_TOKEN`).
    #[arg(long, value_enum, value_name = "PROVIDER")]
    pub behave: Option<Behaviour>,
}

/// A quirk name or `list`; anything else is a usage error (exit 2).
fn parse_quirk_name(value: &str) -> Result<String, String> {
    if value == "list" {
        return Ok(value.to_string());
    }
    value
        .parse::<Quirk>()
        .map(|q| q.name().to_string())
        .map_err(|e| e.to_string())
}

/// The quirks named on the command line; `None` when `list` was asked for (printed here).
fn quirks_of(args: &ServeArgs) -> anyhow::Result<Option<Quirks>> {
    if args.quirks.iter().any(|q| q == "list") {
        print!("{}", quirks::listing());
        return Ok(None);
    }
    let named = args
        .quirks
        .iter()
        .map(|q| q.parse::<Quirk>())
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(Quirks::new(named).with_latency(
        Duration::from_millis(args.quirk_latency_ms),
    )))
}

/// Parses `USER:PASSWORD` (the password may contain `:`); a bad value is a usage error (exit 2).
pub fn parse_user_password(value: &str) -> Result<(String, String), String> {
    match value.split_once(':') {
        Some((user, password)) if !user.is_empty() => Ok((user.to_string(), password.to_string())),
        _ => Err("expected USER:PASSWORD".to_string()),
    }
}

/// Why `args` cannot serve the chosen behaviour (a usage error), if so.
pub fn check_behaviour(args: &ServeArgs) -> Result<(), String> {
    match args.behave {
        Some(Behaviour::Thousandeyes) if !args.basic.as_ref().is_some_and(|(u, _)| u.contains('@')) => Err(
            "--behave thousandeyes authenticates like ThousandEyes: give --basic EMAIL:API_TOKEN (the user is an email)"
                .to_string(),
        ),
        _ => Ok(()),
    }
}

pub async fn serve(args: ServeArgs) -> Result<(), CliError> {
    check_behaviour(&args).map_err(CliError::Usage)?;
    Ok(run_server(args).await?)
}

async fn run_server(args: ServeArgs) -> anyhow::Result<()> {
    let Some(quirks) = quirks_of(&args)? else {
        return Ok(());
    };
    let credentials = Credentials {
        bearer: args.bearer,
        basic: args.basic,
    };
    let listener = TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let local = listener.local_addr()?;
    let config = ServerConfig {
        credentials,
        access_log: !args.quiet,
        quirks,
        behave: args.behave,
        header_read_timeout: Duration::from_millis(args.header_timeout_ms),
        body_read_timeout: Duration::from_millis(args.body_timeout_ms),
        ..ServerConfig::default()
    };
    let root = args.public_url.unwrap_or_else(|| format!("http://{local}"));
    let base_url = format!("{}{}", root.trim_end_matches('/'), config.base_path);
    say(&base_url);
    if let Some(v1) = config.v1_base_path.as_deref() {
        say(&format!("{}{v1}", root.trim_end_matches('/')));
    }
    for quirk in config.quirks.iter() {
        eprintln!("warning: quirk {quirk}: {}", quirk.description());
    }
    if config.credentials.is_open() {
        eprintln!(
            "warning: no --bearer or --basic given: every request is accepted without credentials"
        );
    }
    let state = AppState::new(config, &base_url);
    run(listener, state, shutdown_signal())
        .await
        .context("server failed")?;
    eprintln!("scimulate: server stopped");
    Ok(())
}

/// One line on stdout. A reader that closed the pipe (a script that read the base URL and went
/// away) must not take the server down, so write errors are ignored.
fn say(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
