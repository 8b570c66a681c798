//! ETags (RFC 7644 §3.14): the `ETag` header is `meta.version` (weak), `If-None-Match` → 304,
//! a stale `If-Match` → 412 on PUT, PATCH and DELETE.

use reqwest::Method;
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn etag_header_equals_meta_version_and_is_weak() {
    let s = Server::start().await;
    let r = s
        .post("/Users", &json!({"schemas": [USER], "userName": "tag"}))
        .await;
    r.assert_status(201);
    let etag = r.header("etag").expect("ETag on create").to_string();
    assert!(etag.starts_with("W/\"") && etag.ends_with('"'), "{etag}");
    assert_eq!(r.body["meta"]["version"], json!(etag));
    let got = s.get(&path_of(&r.body)).await;
    assert_eq!(got.header("etag"), Some(etag.as_str()));
    let g = s
        .post(
            "/Groups",
            &json!({"schemas": [GROUP], "displayName": "Tagged"}),
        )
        .await;
    assert_eq!(
        g.header("etag").map(str::to_string),
        g.body["meta"]["version"].as_str().map(str::to_string)
    );
}

#[tokio::test]
async fn every_change_gives_a_new_etag() {
    let s = Server::start().await;
    let u = s.create_user("changing").await;
    let p = path_of(&u);
    let v1 = u["meta"]["version"].clone();
    let r = s
        .patch_ops(
            &p,
            json!([{"op": "replace", "path": "title", "value": "A"}]),
        )
        .await;
    r.assert_status(200);
    let v2 = r.body["meta"]["version"].clone();
    assert_ne!(v1, v2);
    assert_eq!(r.header("etag"), v2.as_str());
    let r = s
        .put(
            &p,
            &json!({"schemas": [USER], "userName": "changing", "title": "B"}),
        )
        .await;
    let v3 = r.body["meta"]["version"].clone();
    assert_ne!(v3, v2);
    assert_ne!(v3, v1);
    assert_eq!(r.header("etag"), v3.as_str());
}

#[tokio::test]
async fn if_none_match_current_is_304_and_stale_is_200() {
    let s = Server::start().await;
    let u = s.create_user("cache").await;
    let p = path_of(&u);
    let tag = u["meta"]["version"].as_str().unwrap().to_string();
    let r = s
        .send(s.request(Method::GET, &p).header("If-None-Match", &tag))
        .await;
    assert_eq!(r.status, 304, "{}", r.text);
    assert!(r.text.is_empty(), "304 has no body");
    let r = s
        .send(
            s.request(Method::GET, &p)
                .header("If-None-Match", "W/\"not-it\""),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["id"], u["id"]);
    s.patch_ops(
        &p,
        json!([{"op": "replace", "path": "title", "value": "new"}]),
    )
    .await
    .assert_status(200);
    let r = s
        .send(s.request(Method::GET, &p).header("If-None-Match", &tag))
        .await;
    r.assert_status(200);
    assert_eq!(r.body["title"], "new");
}

#[tokio::test]
async fn stale_if_match_is_412_on_put_patch_and_delete() {
    let s = Server::start().await;
    let u = s.create_user("guarded").await;
    let p = path_of(&u);
    let old = u["meta"]["version"].as_str().unwrap().to_string();
    s.patch_ops(
        &p,
        json!([{"op": "replace", "path": "title", "value": "v2"}]),
    )
    .await
    .assert_status(200);
    let current = s.fetch(&p).await;

    let put = s
        .request(Method::PUT, &p)
        .header("If-Match", &old)
        .body(json!({"schemas": [USER], "userName": "guarded", "title": "lost"}).to_string());
    s.send(put).await.assert_error(412, None);
    let patch = s
        .request(Method::PATCH, &p)
        .header("If-Match", &old)
        .body(patch_body(json!([{"op": "replace", "path": "title", "value": "lost"}])).to_string());
    s.send(patch).await.assert_error(412, None);
    s.send(s.request(Method::DELETE, &p).header("If-Match", &old))
        .await
        .assert_error(412, None);
    assert_eq!(s.fetch(&p).await, current, "nothing may change after a 412");
}

#[tokio::test]
async fn current_if_match_succeeds() {
    let s = Server::start().await;
    let u = s.create_user("matching").await;
    let p = path_of(&u);
    let tag = u["meta"]["version"].as_str().unwrap().to_string();
    let r = s
        .send(s.request(Method::PATCH, &p).header("If-Match", &tag).body(
            patch_body(json!([{"op": "replace", "path": "title", "value": "ok"}])).to_string(),
        ))
        .await;
    r.assert_status(200);
    let tag = r.header("etag").unwrap().to_string();
    let r = s
        .send(
            s.request(Method::PUT, &p)
                .header("If-Match", &tag)
                .body(json!({"schemas": [USER], "userName": "matching"}).to_string()),
        )
        .await;
    r.assert_status(200);
    let tag = r.header("etag").unwrap().to_string();
    let r = s
        .send(s.request(Method::DELETE, &p).header("If-Match", &tag))
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
}

#[tokio::test]
async fn if_match_star_and_strong_form_match() {
    let s = Server::start().await;
    let u = s.create_user("star").await;
    let p = path_of(&u);
    let weak = u["meta"]["version"].as_str().unwrap();
    let strong = weak.trim_start_matches("W/");
    let r = s
        .send(
            s.request(Method::PATCH, &p)
                .header("If-Match", strong)
                .body(
                    patch_body(json!([{"op": "replace", "path": "title", "value": "s"}]))
                        .to_string(),
                ),
        )
        .await;
    r.assert_status(200);
    let r = s
        .send(s.request(Method::PATCH, &p).header("If-Match", "*").body(
            patch_body(json!([{"op": "replace", "path": "title", "value": "t"}])).to_string(),
        ))
        .await;
    r.assert_status(200);
    assert_eq!(r.body["title"], "t");
}

#[tokio::test]
async fn no_op_patch_keeps_the_etag() {
    let s = Server::start().await;
    let u = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "same", "title": "T"}),
        )
        .await;
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "replace", "path": "title", "value": "T"}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.header("etag"), u["meta"]["version"].as_str());
    assert_eq!(r.body["meta"], u["meta"]);
}

#[tokio::test]
async fn not_modified_carries_the_etag_and_honours_lists_and_star() {
    let s = Server::start().await;
    let u = s.create_user("nm").await;
    let p = path_of(&u);
    let tag = u["meta"]["version"].as_str().unwrap().to_string();
    for header in [tag.clone(), "*".to_string(), format!("W/\"nope\", {tag}")] {
        let r = s
            .send(s.request(Method::GET, &p).header("If-None-Match", &header))
            .await;
        assert_eq!(r.status, 304, "{header}: {}", r.text);
        assert_eq!(r.header("etag"), Some(tag.as_str()), "{header}");
    }
}

#[tokio::test]
async fn a_group_changes_version_when_a_member_is_deleted() {
    let s = Server::start().await;
    let u = s.create_user("leaver").await;
    let g = s.create_group("Versioned", &[&id_of(&u)]).await;
    assert_eq!(s.delete(&path_of(&u)).await.status, 204);
    let r = s.get(&path_of(&g)).await;
    r.assert_status(200);
    assert_ne!(
        r.body["meta"]["version"], g["meta"]["version"],
        "membership changed"
    );
    assert_eq!(r.header("etag"), r.body["meta"]["version"].as_str());
    let stale = g["meta"]["version"].as_str().unwrap();
    let put = s
        .request(Method::PUT, &path_of(&g))
        .header("If-Match", stale)
        .body(json!({"schemas": [GROUP], "displayName": "Versioned", "members": [{"value": id_of(&u)}]}).to_string());
    s.send(put).await.assert_error(412, None);
}
