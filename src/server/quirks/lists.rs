//! List quirks: paging (RFC 7644 §3.4.2.4), the body of `POST …/.search` (§3.4.3) and sorting
//! (§3.4.2.3), done the way broken servers do them.
//!
//! The paging bugs are reproduced by asking the correct handler for every match (the request
//! loses its `startIndex` and `count`) and cutting the page here as the broken server does.

use std::cmp::Ordering;

use axum::http::Method;
use axum::http::request::Parts;
use serde_json::{Value, json};

use super::Quirk::{
    CountIgnored, CountZeroReturnsAll, NegativeCountDropsLast, SearchIgnoresPaging,
    SortCaseSensitive, SortIgnored, StartIndexBelowOneRefused, StartIndexPastEndLastPage,
};
use super::context::Context;
pub use super::context::Repage;
use super::route::Route;
use super::route::{query_pairs, set_query};
use super::{Quirk, Quirks};
use crate::server::error::ScimError;

/// The quirks that cut the page themselves.
const REPAGING: [Quirk; 4] = [
    NegativeCountDropsLast,
    CountZeroReturnsAll,
    CountIgnored,
    StartIndexPastEndLastPage,
];

/// The keys a `.search` body pages and projects with, which a broken search ignores.
const SEARCH_PAGING: [&str; 4] = ["startIndex", "count", "attributes", "excludedAttributes"];

fn is_sort(key: &str) -> bool {
    key.eq_ignore_ascii_case("sortBy") || key.eq_ignore_ascii_case("sortOrder")
}

/// The 400 of a server that wants a positive startIndex (scimmyjs/scimmy#42).
fn start_refused() -> ScimError {
    ScimError::invalid_value("Expected 'startIndex' parameter to be a positive integer")
}

/// Request side: rewrites the query or the search body, or refuses the request.
pub(super) fn request(
    quirks: &Quirks,
    parts: &mut Parts,
    route: &Route,
    json: &mut Option<Value>,
    context: &mut Context,
) -> Option<ScimError> {
    match (&parts.method, route) {
        (&Method::GET, Route::List(_)) => {
            let mut pairs = query_pairs(&parts.uri);
            let number = |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .and_then(|(_, v)| v.trim().parse::<i64>().ok())
            };
            let (start, count) = (number("startIndex"), number("count"));
            if quirks.has(StartIndexBelowOneRefused) && start.is_some_and(|s| s < 1) {
                return Some(start_refused());
            }
            let mut changed = false;
            if quirks.has(SortIgnored) {
                pairs.retain(|(k, _)| !is_sort(k));
                changed = true;
            }
            if REPAGING.iter().any(|q| quirks.has(*q)) && (start.is_some() || count.is_some()) {
                pairs.retain(|(k, _)| {
                    !k.eq_ignore_ascii_case("startIndex") && !k.eq_ignore_ascii_case("count")
                });
                context.repage = Some(Repage {
                    start: start.unwrap_or(1),
                    count,
                });
                changed = true;
            }
            if changed {
                set_query(&mut parts.uri, &pairs);
            }
            None
        }
        (&Method::POST, Route::Search(_) | Route::RootSearch) => {
            let Some(Value::Object(body)) = json else {
                return None;
            };
            let start = body.get("startIndex").and_then(Value::as_i64);
            if quirks.has(StartIndexBelowOneRefused) && start.is_some_and(|s| s < 1) {
                return Some(start_refused());
            }
            if quirks.has(SearchIgnoresPaging) {
                body.retain(|k, _| !SEARCH_PAGING.iter().any(|n| k.eq_ignore_ascii_case(n)));
            }
            if quirks.has(SortIgnored) {
                body.retain(|k, _| !is_sort(k));
            }
            None
        }
        _ => None,
    }
}

/// Response side: a ListResponse cut or sorted the broken way.
pub(super) fn response(quirks: &Quirks, context: &Context, list: &mut Value) {
    if let Some(repage) = context.repage {
        cut(quirks, repage, list);
    }
    if quirks.has(SortCaseSensitive)
        && let Some(by) = context.param("sortBy")
    {
        let descending = context
            .param("sortOrder")
            .is_some_and(|o| o.eq_ignore_ascii_case("descending"));
        sort_case_sensitively(list, by, descending);
    }
}

/// The page of `list` (every match) that the broken server returns for `repage`.
fn cut(quirks: &Quirks, repage: Repage, list: &mut Value) {
    let Some(Value::Array(all)) = list.get_mut("Resources") else {
        return;
    };
    let total = i64::try_from(all.len()).unwrap_or(i64::MAX);
    let mut start = repage.start.max(1);
    let mut count = repage.count;
    if quirks.has(CountIgnored) || (quirks.has(CountZeroReturnsAll) && count == Some(0)) {
        count = None;
    }
    if quirks.has(StartIndexPastEndLastPage) && start > total && total > 0 {
        // An offset clamped to the last page instead of past it.
        start = (total - count.unwrap_or(total).max(1) + 1).max(1);
    }
    let from = (start - 1).min(total);
    let to = match count {
        None => total,
        // `items[from:from + count]`: a negative bound counts from the end.
        Some(c) if c < 0 && quirks.has(NegativeCountDropsLast) => {
            let end = from + c;
            if end < 0 { total + end } else { end }
        }
        Some(c) => from.saturating_add(c.max(0)),
    }
    .clamp(from, total);
    let page: Vec<Value> = all
        .drain(..)
        .skip(usize::try_from(from).unwrap_or(0))
        .take(usize::try_from(to - from).unwrap_or(0))
        .collect();
    list["itemsPerPage"] = json!(page.len());
    list["startIndex"] = json!(start);
    list["Resources"] = Value::Array(page);
}

/// The string at `path` (`userName`, `name.familyName`) of a resource, names in any case.
fn string_at<'a>(resource: &'a Value, path: &str) -> Option<&'a str> {
    let mut value = resource;
    for name in path.split('.') {
        let map = value.as_object()?;
        value = map
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)?;
    }
    value.as_str()
}

/// The page sorted by the byte order of its strings: "Bravo" before "alpha".
fn sort_case_sensitively(list: &mut Value, by: &str, descending: bool) {
    let Some(Value::Array(resources)) = list.get_mut("Resources") else {
        return;
    };
    resources.sort_by(|a, b| {
        let order = match (string_at(a, by), string_at(b, by)) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        if descending { order.reverse() } else { order }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut_with(quirk: Quirk, start: i64, count: Option<i64>, n: usize) -> Vec<i64> {
        let mut list = json!({"Resources": (1..=n).map(|i| json!({"i": i})).collect::<Vec<_>>()});
        cut(&Quirks::new([quirk]), Repage { start, count }, &mut list);
        list["Resources"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["i"].as_i64())
            .collect()
    }

    #[test]
    fn each_paging_bug_cuts_its_own_wrong_page() {
        // Correct where the quirk does not apply.
        assert_eq!(cut_with(CountIgnored, 2, None, 3), [2, 3]);
        assert_eq!(cut_with(NegativeCountDropsLast, 1, Some(2), 3), [1, 2]);
        assert_eq!(
            cut_with(NegativeCountDropsLast, 5, Some(2), 3),
            Vec::<i64>::new()
        );
        // The bugs.
        assert_eq!(cut_with(CountIgnored, 1, Some(2), 3), [1, 2, 3]);
        assert_eq!(cut_with(CountZeroReturnsAll, 1, Some(0), 3), [1, 2, 3]);
        assert_eq!(cut_with(NegativeCountDropsLast, 1, Some(-1), 3), [1, 2]);
        assert_eq!(cut_with(StartIndexPastEndLastPage, 4, None, 3), [1, 2, 3]);
        assert_eq!(cut_with(StartIndexPastEndLastPage, 9, Some(2), 3), [2, 3]);
    }

    #[test]
    fn a_case_sensitive_sort_puts_capitals_first() {
        let mut list = json!({"Resources": [
            {"name": {"familyName": "charlie"}}, {"name": {"familyName": "alpha"}},
            {"name": {"familyName": "Bravo"}}, {}
        ]});
        sort_case_sensitively(&mut list, "name.familyName", false);
        let names: Vec<&str> = list["Resources"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| string_at(r, "name.familyName").unwrap_or("-"))
            .collect();
        assert_eq!(names, ["Bravo", "alpha", "charlie", "-"]);
    }
}
