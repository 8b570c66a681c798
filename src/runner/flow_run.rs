//! Driving an IdP action ([`Flow`]): ask it what to send, send it, hand it the response, until
//! it is done or fails. Every exchange is recorded in the step's outcome; what a POST created is
//! remembered for cleanup, as for raw steps.

use serde_json::Value;

use super::outcome::{Failure, FailureKind, StepOutcome};
use super::retry;
use super::scenario_run::track_created;
use super::target::Target;
use super::vars::Vars;
use crate::idp::{Flow, Next, Response};

/// A bound on requests per step, in case a flow (or a server's answers) never converges.
const MAX_REQUESTS: usize = 20_000;

/// Runs `flow` to its end, recording into `outcome`.
pub async fn drive(
    flow: &mut dyn Flow,
    target: &Target,
    vars: &mut Vars,
    outcome: &mut StepOutcome,
    created: &mut Vec<String>,
) {
    let mut last: Option<(&'static str, Option<Value>)> = None;
    loop {
        let response = match (&last, outcome.exchanges.last()) {
            (Some((_, json)), Some(record)) => match &record.response {
                Ok(r) => Some(Response {
                    status: r.status,
                    headers: &r.headers,
                    body: &r.body,
                    json: json.as_ref(),
                }),
                Err(_) => None,
            },
            _ => None,
        };
        let next = flow.next(response, vars);
        match next {
            Next::Done => return,
            Next::Fail(mut failure) => {
                if let Some((label, _)) = &last {
                    failure.message = format!("{label}: {}", failure.message);
                }
                outcome.failures.push(failure);
                return;
            }
            Next::Send(labeled) => {
                if outcome.exchanges.len() >= MAX_REQUESTS {
                    outcome.failures.push(Failure {
                        kind: FailureKind::Body,
                        message: format!("stopped after {MAX_REQUESTS} requests in one step"),
                        diff: None,
                    });
                    return;
                }
                // A 429 with Retry-After is retried; the retried attempts are kept in the step.
                let sent = retry::send(target, &labeled.request, false).await;
                outcome.exchanges.extend(sent.retried);
                let (record, json) = (sent.record, sent.json);
                if let Err(error) = &record.response {
                    outcome.failures.push(Failure {
                        kind: FailureKind::Transport,
                        message: format!("{}: {error}", labeled.label),
                        diff: None,
                    });
                    outcome.exchanges.push(record);
                    return;
                }
                track_created(&labeled.request, &record, json.as_ref(), target, created);
                outcome.exchanges.push(record);
                last = Some((labeled.label, json));
            }
        }
    }
}
