//! The data types no writable registry attribute uses yet (integer, decimal, dateTime), checked on
//! synthetic definitions.

use serde_json::{Value, json};

use super::normalize_attribute;
use crate::server::schema::{AttrType, AttributeDef};

fn check(ty: AttrType, value: Value) -> Result<Option<Value>, String> {
    normalize_attribute(&AttributeDef::new("x", ty), value, "x", true).map_err(|e| e.detail)
}

#[test]
fn integers_have_no_fraction_or_exponent() {
    assert_eq!(check(AttrType::Integer, json!(7)), Ok(Some(json!(7))));
    assert_eq!(check(AttrType::Integer, json!(-7)), Ok(Some(json!(-7))));
    assert_eq!(
        check(AttrType::Integer, json!(u64::MAX)),
        Ok(Some(json!(u64::MAX)))
    );
    for bad in [json!(7.5), json!(7.0), json!("7")] {
        let err = check(AttrType::Integer, bad).unwrap_err();
        assert!(err.starts_with("x must be an integer"), "{err}");
    }
}

#[test]
fn decimals_are_any_number() {
    assert_eq!(check(AttrType::Decimal, json!(7.25)), Ok(Some(json!(7.25))));
    assert_eq!(check(AttrType::Decimal, json!(7)), Ok(Some(json!(7))));
    assert!(check(AttrType::Decimal, json!("7.25")).is_err());
}

#[test]
fn date_times_need_a_date_and_a_time() {
    for good in [
        "2024-02-29T12:34:56Z",
        "2024-02-29T12:34:56.789+02:00",
        "2024-02-29T12:34:56",
    ] {
        assert_eq!(
            check(AttrType::DateTime, json!(good)),
            Ok(Some(json!(good))),
            "{good}"
        );
    }
    for bad in [
        "2024-02-29",
        "12:34:56",
        "2023-02-29T00:00:00Z",
        "yesterday",
        "",
    ] {
        let err = check(AttrType::DateTime, json!(bad)).unwrap_err();
        assert!(err.contains("xsd:dateTime"), "{bad}: {err}");
    }
    assert!(check(AttrType::DateTime, json!(1_700_000_000)).is_err());
}

#[test]
fn multi_valued_simple_attributes() {
    let attr = AttributeDef::new("tags", AttrType::String).multi();
    let out = normalize_attribute(&attr, json!(["a", null, "b", "a"]), "tags", true);
    assert_eq!(out.map_err(|e| e.detail), Ok(Some(json!(["a", "b"]))));
    let out = normalize_attribute(&attr, json!("a"), "tags", true);
    assert_eq!(out.map_err(|e| e.detail), Ok(Some(json!(["a"]))));
    let err = normalize_attribute(&attr, json!([{"value": "a"}]), "tags", true).unwrap_err();
    assert!(err.detail.starts_with("tags must be"), "{}", err.detail);
}

#[test]
fn required_sub_attributes() {
    let attr = AttributeDef::complex(
        "c",
        vec![
            AttributeDef::string("k").required(),
            AttributeDef::string("v"),
        ],
    );
    let err = normalize_attribute(&attr, json!({"v": "1"}), "c", true).unwrap_err();
    assert_eq!(err.detail, "c.k is required");
    let ok = normalize_attribute(&attr, json!({"K": "1"}), "c", true);
    assert_eq!(ok.map_err(|e| e.detail), Ok(Some(json!({"k": "1"}))));
}
