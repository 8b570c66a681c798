//! SCIM 1.1 under `/scim/v1`, over the same store as 2.0: one record seen through both versions,
//! the 1.1 list shape, `application/json`, `{"Errors":[…]}` bodies from every layer,
//! `/ServiceProviderConfigs`, the 1.1 filter operators, DELETE → 200. PATCH forms: `v1_patch`.

use reqwest::Method;
use scimulate::server::Credentials;
use serde_json::{Value, json};

use crate::support::{ENTERPRISE, GROUP, Resp, Server, USER, encode};

pub const CORE: &str = "urn:scim:schemas:core:1.0";
pub const ENTERPRISE_V1: &str = "urn:scim:schemas:extension:enterprise:1.0";

/// Asserts a 1.1 answer: the status and, when there is a body, `application/json`.
#[track_caller]
pub fn assert_v1(r: &Resp, status: u16) {
    assert_eq!(r.status, status, "expected HTTP {status}: {}", r.text);
    if !r.text.is_empty() {
        let ct = r.header("content-type").unwrap_or("<none>");
        assert!(
            ct.starts_with("application/json"),
            "1.1 media type, got {ct}"
        );
    }
}

/// Asserts a 1.1 error: status, media type, and exactly `{"Errors":[{"description","code"}]}`.
#[track_caller]
pub fn assert_v1_error(r: &Resp, status: u16) -> String {
    assert_v1(r, status);
    let errors = r.body["Errors"].as_array().expect("an Errors array");
    assert_eq!(errors.len(), 1, "{}", r.text);
    assert_eq!(errors[0]["code"], json!(status.to_string()), "{}", r.text);
    let description = errors[0]["description"].as_str().expect("a description");
    assert!(!description.is_empty());
    let keys: Vec<&String> = r.body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["Errors"], "nothing of the 2.0 body: {}", r.text);
    description.to_string()
}

pub async fn v1_get(s: &Server, path: &str) -> Resp {
    s.v1(Method::GET, path, None).await
}

pub async fn v1_send(s: &Server, method: Method, path: &str, body: Value) -> Resp {
    s.v1(method, path, Some(&body)).await
}

/// Creates through 1.1, asserting 201; returns the 1.1 representation.
pub async fn v1_create(s: &Server, endpoint: &str, body: Value) -> Value {
    let r = v1_send(s, Method::POST, endpoint, body).await;
    assert_v1(&r, 201);
    r.body
}

pub async fn v1_user(s: &Server, user_name: &str) -> Value {
    v1_create(
        s,
        "/Users",
        json!({"schemas": [CORE], "userName": user_name}),
    )
    .await
}

fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_string()
}

#[tokio::test]
async fn a_user_created_through_1_1_is_the_same_record_through_2_0() {
    let s = Server::start().await;
    let r = v1_send(
        &s,
        Method::POST,
        "/Users",
        json!({
            "schemas": [CORE, ENTERPRISE_V1],
            "userName": "bjensen@example.com",
            "name": {"givenName": "Barbara", "familyName": "Jensen"},
            "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}],
            "active": true,
            ENTERPRISE_V1: {"department": "R&D", "manager": {"managerId": "m-1"}},
        }),
    )
    .await;
    assert_v1(&r, 201);
    let u = &r.body;
    let uid = id(u);
    let v1_location = s.v1_url(&format!("/Users/{uid}"));
    assert_eq!(r.header("location"), Some(v1_location.as_str()));
    assert_eq!(u["schemas"], json!([CORE, ENTERPRISE_V1]));
    assert_eq!(u["meta"]["location"], json!(v1_location));
    assert!(u["meta"].get("resourceType").is_none(), "{u}");
    assert_eq!(u[ENTERPRISE_V1]["manager"], json!({"managerId": "m-1"}));
    assert!(u.get(ENTERPRISE).is_none());

    let through_v2 = s.fetch(&format!("/Users/{uid}")).await;
    assert_eq!(through_v2["schemas"], json!([USER, ENTERPRISE]));
    assert_eq!(through_v2[ENTERPRISE]["department"], json!("R&D"));
    assert_eq!(through_v2[ENTERPRISE]["manager"]["value"], json!("m-1"));
    assert_eq!(through_v2["name"]["familyName"], json!("Jensen"));
    assert_eq!(
        through_v2["meta"]["location"],
        json!(s.url(&format!("/Users/{uid}")))
    );
    assert_eq!(through_v2["meta"]["version"], u["meta"]["version"]);

    let again = v1_get(&s, &format!("/Users/{uid}")).await;
    assert_v1(&again, 200);
    assert_eq!(&again.body, u, "a 1.1 read equals the 1.1 create answer");
    assert_eq!(again.header("etag"), u["meta"]["version"].as_str());
}

#[tokio::test]
async fn a_group_created_through_2_0_reads_in_1_1_form() {
    let s = Server::start().await;
    let alice = s.create_user("alice").await;
    let g = s.create_group("Admins", &[&id(&alice)]).await;
    let r = v1_get(&s, &format!("/Groups/{}", id(&g))).await;
    assert_v1(&r, 200);
    assert_eq!(r.body["schemas"], json!([CORE]));
    assert_eq!(
        r.body["members"],
        json!([{"value": id(&alice), "type": "User"}]),
        "members as written through 2.0: no display derived"
    );
    let u = v1_get(&s, &format!("/Users/{}", id(&alice))).await;
    assert_eq!(
        u.body["groups"],
        json!([{"value": id(&g), "display": "Admins", "type": "direct"}])
    );
    assert!(
        !u.text.contains("/scim/v2"),
        "no 2.0 URL in 1.1: {}",
        u.text
    );
}

#[tokio::test]
async fn lists_have_the_1_1_shape_and_page_like_2_0() {
    let s = Server::start().await;
    for name in ["a1", "a2", "b1"] {
        v1_user(&s, name).await;
    }
    let r = v1_get(&s, "/Users?startIndex=2&count=1").await;
    assert_v1(&r, 200);
    let b = &r.body;
    assert_eq!(b["schemas"], json!([CORE]));
    assert_eq!(b["totalResults"], json!(3));
    assert_eq!(b["itemsPerPage"], json!(1));
    assert_eq!(b["startIndex"], json!(2));
    assert_eq!(b["Resources"][0]["userName"], json!("a2"));
    assert_eq!(b["Resources"][0]["schemas"], json!([CORE]));

    let r = v1_get(&s, "/Groups").await;
    assert_v1(&r, 200);
    assert_eq!(r.body["totalResults"], json!(0));

    let r = v1_get(&s, "/Users?attributes=urn:scim:schemas:core:1.0:userName").await;
    let first = &r.body["Resources"][0];
    assert_eq!(first["userName"], json!("a1"));
    assert!(first.get("meta").is_none(), "projection applied: {first}");
}

#[tokio::test]
async fn the_1_1_filter_operators_work_and_the_2_0_only_ones_are_400() {
    let s = Server::start().await;
    for name in ["alice", "albert", "bob"] {
        v1_user(&s, name).await;
    }
    let names = |r: &Resp| -> Vec<String> {
        r.body["Resources"]
            .as_array()
            .map(|rs| {
                rs.iter()
                    .map(|u| u["userName"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    for (filter, expected) in [
        ("userName eq \"ALICE\"", vec!["alice"]),
        ("userName sw \"al\"", vec!["alice", "albert"]),
        ("userName co \"b\"", vec!["albert", "bob"]),
        ("userName gt \"b\"", vec!["bob"]),
        (
            "(userName sw \"al\" and userName co \"i\") or userName eq \"bob\"",
            vec!["alice", "bob"],
        ),
        (
            "urn:scim:schemas:core:1.0:userName pr",
            vec!["alice", "albert", "bob"],
        ),
        ("userName eq \"nobody@example.com\"", vec![]),
    ] {
        let r = v1_get(&s, &format!("/Users?filter={}", encode(filter))).await;
        assert_v1(&r, 200);
        assert_eq!(names(&r), expected, "{filter}");
    }
    for filter in [
        "userName ne \"bob\"",
        "userName ew \"ce\"",
        "not (userName eq \"bob\")",
        "emails[type eq \"work\"]",
        "RUNSCOPE300HFLUAKLAB151@EXAMPLE.COM",
    ] {
        let r = v1_get(&s, &format!("/Users?filter={}", encode(filter))).await;
        assert_v1_error(&r, 400);
    }
}

#[tokio::test]
async fn errors_from_every_layer_have_the_1_1_body() {
    let s = Server::start().await;
    let d = assert_v1_error(
        &v1_get(&s, "/Users/010101001010101011001010101011").await,
        404,
    );
    assert!(d.contains("010101001010101011001010101011"), "{d}");
    // Not 1.1 endpoints: the router fallback.
    for path in [
        "/ResourceTypes",
        "/ServiceProviderConfig",
        "/Me",
        "/Users/.search/x",
    ] {
        assert_v1_error(&v1_get(&s, path).await, 404);
    }
    let r = v1_send(&s, Method::POST, "/ServiceProviderConfigs", json!({})).await;
    assert_v1_error(&r, 405);
    let r = s.v1(Method::POST, "/Users", None).await;
    assert_v1_error(&r, 400);
    let r = v1_send(&s, Method::POST, "/Users", json!({"schemas": [CORE]})).await;
    assert_v1_error(&r, 400);
    assert_v1_error(&v1_get(&s, "/Bulk").await, 501);
    // 2.0 is untouched.
    s.get("/Users/nope").await.assert_error(404, None);
}

#[tokio::test]
async fn a_401_under_1_1_has_the_1_1_body_and_the_challenge() {
    let s = Server::start_secured(
        Credentials {
            bearer: Some("tok".into()),
            basic: None,
        },
        Some("Bearer wrong"),
    )
    .await;
    let r = v1_get(&s, "/Users").await;
    assert_v1_error(&r, 401);
    assert!(
        r.header("www-authenticate")
            .is_some_and(|c| c.contains("Bearer"))
    );
}

#[tokio::test]
async fn uniqueness_is_one_namespace_across_versions_and_409_has_the_1_1_body() {
    let s = Server::start().await;
    s.create_user("taken@example.com").await;
    let r = v1_send(
        &s,
        Method::POST,
        "/Users",
        json!({"schemas": [CORE], "userName": "TAKEN@example.com"}),
    )
    .await;
    let d = assert_v1_error(&r, 409);
    assert!(d.contains("taken"), "{d}");
    v1_create(
        &s,
        "/Groups",
        json!({"schemas": [CORE], "displayName": "G"}),
    )
    .await;
    s.post("/Groups", &json!({"schemas": [GROUP], "displayName": "G"}))
        .await
        .assert_error(409, Some("uniqueness"));
}

#[tokio::test]
async fn delete_answers_200_and_the_record_is_gone_from_both_versions() {
    let s = Server::start().await;
    let u = v1_user(&s, "gone").await;
    let path = format!("/Users/{}", id(&u));
    let r = s.v1(Method::DELETE, &path, None).await;
    assert_v1(&r, 200);
    assert_v1_error(&v1_get(&s, &path).await, 404);
    s.get(&path).await.assert_error(404, None);
    assert_v1_error(&s.v1(Method::DELETE, &path, None).await, 404);
}

#[tokio::test]
async fn put_replaces_through_1_1() {
    let s = Server::start().await;
    let u = v1_create(
        &s,
        "/Users",
        json!({"schemas": [CORE], "userName": "p", "nickName": "old", "title": "T"}),
    )
    .await;
    let path = format!("/Users/{}", id(&u));
    let r = v1_send(
        &s,
        Method::PUT,
        &path,
        json!({"schemas": [CORE], "id": id(&u), "userName": "p", "nickName": "new"}),
    )
    .await;
    assert_v1(&r, 200);
    assert_eq!(r.body["nickName"], json!("new"));
    assert!(r.body.get("title").is_none());
    assert_eq!(s.fetch(&path).await["nickName"], json!("new"));
    let r = v1_send(&s, Method::PUT, "/Users/nope", json!({"userName": "p"})).await;
    assert_v1_error(&r, 404);
}

#[tokio::test]
async fn service_provider_configs_and_schemas_are_served_in_1_1_form() {
    let s = Server::start().await;
    let r = v1_get(&s, "/ServiceProviderConfigs").await;
    assert_v1(&r, 200);
    let spc = &r.body;
    assert!(spc["schemas"].as_array().unwrap().contains(&json!(CORE)));
    for key in [
        "patch",
        "bulk",
        "filter",
        "changePassword",
        "sort",
        "etag",
        "xmlDataFormat",
    ] {
        assert!(spc[key]["supported"].is_boolean(), "{key}: {spc}");
    }
    assert_eq!(spc["patch"]["supported"], json!(true));
    assert!(spc["filter"]["maxResults"].is_number());
    assert!(!spc["authenticationSchemes"].as_array().unwrap().is_empty());
    let caps = &spc["urn:okta:schemas:scim:providerconfig:1.0"]["userManagementCapabilities"];
    assert!(
        caps.as_array()
            .unwrap()
            .contains(&json!("PUSH_USER_DEACTIVATION"))
    );

    let r = v1_get(&s, "/Schemas").await;
    assert_v1(&r, 200);
    let list = r.body["schemas"].as_array().unwrap();
    assert!(
        list.contains(&json!(format!("{CORE}:ListResponse"))),
        "{}",
        r.text
    );
    assert_eq!(r.body["totalResults"], json!(2));
    assert!(
        !r.body["Resources"][0]["attributes"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    for id in ["Users", "User", "urn:scim:schemas:core:1.0:Group"] {
        assert_v1(&v1_get(&s, &format!("/Schemas/{id}")).await, 200);
    }
    assert_v1_error(&v1_get(&s, "/Schemas/Nope").await, 404);
}

#[tokio::test]
async fn okta_1_1_spec_test_steps_pass() {
    // Okta's SCIM 1.1 SPEC test (okta-scim-behaviour §2.1): the user create carries no
    // Content-Type, lists and reads answer in 1.1 form.
    let s = Server::start().await;
    let body = json!({
        "schemas": [CORE],
        "userName": "Runscope300Hfluaklab151@example.com",
        "name": {"familyName": "Hfluaklab151", "givenName": "Runscope300"},
        "emails": [{"primary": true, "value": "Runscope300Hfluaklab151@example.com", "type": "work"}],
        "displayName": "Runscope300 Hfluaklab151",
        "active": true,
    });
    let r = s
        .send(
            s.request(Method::POST, &s.v1_url("/Users"))
                .header("Accept", "application/json")
                .body(body.to_string()),
        )
        .await;
    assert_v1(&r, 201);
    assert_eq!(r.body["active"], json!(true));
    let uid = id(&r.body);
    let r = v1_get(&s, "/Users?count=1&startIndex=1").await;
    assert_eq!(r.body["Resources"][0]["id"], json!(uid));
    assert!(r.body["Resources"][0]["emails"][0]["value"].is_string());
    let r = s.v1(Method::POST, "/Users", Some(&body)).await;
    assert_v1_error(&r, 409);
}
