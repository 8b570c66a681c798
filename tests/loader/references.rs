//! `${…}` references that would not resolve at run time, and matchers that do not exist, are
//! load errors, with suggestions.

use scimulate::scenario::ErrorKind;

use crate::{assert_at, cases, errors_of, single_error};

#[test]
fn every_undefined_reference_in_a_file_is_reported() {
    let errors = errors_of("undefined_variable.yaml");
    assert_eq!(errors.len(), 2, "{}", errors.render());
    let file = cases().join("errors/undefined_variable.yaml");
    assert_at(
        &errors.errors()[0],
        &file,
        9,
        19,
        &[
            "`${alice.username}` names no field of identity `alice`; did you mean `${alice.userName}`?",
        ],
    );
    assert_at(
        &errors.errors()[1],
        &file,
        14,
        20,
        &["`${alice_di}` is not defined; did you mean `alice_id`?"],
    );
    assert!(
        errors
            .errors()
            .iter()
            .all(|e| matches!(e.kind(), ErrorKind::UndefinedVariable { .. }))
    );
}

#[test]
fn variable_used_before_it_is_captured() {
    let e = single_error(
        "used_before_capture.yaml",
        5,
        20,
        &["is used before it is captured (by step 2)"],
    );
    assert!(matches!(e.kind(), ErrorKind::UndefinedVariable { .. }));
}

#[test]
fn malformed_reference() {
    let e = single_error(
        "malformed_reference.yaml",
        7,
        30,
        &["`${alice-name}` is not a valid reference: write `${name}` or `${name.field}`"],
    );
    assert!(matches!(e.kind(), ErrorKind::MalformedReference { .. }));
}

#[test]
fn undefined_reference_inside_a_fixture_names_the_json_pointer() {
    let e = single_error(
        "fixture_undefined_variable.yaml",
        6,
        18,
        &["in fixture `users/needs_bob.json` at `/emails/0/value`: `${bob.email}` is not defined"],
    );
    match e.kind() {
        ErrorKind::InFixture {
            fixture,
            pointer,
            problem,
        } => {
            assert_eq!(fixture, "users/needs_bob.json");
            assert_eq!(pointer, "/emails/0/value");
            assert!(matches!(**problem, ErrorKind::UndefinedVariable { .. }));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn identity_fields_may_only_use_built_ins() {
    let e = single_error(
        "identity_field_reference.yaml",
        4,
        21,
        &["`${alice_id}` cannot be used here: identity fields may only use `${run.tag}`"],
    );
    assert!(matches!(e.kind(), ErrorKind::UndefinedVariable { .. }));
}

#[test]
fn unknown_matcher_in_an_inline_expected_body() {
    let e = single_error(
        "unknown_matcher.yaml",
        9,
        22,
        &[
            "`$datetme` is not a matcher (did you mean `$datetime`?); write `$$datetme` for a literal",
            "created: $datetme",
        ],
    );
    assert!(
        matches!(e.kind(), ErrorKind::UnknownMatcher { suggestion: Some(s), .. } if s == "$datetime")
    );
}

#[test]
fn unknown_matcher_in_an_expected_fixture() {
    let e = single_error(
        "unknown_matcher_fixture.yaml",
        7,
        20,
        &[
            "in fixture `matchers_typo.json` at `/meta/created`: `$datetme` is not a matcher (did you mean `$datetime`?)",
        ],
    );
    assert!(matches!(e.kind(), ErrorKind::InFixture { .. }));
}

#[test]
fn invalid_regex_matcher() {
    let e = single_error(
        "invalid_regex_matcher.yaml",
        9,
        22,
        &["`^W/((` is not a valid regular expression"],
    );
    assert!(matches!(e.kind(), ErrorKind::InvalidRegex { .. }));
}

#[test]
fn misplaced_unordered() {
    let e = single_error(
        "misplaced_unordered.yaml",
        10,
        13,
        &["`$unordered` must be the only key of its object"],
    );
    assert!(matches!(e.kind(), ErrorKind::MisplacedMatcher { .. }));
}

#[test]
fn matchers_in_request_bodies_are_plain_text() {
    let errors = errors_of("request_body_dollar.yaml");
    // Only the undefined reference is an error; `$datetme` in a request body is sent as is.
    assert_eq!(errors.len(), 1, "{}", errors.render());
    assert!(matches!(
        errors.errors()[0].kind(),
        ErrorKind::UndefinedVariable { .. }
    ));
}
