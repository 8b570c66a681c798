//! Queries: `GET /Users?filter=…`, `POST /Users/.search` and, over several resource types,
//! `POST /.search` (RFC 7644 §3.4.2, §3.4.3; the root search is in `root_search`).
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
use crate::server::schema::{AttributeDef, REGISTRY, ResourceKind, ResourceType};
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
    Ok(render_page(state, page, |_| &selection))
}

/// The ListResponse body for `page`, each resource projected by the selection for its type.
pub fn render_page<'s>(
    state: &AppState,
    page: Page,
    selection: impl Fn(ResourceKind) -> &'s AttributeSelection,
) -> Vec<u8> {
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
        let selection = selection(record.kind);
        match doc {
            Some(mut doc) => {
                selection.apply(REGISTRY.get(record.kind), &mut doc);
                out.extend_from_slice(&serde_json::to_vec(&Value::Object(doc)).unwrap_or_default());
            }
            None => out.extend_from_slice(&render::render(&state.store, &record, selection)),
        }
    }
    out.extend_from_slice(b"]}");
    out
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
    select_across(state, &[kind], query, filter)
}

/// The page of records of any of `kinds` that match `filter`: the matches of each kind in the
/// order given (each in creation order), then sorted over all of them when `query` says so, then
/// paged. A type that lacks the filter's or `sortBy`'s attribute sees it unassigned.
pub fn select_across(
    state: &AppState,
    kinds: &[ResourceKind],
    query: &ListQuery,
    filter: Option<&Filter>,
) -> ScimResult<Page> {
    let sort = SortSpec::resolve(kinds, query)?;
    let needs_documents = filter.is_some() || sort.is_some();
    let mut matched: Vec<Candidate> = Vec::new();
    for &kind in kinds {
        matched.extend(matching(state, kind, filter, needs_documents));
    }
    if let Some(sort) = &sort {
        matched = sort.apply(kinds, matched);
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

/// The records of `kind` that match `filter`, in creation order, with their documents when
/// `needs_documents`. Candidates come from an index when the filter allows.
fn matching(
    state: &AppState,
    kind: ResourceKind,
    filter: Option<&Filter>,
    needs_documents: bool,
) -> Vec<Candidate> {
    let rt = REGISTRY.get(kind);
    let candidates = match filter.and_then(|f| index_hint(rt, f)) {
        Some((index, value)) => state.store.lookup(kind, index, &value),
        None => state.store.snapshot(kind),
    };
    let mut matched = Vec::new();
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
    matched
}

/// `sortBy` resolved against the resource types a query spans, and the order.
struct SortSpec {
    path: AttrPath,
    descending: bool,
    /// For each kind of the query, what `path` names there; `None` where the type lacks it.
    defs: Vec<(ResourceKind, Option<&'static AttributeDef>)>,
}

impl SortSpec {
    /// `None` without `sortBy`. 400 `invalidValue` for an unknown `sortOrder`, for an attribute
    /// that none of `kinds` has, and for a complex attribute without a `value` to sort by.
    fn resolve(kinds: &[ResourceKind], query: &ListQuery) -> ScimResult<Option<Self>> {
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
        let mut defs = Vec::with_capacity(kinds.len());
        for &kind in kinds {
            let rt: &'static ResourceType = REGISTRY.get(kind);
            let def = match rt.resolve(path.urn.as_deref(), &path.name, path.sub.as_deref()) {
                None => None,
                Some(resolved) => Some(match resolved.sub {
                    Some(sub) => sub,
                    None if resolved.attr.is_complex() => {
                        resolved.attr.sub_attribute("value").ok_or_else(|| {
                            ScimError::invalid_value(format!(
                                "sortBy '{sort_by}' must name a sub-attribute"
                            ))
                        })?
                    }
                    None => resolved.attr,
                }),
            };
            defs.push((kind, def));
        }
        if defs.iter().all(|(_, def)| def.is_none()) {
            return Err(ScimError::invalid_value(format!(
                "cannot sort by unknown attribute '{sort_by}'"
            )));
        }
        Ok(Some(SortSpec {
            path,
            descending,
            defs,
        }))
    }

    fn def(&self, kind: ResourceKind) -> Option<&'static AttributeDef> {
        self.defs
            .iter()
            .find(|(k, _)| *k == kind)
            .and_then(|(_, d)| *d)
    }

    /// `matched` sorted by the value `path` names. Resources without a value sort last ascending
    /// and first descending (RFC 7644 §3.4.2.3); ties keep the query's order: by kind as listed
    /// in `kinds`, then creation order. Two values are compared as the left one's type defines
    /// the attribute: the types this server serves define every attribute they share alike.
    fn apply(&self, kinds: &[ResourceKind], matched: Vec<Candidate>) -> Vec<Candidate> {
        let rank = |kind: ResourceKind| kinds.iter().position(|k| *k == kind);
        let mut keyed: Vec<_> = matched
            .into_iter()
            .map(|(record, doc)| {
                let key = doc
                    .as_ref()
                    .and_then(|d| filter::sort_key(d, REGISTRY.get(record.kind), &self.path))
                    .cloned();
                (key, record, doc)
            })
            .collect();
        keyed.sort_by(|(ka, ra, _), (kb, rb, _)| {
            let by_value = match (ka, kb) {
                (Some(a), Some(b)) => match self.def(ra.kind).or(self.def(rb.kind)) {
                    Some(def) => filter::compare_for_sort(a, b, def),
                    None => Ordering::Equal,
                },
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            };
            let by_value = if self.descending {
                by_value.reverse()
            } else {
                by_value
            };
            by_value
                .then(rank(ra.kind).cmp(&rank(rb.kind)))
                .then(ra.seq.cmp(&rb.seq))
        });
        keyed.into_iter().map(|(_, r, d)| (r, d)).collect()
    }
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
