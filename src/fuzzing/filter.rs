//! Filters and PATCH paths (`GET ?filter=`, `.search`, PATCH `path`): input is the filter text,
//! bytes decoded as UTF-8 with invalid sequences replaced. `fuzz/dict/filter.dict` gives libFuzzer
//! the grammar's tokens, so it builds grammatical filters rather than only byte soup.
//!
//! Invariants: parsing fails only with a 400 `invalidFilter` (`invalidPath` for paths); a filter
//! the strict (RFC ABNF) parser accepts, the lenient parser accepts with the same tree; a parsed
//! filter goes through the schema check and the evaluator against rich users, groups and
//! elements, and a parsed sort path through the sort key, without failing.

use std::sync::LazyLock;

use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::{Violation, ensure, samples};
use crate::server::error::{ScimError, ScimType};
use crate::server::filter::{
    Filter, check, check_value_filter, matches, matches_element, parse_attr_path,
    parse_filter_with, parse_patch_path, sort_key,
};
use crate::server::schema::REGISTRY;

struct Samples {
    user: Map<String, Value>,
    group: Map<String, Value>,
    email: Value,
    member: Value,
}

static SAMPLES: LazyLock<Samples> = LazyLock::new(|| Samples {
    user: samples::user_document(),
    group: samples::group_document(),
    email: samples::email_element(),
    member: serde_json::json!({"value": "2819c223", "type": "User", "display": "Ada"}),
});

pub fn check_bytes(data: &[u8]) -> Result<(), Violation> {
    check_filter(&String::from_utf8_lossy(data))
}

/// Every entry point that reads a filter or a path, on `input`.
pub fn check_filter(input: &str) -> Result<(), Violation> {
    let lenient = parse_filter_with(input, true);
    let strict = parse_filter_with(input, false);
    for parsed in [&lenient, &strict] {
        match parsed {
            Ok(f) => evaluate(f),
            Err(e) => typed_400(e, &[ScimType::InvalidFilter], input)?,
        }
    }
    if let Ok(s) = &strict {
        match &lenient {
            Ok(l) => ensure(l == s, || {
                format!("{input:?}: lenient parse {l:?} differs from strict parse {s:?}")
            })?,
            Err(e) => {
                return Err(Violation(format!(
                    "{input:?}: the strict parser accepts it but the lenient one says {}",
                    e.detail
                )));
            }
        }
    }
    match parse_patch_path(input) {
        Ok(path) => {
            let user = &REGISTRY.user;
            if let Some(f) = &path.filter {
                let _ = check(f, user);
                if let Some(resolved) =
                    user.resolve(path.attr.urn.as_deref(), &path.attr.name, None)
                {
                    let _ = check_value_filter(f, resolved.attr);
                }
            }
        }
        Err(e) => typed_400(&e, &[ScimType::InvalidPath, ScimType::InvalidFilter], input)?,
    }
    if let Ok(p) = parse_attr_path(input) {
        let s = &*SAMPLES;
        let _ = sort_key(&s.user, &REGISTRY.user, &p);
        let _ = sort_key(&s.group, &REGISTRY.group, &p);
    }
    Ok(())
}

/// Runs a parsed filter through the checker and every evaluation scope.
fn evaluate(f: &Filter) {
    let s = &*SAMPLES;
    let (user, group) = (&REGISTRY.user, &REGISTRY.group);
    let _ = check(f, user);
    let _ = check(f, group);
    let _ = matches(f, &s.user, user);
    let _ = matches(f, &s.group, group);
    let _ = matches(f, &s.group, user);
    if let Some(emails) = user.resolve(None, "emails", None) {
        let _ = check_value_filter(f, emails.attr);
        let _ = matches_element(f, &s.email, emails.attr);
    }
    if let Some(members) = group.resolve(None, "members", None) {
        let _ = matches_element(f, &s.member, members.attr);
    }
}

/// A parse error must be a 400 with one of the `allowed` scimTypes.
pub(crate) fn typed_400(e: &ScimError, allowed: &[ScimType], input: &str) -> Result<(), Violation> {
    ensure(
        e.status == StatusCode::BAD_REQUEST && e.scim_type.is_some_and(|t| allowed.contains(&t)),
        || format!("{input:?}: unexpected error {e}"),
    )
}
