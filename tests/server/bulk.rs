//! Bulk (RFC 7644 §3.7): `POST /Bulk` runs POST, PUT, PATCH and DELETE operations, resolves
//! `bulkId:` references, honours `failOnErrors`, reports each operation's status as a string, and
//! enforces the `maxOperations` and `maxPayloadSize` it advertises (413, §3.7.4).

use scimulate::server::ServerConfig;
use serde_json::{Value, json};

use crate::support::*;

const BULK_REQUEST: &str = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
const BULK_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

fn bulk(operations: Value) -> Value {
    json!({"schemas": [BULK_REQUEST], "Operations": operations})
}

fn post_user(bulk_id: &str, user_name: &str) -> Value {
    json!({"method": "POST", "path": "/Users", "bulkId": bulk_id,
           "data": {"schemas": [USER], "userName": user_name}})
}

/// Posts a BulkRequest, asserting 200 and a BulkResponse; returns its `Operations`.
async fn run(s: &Server, body: &Value) -> Vec<Value> {
    let r = s.post("/Bulk", body).await;
    r.assert_status(200);
    assert_eq!(r.body["schemas"], json!([BULK_RESPONSE]), "{}", r.text);
    r.body["Operations"].as_array().cloned().unwrap_or_default()
}

fn last_segment(location: &Value) -> String {
    location
        .as_str()
        .and_then(|l| l.rsplit('/').next())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn the_service_provider_config_advertises_bulk_with_its_limits() {
    let s = Server::start().await;
    let c = s.fetch("/ServiceProviderConfig").await;
    assert_eq!(
        c["bulk"],
        json!({"supported": true, "maxOperations": 1000, "maxPayloadSize": 1048576})
    );
}

#[tokio::test]
async fn a_bulk_create_reports_status_location_and_version() {
    let s = Server::start().await;
    let ops = run(&s, &bulk(json!([post_user("u1", "bulk.one@example.com")]))).await;
    assert_eq!(ops.len(), 1);
    let op = &ops[0];
    assert_eq!(op["method"], "POST");
    assert_eq!(op["bulkId"], "u1");
    assert_eq!(op["status"], json!("201"), "a string (RFC 7644 §3.7.3)");
    let id = last_segment(&op["location"]);
    let user = s.fetch(&format!("/Users/{id}")).await;
    assert_eq!(user["userName"], "bulk.one@example.com");
    assert_eq!(op["location"], user["meta"]["location"]);
    assert_eq!(op["version"], user["meta"]["version"]);
    assert!(op.get("response").is_none());
}

#[tokio::test]
async fn put_patch_and_delete_run_through_the_single_request_code() {
    let s = Server::start().await;
    let id = id_of(&s.create_user("bulk.edit@example.com").await);
    let ops = run(
        &s,
        &bulk(json!([
            {"method": "PUT", "path": format!("/Users/{id}"),
             "data": {"schemas": [USER], "userName": "bulk.edit@example.com", "displayName": "Put"}},
            {"method": "PATCH", "path": format!("/Users/{id}"),
             "data": patch_body(json!([{"op": "replace", "path": "title", "value": "Patched"}]))},
        ])),
    )
    .await;
    let statuses: Vec<&Value> = ops.iter().map(|o| &o["status"]).collect();
    assert_eq!(statuses, [&json!("200"), &json!("200")]);
    let user = s.fetch(&format!("/Users/{id}")).await;
    assert_eq!(
        (&user["displayName"], &user["title"]),
        (&json!("Put"), &json!("Patched"))
    );
    let ops = run(
        &s,
        &bulk(json!([{"method": "DELETE", "path": format!("/Users/{id}")}])),
    )
    .await;
    assert_eq!(ops[0]["status"], "204");
    assert_eq!(ops[0]["location"], json!(format!("{}/Users/{id}", s.base)));
    s.get(&format!("/Users/{id}")).await.assert_error(404, None);
}

#[tokio::test]
async fn a_stale_version_is_refused_like_a_stale_if_match() {
    let s = Server::start().await;
    let user = s.create_user("bulk.version@example.com").await;
    let id = id_of(&user);
    let version = user["meta"]["version"].clone();
    s.patch_ops(
        &format!("/Users/{id}"),
        json!([{"op": "replace", "path": "title", "value": "moved"}]),
    )
    .await
    .assert_status(200);
    let ops = run(
        &s,
        &bulk(json!([{"method": "DELETE", "path": format!("/Users/{id}"), "version": version}])),
    )
    .await;
    assert_eq!(ops[0]["status"], "412", "{ops:?}");
    assert_eq!(ops[0]["response"]["status"], "412");
    s.get(&format!("/Users/{id}")).await.assert_status(200);
}

#[tokio::test]
async fn bulk_id_references_resolve_in_data_and_paths_even_forward() {
    let s = Server::start().await;
    let ops = run(
        &s,
        &bulk(json!([
            {"method": "POST", "path": "/Groups", "bulkId": "g",
             "data": {"schemas": [GROUP], "displayName": "Bulk G", "members": [{"value": "bulkId:u"}]}},
            post_user("u", "bulk.member@example.com"),
            {"method": "PATCH", "path": "/Users/bulkId:u",
             "data": patch_body(json!([{"op": "replace", "path": "title", "value": "Referenced"}]))},
        ])),
    )
    .await;
    let statuses: Vec<&Value> = ops.iter().map(|o| &o["status"]).collect();
    assert_eq!(
        statuses,
        [&json!("201"), &json!("201"), &json!("200")],
        "{ops:?}"
    );
    let (group, user) = (
        last_segment(&ops[0]["location"]),
        last_segment(&ops[1]["location"]),
    );
    let g = s.fetch(&format!("/Groups/{group}")).await;
    assert_eq!(g["members"][0]["value"], json!(user));
    assert_eq!(
        s.fetch(&format!("/Users/{user}")).await["title"],
        "Referenced"
    );
}

#[tokio::test]
async fn unknown_failed_and_circular_references_fail_their_operation() {
    let s = Server::start().await;
    s.create_user("bulk.taken@example.com").await;
    let ops = run(
        &s,
        &bulk(json!([
            {"method": "DELETE", "path": "/Users/bulkId:nobody"},
            post_user("t", "bulk.taken@example.com"),
            {"method": "DELETE", "path": "/Users/bulkId:t"},
            {"method": "POST", "path": "/Groups", "bulkId": "a",
             "data": {"schemas": [GROUP], "displayName": "A", "members": [{"value": "bulkId:b"}]}},
            {"method": "POST", "path": "/Groups", "bulkId": "b",
             "data": {"schemas": [GROUP], "displayName": "B", "members": [{"value": "bulkId:a"}]}},
        ])),
    )
    .await;
    let statuses: Vec<&str> = ops
        .iter()
        .map(|o| o["status"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(statuses[..3], ["400", "409", "409"], "{ops:?}");
    assert_eq!(ops[0]["response"]["scimType"], "invalidValue");
    assert!(
        ops[1].get("location").is_none(),
        "a failed POST has no location"
    );
    assert!(
        ops[2]["location"].is_string(),
        "every other operation has one"
    );
    // A cycle is not untangled (RFC 7644 §3.7.1 allows 409 after a failed attempt): the side
    // that runs first cannot resolve its reference, and the other references a failed POST.
    assert_eq!(statuses[3..], ["409", "409"], "{ops:?}");
}

#[tokio::test]
async fn fail_on_errors_stops_after_that_many_errors() {
    let s = Server::start().await;
    s.create_user("bulk.dup@example.com").await;
    let body = json!({"schemas": [BULK_REQUEST], "failOnErrors": 1, "Operations": [
        post_user("a", "bulk.a@example.com"),
        post_user("dup", "bulk.dup@example.com"),
        post_user("b", "bulk.b@example.com"),
    ]});
    let ops = run(&s, &body).await;
    let ids: Vec<&Value> = ops.iter().map(|o| &o["bulkId"]).collect();
    assert_eq!(
        ids,
        [&json!("a"), &json!("dup")],
        "the job ends at the error"
    );
    assert_eq!(ops[1]["response"]["scimType"], "uniqueness");
    assert!(
        s.filter_ids("/Users", r#"userName eq "bulk.b@example.com""#)
            .await
            .is_empty()
    );
    // Without failOnErrors the job goes on.
    let body = bulk(json!([
        post_user("dup", "bulk.dup@example.com"),
        post_user("c", "bulk.c@example.com")
    ]));
    let ops = run(&s, &body).await;
    assert_eq!(ops.len(), 2);
    assert_eq!(ops[1]["status"], "201");
}

#[tokio::test]
async fn malformed_operations_fail_alone_with_scim_errors() {
    let s = Server::start().await;
    let ops = run(
        &s,
        &bulk(json!([
            7,
            {"method": "POST", "path": "/Users", "data": {"schemas": [USER], "userName": "x@example.com"}},
            {"method": "GET", "path": "/Users"},
            {"method": "PUT", "path": "/Users"},
            {"method": "POST", "bulkId": "m", "path": "/Me", "data": {}},
            {"method": "POST", "bulkId": "n", "path": "/Users/abc", "data": {}},
            {"method": "POST", "bulkId": "o", "path": "/Users", "data": {"schemas": [USER]}},
        ])),
    )
    .await;
    let statuses: Vec<&str> = ops
        .iter()
        .map(|o| o["status"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        statuses,
        ["400", "400", "400", "400", "404", "405", "400"],
        "{ops:?}"
    );
    for op in &ops {
        assert_eq!(op["response"]["schemas"], json!([ERROR]), "{op}");
    }
    assert!(
        s.filter_ids("/Users", r#"userName eq "x@example.com""#)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_body_that_is_no_bulk_request_is_400_invalid_syntax() {
    let s = Server::start().await;
    for body in [
        json!([]),
        json!({"schemas": [BULK_REQUEST]}),
        json!({"schemas": ["urn:nope"], "Operations": []}),
        json!({"schemas": [BULK_REQUEST], "Operations": "all"}),
        json!({"schemas": [BULK_REQUEST], "Operations": [], "failOnErrors": -1}),
    ] {
        s.post("/Bulk", &body)
            .await
            .assert_error(400, Some("invalidSyntax"));
    }
    let r = s
        .send(
            s.request(reqwest::Method::POST, "/Bulk")
                .header("Content-Type", "application/scim+json")
                .body("{\"Operations\": ["),
        )
        .await;
    r.assert_error(400, Some("invalidSyntax"));
    s.get("/Bulk").await.assert_error(405, None);
}

#[tokio::test]
async fn the_advertised_limits_are_enforced_with_413() {
    let s = Server::start_with(ServerConfig {
        max_bulk_operations: 2,
        max_body_bytes: 4096,
        ..ServerConfig::default()
    })
    .await;
    let c = s.fetch("/ServiceProviderConfig").await;
    assert_eq!(c["bulk"]["maxOperations"], 2);
    assert_eq!(c["bulk"]["maxPayloadSize"], 4096);
    let three: Vec<Value> = (0..3)
        .map(|i| post_user(&format!("u{i}"), &format!("limit{i}@example.com")))
        .collect();
    let r = s.post("/Bulk", &bulk(json!(three))).await;
    r.assert_error(413, None);
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap_or("")
            .contains("maxOperations is 2"),
        "{}",
        r.text
    );
    assert!(
        s.filter_ids("/Users", r#"userName sw "limit""#)
            .await
            .is_empty()
    );
    let big = bulk(json!([{"method": "POST", "path": "/Users", "bulkId": "big",
        "data": {"schemas": [USER], "userName": "big@example.com", "displayName": "x".repeat(5000)}}]));
    let r = s.post("/Bulk", &big).await;
    r.assert_error(413, None);
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap_or("")
            .contains("maxPayloadSize"),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn scim_1_1_does_not_advertise_or_serve_bulk() {
    let s = Server::start().await;
    let c = s
        .v1(reqwest::Method::GET, "/ServiceProviderConfigs", None)
        .await;
    assert_eq!(c.body["bulk"]["supported"], json!(false), "{}", c.text);
    let r = s
        .v1(reqwest::Method::POST, "/Bulk", Some(&bulk(json!([]))))
        .await;
    assert_eq!(r.status, 501, "{}", r.text);
}
