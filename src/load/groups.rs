//! Group push under load: for each group the IdP's lookup by displayName, the create (empty, as
//! both IdPs create groups), then its members in PATCHes of [`MEMBER_BATCH`], one after the
//! other (an IdP does not race its own writes to one group; a server that loses members under
//! concurrent PATCHes to one group is not failed for a load no IdP sends). Groups are pushed in
//! parallel with each other.

use super::pool::Job;
use super::shape::MEMBER_BATCH;
use super::users::{Ctx, LookedUp, Provisioned, lookup_then_create};

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
    let (lookup, create) = (ctx.idp.group_lookup(name), ctx.idp.create_group(name));
    let kinds = ("group-lookup", "group-create");
    let id = match lookup_then_create(ctx, &mut job, kinds, &lookup, &create).await {
        LookedUp::Created(id) => id,
        LookedUp::Found => return job.with(GroupPush::LookupFound),
        LookedUp::Failed => return job,
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
