//! What the response rewrites know about the request ([`Context`]), in a file of its own: the
//! quirk files read it and `rewrite` fills it, so neither imports the other for it.

use axum::http::Method;
use serde_json::Value;

use super::route::Route;

/// What the client asked for, for a quirk that cuts the page itself (`lists`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repage {
    pub(super) start: i64,
    pub(super) count: Option<i64>,
}

/// What the response rewrites need to know about the request.
#[derive(Debug, Clone)]
pub(super) struct Context {
    pub method: Method,
    pub route: Route,
    /// The `count` the client asked for.
    pub count: Option<u64>,
    /// The `startIndex` the client asked for.
    pub start_index: Option<u64>,
    /// `X` of a `userName eq "X"` filter: a case-sensitive server returns only exact matches.
    pub user_name_eq: Option<String>,
    /// The query's parameters, as sent.
    pub pairs: Vec<(String, String)>,
    /// The page a re-paging list quirk computes itself (`lists`), from every match.
    pub repage: Option<Repage>,
    /// The request's JSON body, as sent.
    pub sent: Option<Value>,
    /// The `filter` the client sent, if any.
    pub filter: Option<String>,
    /// The request path below the base path (`/Schemas/urn:…`), and the base path.
    pub relative: String,
    pub base_path: String,
    /// The `id` a create body carried (a client may not choose it, RFC 7643 §3.1).
    pub client_id: Option<Value>,
}

impl Context {
    pub fn of(method: &Method, route: &Route, query: Option<&str>) -> Context {
        let pairs: Vec<(String, String)> = query
            .map(|q| {
                form_urlencoded::parse(q.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        let param = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        Context {
            method: method.clone(),
            route: route.clone(),
            count: param("count").and_then(|v| v.parse().ok()),
            start_index: param("startIndex").and_then(|v| v.parse().ok()),
            user_name_eq: param("filter").and_then(user_name_eq),
            filter: param("filter").map(str::to_owned),
            relative: String::new(),
            base_path: String::new(),
            client_id: None,
            repage: None,
            sent: None,
            pairs,
        }
    }

    /// A query parameter, its name in any case.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// `X` of `userName eq "X"` (the attribute name in any case), unescaped.
pub(super) fn user_name_eq(filter: &str) -> Option<String> {
    let filter = filter.trim();
    let (attribute, rest) = filter.split_once(char::is_whitespace)?;
    let (operator, value) = rest.trim_start().split_once(char::is_whitespace)?;
    if !attribute.eq_ignore_ascii_case("userName") || !operator.eq_ignore_ascii_case("eq") {
        return None;
    }
    match serde_json::from_str::<Value>(value.trim()) {
        Ok(Value::String(s)) => Some(s),
        _ => None,
    }
}
