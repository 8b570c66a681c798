//! `scimulate serve`: the reference server as a process.

use std::net::SocketAddr;

use anyhow::Context;
use clap::Args;
use tokio::net::TcpListener;

use crate::server::behave::Behaviour;
use crate::server::{AppState, Credentials, ServerConfig, run};

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
    /// Act like a real provider that differs on purpose: `thousandeyes` (deactivation deletes,
    /// no groups, only displayName writable; needs `--basic EMAIL:API_TOKEN`).
    #[arg(long, value_enum, value_name = "PROVIDER")]
    pub behave: Option<Behaviour>,
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

pub async fn serve(args: ServeArgs) -> anyhow::Result<()> {
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
        behave: args.behave,
        ..ServerConfig::default()
    };
    let root = args.public_url.unwrap_or_else(|| format!("http://{local}"));
    let base_url = format!("{}{}", root.trim_end_matches('/'), config.base_path);
    println!("{base_url}");
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
