//! Group push under load: for each group the IdP's lookup by displayName, the create (empty, as
//! both IdPs create groups), then its members in PATCHes of [`MEMBER_BATCH`], one after the
//! other (an IdP does not race its own writes to one group; a server that loses members under
//! concurrent PATCHes to one group is not failed for a load no IdP sends). Groups are pushed in
//! parallel with each other.

use super::pool::Job;
use super::shape::MEMBER_BATCH;
use super::users::{Ctx, Provisioned, created_id, found};

/// A group the push created (its members were sent, whether each PATCH was accepted or not).
#[derive(Debug, Clone)]
pub struct Pushed {
    pub id: String,
}

/// How a group push ended.
pub enum GroupPush {
    Created(Pushed),
    /// The lookup of a displayName never created found a group.
    LookupFound,
}

/// Pushes group `name` with `members`.
pub async fn push(ctx: &Ctx, name: &str, members: &[Provisioned]) -> Job<GroupPush> {
    let mut job = Job::new();
    let lookup = job
        .send(&ctx.client, "group-lookup", &ctx.idp.group_lookup(name))
        .await;
    let Some(n) = lookup.ok().and_then(|a| found(ctx.idp, &a)) else {
        return job;
    };
    job.accept_last();
    if n > 0 {
        return job.with(GroupPush::LookupFound);
    }
    let create = job
        .send(&ctx.client, "group-create", &ctx.idp.create_group(name))
        .await;
    let Some(id) = create.ok().as_ref().and_then(created_id) else {
        return job;
    };
    let members: Vec<(String, String)> = members
        .iter()
        .map(|m| (m.id.clone(), ctx.people[m.index].user_name.clone()))
        .collect();
    for batch in members.chunks(MEMBER_BATCH) {
        let _ = job
            .send(
                &ctx.client,
                "group-members",
                &ctx.idp.add_members(&id, batch),
            )
            .await;
    }
    job.with(GroupPush::Created(Pushed { id }))
}
