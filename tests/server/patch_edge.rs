//! PATCH edge cases: error kinds (`invalidPath`, `invalidFilter`, `invalidValue`, `mutability`),
//! case-insensitive paths and filters inside paths, extension targets, and atomicity with
//! uniqueness.

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
async fn invalid_paths_are_invalid_path() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    for path in [
        "name.givenName.extra",
        "emails[type eq \"work\"",
        "\"quoted\"",
        "name..x",
    ] {
        let r = s
            .patch_ops(
                &path_of(&u),
                json!([{"op": "replace", "path": path, "value": "x"}]),
            )
            .await;
        r.assert_error(400, None);
        let t = r.body["scimType"].as_str().unwrap_or_default();
        assert!(
            t == "invalidPath" || t == "invalidFilter",
            "path {path:?}: {}",
            r.text
        );
    }
    s.patch_ops(
        &path_of(&u),
        json!([{"op": "replace", "path": "name.givenName.extra", "value": "x"}]),
    )
    .await
    .assert_error(400, Some("invalidPath"));
    s.patch_ops(
        &path_of(&u),
        json!([{"op": "replace", "path": "emails[type zz \"work\"].value", "value": "x"}]),
    )
    .await
    .assert_error(400, Some("invalidFilter"));
}

#[tokio::test]
async fn wrong_values_are_invalid_value() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    let p = path_of(&u);
    for op in [
        json!({"op": "replace", "path": "active", "value": "maybe"}),
        json!({"op": "replace", "path": "active", "value": 3}),
        json!({"op": "replace", "path": "userName", "value": 42}),
        json!({"op": "replace", "path": "name", "value": 12}),
    ] {
        let r = s.patch_ops(&p, json!([op])).await;
        r.assert_error(400, Some("invalidValue"));
    }
    assert_eq!(s.fetch(&p).await, u);
}

#[tokio::test]
async fn malformed_patch_requests_are_400() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    let p = path_of(&u);
    for body in [
        json!({"schemas": [PATCH_OP], "Operations": []}),
        json!({"schemas": [PATCH_OP]}),
        json!({"Operations": [{"op": "replace", "path": "title", "value": "x"}], "schemas": [USER]}),
        json!({"schemas": [PATCH_OP], "Operations": [{"op": "move", "path": "title", "value": "x"}]}),
        json!([{"op": "replace", "path": "title", "value": "x"}]),
        patch_body(json!([{"op": "add", "path": "displayName"}])),
        patch_body(json!([{"op": "replace", "value": "not an object"}])),
        patch_body(json!([{"path": "title", "value": "x"}])),
    ] {
        let r = s.patch(&p, &body).await;
        r.assert_error(400, None);
    }
    assert_eq!(s.fetch(&p).await, u);
}

#[tokio::test]
async fn group_id_and_required_display_name_cannot_be_patched() {
    let s = Server::start().await;
    let g = s.create_group("Fixed", &[]).await;
    s.patch_ops(
        &path_of(&g),
        json!([{"op": "replace", "path": "id", "value": "x"}]),
    )
    .await
    .assert_error(400, Some("mutability"));
    s.patch_ops(
        &path_of(&g),
        json!([{"op": "remove", "path": "displayName"}]),
    )
    .await
    .assert_error(400, Some("mutability"));
}

#[tokio::test]
async fn unknown_attribute_path_is_rejected() {
    let s = Server::start().await;
    let u = s.create_user("unk").await;
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "replace", "path": "favouriteColour", "value": "green"}]),
        )
        .await;
    r.assert_error(400, None);
    let t = r.body["scimType"].as_str().unwrap_or_default();
    assert!(t == "invalidPath" || t == "noTarget", "{}", r.text);
}

#[tokio::test]
async fn paths_and_filters_inside_paths_ignore_case() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "replace", "path": "DisplayName", "value": "D"},
                   {"op": "replace", "path": "Name.GivenName", "value": "G"},
                   {"op": "replace", "path": "EMAILS[TYPE eq \"WORK\"].VALUE", "value": "w@x.io"}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["displayName"], "D");
    assert_eq!(r.body["name"]["givenName"], "G");
    let work: Vec<&Value> = r.body["emails"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "work")
        .collect();
    assert_eq!(work.len(), 1, "{}", r.text);
    assert_eq!(work[0]["value"], "w@x.io");
    assert!(
        r.body.get("DisplayName").is_none(),
        "canonical attribute names: {}",
        r.text
    );
}

#[tokio::test]
async fn value_filter_with_and_selects_one_element() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "replace", "path": "emails[type eq \"home\" and value ew \".io\"].display", "value": "Home"}]),
        )
        .await;
    r.assert_status(200);
    let emails = r.body["emails"].as_array().unwrap();
    assert_eq!(
        emails.iter().filter(|e| e["display"] == "Home").count(),
        1,
        "{}",
        r.text
    );
    assert_eq!(
        emails.iter().find(|e| e["type"] == "home").unwrap()["display"],
        "Home"
    );
}

#[tokio::test]
async fn replace_a_whole_element_through_a_value_filter() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "replace", "path": "emails[type eq \"home\"]", "value": {"value": "new@home.io", "type": "home"}}]),
        )
        .await;
    r.assert_status(200);
    let emails = r.body["emails"].as_array().unwrap();
    assert_eq!(emails.len(), 2, "{}", r.text);
    assert!(emails.iter().any(|e| e["value"] == "new@home.io"));
    assert!(!emails.iter().any(|e| e["value"] == "pat@home.io"));
}

#[tokio::test]
async fn member_value_cannot_be_edited_but_display_is_the_client_s() {
    let s = Server::start().await;
    let u = s.create_user("mem").await;
    let other = s.create_user("other").await;
    let g = s.create_group("Locked", &[&id_of(&u)]).await;
    let f = format!("members[value eq \"{}\"]", id_of(&u));
    for sub in ["$ref", "type"] {
        s.patch_ops(
            &path_of(&g),
            json!([{"op": "replace", "path": format!("{f}.{sub}"), "value": "Fake"}]),
        )
        .await
        .assert_error(400, Some("mutability"));
    }
    s.patch_ops(
        &path_of(&g),
        json!([{"op": "replace", "path": format!("{f}.value"), "value": id_of(&other)}]),
    )
    .await
    .assert_error(400, Some("mutability"));
    assert_eq!(s.fetch(&path_of(&g)).await, g);
    // `display` is readWrite: stored as the client writes it (and never derived).
    let r = s
        .patch_ops(
            &path_of(&g),
            json!([{"op": "replace", "path": format!("{f}.display"), "value": "Label"}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["members"][0]["display"], "Label");
    assert_eq!(s.fetch(&path_of(&g)).await, r.body);
}

#[tokio::test]
async fn replace_members_sets_the_whole_membership() {
    let s = Server::start().await;
    let a = s.create_user("a").await;
    let b = s.create_user("b").await;
    let g = s.create_group("Swap", &[&id_of(&a)]).await;
    let r = s
        .patch_ops(
            &path_of(&g),
            json!([{"op": "replace", "path": "members", "value": [{"value": id_of(&b)}]}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["members"].as_array().map(Vec::len), Some(1));
    assert_eq!(r.body["members"][0]["value"], b["id"]);
    assert!(
        s.fetch(&path_of(&a))
            .await
            .get("groups")
            .is_none_or(|g| g == &json!([]))
    );
    assert_eq!(s.fetch(&path_of(&b)).await["groups"][0]["value"], g["id"]);
    let r = s
        .patch_ops(&path_of(&g), json!([{"op": "remove", "path": "members"}]))
        .await;
    r.assert_status(200);
    assert!(
        r.body.get("members").is_none_or(|m| m == &json!([])),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn removing_the_last_extension_attribute_removes_the_extension() {
    let s = Server::start().await;
    let u = s
        .create("/Users", json!({"schemas": [USER, ENTERPRISE], "userName": "ext", ENTERPRISE: {"department": "D"}}))
        .await;
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "remove", "path": format!("{ENTERPRISE}:department")}]),
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
async fn extension_as_a_whole_path_and_inside_a_pathless_value() {
    let s = Server::start().await;
    let u = s.create_user("ext2").await;
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "add", "path": ENTERPRISE, "value": {"costCenter": "CC1"}},
                   {"op": "add", "value": {format!("{ENTERPRISE}:division"): "Div"}},
                   {"op": "replace", "value": {ENTERPRISE: {"organization": "Org"}}}]),
        )
        .await;
    r.assert_status(200);
    let ext = &r.body[ENTERPRISE];
    assert_eq!(ext["costCenter"], "CC1", "{}", r.text);
    assert_eq!(ext["division"], "Div", "{}", r.text);
    assert_eq!(ext["organization"], "Org", "{}", r.text);
    assert!(
        r.body["schemas"]
            .as_array()
            .unwrap()
            .contains(&json!(ENTERPRISE))
    );
    let r = s
        .patch_ops(&path_of(&u), json!([{"op": "remove", "path": ENTERPRISE}]))
        .await;
    r.assert_status(200);
    assert!(r.body.get(ENTERPRISE).is_none(), "{}", r.text);
}

#[tokio::test]
async fn entra_pathless_boolean_string() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "Replace", "value": {"active": "False"}}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["active"], json!(false));
}

#[tokio::test]
async fn a_uniqueness_failure_also_undoes_earlier_operations() {
    let s = Server::start().await;
    s.create_user("taken").await;
    let u = user_with_emails(&s).await;
    s.patch_ops(
        &path_of(&u),
        json!([{"op": "replace", "path": "displayName", "value": "Changed"},
               {"op": "replace", "path": "userName", "value": "Taken"}]),
    )
    .await
    .assert_error(409, Some("uniqueness"));
    assert_eq!(s.fetch(&path_of(&u)).await, u);
}

#[tokio::test]
async fn user_name_case_change_of_oneself_is_allowed() {
    let s = Server::start().await;
    let u = s.create_user("lower").await;
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "replace", "path": "userName", "value": "LOWER"}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["userName"], "LOWER");
    let g = s.create_group("team", &[]).await;
    let r = s
        .patch_ops(
            &path_of(&g),
            json!([{"op": "replace", "path": "displayName", "value": "Team"}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["displayName"], "Team");
}

#[tokio::test]
async fn later_operations_see_earlier_ones() {
    let s = Server::start().await;
    let u = s.create_user("seq").await;
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "add", "path": "emails", "value": [{"value": "a@x.io", "type": "work"}]},
                   {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "b@x.io"},
                   {"op": "add", "path": "title", "value": "T1"},
                   {"op": "replace", "path": "title", "value": "T2"}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(
        r.body["emails"],
        json!([{"value": "b@x.io", "type": "work"}])
    );
    assert_eq!(r.body["title"], "T2");
}

#[tokio::test]
async fn adding_an_element_already_present_changes_nothing() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let same = json!([{"value": "pat@work.io", "type": "work", "primary": true}]);
    for op in [
        json!({"op": "add", "path": "emails", "value": same}),
        json!({"op": "add", "value": {"emails": same}}),
        json!({"op": "replace", "path": "displayName", "value": "Pat"}),
        json!({"op": "add", "value": {"name": {"givenName": "Pat"}}}),
    ] {
        let r = s.patch_ops(&path_of(&u), json!([op])).await;
        r.assert_status(200);
        assert_eq!(
            r.body["emails"].as_array().map(Vec::len),
            Some(2),
            "{op}: {}",
            r.text
        );
        assert_eq!(
            r.body["meta"], u["meta"],
            "{op}: a no-op must not bump meta"
        );
    }
}

#[tokio::test]
async fn password_can_be_patched_but_is_never_returned() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    for op in [
        json!({"op": "replace", "value": {"password": "n3w-Secret"}}),
        json!({"op": "replace", "path": "password", "value": "n3w-Secret"}),
    ] {
        let r = s.patch_ops(&path_of(&u), json!([op])).await;
        r.assert_status(200);
        assert!(!r.text.contains("n3w-Secret"), "{}", r.text);
        assert!(r.body.get("password").is_none());
    }
    assert!(!s.get(&path_of(&u)).await.text.contains("n3w-Secret"));
}

#[tokio::test]
async fn core_schema_urn_prefixed_paths() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "replace", "path": format!("{USER}:displayName"), "value": "Qualified"},
                   {"op": "replace", "path": format!("{USER}:name.familyName"), "value": "Q"}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["displayName"], "Qualified");
    assert_eq!(r.body["name"]["familyName"], "Q");
    let g = s.create_group("Plain", &[]).await;
    let r = s
        .patch_ops(&path_of(&g), json!([{"op": "replace", "path": format!("{GROUP}:displayName"), "value": "Qualified G"}]))
        .await;
    r.assert_status(200);
    assert_eq!(r.body["displayName"], "Qualified G");
    assert_eq!(
        s.filter_ids(
            "/Groups",
            &format!("{GROUP}:displayName eq \"qualified g\"")
        )
        .await,
        vec![id_of(&g)]
    );
    let sel = s
        .fetch(&format!("{}?attributes={USER}:userName", path_of(&u)))
        .await;
    assert_eq!(sel["userName"], "pat");
    assert!(sel.get("displayName").is_none(), "{sel}");
}

#[tokio::test]
async fn sub_attribute_removal_through_a_value_filter() {
    let s = Server::start().await;
    let u = user_with_emails(&s).await;
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "remove", "path": "emails[type eq \"work\"].primary"}]),
        )
        .await;
    r.assert_status(200);
    let work = r.body["emails"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "work")
        .cloned()
        .unwrap();
    assert!(work.get("primary").is_none(), "{work}");
    assert_eq!(work["value"], "pat@work.io");
}

#[tokio::test]
async fn literals_of_the_grammar_parse_in_filters() {
    let s = Server::start().await;
    s.create_user("lit").await;
    for f in [
        "externalId eq 42",
        "externalId eq -1.5e3",
        "title eq null",
        "active eq false",
        "userName ne null",
    ] {
        s.filter("/Users", f).await.assert_status(200);
    }
}
