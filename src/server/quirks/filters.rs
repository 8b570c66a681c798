//! Filter quirks (RFC 7644 §3.4.2.2), done the way broken servers evaluate filters.
//!
//! A quirk that matches differently evaluates the filter itself, over every stored resource of
//! the type, and hands the correct handler `id eq "…" or …` for what it matched: paging,
//! sorting and projection stay the correct server's. The quirks that refuse or swallow a filter
//! answer in the handler's place.

use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use regex::RegexBuilder;
use serde_json::{Map, Value, json};

use super::Quirk::{
    BooleanFalseNeverMatches, EqCaseSensitive, ExtensionFilterNeverMatches, FilterLeftToRight,
    FilterNamesCaseSensitive, InvalidFilterEmpty, LikeWildcards, SubAttributeFilterCrashes,
};
use super::route::Route;
use super::route::{query_pairs, set_query};
use super::{Quirk, Quirks};
use crate::server::AppState;
use crate::server::error::{ScimError, ScimType};
use crate::server::filter::{self, AttrPath, CompValue, CompareOp, Filter};
use crate::server::handlers::render;
use crate::server::schema::{REGISTRY, ResourceType};
use crate::server::urn;

/// The quirks that match differently, and so choose the matches themselves.
const MATCHING: [Quirk; 5] = [
    BooleanFalseNeverMatches,
    EqCaseSensitive,
    LikeWildcards,
    ExtensionFilterNeverMatches,
    FilterLeftToRight,
];

/// More matches than this are left to the correct server (a rewritten filter has a term each).
const MOST_IDS: usize = 500;

/// The operators, which a case-sensitive server knows in lower case only.
const KEYWORDS: [&str; 13] = [
    "eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr", "and", "or", "not",
];

/// Request side: the filter of a query (GET) or a `.search` body, rewritten, refused or
/// swallowed.
pub(super) fn request(
    state: &AppState,
    parts: &mut Parts,
    route: &Route,
    json: &mut Option<Value>,
) -> Option<Response> {
    let quirks = &state.config.quirks;
    let kind = match (&parts.method, route) {
        (&Method::GET, Route::List(kind)) | (&Method::POST, Route::Search(kind)) => *kind,
        _ => return None,
    };
    let in_body = parts.method == Method::POST;
    let mut pairs = query_pairs(&parts.uri);
    let text = if in_body {
        json.as_ref()?.get("filter")?.as_str()?.to_owned()
    } else {
        pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("filter"))?
            .1
            .clone()
    };
    let rt = REGISTRY.get(kind);
    let parsed = filter::parse_filter_with(&text, state.config.lenient)
        .and_then(|f| filter::check(&f, rt).map(|()| f));
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(e)
            if quirks.has(InvalidFilterEmpty) && e.scim_type == Some(ScimType::InvalidFilter) =>
        {
            return Some(empty_list());
        }
        Err(_) => return None,
    };
    if quirks.has(FilterNamesCaseSensitive)
        && let Some(name) = miscased(&text, &parsed, rt)
    {
        return Some(
            ScimError::invalid_filter(format!("Unknown attribute or operator '{name}'"))
                .into_response(),
        );
    }
    let documents: Vec<(String, Map<String, Value>)> = state
        .store
        .snapshot(kind)
        .iter()
        .map(|r| (r.id.to_string(), render::document(&state.store, r)))
        .collect();
    if quirks.has(SubAttributeFilterCrashes)
        && let Some(parent) = sub_attribute_parent(&parsed)
        && documents
            .iter()
            .any(|(_, d)| value_of(d, &parent).is_none())
    {
        // `resource[parent][sub]` on a resource without `parent`.
        return Some(
            ScimError::new(
                StatusCode::BAD_REQUEST,
                None,
                format!("'NoneType' object is not subscriptable ({parent})"),
            )
            .into_response(),
        );
    }
    if !MATCHING.iter().any(|q| quirks.has(*q)) {
        return None;
    }
    let lenient = state.config.lenient;
    let matcher = |doc: &Map<String, Value>| -> bool {
        if quirks.has(FilterLeftToRight)
            && let Some(result) = left_to_right(&text, doc, rt, lenient)
        {
            return result;
        }
        evaluate(quirks, &parsed, doc, rt)
    };
    let ids: Vec<&String> = documents
        .iter()
        .filter(|(_, d)| matcher(d))
        .map(|(id, _)| id)
        .collect();
    if ids.len() > MOST_IDS {
        return None;
    }
    let rewritten = if ids.is_empty() {
        r#"id eq "scimulate-quirk-nothing-matched""#.to_owned()
    } else {
        ids.iter()
            .map(|id| format!("id eq {}", json!(id)))
            .collect::<Vec<_>>()
            .join(" or ")
    };
    if in_body {
        if let Some(Value::Object(body)) = json {
            body.insert("filter".into(), Value::String(rewritten));
        }
    } else {
        for (k, v) in pairs.iter_mut() {
            if k.eq_ignore_ascii_case("filter") {
                *v = rewritten.clone();
            }
        }
        set_query(&mut parts.uri, &pairs);
    }
    None
}

/// What a server that swallows the filters it cannot evaluate answers: nothing matched.
fn empty_list() -> Response {
    let body = json!({"schemas": [urn::LIST_RESPONSE], "totalResults": 0, "startIndex": 1,
                      "itemsPerPage": 0, "Resources": []});
    let mut response = (StatusCode::OK, body.to_string()).into_response();
    if let Ok(value) = axum::http::HeaderValue::from_str(urn::SCIM_JSON) {
        response
            .headers_mut()
            .insert(axum::http::header::CONTENT_TYPE, value);
    }
    response
}

/// The first attribute name or operator of `text` not written as the schema (or the RFC) spells it.
fn miscased(text: &str, parsed: &Filter, rt: &ResourceType) -> Option<String> {
    let mut paths = Vec::new();
    collect_paths(parsed, &mut paths);
    for path in paths {
        let Some(resolved) = rt.resolve(path.urn.as_deref(), &path.name, path.sub.as_deref())
        else {
            continue;
        };
        if resolved.attr.name != path.name {
            return Some(path.name.clone());
        }
        if let (Some(sub), Some(def)) = (&path.sub, resolved.sub)
            && def.name != sub
        {
            return Some(sub.clone());
        }
    }
    words_outside_quotes(text)
        .into_iter()
        .find(|w| KEYWORDS.iter().any(|k| w.eq_ignore_ascii_case(k) && w != k))
}

fn collect_paths<'f>(f: &'f Filter, out: &mut Vec<&'f AttrPath>) {
    match f {
        Filter::Present(path) | Filter::Compare { path, .. } => out.push(path),
        Filter::ValuePath { attr, filter } => {
            out.push(attr);
            collect_paths(filter, out);
        }
        Filter::And(a, b) | Filter::Or(a, b) => {
            collect_paths(a, out);
            collect_paths(b, out);
        }
        Filter::Not(inner) => collect_paths(inner, out),
    }
}

/// The words of a filter outside its string literals (`(`, `)`, `[`, `]` as separators).
fn words_outside_quotes(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut escaped = false;
    for c in text.chars() {
        if quoted {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => quoted = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            c if c.is_whitespace() || "()[]".contains(c) => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The parent of the first sub-attribute path (`name` of `name.givenName`), outside `[ ]`.
fn sub_attribute_parent(f: &Filter) -> Option<String> {
    match f {
        Filter::Present(path) | Filter::Compare { path, .. } if path.urn.is_none() => {
            path.sub.as_ref().map(|_| path.name.clone())
        }
        Filter::And(a, b) | Filter::Or(a, b) => {
            sub_attribute_parent(a).or_else(|| sub_attribute_parent(b))
        }
        Filter::Not(inner) => sub_attribute_parent(inner),
        _ => None,
    }
}

/// A top-level attribute of a document, its name in any case.
fn value_of<'d>(doc: &'d Map<String, Value>, name: &str) -> Option<&'d Value> {
    doc.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
        .filter(|v| !v.is_null())
}

/// The strings at `path` (a core attribute, a sub-attribute, or each element's sub-attribute).
fn strings_at<'d>(doc: &'d Map<String, Value>, path: &AttrPath) -> Vec<&'d str> {
    let Some(value) = value_of(doc, &path.name) else {
        return Vec::new();
    };
    let values: Vec<&Value> = match (&path.sub, value) {
        (None, Value::Array(items)) => items.iter().collect(),
        (None, v) => vec![v],
        (Some(sub), Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_object().and_then(|o| value_of(o, sub)))
            .collect(),
        (Some(sub), Value::Object(o)) => value_of(o, sub).into_iter().collect(),
        _ => Vec::new(),
    };
    values.into_iter().filter_map(Value::as_str).collect()
}

/// The filter as the broken server evaluates it.
fn evaluate(quirks: &Quirks, f: &Filter, doc: &Map<String, Value>, rt: &ResourceType) -> bool {
    match f {
        Filter::And(a, b) => evaluate(quirks, a, doc, rt) && evaluate(quirks, b, doc, rt),
        Filter::Or(a, b) => evaluate(quirks, a, doc, rt) || evaluate(quirks, b, doc, rt),
        Filter::Not(inner) => !evaluate(quirks, inner, doc, rt),
        Filter::Compare { path, op, value } => {
            let core = path
                .urn
                .as_deref()
                .is_none_or(|u| u.eq_ignore_ascii_case(rt.schema.id));
            if quirks.has(ExtensionFilterNeverMatches) && !core {
                return false;
            }
            if quirks.has(BooleanFalseNeverMatches) && *value == CompValue::Bool(false) {
                // Compared with the text "false", which no boolean equals.
                return false;
            }
            if let CompValue::Str(text) = value {
                if quirks.has(EqCaseSensitive)
                    && *op == CompareOp::Eq
                    && core
                    && !path.name.eq_ignore_ascii_case("userName")
                {
                    return strings_at(doc, path).contains(&text.as_str());
                }
                if quirks.has(LikeWildcards)
                    && matches!(op, CompareOp::Co | CompareOp::Sw | CompareOp::Ew)
                    && (text.contains('%') || text.contains('_'))
                {
                    return like(*op, text, &strings_at(doc, path));
                }
            }
            filter::matches(f, doc, rt)
        }
        _ => filter::matches(f, doc, rt),
    }
}

/// SQL `LIKE` with the operand unescaped: `%` any run, `_` any one character.
fn like(op: CompareOp, operand: &str, values: &[&str]) -> bool {
    let mut pattern = String::new();
    for c in operand.chars() {
        match c {
            '%' => pattern.push_str(".*"),
            '_' => pattern.push('.'),
            c => pattern.push_str(&regex::escape(&c.to_string())),
        }
    }
    let pattern = match op {
        CompareOp::Sw => format!("^{pattern}"),
        CompareOp::Ew => format!("{pattern}$"),
        _ => pattern,
    };
    let Ok(re) = RegexBuilder::new(&pattern).case_insensitive(true).build() else {
        return false;
    };
    values.iter().any(|v| re.is_match(v))
}

/// A filter whose top level mixes `and` and `or`, evaluated from left to right as a naive parser
/// does (`a or b and c` as `(a or b) and c`); `None` when there is no such mix.
fn left_to_right(
    text: &str,
    doc: &Map<String, Value>,
    rt: &ResourceType,
    lenient: bool,
) -> Option<bool> {
    let (terms, connectors) = split_top_level(text);
    let ands = connectors.iter().filter(|c| c.as_str() == "and").count();
    if ands == 0 || ands == connectors.len() {
        return None;
    }
    let mut result = None;
    for (i, term) in terms.iter().enumerate() {
        let f = filter::parse_filter_with(term, lenient).ok()?;
        let value = filter::matches(&f, doc, rt);
        result = Some(
            match (result, i.checked_sub(1).map(|j| connectors[j].as_str())) {
                (None, _) => value,
                (Some(acc), Some("and")) => acc && value,
                (Some(acc), _) => acc || value,
            },
        );
    }
    result
}

/// The terms of a filter and the `and`/`or` between them, at the top level (outside quotes,
/// parentheses and brackets).
fn split_top_level(text: &str) -> (Vec<String>, Vec<String>) {
    let mut terms = Vec::new();
    let mut connectors = Vec::new();
    let mut depth = 0i32;
    let mut quoted = false;
    let mut escaped = false;
    let mut current = String::new();
    for word in text.split(' ') {
        let connector = word.to_ascii_lowercase();
        if depth == 0 && !quoted && (connector == "and" || connector == "or") {
            terms.push(std::mem::take(&mut current).trim().to_owned());
            connectors.push(connector);
            continue;
        }
        for c in word.chars() {
            if quoted {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => quoted = false,
                    _ => {}
                }
            } else if c == '"' {
                quoted = true;
            } else if c == '(' || c == '[' {
                depth += 1;
            } else if c == ')' || c == ']' {
                depth -= 1;
            }
        }
        current.push_str(word);
        current.push(' ');
    }
    terms.push(current.trim().to_owned());
    (terms, connectors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_top_level_mix_of_and_and_or_is_split_into_terms() {
        let (terms, connectors) =
            split_top_level(r#"userName eq "a or b" or (x eq 1 and y eq 2) AND active eq true"#);
        assert_eq!(
            terms,
            [
                r#"userName eq "a or b""#,
                "(x eq 1 and y eq 2)",
                "active eq true"
            ]
        );
        assert_eq!(connectors, ["or", "and"]);
    }

    #[test]
    fn like_treats_percent_and_underscore_as_wildcards() {
        assert!(like(CompareOp::Co, "%", &["anything"]));
        assert!(like(CompareOp::Sw, "ab_d", &["AB-D.x"]));
        assert!(!like(CompareOp::Sw, "ab_d", &["xab-d"]));
        assert!(like(CompareOp::Ew, "_.com", &["a.com"]));
    }

    #[test]
    fn operators_and_names_are_found_outside_quotes() {
        assert_eq!(
            words_outside_quotes(r#"UserName EQ "a \" OR b" and (x pr)"#),
            ["UserName", "EQ", "and", "x", "pr"]
        );
    }
}
