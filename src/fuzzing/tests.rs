//! The checks can fail: each predicate is shown a broken answer and must reject it. (That the
//! program passes them is the fuzzers' and the corpus replay's job.)

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use serde_json::json;

use super::filter::{check_filter, typed_400};
use super::fixture::check_match;
use super::patch::client_error;
use super::request::{Op, RequestSpec, judge};
use super::scenario::span_inside;
use crate::server::error::{ScimError, ScimType};
use crate::server::schema::ResourceKind;

fn media(value: &'static str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
    h
}

#[test]
fn judge_rejects_500_and_non_scim_errors() {
    let scim = media("application/scim+json");
    let json = media("application/json");
    let v2_404 = br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"404"}"#;
    let v1_404 = br#"{"Errors":[{"description":"gone","code":"404"}]}"#;
    assert!(judge(false, StatusCode::NOT_FOUND, &scim, v2_404).is_ok());
    assert!(judge(true, StatusCode::NOT_FOUND, &json, v1_404).is_ok());
    let v2_501 = br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"501"}"#;
    assert!(judge(false, StatusCode::NOT_IMPLEMENTED, &scim, v2_501).is_ok());
    // The body's status must be the answer's.
    assert!(judge(false, StatusCode::NOT_IMPLEMENTED, &scim, v2_404).is_err());
    let v2_500 = br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"500"}"#;
    assert!(judge(false, StatusCode::INTERNAL_SERVER_ERROR, &scim, v2_500).is_err());
    // Wrong version's body, wrong media type, status number instead of string, no body.
    assert!(judge(true, StatusCode::NOT_FOUND, &json, v2_404).is_err());
    assert!(judge(false, StatusCode::NOT_FOUND, &json, v2_404).is_err());
    let numeric = br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":404}"#;
    assert!(judge(false, StatusCode::NOT_FOUND, &scim, numeric).is_err());
    assert!(judge(false, StatusCode::BAD_REQUEST, &HeaderMap::new(), b"").is_err());
    // Success bodies must be JSON.
    assert!(judge(false, StatusCode::OK, &scim, b"{}").is_ok());
    assert!(judge(false, StatusCode::NO_CONTENT, &HeaderMap::new(), b"").is_ok());
    assert!(judge(false, StatusCode::OK, &scim, b"<html>").is_err());
}

#[test]
fn request_selector_bits() {
    let spec = RequestSpec::decode(0b1110_1111);
    assert!(spec.v1 && !spec.lenient && spec.unknown_id && spec.if_match);
    assert_eq!(spec.kind, ResourceKind::Group);
    assert_eq!(spec.op, Op::Get);
    assert_eq!(RequestSpec::decode(0b0001_1100).op, Op::RawPath);
}

#[test]
fn spans_outside_the_text_or_inside_a_character_are_caught() {
    assert!(span_inside("name: é", 6, 2).is_ok());
    assert!(span_inside("name: é", 7, 1).is_err());
    assert!(span_inside("abc", 2, 5).is_err());
    assert!(span_inside("abc", usize::MAX, 1).is_err());
}

#[test]
fn errors_of_the_wrong_kind_are_caught() {
    let filter = ScimError::invalid_filter("bad");
    assert!(typed_400(&filter, &[ScimType::InvalidFilter], "x").is_ok());
    assert!(typed_400(&filter, &[ScimType::InvalidPath], "x").is_err());
    let internal = ScimError::new(StatusCode::INTERNAL_SERVER_ERROR, None, "boom");
    assert!(typed_400(&internal, &[ScimType::InvalidFilter], "x").is_err());
    assert!(client_error(&internal, &json!({})).is_err());
    assert!(client_error(&ScimError::mutability("id"), &json!({})).is_ok());
    assert!(client_error(&ScimError::not_found("gone"), &json!({})).is_err());
}

#[test]
fn the_checks_pass_ordinary_inputs() {
    assert!(check_filter(r#"emails[type eq "work"] and not (title pr)"#).is_ok());
    assert!(check_filter("userName eq").is_ok());
    let actual = json!({"id": "a1", "meta": {"created": "2024-01-01T00:00:00Z"}});
    assert!(check_match(&json!({"id": "$nonempty"}), &actual).is_ok());
}
