//! `POST /.search` at the root (RFC 7644 §3.2 endpoint table, §3.4.3): one query over every
//! resource type. Users come before Groups; each resource keeps its own `schemas`; the filter is
//! evaluated per type, so an attribute one type lacks has no value there (RFC 7644 §3.4.2.1: "a
//! presence or equality filter for an undefined attribute evaluates to false").

use serde_json::{Value, json};

use crate::support::*;

/// Two users and two groups, created in this order: alice, bob, Admins (alice), Builders.
struct World {
    alice: String,
    bob: String,
    admins: String,
    builders: String,
}

async fn world(s: &Server) -> World {
    let alice = id_of(
        &s.create(
            "/Users",
            json!({"schemas": [USER], "userName": "alice", "displayName": "Alice A"}),
        )
        .await,
    );
    let bob = id_of(&s.create_user("bob").await);
    let admins = id_of(&s.create_group("Admins", &[&alice]).await);
    let builders = id_of(&s.create_group("Builders", &[]).await);
    World {
        alice,
        bob,
        admins,
        builders,
    }
}

/// `POST /.search` with a SearchRequest made of `fields`, as a client library sends it.
async fn search(s: &Server, fields: Value) -> Resp {
    let mut body = json!({"schemas": [SEARCH]});
    if let (Some(body), Value::Object(fields)) = (body.as_object_mut(), fields) {
        body.extend(fields);
    }
    s.post("/.search", &body).await
}

#[tokio::test]
async fn a_root_search_lists_users_then_groups_each_with_its_own_schemas() {
    let s = Server::start().await;
    let w = world(&s).await;
    let r = search(&s, json!({})).await;
    r.assert_status(200);
    assert_eq!(r.body["totalResults"], json!(4), "{}", r.text);
    assert_eq!(r.body["startIndex"], json!(1));
    assert_eq!(r.body["itemsPerPage"], json!(4));
    assert_eq!(
        list_ids(&r.body),
        vec![w.alice.clone(), w.bob, w.admins.clone(), w.builders]
    );
    let found = resources(&r.body);
    for user in &found[..2] {
        assert_eq!(user["schemas"], json!([USER]), "{user}");
        assert_eq!(user["meta"]["resourceType"], "User");
    }
    for group in &found[2..] {
        assert_eq!(group["schemas"], json!([GROUP]), "{group}");
        assert_eq!(group["meta"]["resourceType"], "Group");
    }
    // Each resource is its full representation, the same as a GET of it.
    assert_eq!(found[0], s.fetch(&format!("/Users/{}", w.alice)).await);
    assert_eq!(found[2], s.fetch(&format!("/Groups/{}", w.admins)).await);
}

#[tokio::test]
async fn the_filter_is_evaluated_per_resource_type() {
    let s = Server::start().await;
    let w = world(&s).await;
    // Both types have displayName.
    let r = search(&s, json!({"filter": "displayName sw \"A\""})).await;
    r.assert_status(200);
    assert_eq!(list_ids(&r.body), vec![w.alice.clone(), w.admins.clone()]);
    assert_eq!(r.body["totalResults"], json!(2));
    // Only users have userName; groups have no value for it and do not match.
    let r = search(&s, json!({"filter": "userName eq \"alice\""})).await;
    r.assert_status(200);
    assert_eq!(list_ids(&r.body), vec![w.alice.clone()]);
    // Only groups have members.
    let filter = format!("members.value eq \"{}\"", w.alice);
    let r = search(&s, json!({ "filter": filter })).await;
    r.assert_status(200);
    assert_eq!(list_ids(&r.body), vec![w.admins.clone()]);
    // One term per type, joined by `or`.
    let r = search(
        &s,
        json!({"filter": "userName eq \"bob\" or displayName eq \"Builders\""}),
    )
    .await;
    r.assert_status(200);
    assert_eq!(list_ids(&r.body), vec![w.bob.clone(), w.builders.clone()]);
    // RFC 7644 §3.4.2.1's own example restricts a root query to resource types.
    let r = search(
        &s,
        json!({"filter": "(meta.resourceType eq Group) or (meta.resourceType eq \"Nothing\")"}),
    )
    .await;
    r.assert_status(200);
    assert_eq!(
        list_ids(&r.body),
        vec![w.admins.clone(), w.builders.clone()]
    );
    // Enterprise attributes exist on users only.
    let r = search(
        &s,
        json!({"filter": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department pr"}),
    )
    .await;
    r.assert_status(200);
    assert_eq!(r.body["totalResults"], json!(0));
}

#[tokio::test]
async fn an_attribute_no_type_knows_is_the_per_type_400_invalid_filter() {
    let s = Server::start().await;
    world(&s).await;
    let per_type = s
        .post(
            "/Users/.search",
            &json!({"schemas": [SEARCH], "filter": "favouriteColour eq \"green\""}),
        )
        .await;
    per_type.assert_error(400, Some("invalidFilter"));
    let root = search(&s, json!({"filter": "favouriteColour eq \"green\""})).await;
    root.assert_error(400, Some("invalidFilter"));
    // Also when another term of the filter is known to a type.
    search(
        &s,
        json!({"filter": "userName eq \"alice\" or favouriteColour eq \"green\""}),
    )
    .await
    .assert_error(400, Some("invalidFilter"));
    // Errors a type would give for an attribute it has are still errors (RFC 7644 §3.4.2.2).
    search(&s, json!({"filter": "active gt true"}))
        .await
        .assert_error(400, Some("invalidFilter"));
    search(&s, json!({"filter": "userName eq"}))
        .await
        .assert_error(400, Some("invalidFilter"));
    // `.search` is POST only, as on /Users/.search.
    s.get("/.search").await.assert_error(405, None);
    // A body that is not a SearchRequest is refused as on /Users/.search.
    s.post("/.search", &json!({"schemas": [USER]}))
        .await
        .assert_error(400, Some("invalidSyntax"));
}

#[tokio::test]
async fn paging_counts_and_slices_the_combined_list() {
    let s = Server::start().await;
    let w = world(&s).await;
    let r = search(&s, json!({"startIndex": 2, "count": 2})).await;
    r.assert_status(200);
    assert_eq!(r.body["totalResults"], json!(4));
    assert_eq!(r.body["startIndex"], json!(2));
    assert_eq!(r.body["itemsPerPage"], json!(2));
    assert_eq!(list_ids(&r.body), vec![w.bob, w.admins]);
    let r = search(&s, json!({"startIndex": 4, "count": 10})).await;
    assert_eq!(list_ids(&r.body), vec![w.builders]);
    let r = search(&s, json!({"count": 0})).await;
    assert_eq!(r.body["totalResults"], json!(4));
    assert_eq!(r.body["itemsPerPage"], json!(0));
    assert!(list_ids(&r.body).is_empty());
}

#[tokio::test]
async fn sorting_spans_both_types() {
    let s = Server::start().await;
    let w = world(&s).await;
    let ids = |r: &Resp| {
        r.assert_status(200);
        list_ids(&r.body)
    };
    let (alice, bob, admins, builders) = (
        w.alice.as_str(),
        w.bob.as_str(),
        w.admins.as_str(),
        w.builders.as_str(),
    );
    // bob has no displayName: last ascending, first descending (RFC 7644 §3.4.2.3).
    let r = search(&s, json!({"sortBy": "displayName"})).await;
    assert_eq!(ids(&r), [admins, alice, builders, bob]);
    let r = search(
        &s,
        json!({"sortBy": "displayName", "sortOrder": "descending"}),
    )
    .await;
    assert_eq!(ids(&r), [bob, builders, alice, admins]);
    // An attribute of users only: the groups have no value for it, so descending puts them
    // first, in their stable order.
    let r = search(&s, json!({"sortBy": "userName", "sortOrder": "descending"})).await;
    assert_eq!(ids(&r), [admins, builders, bob, alice]);
    search(&s, json!({"sortBy": "favouriteColour"}))
        .await
        .assert_error(400, Some("invalidValue"));
}

#[tokio::test]
async fn attributes_and_excluded_attributes_apply_per_type() {
    let s = Server::start().await;
    let w = world(&s).await;
    let r = search(&s, json!({"attributes": ["userName", "members"]})).await;
    r.assert_status(200);
    let found = resources(&r.body);
    assert_eq!(found.len(), 4);
    assert_eq!(
        found[0],
        json!({"schemas": [USER], "id": w.alice, "userName": "alice"})
    );
    assert_eq!(found[2]["members"][0]["value"], json!(w.alice));
    assert!(found[2].get("displayName").is_none(), "{}", found[2]);
    assert!(found[3].get("members").is_none(), "{}", found[3]);
    let r = search(
        &s,
        json!({"excludedAttributes": "members,meta,displayName"}),
    )
    .await;
    r.assert_status(200);
    let found = resources(&r.body);
    assert_eq!(found[2], json!({"schemas": [GROUP], "id": w.admins}));
    assert_eq!(found[0]["userName"], "alice");
    assert!(found[0].get("displayName").is_none(), "{}", found[0]);
}
