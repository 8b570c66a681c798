//! The read-back that proves the run: the paged listing of `/Users` (Okta's import,
//! `startIndex`/`count=100`, one page after the other as Okta reads them) and each pushed
//! group read by id. What they return is judged in [`super::verify`].

use std::time::{Duration, Instant};

use serde_json::Value;

use super::Progress;
use super::client::Answer;
use super::pool::Job;
use super::stats::{Recorder, Sent};
use super::users::Ctx;
use super::verify::{GroupRead, Page, member_ids};

/// Okta's import page size.
pub const PAGE: usize = 100;

/// Every page of `/Users`, until `totalResults` are read, a page comes back empty, or (a server
/// that never ends) more pages than the listing can hold were read.
pub async fn import(ctx: &Ctx, progress: &Progress) -> (Vec<Page>, Recorder, Duration) {
    let started = Instant::now();
    let kind = ctx.idp.list_kind();
    let mut recorder = Recorder::default();
    let mut pages: Vec<Page> = Vec::new();
    let mut start = 1usize;
    loop {
        let result = ctx
            .client
            .send(&ctx.idp.list_page("Users", start, PAGE))
            .await;
        recorder.add(&Sent::of(kind, &result));
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
        progress(kind, (start - 1).min(total), total);
        let runaway = pages.len() > total / PAGE + 10;
        if held == 0 || start > total || runaway {
            break;
        }
    }
    (pages, recorder, started.elapsed())
}

/// One pushed group read back by id.
pub async fn read_group(ctx: &Ctx, id: &str) -> Job<GroupRead> {
    let mut job = Job::new();
    let read = job
        .send(&ctx.client, "group-read", &ctx.idp.read_group(id))
        .await;
    let members = read
        .ok()
        .filter(Answer::is_success)
        .and_then(|a| a.json())
        .map(|g| member_ids(&g));
    job.with(GroupRead { members })
}
