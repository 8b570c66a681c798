//! Errors found by the checks after parsing (fixtures, methods, paths, headers, regexes, captures,
//! names, statuses), one test per kind, each at its file's `line:column`.

use scimulate::scenario::ErrorKind;

use crate::{errors_of, single_error};

#[test]
fn empty_name() {
    let e = single_error("empty_name.yaml", 1, 7, &["`name` is empty"]);
    assert!(matches!(e.kind(), ErrorKind::EmptyName));
}

#[test]
fn missing_request_fixture_points_at_body_file() {
    let e = single_error(
        "fixture_missing.yaml",
        6,
        18,
        &[
            "fixture `users/nobody.json` not found",
            "tests/loader/cases/fixtures/users/nobody.json",
            "body_file: users/nobody.json",
        ],
    );
    assert!(matches!(e.kind(), ErrorKind::FixtureNotFound { .. }));
}

#[test]
fn missing_expected_fixture_points_at_body_file() {
    let e = single_error(
        "fixture_missing_expect.yaml",
        8,
        20,
        &["fixture `users/nobody.json` not found"],
    );
    assert!(matches!(e.kind(), ErrorKind::FixtureNotFound { .. }));
}

#[test]
fn invalid_json_fixture_points_into_the_json() {
    let errors = errors_of("fixture_invalid_json.yaml");
    assert_eq!(errors.len(), 1, "{}", errors.render());
    let e = &errors.errors()[0];
    let json = crate::cases().join("fixtures/broken.json");
    crate::assert_at(
        e,
        &json,
        4,
        16,
        &[
            "not valid JSON",
            "\"active\": tru",
            "used at tests/loader/cases/errors/fixture_invalid_json.yaml:6:18",
        ],
    );
    assert!(matches!(e.kind(), ErrorKind::FixtureInvalidJson { .. }));
}

#[test]
fn fixture_outside_the_fixtures_directory() {
    let e = single_error(
        "fixture_outside.yaml",
        6,
        18,
        &["must be a relative path inside the fixtures directory"],
    );
    assert!(matches!(e.kind(), ErrorKind::FixtureOutside { .. }));
}

#[test]
fn body_and_body_file() {
    let e = single_error(
        "body_and_body_file.yaml",
        7,
        7,
        &["`steps[0].request` has both `body` and `body_file`; keep one of them"],
    );
    assert!(matches!(e.kind(), ErrorKind::BodyAndBodyFile { .. }));
}

#[test]
fn expected_body_and_body_file() {
    let e = single_error(
        "expect_body_and_body_file.yaml",
        8,
        9,
        &["`steps[0].request.expect` has both `body` and `body_file`"],
    );
    assert!(matches!(e.kind(), ErrorKind::BodyAndBodyFile { .. }));
}

#[test]
fn invalid_method() {
    let e = single_error(
        "invalid_method.yaml",
        4,
        15,
        &["`GET ALL` is not an HTTP method", "method: GET ALL"],
    );
    assert!(matches!(e.kind(), ErrorKind::InvalidMethod { .. }));
}

#[test]
fn path_without_leading_slash() {
    let e = single_error(
        "invalid_path.yaml",
        5,
        13,
        &["the path `Users` must start with `/`"],
    );
    assert!(matches!(e.kind(), ErrorKind::InvalidPath { .. }));
}

#[test]
fn invalid_request_header_name() {
    let e = single_error(
        "invalid_header_name.yaml",
        7,
        9,
        &["`X Request Id` is not a valid header name"],
    );
    assert!(matches!(e.kind(), ErrorKind::InvalidHeaderName { .. }));
}

#[test]
fn invalid_expected_header_name() {
    let e = single_error(
        "invalid_expected_header_name.yaml",
        8,
        11,
        &["`ETag:` is not a valid header name"],
    );
    assert!(matches!(e.kind(), ErrorKind::InvalidHeaderName { .. }));
}

#[test]
fn header_value_with_line_break() {
    let e = single_error(
        "invalid_header_value.yaml",
        7,
        17,
        &["header `X-Note` contains a line break"],
    );
    assert!(matches!(e.kind(), ErrorKind::InvalidHeaderValue { .. }));
}

#[test]
fn invalid_regex_in_header_check() {
    let e = single_error(
        "invalid_regex.yaml",
        9,
        22,
        &[
            "`W/\"[0-9+` is not a valid regular expression",
            "unclosed character class",
        ],
    );
    assert!(matches!(e.kind(), ErrorKind::InvalidRegex { .. }));
}

#[test]
fn invalid_capture_source() {
    let e = single_error(
        "invalid_capture.yaml",
        7,
        19,
        &[
            "capture `alice_id: response.id` does not start with `body.` or `header.`",
            "write `body.<path>`",
        ],
    );
    assert!(matches!(e.kind(), ErrorKind::InvalidCapture { .. }));
}

#[test]
fn identity_name_that_is_not_an_identifier() {
    let e = single_error(
        "invalid_identity_name.yaml",
        3,
        3,
        &["`alice-smith` is not a valid identity name"],
    );
    assert!(matches!(
        e.kind(),
        ErrorKind::InvalidIdentifier {
            kind: "identity",
            ..
        }
    ));
}

#[test]
fn capture_name_that_is_not_an_identifier() {
    let e = single_error(
        "invalid_capture_name.yaml",
        7,
        9,
        &["`first.id` is not a valid capture name"],
    );
    assert!(matches!(
        e.kind(),
        ErrorKind::InvalidIdentifier {
            kind: "capture",
            ..
        }
    ));
}

#[test]
fn reserved_identity_name() {
    let e = single_error(
        "reserved_name.yaml",
        3,
        3,
        &["`run` is reserved for the built-in variables"],
    );
    assert!(matches!(e.kind(), ErrorKind::ReservedName { .. }));
}

#[test]
fn capture_named_like_an_identity() {
    let e = single_error(
        "capture_shadows_identity.yaml",
        9,
        9,
        &["capture `alice` has the same name as an identity"],
    );
    assert!(matches!(e.kind(), ErrorKind::CaptureShadowsIdentity { .. }));
}

#[test]
fn status_out_of_range() {
    let e = single_error(
        "invalid_status.yaml",
        7,
        23,
        &["`99` is not an HTTP status code"],
    );
    assert!(matches!(e.kind(), ErrorKind::InvalidStatus { status: 99 }));
}

#[test]
fn empty_status_list() {
    let e = single_error(
        "empty_status_list.yaml",
        7,
        17,
        &["accepts no response at all"],
    );
    assert!(matches!(e.kind(), ErrorKind::EmptyStatusList));
}

#[test]
fn header_check_that_checks_nothing() {
    let e = single_error(
        "header_check_empty.yaml",
        8,
        17,
        &["the check for header `ETag` checks nothing"],
    );
    assert!(matches!(e.kind(), ErrorKind::InvalidHeaderCheck { .. }));
}

#[test]
fn header_check_that_contradicts_itself() {
    let e = single_error(
        "header_check_contradiction.yaml",
        8,
        27,
        &["keep `present: false` alone"],
    );
    assert!(matches!(e.kind(), ErrorKind::InvalidHeaderCheck { .. }));
}

#[test]
fn a_warning_needs_a_reason() {
    let errors = errors_of("warning_without_reason.yaml");
    let errors = errors.into_errors();
    assert_eq!(errors.len(), 2, "a header rule and an alternative");
    let file = crate::cases()
        .join("errors")
        .join("warning_without_reason.yaml");
    crate::assert_at(
        &errors[0],
        &file,
        9,
        19,
        &["`level: warn` without a `reason`"],
    );
    crate::assert_at(
        &errors[1],
        &file,
        12,
        20,
        &["`level: warn` without a `reason`"],
    );
    for e in &errors {
        assert!(matches!(e.kind(), ErrorKind::WarningWithoutReason));
    }
}
