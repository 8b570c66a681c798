//! `429 Too Many Requests` with `Retry-After`: the request is sent again after the wait the target
//! asked for, a bounded number of times, and every attempt is kept so reports show the retries.
//!
//! Bounds: at most [`MAX_RETRIES`] retries per request, each waiting at most [`MAX_WAIT`]. A 429
//! without a usable `Retry-After`, or asking for a longer wait, is not retried: the step fails
//! on it, and [`Sent::note`] says why it was not retried.

use std::time::{Duration, SystemTime};

use serde_json::Value;

use super::exchange::{self, PreparedRequest};
use super::outcome::ExchangeRecord;
use super::target::Target;

/// Retries after a 429, per request.
pub const MAX_RETRIES: usize = 3;
/// The longest `Retry-After` waited for.
pub const MAX_WAIT: Duration = Duration::from_secs(10);

/// Every attempt at one request: the final response and the 429s before it.
#[derive(Debug)]
pub struct Sent {
    /// The 429 responses that were retried, in order.
    pub retried: Vec<ExchangeRecord>,
    /// The last attempt: the one checked.
    pub record: ExchangeRecord,
    pub json: Option<Value>,
    /// When the last attempt is still a 429: what happened (retries and waits, or why no retry),
    /// for the failure message.
    pub note: Option<String>,
}

/// Sends `request`, retrying on 429 as `Retry-After` asks (within the bounds), unless
/// `expected_429` (a scenario checking the 429 itself).
pub async fn send(target: &Target, request: &PreparedRequest, expected_429: bool) -> Sent {
    let mut retried = Vec::new();
    let mut waits: Vec<Duration> = Vec::new();
    loop {
        let (record, json) = exchange::send(target, request).await;
        let retry_after = match &record.response {
            Ok(r) if r.status == 429 && !expected_429 => r
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("retry-after"))
                .map(|(_, v)| v.clone()),
            _ => return finish(retried, record, json, &waits),
        };
        let reason = match retry_after.as_deref() {
            None => Some("429 Too Many Requests without Retry-After: not retried".to_string()),
            Some(value) => match parse_retry_after(value, SystemTime::now()) {
                None => Some(format!(
                    "429 Too Many Requests with an unreadable Retry-After {value:?}: not retried"
                )),
                Some(wait) if wait > MAX_WAIT => Some(format!(
                    "429 Too Many Requests with Retry-After {value:?} ({}), longer than the {} \
                     scimulate waits: not retried",
                    secs(wait),
                    secs(MAX_WAIT)
                )),
                Some(_) if waits.len() >= MAX_RETRIES => None,
                Some(wait) => {
                    tokio::time::sleep(wait).await;
                    waits.push(wait);
                    retried.push(record);
                    continue;
                }
            },
        };
        let mut sent = finish(retried, record, json, &waits);
        if let Some(reason) = reason {
            sent.note = Some(match sent.note {
                Some(earlier) => format!("{earlier}; then {reason}"),
                None => reason,
            });
        }
        return sent;
    }
}

fn finish(
    retried: Vec<ExchangeRecord>,
    record: ExchangeRecord,
    json: Option<Value>,
    waits: &[Duration],
) -> Sent {
    let still_429 = matches!(&record.response, Ok(r) if r.status == 429);
    let note = (!waits.is_empty() && still_429).then(|| {
        let waited: Vec<String> = waits.iter().map(|w| secs(*w)).collect();
        format!(
            "429 Too Many Requests {} times: retried {} time{} after waiting {} as Retry-After asked",
            waits.len() + 1,
            waits.len(),
            if waits.len() == 1 { "" } else { "s" },
            waited.join(", ")
        )
    });
    Sent {
        retried,
        record,
        json,
        note,
    }
}

fn secs(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

/// `Retry-After: 5` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT` (RFC 9110 §10.2.3), as a wait
/// from `now`; a date in the past is no wait.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// An HTTP-date: IMF-fixdate, or the obsolete RFC 850 and asctime forms.
fn http_date(value: &str) -> Option<SystemTime> {
    use chrono::{DateTime, NaiveDateTime, Utc};
    if let Ok(d) = DateTime::parse_from_rfc2822(value) {
        return Some(d.with_timezone(&Utc).into());
    }
    for format in ["%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(value, format) {
            return Some(d.and_utc().into());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_and_as_an_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_475); // 07:27:55
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        for date in [
            "Wed, 21 Oct 2015 07:28:00 GMT",
            "Wednesday, 21-Oct-15 07:28:00 GMT",
            "Wed Oct 21 07:28:00 2015",
        ] {
            assert_eq!(
                parse_retry_after(date, now),
                Some(Duration::from_secs(5)),
                "{date}"
            );
        }
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }
}
