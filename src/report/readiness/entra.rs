//! Microsoft Entra ID's gate for the app gallery: the hosted SCIM Validator's tests, by the
//! validator's names (user tests required; group tests optional, as the validator's own
//! checkbox makes them; manager tests optional, as they apply only to an app that maps the
//! manager; preview tests optional), and the provisioning service's flows the gallery relies on
//! (Test Connection first). Names as in `../shared/reference/entra-scim-behaviour.md` and
//! `docs/entra.md`.

use super::{Catalogue, CatalogueTest, Covered, Part};

const USERS: &str = "SCIM Validator: users";
const GROUPS: &str = "SCIM Validator: groups";
const PREVIEW: &str = "SCIM Validator: preview";
const SERVICE: &str = "Provisioning service";

const fn test(
    suite: &'static str,
    name: &'static str,
    required: bool,
    parts: &'static [Part],
) -> CatalogueTest {
    CatalogueTest {
        suite,
        name,
        required,
        covered_by: Covered::By(parts),
    }
}

use Part::Scenario as S;

pub const CATALOGUE: Catalogue = Catalogue {
    idp: "entra",
    title: "Microsoft Entra app gallery",
    tests: &[
        test(
            USERS,
            "Create user",
            true,
            &[S("entra::validator::create_user")],
        ),
        test(
            USERS,
            "Duplicate user",
            true,
            &[S("entra::validator::duplicate_user")],
        ),
        test(
            USERS,
            "Filter existing user",
            true,
            &[S("entra::validator::filter_existing_user")],
        ),
        test(
            USERS,
            "Filter non-existing user",
            true,
            &[S("entra::validator::filter_non_existing_user")],
        ),
        test(
            USERS,
            "Filter existing user with different case",
            true,
            &[S("entra::validator::filter_existing_user_different_case")],
        ),
        test(
            USERS,
            "Patch replace attributes",
            true,
            &[S("entra::validator::patch_replace_attributes")],
        ),
        test(
            USERS,
            "Update userName",
            true,
            &[S("entra::validator::update_username")],
        ),
        test(
            USERS,
            "Disable user",
            true,
            &[S("entra::validator::disable_user")],
        ),
        test(
            USERS,
            "Add manager",
            false,
            &[S("entra::validator::add_manager")],
        ),
        test(
            USERS,
            "Replace manager",
            false,
            &[S("entra::validator::replace_manager")],
        ),
        test(
            USERS,
            "Remove manager",
            false,
            &[S("entra::validator::remove_manager")],
        ),
        test(
            USERS,
            "Delete user",
            true,
            &[S("entra::validator::delete_user")],
        ),
        test(
            GROUPS,
            "Get group by id excluding members",
            false,
            &[S("entra::validator::get_group_by_id_excluding_members")],
        ),
        test(
            GROUPS,
            "Filter existing group",
            false,
            &[S("entra::validator::filter_existing_group")],
        ),
        test(
            GROUPS,
            "Filter existing group without excludedAttributes",
            false,
            &[S("entra::validator::filter_existing_group_with_members")],
        ),
        test(
            GROUPS,
            "Filter non-existing group",
            false,
            &[S("entra::validator::filter_non_existing_group")],
        ),
        test(
            GROUPS,
            "Filter existing group with different case",
            false,
            &[S("entra::validator::filter_existing_group_different_case")],
        ),
        test(
            GROUPS,
            "Create group",
            false,
            &[S("entra::validator::create_group")],
        ),
        test(
            GROUPS,
            "Duplicate group",
            false,
            &[S("entra::validator::duplicate_group")],
        ),
        test(
            GROUPS,
            "Replace group attributes",
            false,
            &[S("entra::validator::replace_group_attributes")],
        ),
        test(
            GROUPS,
            "Update displayName",
            false,
            &[S("entra::validator::update_group_display_name")],
        ),
        test(
            GROUPS,
            "Add member",
            false,
            &[S("entra::validator::add_member")],
        ),
        test(
            GROUPS,
            "Remove member",
            false,
            &[S("entra::validator::remove_member")],
        ),
        test(
            GROUPS,
            "Delete group",
            false,
            &[S("entra::validator::delete_group")],
        ),
        test(
            PREVIEW,
            "Patch with several operations",
            false,
            &[S("entra::validator::preview_multi_operation_patch")],
        ),
        test(
            PREVIEW,
            "Delete a non-existent resource",
            false,
            &[S("entra::validator::preview_delete_non_existent")],
        ),
        test(
            PREVIEW,
            "Delete twice",
            false,
            &[S("entra::validator::preview_delete_twice")],
        ),
        test(
            SERVICE,
            "Test Connection",
            true,
            &[S("entra::flows::test_connection")],
        ),
        test(
            SERVICE,
            "Provision a user",
            true,
            &[S("entra::flows::provision_user")],
        ),
        test(
            SERVICE,
            "Match an existing user by work email",
            false,
            &[S("entra::flows::match_by_email")],
        ),
        test(
            SERVICE,
            "Update attributes, rename userName",
            true,
            &[S("entra::flows::update_attributes")],
        ),
        test(
            SERVICE,
            "Disable (unassign, soft delete) and enable",
            true,
            &[S("entra::flows::disable_enable")],
        ),
        test(
            SERVICE,
            "Hard delete",
            true,
            &[S("entra::flows::hard_delete")],
        ),
        test(
            SERVICE,
            "Manager add, change, remove",
            false,
            &[S("entra::flows::manager")],
        ),
        test(
            SERVICE,
            "Groups: create, members, rename, delete",
            false,
            &[S("entra::flows::groups")],
        ),
    ],
};
