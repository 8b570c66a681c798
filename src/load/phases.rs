//! The phases of a load run, each a pool of `concurrency` workers over the users (a worker takes
//! the next user and sends that user's requests in order, as an IdP's provisioning worker does),
//! and the import, which reads its pages one after the other as Okta does.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::Value;

use super::check::Check;
use super::client::{Answer, LoadClient, NoAnswer};
use super::outcome::{LoadInfo, LoadOutcome, OperationSummary};
use super::stats::{Recorder, Sent};
use super::verify::{Page, Written, checks, verify};
use super::{LoadError, LoadPlan, Progress};
use crate::idp::okta::bodies::set_active;
use crate::protocol::{Identity, PreparedRequest, resource_path};

/// Okta's import page size.
const PAGE: usize = 100;
/// One user in this many is deactivated by the deactivation wave.
const DEACTIVATE_EVERY: usize = 10;

/// The person behind user `i`: cheap and unique per run tag.
fn identity(run_tag: &str, i: usize) -> Identity {
    let user_name = format!("load-{run_tag}-{i:06}@example.com");
    Identity {
        email: user_name.clone(),
        user_name,
        given_name: format!("Given{i}"),
        family_name: format!("Load{run_tag}"),
        display_name: format!("Given{i} Load{run_tag}"),
        external_id: format!("00uload{i:012}"),
        password: format!("Pw-{run_tag}-{i}!"),
    }
}

/// A request's path and query as Okta writes it (`%20` for spaces).
fn okta_path(path: &str, query: &[(&str, &str)]) -> String {
    PreparedRequest {
        method: String::new(),
        path: path.to_owned(),
        headers: Vec::new(),
        body: None,
        auth: None,
    }
    .with_query(query.iter().copied())
    .path
}

/// How many users a lookup found: a 2xx's `Resources`, or none for a 404, which Okta accepts as
/// "not found" besides the preferred empty ListResponse (okta-scim-behaviour §1.2). `None`: the
/// lookup failed, and Okta does not create.
fn users_found(answer: &Answer) -> Option<usize> {
    match answer.status {
        404 => Some(0),
        _ if answer.is_success() => Some(
            answer
                .json()
                .and_then(|b| b.get("Resources").and_then(Value::as_array).map(Vec::len))
                .unwrap_or(0),
        ),
        _ => None,
    }
}

/// What one user's requests in a phase produced.
struct Job<T> {
    value: Option<T>,
    sent: Vec<Sent>,
}

/// Sends and notes: the answer for the job, the cost for the recorders.
async fn send(
    client: &LoadClient,
    sent: &mut Vec<Sent>,
    kind: &'static str,
    method: Method,
    path: &str,
    body: Option<&Value>,
) -> Result<Answer, NoAnswer> {
    let result = client.send(method, path, body).await;
    sent.push(Sent::of(kind, &result));
    result
}

/// Runs `job` for every index of `items` on `concurrency` workers; returns each item's value,
/// the merged recorders by kind, and the phase's wall time.
async fn pool<I, T, F, Fut>(
    name: &str,
    items: Arc<Vec<I>>,
    concurrency: usize,
    progress: &Progress,
    job: F,
) -> (Vec<Option<T>>, BTreeMap<&'static str, Recorder>, Duration)
where
    I: Send + Sync + 'static,
    T: Send + 'static,
    F: Fn(Arc<Vec<I>>, usize) -> Fut + Send + Sync + Clone + 'static,
    Fut: Future<Output = Job<T>> + Send + 'static,
{
    let next = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let total = items.len();
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..concurrency.max(1).min(total.max(1)) {
        let (items, next, done, job) = (items.clone(), next.clone(), done.clone(), job.clone());
        workers.spawn(async move {
            let mut values = Vec::new();
            let mut recorders: BTreeMap<&'static str, Recorder> = BTreeMap::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= items.len() {
                    break;
                }
                let result = job(items.clone(), i).await;
                for sent in &result.sent {
                    recorders.entry(sent.kind).or_default().add(sent);
                }
                values.push((i, result.value));
                done.fetch_add(1, Ordering::Relaxed);
            }
            (values, recorders)
        });
    }
    let mut values: Vec<Option<T>> = (0..total).map(|_| None).collect();
    let mut recorders: BTreeMap<&'static str, Recorder> = BTreeMap::new();
    let mut ticker = tokio::time::interval(Duration::from_millis(100));
    loop {
        tokio::select! {
            joined = workers.join_next() => match joined {
                Some(Ok((worker_values, worker_recorders))) => {
                    for (i, v) in worker_values {
                        values[i] = v;
                    }
                    for (kind, r) in worker_recorders {
                        recorders.entry(kind).or_default().merge(r);
                    }
                }
                // A worker that panicked lost its users: they count as not done.
                Some(Err(_)) => {}
                None => break,
            },
            _ = ticker.tick() => progress(name, done.load(Ordering::Relaxed), total),
        }
    }
    progress(name, total, total);
    (values, recorders, started.elapsed())
}

/// A user the create phase provisioned.
#[derive(Clone)]
struct Provisioned {
    index: usize,
    id: String,
}

/// Every phase, then the checks.
pub async fn run(plan: &LoadPlan, progress: &Progress) -> Result<LoadOutcome, LoadError> {
    let client = LoadClient::new(
        &plan.base_url,
        plan.authorization.as_deref(),
        plan.bundled,
        plan.timeout,
    )?;
    let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let started = Instant::now();
    let people: Arc<Vec<Identity>> = Arc::new(
        (0..plan.users)
            .map(|i| identity(&plan.run_tag, i))
            .collect(),
    );
    let mut summaries: Vec<OperationSummary> = Vec::new();
    let mut lookup_found = 0usize;

    // 1. Assign: Okta's lookup by userName, then the create.
    let c = client.clone();
    let (created, recorders, wall) = pool(
        "assign",
        people.clone(),
        plan.concurrency,
        progress,
        move |people, i| {
            let c = c.clone();
            async move {
                let person = &people[i];
                let mut sent = Vec::new();
                let filter = format!("userName eq \"{}\"", person.user_name);
                let path = okta_path(
                    "/Users",
                    &[("filter", &filter), ("startIndex", "1"), ("count", "100")],
                );
                let lookup = send(&c, &mut sent, "lookup", Method::GET, &path, None).await;
                let Some(found) = lookup.ok().and_then(|a| users_found(&a)) else {
                    return Job { value: None, sent };
                };
                if let Some(last) = sent.last_mut() {
                    last.ok = true;
                }
                if found > 0 {
                    // A fresh userName found: the filter was ignored, or matched another user.
                    return Job {
                        value: Some(Err(found)),
                        sent,
                    };
                }
                let body = person.create_body();
                let create =
                    send(&c, &mut sent, "create", Method::POST, "/Users", Some(&body)).await;
                let id = match &create {
                    Ok(a) if a.is_success() => a
                        .json()
                        .and_then(|b| b.get("id").and_then(Value::as_str).map(str::to_owned)),
                    _ => None,
                };
                Job {
                    value: id.map(|id| Ok(Provisioned { index: i, id })),
                    sent,
                }
            }
        },
    )
    .await;
    summaries.extend(summarise(recorders, wall));
    let mut provisioned: Vec<Provisioned> = Vec::new();
    for value in created.into_iter().flatten() {
        match value {
            Ok(p) => provisioned.push(p),
            Err(_) => lookup_found += 1,
        }
    }
    let provisioned = Arc::new(provisioned);

    // 2. A wave of profile updates: Okta reads the user, then PUTs the whole object.
    let (c, p) = (client.clone(), people.clone());
    let (updated, recorders, wall) = pool(
        "update",
        provisioned.clone(),
        plan.concurrency,
        progress,
        move |users, i| {
            let (c, people) = (c.clone(), p.clone());
            async move {
                let user = &users[i];
                let mut sent = Vec::new();
                let path = resource_path("Users", &user.id);
                let read = send(&c, &mut sent, "read", Method::GET, &path, None).await;
                let current = match &read {
                    Ok(a) if a.is_success() => a.json(),
                    _ => None,
                };
                let Some(current) = current else {
                    return Job { value: None, sent };
                };
                let mut person = people[user.index].clone();
                person.given_name = format!("{}u", person.given_name);
                let body = person.put_body(&current, None);
                let put = send(&c, &mut sent, "replace", Method::PUT, &path, Some(&body)).await;
                let applied = matches!(&put, Ok(a) if a.is_success());
                Job {
                    value: applied.then_some(person.given_name),
                    sent,
                }
            }
        },
    )
    .await;
    summaries.extend(summarise(recorders, wall));

    // 3. A wave of deactivations: Okta's path-less PATCH active false.
    let c = client.clone();
    let (deactivated, recorders, wall) = pool(
        "deactivate",
        provisioned.clone(),
        plan.concurrency,
        progress,
        move |users, i| {
            let c = c.clone();
            async move {
                let user = &users[i];
                let mut sent = Vec::new();
                if user.index % DEACTIVATE_EVERY != 0 {
                    return Job {
                        value: Some(false),
                        sent,
                    };
                }
                let path = resource_path("Users", &user.id);
                let body = set_active(false);
                let patch = send(
                    &c,
                    &mut sent,
                    "deactivate",
                    Method::PATCH,
                    &path,
                    Some(&body),
                )
                .await;
                Job {
                    value: Some(matches!(&patch, Ok(a) if a.is_success())),
                    sent,
                }
            }
        },
    )
    .await;
    summaries.extend(summarise(recorders, wall));

    // 4. Okta's import: every page of /Users, one after the other.
    let (pages, recorder, wall) = import(&client, progress).await;
    summaries.extend(summarise(BTreeMap::from([("import", recorder)]), wall));

    let written: Vec<Written> = provisioned
        .iter()
        .enumerate()
        .map(|(i, p)| Written {
            id: p.id.clone(),
            given_name: updated.get(i).cloned().flatten(),
            deactivated: deactivated.get(i).copied().flatten().unwrap_or(false),
        })
        .collect();
    let verification = verify(&written, &pages);

    // 5. Cleanup (not an IdP's doing: Okta never deletes).
    if !plan.keep {
        let c = client.clone();
        let (_, recorders, wall) = pool(
            "delete",
            provisioned.clone(),
            plan.concurrency,
            progress,
            move |users, i| {
                let c = c.clone();
                async move {
                    let mut sent = Vec::new();
                    let path = resource_path("Users", &users[i].id);
                    let _ = send(&c, &mut sent, "delete", Method::DELETE, &path, None).await;
                    Job {
                        value: Some(()),
                        sent,
                    }
                }
            },
        )
        .await;
        summaries.extend(summarise(recorders, wall));
    }

    let mut all_checks = vec![
        Check {
            name: "every user is provisioned",
            passed: provisioned.len() == plan.users,
            detail: format!("{} of {} users created", provisioned.len(), plan.users),
            why: "a create that fails is an assignment that fails: the person gets no account",
        },
        Check {
            name: "a lookup of a new userName finds nothing",
            passed: lookup_found == 0,
            detail: format!("{lookup_found} lookups of a userName never created found a user"),
            why: "Okta links an assignment to what its userName lookup finds: a filter that is ignored links the wrong account (RFC 7644 §3.4.2.2)",
        },
    ];
    all_checks.extend(checks(&verification));
    let failed: u64 = summaries.iter().map(OperationSummary::error_count).sum();
    all_checks.push(Check {
        name: "every request succeeds (after retries)",
        passed: failed == 0,
        detail: format!("{failed} requests did not end in a 2xx"),
        why: "Okta retries throttled and failed requests a few times, then fails the task and leaves the user out of sync",
    });

    Ok(LoadOutcome {
        info: LoadInfo {
            target: plan.base_url.clone(),
            bundled: plan.bundled,
            users: plan.users,
            concurrency: plan.concurrency,
            run_tag: plan.run_tag.clone(),
            started_at,
            duration: started.elapsed(),
            scimulate_version: env!("CARGO_PKG_VERSION").to_owned(),
        },
        operations: summaries,
        verification,
        checks: all_checks,
    })
}

/// Okta's import: `GET /Users?startIndex=k&count=100` until `totalResults` are read, a page comes
/// back empty, or (a server that never ends) more pages than the listing can hold were read.
async fn import(client: &LoadClient, progress: &Progress) -> (Vec<Page>, Recorder, Duration) {
    let started = Instant::now();
    let mut recorder = Recorder::default();
    let mut pages: Vec<Page> = Vec::new();
    let mut start = 1usize;
    loop {
        let (s, c) = (start.to_string(), PAGE.to_string());
        let path = okta_path("/Users", &[("startIndex", &s), ("count", &c)]);
        let result = client.send(Method::GET, &path, None).await;
        recorder.add(&Sent::of("import", &result));
        let Some(body) = result
            .ok()
            .filter(Answer::is_success)
            .and_then(|a| a.json())
        else {
            break;
        };
        let total = body.get("totalResults").and_then(Value::as_u64);
        let resources = body
            .get("Resources")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let held = resources.len();
        pages.push(Page {
            total_results: total,
            resources,
        });
        start += held;
        let total = total.unwrap_or(0) as usize;
        progress("import", (start - 1).min(total), total);
        let runaway = pages.len() > total / PAGE + 10;
        if held == 0 || start > total || runaway {
            break;
        }
    }
    (pages, recorder, started.elapsed())
}

/// The phase's recorders as summaries, with the phase's wall time for throughput.
fn summarise(recorders: BTreeMap<&'static str, Recorder>, wall: Duration) -> Vec<OperationSummary> {
    let mut out: Vec<OperationSummary> = recorders
        .into_iter()
        .map(|(kind, r)| OperationSummary {
            kind,
            count: r.count(),
            errors: r.errors().clone(),
            retries: r.retries,
            throttled: r.throttled,
            throughput_rps: r.count() as f64 / wall.as_secs_f64().max(1e-9),
            latency: r.percentiles(),
        })
        .collect();
    // In the order the IdP sends them.
    let order = [
        "lookup",
        "create",
        "read",
        "replace",
        "deactivate",
        "import",
        "delete",
    ];
    out.sort_by_key(|s| order.iter().position(|k| *k == s.kind));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Answer {
        Answer {
            status,
            body: body.as_bytes().to_vec(),
            latency: Duration::ZERO,
            retries: 0,
            throttled: Duration::ZERO,
        }
    }

    /// Regression: a server answering a lookup of an unknown userName with 404 (which Okta
    /// accepts) was counted as failing every provisioning.
    #[test]
    fn a_lookup_404_is_not_found_and_a_500_is_a_failed_lookup() {
        assert_eq!(users_found(&answer(404, "")), Some(0));
        assert_eq!(users_found(&answer(200, r#"{"Resources": []}"#)), Some(0));
        assert_eq!(users_found(&answer(200, r#"{"Resources": [{}]}"#)), Some(1));
        assert_eq!(users_found(&answer(500, "")), None);
        assert_eq!(users_found(&answer(400, "")), None);
    }
}
