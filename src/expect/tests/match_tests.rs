use serde_json::{Value, json};

use crate::expect::{Mismatch, match_json};
use crate::scenario::model::MatchMode::{Exact, Subset};

fn mm(path: &str, expected: &str, actual: &str) -> Mismatch {
    Mismatch {
        path: path.into(),
        expected: expected.into(),
        actual: actual.into(),
    }
}

fn subset(expected: Value, actual: Value) -> Vec<Mismatch> {
    match_json(&expected, &actual, Subset).mismatches
}

fn exact(expected: Value, actual: Value) -> Vec<Mismatch> {
    match_json(&expected, &actual, Exact).mismatches
}

#[test]
fn each_matcher_matches_and_reports() {
    let ok = json!({"a": "x", "s": "", "ne": [1], "n": 2.5, "d": "2024-01-02T03:04:05Z",
        "r": "abc-123", "any": null});
    let expected = json!({"a": "$any", "s": "$string", "ne": "$nonempty", "n": "$number",
        "d": "$datetime", "r": "$regex:[a-z]+-\\d+", "any": "$any", "gone": "$absent"});
    assert_eq!(subset(expected.clone(), ok), vec![]);

    let bad = json!({"a": 1, "s": 1, "ne": "", "n": "2", "d": "2024-01-02",
        "r": "ABC", "gone": true});
    assert_eq!(
        subset(expected, bad),
        vec![
            mm("s", "a string", "1"),
            mm("ne", "a non-empty value", r#""""#),
            mm("n", "a number", r#""2""#),
            mm("d", "a datetime", r#""2024-01-02""#),
            mm("r", r"a string matching /[a-z]+-\d+/", r#""ABC""#),
            mm("any", "any value", "missing"),
            mm("gone", "absent", "true"),
        ]
    );
}

#[test]
fn escaped_dollar_is_literal() {
    assert_eq!(subset(json!({"p": "$$5"}), json!({"p": "$5"})), vec![]);
    assert_eq!(
        subset(json!({"p": "$$5"}), json!({"p": "$$5"})),
        vec![mm("p", r#""$5""#, r#""$$5""#)]
    );
}

#[test]
fn unknown_matcher_never_matches_even_its_own_text() {
    assert_eq!(
        subset(json!({"x": "$nope"}), json!({"x": "$nope"})),
        vec![mm("x", "the unknown matcher `$nope`", r#""$nope""#)]
    );
}

#[test]
fn absent_in_both_modes() {
    for mode in [Subset, Exact] {
        let e = json!({"id": "1", "password": "$absent"});
        assert!(
            match_json(&e, &json!({"id": "1"}), mode).is_match(),
            "{mode:?}"
        );
        assert_eq!(
            match_json(&e, &json!({"id": "1", "password": "x"}), mode).mismatches,
            vec![mm("password", "absent", r#""x""#)],
            "{mode:?}"
        );
    }
}

#[test]
fn subset_allows_extra_keys_exact_does_not() {
    let e = json!({"userName": "bjensen", "name": {"givenName": "Barbara"}});
    let a = json!({"userName": "bjensen", "active": true,
        "name": {"givenName": "Barbara", "familyName": "Jensen"}});
    assert_eq!(subset(e.clone(), a.clone()), vec![]);
    assert_eq!(
        exact(e, a),
        vec![
            mm("name.familyName", "absent", r#""Jensen""#),
            mm("active", "absent", "true"),
        ]
    );
}

#[test]
fn keys_are_case_sensitive_and_numbers_compare_by_value() {
    assert_eq!(
        subset(json!({"userName": "a"}), json!({"username": "a"})),
        vec![mm("userName", r#""a""#, "missing")]
    );
    assert_eq!(subset(json!({"n": 1}), json!({"n": 1.0})), vec![]);
    assert_eq!(subset(json!({"n": -3}), json!({"n": -3.0})), vec![]);
    assert_eq!(
        subset(json!({"n": 1}), json!({"n": 2})),
        vec![mm("n", "1", "2")]
    );
    assert_eq!(
        subset(json!({"n": 1}), json!({"n": "1"})),
        vec![mm("n", "1", r#""1""#)]
    );
    assert_eq!(
        subset(json!({"b": true}), json!({"b": null})),
        vec![mm("b", "true", "null")]
    );
}

#[test]
fn ordered_arrays_need_same_length_and_order() {
    assert_eq!(
        subset(json!({"schemas": ["a", "b"]}), json!({"schemas": ["a"]})),
        vec![mm("schemas", "2 elements", "1 element")]
    );
    assert_eq!(
        subset(
            json!({"schemas": ["a", "b"]}),
            json!({"schemas": ["b", "a"]})
        ),
        vec![
            mm("schemas[0]", r#""a""#, r#""b""#),
            mm("schemas[1]", r#""b""#, r#""a""#)
        ]
    );
    // Subset mode applies to objects inside arrays, not to the arrays' lengths.
    assert_eq!(
        subset(json!([{"a": 1}]), json!([{"a": 1, "b": 2}, {"a": 3}])),
        vec![mm("$", "1 element", "2 elements")]
    );
    assert_eq!(subset(json!([{"a": 1}]), json!([{"a": 1, "b": 2}])), vec![]);
}

#[test]
fn nested_paths_in_messages() {
    let e = json!({"emails": [{"value": "a@x"}, {"value": "b@x", "primary": true}],
        "meta": {"location": "$regex:/Users/", "resourceType": "User"},
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "m"}},
        "odd key": 1});
    let a = json!({"emails": [{"value": "a@x"}, {"value": "b@x", "primary": false}],
        "meta": {"location": "http://h/Groups/1", "resourceType": "User"},
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {}},
        "odd key": 2});
    assert_eq!(
        subset(e, a),
        vec![
            mm("emails[1].primary", "true", "false"),
            mm(
                "meta.location",
                "a string matching //Users//",
                r#""http://h/Groups/1""#
            ),
            mm(
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.manager.value",
                r#""m""#,
                "missing"
            ),
            mm(r#"["odd key"]"#, "1", "2"),
        ]
    );
}

#[test]
fn root_and_type_mismatches() {
    assert_eq!(
        subset(json!({"a": 1}), json!([1])),
        vec![mm("$", "an object", "[1]")]
    );
    assert_eq!(
        subset(json!([1]), json!({"a": 1})),
        vec![mm("$", "an array", r#"{"a":1}"#)]
    );
    assert_eq!(subset(json!("$string"), json!("x")), vec![]);
}

#[test]
fn long_values_are_truncated_in_messages() {
    let long = "x".repeat(200);
    let got = subset(json!({"a": "y"}), json!({"a": long}));
    assert_eq!(got[0].actual.chars().count(), 80);
    assert!(got[0].actual.ends_with('…'));
    assert_eq!(
        got[0].to_string(),
        format!("a: expected \"y\", actual \"{}…", "x".repeat(78))
    );
}

#[test]
fn unordered_pairs_in_any_order() {
    let e = json!({"emails": {"$unordered": [{"type": "home"}, {"type": "work"}]}});
    let a = json!({"emails": [{"type": "work", "value": "w"}, {"type": "home", "value": "h"}]});
    assert_eq!(subset(e.clone(), a.clone()), vec![]);
    // Exact mode: the elements' own extra keys are not allowed either.
    assert_eq!(
        exact(e, a),
        vec![
            mm("emails[0].value", "absent", r#""w""#),
            mm("emails[1].value", "absent", r#""h""#)
        ]
    );
}

#[test]
fn unordered_needs_backtracking() {
    // Greedy in order would give the broad {type: work} the only element with value "a".
    let e = json!({"$unordered": [{"type": "work"}, {"type": "work", "value": "a"}]});
    let a = json!([{"type": "work", "value": "a"}, {"type": "work", "value": "b"}]);
    assert_eq!(subset(e, a), vec![]);

    let e = json!({"$unordered": ["$regex:^a", "ab", "$string"]});
    assert_eq!(exact(e, json!(["ab", "x", "ac"])), vec![]);
}

#[test]
fn unordered_extra_elements_only_in_subset_mode() {
    let e = json!({"$unordered": [{"value": "b"}]});
    let a = json!([{"value": "a"}, {"value": "b"}]);
    assert_eq!(subset(e.clone(), a.clone()), vec![]);
    assert_eq!(
        exact(e, a),
        vec![mm("[0]", "no such element", r#"{"value":"a"}"#)]
    );
}

#[test]
fn only_admits_no_extra_element_in_either_mode() {
    let e = json!({"members": {"$only": [{"value": "a"}, {"value": "c"}]}});
    let a = json!({"members": [{"value": "c", "type": "User"}, {"value": "a"}]});
    assert_eq!(subset(e.clone(), a), vec![]);
    // A removal that removed nothing: `b` is still there.
    let stale = json!({"members": [{"value": "a"}, {"value": "b"}, {"value": "c"}]});
    assert_eq!(
        subset(e.clone(), stale.clone()),
        vec![mm("members[1]", "no such element", r#"{"value":"b"}"#)]
    );
    assert_eq!(
        exact(e.clone(), stale),
        vec![mm("members[1]", "no such element", r#"{"value":"b"}"#)]
    );
    assert_eq!(
        subset(e, json!({"members": [{"value": "a"}]})),
        vec![mm("members", r#"an element like {"value":"c"}"#, "missing")]
    );
    assert_eq!(subset(json!({"$only": []}), json!([])), vec![]);
}

#[test]
fn unordered_reports_the_nearest_candidate() {
    let e = json!({"members": {"$unordered": [
        {"value": "1", "display": "Ann"},
        {"value": "2", "display": "Bob"},
    ]}});
    let a = json!({"members": [
        {"value": "2", "display": "Bobby"},
        {"value": "1", "display": "Ann"},
    ]});
    assert_eq!(
        subset(e, a),
        vec![mm("members[0].display", r#""Bob""#, r#""Bobby""#)]
    );

    let e = json!({"$unordered": [{"value": "1"}, {"value": "2"}]});
    assert_eq!(
        subset(e, json!([{"value": "2"}])),
        vec![mm("$", r#"an element like {"value":"1"}"#, "missing")]
    );
}

#[test]
fn unordered_against_non_array() {
    assert_eq!(
        subset(json!({"$unordered": [1]}), json!({"a": 1})),
        vec![mm("$", "an array", r#"{"a":1}"#)]
    );
}

#[test]
fn unordered_large_arrays_stay_fast() {
    let n = 500;
    let e = json!({"$unordered": (0..n).rev().map(|i| json!({"value": i.to_string()})).collect::<Vec<_>>()});
    let a = Value::Array(
        (0..n)
            .map(|i| json!({"value": i.to_string(), "x": 1}))
            .collect(),
    );
    assert!(match_json(&e, &a, Subset).is_match());
}

#[test]
fn not_matches_what_its_inner_value_does_not() {
    let expected = json!({"lastModified": {"$not": "2024-01-01T00:00:00Z"}, "id": {"$not": "$regex:^client-"}});
    assert_eq!(
        subset(
            expected.clone(),
            json!({"lastModified": "2024-01-01T00:00:01Z", "id": "a1"})
        ),
        vec![]
    );
    assert_eq!(
        subset(
            expected.clone(),
            json!({"lastModified": "2024-01-01T00:00:00Z", "id": "client-7"})
        ),
        vec![
            mm(
                "lastModified",
                r#"anything but "2024-01-01T00:00:00Z""#,
                r#""2024-01-01T00:00:00Z""#
            ),
            mm(
                "id",
                "anything but a string matching /^client-/",
                r#""client-7""#
            ),
        ]
    );
    // The key must be there, as for any expected value.
    assert_eq!(
        subset(json!({"x": {"$not": 1}}), json!({})),
        vec![mm("x", r#"{"$not":1}"#, "missing")]
    );
    // An object: compared in the run's mode, so an exact `$not` refuses only that very object.
    assert_eq!(
        subset(
            json!({"m": {"$not": {"a": 1}}}),
            json!({"m": {"a": 1, "b": 2}})
        )
        .len(),
        1
    );
    assert_eq!(
        exact(
            json!({"m": {"$not": {"a": 1}}}),
            json!({"m": {"a": 1, "b": 2}})
        ),
        vec![]
    );
}
