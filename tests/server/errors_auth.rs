//! Errors (RFC 7644 §3.12) and authentication (§2): SCIM error bodies with the SCIM media type,
//! 401 + `WWW-Authenticate`, malformed and oversized bodies, accepted request media types.

use base64::Engine;
use reqwest::Method;
use scimulate::server::Credentials;
use serde_json::json;

use crate::support::*;

fn basic(user: &str, password: &str) -> String {
    let raw = format!("{user}:{password}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

fn both() -> Credentials {
    Credentials {
        bearer: Some("s3cret-token".into()),
        basic: Some(("admin".into(), "pw".into())),
    }
}

#[tokio::test]
async fn missing_or_wrong_credentials_are_401_with_a_challenge() {
    let bearer_only = Credentials {
        bearer: Some("s3cret-token".into()),
        basic: None,
    };
    for auth in [
        None,
        Some("Bearer wrong"),
        Some("Bearer s3cret-token2"),
        Some("Bearer "),
        Some(basic("admin", "pw").as_str()),
    ] {
        let s = Server::start_secured(bearer_only.clone(), auth).await;
        for path in ["/Users", "/Groups/x", "/ServiceProviderConfig", "/Nope"] {
            let r = s.get(path).await;
            r.assert_error(401, None);
            let challenge = r.header("www-authenticate").unwrap_or_default();
            assert!(
                challenge.starts_with("Bearer"),
                "{auth:?} {path}: {challenge:?}"
            );
        }
        let r = s
            .post(
                "/Users",
                &json!({"schemas": [USER], "userName": "intruder"}),
            )
            .await;
        r.assert_error(401, None);
    }
    // Nothing was created by the refused requests.
    let s = Server::start_secured(bearer_only, Some("Bearer s3cret-token")).await;
    assert_eq!(s.fetch("/Users").await["totalResults"], json!(0));
}

#[tokio::test]
async fn challenge_lists_every_configured_scheme() {
    let s = Server::start_secured(both(), None).await;
    let r = s.get("/Users").await;
    r.assert_error(401, None);
    let challenge = r.header("www-authenticate").unwrap_or_default();
    assert!(
        challenge.contains("Bearer") && challenge.contains("Basic"),
        "{challenge}"
    );
}

#[tokio::test]
async fn accepted_credential_forms() {
    let token = "s3cret-token".to_string();
    for auth in [
        format!("Bearer {token}"),
        format!("bearer {token}"),
        token.clone(),
        basic("admin", "pw"),
    ] {
        let s = Server::start_secured(both(), Some(&auth)).await;
        s.get("/Users").await.assert_status(200);
        s.create_user("ok").await;
    }
    for auth in [
        basic("admin", "nope"),
        basic("root", "pw"),
        "Basic !!".to_string(),
        format!("Token {token}"),
    ] {
        let s = Server::start_secured(both(), Some(&auth)).await;
        s.get("/Users").await.assert_error(401, None);
    }
}

#[tokio::test]
async fn malformed_json_is_400_invalid_syntax() {
    let s = Server::start().await;
    let u = s.create_user("target").await;
    let p = path_of(&u);
    for (method, path) in [
        (Method::POST, "/Users".to_string()),
        (Method::POST, "/Groups".to_string()),
        (Method::PUT, p.clone()),
        (Method::PATCH, p.clone()),
        (Method::POST, "/Users/.search".to_string()),
    ] {
        for body in ["{\"userName\": ", "not json", "", "{\"a\":1}}"] {
            let rb = s
                .request(method.clone(), &path)
                .header("Content-Type", "application/scim+json")
                .body(body);
            s.send(rb).await.assert_error(400, Some("invalidSyntax"));
        }
    }
    assert_eq!(s.fetch(&p).await, u);
}

#[tokio::test]
async fn missing_or_mistyped_required_values_are_400_invalid_value() {
    let s = Server::start().await;
    for body in [
        json!({"schemas": [USER]}),
        json!({"schemas": [USER], "userName": ""}),
        json!({"schemas": [USER], "userName": null}),
        json!({"schemas": [USER], "userName": 17}),
        json!({"schemas": [USER], "userName": "typed", "active": "maybe"}),
        json!({"schemas": [USER], "userName": "typed", "name": "Just A String"}),
    ] {
        s.post("/Users", &body)
            .await
            .assert_error(400, Some("invalidValue"));
    }
    assert_eq!(s.fetch("/Users").await["totalResults"], json!(0));
}

#[tokio::test]
async fn body_over_one_mebibyte_is_413() {
    let s = Server::start().await;
    let big = "x".repeat(1024 * 1024 + 10);
    let body = json!({"schemas": [USER], "userName": "big", "displayName": big});
    s.post("/Users", &body).await.assert_error(413, None);
    assert_eq!(s.fetch("/Users").await["totalResults"], json!(0));
    let u = s.create_user("small").await;
    s.put(&path_of(&u), &body).await.assert_error(413, None);
    // Just under the limit is accepted.
    let fits =
        json!({"schemas": [USER], "userName": "fits", "displayName": "y".repeat(1000 * 1000)});
    s.post("/Users", &fits).await.assert_status(201);
}

#[tokio::test]
async fn request_media_types_accepted() {
    let s = Server::start().await;
    for (i, ct) in [
        Some("application/scim+json"),
        Some("application/json"),
        Some("application/scim+json; charset=utf-8"),
        Some("application/json; charset=UTF-8"),
        None,
    ]
    .into_iter()
    .enumerate()
    {
        let mut rb = s
            .request(Method::POST, "/Users")
            .body(json!({"schemas": [USER], "userName": format!("ct{i}")}).to_string());
        if let Some(ct) = ct {
            rb = rb.header("Content-Type", ct);
        }
        let r = s.send(rb).await;
        r.assert_status(201);
        assert_eq!(r.body["userName"], json!(format!("ct{i}")), "{ct:?}");
    }
}

#[tokio::test]
async fn every_response_carries_the_scim_media_type() {
    let s = Server::start().await;
    let u = s.create_user("ct").await;
    let g = s.create_group("ct", &[&id_of(&u)]).await;
    for path in [
        path_of(&u),
        path_of(&g),
        "/Users".into(),
        "/Groups".into(),
        "/ServiceProviderConfig".into(),
        "/ResourceTypes".into(),
        "/ResourceTypes/Group".into(),
        "/Schemas".into(),
        format!("/Schemas/{GROUP}"),
        format!("/Users?filter={}", encode("userName pr")),
    ] {
        let r = s.get(&path).await;
        r.assert_status(200);
        r.assert_scim_content_type();
    }
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "add", "path": "title", "value": "x"}]),
        )
        .await;
    r.assert_status(200);
    r.assert_scim_content_type();
}

#[tokio::test]
async fn okta_headers_are_honoured() {
    let s = Server::start().await;
    let r = s
        .send(
            s.request(
                Method::GET,
                "/Users?filter=userName%20eq%20%22a%40b.c%22&startIndex=1&count=100",
            )
            .header("Accept", "application/scim+json")
            .header("Accept-Charset", "utf-8")
            .header("User-Agent", "Okta SCIM Client 1.0.0"),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["totalResults"], json!(0));
    s.create_user("a@b.c").await;
    let r = s
        .get("/Users?filter=userName+eq+%22A%40B.C%22&startIndex=1&count=100")
        .await;
    r.assert_status(200);
    assert_eq!(r.body["totalResults"], json!(1));
}

#[tokio::test]
async fn strict_profile_refuses_what_lenient_accepts() {
    let strict = Server::start_with(scimulate::server::ServerConfig {
        lenient: false,
        ..Default::default()
    })
    .await;
    for body in [
        json!({"schemas": [USER], "userName": "s1", "active": "True"}),
        json!({"schemas": [USER], "userName": "s2", "emails": "a@b.c"}),
        json!({"schemas": [USER], "userName": "s3", "emails": ["a@b.c"]}),
    ] {
        strict
            .post("/Users", &body)
            .await
            .assert_error(400, Some("invalidValue"));
    }
    let lenient = Server::start().await;
    let u = lenient
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "l1", "emails": "a@b.c"}),
        )
        .await;
    assert_eq!(u["emails"], json!([{"value": "a@b.c"}]));
}

#[tokio::test]
async fn bodies_that_are_not_resource_objects_are_invalid_syntax() {
    let s = Server::start().await;
    for body in ["[]", "\"text\"", "42", "null", "true"] {
        let rb = s
            .request(Method::POST, "/Users")
            .header("Content-Type", "application/scim+json")
            .body(body);
        s.send(rb).await.assert_error(400, Some("invalidSyntax"));
    }
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let rb = s
        .request(Method::POST, "/Users")
        .body(format!("{{\"userName\":\"deep\",\"x\":{deep}}}"));
    s.send(rb).await.assert_error(400, Some("invalidSyntax"));
    let rb = s
        .request(Method::POST, "/Users")
        .body(b"{\"userName\":\"\xff\xfe\"}".to_vec());
    s.send(rb).await.assert_error(400, Some("invalidSyntax"));
    assert_eq!(s.fetch("/Users").await["totalResults"], json!(0));
}

#[tokio::test]
async fn oversized_patch_and_search_bodies_are_413() {
    let s = Server::start().await;
    let u = s.create_user("big-patch").await;
    let big = "x".repeat(1024 * 1024 + 1);
    s.patch_ops(
        &path_of(&u),
        json!([{"op": "add", "path": "title", "value": big}]),
    )
    .await
    .assert_error(413, None);
    s.post(
        "/Users/.search",
        &json!({"schemas": [SEARCH], "filter": big}),
    )
    .await
    .assert_error(413, None);
    assert!(s.fetch(&path_of(&u)).await.get("title").is_none());
}
