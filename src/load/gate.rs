//! The limits a CI pipeline sets on a load run (`--max-p99`, `--max-error-rate`,
//! `--min-throughput`), judged from the run's figures. Unlike a [`super::Check`], a gate is no
//! rule of SCIM or of an IdP: it is the pipeline's own bar, so its verdict names the limit and
//! the figure, nothing more.

use std::time::Duration;

use super::check::Gate;
use super::outcome::OperationSummary;

/// The limits asked for; `None`: not gated.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Gates {
    /// No request kind's p99 latency above this many milliseconds.
    pub max_p99_ms: Option<f64>,
    /// Requests that did not end in an accepted answer (after retries), as a fraction of all.
    pub max_error_rate: Option<f64>,
    /// Requests per second over the whole run, at least.
    pub min_throughput: Option<f64>,
}

/// Judges every gate asked for, in the order of the flags.
pub fn judge(gates: &Gates, operations: &[OperationSummary], duration: Duration) -> Vec<Gate> {
    let mut out = Vec::new();
    if let Some(limit) = gates.max_p99_ms {
        let worst = operations
            .iter()
            .filter(|op| op.count > 0)
            .max_by(|a, b| a.latency.p99.total_cmp(&b.latency.p99));
        let (measured, kind) = worst.map_or((0.0, "none"), |op| (op.latency.p99, op.kind));
        let passed = measured <= limit;
        out.push(Gate {
            name: "max-p99",
            limit,
            measured,
            passed,
            detail: format!(
                "the slowest p99 is {measured:.2} ms ({kind}), {} the limit of {limit} ms",
                if passed { "within" } else { "above" }
            ),
        });
    }
    let sent: u64 = operations.iter().map(|op| op.count).sum();
    if let Some(limit) = gates.max_error_rate {
        let failed: u64 = operations.iter().map(OperationSummary::error_count).sum();
        let measured = if sent == 0 {
            0.0
        } else {
            failed as f64 / sent as f64
        };
        let passed = measured <= limit;
        out.push(Gate {
            name: "max-error-rate",
            limit,
            measured,
            passed,
            detail: format!(
                "{failed} of {sent} requests failed ({:.3} %), {} the limit of {:.3} %",
                measured * 100.0,
                if passed { "within" } else { "above" },
                limit * 100.0
            ),
        });
    }
    if let Some(limit) = gates.min_throughput {
        let measured = sent as f64 / duration.as_secs_f64().max(1e-9);
        let passed = measured >= limit;
        out.push(Gate {
            name: "min-throughput",
            limit,
            measured,
            passed,
            detail: format!(
                "{sent} requests in {:.1} s, {measured:.0} per second, {} the minimum of {limit}",
                duration.as_secs_f64(),
                if passed { "at or above" } else { "below" }
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::load::stats::Latency;

    fn op(kind: &'static str, count: u64, errors: u64, p99: f64) -> OperationSummary {
        OperationSummary {
            kind,
            count,
            errors: if errors > 0 {
                BTreeMap::from([("503".to_owned(), errors)])
            } else {
                BTreeMap::new()
            },
            retries: 0,
            throttled: Duration::ZERO,
            throughput_rps: 0.0,
            latency: Latency {
                p99,
                ..Latency::default()
            },
        }
    }

    #[test]
    fn no_gate_asked_is_no_gate_judged() {
        assert!(
            judge(
                &Gates::default(),
                &[op("create", 1, 0, 1.0)],
                Duration::from_secs(1)
            )
            .is_empty()
        );
    }

    #[test]
    fn each_gate_fails_past_its_limit_and_names_the_figure() {
        let ops = [op("lookup", 900, 0, 1.0), op("create", 100, 10, 8.0)];
        let gates = Gates {
            max_p99_ms: Some(5.0),
            max_error_rate: Some(0.001),
            min_throughput: Some(2000.0),
        };
        let judged = judge(&gates, &ops, Duration::from_secs(1));
        assert_eq!(
            judged.iter().map(|g| g.passed).collect::<Vec<_>>(),
            [false, false, false]
        );
        assert!(
            judged[0].detail.contains("(create)"),
            "{}",
            judged[0].detail
        );
        assert!((judged[1].measured - 0.01).abs() < 1e-12);
        assert_eq!(judged[2].measured, 1000.0);
        let lenient = Gates {
            max_p99_ms: Some(8.0),
            max_error_rate: Some(0.01),
            min_throughput: Some(1000.0),
        };
        assert!(
            judge(&lenient, &ops, Duration::from_secs(1))
                .iter()
                .all(|g| g.passed)
        );
    }
}
