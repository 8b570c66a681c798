//! `/Groups`: members, the derived read-only `groups` of users, uniqueness of displayName, and
//! what deletion does to memberships (RFC 7643 §4.1.2, §4.2; RFC 7644 §3.6).

use serde_json::{Value, json};

use crate::support::*;

fn member_ids(group: &Value) -> Vec<String> {
    group
        .get("members")
        .and_then(Value::as_array)
        .map(|ms| {
            ms.iter()
                .map(|m| m["value"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn group_ids_of_user(user: &Value) -> Vec<String> {
    user.get("groups")
        .and_then(Value::as_array)
        .map(|gs| {
            gs.iter()
                .map(|g| g["value"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn create_group_with_members_describes_each_member() {
    let s = Server::start().await;
    let u = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "m1", "displayName": "Member One"}),
        )
        .await;
    let r = s
        .post(
            "/Groups",
            &json!({"schemas": [GROUP], "displayName": "Team", "members": [{"value": id_of(&u)}]}),
        )
        .await;
    r.assert_status(201);
    let g = &r.body;
    assert_eq!(r.header("location"), g["meta"]["location"].as_str());
    assert_eq!(g["meta"]["resourceType"], "Group");
    assert_eq!(g["displayName"], "Team");
    assert_eq!(
        g["meta"]["location"],
        json!(format!("{}/Groups/{}", s.base, id_of(g)))
    );
    let member = &g["members"][0];
    assert_eq!(member["value"], u["id"]);
    assert_eq!(
        member["$ref"],
        json!(format!("{}/Users/{}", s.base, id_of(&u)))
    );
    assert_eq!(member["type"], "User");
    assert!(
        member.get("display").is_none(),
        "no display derived for a member sent without one: {member}"
    );
    assert_eq!(g["members"].as_array().unwrap().len(), 1);
    assert_eq!(s.fetch(&path_of(g)).await, *g);
}

#[tokio::test]
async fn user_groups_reflects_membership() {
    let s = Server::start().await;
    let u = s.create_user("joiner").await;
    let g1 = s.create_group("Alpha", &[&id_of(&u)]).await;
    let g2 = s.create_group("Beta", &[&id_of(&u)]).await;
    let user = s.fetch(&path_of(&u)).await;
    let groups = user["groups"].as_array().expect("groups").clone();
    assert_eq!(groups.len(), 2, "{user}");
    for g in [&g1, &g2] {
        let entry = groups
            .iter()
            .find(|e| e["value"] == g["id"])
            .unwrap_or_else(|| panic!("group {} missing in {user}", g["id"]));
        assert_eq!(
            entry["$ref"],
            json!(format!("{}/Groups/{}", s.base, id_of(g)))
        );
        assert_eq!(entry["display"], g["displayName"]);
        assert_eq!(entry["type"], "direct");
    }
    // Lists and filters show it too.
    let listed = s
        .filter("/Users", &format!("id eq \"{}\"", id_of(&u)))
        .await;
    assert_eq!(
        resources(&listed.body)[0]["groups"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    let by_group = s
        .filter_ids("/Users", &format!("groups.value eq \"{}\"", id_of(&g1)))
        .await;
    assert_eq!(by_group, vec![id_of(&u)]);
}

#[tokio::test]
async fn unknown_member_ids_are_dropped_silently() {
    let s = Server::start().await;
    let u = s.create_user("real").await;
    let g = s.create_group("Mixed", &[&id_of(&u), "no-such-user"]).await;
    assert_eq!(member_ids(&g), vec![id_of(&u)]);
}

#[tokio::test]
async fn a_group_can_contain_a_group() {
    let s = Server::start().await;
    let inner = s.create_group("Inner", &[]).await;
    let outer = s.create_group("Outer", &[&id_of(&inner)]).await;
    let m = &outer["members"][0];
    assert_eq!(m["type"], "Group");
    assert!(m.get("display").is_none(), "{m}");
    assert_eq!(
        m["$ref"],
        json!(format!("{}/Groups/{}", s.base, id_of(&inner)))
    );
}

#[tokio::test]
async fn duplicate_display_name_is_409_uniqueness() {
    let s = Server::start().await;
    s.create_group("Admins", &[]).await;
    s.post(
        "/Groups",
        &json!({"schemas": [GROUP], "displayName": "Admins"}),
    )
    .await
    .assert_error(409, Some("uniqueness"));
    let other = s.create_group("Others", &[]).await;
    s.put(
        &path_of(&other),
        &json!({"schemas": [GROUP], "displayName": "Admins"}),
    )
    .await
    .assert_error(409, Some("uniqueness"));
    assert_eq!(s.fetch("/Groups").await["totalResults"], 2);
}

#[tokio::test]
async fn group_without_display_name_is_400_invalid_value() {
    let s = Server::start().await;
    s.post("/Groups", &json!({"schemas": [GROUP], "members": []}))
        .await
        .assert_error(400, Some("invalidValue"));
}

#[tokio::test]
async fn deleting_a_group_removes_it_from_users() {
    let s = Server::start().await;
    let u = s.create_user("left").await;
    let g = s.create_group("Doomed", &[&id_of(&u)]).await;
    let keep = s.create_group("Kept", &[&id_of(&u)]).await;
    assert_eq!(s.delete(&path_of(&g)).await.status, 204);
    let user = s.fetch(&path_of(&u)).await;
    assert_eq!(group_ids_of_user(&user), vec![id_of(&keep)]);
    s.get(&path_of(&g)).await.assert_error(404, None);
    // Deleting the last group leaves no `groups` at all.
    assert_eq!(s.delete(&path_of(&keep)).await.status, 204);
    let user = s.fetch(&path_of(&u)).await;
    assert!(group_ids_of_user(&user).is_empty(), "{user}");
}

#[tokio::test]
async fn deleting_a_user_removes_it_from_groups() {
    let s = Server::start().await;
    let a = s.create_user("a").await;
    let b = s.create_user("b").await;
    let g = s.create_group("Pair", &[&id_of(&a), &id_of(&b)]).await;
    assert_eq!(s.delete(&path_of(&a)).await.status, 204);
    let group = s.fetch(&path_of(&g)).await;
    assert_eq!(member_ids(&group), vec![id_of(&b)]);
    assert!(
        s.filter_ids("/Groups", &format!("members.value eq \"{}\"", id_of(&a)))
            .await
            .is_empty()
    );
    assert_eq!(s.delete(&path_of(&b)).await.status, 204);
    let group = s.fetch(&path_of(&g)).await;
    assert!(member_ids(&group).is_empty(), "{group}");
}

#[tokio::test]
async fn renames_show_in_derived_attributes() {
    let s = Server::start().await;
    let u = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "ren", "displayName": "Old Name"}),
        )
        .await;
    let g = s.create_group("Old Group", &[&id_of(&u)]).await;
    s.put(
        &path_of(&g),
        &json!({"schemas": [GROUP], "displayName": "New Group",
                                "members": [{"value": id_of(&u)}]}),
    )
    .await
    .assert_status(200);
    s.put(
        &path_of(&u),
        &json!({"schemas": [USER], "userName": "ren", "displayName": "New Name"}),
    )
    .await
    .assert_status(200);
    let user = s.fetch(&path_of(&u)).await;
    assert_eq!(user["groups"][0]["display"], "New Group");
    // A member's display is the client's, not derived: renaming the user does not add one.
    let group = s.fetch(&path_of(&g)).await;
    assert_eq!(
        group["members"][0],
        json!({"value": id_of(&u), "$ref": s.url(&path_of(&u)), "type": "User"})
    );
}

#[tokio::test]
async fn put_with_empty_members_empties_the_group() {
    let s = Server::start().await;
    let u = s.create_user("x").await;
    let g = s.create_group("Shrinks", &[&id_of(&u)]).await;
    let r = s
        .put(
            &path_of(&g),
            &json!({"schemas": [GROUP], "displayName": "Shrinks", "members": []}),
        )
        .await;
    r.assert_status(200);
    assert!(member_ids(&r.body).is_empty(), "{}", r.text);
    let user = s.fetch(&path_of(&u)).await;
    assert!(group_ids_of_user(&user).is_empty(), "{user}");
}

#[tokio::test]
async fn user_groups_cannot_be_written_through_the_user() {
    let s = Server::start().await;
    let g = s.create_group("Real", &[]).await;
    let u = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "sneaky", "groups": [{"value": id_of(&g)}]}),
        )
        .await;
    assert!(
        group_ids_of_user(&u).is_empty(),
        "POST must ignore readOnly groups: {u}"
    );
    let r = s
        .put(
            &path_of(&u),
            &json!({"schemas": [USER], "userName": "sneaky", "groups": [{"value": id_of(&g)}]}),
        )
        .await;
    r.assert_status(200);
    assert!(
        group_ids_of_user(&r.body).is_empty(),
        "PUT must ignore readOnly groups: {}",
        r.text
    );
    s.patch_ops(
        &path_of(&u),
        json!([{"op": "add", "path": "groups", "value": [{"value": id_of(&g)}]}]),
    )
    .await
    .assert_error(400, Some("mutability"));
    assert!(member_ids(&s.fetch(&path_of(&g)).await).is_empty());
}

#[tokio::test]
async fn members_appear_once_even_if_sent_twice() {
    let s = Server::start().await;
    let u = s.create_user("dup").await;
    let g = s.create_group("Twice", &[&id_of(&u), &id_of(&u)]).await;
    assert_eq!(member_ids(&g), vec![id_of(&u)]);
    let user = s.fetch(&path_of(&u)).await;
    assert_eq!(group_ids_of_user(&user), vec![id_of(&g)]);
}

#[tokio::test]
async fn okta_style_group_put_replaces_membership() {
    let s = Server::start().await;
    let a = s.create_user("pa").await;
    let b = s.create_user("pb").await;
    let g = s.create_group("Put Team", &[&id_of(&a)]).await;
    let r = s
        .put(
            &path_of(&g),
            &json!({"schemas": [GROUP], "id": id_of(&g), "displayName": "Put Team",
                    "members": [{"value": id_of(&b), "display": "pb"}]}),
        )
        .await;
    r.assert_status(200);
    assert_eq!(member_ids(&r.body), vec![id_of(&b)]);
    assert!(group_ids_of_user(&s.fetch(&path_of(&a)).await).is_empty());
    assert_eq!(
        group_ids_of_user(&s.fetch(&path_of(&b)).await),
        vec![id_of(&g)]
    );
}

#[tokio::test]
async fn users_and_groups_do_not_share_an_id_space() {
    let s = Server::start().await;
    let u = s.create_user("typed").await;
    let g = s.create_group("Typed", &[&id_of(&u)]).await;
    s.get(&format!("/Groups/{}", id_of(&u)))
        .await
        .assert_error(404, None);
    s.get(&format!("/Users/{}", id_of(&g)))
        .await
        .assert_error(404, None);
    s.delete(&format!("/Groups/{}", id_of(&u)))
        .await
        .assert_error(404, None);
    s.put(
        &format!("/Users/{}", id_of(&g)),
        &json!({"schemas": [USER], "userName": "x"}),
    )
    .await
    .assert_error(404, None);
    s.fetch(&path_of(&u)).await;
    assert_eq!(member_ids(&s.fetch(&path_of(&g)).await), vec![id_of(&u)]);
}

#[tokio::test]
async fn member_ref_and_type_come_from_the_server_and_display_from_the_client() {
    let s = Server::start().await;
    let u = s.create_user("plain-name").await;
    let r = s
        .post(
            "/Groups",
            &json!({"schemas": [GROUP], "displayName": "Shown",
                    "members": [{"value": id_of(&u), "display": "Wrong Name", "type": "Group",
                                 "$ref": "https://evil.example/Users/x"}]}),
        )
        .await;
    r.assert_status(201);
    let m = &r.body["members"][0];
    assert_eq!(
        m["display"], "Wrong Name",
        "display is kept as the client wrote it"
    );
    assert_eq!(m["type"], "User");
    assert_eq!(m["$ref"], json!(format!("{}/Users/{}", s.base, id_of(&u))));
}

#[tokio::test]
async fn a_deleted_user_cannot_be_added_back_as_a_member() {
    let s = Server::start().await;
    let u = s.create_user("ghost").await;
    assert_eq!(s.delete(&path_of(&u)).await.status, 204);
    let g = s.create_group("Haunted", &[&id_of(&u)]).await;
    assert!(member_ids(&g).is_empty(), "{g}");
    let r = s
        .patch_ops(
            &path_of(&g),
            json!([{"op": "add", "path": "members", "value": [{"value": id_of(&u)}]}]),
        )
        .await;
    r.assert_status(200);
    assert!(member_ids(&r.body).is_empty(), "{}", r.text);
    assert_eq!(
        r.body["meta"]["version"], g["meta"]["version"],
        "dropping unknown ids is a no-op"
    );
}

#[tokio::test]
async fn groups_that_contain_each_other_do_not_loop() {
    let s = Server::start().await;
    let a = s.create_group("Loop A", &[]).await;
    let b = s.create_group("Loop B", &[&id_of(&a)]).await;
    let r = s
        .patch_ops(
            &path_of(&a),
            json!([{"op": "add", "path": "members", "value": [{"value": id_of(&b)}]}]),
        )
        .await;
    r.assert_status(200);
    assert_eq!(member_ids(&s.fetch(&path_of(&b)).await), vec![id_of(&a)]);
    assert_eq!(member_ids(&s.fetch(&path_of(&a)).await), vec![id_of(&b)]);
    s.fetch("/Groups").await;
    assert_eq!(s.delete(&path_of(&a)).await.status, 204);
    assert!(member_ids(&s.fetch(&path_of(&b)).await).is_empty());
}
