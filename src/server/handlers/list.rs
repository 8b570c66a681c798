//! Queries: `GET /Users?filter=…` and `POST /Users/.search` (RFC 7644 §3.4.2, §3.4.3).
//!
//! A query picks its candidates from an index when the filter allows (`userName eq`, `id eq`,
//! `externalId eq`, group `displayName eq`, alone or under `and`), otherwise from a snapshot of all
//! records; then filters, sorts, pages and renders them.

use std::cmp::Ordering;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::render;
use crate::server::AppState;
use crate::server::error::{ScimError, ScimResult};
use crate::server::filter::{self, AttrPath, CompValue, CompareOp, Filter};
use crate::server::resource::projection::AttributeSelection;
use crate::server::schema::{REGISTRY, ResourceKind, ResourceType};
use crate::server::store::{Index, Record};
use crate::server::urn;

/// A query, from URL parameters or from a SearchRequest body.
#[derive(Debug, Default)]
pub struct ListQuery {
    pub filter: Option<String>,
    pub sort_by: Option<String>,
    pub sort_order: Option<String>,
    pub start_index: Option<i64>,
    pub count: Option<i64>,
    pub attributes: Option<String>,
    pub excluded_attributes: Option<String>,
}

impl ListQuery {
    pub fn from_params(params: &super::request::QueryParams) -> ScimResult<Self> {
        Ok(ListQuery {
            filter: params.get("filter").map(str::to_string),
            sort_by: params.get("sortBy").map(str::to_string),
            sort_order: params.get("sortOrder").map(str::to_string),
            start_index: params
                .get("startIndex")
                .map(|v| integer("startIndex", v))
                .transpose()?,
            count: params
                .get("count")
                .map(|v| integer("count", v))
                .transpose()?,
            attributes: params.get("attributes").map(str::to_string),
            excluded_attributes: params.get("excludedAttributes").map(str::to_string),
        })
    }

    /// A SearchRequest body (RFC 7644 §3.4.3).
    pub fn from_search_request(body: &Value) -> ScimResult<Self> {
        let Value::Object(body) = body else {
            return Err(ScimError::invalid_syntax(
                "a SearchRequest must be a JSON object",
            ));
        };
        if let Some(schemas) = body.get("schemas") {
            let ok = schemas.as_array().is_some_and(|s| {
                s.iter().any(|u| {
                    u.as_str()
                        .is_some_and(|u| u.eq_ignore_ascii_case(urn::SEARCH_REQUEST))
                })
            });
            if !ok {
                return Err(ScimError::invalid_syntax(format!(
                    "schemas must contain {}",
                    urn::SEARCH_REQUEST
                )));
            }
        }
        let text = |key: &str| -> ScimResult<Option<String>> {
            match body.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(Value::Array(items)) => {
                    let names: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
                    names
                        .map(|n| Some(n.join(",")))
                        .ok_or_else(|| ScimError::invalid_value(format!("{key} must be strings")))
                }
                Some(_) => Err(ScimError::invalid_value(format!("{key} must be a string"))),
            }
        };
        let number = |key: &str| -> ScimResult<Option<i64>> {
            match body.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::Number(n)) => n
                    .as_i64()
                    .map(Some)
                    .ok_or_else(|| ScimError::invalid_value(format!("{key} must be an integer"))),
                Some(Value::String(s)) => integer(key, s).map(Some),
                Some(_) => Err(ScimError::invalid_value(format!(
                    "{key} must be an integer"
                ))),
            }
        };
        Ok(ListQuery {
            filter: text("filter")?,
            sort_by: text("sortBy")?,
            sort_order: text("sortOrder")?,
            start_index: number("startIndex")?,
            count: number("count")?,
            attributes: text("attributes")?,
            excluded_attributes: text("excludedAttributes")?,
        })
    }
}

fn integer(name: &str, value: &str) -> ScimResult<i64> {
    value
        .trim()
        .parse::<i64>()
        .map_err(|_| ScimError::invalid_value(format!("{name} must be an integer, got '{value}'")))
}

/// A matching record, with its parsed document when filtering or sorting needed it.
pub type Candidate = (Arc<Record>, Option<Map<String, Value>>);

/// One page of a query's matches, in order, with the paging facts a list response reports.
pub struct Page {
    pub total: usize,
    pub start: i64,
    pub items: Vec<Candidate>,
}

/// Runs a query and renders the ListResponse body.
pub fn execute(state: &AppState, kind: ResourceKind, query: &ListQuery) -> ScimResult<Vec<u8>> {
    let rt = REGISTRY.get(kind);
    let selection = AttributeSelection::parse(
        rt,
        query.attributes.as_deref(),
        query.excluded_attributes.as_deref(),
    )?;
    let filter = match query.filter.as_deref() {
        Some(text) => {
            let f = filter::parse_filter_with(text, state.config.lenient)?;
            filter::check(&f, rt)?;
            Some(f)
        }
        None => None,
    };
    let page = select(state, kind, query, filter.as_ref())?;

    let mut out = Vec::with_capacity(256 + page.items.len() * 512);
    out.extend_from_slice(
        format!(
            "{{\"schemas\":[\"{}\"],\"totalResults\":{},\"startIndex\":{},\"itemsPerPage\":{},\"Resources\":[",
            urn::LIST_RESPONSE,
            page.total,
            page.start,
            page.items.len()
        )
        .as_bytes(),
    );
    for (i, (record, doc)) in page.items.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        match doc {
            Some(mut doc) => {
                selection.apply(rt, &mut doc);
                out.extend_from_slice(&serde_json::to_vec(&Value::Object(doc)).unwrap_or_default());
            }
            None => out.extend_from_slice(&render::render(&state.store, &record, &selection)),
        }
    }
    out.extend_from_slice(b"]}");
    Ok(out)
}

/// The page of records of `kind` that match `filter` (already parsed and checked), sorted and
/// paged as `query` says. Shared by the SCIM 2.0 and SCIM 1.1 list endpoints, which differ only in
/// the filters they accept and how they render the page.
pub fn select(
    state: &AppState,
    kind: ResourceKind,
    query: &ListQuery,
    filter: Option<&Filter>,
) -> ScimResult<Page> {
    let rt = REGISTRY.get(kind);
    let sort = sort_spec(rt, query)?;

    let candidates = match filter.and_then(|f| index_hint(rt, f)) {
        Some((index, value)) => state.store.lookup(kind, index, &value),
        None => state.store.snapshot(kind),
    };
    let needs_documents = filter.is_some() || sort.is_some();
    let mut matched: Vec<Candidate> = Vec::new();
    for record in candidates {
        if !needs_documents {
            matched.push((record, None));
            continue;
        }
        let doc = render::document(&state.store, &record);
        if filter.is_none_or(|f| filter::matches(f, &doc, rt)) {
            matched.push((record, Some(doc)));
        }
    }
    if let Some((path, attr_def, descending)) = &sort {
        let key = |doc: &Option<Map<String, Value>>| {
            doc.as_ref()
                .and_then(|d| filter::sort_key(d, rt, path))
                .cloned()
        };
        let mut keyed: Vec<_> = matched.into_iter().map(|(r, d)| (key(&d), r, d)).collect();
        keyed.sort_by(|(ka, ra, _), (kb, rb, _)| {
            // Resources without a value sort last ascending and first descending (RFC 7644 §3.4.2.3).
            let by_value = match (ka, kb) {
                (Some(a), Some(b)) => filter::compare_for_sort(a, b, attr_def),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            };
            let by_value = if *descending {
                by_value.reverse()
            } else {
                by_value
            };
            by_value.then(ra.seq.cmp(&rb.seq))
        });
        matched = keyed.into_iter().map(|(_, r, d)| (r, d)).collect();
    }

    let total = matched.len();
    let start = query.start_index.unwrap_or(1).max(1);
    let count = query
        .count
        .map(|c| c.max(0) as usize)
        .unwrap_or(state.config.max_results)
        .min(state.config.max_results);
    let skip = usize::try_from(start - 1).unwrap_or(usize::MAX);
    let items: Vec<_> = matched.into_iter().skip(skip).take(count).collect();
    Ok(Page {
        total,
        start,
        items,
    })
}

/// `sortBy` resolved against the schema, and whether the order is descending.
fn sort_spec<'a>(
    rt: &'a ResourceType,
    query: &ListQuery,
) -> ScimResult<Option<(AttrPath, &'a crate::server::schema::AttributeDef, bool)>> {
    let descending = match query
        .sort_order
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("ascending") => false,
        Some("descending") => true,
        Some(other) => {
            return Err(ScimError::invalid_value(format!(
                "sortOrder must be 'ascending' or 'descending', got '{other}'"
            )));
        }
    };
    let Some(sort_by) = query.sort_by.as_deref() else {
        return Ok(None);
    };
    let path = filter::parse_attr_path(sort_by)?;
    let resolved = rt
        .resolve(path.urn.as_deref(), &path.name, path.sub.as_deref())
        .ok_or_else(|| {
            ScimError::invalid_value(format!("cannot sort by unknown attribute '{sort_by}'"))
        })?;
    let attr = match resolved.sub {
        Some(sub) => sub,
        None if resolved.attr.is_complex() => {
            resolved.attr.sub_attribute("value").ok_or_else(|| {
                ScimError::invalid_value(format!("sortBy '{sort_by}' must name a sub-attribute"))
            })?
        }
        None => resolved.attr,
    };
    Ok(Some((path, attr, descending)))
}

/// An equality on an indexed attribute that every match must satisfy: `(index, value)`.
fn index_hint(rt: &ResourceType, filter: &Filter) -> Option<(Index, String)> {
    match filter {
        Filter::Compare {
            path,
            op: CompareOp::Eq,
            value: CompValue::Str(value),
        } if path.sub.is_none() => {
            if path
                .urn
                .as_deref()
                .is_some_and(|u| !u.eq_ignore_ascii_case(rt.schema.id))
            {
                return None;
            }
            let name_attr = match rt.kind {
                ResourceKind::User => "userName",
                ResourceKind::Group => "displayName",
            };
            let index = if path.name.eq_ignore_ascii_case(name_attr) {
                Index::Name
            } else if path.name.eq_ignore_ascii_case("id") {
                Index::Id
            } else if path.name.eq_ignore_ascii_case("externalId") {
                Index::ExternalId
            } else {
                return None;
            };
            Some((index, value.clone()))
        }
        Filter::And(a, b) => index_hint(rt, a).or_else(|| index_hint(rt, b)),
        _ => None,
    }
}
