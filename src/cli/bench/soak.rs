//! `scimulate bench --soak`: is the store still consistent after a minute of concurrent mixed
//! writes, and does its memory come back after everything is deleted?
//!
//! A command to run, not a CI test: it takes a minute and its figures depend on the machine. It
//! stays on loopback unless `--target` names another server. The phases: start the server (a child
//! process, so its memory is its own), run N clients on a seeded mix (`workload`) that record every
//! acknowledged outcome (`ledger`), list everything (`snapshot`) and check it (`consistency`),
//! delete everything; then the same again (`--rounds`, 2 by default) on the same server. After
//! each round's deletes the server's private memory must be back near the empty server's (see
//! `memory_verdict`), every round, so a slow leak drifts past the bound. Any failed check makes the
//! command exit with `exit_code::SOAK_INCONSISTENT`.

mod consistency;
mod http;
mod ledger;
mod mix;
mod snapshot;
mod target;
mod workload;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use reqwest::Method;

use crate::cli::error::CliError;
use crate::server::reclaim;

use consistency::Verdict;
use http::Http;
use mix::{Op, Tally};
use snapshot::{Snapshot, list_all};
use target::{Memory, Target};
use workload::Workload;

/// After each round's deletes, the server's private memory may exceed the empty server's by this
/// fraction of the growth under load (peak − start)…
const MEMORY_RETURN_FRACTION: f64 = 0.2;
/// …or by this many bytes, whichever is larger (what the allocator keeps of fragmented pages).
const MEMORY_SLACK_BYTES: u64 = 6 * 1024 * 1024;
/// How long to wait after the deletes before measuring: the reference server looks at its store
/// every `reclaim::INTERVAL` and returns freed pages once it has shrunk, so two looks and a
/// second for the trim itself (5 s).
const MEMORY_SETTLE: Duration = Duration::from_secs(2 * reclaim::INTERVAL.as_secs() + 1);

/// What `bench --soak` was asked for.
#[derive(Debug, Clone)]
pub struct SoakOptions {
    pub clients: usize,
    pub seconds: f64,
    /// Load-check-delete rounds on the same server; the memory check compares them.
    pub rounds: usize,
    pub seed: Option<u64>,
    pub target: Option<String>,
    pub bearer: Option<String>,
}

/// A soak whose checks failed (the command exits with `exit_code::SOAK_INCONSISTENT`).
#[derive(Debug, thiserror::Error)]
#[error("the soak failed {failed} of {total} checks")]
pub struct SoakFailed {
    pub failed: usize,
    pub total: usize,
}

/// Runs the soak: `Err(CliError::SoakInconsistent)` when a check failed.
pub async fn soak(options: SoakOptions) -> Result<(), CliError> {
    match run_soak(options).await {
        Ok(None) => Ok(()),
        Ok(Some(failed)) => Err(CliError::SoakInconsistent(failed.into())),
        Err(e) => Err(CliError::Runtime(e)),
    }
}

/// The soak itself: `Some` when checks failed.
async fn run_soak(options: SoakOptions) -> anyhow::Result<Option<SoakFailed>> {
    let seed = options.seed.unwrap_or_else(rand_seed);
    let clients = options.clients.max(1);
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let target = match &options.target {
        Some(url) => Target::external(url, options.bearer.clone()),
        None => Target::child().await?,
    };
    let http = Http::new(
        &target.base_url,
        target.bearer.as_deref(),
        options.target.is_none(),
    )?;
    let tag = format!("s{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    println!(
        "scimulate bench --soak: {clients} clients, {}s, seed {seed}, run tag {tag}, {cores} cores",
        options.seconds
    );
    match target.pid() {
        Some(pid) => println!(
            "target: reference server, child process {pid}, {}",
            target.base_url
        ),
        None => println!("target: {} (memory not measured)", target.base_url),
    }
    // One request first, so that the start figure includes what serving at all costs.
    http.get_json("/Users?count=1")
        .await
        .context("the target does not answer GET /Users")?;
    let start = target.memory();
    let round = Round {
        http: &http,
        tag: &tag,
        clients,
        seconds: options.seconds,
        whole_store: options.target.is_none(),
    };
    let mut verdicts = Vec::new();
    let mut memory = Vec::new();
    for n in 0..options.rounds.max(1) {
        println!();
        println!("round {}:", n + 1);
        let (round_verdicts, after_load, after_cleanup) =
            round.run(&target, seed.wrapping_add(n as u64)).await?;
        print_verdicts(&round_verdicts);
        verdicts.extend(round_verdicts);
        if let (Some(l), Some(c)) = (after_load, after_cleanup) {
            memory.push((l, c));
        }
    }
    if let Some(start) = start
        && !memory.is_empty()
    {
        let verdict = memory_verdict(start, &memory);
        print_verdicts(std::slice::from_ref(&verdict));
        verdicts.push(verdict);
    }
    target.stop().await;
    let failed = verdicts.iter().filter(|v| !v.passed()).count();
    if failed > 0 {
        return Ok(Some(SoakFailed {
            failed,
            total: verdicts.len(),
        }));
    }
    println!("soak passed: {} checks", verdicts.len());
    Ok(None)
}

/// One round: the load, the checks of the final state, deleting everything.
struct Round<'a> {
    http: &'a Http,
    tag: &'a str,
    clients: usize,
    seconds: f64,
    /// Delete the whole store afterwards (the bundled server), not only what carries the tag.
    whole_store: bool,
}

impl Round<'_> {
    /// Returns the verdicts and the server's memory after the load and after the cleanup.
    async fn run(
        &self,
        target: &Target,
        seed: u64,
    ) -> anyhow::Result<(Vec<Verdict>, Option<Memory>, Option<Memory>)> {
        let (tally, elapsed, ledger) =
            run_clients(self.http, self.tag, self.clients, self.seconds, seed).await;
        let after_load = target.memory();
        print_tally(&tally, elapsed);

        let snapshot = Snapshot::fetch(self.http)
            .await
            .context("cannot list the final state")?;
        println!(
            "final state: {} users, {} groups ({} creates had no clear answer)",
            snapshot.users.len(),
            snapshot.groups.len(),
            ledger.unknown_creates
        );
        let mut verdicts = consistency::check_all(&ledger, &snapshot);
        let total = tally.total();
        let mut errors = Vec::new();
        if total.errors > 0 {
            errors.push(format!("{} errors; the first ones:", total.errors));
            errors.extend(tally.first_errors.iter().cloned());
        }
        verdicts.push(Verdict {
            name: "no errors (5xx, no answer, unexpected status)",
            checked: total.sent as usize,
            violations: errors,
        });
        drop(snapshot);
        drop(ledger);

        let left = cleanup(self.http, self.tag, self.whole_store, self.clients).await?;
        verdicts.push(Verdict {
            name: "nothing left after deleting everything",
            checked: 2,
            violations: left,
        });
        if after_load.is_some() {
            tokio::time::sleep(MEMORY_SETTLE).await;
        }
        let after_cleanup = target.memory();
        if let (Some(l), Some(c)) = (after_load, after_cleanup) {
            println!(
                "server memory: {} after the load (peak VmRSS so far {:.1} MB), {} {}s after deleting everything",
                describe(l),
                mb(l.peak.max(c.peak)),
                describe(c),
                MEMORY_SETTLE.as_secs()
            );
        }
        Ok((verdicts, after_load, after_cleanup))
    }
}

fn print_verdicts(verdicts: &[Verdict]) {
    for v in verdicts {
        let mark = if v.passed() { "ok  " } else { "FAIL" };
        println!("  [{mark}] {} ({} checked)", v.name, v.checked);
        for line in v.violations.iter().take(5) {
            println!("         {line}");
        }
        if v.violations.len() > 5 {
            println!("         … and {} more", v.violations.len() - 5);
        }
    }
}

fn rand_seed() -> u64 {
    let bytes = uuid::Uuid::new_v4().into_bytes();
    u64::from_le_bytes(bytes[..8].try_into().unwrap_or([7; 8])) % 1_000_000
}

/// Runs the clients to the deadline, printing progress every 10 seconds.
async fn run_clients(
    http: &Http,
    tag: &str,
    clients: usize,
    seconds: f64,
    seed: u64,
) -> (Tally, Duration, ledger::Ledger) {
    let started = Instant::now();
    let workload = Arc::new(Workload {
        http: http.clone(),
        ledger: Mutex::new(ledger::Ledger::default()),
        tag: tag.to_string(),
        deadline: started + Duration::from_secs_f64(seconds),
        operations: AtomicU64::new(0),
    });
    let tasks: Vec<_> = (0..clients)
        .map(|me| tokio::spawn(workload::client(workload.clone(), me, seed)))
        .collect();
    let progress = {
        let w = workload.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(10));
            tick.tick().await;
            loop {
                tick.tick().await;
                let live = w.ledger.lock().map(|l| l.live_users()).unwrap_or(0);
                eprintln!(
                    "  {:>3.0} s: {} operations, {live} users live",
                    started.elapsed().as_secs_f64(),
                    w.operations.load(Ordering::Relaxed)
                );
            }
        })
    };
    let mut tally = Tally::default();
    for task in tasks {
        if let Ok(t) = task.await {
            tally.merge(t);
        }
    }
    progress.abort();
    let elapsed = started.elapsed();
    // Every client has finished: the ledger is complete.
    let ledger = std::mem::take(&mut *workload.ledger.lock().unwrap_or_else(|e| e.into_inner()));
    (tally, elapsed, ledger)
}

fn print_tally(tally: &Tally, elapsed: Duration) {
    println!();
    println!(
        "{:<20} {:>9} {:>9} {:>13} {:>7}",
        "operation", "sent", "2xx", "409/404 race", "errors"
    );
    for (op, c) in Op::ALL.iter().zip(&tally.counts) {
        println!(
            "{:<20} {:>9} {:>9} {:>13} {:>7}",
            op.label(),
            c.sent,
            c.acknowledged,
            c.races,
            c.errors
        );
    }
    let t = tally.total();
    println!(
        "{:<20} {:>9} {:>9} {:>13} {:>7}   {:.0} operations/s over {:.1} s",
        "total",
        t.sent,
        t.acknowledged,
        t.races,
        t.errors,
        t.sent as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64()
    );
}

/// Deletes what the soak may have left: everything (the bundled server) or what carries the run
/// tag (an external target). Returns what is still listed afterwards.
async fn cleanup(
    http: &Http,
    tag: &str,
    whole_store: bool,
    workers: usize,
) -> anyhow::Result<Vec<String>> {
    let mine = |v: &serde_json::Value, key: &str| {
        whole_store
            || v[key]
                .as_str()
                .is_some_and(|n| n.to_lowercase().contains(tag))
    };
    let mut left = Vec::new();
    for (endpoint, key) in [("/Groups", "displayName"), ("/Users", "userName")] {
        let ids: Vec<String> = list_all(http, endpoint)
            .await?
            .iter()
            .filter(|v| mine(v, key))
            .filter_map(|v| v["id"].as_str().map(str::to_string))
            .collect();
        let queue = Arc::new(Mutex::new(ids));
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..workers {
            let (http, queue, endpoint) = (http.clone(), queue.clone(), endpoint.to_string());
            tasks.spawn(async move {
                loop {
                    let next = queue.lock().map(|mut q| q.pop()).unwrap_or(None);
                    let Some(id) = next else { break };
                    let _ = http
                        .send(Method::DELETE, &format!("{endpoint}/{id}"), None)
                        .await;
                }
            });
        }
        while tasks.join_next().await.is_some() {}
        let remaining = list_all(http, endpoint)
            .await?
            .iter()
            .filter(|v| mine(v, key))
            .count();
        if remaining > 0 {
            left.push(format!("{remaining} still listed at {endpoint}"));
        }
    }
    Ok(left)
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// "VmRSS 31.7 MB (private 22.0 MB)".
fn describe(m: Memory) -> String {
    format!(
        "VmRSS {:.1} MB (private {:.1} MB)",
        mb(m.resident),
        mb(m.private)
    )
}

/// Memory after deleting everything, round by round, against the empty server's at the start:
/// each round's private memory (see [`Memory::private`]) must come back within
/// `MEMORY_RETURN_FRACTION` of the growth under load (peak − start), or `MEMORY_SLACK_BYTES`,
/// of the start. A store that kept what it deletes, or a server that never returned freed pages,
/// stays near its peak; one that leaked a little each round drifts past the bound.
fn memory_verdict(start: Memory, rounds: &[(Memory, Memory)]) -> Verdict {
    let peak = rounds
        .iter()
        .map(|(l, c)| l.peak.max(c.peak))
        .max()
        .unwrap_or(start.peak);
    let growth = peak.saturating_sub(start.resident);
    let allowed = ((growth as f64 * MEMORY_RETURN_FRACTION) as u64).max(MEMORY_SLACK_BYTES);
    let afters: Vec<String> = rounds
        .iter()
        .map(|(_, c)| format!("{:.1}", mb(c.private)))
        .collect();
    println!();
    println!(
        "server memory: start {} (empty), peak VmRSS {:.1} MB; private after deleting everything {} MB (round by round; allowed up to {:.1} MB, the start + {:.1} MB)",
        describe(start),
        mb(peak),
        afters.join(" / "),
        mb(start.private + allowed),
        mb(allowed)
    );
    let violations = rounds
        .iter()
        .enumerate()
        .filter(|(_, (_, c))| c.private > start.private + allowed)
        .map(|(i, (_, c))| {
            format!(
                "after round {}: private {:.1} MB, more than the start's {:.1} MB + {:.1} MB: deleted memory was not given back",
                i + 1,
                mb(c.private),
                mb(start.private),
                mb(allowed)
            )
        })
        .collect();
    Verdict {
        name: "memory back near the start after deleting everything",
        checked: rounds.len(),
        violations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: u64 = 1024 * 1024;

    /// Resident and peak in MB; private memory is resident minus 10 MB of executable pages.
    fn memory(resident: u64, peak: u64) -> Memory {
        Memory {
            resident: resident * MB,
            peak: peak * MB,
            private: resident.saturating_sub(10) * MB,
        }
    }

    #[test]
    fn memory_given_back_after_each_round_passes() {
        let start = memory(12, 12);
        let rounds = [
            (memory(40, 42), memory(16, 42)),
            (memory(41, 44), memory(17, 44)),
        ];
        let v = memory_verdict(start, &rounds);
        assert_eq!((v.checked, v.passed()), (2, true), "{:?}", v.violations);
    }

    #[test]
    fn memory_kept_after_the_deletes_fails() {
        let start = memory(12, 12);
        let v = memory_verdict(start, &[(memory(40, 42), memory(40, 42))]);
        assert!(!v.passed());
        assert!(
            v.violations[0].contains("after round 1"),
            "{:?}",
            v.violations
        );
    }

    #[test]
    fn memory_that_drifts_up_round_after_round_fails() {
        let start = memory(12, 12);
        let rounds = [
            (memory(40, 42), memory(16, 42)),
            (memory(44, 46), memory(19, 46)),
            (memory(48, 50), memory(24, 50)),
        ];
        let v = memory_verdict(start, &rounds);
        assert_eq!(v.violations.len(), 1, "{:?}", v.violations);
        assert!(
            v.violations[0].contains("after round 3"),
            "{:?}",
            v.violations
        );
    }

    #[test]
    fn a_small_soak_is_judged_by_the_slack_not_the_fraction() {
        let start = memory(12, 12);
        let round = |after| (memory(18, 18), memory(after, 18));
        assert!(memory_verdict(start, &[round(17)]).passed());
        assert!(!memory_verdict(start, &[round(19)]).passed());
    }
}
