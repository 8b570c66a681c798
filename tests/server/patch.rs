//! PATCH (RFC 7644 §3.5.2): the checklist's §5.4 cases 1–14 (named `c01_…` to `c14_…`), then
//! the other targets, IdP dialects (Okta, Entra) and errors.

use serde_json::{Value, json};

use crate::support::*;

async fn user_with_emails(s: &Server) -> Value {
    s.create(
        "/Users",
        json!({"schemas": [USER], "userName": "pat", "displayName": "Pat", "active": true,
               "name": {"givenName": "Pat", "familyName": "Doe"},
               "emails": [{"value": "pat@work.io", "type": "work", "primary": true},
                          {"value": "pat@home.io", "type": "home"}]}),
    )
    .await
}

#[tokio::test]
async fn c01_pathless_replace_deactivates_and_filters_still_find_the_user() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "replace", "value": {"active": false}}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["active"], json!(false));
    assert_eq!(r.body["userName"], "pat");
    assert_eq!(s.fetch(&path_of(&u)).await["active"], json!(false));
    assert_eq!(
        s.filter_ids("/Users", "userName eq \"pat\"").await,
        vec![id_of(&u)]
    );
    assert_eq!(
        s.filter_ids("/Users", "active eq false").await,
        vec![id_of(&u)]
    );
}

#[tokio::test]
async fn c02_remove_member_by_value_filter() {
    let s = Server::start().await;
    let u = s.create_user("member").await;
    let g = s.create_group("G", &[&id_of(&u)]).await;
    let r = s
        .patch_ops(
            &path_of(&g),
            json!([{"op": "remove", "path": format!("members[value eq \"{}\"]", id_of(&u))}]),
        )
        .await;
    r.assert_status(200);
    assert!(
        r.body.get("members").is_none_or(|m| m == &json!([])),
        "{}",
        r.text
    );
    assert!(
        s.fetch(&path_of(&u))
            .await
            .get("groups")
            .is_none_or(|g| g == &json!([]))
    );
}

#[tokio::test]
async fn c03_removing_a_non_member_succeeds_without_change() {
    let s = Server::start().await;
    let u = s.create_user("member").await;
    let g = s.create_group("G", &[&id_of(&u)]).await;
    let r = s
        .patch_ops(
            &path_of(&g),
            json!([{"op": "remove", "path": "members[value eq \"nobody\"]"}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body, g);
}

#[tokio::test]
async fn c04_replace_through_a_filter_matching_nothing_is_no_target() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    s.patch_ops(
        &path_of(&u),
        json!([{"op": "replace", "path": "emails[type eq \"nonexistent\"].value", "value": "x@y.z"}]),
    )
    .await
    .assert_error(400, Some("noTarget"));
    assert_eq!(s.fetch(&path_of(&u)).await, u);
}

#[tokio::test]
async fn c05_remove_without_path_is_no_target() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    s.patch_ops(&path_of(&u), json!([{"op": "remove"}]))
        .await
        .assert_error(400, Some("noTarget"));
}

#[tokio::test]
async fn c06_required_and_read_only_attributes_are_protected() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    let p = path_of(&u);
    s.patch_ops(&p, json!([{"op": "remove", "path": "userName"}]))
        .await
        .assert_error(400, Some("mutability"));
    s.patch_ops(
        &p,
        json!([{"op": "replace", "path": "id", "value": "mine"}]),
    )
    .await
    .assert_error(400, Some("mutability"));
    s.patch_ops(
        &p,
        json!([{"op": "replace", "path": "meta.created", "value": "2000-01-01T00:00:00Z"}]),
    )
    .await
    .assert_error(400, Some("mutability"));
    assert_eq!(s.fetch(&p).await, u);
}

#[tokio::test]
async fn c07_a_failing_operation_undoes_the_earlier_ones() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    let p = path_of(&u);
    let before = s.get(&p).await;
    s.patch_ops(
        &p,
        json!([{"op": "replace", "path": "displayName", "value": "Changed"},
               {"op": "add", "path": "title", "value": "New"},
               {"op": "remove", "path": "userName"}]),
    )
    .await
    .assert_error(400, Some("mutability"));
    let after = s.get(&p).await;
    assert_eq!(
        after.text, before.text,
        "resource must be byte-identical after a failed PATCH"
    );
    assert_eq!(after.header("etag"), before.header("etag"));
}

#[tokio::test]
async fn c08_adding_an_existing_member_changes_nothing() {
    let s = Server::start().await;
    let u = s.create_user("member").await;
    let g = s.create_group("G", &[&id_of(&u)]).await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let r = s
        .patch_ops(
            &path_of(&g),
            json!([{"op": "add", "path": "members", "value": [{"value": id_of(&u)}]}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["meta"]["version"], g["meta"]["version"]);
    assert_eq!(r.body["meta"]["lastModified"], g["meta"]["lastModified"]);
    assert_eq!(r.body["members"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn c09_setting_primary_unsets_the_previous_primary() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "replace", "path": "emails[value eq \"pat@home.io\"].primary", "value": true}]),
        )
        .await;
    r.assert_status(200);
    let emails = r.body["emails"].as_array().unwrap();
    let primaries: Vec<&Value> = emails
        .iter()
        .filter(|e| e["primary"] == json!(true))
        .collect();
    assert_eq!(primaries.len(), 1, "{}", r.text);
    assert_eq!(primaries[0]["value"], "pat@home.io");
    // Adding a new primary element also demotes the others.
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "add", "path": "emails", "value": [{"value": "n@x.io", "type": "other", "primary": true}]}]),
        )
        .await;
    r.assert_status(200);
    let emails = r.body["emails"].as_array().unwrap();
    assert_eq!(emails.len(), 3);
    let primaries: Vec<&Value> = emails
        .iter()
        .filter(|e| e["primary"] == json!(true))
        .collect();
    assert_eq!(primaries.len(), 1, "{}", r.text);
    assert_eq!(primaries[0]["value"], "n@x.io");
}

#[tokio::test]
async fn c10_entra_capitalised_ops_are_accepted() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "Replace", "path": "displayName", "value": "Entra"},
                   {"op": "Add", "path": "title", "value": "Eng"},
                   {"op": "Remove", "path": "nickName"},
                   {"op": "Replace", "path": "active", "value": "False"}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["displayName"], "Entra");
    assert_eq!(r.body["title"], "Eng");
    assert_eq!(r.body["active"], json!(false));
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "Replace", "path": "active", "value": "True"}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["active"], json!(true));
}

#[tokio::test]
async fn c11_patch_with_attributes_returns_the_projection() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    let r = s
        .patch(
            &format!("{}?attributes=userName", path_of(&u)),
            &patch_body(json!([{"op": "replace", "path": "displayName", "value": "P2"}])),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["id"], u["id"]);
    assert_eq!(r.body["userName"], "pat");
    assert!(r.body.get("displayName").is_none(), "{}", r.text);
    assert!(r.body.get("emails").is_none(), "{}", r.text);
    assert_eq!(s.fetch(&path_of(&u)).await["displayName"], "P2");
}

#[tokio::test]
async fn c12_extension_path_adds_the_extension_schema() {
    let s = Server::start().await;
    let u = s.create_user("ext").await;
    assert!(
        !u["schemas"]
            .as_array()
            .unwrap()
            .contains(&json!(ENTERPRISE))
    );
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "add", "path": format!("{ENTERPRISE}:department"), "value": "R&D"},
                   {"op": "replace", "path": format!("{ENTERPRISE}:manager.value"), "value": "boss-id"}]),
        )
        .await;
    r.assert_status(200);
    assert!(
        r.body["schemas"]
            .as_array()
            .unwrap()
            .contains(&json!(ENTERPRISE)),
        "{}",
        r.text
    );
    assert_eq!(r.body[ENTERPRISE]["department"], "R&D");
    assert_eq!(r.body[ENTERPRISE]["manager"]["value"], "boss-id");
    let ids = s
        .filter_ids("/Users", &format!("{ENTERPRISE}:department eq \"R&D\""))
        .await;
    assert_eq!(ids, vec![id_of(&u)]);
}

#[tokio::test]
async fn c13_unknown_id_is_404_and_stale_if_match_is_412() {
    let s = Server::start().await;
    s.patch_ops(
        "/Users/nope",
        json!([{"op": "replace", "path": "displayName", "value": "x"}]),
    )
    .await
    .assert_error(404, None);
    let u = user_with_emails(&s).await;
    let r = s
        .send(
            s.request(reqwest::Method::PATCH, &path_of(&u))
                .header("If-Match", "W/\"stale-version\"")
                .body(
                    patch_body(json!([{"op": "replace", "path": "displayName", "value": "x"}]))
                        .to_string(),
                ),
        )
        .await;
    r.assert_error(412, None);
    assert_eq!(s.fetch(&path_of(&u)).await["displayName"], "Pat");
}

#[tokio::test]
async fn c14_renaming_to_a_taken_user_name_is_409() {
    let s = Server::start().await;
    s.create_user("first").await;
    let u = s.create_user("second").await;
    s.patch_ops(
        &path_of(&u),
        json!([{"op": "replace", "path": "userName", "value": "FIRST"}]),
    )
    .await
    .assert_error(409, Some("uniqueness"));
    assert_eq!(s.fetch(&path_of(&u)).await["userName"], "second");
}

#[tokio::test]
async fn pathless_add_merges_attributes() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "add", "value": {"title": "CTO", "name": {"middleName": "Q"},
                                            "emails": [{"value": "third@x.io", "type": "other"}]}}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["title"], "CTO");
    assert_eq!(r.body["name"]["middleName"], "Q");
    assert_eq!(
        r.body["name"]["givenName"], "Pat",
        "merge keeps other sub-attributes"
    );
    assert_eq!(
        r.body["emails"].as_array().unwrap().len(),
        3,
        "add appends to multi-valued"
    );
}

#[tokio::test]
async fn sub_attribute_and_complex_targets() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    let p = path_of(&u);
    let r = s
        .patch_ops(
            &p,
            json!([{"op": "replace", "path": "name.givenName", "value": "Patricia"}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(
        r.body["name"],
        json!({"givenName": "Patricia", "familyName": "Doe"})
    );
    let r = s
        .patch_ops(
            &p,
            json!([{"op": "replace", "path": "name", "value": {"familyName": "Roe"}}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["name"]["familyName"], "Roe");
    assert_eq!(
        r.body["name"]["givenName"], "Patricia",
        "replace of a complex keeps unnamed sub-attributes"
    );
    let r = s
        .patch_ops(&p, json!([{"op": "remove", "path": "name"}]))
        .await;
    r.assert_status(200);
    assert!(r.body.get("name").is_none(), "{}", r.text);
}

#[tokio::test]
async fn multi_valued_replace_and_remove() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    let p = path_of(&u);
    let r = s
        .patch_ops(&p, json!([{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "new@work.io"}]))
        .await;
    r.assert_status(200);
    let work: Vec<&Value> = r.body["emails"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "work")
        .collect();
    assert_eq!(work.len(), 1);
    assert_eq!(work[0]["value"], "new@work.io");
    assert_eq!(work[0]["primary"], json!(true), "other sub-attributes kept");
    let r = s
        .patch_ops(
            &p,
            json!([{"op": "remove", "path": "emails[type eq \"home\"]"}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["emails"].as_array().unwrap().len(), 1);
    assert_eq!(r.body["emails"][0]["value"], "new@work.io");
    let r = s
        .patch_ops(
            &p,
            json!([{"op": "replace", "path": "emails", "value": [{"value": "only@x.io"}]}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["emails"], json!([{"value": "only@x.io"}]));
    let r = s
        .patch_ops(&p, json!([{"op": "remove", "path": "emails"}]))
        .await;
    r.assert_status(200);
    assert!(r.body.get("emails").is_none(), "{}", r.text);
}

#[tokio::test]
async fn replace_of_an_absent_attribute_adds_it_and_remove_of_absent_is_a_no_op() {
    let s = Server::start().await;
    let u = s.create_user("sparse").await;
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "replace", "path": "nickName", "value": "Sparky"}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["nickName"], "Sparky");
    let version = r.body["meta"]["version"].clone();
    let r = s
        .patch_ops(&path_of(&u), json!([{"op": "remove", "path": "title"}]))
        .await;
    r.assert_status(200);
    assert_eq!(r.body["meta"]["version"], version);
}

#[tokio::test]
async fn group_members_add_and_okta_rename_with_id_in_value() {
    let s = Server::start().await;
    let a = s.create_user("a").await;
    let b = s.create_user("b").await;
    let g = s.create_group("Okta Group", &[&id_of(&a)]).await;
    let r = s
        .patch_ops(
            &path_of(&g),
            json!([{"op": "add", "path": "members", "value": [{"value": id_of(&b), "display": "b"}]}]),
        )
        .await;
    r.assert_status(200);
    let ids: Vec<&Value> = r.body["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["value"])
        .collect();
    assert_eq!(ids, vec![&a["id"], &b["id"]]);
    let r = s
        .patch_ops(
            &path_of(&g),
            json!([{"op": "replace", "value": {"id": id_of(&g), "displayName": "Renamed"}}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["displayName"], "Renamed");
    assert_eq!(r.body["id"], g["id"]);
    assert_eq!(
        s.fetch(&path_of(&b)).await["groups"][0]["display"],
        "Renamed"
    );
}

#[tokio::test]
async fn entra_member_removal_with_a_value_list_removes_only_those() {
    let s = Server::start().await;
    let a = s.create_user("a").await;
    let b = s.create_user("b").await;
    let g = s
        .create_group("Entra Group", &[&id_of(&a), &id_of(&b)])
        .await;
    let r = s
        .patch_ops(
            &path_of(&g),
            json!([{"op": "Remove", "path": "members", "value": [{"value": id_of(&a)}]}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(
        r.body["members"].as_array().map(Vec::len),
        Some(1),
        "{}",
        r.text
    );
    assert_eq!(r.body["members"][0]["value"], b["id"]);
}
