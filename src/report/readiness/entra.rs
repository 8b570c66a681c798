//! Microsoft Entra ID's gate for the app gallery: the hosted SCIM Validator's tests, by the
//! validator's names (user tests required; group tests optional, as the validator's own
//! checkbox makes them; manager tests optional, as they apply only to an app that maps the
//! manager; preview tests optional), and the provisioning service's flows the gallery relies on
//! (Test Connection first). Names as in `../shared/reference/entra-scim-behaviour.md` and
//! `docs/entra.md`.

use super::{Catalogue, CatalogueTest, Part};

const USERS: &str = "SCIM Validator: users";
const GROUPS: &str = "SCIM Validator: groups";
const PREVIEW: &str = "SCIM Validator: preview";
const SERVICE: &str = "Provisioning service";

use CatalogueTest as T;
use Part::Scenario as S;

pub const CATALOGUE: Catalogue = Catalogue {
    idp: "entra",
    title: "Microsoft Entra app gallery",
    tests: &[
        T::by(
            USERS,
            "Create user",
            true,
            &[S("entra::validator::create_user")],
        ),
        T::by(
            USERS,
            "Duplicate user",
            true,
            &[S("entra::validator::duplicate_user")],
        ),
        T::by(
            USERS,
            "Filter existing user",
            true,
            &[S("entra::validator::filter_existing_user")],
        ),
        T::by(
            USERS,
            "Filter non-existing user",
            true,
            &[S("entra::validator::filter_non_existing_user")],
        ),
        T::by(
            USERS,
            "Filter existing user with different case",
            true,
            &[S("entra::validator::filter_existing_user_different_case")],
        ),
        T::by(
            USERS,
            "Patch replace attributes",
            true,
            &[S("entra::validator::patch_replace_attributes")],
        ),
        T::by(
            USERS,
            "Update userName",
            true,
            &[S("entra::validator::update_username")],
        ),
        T::by(
            USERS,
            "Disable user",
            true,
            &[S("entra::validator::disable_user")],
        ),
        T::by(
            USERS,
            "Add manager",
            false,
            &[S("entra::validator::add_manager")],
        ),
        T::by(
            USERS,
            "Replace manager",
            false,
            &[S("entra::validator::replace_manager")],
        ),
        T::by(
            USERS,
            "Remove manager",
            false,
            &[S("entra::validator::remove_manager")],
        ),
        T::by(
            USERS,
            "Delete user",
            true,
            &[S("entra::validator::delete_user")],
        ),
        T::by(
            GROUPS,
            "Get group by id excluding members",
            false,
            &[S("entra::validator::get_group_by_id_excluding_members")],
        ),
        T::by(
            GROUPS,
            "Filter existing group",
            false,
            &[S("entra::validator::filter_existing_group")],
        ),
        T::by(
            GROUPS,
            "Filter existing group without excludedAttributes",
            false,
            &[S("entra::validator::filter_existing_group_with_members")],
        ),
        T::by(
            GROUPS,
            "Filter non-existing group",
            false,
            &[S("entra::validator::filter_non_existing_group")],
        ),
        T::by(
            GROUPS,
            "Filter existing group with different case",
            false,
            &[S("entra::validator::filter_existing_group_different_case")],
        ),
        T::by(
            GROUPS,
            "Create group",
            false,
            &[S("entra::validator::create_group")],
        ),
        T::by(
            GROUPS,
            "Duplicate group",
            false,
            &[S("entra::validator::duplicate_group")],
        ),
        T::by(
            GROUPS,
            "Replace group attributes",
            false,
            &[S("entra::validator::replace_group_attributes")],
        ),
        T::by(
            GROUPS,
            "Update displayName",
            false,
            &[S("entra::validator::update_group_display_name")],
        ),
        T::by(
            GROUPS,
            "Add member",
            false,
            &[S("entra::validator::add_member")],
        ),
        T::by(
            GROUPS,
            "Remove member",
            false,
            &[S("entra::validator::remove_member")],
        ),
        T::by(
            GROUPS,
            "Delete group",
            false,
            &[S("entra::validator::delete_group")],
        ),
        T::by(
            PREVIEW,
            "Patch with several operations",
            false,
            &[S("entra::validator::preview_multi_operation_patch")],
        ),
        T::by(
            PREVIEW,
            "Delete a non-existent resource",
            false,
            &[S("entra::validator::preview_delete_non_existent")],
        ),
        T::by(
            PREVIEW,
            "Delete twice",
            false,
            &[S("entra::validator::preview_delete_twice")],
        ),
        T::by(
            SERVICE,
            "Test Connection",
            true,
            &[S("entra::flows::test_connection")],
        ),
        T::by(
            SERVICE,
            "Provision a user",
            true,
            &[S("entra::flows::provision_user")],
        ),
        T::by(
            SERVICE,
            "Match an existing user by work email",
            false,
            &[S("entra::flows::match_by_email")],
        ),
        T::by(
            SERVICE,
            "Update attributes, rename userName",
            true,
            &[S("entra::flows::update_attributes")],
        ),
        T::by(
            SERVICE,
            "Disable (unassign, soft delete) and enable",
            true,
            &[S("entra::flows::disable_enable")],
        ),
        T::by(
            SERVICE,
            "Hard delete",
            true,
            &[S("entra::flows::hard_delete")],
        ),
        T::by(
            SERVICE,
            "Manager add, change, remove",
            false,
            &[S("entra::flows::manager")],
        ),
        T::by(
            SERVICE,
            "Groups: create, members, rename, delete",
            false,
            &[S("entra::flows::groups")],
        ),
    ],
};
