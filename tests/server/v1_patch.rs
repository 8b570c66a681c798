//! SCIM 1.1 PATCH through `/scim/v1`, with the exact bodies Okta sends to 1.1 integrations
//! (okta-scim-behaviour §1.11), each checked through both versions.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{Server, sorted};
use crate::v1::{
    CORE, ENTERPRISE_V1, assert_v1, assert_v1_error, v1_create, v1_get, v1_send, v1_user,
};

fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_string()
}

async fn patch(s: &Server, path: &str, body: Value) -> Value {
    let r = v1_send(s, Method::PATCH, path, body).await;
    assert_v1(&r, 200);
    r.body
}

/// The member ids of a group, read through 2.0.
async fn members_v2(s: &Server, gid: &str) -> Vec<String> {
    let g = s.fetch(&format!("/Groups/{gid}")).await;
    sorted(
        g["members"]
            .as_array()
            .map(|ms| {
                ms.iter()
                    .map(|m| m["value"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default(),
    )
}

#[tokio::test]
async fn okta_deactivate_and_reactivate() {
    let s = Server::start().await;
    let u = v1_create(
        &s,
        "/Users",
        json!({"schemas": [CORE], "userName": "d@x", "active": true, "nickName": "D"}),
    )
    .await;
    let uid = id(&u);
    let path = format!("/Users/{uid}");
    let out = patch(
        &s,
        &path,
        json!({"schemas": [CORE], "id": uid, "active": false}),
    )
    .await;
    assert_eq!(out["active"], json!(false));
    assert_eq!(out["nickName"], json!("D"), "the rest is kept");
    assert_eq!(s.fetch(&path).await["active"], json!(false));
    assert_ne!(out["meta"]["version"], u["meta"]["version"]);
    let out = patch(
        &s,
        &path,
        json!({"schemas": [CORE], "id": uid, "active": true}),
    )
    .await;
    assert_eq!(out["active"], json!(true));
}

#[tokio::test]
async fn okta_group_membership_add_remove_and_full_repush() {
    let s = Server::start().await;
    let a = id(&v1_user(&s, "a@x").await);
    let b = id(&v1_user(&s, "bob@x").await);
    let c = id(&v1_user(&s, "c@x").await);
    let g = v1_create(
        &s,
        "/Groups",
        json!({"schemas": [CORE], "displayName": "Eng", "members": [{"value": a, "display": "a@x"}]}),
    )
    .await;
    let gid = id(&g);
    let path = format!("/Groups/{gid}");

    // Add a member.
    let out = patch(
        &s,
        &path,
        json!({"schemas": [CORE], "members": [{"value": b, "display": "bob@x"}]}),
    )
    .await;
    assert_eq!(out["members"].as_array().unwrap().len(), 2, "{out}");
    assert_eq!(
        members_v2(&s, &gid).await,
        sorted(vec![a.clone(), b.clone()])
    );
    let bob = v1_get(&s, &format!("/Users/{b}")).await;
    assert_eq!(bob.body["groups"][0]["value"], json!(gid));

    // Remove a member.
    patch(
        &s,
        &path,
        json!({"schemas": [CORE], "members": [{"value": a, "display": "a@x", "operation": "delete"}]}),
    )
    .await;
    assert_eq!(members_v2(&s, &gid).await, vec![b.clone()]);

    // Full re-push: the list is replaced, not extended.
    patch(
        &s,
        &path,
        json!({
            "schemas": [CORE],
            "meta": {"attributes": ["members"]},
            "members": [{"value": a, "display": "a@x"}, {"value": c, "display": "c@x"}],
        }),
    )
    .await;
    assert_eq!(
        members_v2(&s, &gid).await,
        sorted(vec![a.clone(), c.clone()])
    );
    let bob = s.fetch(&format!("/Users/{b}")).await;
    assert!(bob.get("groups").is_none(), "bob left the group: {bob}");

    // An empty re-push empties the group.
    let out = patch(
        &s,
        &path,
        json!({"schemas": [CORE], "meta": {"attributes": ["members"]}}),
    )
    .await;
    assert!(out.get("members").is_none(), "{out}");
}

#[tokio::test]
async fn okta_group_rename_and_its_custom_description_schema() {
    let s = Server::start().await;
    let g = v1_create(
        &s,
        "/Groups",
        json!({"schemas": [CORE], "displayName": "Old"}),
    )
    .await;
    let gid = id(&g);
    let out = patch(
        &s,
        &format!("/Groups/{gid}"),
        json!({
            "schemas": [CORE, "urn:okta:custom:group:1.0"],
            "id": gid,
            "displayName": "New Name",
            "urn:okta:custom:group:1.0": {"description": "ignored: not a schema of this server"},
        }),
    )
    .await;
    assert_eq!(out["displayName"], json!("New Name"));
    assert_eq!(out["schemas"], json!([CORE]));
    let r = v1_get(&s, "/Groups?filter=displayName%20eq%20%22New%20Name%22").await;
    assert_eq!(r.body["totalResults"], json!(1));
}

#[tokio::test]
async fn meta_attributes_remove_and_multi_valued_values_are_added() {
    let s = Server::start().await;
    let u = v1_create(
        &s,
        "/Users",
        json!({
            "schemas": [CORE, ENTERPRISE_V1],
            "userName": "m@x",
            "nickName": "N",
            "name": {"givenName": "G", "familyName": "F"},
            "emails": [{"value": "m@x", "type": "work", "primary": true}],
            ENTERPRISE_V1: {"department": "D", "costCenter": "C"},
        }),
    )
    .await;
    let path = format!("/Users/{}", id(&u));
    let out = patch(
        &s,
        &path,
        json!({
            "schemas": [CORE],
            "meta": {"attributes": ["nickName", "name.givenName", "urn:scim:schemas:extension:enterprise:1.0:department"]},
            "name": {"middleName": "M"},
            "emails": [{"value": "home@x", "type": "home", "primary": true}],
        }),
    )
    .await;
    assert!(out.get("nickName").is_none(), "{out}");
    assert_eq!(out["name"], json!({"familyName": "F", "middleName": "M"}));
    assert_eq!(out[ENTERPRISE_V1], json!({"costCenter": "C"}));
    let emails = out["emails"].as_array().unwrap();
    assert_eq!(emails.len(), 2, "{out}");
    assert_eq!(emails[0]["primary"], json!(false));
    assert_eq!(emails[1]["value"], json!("home@x"));
    // An element is deleted by value.
    let out = patch(
        &s,
        &path,
        json!({"emails": [{"value": "M@X", "operation": "delete"}]}),
    )
    .await;
    assert_eq!(
        out["emails"],
        json!([{"value": "home@x", "type": "home", "primary": true}])
    );
}

#[tokio::test]
async fn a_no_op_patch_keeps_the_version_and_bad_patches_are_400_or_404() {
    let s = Server::start().await;
    let u = v1_user(&s, "n@x").await;
    let path = format!("/Users/{}", id(&u));
    let out = patch(&s, &path, json!({"schemas": [CORE], "userName": "n@x"})).await;
    assert_eq!(out["meta"]["version"], u["meta"]["version"]);

    let op = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "active", "value": false}],
    });
    assert_v1_error(&v1_send(&s, Method::PATCH, &path, op).await, 400);
    let bad = json!({"meta": {"attributes": ["userName"]}});
    assert_v1_error(&v1_send(&s, Method::PATCH, &path, bad).await, 400);
    let r = v1_send(&s, Method::PATCH, "/Users/nope", json!({"active": false})).await;
    assert_v1_error(&r, 404);
    // Renaming onto a taken name is a 409 in 1.1 form.
    v1_user(&s, "other@x").await;
    let r = v1_send(&s, Method::PATCH, &path, json!({"userName": "OTHER@x"})).await;
    assert_v1_error(&r, 409);
}
