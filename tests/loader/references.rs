//! `${…}` references that would not resolve at run time are load errors, with suggestions.

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
        &["`${bob.email}` in fixture `users/needs_bob.json` at `/emails/0/value` is not defined"],
    );
    assert!(matches!(e.kind(), ErrorKind::UndefinedVariable { .. }));
}
