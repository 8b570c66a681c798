//! The discovery quirks: `/Schemas` and `/ResourceTypes` answered in ways RFC 7644 §4 and
//! RFC 7643 §6–§7 rule out, as real servers have shipped them.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use super::context::Context;
use super::{Quirk, Quirks};
use crate::server::error::ScimError;
use crate::server::urn;

/// Which discovery list a path (relative to the base URL) is, if any.
fn list_of(relative: &str) -> Option<&'static str> {
    match relative.trim_end_matches('/') {
        "/Schemas" => Some("/Schemas"),
        "/ResourceTypes" => Some("/ResourceTypes"),
        _ => None,
    }
}

/// Request-side discovery quirks: answers in the handler's place.
pub(super) fn answer(quirks: &Quirks, context: &Context) -> Option<Result<Value, ScimError>> {
    if context.method != Method::GET {
        return None;
    }
    if quirks.has(Quirk::SchemaByUriNotServed) && context.relative.starts_with("/Schemas/") {
        return Some(Err(ScimError::not_found(format!(
            "no SCIM endpoint at {}",
            context.relative
        ))));
    }
    if quirks.has(Quirk::DiscoveryFilterMatchesNothing)
        && list_of(&context.relative).is_some()
        && context.filter.is_some()
    {
        return Some(Ok(json!({
            "schemas": [urn::LIST_RESPONSE], "totalResults": 0, "startIndex": 1,
            "itemsPerPage": 0, "Resources": []
        })));
    }
    None
}

/// Response-side discovery quirks, on a JSON body.
pub(super) fn response_json(
    quirks: &Quirks,
    context: &Context,
    status: StatusCode,
    body: &mut Value,
) {
    if context.method != Method::GET || status != StatusCode::OK {
        return;
    }
    let list = list_of(&context.relative).is_some();
    if list && quirks.has(Quirk::DiscoveryPaginated) {
        let start = context.start_index.unwrap_or(1).max(1) as usize;
        if let Some(Value::Array(resources)) = body.get_mut("Resources") {
            let page: Vec<Value> = resources
                .iter()
                .skip(start - 1)
                .take(context.count.map_or(usize::MAX, |c| c as usize))
                .cloned()
                .collect();
            let returned = page.len();
            *resources = page;
            body["itemsPerPage"] = json!(returned);
            body["startIndex"] = json!(start);
        }
    }
    if list
        && quirks.has(Quirk::DiscoveryWithoutTotalResults)
        && let Some(map) = body.as_object_mut()
    {
        map.shift_remove("totalResults");
    }
    if quirks.has(Quirk::ResourceTypeEndpointAbsolute)
        && context.relative.starts_with("/ResourceTypes")
    {
        let base = context.base_path.trim_end_matches('/').to_owned();
        let absolute = |resource_type: &mut Value| {
            if let Some(endpoint) = resource_type.get("endpoint").and_then(Value::as_str)
                && endpoint.starts_with('/')
                && !endpoint.starts_with(&base)
            {
                resource_type["endpoint"] = json!(format!("{base}{endpoint}"));
            }
        };
        match body.get_mut("Resources") {
            Some(Value::Array(resources)) => resources.iter_mut().for_each(absolute),
            _ => absolute(body),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::quirks::route::Route;

    fn context(relative: &str, query: Option<&str>) -> Context {
        let mut context = Context::of(&Method::GET, &Route::Other, query);
        context.relative = relative.to_owned();
        context.base_path = "/scim/v2".to_owned();
        context
    }

    #[test]
    fn endpoints_get_the_base_path_and_lists_lose_their_total() {
        let quirks = Quirks::new([
            Quirk::ResourceTypeEndpointAbsolute,
            Quirk::DiscoveryWithoutTotalResults,
        ]);
        let mut list = json!({"schemas": [urn::LIST_RESPONSE], "totalResults": 1,
                              "Resources": [{"name": "User", "endpoint": "/Users"}]});
        response_json(
            &quirks,
            &context("/ResourceTypes", None),
            StatusCode::OK,
            &mut list,
        );
        assert_eq!(list["Resources"][0]["endpoint"], json!("/scim/v2/Users"));
        assert!(list.get("totalResults").is_none());
    }

    #[test]
    fn a_paginated_discovery_list_is_cut_to_the_page() {
        let quirks = Quirks::new([Quirk::DiscoveryPaginated]);
        let mut list =
            json!({"totalResults": 3, "Resources": [{"id": "a"}, {"id": "b"}, {"id": "c"}]});
        let context = context("/Schemas", Some("startIndex=2&count=1"));
        response_json(&quirks, &context, StatusCode::OK, &mut list);
        assert_eq!(list["Resources"], json!([{"id": "b"}]));
        assert_eq!(list["totalResults"], json!(3));
    }
}
