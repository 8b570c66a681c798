//! `/Users`: create, read, replace, delete, `meta`, uniqueness, the Enterprise extension, and an
//! Okta-shaped create (RFC 7644 §3.3–§3.6, RFC 7643 §3.1, §4.1, §4.3).

use serde_json::{Value, json};

use crate::support::*;

#[tokio::test]
async fn create_returns_201_with_location_equal_to_meta_location() {
    let s = Server::start().await;
    let r = s
        .post(
            "/Users",
            &json!({"schemas": [USER], "userName": "ada@example.org", "displayName": "Ada"}),
        )
        .await;
    r.assert_status(201);
    let id = id_of(&r.body);
    assert!(!id.is_empty());
    let location = r.header("location").expect("Location header");
    assert_eq!(location, format!("{}/Users/{id}", s.base));
    assert_eq!(r.body["meta"]["location"], json!(location));
    assert_eq!(r.body["meta"]["resourceType"], "User");
    assert_eq!(r.body["meta"]["created"], r.body["meta"]["lastModified"]);
    let created = r.body["meta"]["created"].as_str().expect("created");
    chrono::DateTime::parse_from_rfc3339(created).expect("created is an RFC 3339 dateTime");
    assert!(
        r.body["meta"]["version"]
            .as_str()
            .is_some_and(|v| v.starts_with("W/\""))
    );
    assert_eq!(r.body["userName"], "ada@example.org");
    assert_eq!(r.body["displayName"], "Ada");
    assert!(r.body["schemas"].as_array().unwrap().contains(&json!(USER)));
}

#[tokio::test]
async fn get_returns_what_create_returned() {
    let s = Server::start().await;
    let created = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "bob", "name": {"givenName": "Bob", "familyName": "B"},
                   "emails": [{"value": "bob@x.io", "type": "work", "primary": true}], "active": true}),
        )
        .await;
    let fetched = s.fetch(&path_of(&created)).await;
    assert_eq!(fetched, created);
}

#[tokio::test]
async fn client_supplied_id_and_meta_are_ignored() {
    let s = Server::start().await;
    let created = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "eve", "id": "my-own-id",
                   "meta": {"resourceType": "Group", "created": "2001-01-01T00:00:00Z", "version": "W/\"99\""}}),
        )
        .await;
    assert_ne!(created["id"], "my-own-id");
    assert_eq!(created["meta"]["resourceType"], "User");
    assert_ne!(created["meta"]["created"], "2001-01-01T00:00:00Z");
    assert_ne!(created["meta"]["version"], "W/\"99\"");
    s.get("/Users/my-own-id").await.assert_error(404, None);
}

#[tokio::test]
async fn password_is_accepted_but_never_returned() {
    let s = Server::start().await;
    let r = s
        .post(
            "/Users",
            &json!({"schemas": [USER], "userName": "pw", "password": "s3cret!"}),
        )
        .await;
    r.assert_status(201);
    assert!(r.body.get("password").is_none(), "{}", r.text);
    assert!(!r.text.contains("s3cret!"));
    let path = path_of(&r.body);
    for url in [
        path.clone(),
        format!("{path}?attributes=password"),
        "/Users".to_string(),
        "/Users?attributes=password,userName".to_string(),
    ] {
        let got = s.get(&url).await;
        got.assert_status(200);
        assert!(!got.text.contains("s3cret!"), "{url}: {}", got.text);
        assert!(!got.text.contains("\"password\""), "{url}: {}", got.text);
    }
    let put = s
        .put(
            &path,
            &json!({"schemas": [USER], "userName": "pw", "password": "other!"}),
        )
        .await;
    put.assert_status(200);
    assert!(!put.text.contains("other!"), "{}", put.text);
}

#[tokio::test]
async fn get_unknown_id_is_404_with_error_body() {
    let s = Server::start().await;
    s.get("/Users/does-not-exist").await.assert_error(404, None);
    s.get("/Groups/does-not-exist")
        .await
        .assert_error(404, None);
}

#[tokio::test]
async fn put_replaces_the_resource_and_may_change_user_name() {
    let s = Server::start().await;
    let created = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "carol", "displayName": "Carol", "title": "Boss"}),
        )
        .await;
    let path = path_of(&created);
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let r = s
        .put(
            &path,
            &json!({"schemas": [USER], "userName": "carol2", "displayName": "Carol C", "id": "ignored"}),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["id"], created["id"]);
    assert_eq!(r.body["userName"], "carol2");
    assert_eq!(r.body["displayName"], "Carol C");
    assert!(
        r.body.get("title").is_none(),
        "omitted attribute must be cleared: {}",
        r.text
    );
    assert_eq!(r.body["meta"]["created"], created["meta"]["created"]);
    assert_ne!(
        r.body["meta"]["lastModified"],
        created["meta"]["lastModified"]
    );
    assert_ne!(r.body["meta"]["version"], created["meta"]["version"]);
    assert_eq!(s.fetch(&path).await, r.body);
    // The old name is free, the new one taken.
    assert_eq!(
        s.filter_ids("/Users", "userName eq \"carol\"").await.len(),
        0
    );
    assert_eq!(
        s.filter_ids("/Users", "userName eq \"carol2\"").await,
        vec![id_of(&created)]
    );
    s.create_user("carol").await;
}

#[tokio::test]
async fn put_never_creates() {
    let s = Server::start().await;
    s.put(
        "/Users/nobody",
        &json!({"schemas": [USER], "userName": "ghost"}),
    )
    .await
    .assert_error(404, None);
    let list = s.fetch("/Users").await;
    assert_eq!(list["totalResults"], 0);
    s.get("/Users/nobody").await.assert_error(404, None);
}

#[tokio::test]
async fn put_with_identical_content_does_not_bump_meta() {
    let s = Server::start().await;
    let created = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "dave", "displayName": "Dave"}),
        )
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let r = s
        .put(
            &path_of(&created),
            &json!({"schemas": [USER], "userName": "dave", "displayName": "Dave"}),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["meta"], created["meta"]);
    assert_eq!(r.header("etag"), created["meta"]["version"].as_str());
}

#[tokio::test]
async fn put_to_a_taken_user_name_is_409() {
    let s = Server::start().await;
    s.create_user("taken@x.io").await;
    let other = s.create_user("free@x.io").await;
    s.put(
        &path_of(&other),
        &json!({"schemas": [USER], "userName": "TAKEN@x.io"}),
    )
    .await
    .assert_error(409, Some("uniqueness"));
    assert_eq!(s.fetch(&path_of(&other)).await["userName"], "free@x.io");
}

#[tokio::test]
async fn put_without_user_name_is_400_invalid_value() {
    let s = Server::start().await;
    let u = s.create_user("needs-name").await;
    s.put(
        &path_of(&u),
        &json!({"schemas": [USER], "displayName": "x"}),
    )
    .await
    .assert_error(400, Some("invalidValue"));
}

#[tokio::test]
async fn delete_is_204_then_404_everywhere() {
    let s = Server::start().await;
    let u = s.create_user("gone@x.io").await;
    let keep = s.create_user("stays@x.io").await;
    let path = path_of(&u);
    let r = s.delete(&path).await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert!(r.text.is_empty());
    s.get(&path).await.assert_error(404, None);
    s.delete(&path).await.assert_error(404, None);
    s.put(&path, &json!({"schemas": [USER], "userName": "gone@x.io"}))
        .await
        .assert_error(404, None);
    s.patch_ops(
        &path,
        json!([{"op": "replace", "path": "displayName", "value": "x"}]),
    )
    .await
    .assert_error(404, None);
    assert!(
        s.filter_ids("/Users", &format!("id eq \"{}\"", id_of(&u)))
            .await
            .is_empty()
    );
    let list = s.fetch("/Users").await;
    assert_eq!(list["totalResults"], 1);
    assert_eq!(list_ids(&list), vec![id_of(&keep)]);
}

#[tokio::test]
async fn a_deleted_user_name_can_be_reused() {
    let s = Server::start().await;
    let u = s.create_user("reuse@x.io").await;
    assert_eq!(s.delete(&path_of(&u)).await.status, 204);
    let again = s.create_user("Reuse@X.io").await;
    assert_ne!(again["id"], u["id"]);
    assert_eq!(
        s.filter_ids("/Users", "userName eq \"reuse@x.io\"").await,
        vec![id_of(&again)]
    );
}

#[tokio::test]
async fn duplicate_user_name_in_any_case_is_409_uniqueness() {
    let s = Server::start().await;
    s.create_user("Ada@Example.org").await;
    for name in ["Ada@Example.org", "ada@example.org", "ADA@EXAMPLE.ORG"] {
        s.post("/Users", &json!({"schemas": [USER], "userName": name}))
            .await
            .assert_error(409, Some("uniqueness"));
    }
    assert_eq!(s.fetch("/Users").await["totalResults"], 1);
}

#[tokio::test]
async fn enterprise_extension_round_trips() {
    let s = Server::start().await;
    let manager = s.create_user("boss").await;
    let body = json!({
        "schemas": [USER, ENTERPRISE],
        "userName": "worker",
        ENTERPRISE: {"employeeNumber": "E-77", "department": "R&D",
                     "manager": {"value": id_of(&manager)}}
    });
    let created = s.create("/Users", body).await;
    let schemas = created["schemas"].as_array().unwrap();
    assert!(schemas.contains(&json!(ENTERPRISE)) && schemas.contains(&json!(USER)));
    assert_eq!(created[ENTERPRISE]["employeeNumber"], "E-77");
    assert_eq!(created[ENTERPRISE]["department"], "R&D");
    assert_eq!(created[ENTERPRISE]["manager"]["value"], manager["id"]);
    assert_eq!(s.fetch(&path_of(&created)).await, created);
}

#[tokio::test]
async fn unknown_attributes_are_ignored_on_post_and_put() {
    let s = Server::start().await;
    let created = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "odd", "favouriteColour": "green"}),
        )
        .await;
    assert!(created.get("favouriteColour").is_none(), "{created}");
    let r = s
        .put(
            &path_of(&created),
            &json!({"schemas": [USER], "userName": "odd", "displayNmae": "typo"}),
        )
        .await;
    r.assert_status(200);
    assert!(r.body.get("displayNmae").is_none(), "{}", r.body);
    assert_eq!(r.body["userName"], "odd");
}

#[tokio::test]
async fn attribute_names_in_bodies_are_case_insensitive() {
    let s = Server::start().await;
    let created = s
        .create(
            "/Users",
            json!({"schemas": [USER], "USERNAME": "casey", "DisplayName": "Casey", "name": {"GivenName": "C"}}),
        )
        .await;
    assert_eq!(created["userName"], "casey");
    assert_eq!(created["displayName"], "Casey");
    assert_eq!(created["name"]["givenName"], "C");
}

#[tokio::test]
async fn entra_boolean_strings_are_accepted_as_booleans() {
    let s = Server::start().await;
    let created = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "entra", "active": "True"}),
        )
        .await;
    assert_eq!(created["active"], json!(true));
    let r = s
        .put(
            &path_of(&created),
            &json!({"schemas": [USER], "userName": "entra", "active": "False"}),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["active"], json!(false));
}

/// Okta's create (okta-scim-behaviour.md §1.3): existence check with the `%20`-encoded filter, then
/// POST with Okta's headers and body, then the same check finds the user.
#[tokio::test]
async fn okta_existence_check_then_create() {
    let s = Server::start().await;
    let check = "/Users?filter=userName%20eq%20%22alice%40example.com%22&startIndex=1&count=100";
    let r = s.get(check).await;
    r.assert_status(200);
    assert_eq!(
        r.body,
        json!({"schemas": [LIST], "totalResults": 0, "startIndex": 1, "itemsPerPage": 0, "Resources": []})
    );
    let body = json!({
        "schemas": [USER],
        "userName": "alice@example.com",
        "name": {"givenName": "Alice", "familyName": "Nguyen"},
        "emails": [{"primary": true, "value": "alice@example.com", "type": "work"}],
        "displayName": "Alice Nguyen",
        "locale": "en-US",
        "externalId": "00u1a2b3c4D5e6F7g8h9",
        "groups": [],
        "password": "q7Xk29pa",
        "active": true
    });
    let r = s
        .send(
            s.request(reqwest::Method::POST, "/Users")
                .header("User-Agent", "Okta SCIM Client 1.0.0")
                .header("Accept-Charset", "utf-8")
                .header("Content-Type", "application/scim+json; charset=utf-8")
                .body(body.to_string()),
        )
        .await;
    r.assert_status(201);
    let u = &r.body;
    assert_eq!(u["userName"], "alice@example.com");
    assert_eq!(u["externalId"], "00u1a2b3c4D5e6F7g8h9");
    assert_eq!(u["name"]["familyName"], "Nguyen");
    assert_eq!(u["emails"][0]["value"], "alice@example.com");
    assert_eq!(u["emails"][0]["primary"], json!(true));
    assert_eq!(u["locale"], "en-US");
    assert_eq!(u["active"], json!(true));
    assert!(u.get("password").is_none());
    assert!(u.get("groups").is_none_or(|g| g == &json!([])), "{u}");
    let found = s.get(check).await;
    found.assert_status(200);
    assert_eq!(found.body["totalResults"], 1);
    assert_eq!(found.body["itemsPerPage"], 1);
    assert_eq!(list_ids(&found.body), vec![id_of(u)]);
    // Okta's deactivation of an OIN app: pathless replace.
    let r = s
        .patch_ops(
            &path_of(u),
            json!([{"op": "replace", "value": {"active": false}}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["active"], json!(false));
}

#[tokio::test]
async fn request_body_without_content_type_is_accepted() {
    let s = Server::start().await;
    let r = s
        .send(
            s.request(reqwest::Method::POST, "/Users")
                .body(json!({"schemas": [USER], "userName": "noct"}).to_string()),
        )
        .await;
    r.assert_status(201);
    assert_eq!(r.body["userName"], "noct");
}

#[tokio::test]
async fn meta_values_are_consistent_over_updates() {
    let s = Server::start().await;
    let u = s.create_user("meta").await;
    let path = path_of(&u);
    let mut versions: Vec<Value> = vec![u["meta"]["version"].clone()];
    for name in ["one", "two", "three"] {
        tokio::time::sleep(std::time::Duration::from_millis(3)).await;
        let r = s
            .put(
                &path,
                &json!({"schemas": [USER], "userName": "meta", "displayName": name}),
            )
            .await;
        r.assert_status(200);
        assert_eq!(r.body["meta"]["created"], u["meta"]["created"]);
        assert_eq!(r.body["meta"]["location"], u["meta"]["location"]);
        assert!(
            !versions.contains(&r.body["meta"]["version"]),
            "version reused"
        );
        versions.push(r.body["meta"]["version"].clone());
        let lm = r.body["meta"]["lastModified"].as_str().unwrap();
        let created = u["meta"]["created"].as_str().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(lm).unwrap()
                > chrono::DateTime::parse_from_rfc3339(created).unwrap()
        );
    }
}
