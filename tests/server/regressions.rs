//! Regressions: one test per server bug found, named after what broke. A test is `#[ignore]`d
//! with `BUG: …` until the server owners fix it; then the `ignore` goes and the test stays.

use scimulate::server::ServerConfig;
use serde_json::json;

use crate::support::*;

/// `ServerConfig::lenient` is documented to gate "unquoted filter values", and the checklist's
/// strict profile (§4.3 case 5) expects 400; the filter parser accepts them whatever the setting.
#[tokio::test]
async fn strict_server_rejects_unquoted_filter_values() {
    let strict = Server::start_with(ServerConfig {
        lenient: false,
        ..ServerConfig::default()
    })
    .await;
    strict.create_user("alice").await;
    for f in ["userName eq alice", "userName eq 'alice'"] {
        strict
            .filter("/Users", f)
            .await
            .assert_error(400, Some("invalidFilter"));
    }
}

/// README "Exit codes": 2 is a bad invocation (nothing ran), 3 a runtime error. A malformed
/// `--basic` value is a bad invocation, but `serve` exits 3.
#[tokio::test]
async fn malformed_basic_credentials_exit_with_the_usage_code() {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_scimulate"))
        .args(["serve", "--listen", "127.0.0.1:0", "--basic", "no-colon"])
        .env_remove("SCIMULATE_SERVE_BEARER")
        .env_remove("SCIMULATE_SERVE_BASIC")
        .output()
        .await
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

/// Found by the `request_body` fuzz target: an id that does not percent-decode to UTF-8 was
/// refused by axum's path extractor with a `text/plain` 400, not a SCIM error body.
#[tokio::test]
async fn a_path_that_is_not_utf8_gets_a_scim_error() {
    let s = Server::start().await;
    for path in ["/Users/%e2", "/Groups/%ff%fe", "/ResourceTypes/%c3"] {
        s.get(path).await.assert_error(400, None);
    }
    let r = crate::v1::v1_get(&s, "/Users/%e2").await;
    crate::v1::assert_v1_error(&r, 400);
}

/// Found by `conformance::meta::last_modified_after_put` (issue 16): timestamps were written in
/// milliseconds, so an update within the millisecond of the create (or of the previous update)
/// left `meta.lastModified` as it was, and a client could not tell that the resource changed
/// (RFC 7643 §3.1: the most recent time the resource was updated). They are microseconds now.
#[tokio::test]
async fn every_update_moves_last_modified() {
    let s = Server::start().await;
    let user = s.create_user("quick.updates@example.com").await;
    let id = user["id"].as_str().unwrap_or_default().to_owned();
    let mut previous = user["meta"]["lastModified"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(user["meta"]["created"], user["meta"]["lastModified"]);
    for n in 0..30 {
        let r = s
            .patch_ops(
                &format!("/Users/{id}"),
                json!([{"op": "replace", "path": "displayName", "value": format!("Quick {n}")}]),
            )
            .await;
        r.assert_status(200);
        let now = r.body["meta"]["lastModified"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(now > previous, "update {n}: {now} is not after {previous}");
        previous = now;
    }
}

/// `--behave thousandeyes` promised that a PATCH left with nothing writable is "an accepted
/// no-op" (200 with the user); it turned the request into a GET after routing, so the PATCH
/// handler saw an empty body and answered 400 invalidSyntax. A remove without a path was dropped
/// the same way, where the server must refuse it (RFC 7644 §3.5.2.2: 400 noTarget).
#[tokio::test]
async fn thousandeyes_patch_of_nothing_writable_is_a_no_op_and_a_pathless_remove_is_refused() {
    let server = Server::start_with(ServerConfig {
        behave: Some(scimulate::server::behave::Behaviour::Thousandeyes),
        ..ServerConfig::default()
    })
    .await;
    let user = server.create_user("te.user@example.com").await;
    let path = format!("/Users/{}", user["id"].as_str().unwrap_or_default());
    let r = server
        .patch_ops(
            &path,
            json!([{"op": "replace", "path": "name.givenName", "value": "Z"}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["userName"], json!("te.user@example.com"));
    assert_eq!(
        r.body["meta"]["version"], user["meta"]["version"],
        "nothing changed"
    );
    server
        .patch_ops(&path, json!([{"op": "remove"}]))
        .await
        .assert_error(400, Some("noTarget"));
    let v1 = server
        .v1(
            reqwest::Method::PATCH,
            &path,
            Some(&json!({"schemas": ["urn:scim:schemas:core:1.0"], "nickName": "n"})),
        )
        .await;
    assert_eq!(v1.status, 200, "{:?}", v1.body);
    assert_eq!(v1.body["userName"], json!("te.user@example.com"));
}
