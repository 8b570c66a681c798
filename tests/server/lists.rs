//! Lists (RFC 7644 §3.4.2–§3.4.3, §3.9): pagination, sorting, attribute selection, `.search`.

use std::collections::HashSet;

use scimulate::server::ServerConfig;
use serde_json::{Value, json};

use crate::support::*;

async fn users(s: &Server, n: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..n {
        ids.push(id_of(&s.create_user(&format!("user{i:02}@x.io")).await));
    }
    ids
}

#[tokio::test]
async fn pages_of_25_users_by_10_have_no_gaps_or_duplicates_and_are_stable() {
    let s = Server::start().await;
    let created = users(&s, 25).await;
    let mut seen = Vec::new();
    for (start, expected) in [(1, 10), (11, 10), (21, 5)] {
        let r = s.get(&format!("/Users?startIndex={start}&count=10")).await;
        r.assert_status(200);
        assert_eq!(r.body["totalResults"], json!(25));
        assert_eq!(r.body["startIndex"], json!(start));
        assert_eq!(r.body["itemsPerPage"], json!(expected));
        assert!(r.body["totalResults"].is_u64() && r.body["itemsPerPage"].is_u64());
        let page = list_ids(&r.body);
        assert_eq!(page.len(), expected);
        let again = s.get(&format!("/Users?startIndex={start}&count=10")).await;
        assert_eq!(
            list_ids(&again.body),
            page,
            "same page twice must be identical"
        );
        seen.extend(page);
    }
    assert_eq!(
        seen.iter().collect::<HashSet<_>>().len(),
        25,
        "duplicates across pages"
    );
    assert_eq!(sorted(seen), sorted(created));
}

#[tokio::test]
async fn paging_is_stable_across_updates() {
    let s = Server::start().await;
    users(&s, 6).await;
    let first = list_ids(&s.fetch("/Users?startIndex=1&count=3").await);
    s.patch_ops(
        &format!("/Users/{}", first[0]),
        json!([{"op": "replace", "path": "title", "value": "x"}]),
    )
    .await
    .assert_status(200);
    let second = list_ids(&s.fetch("/Users?startIndex=4&count=3").await);
    let again = list_ids(&s.fetch("/Users?startIndex=1&count=3").await);
    assert_eq!(
        again, first,
        "an update must not move a resource between pages"
    );
    assert!(second.iter().all(|id| !first.contains(id)));
}

#[tokio::test]
async fn start_index_below_one_means_one() {
    let s = Server::start().await;
    users(&s, 3).await;
    let one = s.fetch("/Users?startIndex=1&count=2").await;
    for start in ["0", "-5"] {
        let r = s.fetch(&format!("/Users?startIndex={start}&count=2")).await;
        assert_eq!(r["startIndex"], json!(1), "startIndex={start}");
        assert_eq!(list_ids(&r), list_ids(&one));
    }
}

#[tokio::test]
async fn count_zero_or_negative_returns_totals_only() {
    let s = Server::start().await;
    users(&s, 3).await;
    for count in ["0", "-1", "-100"] {
        let r = s.fetch(&format!("/Users?count={count}")).await;
        assert_eq!(r["totalResults"], json!(3), "count={count}");
        assert_eq!(r["itemsPerPage"], json!(0), "count={count}");
        assert!(resources(&r).is_empty(), "count={count}: {r}");
    }
}

#[tokio::test]
async fn start_index_beyond_the_total_is_an_empty_page() {
    let s = Server::start().await;
    users(&s, 2).await;
    let r = s.fetch("/Users?startIndex=101&count=100").await;
    assert_eq!(r["totalResults"], json!(2));
    assert_eq!(
        r["itemsPerPage"],
        json!(0),
        "itemsPerPage must not echo count"
    );
    assert!(resources(&r).is_empty());
}

#[tokio::test]
async fn okta_test_connection_on_an_empty_store() {
    let s = Server::start().await;
    for path in [
        "/Users?startIndex=1&count=2",
        "/Groups?startIndex=1&count=100",
    ] {
        let r = s.get(path).await;
        r.assert_status(200);
        assert_eq!(
            r.body,
            json!({"schemas": [LIST], "totalResults": 0, "startIndex": 1, "itemsPerPage": 0, "Resources": []}),
            "{path}"
        );
    }
}

#[tokio::test]
async fn non_numeric_paging_parameters_are_invalid_value() {
    let s = Server::start().await;
    for q in ["startIndex=abc", "count=ten", "count=1.5", "startIndex="] {
        s.get(&format!("/Users?{q}"))
            .await
            .assert_error(400, Some("invalidValue"));
    }
}

#[tokio::test]
async fn count_above_max_results_is_clamped() {
    let s = Server::start_with(ServerConfig {
        max_results: 4,
        ..ServerConfig::default()
    })
    .await;
    users(&s, 6).await;
    let r = s.fetch("/Users?count=100").await;
    assert_eq!(r["totalResults"], json!(6));
    assert_eq!(r["itemsPerPage"], json!(4));
    assert_eq!(resources(&r).len(), 4);
    let r = s.fetch("/Users").await;
    assert_eq!(
        resources(&r).len(),
        4,
        "the default page is bounded by maxResults too"
    );
}

#[tokio::test]
async fn lowercase_startindex_alias_is_accepted() {
    let s = Server::start().await;
    let ids = users(&s, 4).await;
    let r = s.fetch("/Users?startindex=3&count=1").await;
    assert_eq!(r["startIndex"], json!(3));
    assert_eq!(list_ids(&r), vec![ids[2].clone()]);
}

#[tokio::test]
async fn sort_by_user_name_both_ways() {
    let s = Server::start().await;
    for name in ["charlie", "Alpha", "bravo"] {
        s.create_user(name).await;
    }
    let names = |v: &Value| -> Vec<String> {
        resources(v)
            .iter()
            .map(|r| r["userName"].as_str().unwrap().to_string())
            .collect()
    };
    let asc = s.fetch("/Users?sortBy=userName").await;
    assert_eq!(names(&asc), ["Alpha", "bravo", "charlie"]);
    let asc2 = s.fetch("/Users?sortBy=USERNAME&sortOrder=ascending").await;
    assert_eq!(names(&asc2), ["Alpha", "bravo", "charlie"]);
    let desc = s.fetch("/Users?sortBy=userName&sortOrder=descending").await;
    assert_eq!(names(&desc), ["charlie", "bravo", "Alpha"]);
    let page = s
        .fetch("/Users?sortBy=userName&sortOrder=descending&startIndex=2&count=1")
        .await;
    assert_eq!(names(&page), ["bravo"]);
}

#[tokio::test]
async fn resources_without_the_sort_value_go_last_ascending_first_descending() {
    let s = Server::start().await;
    let none = s.create_user("none").await;
    s.create(
        "/Users",
        json!({"schemas": [USER], "userName": "t-b", "title": "b"}),
    )
    .await;
    s.create(
        "/Users",
        json!({"schemas": [USER], "userName": "t-a", "title": "a"}),
    )
    .await;
    let asc = list_ids(&s.fetch("/Users?sortBy=title").await);
    assert_eq!(asc.last(), Some(&id_of(&none)));
    let desc = list_ids(&s.fetch("/Users?sortBy=title&sortOrder=descending").await);
    assert_eq!(desc.first(), Some(&id_of(&none)));
    let names: Vec<Value> = resources(&s.fetch("/Users?sortBy=name.givenName").await)
        .iter()
        .map(|r| r["userName"].clone())
        .collect();
    assert_eq!(names.len(), 3);
}

#[tokio::test]
async fn unknown_sort_by_or_order_is_invalid_value() {
    let s = Server::start().await;
    users(&s, 1).await;
    s.get("/Users?sortBy=favouriteColour")
        .await
        .assert_error(400, Some("invalidValue"));
    s.get("/Users?sortBy=userName&sortOrder=sideways")
        .await
        .assert_error(400, Some("invalidValue"));
}

#[tokio::test]
async fn attributes_returns_the_minimum_set_plus_the_named() {
    let s = Server::start().await;
    let u = s
        .create(
            "/Users",
            json!({"schemas": [USER, ENTERPRISE], "userName": "sel", "displayName": "Sel",
                   "name": {"givenName": "S", "familyName": "L"}, "emails": [{"value": "s@x.io", "type": "work"}],
                   ENTERPRISE: {"employeeNumber": "9", "department": "D"}}),
        )
        .await;
    let p = path_of(&u);
    let r = s.fetch(&format!("{p}?attributes=userName")).await;
    assert_eq!(r["id"], u["id"]);
    assert_eq!(r["userName"], "sel");
    for absent in ["displayName", "name", "emails", "meta", ENTERPRISE] {
        assert!(r.get(absent).is_none(), "{absent} must be absent: {r}");
    }
    let r = s
        .fetch(&format!("{p}?attributes=name.givenName,EMAILS.value"))
        .await;
    assert_eq!(r["name"], json!({"givenName": "S"}));
    assert_eq!(r["emails"], json!([{"value": "s@x.io"}]));
    assert!(r.get("userName").is_none(), "{r}");
    let r = s
        .fetch(&format!("{p}?attributes={ENTERPRISE}:employeeNumber"))
        .await;
    assert_eq!(r[ENTERPRISE], json!({"employeeNumber": "9"}));
    let list = s.fetch("/Users?attributes=displayName").await;
    let item = &resources(&list)[0];
    assert_eq!(item["displayName"], "Sel");
    assert!(
        item.get("id").is_some() && item.get("userName").is_none(),
        "{item}"
    );
}

#[tokio::test]
async fn excluded_attributes_removes_only_what_may_be_removed() {
    let s = Server::start().await;
    let u = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "exc", "displayName": "E", "title": "T"}),
        )
        .await;
    let r = s
        .fetch(&format!(
            "{}?excludedAttributes=displayName,id",
            path_of(&u)
        ))
        .await;
    assert!(r.get("displayName").is_none(), "{r}");
    assert_eq!(r["id"], u["id"], "id is returned always");
    assert_eq!(r["title"], "T");
    assert_eq!(r["userName"], "exc");
    assert!(r.get("schemas").is_some());
    let g = s.create_group("Big", &[&id_of(&u)]).await;
    let r = s
        .fetch(&format!("{}?excludedAttributes=members", path_of(&g)))
        .await;
    assert!(r.get("members").is_none(), "{r}");
    assert_eq!(r["displayName"], "Big");
    let list = s.fetch("/Groups?excludedAttributes=members").await;
    assert!(resources(&list)[0].get("members").is_none());
}

#[tokio::test]
async fn attribute_selection_applies_to_post_and_put() {
    let s = Server::start().await;
    let r = s
        .post(
            "/Users?attributes=userName",
            &json!({"schemas": [USER], "userName": "ap", "title": "t"}),
        )
        .await;
    r.assert_status(201);
    assert!(
        r.body.get("title").is_none() && r.body["userName"] == "ap",
        "{}",
        r.text
    );
    let r = s
        .put(
            &format!("/Users/{}?excludedAttributes=title", id_of(&r.body)),
            &json!({"schemas": [USER], "userName": "ap", "title": "t2"}),
        )
        .await;
    r.assert_status(200);
    assert!(
        r.body.get("title").is_none() && r.body["userName"] == "ap",
        "{}",
        r.text
    );
}

#[tokio::test]
async fn search_endpoint_returns_200_list_with_paging_and_projection() {
    let s = Server::start().await;
    users(&s, 5).await;
    let r = s
        .post(
            "/Users/.search",
            &json!({"schemas": [SEARCH], "filter": "userName sw \"user\"", "startIndex": 2, "count": 2,
                    "sortBy": "userName", "sortOrder": "descending", "attributes": ["userName"]}),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["totalResults"], json!(5));
    assert_eq!(r.body["startIndex"], json!(2));
    assert_eq!(r.body["itemsPerPage"], json!(2));
    let items = resources(&r.body);
    assert_eq!(items[0]["userName"], "user03@x.io");
    assert_eq!(items[1]["userName"], "user02@x.io");
    assert!(items[0].get("meta").is_none(), "{}", r.text);
    let all = s
        .post("/Users/.search", &json!({"schemas": [SEARCH]}))
        .await;
    all.assert_status(200);
    assert_eq!(all.body["totalResults"], json!(5));
    let groups = s
        .post("/Groups/.search", &json!({"schemas": [SEARCH]}))
        .await;
    groups.assert_status(200);
    assert_eq!(groups.body["totalResults"], json!(0));
}

#[tokio::test]
async fn search_with_a_wrong_body_is_400() {
    let s = Server::start().await;
    s.post(
        "/Users/.search",
        &json!({"schemas": [USER], "filter": "userName pr"}),
    )
    .await
    .assert_error(400, Some("invalidSyntax"));
    s.post("/Users/.search", &json!(["not", "an", "object"]))
        .await
        .assert_error(400, Some("invalidSyntax"));
    s.post(
        "/Users/.search",
        &json!({"schemas": [SEARCH], "count": "many"}),
    )
    .await
    .assert_error(400, Some("invalidValue"));
}

#[tokio::test]
async fn paging_applies_after_filtering() {
    let s = Server::start().await;
    users(&s, 25).await;
    let f = encode("userName sw \"user1\"");
    let mut seen = Vec::new();
    for start in [1, 4, 7, 10] {
        let r = s
            .fetch(&format!("/Users?filter={f}&startIndex={start}&count=3"))
            .await;
        assert_eq!(
            r["totalResults"],
            json!(10),
            "total counts the filtered set"
        );
        let page = resources(&r);
        assert_eq!(r["itemsPerPage"], json!(page.len()));
        seen.extend(
            page.iter()
                .map(|u| u["userName"].as_str().unwrap().to_string()),
        );
    }
    let expected: Vec<String> = (10..20).map(|i| format!("user{i}@x.io")).collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn sort_by_multi_valued_uses_the_primary_value() {
    let s = Server::start().await;
    let a = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "a",
            "emails": [{"value": "z@x.io"}, {"value": "b@x.io", "primary": true}]}),
        )
        .await;
    let b = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "b", "emails": [{"value": "m@x.io"}]}),
        )
        .await;
    let c = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "c",
            "emails": [{"value": "a@x.io"}, {"value": "y@x.io", "primary": true}]}),
        )
        .await;
    let asc = list_ids(&s.fetch("/Users?sortBy=emails").await);
    assert_eq!(asc, vec![id_of(&a), id_of(&b), id_of(&c)]);
    let asc = list_ids(
        &s.fetch("/Users?sortBy=emails.value&sortOrder=descending")
            .await,
    );
    assert_eq!(asc, vec![id_of(&c), id_of(&b), id_of(&a)]);
}

#[tokio::test]
async fn sort_by_last_modified_follows_updates() {
    let s = Server::start().await;
    let ids = users(&s, 3).await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    s.patch_ops(
        &format!("/Users/{}", ids[0]),
        json!([{"op": "add", "path": "title", "value": "t"}]),
    )
    .await
    .assert_status(200);
    let desc = list_ids(
        &s.fetch("/Users?sortBy=meta.lastModified&sortOrder=descending")
            .await,
    );
    assert_eq!(desc[0], ids[0]);
    let asc = list_ids(&s.fetch("/Users?sortBy=meta.lastModified").await);
    assert_eq!(asc[2], ids[0]);
}

#[tokio::test]
async fn search_paging_edge_values() {
    let s = Server::start().await;
    users(&s, 3).await;
    let r = s
        .post(
            "/Users/.search",
            &json!({"schemas": [SEARCH], "startIndex": 0, "count": -1}),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["startIndex"], json!(1));
    assert_eq!(r.body["totalResults"], json!(3));
    assert_eq!(r.body["itemsPerPage"], json!(0));
    let r = s
        .post(
            "/Users/.search",
            &json!({"schemas": [SEARCH], "attributes": "id", "count": 1}),
        )
        .await;
    r.assert_status(200);
    let item = &resources(&r.body)[0];
    assert!(
        item.get("userName").is_none() && item.get("id").is_some(),
        "{item}"
    );
    s.post(
        "/Users/.search",
        &json!({"schemas": [SEARCH], "attributes": ["userName"], "excludedAttributes": ["title"]}),
    )
    .await
    .assert_error(400, Some("invalidValue"));
}

#[tokio::test]
async fn groups_attribute_of_users_can_be_selected() {
    let s = Server::start().await;
    let u = s.create_user("sel-groups").await;
    let g = s.create_group("Selected", &[&id_of(&u)]).await;
    let r = s.fetch(&format!("{}?attributes=groups", path_of(&u))).await;
    assert_eq!(r["groups"][0]["value"], g["id"]);
    assert!(r.get("userName").is_none());
    let r = s
        .fetch(&format!("{}?excludedAttributes=groups", path_of(&u)))
        .await;
    assert!(r.get("groups").is_none(), "{r}");
    assert_eq!(r["userName"], "sel-groups");
    let r = s
        .fetch(&format!("{}?attributes=members.value", path_of(&g)))
        .await;
    assert_eq!(r["members"], json!([{"value": id_of(&u)}]));
}
