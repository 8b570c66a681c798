//! Filter edge cases beyond the checklist: Unicode case folding (which must agree with the
//! uniqueness index), keywords and brackets inside string values, dateTime equality across
//! offsets, index maintenance after updates, and hostile filters.

use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn unicode_case_folding_agrees_between_uniqueness_index_and_filters() {
    let s = Server::start().await;
    let u = s.create_user("Élodie@Exämple.org").await;
    s.post(
        "/Users",
        &json!({"schemas": [USER], "userName": "élodie@exÄmple.ORG"}),
    )
    .await
    .assert_error(409, Some("uniqueness"));
    for f in [
        "userName eq \"ÉLODIE@EXÄMPLE.ORG\"",
        "userName eq \"élodie@exämple.org\"",
        "userName co \"LODIE@EXÄ\"",
        "userName sw \"élo\"",
        "userName eq \"élodie@exämple.org\" and userName pr",
    ] {
        assert_eq!(s.filter_ids("/Users", f).await, vec![id_of(&u)], "{f}");
    }
}

#[tokio::test]
async fn keywords_brackets_and_escapes_inside_strings_are_just_text() {
    let s = Server::start().await;
    let u = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "rock", "displayName": "Rock and Roll (live) [or] not \\ \"x\""}),
        )
        .await;
    s.create_user("other").await;
    for f in [
        "displayName eq \"Rock and Roll (live) [or] not \\\\ \\\"x\\\"\"",
        "displayName co \" and \"",
        "displayName co \"(live)\"",
        "displayName co \"[or]\"",
        "displayName co \"\\u0052ock\"",
    ] {
        assert_eq!(s.filter_ids("/Users", f).await, vec![id_of(&u)], "{f}");
    }
}

#[tokio::test]
async fn date_equality_is_by_instant() {
    let s = Server::start().await;
    let u = s.create_user("instant").await;
    let created =
        chrono::DateTime::parse_from_rfc3339(u["meta"]["created"].as_str().unwrap()).unwrap();
    let tz = chrono::FixedOffset::west_opt(5 * 3600).unwrap();
    let other_offset = created.with_timezone(&tz).to_rfc3339();
    assert!(other_offset.ends_with("-05:00"));
    assert_eq!(
        s.filter_ids("/Users", &format!("meta.created eq \"{other_offset}\""))
            .await,
        vec![id_of(&u)]
    );
    assert_eq!(
        s.filter_ids("/Users", &format!("meta.lastModified ge \"{other_offset}\" and meta.lastModified le \"{other_offset}\"")).await,
        vec![id_of(&u)]
    );
}

#[tokio::test]
async fn indexed_attributes_follow_updates() {
    let s = Server::start().await;
    let u = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "idx", "externalId": "old-ext"}),
        )
        .await;
    let twin = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "twin", "externalId": "shared"}),
        )
        .await;
    s.patch_ops(
        &path_of(&u),
        json!([{"op": "replace", "path": "externalId", "value": "shared"},
               {"op": "replace", "path": "userName", "value": "idx-renamed"}]),
    )
    .await
    .assert_status(200);
    assert!(
        s.filter_ids("/Users", "externalId eq \"old-ext\"")
            .await
            .is_empty()
    );
    assert_eq!(
        sorted(s.filter_ids("/Users", "externalId eq \"shared\"").await),
        sorted(vec![id_of(&u), id_of(&twin)])
    );
    assert!(
        s.filter_ids("/Users", "userName eq \"idx\"")
            .await
            .is_empty()
    );
    assert_eq!(
        s.filter_ids("/Users", "userName eq \"IDX-renamed\"").await,
        vec![id_of(&u)]
    );
    assert_eq!(
        s.filter_ids(
            "/Users",
            "userName eq \"idx-renamed\" and externalId eq \"shared\""
        )
        .await,
        vec![id_of(&u)]
    );
    assert!(
        s.filter_ids(
            "/Users",
            "userName eq \"twin\" and externalId eq \"old-ext\""
        )
        .await
        .is_empty()
    );
    let g = s.create_group("Before", &[]).await;
    s.patch_ops(
        &path_of(&g),
        json!([{"op": "replace", "path": "displayName", "value": "After"}]),
    )
    .await
    .assert_status(200);
    assert!(
        s.filter_ids("/Groups", "displayName eq \"before\"")
            .await
            .is_empty()
    );
    assert_eq!(
        s.filter_ids("/Groups", "displayName eq \"after\"").await,
        vec![id_of(&g)]
    );
    assert_eq!(
        s.filter_ids("/Groups", &format!("id eq \"{}\"", id_of(&g)))
            .await,
        vec![id_of(&g)]
    );
}

#[tokio::test]
async fn filters_on_derived_attributes() {
    let s = Server::start().await;
    let u = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "derived", "displayName": "Derived Person"}),
        )
        .await;
    // Members carry the `display` the client wrote (none is derived).
    let g = s
        .create(
            "/Groups",
            json!({"schemas": [GROUP], "displayName": "Derived Group",
                   "members": [{"value": id_of(&u), "display": "Derived Person"}]}),
        )
        .await;
    assert_eq!(
        s.filter_ids("/Groups", "members.display eq \"derived person\"")
            .await,
        vec![id_of(&g)]
    );
    assert_eq!(
        s.filter_ids("/Users", "groups.display co \"group\"").await,
        vec![id_of(&u)]
    );
    assert_eq!(
        s.filter_ids("/Groups", "members[type eq \"User\"]").await,
        vec![id_of(&g)]
    );
    assert_eq!(
        s.filter_ids(
            "/Users",
            &format!(
                "meta.version eq {}",
                serde_json::to_string(&u["meta"]["version"]).unwrap()
            )
        )
        .await,
        vec![id_of(&u)]
    );
}

#[tokio::test]
async fn hostile_filters_are_refused_and_the_server_keeps_serving() {
    let s = Server::start().await;
    let u = s.create_user("survivor").await;
    let deep = format!("{}userName pr{}", "(".repeat(5000), ")".repeat(5000));
    let long_and = vec!["userName pr"; 20_000].join(" and ");
    let long_or = vec!["userName eq \"x\""; 20_000].join(" or ");
    let brackets = format!(
        "emails[{}type eq \"w\"{}]",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    for f in [deep, long_and, long_or, brackets] {
        let r = s
            .post("/Users/.search", &json!({"schemas": [SEARCH], "filter": f}))
            .await;
        r.assert_error(400, None);
        assert!(
            matches!(
                r.body["scimType"].as_str(),
                Some("invalidFilter" | "tooMany")
            ),
            "{}",
            r.text
        );
    }
    assert_eq!(s.filter_ids("/Users", "userName pr").await, vec![id_of(&u)]);
}
