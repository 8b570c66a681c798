//! User edge cases: `primary` uniqueness on create and replace, extension URNs in `schemas`,
//! readOnly and unknown input, and what the strict profile refuses.

use scimulate::server::ServerConfig;
use serde_json::{Value, json};

use crate::support::*;

fn primaries(user: &Value, attr: &str) -> usize {
    user[attr]
        .as_array()
        .map(|a| a.iter().filter(|e| e["primary"] == json!(true)).count())
        .unwrap_or(0)
}

#[tokio::test]
async fn at_most_one_primary_per_attribute() {
    let s = Server::start().await;
    let body = json!({"schemas": [USER], "userName": "two-primaries",
        "emails": [{"value": "a@x.io", "primary": true}, {"value": "b@x.io", "primary": true}],
        "phoneNumbers": [{"value": "1", "primary": true}, {"value": "2", "primary": true}]});
    let r = s.post("/Users", &body).await;
    match r.status {
        201 => {
            assert_eq!(primaries(&r.body, "emails"), 1, "{}", r.text);
            assert_eq!(primaries(&r.body, "phoneNumbers"), 1, "{}", r.text);
        }
        _ => {
            r.assert_error(400, Some("invalidValue"));
        }
    }
    let u = s.create_user("put-primaries").await;
    let r = s
        .put(
            &path_of(&u),
            &json!({"schemas": [USER], "userName": "put-primaries",
        "emails": [{"value": "a@x.io", "primary": true}, {"value": "b@x.io", "primary": true}]}),
        )
        .await;
    if r.status == 200 {
        assert_eq!(primaries(&r.body, "emails"), 1, "{}", r.text);
    } else {
        r.assert_error(400, Some("invalidValue"));
    }
}

#[tokio::test]
async fn extension_data_puts_its_urn_in_schemas() {
    let s = Server::start().await;
    let u = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "implicit", ENTERPRISE: {"department": "D"}}),
        )
        .await;
    assert!(
        u["schemas"]
            .as_array()
            .unwrap()
            .contains(&json!(ENTERPRISE)),
        "{u}"
    );
    assert_eq!(u[ENTERPRISE]["department"], "D");
    let flat = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "flat", format!("{ENTERPRISE}:department"): "F"}),
        )
        .await;
    assert_eq!(flat[ENTERPRISE]["department"], "F", "{flat}");
    assert!(
        flat["schemas"]
            .as_array()
            .unwrap()
            .contains(&json!(ENTERPRISE)),
        "{flat}"
    );
    let empty = s
        .create(
            "/Users",
            json!({"schemas": [USER, ENTERPRISE], "userName": "empty-ext", ENTERPRISE: {}}),
        )
        .await;
    assert!(
        empty.get(ENTERPRISE).is_none_or(|e| e == &json!({})),
        "{empty}"
    );
}

#[tokio::test]
async fn put_without_the_extension_removes_it() {
    let s = Server::start().await;
    let u = s
        .create("/Users", json!({"schemas": [USER, ENTERPRISE], "userName": "drop-ext", ENTERPRISE: {"department": "D"}}))
        .await;
    let r = s
        .put(
            &path_of(&u),
            &json!({"schemas": [USER], "userName": "drop-ext"}),
        )
        .await;
    r.assert_status(200);
    assert!(r.body.get(ENTERPRISE).is_none(), "{}", r.text);
    assert!(
        !r.body["schemas"]
            .as_array()
            .unwrap()
            .contains(&json!(ENTERPRISE)),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn put_ignores_client_meta_and_id() {
    let s = Server::start().await;
    let u = s.create_user("meta-put").await;
    let r = s
        .put(
            &path_of(&u),
            &json!({"schemas": [USER], "userName": "meta-put", "id": "other",
                    "meta": {"created": "1999-01-01T00:00:00Z", "resourceType": "Group"}}),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["id"], u["id"]);
    assert_eq!(r.body["meta"]["created"], u["meta"]["created"]);
    assert_eq!(r.body["meta"]["resourceType"], "User");
}

#[tokio::test]
async fn strict_profile_requires_schemas_and_real_types() {
    let s = Server::start_with(ServerConfig {
        lenient: false,
        ..ServerConfig::default()
    })
    .await;
    s.post("/Users", &json!({"userName": "no-schemas"}))
        .await
        .assert_error(400, None);
    let u = s.create_user("strict").await;
    s.patch_ops(
        &path_of(&u),
        json!([{"op": "replace", "path": "active", "value": "True"}]),
    )
    .await
    .assert_error(400, Some("invalidValue"));
    let lenient = Server::start().await;
    lenient
        .create("/Users", json!({"userName": "no-schemas"}))
        .await;
}

#[tokio::test]
async fn very_long_and_unicode_values_round_trip() {
    let s = Server::start().await;
    let long = "ü".repeat(10_000);
    let u = s
        .create("/Users", json!({"schemas": [USER], "userName": "雪@例え.jp", "displayName": long, "nickName": "🦀"}))
        .await;
    let got = s.fetch(&path_of(&u)).await;
    assert_eq!(got["userName"], "雪@例え.jp");
    assert_eq!(
        got["displayName"].as_str().map(|d| d.chars().count()),
        Some(10_000)
    );
    assert_eq!(got["nickName"], "🦀");
    assert_eq!(
        s.filter_ids("/Users", "userName eq \"雪@例え.jp\"").await,
        vec![id_of(&u)]
    );
}
