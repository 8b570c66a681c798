//! One user's requests in each phase, as the IdP sends them ([`LoadIdp`]): the lookup and the
//! create, the profile update, the deactivation, and the cleanup's delete.

use serde_json::Value;

use super::client::{Answer, LoadClient};
use super::pool::Job;
use super::shape::{LoadIdp, Update};
use crate::protocol::{Identity, PreparedRequest};

/// What every job of a run shares.
pub struct Ctx {
    pub client: LoadClient,
    pub idp: LoadIdp,
    pub people: Vec<Identity>,
}

/// A user the create phase provisioned.
#[derive(Debug, Clone)]
pub struct Provisioned {
    pub index: usize,
    pub id: String,
}

/// How an assignment ended.
pub enum Assigned {
    Created(Provisioned),
    /// The lookup of a userName never created found a user.
    LookupFound,
}

/// How many resources a lookup found: a 2xx's `Resources`, or none for a 404 when the IdP
/// accepts that as "not found". `None`: the lookup failed, and the IdP does not create.
pub fn found(idp: LoadIdp, answer: &Answer) -> Option<usize> {
    match answer.status {
        404 if idp.lookup_404_is_not_found() => Some(0),
        _ if answer.is_success() => Some(
            answer
                .json()
                .and_then(|b| b.get("Resources").and_then(Value::as_array).map(Vec::len))
                .unwrap_or(0),
        ),
        _ => None,
    }
}

/// The id of a 2xx's resource.
pub fn created_id(answer: &Answer) -> Option<String> {
    if !answer.is_success() {
        return None;
    }
    answer
        .json()
        .and_then(|b| b.get("id").and_then(Value::as_str).map(str::to_owned))
}

/// How the IdP's lookup-then-create of one resource ended.
pub enum LookedUp {
    /// Created, with its id.
    Created(String),
    /// The lookup of a name never created found something: the filter was ignored, or matched
    /// another resource. The IdP would link to it and not create.
    Found,
    /// The lookup or the create failed.
    Failed,
}

/// The IdP's lookup (`kinds.0`), then, when it found nothing, the create (`kinds.1`): one
/// sequence for users and groups alike.
pub async fn lookup_then_create<T>(
    ctx: &Ctx,
    job: &mut Job<T>,
    kinds: (&'static str, &'static str),
    lookup: &PreparedRequest,
    create: &PreparedRequest,
) -> LookedUp {
    let answer = job.send(&ctx.client, kinds.0, lookup).await;
    let Some(n) = answer.ok().and_then(|a| found(ctx.idp, &a)) else {
        return LookedUp::Failed;
    };
    job.accept_last();
    if n > 0 {
        return LookedUp::Found;
    }
    let created = job.send(&ctx.client, kinds.1, create).await;
    match created.ok().as_ref().and_then(created_id) {
        Some(id) => LookedUp::Created(id),
        None => LookedUp::Failed,
    }
}

/// Assign: the lookup by userName, then the create.
pub async fn assign(ctx: &Ctx, i: usize) -> Job<Assigned> {
    let person = &ctx.people[i];
    let mut job = Job::new();
    let (lookup, create) = (
        ctx.idp.user_lookup(&person.user_name),
        ctx.idp.create_user(person),
    );
    match lookup_then_create(ctx, &mut job, ("lookup", "create"), &lookup, &create).await {
        LookedUp::Created(id) => job.with(Assigned::Created(Provisioned { index: i, id })),
        LookedUp::Found => job.with(Assigned::LookupFound),
        LookedUp::Failed => job,
    }
}

/// The update wave: the givenName changed as the IdP pushes it; the value is the new name
/// when the server accepted it.
pub async fn update(ctx: &Ctx, user: &Provisioned) -> Job<String> {
    let mut person = ctx.people[user.index].clone();
    person.given_name = super::people::updated_given_name(&person);
    let mut job = Job::new();
    let (kind, request) = match ctx.idp.update(&user.id, &person.given_name) {
        Update::Patch(request) => ("update", request),
        Update::ReadThenPut => {
            let read = job
                .send(&ctx.client, "read", &ctx.idp.read_user(&user.id))
                .await;
            let Some(current) = read.ok().filter(Answer::is_success).and_then(|a| a.json()) else {
                return job;
            };
            ("replace", ctx.idp.put_user(&user.id, &person, &current))
        }
    };
    let sent = job.send(&ctx.client, kind, &request).await;
    if sent.is_ok_and(|a| a.is_success()) {
        job.with(person.given_name)
    } else {
        job
    }
}

/// The deactivation of one user: whether the server accepted it.
pub async fn deactivate(ctx: &Ctx, user: &Provisioned) -> Job<bool> {
    let mut job = Job::new();
    let sent = job
        .send(&ctx.client, "deactivate", &ctx.idp.deactivate(&user.id))
        .await;
    let accepted = sent.is_ok_and(|a| a.is_success());
    job.with(accepted)
}

/// The cleanup's delete (no IdP's doing: Okta never deletes, Entra only after 30 days).
pub async fn delete(ctx: &Ctx, kind: &'static str, resource: &str, id: &str) -> Job<()> {
    let mut job = Job::new();
    let _ = job
        .send(&ctx.client, kind, &ctx.idp.delete(resource, id))
        .await;
    job.with(())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::protocol::EntraPatch;

    fn answer(status: u16, body: &str) -> Answer {
        Answer {
            status,
            body: bytes::Bytes::copy_from_slice(body.as_bytes()),
            latency: Duration::ZERO,
            at: Duration::ZERO,
            retries: 0,
            throttled: Duration::ZERO,
        }
    }

    /// Regression: a server answering a lookup of an unknown userName with 404 (which Okta
    /// accepts) was counted as failing every provisioning.
    #[test]
    fn a_lookup_404_is_not_found_for_okta_and_a_500_is_a_failed_lookup() {
        let okta = LoadIdp::Okta;
        assert_eq!(found(okta, &answer(404, "")), Some(0));
        assert_eq!(found(okta, &answer(200, r#"{"Resources": []}"#)), Some(0));
        assert_eq!(found(okta, &answer(200, r#"{"Resources": [{}]}"#)), Some(1));
        assert_eq!(found(okta, &answer(500, "")), None);
        assert_eq!(found(okta, &answer(400, "")), None);
    }

    /// Entra wants a ListResponse, also when empty: its lookup's 404 is a failed lookup.
    #[test]
    fn a_lookup_404_is_a_failure_for_entra() {
        assert_eq!(
            found(LoadIdp::Entra(EntraPatch::Legacy), &answer(404, "")),
            None
        );
    }
}
