//! Driving an IdP action ([`Flow`]): ask it what to send, send it, hand it the response, until
//! it is done or fails. Every exchange is recorded in the step's outcome; what a POST created is
//! remembered for cleanup, as for raw steps.

use serde_json::Value;

use super::cleanup::track_created;
use super::outcome::{Failure, FailureKind, StepOutcome};
use super::retry;
use super::target::Target;
use crate::idp::{Flow, Next, Response, Warnings, scim11};
use crate::protocol::Dialect;
use crate::protocol::Vars;

/// The userName Okta shows for the member with `id`: the identity whose `${name.id}` it is.
fn member_display(vars: &Vars, id: &str) -> Option<String> {
    vars.string_values().into_iter().find_map(|(name, value)| {
        let identity = name.strip_suffix(".id")?;
        (value == id)
            .then(|| vars.get(&format!("{identity}.userName")))
            .flatten()
            .and_then(Value::as_str)
            .map(str::to_owned)
    })
}

/// A bound on requests per step, in case a flow (or a server's answers) never converges.
const MAX_REQUESTS: usize = 20_000;

/// Runs `flow` to its end, recording into `outcome`. In SCIM 1.1 each request is sent in its
/// 1.1 spelling (`idp::scim11`). Returns whether the flow ended the scenario ([`Next::Stop`]).
pub async fn drive(
    flow: &mut dyn Flow,
    target: &Target,
    dialect: Dialect,
    vars: &mut Vars,
    outcome: &mut StepOutcome,
    created: &mut Vec<String>,
) -> bool {
    let mut last: Option<(&'static str, Option<Value>)> = None;
    let warnings = Warnings::default();
    loop {
        let response = match (&last, outcome.exchanges.last()) {
            (Some((_, json)), Some(record)) => match &record.response {
                Ok(r) => Some(Response {
                    status: r.status,
                    headers: &r.headers,
                    body: &r.body,
                    json: json.as_ref(),
                    warnings: &warnings,
                }),
                Err(_) => None,
            },
            _ => None,
        };
        let next = flow.next(response, vars);
        for mut warning in warnings.take() {
            if let Some((label, _)) = &last {
                warning.message = format!("{label}: {}", warning.message);
            }
            outcome.warnings.push(warning);
        }
        match next {
            Next::Done => return false,
            Next::Fail(mut failure) => {
                if let Some((label, _)) = &last {
                    failure.message = format!("{label}: {}", failure.message);
                }
                outcome.failures.push(failure);
                return false;
            }
            Next::Stop(mut warning) => {
                if let Some((label, _)) = &last {
                    warning.message = format!("{label}: {}", warning.message);
                }
                outcome.warnings.push(warning);
                return true;
            }
            Next::Send(labeled) => {
                if outcome.exchanges.len() >= MAX_REQUESTS {
                    outcome.failures.push(Failure::new(
                        FailureKind::Body,
                        format!("stopped after {MAX_REQUESTS} requests in one step"),
                    ));
                    return false;
                }
                let request = match dialect {
                    Dialect::Scim2 => labeled.request,
                    Dialect::Scim11 => {
                        match scim11::to_scim11(labeled.request, |id| member_display(vars, id)) {
                            Ok(request) => request,
                            Err(message) => {
                                outcome.failures.push(Failure::new(
                                    FailureKind::Body,
                                    format!("{}: {message}", labeled.label),
                                ));
                                return false;
                            }
                        }
                    }
                };
                // A 429 with Retry-After is retried; the retried attempts are kept in the step.
                let sent = retry::send(target, &request, false).await;
                outcome.exchanges.extend(sent.retried);
                let (record, json) = (sent.record, sent.json);
                if let Err(error) = &record.response {
                    outcome.failures.push(Failure::new(
                        FailureKind::Transport,
                        format!("{}: {error}", labeled.label),
                    ));
                    outcome.exchanges.push(record);
                    return false;
                }
                track_created(&request, &record, json.as_ref(), target, created);
                outcome.exchanges.push(record);
                last = Some((labeled.label, json));
            }
        }
    }
}
