//! The detection matrix: which bundled scenarios fail against each quirk.
//!
//! The expected sets are exact, so a quirk that starts or stops being caught is a visible diff
//! here; the failure of each catching scenario must name the broken behaviour, so a scenario
//! that fails for an unrelated reason does not count as catching it. The results are written
//! to `docs/detection-matrix.md`, which this test keeps current: it fails when the committed
//! file differs, unless `SCIMULATE_BLESS_MATRIX=1` asks it to rewrite the file.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use regex::Regex;
use scimulate::server::ServerConfig;
use scimulate::server::quirks::{Quirk, Quirks};

use crate::support::{Results, config, failing, run_suite, suite, unchanged};

/// Every scenario of the suite (for quirks no scenario can pass).
const EVERY: &[&str] = &["*"];

/// Per quirk: a pattern every catching scenario's first failure must match, and the scenarios.
const EXPECTED: &[(Quirk, &str, &[&str])] = &[
    (
        Quirk::ItemsPerPageEchoesCount,
        "itemsPerPage",
        &[
            "conformance::pagination::items_per_page_counts_the_page",
            "users::filter_by_username",
        ],
    ),
    (
        Quirk::PaginationDuplicates,
        "came back on two pages|Resources: expected [01] elements?, actual [12] elements?|itemsPerPage: expected 1, actual 2",
        &[
            "conformance::pagination::items_per_page_counts_the_page",
            "conformance::pagination::start_index_is_one_based",
            "conformance::pagination::start_index_past_end",
            "okta::flows::import_users",
        ],
    ),
    (
        Quirk::TotalResultsWrong,
        "were on no page|totalResults: expected [23], actual [0-2]",
        &[
            "conformance::pagination::count_is_a_maximum",
            "conformance::pagination::count_negative",
            "conformance::pagination::count_zero",
            "conformance::pagination::items_per_page_counts_the_page",
            "conformance::pagination::start_index_is_one_based",
            "conformance::pagination::start_index_past_end",
            "conformance::pagination::total_results_counts_all_matches",
            "conformance::search::post_pages",
            "conformance::search::root_pages",
            "okta::flows::import_users",
        ],
    ),
    (
        Quirk::UsernameCaseSensitive,
        "totalResults: expected 1, actual 0|expected 409, actual 201",
        &[
            "conformance::resources::username_unique_ignoring_case",
            "okta::spec::09_username_case_sensitivity_finds_user",
            "users::duplicate",
            "users::filter_by_username",
        ],
    ),
    (
        Quirk::DuplicateReturns400,
        "expected 409, actual 400",
        &[
            "conformance::resources::username_unique_ignoring_case",
            "okta::spec::08_recreate_user_conflict",
            "users::duplicate",
        ],
    ),
    (
        Quirk::ConflictWithoutScimType,
        "scimType: expected \"uniqueness\", actual missing",
        &[
            "conformance::resources::username_unique_ignoring_case",
            "users::duplicate",
        ],
    ),
    (
        Quirk::PathlessPatchUnsupported,
        "got 500|actual 500",
        &[
            "okta::flows::crud_lifecycle",
            "okta::flows::group_push",
            "okta::flows::group_push_empty",
            "okta::flows::reassign",
            "okta::flows::unassign",
            "okta::guide::03_unassign_user_gone",
            "users::not_found",
            "users::update_deactivate_delete",
        ],
    ),
    (
        Quirk::PatchOpsCaseSensitive,
        "actual 400 .*op \\\\?\"Replace",
        &["users::patch_entra_ops"],
    ),
    (
        Quirk::DeactivatedUser404,
        "deactivated user answered 404|expected 200, actual 404",
        &[
            "okta::flows::crud_lifecycle",
            "okta::flows::reassign",
            "okta::flows::unassign",
            "okta::guide::03_unassign_user_gone",
            "users::patch_entra_ops",
            "users::update_deactivate_delete",
        ],
    ),
    (
        Quirk::PutCannotChangeUsername,
        "new userName.*\n?.*totalResults: expected 1, actual 0",
        &["okta::flows::rename_username"],
    ),
    (
        Quirk::GroupPatchAllOrNothing,
        "does not know: status: .*actual 400",
        &[],
    ),
    (
        Quirk::GroupRenameWithIdRejected,
        "rename \\(PATCH\\): expected 200 or 204, got 400",
        &["okta::flows::group_push", "okta::flows::group_push_empty"],
    ),
    (
        Quirk::ErrorStatusAsNumber,
        "status: expected \"\\d+\", actual \\d+",
        &[
            "auth::unauthorized",
            "okta::flows::bad_credentials",
            "okta::spec::11_status_401",
            "okta::spec::12_status_404",
            "users::duplicate",
            "users::not_found",
            "users::update_deactivate_delete",
        ],
    ),
    (
        Quirk::NoContentTypeOnErrors,
        "header Content-Type: expected present, missing",
        &["auth::unauthorized", "users::duplicate", "users::not_found"],
    ),
    (
        Quirk::WrongContentType,
        "Content-Type: expected a value containing \"application/scim\\+json\", actual \"application/json\"",
        &[
            "auth::unauthorized",
            "users::create_and_read",
            "users::duplicate",
            "users::not_found",
        ],
    ),
    (
        Quirk::StringsForNumbers,
        "not a JSON number|actual \"\\d+\"",
        &[
            "auth::unauthorized",
            "conformance::filter::and_before_or",
            "conformance::filter::boolean_false",
            "conformance::filter::case_insensitive_sub_attribute",
            "conformance::filter::extension_attribute",
            "conformance::filter::missing_sub_attribute",
            "conformance::filter::names_case_insensitive",
            "conformance::filter::percent_is_literal",
            "conformance::filter::underscore_is_literal",
            "conformance::pagination::count_is_a_maximum",
            "conformance::pagination::count_negative",
            "conformance::pagination::count_zero",
            "conformance::pagination::items_per_page_counts_the_page",
            "conformance::pagination::start_index_is_one_based",
            "conformance::pagination::start_index_negative",
            "conformance::pagination::start_index_past_end",
            "conformance::pagination::start_index_zero",
            "conformance::pagination::total_results_counts_all_matches",
            "conformance::projection::attributes_on_list",
            "conformance::resources::post_to_a_resource_creates_nothing",
            "conformance::search::post_attributes",
            "conformance::search::post_filters",
            "conformance::search::post_pages",
            "conformance::search::root_pages",
            "conformance::sort::ascending_by_default",
            "conformance::sort::case_insensitive",
            "conformance::sort::descending",
            "okta::flows::assign_new_user",
            "okta::flows::bad_credentials",
            "okta::flows::crud_lifecycle",
            "okta::flows::group_push",
            "okta::flows::group_push_empty",
            "okta::flows::import_groups",
            "okta::flows::import_users",
            "okta::flows::push_existing_email",
            "okta::flows::reassign",
            "okta::flows::rename",
            "okta::flows::rename_username",
            "okta::flows::test_credentials",
            "okta::flows::unassign",
            "okta::guide::01_assign_user_appears",
            "okta::guide::02_rename_display_name",
            "okta::guide::03_unassign_user_gone",
            "okta::spec::01_users_endpoint",
            "okta::spec::03_invalid_user_by_username",
            "okta::spec::05_random_user_does_not_exist",
            "okta::spec::09_username_case_sensitivity_finds_user",
            "okta::spec::10_groups_endpoint",
            "users::filter_by_username",
            "users::update_deactivate_delete",
        ],
    ),
    (
        Quirk::FilterIgnored,
        "totalResults: expected [0-2], actual [1-9]|expected 400, actual 200|members: expected an element",
        &[
            "conformance::filter::boolean_false",
            "conformance::filter::boolean_ordering_invalid",
            "conformance::filter::missing_sub_attribute",
            "conformance::filter::percent_is_literal",
            "conformance::filter::underscore_is_literal",
            "conformance::filter::unknown_operator_invalid",
            "conformance::resources::post_to_a_resource_creates_nothing",
            "conformance::search::post_filters",
            "okta::flows::group_push",
            "okta::spec::09_username_case_sensitivity_2016",
            "users::filter_by_username",
        ],
    ),
    (
        Quirk::PasswordReturned,
        "password: expected absent",
        &[
            "conformance::projection::password_never_returned",
            "users::create_and_read",
        ],
    ),
    (
        Quirk::No401OnBadToken,
        "expected 401, actual 2\\d\\d",
        &[
            "auth::unauthorized",
            "okta::flows::bad_credentials",
            "okta::spec::11_status_401",
        ],
    ),
    (
        Quirk::EmptyBodyOnCreate,
        "returned empty|nothing at `body\\.|not JSON: \\(empty\\)",
        &[
            "conformance::etag::if_match_stale_refused",
            "conformance::etag::if_none_match_not_modified",
            "conformance::filter::and_before_or",
            "conformance::filter::boolean_false",
            "conformance::filter::case_insensitive_sub_attribute",
            "conformance::filter::extension_attribute",
            "conformance::filter::missing_sub_attribute",
            "conformance::filter::names_case_insensitive",
            "conformance::filter::percent_is_literal",
            "conformance::filter::underscore_is_literal",
            "conformance::meta::group_meta_on_create",
            "conformance::meta::last_modified_after_patch",
            "conformance::meta::last_modified_after_put",
            "conformance::meta::location_header_is_meta_location",
            "conformance::pagination::count_is_a_maximum",
            "conformance::pagination::count_negative",
            "conformance::pagination::count_zero",
            "conformance::pagination::items_per_page_counts_the_page",
            "conformance::pagination::start_index_is_one_based",
            "conformance::pagination::start_index_negative",
            "conformance::pagination::start_index_past_end",
            "conformance::pagination::start_index_zero",
            "conformance::pagination::total_results_counts_all_matches",
            "conformance::projection::attributes_keeps_schemas_and_id",
            "conformance::projection::attributes_on_get",
            "conformance::projection::attributes_on_list",
            "conformance::projection::attributes_on_replace",
            "conformance::projection::excluded_attributes",
            "conformance::projection::excluded_cannot_remove_id",
            "conformance::projection::password_never_returned",
            "conformance::projection::sub_attribute",
            "conformance::resources::post_to_a_resource_creates_nothing",
            "conformance::resources::readonly_attributes_ignored_on_create",
            "conformance::resources::unset_attributes_omitted",
            "conformance::search::post_attributes",
            "conformance::search::post_filters",
            "conformance::search::post_pages",
            "conformance::search::root_pages",
            "conformance::sort::ascending_by_default",
            "conformance::sort::case_insensitive",
            "conformance::sort::descending",
            "groups::unknown_member",
            "okta::flows::assign_new_user",
            "okta::flows::crud_lifecycle",
            "okta::flows::group_push",
            "okta::flows::group_push_empty",
            "okta::flows::import_groups",
            "okta::flows::import_users",
            "okta::flows::push_existing_email",
            "okta::flows::reassign",
            "okta::flows::rename",
            "okta::flows::rename_username",
            "okta::flows::unassign",
            "okta::guide::01_assign_user_appears",
            "okta::guide::02_rename_display_name",
            "okta::guide::03_unassign_user_gone",
            "okta::spec::06_create_user",
            "okta::spec::07_verify_user_created",
            "okta::spec::09_username_case_sensitivity_finds_user",
            "users::create_and_read",
            "users::filter_by_username",
            "users::patch_entra_ops",
            "users::update_deactivate_delete",
        ],
    ),
    (
        Quirk::LocationHeaderMissing,
        "header Location: expected .*, missing",
        &[
            "conformance::meta::location_header_is_meta_location",
            "users::create_and_read",
        ],
    ),
    (
        Quirk::StartIndexBelowOneRefused,
        "expected 200, actual 400 .*startIndex",
        &[
            "conformance::pagination::start_index_negative",
            "conformance::pagination::start_index_zero",
        ],
    ),
    (
        Quirk::NegativeCountDropsLast,
        "Resources: expected 0 elements, actual 2|Resources: expected absent",
        &["conformance::pagination::count_negative"],
    ),
    (
        Quirk::CountZeroReturnsAll,
        "Resources: expected 0 elements, actual 3|Resources: expected absent",
        &["conformance::pagination::count_zero"],
    ),
    (
        Quirk::CountIgnored,
        r"Resources: expected \d elements?, actual 3|must not return more than `count`",
        &[
            "conformance::pagination::count_is_a_maximum",
            "conformance::pagination::count_negative",
            "conformance::pagination::count_zero",
            "okta::flows::import_users",
        ],
    ),
    (
        Quirk::StartIndexPastEndLastPage,
        "Resources: expected 0 elements, actual [1-9]|Resources: expected absent",
        &["conformance::pagination::start_index_past_end"],
    ),
    (
        Quirk::SearchIgnoresPaging,
        "Resources: expected 1 element, actual [2-9]|absent, actual",
        &[
            "conformance::search::post_attributes",
            "conformance::search::post_pages",
            "conformance::search::root_pages",
        ],
    ),
    (
        Quirk::SortIgnored,
        r"Resources\[\d\]\.userName: expected",
        &[
            "conformance::sort::ascending_by_default",
            "conformance::sort::case_insensitive",
            "conformance::sort::descending",
        ],
    ),
    (
        Quirk::SortCaseSensitive,
        r"Resources\[\d\]\.userName: expected",
        &["conformance::sort::case_insensitive"],
    ),
    (
        Quirk::AttributesIgnored,
        r"expected absent, actual",
        &[
            "conformance::projection::attributes_on_get",
            "conformance::projection::attributes_on_list",
            "conformance::projection::attributes_on_replace",
            "conformance::projection::excluded_attributes",
            "conformance::projection::sub_attribute",
        ],
    ),
    (
        Quirk::AttributesDropSchemas,
        r"schemas: expected .*, actual missing",
        &["conformance::projection::attributes_keeps_schemas_and_id"],
    ),
    (
        Quirk::ExcludedRemovesAlways,
        r"id: expected .*, actual missing",
        &["conformance::projection::excluded_cannot_remove_id"],
    ),
    (
        Quirk::SubAttributeReturnsParent,
        r"givenName: expected absent",
        &["conformance::projection::sub_attribute"],
    ),
    (
        Quirk::BooleanFalseNeverMatches,
        r"totalResults: expected 1, actual 0",
        &["conformance::filter::boolean_false"],
    ),
    (
        Quirk::EqCaseSensitive,
        r"totalResults: expected 1, actual 0",
        &["conformance::filter::case_insensitive_sub_attribute"],
    ),
    (
        Quirk::LikeWildcards,
        r"totalResults: expected 0, actual [1-9]",
        &[
            "conformance::filter::percent_is_literal",
            "conformance::filter::underscore_is_literal",
        ],
    ),
    (
        Quirk::InvalidFilterEmpty,
        r"expected 400, actual 200",
        &[
            "conformance::filter::boolean_ordering_invalid",
            "conformance::filter::unknown_operator_invalid",
            "okta::spec::09_username_case_sensitivity_2016",
        ],
    ),
    (
        Quirk::SubAttributeFilterCrashes,
        r"expected 200, actual 400 .*subscriptable",
        &["conformance::filter::missing_sub_attribute"],
    ),
    (
        Quirk::ExtensionFilterNeverMatches,
        r"totalResults: expected 1, actual 0",
        &["conformance::filter::extension_attribute"],
    ),
    (
        Quirk::FilterLeftToRight,
        r"totalResults: expected 2, actual 1",
        &["conformance::filter::and_before_or"],
    ),
    (
        Quirk::FilterNamesCaseSensitive,
        r"expected 200, actual 400 .*Unknown attribute or operator",
        &["conformance::filter::names_case_insensitive"],
    ),
    (
        Quirk::MissingUsernameStoredEmpty,
        r"expected 400, actual 201",
        &["conformance::resources::username_required"],
    ),
    (Quirk::EmptyStringsForUnset, r"expected absent, actual", &[]),
    (
        Quirk::PostToIdCreates,
        r"expected one of .*, actual 201",
        &["conformance::resources::post_to_a_resource_creates_nothing"],
    ),
    (
        Quirk::ReadonlyAttributesKept,
        r"anything but",
        &["conformance::resources::readonly_attributes_ignored_on_create"],
    ),
    (
        Quirk::LastModifiedFrozen,
        r"anything but",
        &[
            "conformance::meta::last_modified_after_patch",
            "conformance::meta::last_modified_after_put",
        ],
    ),
    (
        Quirk::GroupMetaIncomplete,
        r"created: expected a datetime, actual missing",
        &["conformance::meta::group_meta_on_create"],
    ),
    (
        Quirk::EtagPreconditionsIgnored,
        r"expected 304, actual 200|expected one of 412, 409, actual 200",
        &[
            "conformance::etag::if_match_stale_refused",
            "conformance::etag::if_none_match_not_modified",
        ],
    ),
    (Quirk::Slow, "\\(timeout\\)", EVERY),
];

/// Per quirk whose symptom is (also) a warning: a pattern every warning text must match, and
/// the scenarios that pass with it. The Okta flows do not fail on `itemsPerPage` (Okta's
/// provisioning does not read it; idp::okta::rules::ITEMS_PER_PAGE), and refusing a whole
/// membership PATCH is legal (RFC 7644 §3.5.2) though it costs Okta's group push. Every other
/// quirk must warn nowhere.
const WARNED: &[(Quirk, &str, &[&str])] = &[
    (
        Quirk::ItemsPerPageEchoesCount,
        "`itemsPerPage` is 100 but",
        &[
            "okta::flows::assign_new_user",
            "okta::flows::crud_lifecycle",
            "okta::flows::group_push",
            "okta::flows::group_push_empty",
            "okta::flows::import_groups",
            "okta::flows::import_users",
            "okta::flows::push_existing_email",
            "okta::flows::reassign",
            "okta::flows::rename",
            "okta::flows::rename_username",
            "okta::flows::test_credentials",
            "okta::flows::unassign",
            "okta::guide::01_assign_user_appears",
            "okta::guide::02_rename_display_name",
            "okta::guide::03_unassign_user_gone",
        ],
    ),
    (
        Quirk::GroupPatchAllOrNothing,
        "an alternative outcome .*actual 400",
        &["groups::unknown_member"],
    ),
    (
        Quirk::EmptyStringsForUnset,
        "title: expected absent, actual \"\"",
        &["conformance::resources::unset_attributes_omitted"],
    ),
];

/// The per-request timeout of the `slow` run: well under the quirk's latency, so it stays fast.
const SLOW_TIMEOUT: Duration = Duration::from_millis(500);
const SLOW_LATENCY: Duration = Duration::from_millis(1000);
const TIMEOUT: Duration = Duration::from_secs(10);

const DOC: &str = "docs/detection-matrix.md";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_quirk_is_caught_by_exactly_the_expected_scenarios() {
    let suite = Arc::new(suite());
    let all: Vec<String> = suite.iter().map(|l| l.id.clone()).collect();
    let started = Instant::now();
    let clean = run_suite(&suite, &config(), unchanged, TIMEOUT).await;
    let clean_failures: Vec<String> = failing(&clean.results)
        .into_iter()
        .map(|id| format!("{id}: {}", clean.results[&id].as_deref().unwrap_or("")))
        .collect();
    assert!(
        clean_failures.is_empty(),
        "the clean server fails:\n{clean_failures:#?}"
    );
    assert!(
        clean.warned.is_empty(),
        "the clean server gets warnings:\n{:#?}",
        clean.warned
    );
    assert_eq!(
        EXPECTED.iter().map(|(q, _, _)| *q).collect::<Vec<_>>(),
        Quirk::ALL,
        "one row per quirk, in `Quirk::ALL` order"
    );
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for (quirk, pattern, expected) in EXPECTED {
        let config = ServerConfig {
            quirks: Quirks::new([*quirk]).with_latency(SLOW_LATENCY),
            ..config()
        };
        let timeout = if *quirk == Quirk::Slow {
            SLOW_TIMEOUT
        } else {
            TIMEOUT
        };
        let run = run_suite(&suite, &config, unchanged, timeout).await;
        let caught = failing(&run.results);
        let expected: Vec<String> = if *expected == EVERY {
            all.clone()
        } else {
            expected.iter().map(|s| s.to_string()).collect()
        };
        let warned: Vec<String> = run.warned.keys().cloned().collect();
        if caught.is_empty() && warned.is_empty() {
            problems.push(format!(
                "{quirk}: no scenario catches or warns about it; the suite needs one"
            ));
        }
        check(
            *quirk,
            pattern,
            &expected,
            &caught,
            &run.results,
            &mut problems,
        );
        let (warn_pattern, expected_warned) = WARNED
            .iter()
            .find(|(q, _, _)| q == quirk)
            .map_or(("$^", &[][..]), |(_, p, w)| (*p, *w));
        let expected_warned: Vec<String> = expected_warned.iter().map(|s| s.to_string()).collect();
        let warnings: Results = run
            .warned
            .iter()
            .map(|(id, text)| (id.clone(), Some(text.clone())))
            .collect();
        let label = format!("{quirk} (warnings)");
        compare(
            &label,
            warn_pattern,
            &expected_warned,
            &warned,
            &warnings,
            &mut problems,
        );
        rows.push((*quirk, caught, warned));
    }
    assert!(
        problems.is_empty(),
        "the detection matrix changed:\n\n{}",
        problems.join("\n\n")
    );
    compare_or_bless(&render(&rows, &all));
    println!("matrix: {} runs in {:?}", rows.len() + 1, started.elapsed());
}

fn check(
    quirk: Quirk,
    pattern: &str,
    expected: &[String],
    caught: &[String],
    results: &Results,
    problems: &mut Vec<String>,
) {
    compare(
        &quirk.to_string(),
        pattern,
        expected,
        caught,
        results,
        problems,
    );
}

/// Whether `caught` is exactly `expected`, and each text in `results` matches `pattern`.
fn compare(
    quirk: &str,
    pattern: &str,
    expected: &[String],
    caught: &[String],
    results: &Results,
    problems: &mut Vec<String>,
) {
    let (want, got): (BTreeSet<&String>, BTreeSet<&String>) =
        (expected.iter().collect(), caught.iter().collect());
    if want != got {
        problems.push(format!(
            "{quirk}: no longer caught by {:?}; newly caught by {:?}",
            want.difference(&got).collect::<Vec<_>>(),
            got.difference(&want).collect::<Vec<_>>()
        ));
    }
    let Ok(regex) = Regex::new(pattern) else {
        problems.push(format!("{quirk}: bad pattern {pattern:?}"));
        return;
    };
    for id in caught {
        let text = results[id].as_deref().unwrap_or("");
        if !regex.is_match(text) {
            problems.push(format!(
                "{quirk}: {id} fails, but its failure does not match {pattern:?}:\n{text}"
            ));
        }
    }
}

/// `docs/detection-matrix.md`, from the results.
fn render(rows: &[(Quirk, Vec<String>, Vec<String>)], all: &[String]) -> String {
    let mut out = String::from(
        "# Detection matrix\n\n\
         <!-- Generated by tests/quirks (SCIMULATE_BLESS_MATRIX=1 cargo test --test quirks); do not edit. -->\n\n\
         Each row is a bug that real SCIM servers have shipped, reproduced by\n\
         `scimulate serve --quirk NAME`, and the bundled scenarios that fail against it (each\n\
         against a fresh server, in Okta's OIN mode). With no quirk, every scenario passes.\n\
         The test that writes this file fails when a quirk starts or stops being caught.\n\n\
         *Caught by*: the scenarios that fail. *Warned by*: the scenarios that pass with a\n\
         warning about it, because what they exist to prove still holds (the Okta flows do not\n\
         fail on `itemsPerPage`, which Okta's provisioning does not read; refusing a whole\n\
         membership PATCH is legal, RFC 7644 §3.5.2). `--deny-warnings` fails those too.\n\n\
         | Quirk | What the broken server does | Caught by | Warned by |\n|---|---|---|---|\n",
    );
    let list = |ids: &[String]| -> String {
        if ids.is_empty() {
            "—".to_string()
        } else if ids.len() == all.len() {
            format!("every scenario ({})", all.len())
        } else {
            ids.iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join("<br>")
        }
    };
    for (quirk, caught, warned) in rows {
        let description = quirk.description().replace('|', "\\|");
        out.push_str(&format!(
            "| `{quirk}` | {description} | {} | {} |\n",
            list(caught),
            list(warned)
        ));
    }
    out.push_str("\n## By scenario\n\nWhich quirks each scenario catches, or warns about (`slow` left out: it fails them all).\n\n");
    out.push_str("| Scenario | Quirks |\n|---|---|\n");
    for id in all {
        let quirks: Vec<String> = rows
            .iter()
            .filter(|(q, caught, warned)| {
                *q != Quirk::Slow && (caught.contains(id) || warned.contains(id))
            })
            .map(|(q, caught, _)| {
                if caught.contains(id) {
                    format!("`{q}`")
                } else {
                    format!("`{q}` (warned)")
                }
            })
            .collect();
        let quirks = if quirks.is_empty() {
            "—".to_string()
        } else {
            quirks.join(", ")
        };
        out.push_str(&format!("| `{id}` | {quirks} |\n"));
    }
    out
}

fn compare_or_bless(generated: &str) {
    if std::env::var("SCIMULATE_BLESS_MATRIX").is_ok_and(|v| v == "1") {
        std::fs::write(DOC, generated).expect("write docs/detection-matrix.md");
        return;
    }
    let committed = std::fs::read_to_string(DOC).unwrap_or_default();
    assert!(
        committed == generated,
        "{DOC} is stale; regenerate it with SCIMULATE_BLESS_MATRIX=1 cargo test --test quirks\n\
         --- generated:\n{generated}"
    );
}
