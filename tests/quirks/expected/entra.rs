//! The quirks of servers that fail Microsoft Entra ID's requests (issue 17), then `slow`, and the
//! scenarios that catch them. `…@flag`: the `entra::` scenario run with `--entra-patch flag`.

use scimulate::server::quirks::Quirk;

use super::EVERY;

pub const EXPECTED: &[(Quirk, &str, &[&str])] = &[
    (
        Quirk::PathlessDottedKeysIgnored,
        r#"givenName: expected "Alicia""#,
        &["entra::flows::update_attributes@flag"],
    ),
    (
        Quirk::PathlessDottedKeysRefused,
        r"got 400 .*Value not valid for attribute 'name\.givenName'",
        &["entra::flows::update_attributes@flag"],
    ),
    (
        Quirk::FilteredValuePathRefused,
        r"invalid attribute path|invalidSyntax",
        &[
            "conformance::patch::replace_filter_without_match_is_no_target",
            "conformance::patch::replace_filtered_sub_attribute",
            "entra::flows::update_attributes",
            "entra::flows::update_attributes@flag",
        ],
    ),
    (
        Quirk::ValuePathFilterUnparsable,
        r"expected 200, actual 400 .*unexpected character '\['",
        &[
            "entra::flows::match_by_email",
            "entra::flows::match_by_email@flag",
        ],
    ),
    (
        Quirk::StringBooleansRefused,
        r"got 400 .*expected value type 'boolean' but found type 'string'",
        &["entra::flows::disable_enable"],
    ),
    (
        Quirk::ActiveTrueRefused,
        r"can only be set to false",
        &[
            "entra::flows::disable_enable",
            "entra::flows::disable_enable@flag",
            "okta::flows::crud_lifecycle",
            "okta::flows::reassign",
            "users::update_deactivate_delete",
        ],
    ),
    (
        Quirk::PlusNotDecodedInQuery,
        r"got 400 .*'(userName|displayName)\+eq\+' is not a valid attribute path",
        &[
            "entra::flows::disable_enable",
            "entra::flows::disable_enable@flag",
            "entra::flows::groups",
            "entra::flows::groups@flag",
            "entra::flows::hard_delete",
            "entra::flows::hard_delete@flag",
            "entra::flows::manager",
            "entra::flows::manager@flag",
            "entra::flows::match_by_email",
            "entra::flows::match_by_email@flag",
            "entra::flows::provision_user",
            "entra::flows::provision_user@flag",
            "entra::flows::test_connection",
            "entra::flows::test_connection@flag",
            "entra::flows::update_attributes",
            "entra::flows::update_attributes@flag",
        ],
    ),
    (
        Quirk::EnterpriseUrnPathInvalid,
        r"got 400 .*unknown attribute path `urn:ietf:params:scim:schemas:extension:enterprise:2\.0:User:manager`",
        &["entra::flows::manager", "entra::flows::manager@flag"],
    ),
    (Quirk::Slow, "\\(timeout\\)", EVERY),
];
