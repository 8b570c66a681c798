//! What the detection matrix expects: for each quirk, the scenarios that fail against it (and
//! the pattern their failure must match), and those that pass with a warning about it. Kept
//! apart from the test that checks it (`matrix.rs`), since it grows with every scenario.

use scimulate::server::quirks::Quirk;

/// Every scenario of the suite (for quirks no scenario can pass).
pub const EVERY: &[&str] = &["*"];

mod conformance;
mod entra;
mod first;

/// Per quirk: a pattern every catching scenario's first failure must match, and the scenarios.
/// In `Quirk::ALL` order: the first quirks (`first.rs`), then those of the conformance
/// scenarios (`conformance.rs`), then Entra's and `slow` (`entra.rs`). An `…@flag` id is an
/// `entra::` scenario run with `--entra-patch flag` (`support::FLAG`).
pub fn expected() -> Vec<&'static (Quirk, &'static str, &'static [&'static str])> {
    first::EXPECTED
        .iter()
        .chain(conformance::EXPECTED)
        .chain(entra::EXPECTED)
        .collect()
}

/// Per quirk whose symptom is (also) a warning: a pattern every warning text must match, and
/// the scenarios that pass with it. The Okta flows do not fail on `itemsPerPage` (Okta's
/// provisioning does not read it; idp::okta::rules::ITEMS_PER_PAGE); refusing a whole
/// membership PATCH is legal (RFC 7644 §3.5.2) though it costs Okta's group push, and so is
/// refusing Entra's `Remove` with a value list (here because of its capitalised op); a 500 or
/// a 409 without scimType for a PATCH that duplicates a userName breaks only RFC 7644 §3.12's
/// SHOULDs; Entra's matching reads `Resources`, so a string `totalResults` only warns in
/// `entra:` steps; a bulk job answered with an error status once failOnErrors is reached
/// matches RFC 7644 §3.7's "an error response is returned", though not §3.7.3's example.
/// Every other quirk must warn nowhere.
pub const WARNED: &[(Quirk, &str, &[&str])] = &[
    (
        Quirk::StringsForNumbers,
        "no numeric `totalResults`",
        &[
            "entra::flows::disable_enable",
            "entra::flows::disable_enable@flag",
            "entra::flows::groups",
            "entra::flows::groups@flag",
            "entra::flows::hard_delete",
            "entra::flows::hard_delete@flag",
            "entra::flows::manager",
            "entra::flows::manager@flag",
            "entra::flows::test_connection",
            "entra::flows::test_connection@flag",
            "entra::flows::update_attributes",
            "entra::flows::update_attributes@flag",
            "entra::validator::add_manager",
            "entra::validator::add_manager@flag",
            "entra::validator::add_member",
            "entra::validator::add_member@flag",
            "entra::validator::create_group",
            "entra::validator::create_group@flag",
            "entra::validator::create_user",
            "entra::validator::create_user@flag",
            "entra::validator::delete_group",
            "entra::validator::delete_group@flag",
            "entra::validator::delete_user",
            "entra::validator::delete_user@flag",
            "entra::validator::disable_user",
            "entra::validator::disable_user@flag",
            "entra::validator::duplicate_group",
            "entra::validator::duplicate_group@flag",
            "entra::validator::duplicate_user",
            "entra::validator::duplicate_user@flag",
            "entra::validator::get_group_by_id_excluding_members",
            "entra::validator::get_group_by_id_excluding_members@flag",
            "entra::validator::patch_replace_attributes",
            "entra::validator::patch_replace_attributes@flag",
            "entra::validator::preview_delete_twice",
            "entra::validator::preview_delete_twice@flag",
            "entra::validator::preview_multi_operation_patch",
            "entra::validator::preview_multi_operation_patch@flag",
            "entra::validator::remove_manager",
            "entra::validator::remove_manager@flag",
            "entra::validator::remove_member",
            "entra::validator::remove_member@flag",
            "entra::validator::replace_group_attributes",
            "entra::validator::replace_group_attributes@flag",
            "entra::validator::replace_manager",
            "entra::validator::replace_manager@flag",
        ],
    ),
    (
        Quirk::ItemsPerPageEchoesCount,
        "`itemsPerPage` is 100 but",
        &[
            "okta::flows::assign_new_user",
            "okta::flows::crud_lifecycle",
            "okta::flows::group_push",
            "okta::flows::group_push_emptied",
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
        Quirk::ConflictWithoutScimType,
        "scimType: expected \"uniqueness\", actual missing",
        &["conformance::errors::uniqueness_on_patch"],
    ),
    (
        Quirk::PatchOpsCaseSensitive,
        "an alternative outcome .*unsupported PATCH op .*Remove",
        &["groups::entra_member_remove"],
    ),
    (
        Quirk::GroupPatchAllOrNothing,
        "an alternative outcome .*actual 400",
        &["groups::unknown_member"],
    ),
    (
        Quirk::PatchConflict500,
        "an alternative outcome .*actual 500 \\(server said: \"duplicate key",
        &["conformance::errors::uniqueness_on_patch"],
    ),
    (
        Quirk::EmptyStringsForUnset,
        "title: expected absent, actual \"\"",
        &["conformance::resources::unset_attributes_omitted"],
    ),
    (
        Quirk::BulkFailsWholeOnOneError,
        "an alternative outcome .*actual 409",
        &["conformance::bulk::fail_on_errors_stops"],
    ),
];
