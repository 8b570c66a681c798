//! Target profiles end to end: profile load errors with positions, `requires:` checks, `--profile
//! discover`, and the ThousandEyes pair through the binary: `serve --behave thousandeyes` as a
//! child process, run with its profile (passes, the ruled-out scenarios skipped with reasons)
//! and without it (exactly the scenarios the declared differences explain fail, and say why).

#[path = "../common/mod.rs"]
mod common;

use std::collections::BTreeSet;

use common::Served;
use common::{scimulate, temp_dir, write};
use serde_json::Value;

const EMAIL_TOKEN: &str = "admin@example.com:te-api-token";

/// The scenarios `scenarios/profiles/thousandeyes.yaml` rules out, and why.
const SKIPPED: &[(&str, &str)] = &[
    (
        "conformance::bulk::bulk_id_reference_resolved",
        "supports no groups",
    ),
    ("conformance::errors::invalid_path", "may not change `name`"),
    (
        "conformance::errors::uniqueness_on_patch",
        "may not change `userName`",
    ),
    (
        "conformance::meta::group_meta_on_create",
        "supports no groups",
    ),
    (
        "conformance::patch::add_multi_valued_appends",
        "may not change `emails`",
    ),
    (
        "conformance::patch::add_without_path",
        "may not change `nickName`",
    ),
    (
        "conformance::patch::remove_member_by_filter",
        "supports no groups",
    ),
    (
        "conformance::patch::remove_required_is_mutability",
        "may not change `userName`",
    ),
    (
        "conformance::patch::remove_single_valued",
        "may not change `nickName`",
    ),
    (
        "conformance::patch::remove_value_by_filter",
        "may not change `emails`",
    ),
    (
        "conformance::patch::replace_complex_keeps_sub_attributes",
        "may not change `name`",
    ),
    (
        "conformance::patch::replace_filter_without_match_is_no_target",
        "may not change `emails`",
    ),
    (
        "conformance::patch::replace_filtered_sub_attribute",
        "may not change `emails`",
    ),
    (
        "conformance::patch::replace_members_with_empty_list",
        "supports no groups",
    ),
    (
        "conformance::patch::success_is_the_resource_or_204",
        "may not change `nickName`",
    ),
    ("conformance::search::root_pages", "supports no groups"),
    ("entra::flows::disable_enable", "unassign deletes the user"),
    ("entra::flows::groups", "supports no groups"),
    ("entra::flows::manager", "may not change `enterprise`"),
    ("entra::flows::update_attributes", "may not change `name`"),
    (
        "entra::validator::add_manager",
        "may not change `enterprise`",
    ),
    ("entra::validator::add_member", "supports no groups"),
    ("entra::validator::create_group", "supports no groups"),
    ("entra::validator::delete_group", "supports no groups"),
    (
        "entra::validator::disable_user",
        "unassign deletes the user",
    ),
    ("entra::validator::duplicate_group", "supports no groups"),
    (
        "entra::validator::filter_existing_group",
        "supports no groups",
    ),
    (
        "entra::validator::filter_existing_group_different_case",
        "supports no groups",
    ),
    (
        "entra::validator::filter_existing_group_with_members",
        "supports no groups",
    ),
    (
        "entra::validator::filter_non_existing_group",
        "supports no groups",
    ),
    (
        "entra::validator::get_group_by_id_excluding_members",
        "supports no groups",
    ),
    (
        "entra::validator::patch_replace_attributes",
        "may not change `name`",
    ),
    (
        "entra::validator::preview_multi_operation_patch",
        "may not change `name`",
    ),
    (
        "entra::validator::remove_manager",
        "may not change `enterprise`",
    ),
    ("entra::validator::remove_member", "supports no groups"),
    (
        "entra::validator::replace_group_attributes",
        "supports no groups",
    ),
    (
        "entra::validator::replace_manager",
        "may not change `enterprise`",
    ),
    (
        "entra::validator::update_group_display_name",
        "supports no groups",
    ),
    (
        "entra::validator::update_username",
        "may not change `userName`",
    ),
    ("groups::entra_member_remove", "supports no groups"),
    ("groups::unknown_member", "supports no groups"),
    ("okta::flows::crud_lifecycle", "may not change `name`"),
    ("okta::flows::group_push", "supports no groups"),
    ("okta::flows::group_push_empty", "supports no groups"),
    ("okta::flows::group_push_emptied", "supports no groups"),
    ("okta::flows::import_groups", "supports no groups"),
    ("okta::flows::push_existing_email", "may not change `name`"),
    ("okta::flows::reassign", "unassign deletes the user"),
    ("okta::flows::rename", "may not change `name`"),
    ("okta::flows::rename_username", "may not change `userName`"),
    ("okta::flows::test_credentials", "supports no groups"),
    ("okta::spec::10_groups_endpoint", "supports no groups"),
    ("users::patch_entra_ops", "unassign deletes the user"),
    ("users::update_deactivate_delete", "may not change `name`"),
];

/// Without the profile: the skipped ones fail, plus the two whose read-back follows
/// `unassign: delete`.
/// Skipped by the profile, but without it they do not fail either: they check an optional feature
/// ThousandEyes does not advertise (bulk), so they end at their gate.
const NOT_ADVERTISED: &[&str] = &["conformance::bulk::bulk_id_reference_resolved"];

const UNASSIGN_FOLLOWS_PROFILE: &[&str] = &[
    "okta::flows::unassign",
    "okta::guide::03_unassign_user_gone",
];

fn report(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn scenarios_with(report: &Value, verdict: &str) -> BTreeSet<String> {
    report["scenarios"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|s| s["verdict"] == verdict)
        .filter_map(|s| s["id"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn thousandeyes_passes_with_its_profile_and_skips_with_reasons() {
    let served = Served::start(&["--behave", "thousandeyes", "--basic", EMAIL_TOKEN]);
    let dir = temp_dir("profiles-with");
    let json = dir.path().join("report.json");
    let ran = scimulate(&[
        "run",
        "--target",
        &served.base_url,
        "--profile",
        "scenarios/profiles/thousandeyes.yaml",
        "--basic",
        EMAIL_TOKEN,
        "--json",
        json.to_str().unwrap_or_default(),
    ]);
    assert_eq!(ran.code, 0, "{}\n{}", ran.stdout, ran.stderr);
    assert!(
        ran.stdout.contains("profile: ThousandEyes"),
        "{}",
        ran.stdout
    );
    let report = report(&json);
    assert!(scenarios_with(&report, "failed").is_empty());
    let skipped = scenarios_with(&report, "skipped");
    let expected: BTreeSet<String> = SKIPPED.iter().map(|(id, _)| (*id).to_owned()).collect();
    assert_eq!(skipped, expected);
    for (id, why) in SKIPPED {
        let scenario = report["scenarios"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|s| s["id"] == *id)
            .cloned()
            .unwrap_or_default();
        let reason = scenario["skip_reason"].as_str().unwrap_or_default();
        assert!(
            reason.starts_with("profile thousandeyes.yaml: "),
            "{id}: {reason}"
        );
        assert!(reason.contains(why), "{id}: {reason}");
    }
    let passed = scenarios_with(&report, "passed");
    for guide in [
        "okta::guide::01_assign_user_appears",
        "okta::guide::02_rename_display_name",
        "okta::guide::03_unassign_user_gone",
    ] {
        assert!(passed.contains(guide), "{guide} did not pass");
    }
    // The readiness summary does not call the OIN gate passed when the profile ruled out what
    // Okta's CRUD test checks (a deactivated user stays readable): it cannot tell.
    let okta = report["readiness"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["idp"] == "okta")
        .cloned()
        .unwrap_or_default();
    assert_eq!(okta["overall"], "undecided", "{okta}");
    let step8 = okta["tests"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|t| t["name"] == "8. The deactivated user is readable, with active false")
        .cloned()
        .unwrap_or_default();
    assert_eq!(step8["status"], "not_applicable", "{step8}");
    assert!(
        ran.stdout
            .contains("readiness: Okta Integration Network (OIN), Okta mode oin: undecided:"),
        "{}",
        ran.stdout
    );
}

#[test]
fn thousandeyes_without_its_profile_fails_exactly_what_the_profile_explains() {
    let served = Served::start(&["--behave", "thousandeyes", "--basic", EMAIL_TOKEN]);
    let dir = temp_dir("profiles-without");
    let json = dir.path().join("report.json");
    let ran = scimulate(&[
        "run",
        "--target",
        &served.base_url,
        "--basic",
        EMAIL_TOKEN,
        "--json",
        json.to_str().unwrap_or_default(),
    ]);
    assert_eq!(ran.code, 1, "{}\n{}", ran.stdout, ran.stderr);
    let report = report(&json);
    let failed = scenarios_with(&report, "failed");
    let expected: BTreeSet<String> = SKIPPED
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| !NOT_ADVERTISED.contains(id))
        .chain(UNASSIGN_FOLLOWS_PROFILE.iter().copied())
        .map(str::to_owned)
        .collect();
    assert_eq!(failed, expected);
    let out = &ran.stdout;
    // Why, in the failure messages: the 404 on /Groups, the read-back 404, and the requirement.
    assert!(
        out.contains("got 404 (server said: ThousandEyes has no groups"),
        "{out}"
    );
    assert!(
        out.contains("declares `unassign: delete` in its profile"),
        "{out}"
    );
    assert!(out.contains("[this scenario requires `groups`;"), "{out}");
    assert!(
        out.contains("[this scenario requires `writable:userName`;"),
        "{out}"
    );
}

/// The scenarios written for SCIM 2.0 only (`requires: [scim2]`), skipped in a 1.1 run: read
/// from the suite, which grows.
fn scim2_only() -> BTreeSet<String> {
    scimulate::scenario::load_dir("scenarios".as_ref(), "fixtures".as_ref())
        .expect("the suite loads")
        .into_iter()
        .filter(|l| l.scenario.requires.iter().any(|r| r == "scim2"))
        .map(|l| l.id)
        .collect()
}

/// ThousandEyes serves `/scim/v1` too: the same verdicts in SCIM 1.1, with and without its
/// profile, except that the 2.0-only scenarios are skipped for the dialect.
#[test]
fn thousandeyes_on_scim_v1_passes_with_its_profile_and_fails_the_same_without() {
    let served = Served::start(&["--behave", "thousandeyes", "--basic", EMAIL_TOKEN]);
    let v1 = served.base_url.replace("/scim/v2", "/scim/v1");
    let dir = temp_dir("profiles-v1");
    let scim2_only = scim2_only();
    for with_profile in [true, false] {
        let json = dir.path().join(format!("report-{with_profile}.json"));
        let mut args = vec![
            "run",
            "--target",
            &v1,
            "--dialect",
            "1.1",
            "--basic",
            EMAIL_TOKEN,
            "--json",
            json.to_str().unwrap_or_default(),
        ];
        if with_profile {
            args.extend(["--profile", "scenarios/profiles/thousandeyes.yaml"]);
        }
        let ran = scimulate(&args);
        let report = report(&json);
        assert_eq!(report["run"]["dialect"], "1.1");
        let ruled_out: BTreeSet<String> = SKIPPED.iter().map(|(id, _)| (*id).to_owned()).collect();
        if with_profile {
            assert_eq!(ran.code, 0, "{}\n{}", ran.stdout, ran.stderr);
            assert_eq!(report["run"]["profile"], "ThousandEyes");
            assert!(scenarios_with(&report, "failed").is_empty());
            let expected: BTreeSet<String> = ruled_out.union(&scim2_only).cloned().collect();
            assert_eq!(scenarios_with(&report, "skipped"), expected);
        } else {
            assert_eq!(ran.code, 1, "{}\n{}", ran.stdout, ran.stderr);
            let expected: BTreeSet<String> = ruled_out
                .iter()
                .cloned()
                .chain(UNASSIGN_FOLLOWS_PROFILE.iter().map(|id| (*id).to_owned()))
                .filter(|id| !scim2_only.contains(id))
                .collect();
            assert_eq!(scenarios_with(&report, "failed"), expected);
            assert_eq!(scenarios_with(&report, "skipped"), scim2_only);
        }
    }
}

#[test]
fn the_reference_profile_changes_nothing_on_the_bundled_server() {
    let ran = scimulate(&["run", "--profile", "scenarios/profiles/reference.yaml"]);
    assert_eq!(ran.code, 0, "{}\n{}", ran.stdout, ran.stderr);
    assert!(ran.stdout.contains("0 ignored"), "{}", ran.stdout);
}

#[test]
fn a_basic_profile_makes_the_bundled_server_use_basic() {
    let ran = scimulate(&[
        "run",
        "--profile",
        "scenarios/profiles/thousandeyes.yaml",
        "okta::guide::01",
    ]);
    assert_eq!(ran.code, 0, "{}\n{}", ran.stdout, ran.stderr);
}

#[test]
fn discover_proposes_a_loadable_profile_from_the_bundled_server() {
    let ran = scimulate(&["run", "--profile", "discover"]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let dir = temp_dir("profiles-discover");
    let file = write(dir.path(), "proposed.yaml", &ran.stdout);
    let profile = scimulate::profile::load(&file)
        .unwrap_or_else(|e| panic!("{}\n{}", e.render(), ran.stdout));
    assert!(profile.groups && profile.patch, "{}", ran.stdout);
    assert!(ran.stdout.contains("auth: bearer"), "{}", ran.stdout);
    assert!(
        !ran.stdout.contains("running"),
        "nothing runs: {}",
        ran.stdout
    );
}

/// Regression: discovery read only SCIM 2.0's `/ServiceProviderConfig`, so a 1.1 target (which
/// serves `/ServiceProviderConfigs`) could not be discovered at all.
#[test]
fn discover_reads_a_scim_1_1_target_and_proposes_its_dialect() {
    let ran = scimulate(&["run", "--profile", "discover", "--dialect", "1.1"]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let dir = temp_dir("profiles-discover-v1");
    let file = write(dir.path(), "proposed.yaml", &ran.stdout);
    let profile = scimulate::profile::load(&file)
        .unwrap_or_else(|e| panic!("{}\n{}", e.render(), ran.stdout));
    assert_eq!(profile.dialect, scimulate::protocol::Dialect::Scim11);
    assert!(profile.patch, "{}", ran.stdout);
}

#[test]
fn discover_sees_thousandeyes_has_no_groups_and_wants_basic() {
    let served = Served::start(&["--behave", "thousandeyes", "--basic", EMAIL_TOKEN]);
    let ran = scimulate(&[
        "run",
        "--target",
        &served.base_url,
        "--basic",
        EMAIL_TOKEN,
        "--profile",
        "discover",
    ]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(ran.stdout.contains("groups: false"), "{}", ran.stdout);
    assert!(ran.stdout.contains("auth: basic"), "{}", ran.stdout);
}

#[test]
fn serve_behave_thousandeyes_needs_an_email_and_token() {
    let ran = scimulate(&[
        "serve",
        "--behave",
        "thousandeyes",
        "--listen",
        "127.0.0.1:0",
    ]);
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("--basic EMAIL:API_TOKEN"),
        "{}",
        ran.stderr
    );
}

mod errors;
