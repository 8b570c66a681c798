//! `scimulate bench`: requests/second of the reference server for reads by id, creates and
//! `userName eq` filters, at two store sizes, and its resident memory.
//!
//! The server runs in-process on `127.0.0.1:0` without its access log; the load comes from a
//! minimal keep-alive HTTP/1.1 client (`load`) so that the client's own cost stays small next to
//! the server's on a 2-core machine. Users are preloaded straight into the store (the POST figure
//! is measured separately, over HTTP).

mod load;
mod soak;

pub use soak::SoakFailed;

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use serde_json::json;
use tokio::net::TcpListener;

use crate::cli::error::CliError;
use crate::server::resource::normalize::normalize;
use crate::server::schema::{REGISTRY, ResourceKind};
use crate::server::{AppState, ServerConfig, run};

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Store sizes to measure at.
    #[arg(long, value_delimiter = ',', default_value = "1000,100000")]
    pub users: Vec<usize>,
    /// Concurrent keep-alive connections.
    #[arg(long, default_value_t = 16)]
    pub connections: usize,
    /// Seconds per measurement (default 3); with --soak, the soak's length (default 60).
    #[arg(long)]
    pub seconds: Option<f64>,
    /// Instead of the server figures, run the bundled scenario suite from this directory
    /// back to back against the in-process server and report the harness's own cost.
    #[arg(long, value_name = "SCENARIOS_DIR", num_args = 0..=1, default_missing_value = "scenarios")]
    pub suite: Option<std::path::PathBuf>,
    /// With --suite: how many passes over the suite.
    #[arg(long, default_value_t = 20)]
    pub repeat: usize,
    /// Internal: load this many users into a fresh store, print the resident memory, exit.
    /// The benchmark runs itself with it so each memory figure comes from a clean process.
    #[arg(long, hide = true)]
    pub memory_probe: Option<usize>,
    /// Instead of the throughput figures, soak the store: concurrent mixed writes, then
    /// consistency and memory checks (see the README's "Soak").
    #[arg(long)]
    pub soak: bool,
    /// With --soak: concurrent clients.
    #[arg(long, default_value_t = 16, requires = "soak")]
    pub clients: usize,
    /// With --soak: load-check-delete rounds on one server (the memory check compares them).
    #[arg(long, default_value_t = 2, requires = "soak")]
    pub rounds: usize,
    /// With --soak: the seed of the operation mix (printed when not given).
    #[arg(long, requires = "soak")]
    pub seed: Option<u64>,
    /// With --soak: soak this SCIM base URL instead of a fresh reference server.
    #[arg(long, value_name = "URL", requires = "soak")]
    pub target: Option<String>,
    /// With --soak and --target: the bearer token.
    #[arg(
        long,
        env = "SCIMULATE_BEARER",
        hide_env_values = true,
        requires = "target"
    )]
    pub bearer: Option<String>,
}

/// An Okta-shaped user, as Okta's "assign" sends it.
fn user_body(i: usize, tag: &str) -> serde_json::Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": format!("user{i}.{tag}@example.com"),
        "name": {"givenName": format!("Given{i}"), "familyName": format!("Family{i}")},
        "emails": [{"primary": true, "value": format!("user{i}.{tag}@example.com"), "type": "work"}],
        "displayName": format!("Given{i} Family{i}"),
        "locale": "en-US",
        "externalId": format!("00u{i:017}"),
        "groups": [],
        "password": "not-stored-1!",
        "active": true
    })
}

struct Row {
    users: usize,
    get: f64,
    post: f64,
    filter: f64,
}

pub async fn bench(args: BenchArgs) -> Result<(), CliError> {
    if let Some(dir) = &args.suite {
        return Ok(super::bench_suite::bench_suite(dir, args.repeat.max(1)).await?);
    }
    if args.soak {
        return soak::soak(soak::SoakOptions {
            clients: args.clients,
            seconds: args.seconds.unwrap_or(60.0),
            rounds: args.rounds,
            seed: args.seed,
            target: args.target,
            bearer: args.bearer,
        })
        .await;
    }
    Ok(measure_server(args).await?)
}

/// The server's figures: requests per second at two store sizes, and memory.
async fn measure_server(args: BenchArgs) -> anyhow::Result<()> {
    if let Some(n) = args.memory_probe {
        let before = resident_bytes().unwrap_or(0);
        let state = AppState::new(ServerConfig::default(), "http://127.0.0.1:1/scim/v2");
        preload(&state, n)?;
        let after = resident_bytes().unwrap_or(0);
        println!("{before} {after}");
        return Ok(());
    }
    let seconds = args.seconds.unwrap_or(3.0);
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!(
        "scimulate bench: {cores} cores, {} connections, {}s per measurement, in-process server over loopback",
        args.connections, seconds
    );
    let duration = Duration::from_secs_f64(seconds);
    let mut rows = Vec::new();
    let mut memory = Vec::new();
    for &n in &args.users {
        memory.push((n, memory_probe(n)?));
        let (addr, state, stop) = start_server().await?;
        let ids = preload(&state, n)?;
        let path = state.config.base_path.clone();
        let ids = std::sync::Arc::new(ids);

        let (p, ids_for_get) = (path.clone(), ids.clone());
        let get = load::measure(addr, args.connections, duration, move |i| {
            let ids = &ids_for_get;
            let path = &p;
            let id = &ids[(i.wrapping_mul(2_654_435_761) as usize) % ids.len()];
            load::get(&format!("{path}/Users/{id}"))
        })
        .await?;
        let p = path.clone();
        let filter = load::measure(addr, args.connections, duration, move |i| {
            let path = &p;
            let k = (i.wrapping_mul(2_654_435_761) as usize) % n;
            let q = format!(
                "filter=userName%20eq%20%22user{k}.bench%40example.com%22&startIndex=1&count=100"
            );
            load::get(&format!("{path}/Users?{q}"))
        })
        .await?;
        let p = path.clone();
        let post = load::measure(addr, args.connections, duration, move |i| {
            let path = &p;
            load::post(
                &format!("{path}/Users"),
                &user_body(n + i as usize, "post").to_string(),
            )
        })
        .await?;
        for (name, m) in [("GET by id", &get), ("filter", &filter), ("POST", &post)] {
            anyhow::ensure!(
                m.errors == 0,
                "{name}: {} unexpected responses (first status {:?})",
                m.errors,
                m.first_bad_status
            );
        }
        rows.push(Row {
            users: n,
            get: get.per_second(),
            post: post.per_second(),
            filter: filter.per_second(),
        });
        let _ = stop.send(());
    }

    println!();
    println!(
        "{:>8} | {:>16} | {:>12} | {:>26}",
        "users", "GET /Users/{id}", "POST /Users", "GET ?filter=userName eq"
    );
    println!("{:-<8}-+-{:-<16}-+-{:-<12}-+-{:-<26}", "", "", "", "");
    for r in &rows {
        println!(
            "{:>8} | {:>12.0} r/s | {:>8.0} r/s | {:>22.0} r/s",
            r.users, r.get, r.post, r.filter
        );
    }
    if let (Some(small), Some(large)) = (rows.first(), rows.last())
        && rows.len() > 1
    {
        println!(
            "filter cost at {} users relative to {} users: {:.2}x (time per request)",
            large.users,
            small.users,
            small.filter / large.filter
        );
    }
    for (n, (before, loaded)) in memory {
        println!(
            "resident memory (fresh process): {:.0} MB empty, {:.0} MB with {n} users stored",
            mb(before),
            mb(loaded)
        );
    }
    Ok(())
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

async fn start_server() -> anyhow::Result<(SocketAddr, AppState, tokio::sync::oneshot::Sender<()>)>
{
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .context("cannot bind 127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let config = ServerConfig::default();
    let state = AppState::new(
        config.clone(),
        &format!("http://{addr}{}", config.base_path),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = state.clone();
    tokio::spawn(async move {
        let _ = run(listener, served, async {
            let _ = stopped.await;
        })
        .await;
    });
    Ok((addr, state, stop))
}

fn preload(state: &AppState, n: usize) -> anyhow::Result<Vec<String>> {
    let rt = REGISTRY.get(ResourceKind::User);
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let content =
            normalize(rt, user_body(i, "bench"), true).map_err(|e| anyhow::anyhow!("{e}"))?;
        let record = state
            .store
            .create(ResourceKind::User, content)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        ids.push(record.id.to_string());
    }
    Ok(ids)
}

/// Runs `scimulate bench --memory-probe n` and reads its two figures (bytes before, after).
fn memory_probe(n: usize) -> anyhow::Result<(u64, u64)> {
    let exe = std::env::current_exe().context("cannot find the scimulate executable")?;
    let output = std::process::Command::new(exe)
        .args(["bench", "--memory-probe", &n.to_string()])
        .output()
        .context("cannot run the memory probe")?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut figures = text
        .split_whitespace()
        .filter_map(|f| f.parse::<u64>().ok());
    match (figures.next(), figures.next()) {
        (Some(before), Some(after)) => Ok((before, after)),
        _ => anyhow::bail!("the memory probe printed {text:?}"),
    }
}

/// VmRSS of this process, where `/proc` tells it.
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
