//! Latency over the run, as plain data the HTML report draws: the run cut into equal time
//! slices with each slice's request count and percentiles (a server that slows down as its
//! store fills shows up as a rising line, which a whole-run p99 hides), and a histogram of
//! every latency over logarithmic buckets (a bimodal server shows two humps).

use super::stats::{Latency, Sample};

/// Slices the timeline is cut into (fewer when the run is short).
pub const SLICES: usize = 120;
/// Histogram buckets per decade of latency.
const PER_DECADE: f64 = 10.0;
/// The first bucket's upper bound, in milliseconds.
const FLOOR_MS: f64 = 0.01;

/// Requests sent in one time slice, every kind together.
#[derive(Debug, Clone, PartialEq)]
pub struct Slice {
    /// Seconds from the run's start to the slice's start.
    pub start_s: f64,
    pub count: u64,
    pub latency: Latency,
}

/// Latencies up to `upper_ms` (and above the previous bucket's bound).
#[derive(Debug, Clone, PartialEq)]
pub struct Bucket {
    pub upper_ms: f64,
    pub count: u64,
}

/// The run's requests over time: empty slices are kept (a stall is a gap in the line).
pub fn timeline(samples: &[Sample]) -> Vec<Slice> {
    let Some(last) = samples.iter().map(|s| s.at_ms).max() else {
        return Vec::new();
    };
    let span_ms = u64::from(last) + 1;
    let width_ms = span_ms.div_ceil(SLICES as u64).max(1);
    let slices = span_ms.div_ceil(width_ms) as usize;
    let mut by_slice: Vec<Vec<u32>> = vec![Vec::new(); slices];
    for s in samples {
        let i = (u64::from(s.at_ms) / width_ms) as usize;
        by_slice[i.min(slices - 1)].push(s.latency_us);
    }
    by_slice
        .into_iter()
        .enumerate()
        .map(|(i, mut latencies)| Slice {
            start_s: (i as u64 * width_ms) as f64 / 1000.0,
            count: latencies.len() as u64,
            latency: Latency::of(&mut latencies),
        })
        .collect()
}

/// Every latency in logarithmic buckets from `FLOOR_MS` (0.01 ms), ten a decade, up to the slowest;
/// the buckets below the fastest are left out.
pub fn histogram(samples: &[Sample]) -> Vec<Bucket> {
    let index = |us: u32| -> usize {
        let ms = f64::from(us) / 1000.0;
        if ms <= FLOOR_MS {
            0
        } else {
            ((ms / FLOOR_MS).log10() * PER_DECADE).ceil() as usize
        }
    };
    let Some(top) = samples.iter().map(|s| index(s.latency_us)).max() else {
        return Vec::new();
    };
    let mut counts = vec![0u64; top + 1];
    for s in samples {
        counts[index(s.latency_us)] += 1;
    }
    let first = counts.iter().position(|&c| c > 0).unwrap_or(0);
    counts
        .into_iter()
        .enumerate()
        .skip(first)
        .map(|(i, count)| Bucket {
            upper_ms: FLOOR_MS * 10f64.powf(i as f64 / PER_DECADE),
            count,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(at_ms: u32, latency_us: u32) -> Sample {
        Sample { at_ms, latency_us }
    }

    #[test]
    fn a_slow_second_half_shows_in_its_slices() {
        let samples: Vec<Sample> = (0..1000)
            .map(|ms| sample(ms, if ms < 500 { 1_000 } else { 9_000 }))
            .collect();
        let t = timeline(&samples);
        assert!(t.len() <= SLICES && t.len() > SLICES / 2, "{}", t.len());
        assert!(t.iter().all(|s| s.count > 0));
        assert_eq!(t.iter().map(|s| s.count).sum::<u64>(), 1000);
        assert_eq!(t[0].latency.p99, 1.0);
        assert_eq!(t[t.len() - 1].latency.p50, 9.0);
    }

    #[test]
    fn a_stall_is_an_empty_slice_and_a_short_run_has_few_slices() {
        let t = timeline(&[sample(0, 10), sample(9, 10)]);
        assert_eq!(t.len(), 10);
        assert_eq!(t[5].count, 0);
        assert!(timeline(&[]).is_empty());
    }

    #[test]
    fn the_histogram_counts_every_latency_once_in_its_decade_tenth() {
        let samples = [sample(0, 1_000), sample(0, 1_000), sample(0, 100_000)];
        let h = histogram(&samples);
        assert_eq!(h.iter().map(|b| b.count).sum::<u64>(), 3);
        // The first bucket holds the 1 ms pair, the last the 100 ms one, 20 buckets apart.
        assert_eq!(h.first().map(|b| b.count), Some(2));
        assert_eq!(h.len(), 21);
        assert!((h[0].upper_ms - 1.0).abs() < 1e-9);
        assert!((h[20].upper_ms - 100.0).abs() < 1e-6);
    }
}
