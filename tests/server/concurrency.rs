//! Concurrent requests: uniqueness under a create race, and no lost updates.

use std::sync::Arc;

use serde_json::json;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_two_parallel_creates_of_one_user_name_give_exactly_one_201() {
    let s = Arc::new(Server::start().await);
    let barrier = Arc::new(tokio::sync::Barrier::new(32));
    let mut tasks = Vec::new();
    for i in 0..32 {
        let s = s.clone();
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            // Different spellings of the same case-insensitive name.
            let name = if i % 2 == 0 { "race@x.io" } else { "RACE@x.io" };
            barrier.wait().await;
            s.post(
                "/Users",
                &json!({"schemas": [USER], "userName": name, "title": format!("{i}")}),
            )
            .await
        }));
    }
    let mut created = 0;
    let mut conflicts = 0;
    for t in tasks {
        let r = t.await.expect("task");
        match r.status {
            201 => created += 1,
            409 => {
                r.assert_error(409, Some("uniqueness"));
                conflicts += 1;
            }
            other => panic!("unexpected {other}: {}", r.text),
        }
    }
    assert_eq!((created, conflicts), (1, 31));
    let list = s.fetch("/Users").await;
    assert_eq!(list["totalResults"], json!(1));
    assert_eq!(
        s.filter_ids("/Users", "userName eq \"race@x.io\"")
            .await
            .len(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_creates_of_distinct_users_all_succeed_with_distinct_ids() {
    let s = Arc::new(Server::start().await);
    let mut tasks = Vec::new();
    for i in 0..40 {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            s.create_user(&format!("p{i}")).await
        }));
    }
    let mut ids = Vec::new();
    for t in tasks {
        ids.push(id_of(&t.await.expect("task")));
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 40);
    let list = s.fetch("/Users?count=100").await;
    assert_eq!(list["totalResults"], json!(40));
    assert_eq!(sorted(list_ids(&list)), ids);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_member_adds_are_not_lost() {
    let s = Arc::new(Server::start().await);
    let mut users = Vec::new();
    for i in 0..20 {
        users.push(id_of(&s.create_user(&format!("m{i}")).await));
    }
    let g = s.create_group("Crowd", &[]).await;
    let path = path_of(&g);
    let mut tasks = Vec::new();
    for uid in users.clone() {
        let s = s.clone();
        let path = path.clone();
        tasks.push(tokio::spawn(async move {
            s.patch_ops(
                &path,
                json!([{"op": "add", "path": "members", "value": [{"value": uid}]}]),
            )
            .await
        }));
    }
    for t in tasks {
        t.await.expect("task").assert_status(200);
    }
    let group = s.fetch(&path).await;
    let mut members: Vec<String> = group["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| m["value"].as_str().unwrap().to_string())
        .collect();
    members.sort();
    assert_eq!(members, sorted(users.clone()));
    for uid in users {
        let u = s.fetch(&format!("/Users/{uid}")).await;
        assert_eq!(u["groups"][0]["value"], g["id"]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_renames_to_one_name_leave_one_winner() {
    let s = Arc::new(Server::start().await);
    let mut paths = Vec::new();
    for i in 0..16 {
        paths.push(path_of(&s.create_user(&format!("r{i}")).await));
    }
    let mut tasks = Vec::new();
    for p in paths {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            s.patch_ops(
                &p,
                json!([{"op": "replace", "path": "userName", "value": "winner"}]),
            )
            .await
            .status
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.expect("task"));
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        15,
        "{statuses:?}"
    );
    assert_eq!(
        s.filter_ids("/Users", "userName eq \"winner\"").await.len(),
        1
    );
}
