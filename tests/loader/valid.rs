//! Valid files load with the right ids, order, step locations, contents and fixtures.

use std::path::Path;

use scimulate::scenario::model::{AuthOverride, HeaderCheck, MatchMode, StatusExpectation, Step};
use scimulate::scenario::{LoadedScenario, load_dir, load_file};
use serde_json::json;

use crate::cases;

fn load_valid() -> Vec<LoadedScenario> {
    let dir = cases().join("valid");
    match load_dir(&dir.join("scenarios"), &dir.join("fixtures")) {
        Ok(loaded) => loaded,
        Err(errors) => panic!("valid scenarios failed to load:\n{}", errors.render()),
    }
}

fn by_id<'a>(loaded: &'a [LoadedScenario], id: &str) -> &'a LoadedScenario {
    loaded
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no scenario {id}"))
}

#[test]
fn ids_follow_sorted_paths_and_skip_hidden_and_other_files() {
    let loaded = load_valid();
    let ids: Vec<&str> = loaded.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "smoke",
            "users::create",
            "users::delete",
            "users::groups::add"
        ]
    );
    let paths: Vec<&Path> = loaded.iter().map(|s| s.path.as_path()).collect();
    assert_eq!(
        paths,
        [
            Path::new("tests/loader/cases/valid/scenarios/smoke.yml"),
            Path::new("tests/loader/cases/valid/scenarios/users/create.yaml"),
            Path::new("tests/loader/cases/valid/scenarios/users/delete.yaml"),
            Path::new("tests/loader/cases/valid/scenarios/users/groups/add.yaml"),
        ]
    );
    assert_eq!(loaded[0].name(), "Service provider config");
}

#[test]
fn step_locations_point_at_each_step() {
    let loaded = load_valid();
    let create = by_id(&loaded, "users::create");
    assert_eq!(create.step_location(0), (9, 5));
    assert_eq!(create.step_location(1), (26, 5));
    assert_eq!(create.step_location(2), (43, 5));
    assert_eq!(create.step_location(3), (0, 0));
    assert_eq!(
        by_id(&loaded, "users::groups::add").step_location(0),
        (3, 5)
    );
    assert_eq!(by_id(&loaded, "smoke").step_location(0), (4, 5));
}

#[test]
fn fixtures_are_loaded_with_their_paths() {
    let loaded = load_valid();
    let create = by_id(&loaded, "users::create");
    let names: Vec<&str> = create.fixtures.keys().map(String::as_str).collect();
    assert_eq!(names, ["users/alice.json", "users/alice_created.json"]);
    let alice = create.fixture("users/alice.json").expect("alice.json");
    assert_eq!(alice["userName"], json!("${alice.userName}"));
    assert_eq!(alice["active"], json!(true));
    assert_eq!(
        create.fixture_path("users/alice_created.json"),
        Some(Path::new(
            "tests/loader/cases/valid/fixtures/users/alice_created.json"
        ))
    );
    let expected = create
        .fixture("users/alice_created.json")
        .expect("expected body");
    assert_eq!(expected["note"], json!("$$literal"));
    // Key order survives (serde_json's preserve_order), so diffs and --bless keep the file's order.
    let keys: Vec<&String> = expected.as_object().expect("object").keys().collect();
    assert_eq!(
        keys,
        [
            "id", "userName", "name", "emails", "password", "meta", "note"
        ]
    );
    assert_eq!(create.fixture("users/nobody.json"), None);
    // A fixture shared by two scenarios is there for both.
    let delete = by_id(&loaded, "users::delete");
    assert_eq!(delete.fixture("users/alice.json"), Some(alice));
    assert!(by_id(&loaded, "smoke").fixtures.is_empty());
}

#[test]
fn scenario_contents_are_typed() {
    let loaded = load_valid();
    let create = &by_id(&loaded, "users::create").scenario;
    assert_eq!(create.tags, ["users", "smoke"]);
    assert_eq!(
        create.identities["alice"].given_name.as_deref(),
        Some("Alice")
    );
    assert!(create.identities["bob"].user_name.is_none());
    let steps: Vec<_> = create
        .steps
        .iter()
        .map(|s| {
            let Step::Request(exchange) = &s.value else {
                panic!("a request step")
            };
            exchange
        })
        .collect();

    let first = steps[0];
    assert_eq!(first.name.as_deref(), Some("create Alice"));
    assert_eq!(first.headers["Content-Type"], "application/scim+json");
    let expect = first.expect.as_ref().expect("expect");
    assert_eq!(expect.status, Some(StatusExpectation::One(201)));
    assert!(matches!(&expect.headers["Location"], HeaderCheck::Rule(r) if r.present == Some(true)));
    assert!(
        matches!(&expect.headers["ETag"], HeaderCheck::Rule(r) if r.matches.as_deref() == Some("^W/\".+\"$"))
    );
    assert_eq!(expect.mode, MatchMode::Subset);
    assert_eq!(first.capture["alice_id"], "body.id");

    let second = steps[1];
    assert_eq!(second.query["filter"], "userName eq \"${alice.userName}\"");
    assert!(matches!(&second.auth, Some(AuthOverride::Header(h)) if h == "Bearer ${run.tag}"));
    let expect = second.expect.as_ref().expect("expect");
    assert_eq!(expect.status, Some(StatusExpectation::AnyOf(vec![200])));
    assert_eq!(
        expect.body,
        Some(json!({
            "totalResults": 1,
            "Resources": {"$unordered": [{"id": "${alice_id}", "emails": "$nonempty"}]}
        }))
    );

    let third = steps[2];
    assert!(matches!(third.auth, Some(AuthOverride::None)));
    assert_eq!(
        third.body,
        Some(json!({"userName": "${bob.userName}", "externalId": "${bob.externalId}"}))
    );
    let expect = third.expect.as_ref().expect("expect");
    assert_eq!(
        expect.status,
        Some(StatusExpectation::AnyOf(vec![401, 403]))
    );
    assert_eq!(expect.mode, MatchMode::Exact);
    assert!(matches!(&expect.headers["X-Debug"], HeaderCheck::Rule(r) if r.present == Some(false)));
}

#[test]
fn a_single_file_can_be_loaded_by_itself() {
    let dir = cases().join("valid");
    let loaded = load_file(
        &dir.join("scenarios/users/delete.yaml"),
        &dir.join("fixtures"),
    )
    .unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(loaded.id, "delete");
    assert_eq!(loaded.path, dir.join("scenarios/users/delete.yaml"));
    assert_eq!(loaded.step_location(1), (10, 5));

    // load_dir given a file loads that file.
    let loaded = load_dir(&dir.join("scenarios/smoke.yml"), &dir.join("fixtures"))
        .unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(loaded.len(), 1);
    assert_eq!(loaded[0].id, "smoke");
}
