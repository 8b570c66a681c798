//! Per request kind: how many, how long (every latency kept with its send time, so percentiles
//! are exact and the HTML report can draw latency over time, at 8 bytes a request), which
//! statuses failed, and what throttling cost. Each worker keeps its own
//! [`Recorder`]s; they are merged after a phase, so recording takes no lock.

use std::collections::BTreeMap;
use std::time::Duration;

use super::client::{Answer, NoAnswer};

/// What one kind of request (`create`, `lookup`, …) did in one worker, or merged.
#[derive(Debug, Clone, Default)]
pub struct Recorder {
    /// Answered requests.
    samples: Vec<Sample>,
    /// Failed requests by status (`409`) or `no answer`.
    errors: BTreeMap<String, u64>,
    pub retries: u64,
    pub throttled: Duration,
}

/// One answered request: when it was sent and how long its answer took.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// Milliseconds from the run's start to the send of the answered attempt.
    pub at_ms: u32,
    pub latency_us: u32,
}

/// What one request cost, as a worker notes it: its kind, its final status (`None`: no
/// answer), the last attempt's latency, and its retries.
#[derive(Debug, Clone, Copy)]
pub struct Sent {
    pub kind: &'static str,
    pub status: Option<u16>,
    /// The answer is one the IdP accepts: a 2xx, or what the request kind allows besides (a
    /// lookup's 404).
    pub ok: bool,
    pub latency: Duration,
    /// When the answered attempt was sent, from the run's start.
    pub at: Duration,
    pub retries: u32,
    pub throttled: Duration,
}

impl Sent {
    pub fn of(kind: &'static str, result: &Result<Answer, NoAnswer>) -> Sent {
        match result {
            Ok(a) => Sent {
                kind,
                status: Some(a.status),
                ok: a.is_success(),
                latency: a.latency,
                at: a.at,
                retries: a.retries,
                throttled: a.throttled,
            },
            Err(n) => Sent {
                kind,
                status: None,
                ok: false,
                latency: Duration::ZERO,
                at: Duration::ZERO,
                retries: n.retries,
                throttled: n.throttled,
            },
        }
    }
}

impl Recorder {
    pub fn add(&mut self, sent: &Sent) {
        self.retries += u64::from(sent.retries);
        self.throttled += sent.throttled;
        match sent.status {
            Some(status) => {
                self.samples.push(Sample {
                    at_ms: u32::try_from(sent.at.as_millis()).unwrap_or(u32::MAX),
                    latency_us: u32::try_from(sent.latency.as_micros()).unwrap_or(u32::MAX),
                });
                if !sent.ok {
                    *self.errors.entry(status.to_string()).or_default() += 1;
                }
            }
            None => *self.errors.entry("no answer".to_owned()).or_default() += 1,
        }
    }

    pub fn merge(&mut self, other: Recorder) {
        self.samples.extend(other.samples);
        for (status, n) in other.errors {
            *self.errors.entry(status).or_default() += n;
        }
        self.retries += other.retries;
        self.throttled += other.throttled;
    }

    /// Requests sent (answered or not).
    pub fn count(&self) -> u64 {
        self.samples.len() as u64 + self.errors.get("no answer").copied().unwrap_or(0)
    }

    pub fn error_count(&self) -> u64 {
        self.errors.values().sum()
    }

    pub fn errors(&self) -> &BTreeMap<String, u64> {
        &self.errors
    }

    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    /// Latency percentiles in milliseconds: p50, p95, p99, max (nearest rank).
    pub fn percentiles(&self) -> Latency {
        let mut sorted: Vec<u32> = self.samples.iter().map(|s| s.latency_us).collect();
        Latency::of(&mut sorted)
    }
}

impl Latency {
    /// Nearest-rank percentiles of latencies in microseconds (sorted here), in milliseconds.
    pub fn of(latencies_us: &mut [u32]) -> Latency {
        latencies_us.sort_unstable();
        let sorted = &*latencies_us;
        let at = |p: f64| -> f64 {
            if sorted.is_empty() {
                return 0.0;
            }
            let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
            f64::from(sorted[rank.clamp(1, sorted.len()) - 1]) / 1000.0
        };
        Latency {
            p50: at(50.0),
            p95: at(95.0),
            p99: at(99.0),
            max: at(100.0),
        }
    }
}

/// Latency percentiles, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Latency {
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(ms: u64, status: u16) -> Sent {
        Sent::of(
            "create",
            &Ok(Answer {
                status,
                body: bytes::Bytes::new(),
                latency: Duration::from_millis(ms),
                at: Duration::ZERO,
                retries: 0,
                throttled: Duration::ZERO,
            }),
        )
    }

    #[test]
    fn percentiles_are_nearest_rank_over_every_latency() {
        let mut r = Recorder::default();
        for ms in 1..=100 {
            r.add(&answer(ms, 201));
        }
        let l = r.percentiles();
        assert_eq!((l.p50, l.p95, l.p99, l.max), (50.0, 95.0, 99.0, 100.0));
        assert_eq!(r.count(), 100);
        assert_eq!(r.error_count(), 0);
    }

    /// Regression: a lookup's 404 (Okta's other accepted "not found") is not an error.
    #[test]
    fn an_accepted_non_2xx_is_not_an_error() {
        let mut r = Recorder::default();
        let mut lookup = answer(1, 404);
        lookup.ok = true;
        r.add(&lookup);
        assert_eq!((r.count(), r.error_count()), (1, 0));
    }

    #[test]
    fn errors_are_counted_by_status_and_merge() {
        let mut a = Recorder::default();
        a.add(&answer(1, 409));
        let mut b = Recorder::default();
        b.add(&answer(1, 409));
        b.add(&Sent::of(
            "create",
            &Err(NoAnswer {
                error: "refused".into(),
                retries: 5,
                throttled: Duration::from_secs(1),
            }),
        ));
        a.merge(b);
        assert_eq!(a.errors().get("409"), Some(&2));
        assert_eq!(a.errors().get("no answer"), Some(&1));
        assert_eq!(a.count(), 3);
        assert_eq!(a.retries, 5);
        assert_eq!(Recorder::default().percentiles(), Latency::default());
    }
}
