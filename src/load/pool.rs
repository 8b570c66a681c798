//! How a phase's jobs are sent: closed loop, `concurrency` workers that each take the next job
//! when the last is done (an IdP's provisioning workers), or open loop at `rate` jobs a second
//! (`--rate`), started on schedule however slow the answers are, so that a slow server shows up
//! as latency and not as a lower send rate. A job is one user's or one group's requests in the
//! phase, sent in order; it returns what it learnt and what each request cost ([`Job`]).

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use super::Progress;
use super::client::{Answer, LoadClient, NoAnswer, Ready};
use super::stats::{Recorder, Sent};
use crate::protocol::PreparedRequest;

/// Jobs in flight at once in open loop: beyond, the generator waits and counts the job late.
pub const MAX_IN_FLIGHT: usize = 4096;

/// How fast jobs are started.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pace {
    pub concurrency: usize,
    /// Jobs a second, open loop; `None`: closed loop at `concurrency`.
    pub rate: Option<f64>,
}

/// How many jobs a phase runs.
#[derive(Debug, Clone, Copy)]
pub enum Work {
    /// Jobs `0..n`.
    Count(usize),
    /// Jobs `0, 1, …` until this long has passed (the steady-state phase).
    For(Duration),
}

/// What one job produced.
pub struct Job<T> {
    pub value: Option<T>,
    pub sent: Vec<Sent>,
}

impl<T> Default for Job<T> {
    fn default() -> Job<T> {
        Job {
            value: None,
            sent: Vec::new(),
        }
    }
}

impl<T> Job<T> {
    pub fn new() -> Job<T> {
        Job::default()
    }

    pub fn with(mut self, value: T) -> Job<T> {
        self.value = Some(value);
        self
    }

    /// Sends `request` and notes its cost under `kind`.
    pub async fn send(
        &mut self,
        client: &LoadClient,
        kind: &'static str,
        request: &PreparedRequest,
    ) -> Result<Answer, NoAnswer> {
        self.note(kind, client.send(request).await)
    }

    /// Sends a request prepared beforehand and notes its cost under `kind`.
    pub async fn send_ready(
        &mut self,
        client: &LoadClient,
        kind: &'static str,
        request: &Ready,
    ) -> Result<Answer, NoAnswer> {
        self.note(kind, client.send_ready(request).await)
    }

    fn note(
        &mut self,
        kind: &'static str,
        result: Result<Answer, NoAnswer>,
    ) -> Result<Answer, NoAnswer> {
        self.sent.push(Sent::of(kind, &result));
        result
    }

    /// Marks the last request's answer as one the IdP accepts although it is no 2xx.
    pub fn accept_last(&mut self) {
        if let Some(last) = self.sent.last_mut() {
            last.ok = true;
        }
    }
}

/// A phase's results: each job's value by index, the cost by request kind, the wall time, and
/// (open loop) how many jobs started late because [`MAX_IN_FLIGHT`] were waiting.
pub struct Phase<T> {
    pub values: Vec<Option<T>>,
    pub recorders: BTreeMap<&'static str, Recorder>,
    pub wall: Duration,
    pub late: u64,
}

impl<T> Phase<T> {
    /// Nothing yet, with room for `jobs` values.
    fn empty(jobs: usize) -> Phase<T> {
        Phase {
            values: (0..jobs).map(|_| None).collect(),
            recorders: BTreeMap::new(),
            wall: Duration::ZERO,
            late: 0,
        }
    }

    fn set(&mut self, i: usize, value: Option<T>) {
        if self.values.len() <= i {
            self.values.resize_with(i + 1, || None);
        }
        self.values[i] = value;
    }

    fn absorb(&mut self, i: usize, job: Job<T>) {
        for sent in &job.sent {
            self.recorders.entry(sent.kind).or_default().add(sent);
        }
        self.set(i, job.value);
    }
}

/// Runs `job(i)` for the phase's jobs at `pace`.
pub async fn run<T, F, Fut>(
    name: &str,
    work: Work,
    pace: Pace,
    progress: &Progress,
    job: F,
) -> Phase<T>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut + Send + Sync + Clone + 'static,
    Fut: Future<Output = Job<T>> + Send + 'static,
{
    match pace.rate {
        Some(rate) => open_loop(name, work, rate, progress, job).await,
        None => closed_loop(name, work, pace.concurrency, progress, job).await,
    }
}

/// The progress figures of `work`: `(done, total)`, by jobs or by tenths of a second.
fn progress_of(work: Work, done: usize, started: Instant) -> (usize, usize) {
    match work {
        Work::Count(n) => (done, n),
        Work::For(d) => (
            (started.elapsed().as_millis() / 100) as usize,
            (d.as_millis() / 100) as usize,
        ),
    }
}

async fn closed_loop<T, F, Fut>(
    name: &str,
    work: Work,
    concurrency: usize,
    progress: &Progress,
    job: F,
) -> Phase<T>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut + Send + Sync + Clone + 'static,
    Fut: Future<Output = Job<T>> + Send + 'static,
{
    let next = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let (total, deadline) = match work {
        Work::Count(n) => (Some(n), None),
        Work::For(d) => (None, Some(started + d)),
    };
    let workers_wanted = match total {
        Some(n) => concurrency.max(1).min(n.max(1)),
        None => concurrency.max(1),
    };
    let mut workers = JoinSet::new();
    for _ in 0..workers_wanted {
        let (next, done, job) = (next.clone(), done.clone(), job.clone());
        workers.spawn(async move {
            let mut recorders: BTreeMap<&'static str, Recorder> = BTreeMap::new();
            let mut mine = Vec::new();
            loop {
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    break;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                if total.is_some_and(|n| i >= n) {
                    break;
                }
                let result = job(i).await;
                for sent in &result.sent {
                    recorders.entry(sent.kind).or_default().add(sent);
                }
                mine.push((i, result.value));
                done.fetch_add(1, Ordering::Relaxed);
            }
            (mine, recorders)
        });
    }
    let mut phase = Phase::empty(total.unwrap_or(0));
    let mut ticker = tokio::time::interval(Duration::from_millis(100));
    loop {
        tokio::select! {
            joined = workers.join_next() => match joined {
                Some(Ok((values, recorders))) => {
                    for (i, value) in values {
                        phase.set(i, value);
                    }
                    for (kind, r) in recorders {
                        phase.recorders.entry(kind).or_default().merge(r);
                    }
                }
                // A worker that panicked lost its jobs: they count as not done.
                Some(Err(_)) => {}
                None => break,
            },
            _ = ticker.tick() => {
                let (d, t) = progress_of(work, done.load(Ordering::Relaxed), started);
                progress(name, d.min(t), t);
            }
        }
    }
    let (_, t) = progress_of(work, 0, started);
    progress(name, t, t);
    phase.wall = started.elapsed();
    phase
}

async fn open_loop<T, F, Fut>(
    name: &str,
    work: Work,
    rate: f64,
    progress: &Progress,
    job: F,
) -> Phase<T>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut + Send + Sync + Clone + 'static,
    Fut: Future<Output = Job<T>> + Send + 'static,
{
    let total = match work {
        Work::Count(n) => n,
        Work::For(d) => (d.as_secs_f64() * rate).round() as usize,
    };
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_IN_FLIGHT));
    let started = Instant::now();
    let tokio_start = tokio::time::Instant::now();
    let mut phase = Phase::empty(total);
    let mut tasks: JoinSet<(usize, Job<T>)> = JoinSet::new();
    let mut shown = Instant::now();
    for i in 0..total {
        tokio::time::sleep_until(tokio_start + Duration::from_secs_f64(i as f64 / rate)).await;
        let slot = match slots.clone().try_acquire_owned() {
            Ok(slot) => slot,
            Err(_) => {
                phase.late += 1;
                match slots.clone().acquire_owned().await {
                    Ok(slot) => slot,
                    Err(_) => break,
                }
            }
        };
        let job = job.clone();
        tasks.spawn(async move {
            let result = job(i).await;
            drop(slot);
            (i, result)
        });
        while let Some(Ok((i, result))) = tasks.try_join_next() {
            phase.absorb(i, result);
        }
        if shown.elapsed() >= Duration::from_millis(100) {
            progress(name, i, total);
            shown = Instant::now();
        }
    }
    while let Some(joined) = tasks.join_next().await {
        if let Ok((i, result)) = joined {
            phase.absorb(i, result);
        }
    }
    progress(name, total, total);
    phase.wall = started.elapsed();
    phase
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noop(_: &str, _: usize, _: usize) {}

    #[tokio::test]
    async fn a_closed_loop_runs_every_job_once() {
        let phase = run(
            "t",
            Work::Count(50),
            Pace {
                concurrency: 4,
                rate: None,
            },
            &noop,
            |i| async move { Job::new().with(i * 2) },
        )
        .await;
        assert_eq!(phase.values.len(), 50);
        assert!(
            phase
                .values
                .iter()
                .enumerate()
                .all(|(i, v)| *v == Some(i * 2))
        );
    }

    /// Open loop: every job is started on schedule, not when the last one ends, so 20 jobs that
    /// each wait for all 20 to be in flight finish (closed loop at concurrency 1 never would).
    #[tokio::test]
    async fn an_open_loop_starts_jobs_on_schedule_whatever_they_take() {
        let all_in = Arc::new(tokio::sync::Barrier::new(20));
        let pace = Pace {
            concurrency: 1,
            rate: Some(1000.0),
        };
        let phase = tokio::time::timeout(
            Duration::from_secs(30),
            run("t", Work::Count(20), pace, &noop, move |i| {
                let all_in = all_in.clone();
                async move {
                    all_in.wait().await;
                    Job::new().with(i)
                }
            }),
        )
        .await
        .expect("open loop started every job without waiting for the others");
        assert!(phase.values.iter().all(Option::is_some));
        assert_eq!(phase.late, 0);
    }

    #[tokio::test]
    async fn a_timed_phase_runs_until_its_deadline_and_stops() {
        let pace = Pace {
            concurrency: 2,
            rate: None,
        };
        let phase = run(
            "t",
            Work::For(Duration::from_millis(100)),
            pace,
            &noop,
            |_| async move {
                tokio::time::sleep(Duration::from_millis(5)).await;
                Job::new().with(())
            },
        )
        .await;
        assert!(phase.wall >= Duration::from_millis(100));
        assert!(phase.values.iter().flatten().count() >= 2);
    }
}
