//! The quirks of the conformance scenarios (issue 16), and the scenarios that catch them.

use scimulate::server::quirks::Quirk;

pub const EXPECTED: &[(Quirk, &str, &[&str])] = &[
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
        Quirk::FilteredRemoveIgnored,
        "expected no such element",
        &[
            "conformance::patch::remove_member_by_filter",
            "conformance::patch::remove_value_by_filter",
            "entra::flows::groups@flag",
            "entra::validator::remove_member@flag",
            "okta::flows::group_push",
        ],
    ),
    (
        Quirk::EmptyMembersReplaceRefused,
        "400 \\(server said: \"?Required sub-attribute",
        &[
            "conformance::patch::replace_members_with_empty_list",
            "okta::flows::group_push_emptied",
        ],
    ),
    (
        Quirk::EntraRemoveClearsMembers,
        "members: expected .*, actual missing",
        &[
            "entra::flows::groups",
            "entra::validator::remove_member",
            "groups::entra_member_remove",
        ],
    ),
    (
        Quirk::RemoveWithoutPath500,
        "expected 400, actual 500",
        &["conformance::patch::remove_without_path_is_no_target"],
    ),
    (
        Quirk::PatchNotAtomic,
        "the displayName is the one from before: body: displayName: expected",
        &["conformance::patch::atomic"],
    ),
    (
        Quirk::ReplaceNoMatchIgnored,
        "expected 400, actual 200",
        &["conformance::patch::replace_filter_without_match_is_no_target"],
    ),
    (
        Quirk::InvalidPathIgnored,
        "expected 400, actual 200",
        &["conformance::errors::invalid_path"],
    ),
    (
        Quirk::AddReplacesMultiValued,
        "expected an element like .*, actual missing",
        &[
            "conformance::patch::add_multi_valued_appends",
            "entra::flows::groups",
            "entra::flows::groups@flag",
            "entra::validator::add_member",
            "entra::validator::add_member@flag",
            "okta::flows::group_push",
        ],
    ),
    (
        Quirk::ReplaceComplexDropsSubAttributes,
        "name\\.familyName: expected .*, actual missing",
        &["conformance::patch::replace_complex_keeps_sub_attributes"],
    ),
    (
        Quirk::FilteredReplaceDropsOthers,
        "emails: expected an element like .*, actual missing",
        &["conformance::patch::replace_filtered_sub_attribute"],
    ),
    (
        Quirk::RemoveLeavesEmptyString,
        "nickName: expected absent, actual \"\"",
        &["conformance::patch::remove_single_valued"],
    ),
    (
        Quirk::RemoveRequiredIgnored,
        "expected 400, actual 200",
        &["conformance::patch::remove_required_is_mutability"],
    ),
    (
        Quirk::Patch200WithoutBody,
        "the response body is not JSON: \\(empty\\)",
        &["conformance::patch::success_is_the_resource_or_204"],
    ),
    (Quirk::PatchConflict500, "$^", &[]),
    (
        Quirk::ErrorPagesNotScim,
        "the response body is not JSON: \"(404|405|501) ",
        &[
            "conformance::errors::method_not_allowed",
            "conformance::errors::not_implemented",
            "conformance::errors::unknown_endpoint",
        ],
    ),
    (
        Quirk::UnparsableBody500,
        "expected 400, actual 500",
        &["conformance::errors::invalid_syntax"],
    ),
    (
        Quirk::DiscoveryWithoutTotalResults,
        "totalResults: expected a number, actual missing",
        &[
            "conformance::discovery::resource_types_list_response",
            "conformance::discovery::schemas_list_response",
        ],
    ),
    (
        Quirk::ResourceTypeEndpointAbsolute,
        "endpoint: expected a string matching .*actual \"/scim/v2/Users\"",
        &["conformance::discovery::resource_type_endpoint_relative"],
    ),
    (
        Quirk::SchemaByUriNotServed,
        "expected 200, actual 404",
        &["conformance::discovery::schema_by_uri"],
    ),
    (
        Quirk::DiscoveryFilterMatchesNothing,
        "expected 403, actual 200",
        &["conformance::discovery::filter_is_refused_or_ignored"],
    ),
    (
        Quirk::DiscoveryPaginated,
        "Resources\\[0\\]\\.id: expected \"urn:ietf:params:scim:schemas:core:2.0:User\"",
        &["conformance::discovery::pagination_ignored"],
    ),
    (
        Quirk::CreateKeepsClientId,
        "readable under the id the create answered: status: expected 200, actual 404|id: expected anything but",
        &[
            "conformance::discovery::read_only_id_ignored",
            "conformance::resources::readonly_attributes_ignored_on_create",
        ],
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
            "entra::validator::filter_existing_group",
            "entra::validator::filter_existing_group@flag",
            "entra::validator::get_group_by_id_excluding_members",
            "entra::validator::get_group_by_id_excluding_members@flag",
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
        &[
            "conformance::filter::case_insensitive_sub_attribute",
            "entra::validator::filter_existing_group_different_case",
            "entra::validator::filter_existing_group_different_case@flag",
        ],
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
    (
        Quirk::EmptyStringsForUnset,
        "expected absent, actual \"\"",
        &["conformance::patch::remove_single_valued"],
    ),
    (
        Quirk::PostToIdCreates,
        r"expected one of .*, actual 201",
        &["conformance::resources::post_to_a_resource_creates_nothing"],
    ),
    (
        Quirk::CreateKeepsClientMeta,
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
    (
        Quirk::BulkStatusAsNumber,
        r"Operations\[0\]\.status: expected .*, actual 20?1|Operations\[0\]\.status: expected a string matching .*, actual 409",
        &[
            "conformance::bulk::create_reports_status_and_location",
            "conformance::bulk::error_reported_in_its_operation",
        ],
    ),
    (
        Quirk::BulkIdNotResolved,
        r"members: expected .*, actual missing",
        &["conformance::bulk::bulk_id_reference_resolved"],
    ),
    (
        Quirk::BulkIgnoresFailOnErrors,
        r"totalResults: expected 0, actual 1",
        &["conformance::bulk::fail_on_errors_stops"],
    ),
    (
        Quirk::BulkFailsWholeOnOneError,
        r"expected 200, actual 409",
        &["conformance::bulk::error_reported_in_its_operation"],
    ),
];
