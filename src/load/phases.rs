//! The run, phase by phase, in the order an IdP provisions a mass assignment: assign every user
//! (lookup, create), push the groups with their members, a wave of updates, a wave of
//! deactivations, then the import and the group read-backs that prove nothing was lost, the
//! steady-state reads (`--duration`), and the cleanup. Each phase is a [`pool`] of jobs.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::check::Check;
use super::client::{LoadClient, Ready};
use super::gate::judge;
use super::groups::{GroupPush, Pushed, push};
use super::listing::{import, read_group};
use super::outcome::{LoadInfo, LoadOutcome, OperationSummary};
use super::people::{group_name, group_of, person};
use super::pool::{self, Job, Pace, Phase, Work};
use super::stats::{Recorder, Sample};
use super::timeline::{histogram, timeline};
use super::users::{Assigned, Ctx, Provisioned, assign, deactivate, delete, update};
use super::verify::{
    GroupRead, GroupWritten, Written, checks, group_checks, verify, verify_groups,
};
use super::{LoadError, LoadPlan, Progress};

/// One user in this many is deactivated by the deactivation wave.
pub const DEACTIVATE_EVERY: usize = 10;

/// Request kinds in the order the run sends them (the reports keep it).
pub const KINDS: [&str; 15] = [
    "lookup",
    "create",
    "group-lookup",
    "group-create",
    "group-members",
    "read",
    "replace",
    "update",
    "deactivate",
    "import",
    "list",
    "group-read",
    "steady",
    "group-delete",
    "delete",
];

/// What the phases have measured so far.
#[derive(Default)]
struct Tally {
    summaries: Vec<OperationSummary>,
    samples: Vec<Sample>,
    late: u64,
}

impl Tally {
    fn phase<T>(&mut self, phase: Phase<T>) -> Vec<Option<T>> {
        self.late += phase.late;
        self.add(phase.recorders, phase.wall);
        phase.values
    }

    fn add(&mut self, recorders: BTreeMap<&'static str, Recorder>, wall: Duration) {
        for (kind, r) in recorders {
            self.samples.extend_from_slice(r.samples());
            self.summaries.push(OperationSummary {
                kind,
                count: r.count(),
                errors: r.errors().clone(),
                retries: r.retries,
                throttled: r.throttled,
                throughput_rps: r.count() as f64 / wall.as_secs_f64().max(1e-9),
                latency: r.percentiles(),
            });
        }
    }
}

/// Every phase, then the checks and gates.
pub async fn run(plan: &LoadPlan, progress: &Progress) -> Result<LoadOutcome, LoadError> {
    let client = LoadClient::new(
        &plan.base_url,
        plan.authorization.as_deref(),
        plan.bundled,
        plan.timeout,
    )?;
    let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let started = Instant::now();
    let ctx = Arc::new(Ctx {
        client,
        idp: plan.idp,
        people: (0..plan.users).map(|i| person(&plan.run_tag, i)).collect(),
    });
    let pace = Pace {
        concurrency: plan.concurrency,
        rate: plan.rate,
    };
    let mut tally = Tally::default();

    // 1. Assign: the lookup by userName, then the create.
    let c = ctx.clone();
    let assigned = tally.phase(
        pool::run(
            "assign",
            Work::Count(plan.users),
            pace,
            progress,
            move |i| {
                let c = c.clone();
                async move { assign(&c, i).await }
            },
        )
        .await,
    );
    let (mut provisioned, mut lookups_found) = (Vec::new(), 0usize);
    for value in assigned.into_iter().flatten() {
        match value {
            Assigned::Created(p) => provisioned.push(p),
            Assigned::LookupFound => lookups_found += 1,
        }
    }
    let provisioned = Arc::new(provisioned);

    // 2. Group push: users dealt round the groups, each group's members in batches.
    let mut members_of: Vec<Vec<Provisioned>> = vec![Vec::new(); plan.groups];
    for p in provisioned.iter() {
        if let Some(g) = group_of(p.index, plan.groups) {
            members_of[g].push(p.clone());
        }
    }
    let members_of = Arc::new(members_of);
    let (c, m, tag) = (ctx.clone(), members_of.clone(), plan.run_tag.clone());
    let pushes = tally.phase(
        pool::run(
            "groups",
            Work::Count(plan.groups),
            pace,
            progress,
            move |g| {
                let (c, m, name) = (c.clone(), m.clone(), group_name(&tag, g));
                async move { push(&c, &name, &m[g]).await }
            },
        )
        .await,
    );
    let mut group_lookups_found = 0usize;
    let pushed: Vec<Option<Pushed>> = pushes
        .into_iter()
        .map(|p| match p {
            Some(GroupPush::Created(p)) => Some(p),
            Some(GroupPush::LookupFound) => {
                group_lookups_found += 1;
                None
            }
            None => None,
        })
        .collect();

    // 3. A wave of profile updates.
    let (c, p) = (ctx.clone(), provisioned.clone());
    let updated = tally.phase(
        pool::run(
            "update",
            Work::Count(provisioned.len()),
            pace,
            progress,
            move |i| {
                let (c, p) = (c.clone(), p.clone());
                async move { update(&c, &p[i]).await }
            },
        )
        .await,
    );

    // 4. A wave of deactivations: one user in DEACTIVATE_EVERY.
    let chosen: Arc<Vec<Provisioned>> = Arc::new(
        provisioned
            .iter()
            .filter(|p| p.index % DEACTIVATE_EVERY == 0)
            .cloned()
            .collect(),
    );
    let (c, d) = (ctx.clone(), chosen.clone());
    let deactivated = tally.phase(
        pool::run(
            "deactivate",
            Work::Count(chosen.len()),
            pace,
            progress,
            move |i| {
                let (c, d) = (c.clone(), d.clone());
                async move { deactivate(&c, &d[i]).await }
            },
        )
        .await,
    );
    let deactivated_ids: BTreeSet<&str> = chosen
        .iter()
        .zip(&deactivated)
        .filter(|(_, accepted)| **accepted == Some(true))
        .map(|(p, _)| p.id.as_str())
        .collect();
    let attempted: BTreeSet<&str> = chosen.iter().map(|p| p.id.as_str()).collect();

    // 5. The import, then every pushed group read back.
    let (pages, recorder, wall) = import(&ctx, progress).await;
    tally.add(BTreeMap::from([(ctx.idp.list_kind(), recorder)]), wall);
    let group_ids: Arc<Vec<String>> =
        Arc::new(pushed.iter().flatten().map(|p| p.id.clone()).collect());
    let (c, ids) = (ctx.clone(), group_ids.clone());
    let reads = tally.phase(
        pool::run(
            "group-read",
            Work::Count(group_ids.len()),
            pace,
            progress,
            move |i| {
                let (c, ids) = (c.clone(), ids.clone());
                async move { read_group(&c, &ids[i]).await }
            },
        )
        .await,
    );

    let written: Vec<Written> = provisioned
        .iter()
        .enumerate()
        .map(|(i, p)| Written {
            id: p.id.clone(),
            given_name: updated.get(i).cloned().flatten(),
            deactivated: deactivated_ids.contains(p.id.as_str()),
        })
        .collect();
    let mut verification = verify(&written, &pages);
    let mut reads = reads.into_iter();
    let (groups_written, groups_read): (Vec<GroupWritten>, Vec<GroupRead>) = members_of
        .iter()
        .zip(&pushed)
        .map(|(members, pushed)| {
            let (exempt, kept): (Vec<&Provisioned>, Vec<&Provisioned>) = members
                .iter()
                .partition(|m| attempted.contains(m.id.as_str()));
            let read = match pushed {
                Some(_) => reads
                    .next()
                    .flatten()
                    .unwrap_or(GroupRead { members: None }),
                None => GroupRead { members: None },
            };
            let written = GroupWritten {
                id: pushed.as_ref().map(|p| p.id.clone()).unwrap_or_default(),
                members: kept.iter().map(|m| m.id.clone()).collect(),
                exempt: exempt.iter().map(|m| m.id.clone()).collect(),
            };
            (written, read)
        })
        .unzip();
    verify_groups(&mut verification, &groups_written, &groups_read);

    // 6. Steady state: reads of the provisioned users for the asked duration, each request
    // prepared once so that the generator's cost per request is the HTTP client's alone.
    if let (Some(duration), false) = (plan.steady, provisioned.is_empty()) {
        let reads: Arc<Vec<Ready>> = Arc::new(
            provisioned
                .iter()
                .filter_map(|p| ctx.client.prepare(&ctx.idp.read_user(&p.id)).ok())
                .collect(),
        );
        let c = ctx.clone();
        let work = if reads.is_empty() {
            Work::Count(0)
        } else {
            Work::For(duration)
        };
        tally.phase(
            pool::run("steady", work, pace, progress, move |i| {
                let (c, reads) = (c.clone(), reads.clone());
                async move {
                    let mut job = Job::new();
                    let _ = job
                        .send_ready(&c.client, "steady", &reads[i % reads.len()])
                        .await;
                    job.with(())
                }
            })
            .await,
        );
    }

    // 7. Cleanup (not an IdP's doing), groups first.
    if !plan.keep {
        let (c, ids) = (ctx.clone(), group_ids.clone());
        tally.phase(
            pool::run(
                "group-delete",
                Work::Count(group_ids.len()),
                pace,
                progress,
                move |i| {
                    let (c, ids) = (c.clone(), ids.clone());
                    async move { delete(&c, "group-delete", "Groups", &ids[i]).await }
                },
            )
            .await,
        );
        let (c, p) = (ctx.clone(), provisioned.clone());
        tally.phase(
            pool::run(
                "delete",
                Work::Count(provisioned.len()),
                pace,
                progress,
                move |i| {
                    let (c, p) = (c.clone(), p.clone());
                    async move { delete(&c, "delete", "Users", &p[i].id).await }
                },
            )
            .await,
        );
    }

    let duration = started.elapsed();
    tally
        .summaries
        .sort_by_key(|s| KINDS.iter().position(|k| *k == s.kind));
    let groups_pushed = pushed.iter().flatten().count();
    let mut all_checks = vec![Check {
        name: "every user is provisioned",
        passed: provisioned.len() == plan.users,
        detail: format!("{} of {} users created", provisioned.len(), plan.users),
        why: "a create that fails is an assignment that fails: the person gets no account",
    }];
    if plan.groups > 0 {
        all_checks.push(Check {
            name: "every group is pushed",
            passed: groups_pushed == plan.groups,
            detail: format!("{groups_pushed} of {} groups created", plan.groups),
            why: "a group push that fails leaves its members without the access the group grants",
        });
    }
    all_checks.push(Check {
        name: "a lookup of a new name finds nothing",
        passed: lookups_found == 0 && group_lookups_found == 0,
        detail: format!(
            "{lookups_found} user lookups and {group_lookups_found} group lookups of names never created found a resource"
        ),
        why: "the IdP links an assignment to what its lookup finds: a filter that is ignored links the wrong account (RFC 7644 §3.4.2.2)",
    });
    all_checks.extend(checks(&verification));
    all_checks.extend(group_checks(&verification));
    let failed: u64 = tally
        .summaries
        .iter()
        .map(OperationSummary::error_count)
        .sum();
    all_checks.push(Check {
        name: "every request succeeds (after retries)",
        passed: failed == 0,
        detail: format!("{failed} requests did not end in an accepted answer"),
        why: "an IdP retries throttled and failed requests a few times, then fails the task and leaves the user out of sync",
    });
    let gates = judge(&plan.gates, &tally.summaries, duration);

    Ok(LoadOutcome {
        info: LoadInfo {
            target: plan.base_url.clone(),
            bundled: plan.bundled,
            idp: plan.idp,
            users: plan.users,
            groups: plan.groups,
            concurrency: plan.concurrency,
            rate: plan.rate,
            steady: plan.steady,
            late_starts: tally.late,
            run_tag: plan.run_tag.clone(),
            started_at,
            duration,
            scimulate_version: env!("CARGO_PKG_VERSION").to_owned(),
        },
        operations: tally.summaries,
        verification,
        checks: all_checks,
        gates,
        timeline: timeline(&tally.samples),
        histogram: histogram(&tally.samples),
    })
}
