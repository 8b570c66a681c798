//! Errors found while parsing YAML into the model, one test per kind: the rendered report names
//! the file and the right `line:column`, shows the offending line, and for typos suggests the
//! intended spelling.

use scimulate::scenario::ErrorKind;

use crate::{errors_of, single_error};

#[test]
fn yaml_syntax_error() {
    let e = single_error("syntax.yaml", 3, 3, &["invalid YAML", "- request:"]);
    assert!(matches!(e.kind(), ErrorKind::Syntax { .. }));
}

#[test]
fn type_error_says_what_was_expected() {
    // serde-saphyr places errors raised while reading a value at its key.
    let e = single_error(
        "type_error.yaml",
        7,
        9,
        &[
            "`steps[0].request.expect.status`",
            "an HTTP status code",
            "status: created",
        ],
    );
    assert!(matches!(e.kind(), ErrorKind::InvalidValue { .. }));
}

fn assert_unknown_key(e: &scimulate::scenario::LoadError, key: &str, suggestion: &str) {
    match e.kind() {
        ErrorKind::UnknownKey {
            key: k,
            suggestion: Some(s),
            ..
        } => {
            assert_eq!(k, key);
            assert_eq!(s, suggestion);
        }
        other => panic!("not an unknown key with a suggestion: {other:?}"),
    }
}

#[test]
fn unknown_top_level_key_suggests_steps() {
    let e = single_error(
        "unknown_key_top.yaml",
        2,
        1,
        &[
            "unknown key `stpes` in the scenario; did you mean `steps`?",
            "stpes:",
        ],
    );
    assert_unknown_key(&e, "stpes", "steps");
}

#[test]
fn unknown_key_in_expect_suggests_status() {
    let e = single_error(
        "unknown_key_expect.yaml",
        7,
        9,
        &[
            "unknown key `staus` in `steps[0].request.expect`; did you mean `status`?",
            "staus: 200",
            "unknown key",
        ],
    );
    assert_unknown_key(&e, "staus", "status");
}

#[test]
fn unknown_key_in_request_suggests_method() {
    let e = single_error(
        "unknown_key_request.yaml",
        7,
        7,
        &[
            "unknown key `methd` in `steps[1].request`; did you mean `method`?",
            "methd: GET",
        ],
    );
    assert_unknown_key(&e, "methd", "method");
}

#[test]
fn unknown_key_in_exchange_suggests_expect() {
    let e = single_error(
        "unknown_key_exchange.yaml",
        6,
        7,
        &["did you mean `expect`?"],
    );
    assert_unknown_key(&e, "expcet", "expect");
}

#[test]
fn unknown_key_in_header_rule_suggests_present() {
    let e = single_error(
        "unknown_key_header_rule.yaml",
        8,
        18,
        &["in `steps[0].request.expect.headers.ETag`; did you mean `present`?"],
    );
    assert_unknown_key(&e, "presnt", "present");
}

#[test]
fn unknown_key_in_identity_suggests_the_camel_case_field() {
    let e = single_error(
        "unknown_key_identity.yaml",
        4,
        5,
        &["in `identities.alice`; did you mean `givenName`?"],
    );
    assert_unknown_key(&e, "givenNme", "givenName");
}

#[test]
fn unknown_step_kind_suggests_request() {
    let e = single_error(
        "unknown_variant_step.yaml",
        3,
        5,
        &["unknown value `reqest` for the kind of `steps[0]`; did you mean `request`?"],
    );
    assert!(
        matches!(e.kind(), ErrorKind::UnknownVariant { suggestion: Some(s), .. } if s == "request")
    );
}

#[test]
fn unknown_auth_value_suggests_none() {
    let e = single_error(
        "unknown_variant_auth.yaml",
        6,
        13,
        &["unknown value `nne` for `steps[0].request.auth`; did you mean `none`?"],
    );
    assert!(matches!(e.kind(), ErrorKind::UnknownVariant { .. }));
}

#[test]
fn duplicate_key() {
    let e = single_error(
        "duplicate_key.yaml",
        8,
        9,
        &[
            "`Accept` appears twice in `steps[0].request.headers`",
            "Accept: application/json",
        ],
    );
    assert!(matches!(e.kind(), ErrorKind::DuplicateKey { .. }));
}

#[test]
fn missing_required_field() {
    let e = single_error(
        "missing_field.yaml",
        4,
        7,
        &["`steps[0].request` is missing the required key `method`"],
    );
    assert!(matches!(e.kind(), ErrorKind::MissingField { field, .. } if field == "method"));
}

#[test]
fn missing_name() {
    let e = single_error(
        "missing_name.yaml",
        1,
        1,
        &["the scenario is missing the required key `name`"],
    );
    assert!(matches!(e.kind(), ErrorKind::MissingField { .. }));
}

#[test]
fn empty_steps() {
    let e = single_error("empty_steps.yaml", 2, 8, &["`steps` is empty", "steps: []"]);
    assert!(matches!(e.kind(), ErrorKind::EmptySteps));
}

#[test]
fn empty_file() {
    let e = errors_of("empty_file.yaml");
    assert_eq!(e.len(), 1);
    let e = &e.errors()[0];
    assert!(matches!(e.kind(), ErrorKind::EmptyFile));
    assert!(
        e.to_string()
            .starts_with("tests/loader/cases/errors/empty_file.yaml:"),
        "{e}"
    );
    assert!(e.to_string().contains("the file is empty"), "{e}");
}

#[test]
fn not_a_mapping() {
    let e = single_error("not_a_mapping.yaml", 1, 1, &["must be a YAML mapping"]);
    assert!(matches!(e.kind(), ErrorKind::NotAMapping));
}

#[test]
fn multiple_documents() {
    let e = single_error(
        "multiple_documents.yaml",
        7,
        1,
        &["put each scenario in its own file"],
    );
    assert!(matches!(e.kind(), ErrorKind::MultipleDocuments));
}

#[test]
fn null_where_a_string_is_required() {
    let e = single_error(
        "null_method.yaml",
        4,
        13,
        &["`steps[0].request.method`", "empty or `null`"],
    );
    assert!(matches!(e.kind(), ErrorKind::InvalidValue { .. }));
}

#[test]
fn yaml_1_1_booleans_are_rejected() {
    let e = single_error(
        "strict_boolean.yaml",
        9,
        22,
        &["write `true` or `false`", "present: yes"],
    );
    assert!(matches!(e.kind(), ErrorKind::InvalidValue { .. }));
}

#[test]
fn two_kinds_in_one_step() {
    let e = single_error(
        "two_kinds_in_one_step.yaml",
        6,
        5,
        &["`steps[0]`", "start the next step with `- request:`"],
    );
    assert!(matches!(e.kind(), ErrorKind::InvalidValue { .. }));
}

#[test]
fn step_that_is_not_a_mapping() {
    let e = single_error(
        "step_not_a_mapping.yaml",
        3,
        5,
        &["`steps[0]`", "a step is `- request: …`"],
    );
    assert!(matches!(e.kind(), ErrorKind::InvalidValue { .. }));
    assert!(!e.render().contains("`auth`"), "{}", e.render());
}

/// Regression: every value that should be a kind got the same hint, about steps and `auth`,
/// so a malformed `okta:` action was told what a step and an `auth:` look like.
#[test]
fn an_okta_action_that_is_not_a_kind_is_told_what_an_action_is() {
    let e = single_error(
        "okta_action_not_a_kind.yaml",
        3,
        11,
        &[
            "`steps[0].okta`",
            "expected an Okta action",
            "`{assign: alice}`",
        ],
    );
    assert!(matches!(e.kind(), ErrorKind::InvalidValue { .. }));
    assert!(!e.render().contains("`auth`"), "{}", e.render());
}

#[test]
fn an_auth_that_is_not_a_kind_is_told_what_auth_is() {
    let e = single_error(
        "auth_not_a_kind.yaml",
        6,
        13,
        &[
            "`steps[0].request.auth`",
            "expected `none` or `{header: …}`",
        ],
    );
    assert!(matches!(e.kind(), ErrorKind::InvalidValue { .. }));
    assert!(!e.render().contains("a step is"), "{}", e.render());
}

#[test]
fn nesting_beyond_the_budget() {
    let e = single_error(
        "too_deep.yaml",
        6,
        73,
        &["too big or too deeply nested to be a scenario"],
    );
    assert!(matches!(e.kind(), ErrorKind::Syntax { .. }));
}
