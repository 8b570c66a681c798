//! Sort keys and sort order.

use std::cmp::Ordering;

use serde_json::{Value, json};

use super::{obj, path};
use crate::server::error::ScimType;
use crate::server::filter::{compare_for_sort, parse_attr_path, sort_attribute, sort_key};
use crate::server::schema::{AttrType, AttributeDef, REGISTRY};

const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

#[test]
fn sort_key_picks_primary_then_first() {
    let user = &REGISTRY.user;
    let r = obj(json!({
        "userName": "ada",
        "name": {"familyName": "Lovelace"},
        "emails": [
            {"value": "b@x", "type": "home"},
            {"value": "a@x", "type": "work", "primary": true}
        ],
        "phoneNumbers": [{"type": "work"}, {"value": "+1", "type": "home"}],
        "ims": [],
        "title": null,
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENT],
        ENT: {"employeeNumber": "7", "manager": {"value": "u9"}}
    }));
    let key = |p: &str| sort_key(&r, user, &path(p));
    assert_eq!(key("userName"), Some(&json!("ada")));
    assert_eq!(key("USERNAME"), Some(&json!("ada")));
    assert_eq!(key("name.familyName"), Some(&json!("Lovelace")));
    assert_eq!(key("emails"), Some(&json!("a@x")));
    assert_eq!(key("emails.value"), Some(&json!("a@x")));
    assert_eq!(key("emails.type"), Some(&json!("work")));
    // No primary: the first element that has the value.
    assert_eq!(key("phoneNumbers.value"), Some(&json!("+1")));
    assert_eq!(key("phoneNumbers.type"), Some(&json!("work")));
    assert_eq!(
        key("schemas"),
        Some(&json!("urn:ietf:params:scim:schemas:core:2.0:User"))
    );
    assert_eq!(key(&format!("{ENT}:employeeNumber")), Some(&json!("7")));
    assert_eq!(key(&format!("{ENT}:manager")), Some(&json!("u9")));
    assert_eq!(key("ims"), None);
    assert_eq!(key("title"), None);
    assert_eq!(key("nickName"), None);
    assert_eq!(key("unknown"), None);
}

#[test]
fn sort_attribute_gives_the_compared_definition() {
    let user = &REGISTRY.user;
    let def = |p: &str| sort_attribute(user, &path(p)).map(|d| (d.name, d.case_exact));
    assert_eq!(def("userName"), Some(("userName", false)));
    assert_eq!(def("emails"), Some(("value", false)));
    assert_eq!(def("externalId"), Some(("externalId", true)));
    assert_eq!(def("meta.created").map(|d| d.0), Some("created"));
    assert_eq!(def("name").map(|d| d.0), Some("name"));
    assert_eq!(def("nope"), None);
}

#[test]
fn strings_honour_case_exact() {
    let insensitive = AttributeDef::string("userName");
    let exact = AttributeDef::string("externalId").case_exact();
    let (a, b) = (json!("apple"), json!("Banana"));
    assert_eq!(compare_for_sort(&a, &b, &insensitive), Ordering::Less);
    assert_eq!(compare_for_sort(&a, &b, &exact), Ordering::Greater);
    assert_eq!(
        compare_for_sort(&json!("ÉCOLE"), &json!("école"), &insensitive),
        Ordering::Equal
    );
}

#[test]
fn datetimes_sort_chronologically_and_unparsable_last() {
    let created = AttributeDef::new("created", AttrType::DateTime);
    let mut values = vec![
        json!("2024-01-01T00:30:00+01:00"), // 2023-12-31T23:30Z
        json!("garbage"),
        json!("2024-01-01T00:00:00Z"),
        json!("2023-12-31T23:45:00Z"),
        json!("2023-12-31T20:00:00-05:00"), // 2024-01-01T01:00Z
    ];
    values.sort_by(|a, b| compare_for_sort(a, b, &created));
    assert_eq!(
        values,
        vec![
            json!("2024-01-01T00:30:00+01:00"),
            json!("2023-12-31T23:45:00Z"),
            json!("2024-01-01T00:00:00Z"),
            json!("2023-12-31T20:00:00-05:00"),
            json!("garbage"),
        ]
    );
}

#[test]
fn numbers_booleans_and_mixed_types() {
    let n = AttributeDef::new("n", AttrType::Decimal);
    assert_eq!(compare_for_sort(&json!(9), &json!(10), &n), Ordering::Less);
    assert_eq!(
        compare_for_sort(&json!(2.5), &json!(-3), &n),
        Ordering::Greater
    );
    assert_eq!(
        compare_for_sort(&json!(1), &json!(1.0), &n),
        Ordering::Equal
    );
    let b = AttributeDef::new("b", AttrType::Boolean);
    assert_eq!(
        compare_for_sort(&json!(false), &json!(true), &b),
        Ordering::Less
    );
    let mut mixed: Vec<Value> = vec![
        json!("s"),
        json!({}),
        json!(1),
        json!(null),
        json!([]),
        json!(true),
    ];
    mixed.sort_by(|a, b| compare_for_sort(a, b, &n));
    assert_eq!(
        mixed,
        vec![
            json!(null),
            json!(true),
            json!(1),
            json!("s"),
            json!([]),
            json!({})
        ]
    );
}

#[test]
fn parse_attr_path_for_sort_by() {
    assert_eq!(
        parse_attr_path(" name.familyName ").expect("ok"),
        path("name.familyName")
    );
    assert_eq!(
        parse_attr_path(&format!("{ENT}:manager.value"))
            .expect("ok")
            .urn
            .as_deref(),
        Some(ENT)
    );
    for bad in ["", "a b", "name.", "a.b.c", "emails[type eq \"x\"]", "1x"] {
        let e = parse_attr_path(bad).expect_err(bad);
        assert_eq!(e.scim_type, Some(ScimType::InvalidValue), "{bad:?}");
    }
}
