//! A group's members read back as the client wrote them. A client that verifies its write (PATCH
//! or PUT, then compare) must not find a `display` it never sent, nor a `display` other than the
//! one it sent: RFC 7643 §8.7.1 defines no server-derived member `display`. `$ref` and `type` are
//! the server's (immutable, derived from `value`) and may be added.

use serde_json::{Value, json};

use crate::support::*;

/// A user with a displayName, so that a derived `display` would show.
async fn person(s: &Server, user_name: &str, display_name: &str) -> String {
    id_of(
        &s.create(
            "/Users",
            json!({"schemas": [USER], "userName": user_name, "displayName": display_name}),
        )
        .await,
    )
}

/// The members as a client compares them: `value` and `display` only (server-set `$ref`/`type`
/// left out).
fn as_written(group: &Value) -> Vec<Value> {
    group["members"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|m| {
            let mut out = json!({"value": m["value"]});
            if let Some(display) = m.get("display") {
                out["display"] = display.clone();
            }
            out
        })
        .collect()
}

#[tokio::test]
async fn a_patch_adding_members_without_display_reads_back_without_display() {
    let s = Server::start().await;
    let ada = person(&s, "ada@example.com", "Ada Lovelace").await;
    let bob = person(&s, "bob@example.com", "Bob Babbage").await;
    let g = s
        .create(
            "/Groups",
            json!({"schemas": [GROUP], "displayName": "Engines", "members": []}),
        )
        .await;
    let r = s
        .patch_ops(
            &path_of(&g),
            json!([{"op": "add", "path": "members", "value": [{"value": ada}]}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(
        as_written(&r.body),
        vec![json!({"value": ada})],
        "{}",
        r.text
    );
    let member = &r.body["members"][0];
    assert_eq!(member["type"], "User");
    assert_eq!(member["$ref"], json!(s.url(&format!("/Users/{ada}"))));
    // The client's verification read.
    let read = s.fetch(&path_of(&g)).await;
    assert_eq!(read, r.body);
    // A second write keeps the first member as written.
    let r = s
        .patch_ops(
            &path_of(&g),
            json!([{"op": "add", "path": "members", "value": [{"value": bob}]}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(
        as_written(&r.body),
        vec![json!({"value": ada}), json!({"value": bob})]
    );
    assert_eq!(s.fetch(&path_of(&g)).await, r.body);
}

#[tokio::test]
async fn a_display_the_client_sends_is_kept_as_sent() {
    let s = Server::start().await;
    let ada = person(&s, "ada2@example.com", "Ada Lovelace").await;
    let bob = person(&s, "bob2@example.com", "Bob Babbage").await;
    // POST with one member with display, one without.
    let g = s
        .create(
            "/Groups",
            json!({"schemas": [GROUP], "displayName": "Looms",
                   "members": [{"value": ada, "display": "ada2@example.com"}, {"value": bob}]}),
        )
        .await;
    assert_eq!(
        as_written(&g),
        vec![
            json!({"value": ada, "display": "ada2@example.com"}),
            json!({"value": bob})
        ]
    );
    // PATCH add with the client's own label (Okta sends the userName).
    let cy = person(&s, "cy@example.com", "Cy Clone").await;
    let r = s
        .patch_ops(
            &path_of(&g),
            json!([{"op": "add", "path": "members",
                    "value": [{"value": cy, "display": "cy@example.com"}]}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["members"][2]["display"], "cy@example.com");
    // PUT replaces the list as written.
    let r = s
        .put(
            &path_of(&g),
            &json!({"schemas": [GROUP], "displayName": "Looms",
                    "members": [{"value": bob, "display": "Bob (ops)"}, {"value": cy}]}),
        )
        .await;
    r.assert_status(200);
    let expected = vec![
        json!({"value": bob, "display": "Bob (ops)"}),
        json!({"value": cy}),
    ];
    assert_eq!(as_written(&r.body), expected);
    assert_eq!(as_written(&s.fetch(&path_of(&g)).await), expected);
    // Renaming a user does not rewrite what the client wrote.
    s.patch_ops(
        &format!("/Users/{bob}"),
        json!([{"op": "replace", "path": "displayName", "value": "Robert"}]),
    )
    .await
    .assert_status(200);
    assert_eq!(as_written(&s.fetch(&path_of(&g)).await), expected);
}

#[tokio::test]
async fn schemas_says_display_is_the_client_s_and_ref_and_type_the_server_s() {
    let s = Server::start().await;
    let group = s
        .fetch("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group")
        .await;
    let members = group["attributes"]
        .as_array()
        .and_then(|a| a.iter().find(|a| a["name"] == "members"))
        .cloned()
        .expect("members");
    let sub = |name: &str| {
        members["subAttributes"]
            .as_array()
            .and_then(|a| a.iter().find(|a| a["name"] == name))
            .cloned()
            .unwrap_or_else(|| panic!("no members.{name} in {members}"))
    };
    for server_set in ["$ref", "type"] {
        let m = sub(server_set)["mutability"].clone();
        assert!(m == "immutable" || m == "readOnly", "{server_set}: {m}");
    }
    assert_eq!(sub("display")["mutability"], "readWrite");
}

#[tokio::test]
async fn scim_1_1_members_read_back_as_written_too() {
    let s = Server::start().await;
    let ada = person(&s, "ada3@example.com", "Ada Lovelace").await;
    let bob = person(&s, "bob3@example.com", "Bob Babbage").await;
    let core = "urn:scim:schemas:core:1.0";
    // Okta's 1.1 group push: members with display (the userName).
    let r = s
        .v1(
            reqwest::Method::POST,
            "/Groups",
            Some(&json!({"schemas": [core], "displayName": "Okta 1.1",
                         "members": [{"value": ada, "display": "ada3@example.com"}]})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let gid = id_of(&r.body);
    assert_eq!(
        r.body["members"],
        json!([{"value": ada, "display": "ada3@example.com", "type": "User"}])
    );
    // A 1.1 PATCH adding a member without display.
    let r = s
        .v1(
            reqwest::Method::PATCH,
            &format!("/Groups/{gid}"),
            Some(&json!({"schemas": [core], "members": [{"value": bob}]})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let read = s
        .v1(reqwest::Method::GET, &format!("/Groups/{gid}"), None)
        .await;
    let expected = json!([
        {"value": ada, "display": "ada3@example.com", "type": "User"},
        {"value": bob, "type": "User"}
    ]);
    assert_eq!(read.body["members"], expected, "{}", read.text);
    // The same records through 2.0.
    assert_eq!(
        as_written(&s.fetch(&format!("/Groups/{gid}")).await),
        vec![
            json!({"value": ada, "display": "ada3@example.com"}),
            json!({"value": bob})
        ]
    );
}
