//! SCIM 1.1 queries: `GET /Users?filter=…` in the 1.1 list shape, with the 1.1 filter operators.
//!
//! SCIM 1.1 filters have `eq co sw pr gt ge lt le`, `and`, `or` and parentheses; `ne`, `ew`,
//! `not` and `attr[…]` value paths came with 2.0. The shared parser accepts the 2.0 grammar, so a
//! parsed filter is walked once here: 2.0-only constructs are 400 (a 1.1 server does not know
//! them, and silently evaluating them would let a client believe a 1.1 target supports them), and
//! 1.1 URN prefixes on attribute names become 2.0 ones. Then the 2.0 query engine runs unchanged.
//! The list body is `{"schemas":["urn:scim:schemas:core:1.0"], totalResults, itemsPerPage,
//! startIndex, Resources}`: 1.1 has no ListResponse message URN.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::handlers::{representation, selection};
use super::{CORE, JSON, Urls, translate};
use crate::server::AppState;
use crate::server::error::{ScimError, ScimResult};
use crate::server::filter::{self, AttrPath, CompareOp, Filter};
use crate::server::handlers::list::{self as engine, ListQuery};
use crate::server::handlers::request::QueryParams;
use crate::server::schema::{REGISTRY, ResourceKind};

/// A parsed filter restricted to SCIM 1.1, its attribute URNs in 2.0 form.
pub fn to_v2(kind: ResourceKind, filter: Filter) -> ScimResult<Filter> {
    let path = |p: AttrPath| AttrPath {
        urn: p
            .urn
            .map(|u| translate::urn_to_v2(kind, &u).map_or(u, str::to_string)),
        ..p
    };
    Ok(match filter {
        Filter::Present(p) => Filter::Present(path(p)),
        Filter::Compare { op, .. } if matches!(op, CompareOp::Ne | CompareOp::Ew) => {
            return Err(not_in_1_1(&format!("the operator '{}'", op.keyword())));
        }
        Filter::Compare { path: p, op, value } => Filter::Compare {
            path: path(p),
            op,
            value,
        },
        Filter::ValuePath { .. } => return Err(not_in_1_1("a value path attr[…]")),
        Filter::Not(_) => return Err(not_in_1_1("'not'")),
        Filter::And(a, b) => Filter::And(Box::new(to_v2(kind, *a)?), Box::new(to_v2(kind, *b)?)),
        Filter::Or(a, b) => Filter::Or(Box::new(to_v2(kind, *a)?), Box::new(to_v2(kind, *b)?)),
    })
}

fn not_in_1_1(what: &str) -> ScimError {
    ScimError::invalid_filter(format!(
        "{what} is not part of SCIM 1.1 filters (eq co sw pr gt ge lt le, and, or, parentheses)"
    ))
}

pub async fn list(
    kind: ResourceKind,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> ScimResult<Response> {
    let params = QueryParams::parse(query.as_deref());
    let mut query = ListQuery::from_params(&params)?;
    query.excluded_attributes = None;
    query.sort_by = query.sort_by.map(|s| translate::name_to_v2(kind, &s));
    let selection = selection(kind, &params)?;
    let rt = REGISTRY.get(kind);
    let filter = match query.filter.as_deref() {
        Some(text) => {
            let f = to_v2(kind, filter::parse_filter_with(text, state.config.lenient)?)?;
            filter::check(&f, rt)?;
            Some(f)
        }
        None => None,
    };
    let page = engine::select(&state, kind, &query, filter.as_ref())?;
    let urls = Urls::of(&state);
    let resources: Vec<Value> = page
        .items
        .into_iter()
        .map(|(record, doc)| {
            let doc = match doc {
                // Already rendered for filtering: project and translate it.
                Some(mut doc) => {
                    selection.apply(rt, &mut doc);
                    translate::to_v1(doc, &urls)
                }
                None => representation(&state, &record, &selection, &urls),
            };
            Value::Object(doc)
        })
        .collect();
    let body = json!({
        "schemas": [CORE],
        "totalResults": page.total,
        "itemsPerPage": resources.len(),
        "startIndex": page.start,
        "Resources": resources,
    });
    let mut response = (StatusCode::OK, body.to_string()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::urn;

    fn v2(text: &str) -> ScimResult<Filter> {
        to_v2(ResourceKind::User, filter::parse_filter(text)?)
    }

    #[test]
    fn the_1_1_operators_and_grouping_pass() {
        for text in [
            "userName eq \"a\"",
            "userName co \"a\" or userName sw \"b\"",
            "(title pr) and (meta.lastModified gt \"2011-05-13T04:42:34Z\")",
            "x ge 1 and x le 2 or x lt 0",
        ] {
            assert!(v2(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn the_2_0_only_constructs_are_invalid_filters() {
        for text in [
            "userName ne \"a\"",
            "userName ew \"a\"",
            "not (userName eq \"a\")",
            "emails[type eq \"work\"]",
            "userName eq \"a\" and emails[value co \"x\"]",
        ] {
            let e = v2(text).expect_err(text);
            assert_eq!(e.status, StatusCode::BAD_REQUEST, "{text}");
            assert!(e.detail.contains("SCIM 1.1"), "{text}: {}", e.detail);
        }
    }

    #[test]
    fn urn_prefixes_of_1_1_become_2_0_ones() {
        let f = v2("urn:scim:schemas:extension:enterprise:1.0:department eq \"R&D\"").unwrap();
        let Filter::Compare { path, .. } = f else {
            panic!("{f:?}")
        };
        assert_eq!(path.urn.as_deref(), Some(urn::ENTERPRISE_USER));
        let f = v2("urn:scim:schemas:core:1.0:userName pr").unwrap();
        assert_eq!(
            f,
            Filter::Present(AttrPath {
                urn: Some(urn::USER.into()),
                name: "userName".into(),
                sub: None
            })
        );
    }
}
