use serde_json::{Value, json};

use crate::expect::{bless, bless_merge, match_json, resolve_references, validate_expected};
use crate::scenario::model::MatchMode::{Exact, Subset};

const ID: &str = "2819c223-7f76-453a-919d-413861904646";
const BASE: &str = "http://127.0.0.1:1234/scim/v2";

fn vars() -> Vec<(String, String)> {
    vec![
        ("target.base_url".into(), BASE.into()),
        ("alice_id".into(), ID.into()),
        ("alice.userName".into(), "alice@example.com".into()),
        ("empty".into(), String::new()),
    ]
}

fn response() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": ID,
        "externalId": "ext-17",
        "userName": "alice@example.com",
        "name": {"givenName": "Alice", "familyName": "Smith"},
        "emails": [{"value": "alice@example.com", "primary": true}],
        "groups": [{"value": "6c5bb468-14b2-4183-baf2-06d523e03bd3", "display": "Admins"}],
        "price": "$5",
        "active": true,
        "meta": {
            "resourceType": "User",
            "created": "2024-05-01T10:00:00.123Z",
            "lastModified": "2024-05-01T10:00:00+02:00",
            "version": "3",
            "location": format!("{BASE}/Users/{ID}")
        }
    })
}

#[test]
fn bless_writes_volatile_values_as_references_and_matchers() {
    let blessed = bless(&response(), &vars());
    assert_eq!(
        blessed,
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "id": "${alice_id}",
            "externalId": "ext-17",
            "userName": "${alice.userName}",
            "name": {"givenName": "Alice", "familyName": "Smith"},
            "emails": [{"value": "${alice.userName}", "primary": true}],
            "groups": [{"value": "$regex:^[0-9a-f-]{36}$", "display": "Admins"}],
            "price": "$$5",
            "active": true,
            "meta": {
                "resourceType": "User",
                "created": "$datetime",
                "lastModified": "$datetime",
                "version": "$nonempty",
                "location": "${target.base_url}/Users/${alice_id}"
            }
        })
    );
    assert_eq!(
        validate_expected(&resolve_references(&blessed, &vars())),
        Ok(())
    );
}

#[test]
fn bless_without_variables_uses_shape_matchers() {
    let blessed = bless(&response(), &[]);
    assert_eq!(blessed["id"], json!("$regex:^[0-9a-f-]{36}$"));
    assert_eq!(blessed["userName"], json!("alice@example.com"));
    assert_eq!(
        blessed["meta"]["location"],
        json!(r"$regex:^http://127\.0\.0\.1:1234/scim/v2/Users/[0-9a-f-]{36}$")
    );
    let non_uuid = bless(
        &json!({"id": "42", "x": {"id": ""}, "etag": "W/\"abc\""}),
        &[],
    );
    assert_eq!(
        non_uuid,
        json!({"id": "$nonempty", "x": {"id": ""}, "etag": "$nonempty"})
    );
}

#[test]
fn bless_keeps_a_uuid_in_a_url_volatile_next_to_a_variable() {
    let vars = vec![("target.base_url".to_owned(), BASE.to_owned())];
    let blessed = bless(&response(), &vars);
    assert_eq!(
        blessed["meta"]["location"],
        json!("$regex:^${target.base_url}/Users/[0-9a-f-]{36}$")
    );
    let resolved = resolve_references(&blessed, &vars);
    assert!(match_json(&resolved, &response(), Exact).is_match());
}

#[test]
fn bless_prefers_the_longest_variable_and_ignores_short_substrings() {
    let vars = vec![
        ("host".to_owned(), "http://127.0.0.1:1234".to_owned()),
        ("base".to_owned(), BASE.to_owned()),
        ("n".to_owned(), "17".to_owned()),
    ];
    let blessed = bless(
        &json!({"a": format!("{BASE}/x"), "b": "ext-17", "c": "17"}),
        &vars,
    );
    assert_eq!(
        blessed,
        json!({"a": "${base}/x", "b": "ext-17", "c": "${n}"})
    );
}

#[test]
fn blessed_fixture_round_trips_and_still_catches_a_changed_user_name() {
    let blessed = bless(&response(), &vars());
    let expected = resolve_references(&blessed, &vars());
    for mode in [Subset, Exact] {
        assert!(
            match_json(&expected, &response(), mode).is_match(),
            "{mode:?}"
        );
    }
    // A later run: new timestamps and version, same ids.
    let mut later = response();
    later["meta"]["created"] = json!("2025-01-01T00:00:00Z");
    later["meta"]["version"] = json!("W/\"9\"");
    later["groups"][0]["value"] = json!("00000000-0000-4000-8000-000000000000");
    assert!(match_json(&expected, &later, Exact).is_match());

    let mut renamed = response();
    renamed["userName"] = json!("bob@example.com");
    let verdict = match_json(&expected, &renamed, Subset);
    assert_eq!(
        verdict.to_string(),
        "userName: expected \"alice@example.com\", actual \"bob@example.com\"\n"
    );
}

#[test]
fn bless_merge_keeps_matchers_that_still_match_and_takes_the_rest() {
    let previous = json!({
        "id": "${alice_id}",
        "userName": "$string",
        "displayName": "$regex:^Alice",
        "name": {"givenName": "Alice", "familyName": "Smyth"},
        "emails": {"$unordered": [{"value": "$string", "primary": true}]},
        "password": "$absent",
        "nickName": "$absent",
        "title": "gone from the response",
        "meta": {"created": "$datetime", "version": "$nonempty"}
    });
    let mut actual = response();
    actual["displayName"] = json!("Bob");
    actual["password"] = json!("x");
    actual["emails"] = json!([{"value": "a@x", "primary": false}, {"value": "alice@example.com", "primary": true}]);
    let merged = bless_merge(&previous, &actual, &vars());
    assert_eq!(
        merged,
        json!({
            "id": "${alice_id}",
            "userName": "$string",
            "displayName": "Bob",
            "name": {"givenName": "Alice", "familyName": "Smith"},
            "emails": {"$unordered": [
                {"value": "$string", "primary": true},
                {"value": "a@x", "primary": false}
            ]},
            "password": "x",
            "nickName": "$absent",
            "meta": {
                "created": "$datetime",
                "version": "$nonempty",
                "resourceType": "User",
                "lastModified": "$datetime",
                "location": "${target.base_url}/Users/${alice_id}"
            },
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "externalId": "ext-17",
            "groups": [{"value": "$regex:^[0-9a-f-]{36}$", "display": "Admins"}],
            "price": "$$5",
            "active": true
        })
    );
    let expected = resolve_references(&merged, &vars());
    assert!(match_json(&expected, &actual, Exact).is_match());
}

#[test]
fn resolve_references_leaves_unknown_names() {
    let vars = vec![("a".to_owned(), "1".to_owned())];
    assert_eq!(
        resolve_references(&json!(["${a}/${b}", "${a", {"k": "x${a}y"}]), &vars),
        json!(["1/${b}", "${a", {"k": "x1y"}])
    );
}

#[test]
fn bless_merge_keeps_only_as_only() {
    let previous = json!({"members": {"$only": [{"value": "$string"}]}});
    let actual = json!({"members": [{"value": "a"}, {"value": "b"}]});
    let merged = bless_merge(&previous, &actual, &[]);
    assert_eq!(
        merged,
        json!({"members": {"$only": [{"value": "$string"}, {"value": "b"}]}})
    );
    assert!(match_json(&merged, &actual, Subset).is_match());
    for actual in [json!({"$only": [1]}), json!({"$only": [1], "k": 2})] {
        let blessed = bless(&actual, &[]);
        assert!(validate_expected(&blessed).is_ok(), "{blessed}");
        assert!(match_json(&blessed, &actual, Exact).is_match(), "{blessed}");
    }
}

/// Found by the `fixture_matcher` fuzz check: a response object with a `$unordered` key was kept
/// as is, so it read back as the matcher (which never matches an object), or, with a second key
/// or no list, as a misplaced matcher that fails validation.
#[test]
fn bless_of_an_object_with_an_unordered_key_still_matches_it() {
    for actual in [
        json!({"$unordered": [1]}),
        json!({"x": {"$unordered": []}}),
        json!([{"$unordered": [{"a": "b"}]}]),
        json!({"$unordered": "$any"}),
        json!({"$unordered": [1], "k": 2}),
    ] {
        let blessed = bless(&actual, &[]);
        assert!(validate_expected(&blessed).is_ok(), "{blessed}");
        assert!(
            match_json(&blessed, &actual, Exact).is_match(),
            "{actual} blessed as {blessed}"
        );
    }
    // Other `$` keys are ordinary keys, kept as they are.
    let plain = json!({"$ref": "x", "k": {"$unordered_not": 2}});
    assert_eq!(bless(&plain, &[]), plain);
}

/// Regression (a third finding of the `fixture_matcher` fuzz target): re-blessing an existing
/// fixture against such an object added its `$unordered` key beside the others, key by key.
#[test]
fn bless_merge_of_an_object_with_an_unordered_key_still_matches_it() {
    let previous = json!({"userName": "plain"});
    for actual in [
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "$unordered": [0, {"a": "$any"}]}),
        json!({"$unordered": [1]}),
    ] {
        let blessed = bless_merge(&previous, &actual, &[]);
        assert!(validate_expected(&blessed).is_ok(), "{blessed}");
        assert!(
            match_json(&blessed, &actual, Exact).is_match(),
            "{actual} re-blessed as {blessed}"
        );
    }
}

/// `$not` keys in a response are blessed like `$unordered` ones: never left to read as a matcher.
#[test]
fn bless_of_an_object_with_a_not_key_still_matches_it() {
    for actual in [json!({"$not": 1}), json!({"x": {"$not": [1], "k": 2}})] {
        let blessed = bless(&actual, &[]);
        assert!(validate_expected(&blessed).is_ok(), "{blessed}");
        assert!(match_json(&blessed, &actual, Exact).is_match(), "{blessed}");
        let merged = bless_merge(&json!({"x": {"k": 2}}), &actual, &[]);
        assert!(validate_expected(&merged).is_ok(), "{merged}");
        assert!(match_json(&merged, &actual, Exact).is_match(), "{merged}");
    }
    // A `$not` that still holds is kept; one that no longer holds becomes the value.
    let previous = json!({"title": {"$not": "Intern"}});
    assert_eq!(
        bless_merge(&previous, &json!({"title": "Boss"}), &[]),
        previous
    );
    assert_eq!(
        bless_merge(&previous, &json!({"title": "Intern"}), &[]),
        json!({"title": "Intern"})
    );
}
