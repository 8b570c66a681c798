//! Against the bundled reference server: the repository's own suite passes, `--list`, filters
//! and `--seed` behave, and a failing scenario leaves nothing behind (unless kept).

use scimulate::runner::outcome::FailureKind::Body;
use scimulate::runner::outcome::ScenarioOutcome;
use scimulate::runner::scenario_run::RunSettings;
use scimulate::server::BundledServer;
use serde_json::Value;

use crate::common::{self, Ran, scimulate};
use crate::support::{
    assert_failed_at, assert_passed, case_dir, run_dir, run_with, scenario, settings, target,
};

/// The ids of the repository's `scenarios/`, sorted: the suite grows, so it is read, not listed
/// here (the loader's own tests pin how files become ids).
fn suite() -> Vec<String> {
    let mut ids: Vec<String> = common::load("scenarios", "fixtures")
        .into_iter()
        .map(|l| l.id)
        .collect();
    ids.sort();
    assert!(ids.len() >= 6, "the bundled suite shrank: {ids:?}");
    ids
}

fn run_suite(extra: &[&str]) -> Ran {
    let mut args = vec!["run", "--scenarios", "scenarios", "--fixtures", "fixtures"];
    args.extend_from_slice(extra);
    scimulate(&args)
}

#[test]
fn the_bundled_suite_passes_against_the_bundled_server() {
    let ran = run_suite(&[]);
    ran.assert_code(0);
    let suite = suite();
    assert_eq!(ran.ids_run(), suite);
    for id in &suite {
        assert_eq!(ran.result_of(id), "ok");
    }
    assert!(
        ran.stdout.contains(&format!(
            "test result: ok. {} passed; 0 failed;",
            suite.len()
        )),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout
            .contains("(the BUNDLED reference server: no --target"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains(&format!(
            "scimulate: {} scenarios run, 0 failed, ",
            suite.len()
        )),
        "{}",
        ran.stdout
    );
}

/// `--dialect 1.1`: the same suite against the bundled server's `/scim/v1`, in both Okta modes.
/// Only the scenarios that declare `requires: [scim2]` are left out, each with its reason in the
/// report; everything else passes.
#[test]
fn the_bundled_suite_passes_in_scim_1_1_in_both_okta_modes() {
    let scim2_only: Vec<String> = common::load("scenarios", "fixtures")
        .into_iter()
        .filter(|l| l.scenario.requires.iter().any(|r| r == "scim2"))
        .map(|l| l.id)
        .collect();
    assert!(
        scim2_only.contains(&"okta::spec::discovery::03_resource_types".to_owned()),
        "{scim2_only:?}"
    );
    for mode in ["oin", "aiw"] {
        let dir = common::temp_dir(&format!("runner-v1-{mode}"));
        let report = dir.path().join("report.json");
        let report_arg = report.display().to_string();
        let ran = run_suite(&[
            "--dialect",
            "1.1",
            "--okta-mode",
            mode,
            "--json",
            &report_arg,
        ]);
        ran.assert_code(0);
        assert!(ran.stdout.contains("/scim/v1"), "{}", ran.stdout);
        assert!(ran.stdout.contains("dialect: SCIM 1.1"), "{}", ran.stdout);
        for id in suite() {
            let expected = if scim2_only.contains(&id) {
                "ignored"
            } else {
                "ok"
            };
            assert_eq!(ran.result_of(&id), expected, "{id} in {mode}");
        }
        let json: Value =
            serde_json::from_str(&std::fs::read_to_string(&report).expect("report")).expect("JSON");
        let _ = std::fs::remove_file(&report);
        assert_eq!(json["run"]["dialect"], "1.1");
        for scenario in json["scenarios"].as_array().expect("scenarios") {
            if scim2_only.contains(&scenario["id"].as_str().unwrap_or_default().to_owned()) {
                assert_eq!(scenario["verdict"], "skipped");
                let reason = scenario["skip_reason"].as_str().unwrap_or_default();
                assert!(
                    reason.contains("the run speaks SCIM 1.1") && reason.contains("`scim2`"),
                    "{reason}"
                );
            }
        }
    }
}

#[test]
fn list_names_every_scenario_and_runs_nothing() {
    let ran = run_suite(&["--list"]);
    ran.assert_code(0);
    let listed: Vec<&str> = ran
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let mut listed: Vec<String> = listed.into_iter().map(str::to_string).collect();
    listed.sort();
    assert_eq!(listed, suite(), "{}", ran.stdout);
    assert!(!ran.stdout.contains("running"), "{}", ran.stdout);
    assert!(
        !ran.stdout.contains("seed"),
        "--list starts no run:\n{}",
        ran.stdout
    );
}

#[test]
fn a_name_filter_runs_only_the_matching_scenarios() {
    let ran = run_suite(&["users::d"]);
    ran.assert_code(0);
    assert_eq!(ran.ids_run(), ["users::duplicate"]);
    assert!(ran.stdout.contains(&format!(
        "1 passed; 0 failed; 0 ignored; 0 measured; {} filtered out",
        suite().len() - 1
    )));

    let ran = run_suite(&["users::", "--skip", "not_found"]);
    ran.assert_code(0);
    assert_eq!(
        ran.ids_run(),
        suite()
            .into_iter()
            .filter(|id| id.starts_with("users::") && !id.contains("not_found"))
            .collect::<Vec<_>>(),
        "{}",
        ran.stdout
    );

    // A filter that matches nothing is an error, not a green run of nothing.
    let ran = run_suite(&["--exact", "users::create"]);
    ran.assert_code(2);
    assert!(ran.ids_run().is_empty(), "{}", ran.stdout);
    let loaded = format!(
        "no scenario matches the filter `users::create` ({} loaded",
        suite().len()
    );
    assert!(ran.stderr.contains(&loaded), "{}", ran.stderr);
    let ran = run_suite(&["--exact", "users::create_and_read"]);
    assert_eq!(ran.ids_run(), ["users::create_and_read"]);
}

/// The generated display name the bundled server echoed into `cases/seed`'s failure message.
fn echoed_name(seed: &str) -> String {
    let ran = run_dir(&case_dir("seed"), &["--seed", seed]);
    ran.assert_code(1);
    assert!(
        ran.stdout.starts_with(&format!(
            "scimulate: seed {seed} (replay with --seed {seed}), run tag "
        )),
        "{}",
        ran.stdout
    );
    let prefix = "  body: displayName: expected \"-\", actual \"";
    let line = ran
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix(prefix))
        .unwrap_or_else(|| panic!("no echoed name:\n{}", ran.stdout));
    line.trim_end_matches('"').to_string()
}

#[test]
fn the_same_seed_generates_the_same_people_and_another_seed_others() {
    let first = echoed_name("7");
    assert_eq!(
        first.split(' ').count(),
        2,
        "a given and a family name: {first}"
    );
    assert_eq!(echoed_name("7"), first);
    assert_ne!(echoed_name("8"), first);
}

async fn bundled() -> BundledServer {
    common::bundled("t").await
}

/// The JSON body of the first request a scenario sent.
fn first_request_body(outcome: &ScenarioOutcome) -> Value {
    let body = outcome.steps[0].exchanges[0].request.body.as_deref();
    serde_json::from_str(body.expect("a request body")).unwrap()
}

#[tokio::test]
async fn same_seed_same_names_while_the_run_tag_keeps_user_names_apart() {
    let server = bundled().await;
    let target = target(&server.base_url);
    let loaded = scenario("seed", "echo");
    let mut other = settings();
    other.run_tag = "0ther1".into();
    let a = first_request_body(&run_with(&loaded, &target, &settings()).await);
    let b = first_request_body(&run_with(&loaded, &target, &other).await);
    assert_eq!(a["name"], b["name"]);
    assert_eq!(a["displayName"], b["displayName"]);
    let (ua, ub) = (
        a["userName"].as_str().unwrap(),
        b["userName"].as_str().unwrap(),
    );
    assert!(
        ua.ends_with(".t3st00@example.com") && ub.ends_with(".0ther1@example.com"),
        "{ua} {ub}"
    );
    assert_eq!(ua.replace("t3st00", "0ther1"), ub);
}

/// How many users the bundled server has with `userName`.
async fn users_named(server: &BundledServer, user_name: &str) -> u64 {
    let filter = format!("userName eq \"{user_name}\"")
        .replace(' ', "%20")
        .replace('"', "%22");
    let response = reqwest::Client::new()
        .get(format!("{}/Users?filter={filter}", server.base_url))
        .bearer_auth("t")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["totalResults"].as_u64().expect("totalResults")
}

async fn create_then_fail(keep: bool) -> (BundledServer, ScenarioOutcome) {
    let server = bundled().await;
    let settings = RunSettings { keep, ..settings() };
    let outcome = run_with(
        &scenario("cleanup", "create_then_fail"),
        &target(&server.base_url),
        &settings,
    )
    .await;
    assert_failed_at(
        &outcome,
        2,
        "read bob with a wrong expectation",
        12,
        5,
        &[Body],
    );
    (server, outcome)
}

#[tokio::test]
async fn a_failed_scenario_deletes_what_it_created() {
    let (server, outcome) = create_then_fail(false).await;
    let user_name = first_request_body(&outcome)["userName"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(outcome.cleanup.len(), 1);
    assert!(
        outcome.cleanup[0]
            .location
            .starts_with(&format!("{}/Users/", server.base_url))
    );
    assert_eq!(outcome.cleanup[0].result, Ok(204));
    assert_eq!(
        users_named(&server, &user_name).await,
        0,
        "bob was left behind"
    );
}

#[tokio::test]
async fn keep_leaves_the_created_user_in_place() {
    let (server, outcome) = create_then_fail(true).await;
    let user_name = first_request_body(&outcome)["userName"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(outcome.cleanup.is_empty());
    assert_eq!(users_named(&server, &user_name).await, 1);
}

#[tokio::test]
async fn a_passing_scenario_of_the_suite_passes_at_library_level_too() {
    let server = bundled().await;
    let target = target(&server.base_url);
    let loaded = common::load("scenarios", "fixtures");
    let mut ids: Vec<String> = loaded.iter().map(|l| l.id.clone()).collect();
    ids.sort();
    assert_eq!(ids, suite());
    for l in &loaded {
        assert_passed(&run_with(l, &target, &settings()).await);
    }
}

#[test]
fn tags_pick_scenarios() {
    let listed = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["--list"];
        args.extend_from_slice(extra);
        let ran = run_suite(&args);
        ran.assert_code(0);
        ran.stdout
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        listed(&["--tag", "okta-crud"]),
        ["okta::flows::crud_lifecycle"]
    );
    let required = listed(&["--tag", "okta", "--skip-tag", "optional"]);
    assert!(required.contains(&"okta::spec::11_status_401".to_string()));
    assert!(
        !required.iter().any(|id| id.contains("group")),
        "{required:?}"
    );
    assert!(
        required.iter().all(|id| id.starts_with("okta::")),
        "{required:?}"
    );
}

#[test]
fn partitions_split_the_suite_into_disjoint_parts_that_cover_it() {
    let part = |spec: &str| -> Vec<String> {
        let ran = run_suite(&["--list", "--partition", spec]);
        ran.assert_code(0);
        ran.stdout
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .map(str::to_string)
            .collect()
    };
    let parts = [part("1/3"), part("2/3"), part("3/3")];
    let mut all: Vec<String> = parts.iter().flatten().cloned().collect();
    all.sort();
    assert_eq!(all, suite(), "every scenario in exactly one part");
    let sizes: Vec<usize> = parts.iter().map(Vec::len).collect();
    assert!(
        sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1,
        "{sizes:?}"
    );
    assert_eq!(part("2/3"), part("2/3"), "the split is deterministic");
    run_suite(&["--partition", "4/3"]).assert_code(2);
    run_suite(&["--partition", "0/3"]).assert_code(2);
}
