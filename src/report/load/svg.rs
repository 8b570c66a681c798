//! The load report's two plots as inline SVG (no scripts, no fonts, no fetches: the page works
//! offline and inside viewers that block everything else): latency over the run, p50, p99 and
//! max per time slice on a logarithmic axis with the request count as pale bars below, and
//! the histogram of every latency over logarithmic buckets. Only numbers and fixed labels go
//! into the markup, so nothing needs escaping.

use std::fmt::Write;

use crate::load::timeline::{Bucket, Slice};

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 34.0;

fn plot_width() -> f64 {
    WIDTH - LEFT - RIGHT
}

fn plot_height() -> f64 {
    HEIGHT - TOP - BOTTOM
}

/// A logarithmic axis over whole decades around `lo..hi` (milliseconds).
struct LogAxis {
    lo: f64,
    hi: f64,
}

impl LogAxis {
    fn around(lo: f64, hi: f64) -> LogAxis {
        let lo = lo.max(0.001);
        let hi = hi.max(lo * 10.0);
        LogAxis {
            lo: 10f64.powf(lo.log10().floor()),
            hi: 10f64.powf(hi.log10().ceil()),
        }
    }

    /// Where `v` falls, 0 at `lo`, 1 at `hi`.
    fn at(&self, v: f64) -> f64 {
        ((v.max(self.lo).log10() - self.lo.log10()) / (self.hi.log10() - self.lo.log10()))
            .clamp(0.0, 1.0)
    }

    fn decades(&self) -> impl Iterator<Item = f64> + '_ {
        let (a, b) = (
            self.lo.log10().round() as i32,
            self.hi.log10().round() as i32,
        );
        (a..=b).map(|e| 10f64.powi(e))
    }
}

/// `0.1 ms`, `10 ms`, `1 s`.
fn ms_label(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{} s", trim(ms / 1000.0))
    } else {
        format!("{} ms", trim(ms))
    }
}

fn trim(v: f64) -> String {
    let text = format!("{v:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn open(out: &mut String, label: &str) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{label}" class="plot">"#
    );
    let _ = write!(
        out,
        r##"<rect x="{LEFT}" y="{TOP}" width="{:.1}" height="{:.1}" fill="none" stroke="#ccc"/>"##,
        plot_width(),
        plot_height()
    );
}

/// The y axis's decade lines and labels.
fn y_decades(out: &mut String, axis: &LogAxis) {
    for d in axis.decades() {
        let y = TOP + plot_height() * (1.0 - axis.at(d));
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#eee"/><text x="{:.1}" y="{:.1}" text-anchor="end" font-size="10">{}</text>"##,
            WIDTH - RIGHT,
            LEFT - 4.0,
            y + 3.0,
            ms_label(d)
        );
    }
}

/// One of a slice's figures, as a line draws it.
type Figure = fn(&Slice) -> f64;

/// p50, p99 and max over the run's time slices, with the request count per slice as bars.
pub fn latency_over_time(slices: &[Slice]) -> String {
    let mut out = String::new();
    open(&mut out, "latency over the run");
    let answered: Vec<&Slice> = slices.iter().filter(|s| s.count > 0).collect();
    if answered.is_empty() {
        out.push_str("</svg>");
        return out;
    }
    let lo = answered
        .iter()
        .map(|s| s.latency.p50)
        .fold(f64::MAX, f64::min);
    let hi = answered.iter().map(|s| s.latency.max).fold(0.0, f64::max);
    let axis = LogAxis::around(lo, hi);
    y_decades(&mut out, &axis);
    let width = plot_width() / slices.len() as f64;
    let most = slices.iter().map(|s| s.count).max().unwrap_or(1).max(1) as f64;
    for (i, s) in slices.iter().enumerate() {
        let h = plot_height() * 0.25 * s.count as f64 / most;
        let _ = write!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.2}" height="{h:.1}" fill="#dde6f0"/>"##,
            LEFT + i as f64 * width,
            TOP + plot_height() - h,
            width.max(0.5)
        );
    }
    let lines: [(&str, Figure); 3] = [
        ("#bbb", |s| s.latency.max),
        ("#d9822b", |s| s.latency.p99),
        ("#2b6cb0", |s| s.latency.p50),
    ];
    for (colour, value) in lines {
        let mut points = String::new();
        for (i, s) in slices.iter().enumerate() {
            if s.count == 0 {
                // A stall is a gap, not a line drawn across it.
                if !points.is_empty() {
                    polyline(&mut out, &points, colour);
                    points.clear();
                }
                continue;
            }
            let x = LEFT + (i as f64 + 0.5) * width;
            let y = TOP + plot_height() * (1.0 - axis.at(value(s)));
            let _ = write!(points, "{x:.1},{y:.1} ");
        }
        if !points.is_empty() {
            polyline(&mut out, &points, colour);
        }
    }
    let slice_s = match slices {
        [a, b, ..] => b.start_s - a.start_s,
        _ => 0.0,
    };
    let end = slices.last().map_or(0.0, |s| s.start_s) + slice_s;
    for k in 0..=4 {
        let t = end * f64::from(k) / 4.0;
        let x = LEFT + plot_width() * f64::from(k) / 4.0;
        let _ = write!(
            out,
            r#"<text x="{x:.1}" y="{:.1}" text-anchor="middle" font-size="10">{} s</text>"#,
            HEIGHT - BOTTOM + 14.0,
            trim((t * 10.0).round() / 10.0)
        );
    }
    legend(
        &mut out,
        &[
            ("p50", "#2b6cb0"),
            ("p99", "#d9822b"),
            ("max", "#bbb"),
            ("requests", "#dde6f0"),
        ],
    );
    out.push_str("</svg>");
    out
}

fn polyline(out: &mut String, points: &str, colour: &str) {
    let _ = write!(
        out,
        r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="1.5"/>"#,
        points.trim_end()
    );
}

fn legend(out: &mut String, items: &[(&str, &str)]) {
    for (i, (label, colour)) in items.iter().enumerate() {
        let x = LEFT + 8.0 + i as f64 * 86.0;
        let y = HEIGHT - 8.0;
        let _ = write!(
            out,
            r#"<rect x="{x:.1}" y="{:.1}" width="10" height="10" fill="{colour}"/><text x="{:.1}" y="{y:.1}" font-size="10">{label}</text>"#,
            y - 9.0,
            x + 14.0
        );
    }
}

/// The count of latencies per logarithmic bucket, as bars over a logarithmic latency axis.
pub fn histogram(buckets: &[Bucket]) -> String {
    let mut out = String::new();
    open(&mut out, "latency histogram");
    let (Some(first), Some(last)) = (buckets.first(), buckets.last()) else {
        out.push_str("</svg>");
        return out;
    };
    let axis = LogAxis::around(first.upper_ms / 1.3, last.upper_ms);
    let most = buckets.iter().map(|b| b.count).max().unwrap_or(1).max(1) as f64;
    let mut lower = first.upper_ms / 10f64.powf(0.1);
    for b in buckets {
        let (x0, x1) = (axis.at(lower), axis.at(b.upper_ms));
        let h = plot_height() * b.count as f64 / most;
        let _ = write!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.2}" height="{h:.1}" fill="#2b6cb0"><title>{} to {}: {}</title></rect>"##,
            LEFT + plot_width() * x0,
            TOP + plot_height() - h,
            (plot_width() * (x1 - x0) - 1.0).max(0.5),
            ms_label((lower * 1000.0).round() / 1000.0),
            ms_label((b.upper_ms * 1000.0).round() / 1000.0),
            b.count
        );
        lower = b.upper_ms;
    }
    for d in axis.decades() {
        let x = LEFT + plot_width() * axis.at(d);
        let _ = write!(
            out,
            r#"<text x="{x:.1}" y="{:.1}" text-anchor="middle" font-size="10">{}</text>"#,
            HEIGHT - BOTTOM + 14.0,
            ms_label(d)
        );
    }
    let _ = write!(
        out,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="10">{}</text>"#,
        LEFT - 4.0,
        TOP + 10.0,
        most as u64
    );
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::stats::Latency;

    fn slice(start_s: f64, count: u64, p50: f64) -> Slice {
        Slice {
            start_s,
            count,
            latency: Latency {
                p50,
                p95: p50 * 2.0,
                p99: p50 * 3.0,
                max: p50 * 4.0,
            },
        }
    }

    #[test]
    fn a_stall_splits_the_lines_and_the_plot_is_one_svg() {
        let svg = latency_over_time(&[slice(0.0, 5, 1.0), slice(0.1, 0, 0.0), slice(0.2, 5, 2.0)]);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        // Three lines, each cut in two by the empty slice.
        assert_eq!(svg.matches("<polyline").count(), 6);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn the_histogram_draws_a_bar_per_bucket_and_empty_input_draws_an_empty_frame() {
        let buckets = [
            Bucket {
                upper_ms: 1.0,
                count: 3,
            },
            Bucket {
                upper_ms: 1.2589,
                count: 1,
            },
        ];
        let svg = histogram(&buckets);
        assert_eq!(svg.matches("<title>").count(), 2);
        assert!(!svg.contains("NaN"));
        assert!(histogram(&[]).ends_with("</svg>"));
        assert!(latency_over_time(&[]).ends_with("</svg>"));
    }
}
