//! The quirks of servers that fail Microsoft Entra ID's provisioning (docs/entra.md): what real
//! servers shipped against what Entra sends, each reproduced by rewriting or refusing the
//! request before the correct handler sees it.
//!
//! Entra's two PATCH behaviours (`--entra-patch legacy|flag`) meet different bugs: the dotted
//! keys of a path-less `replace` are sent only with the aadOptscim062020 flag, the `"True"` and
//! `"False"` strings only without it.

use axum::http::request::Parts;
use axum::http::{Method, Uri};
use serde_json::Value;

use super::route::Route;
use super::{Quirk, Quirks};
use crate::server::error::ScimError;
use crate::server::schema::ResourceKind;
use crate::server::urn;

/// The Entra quirks' names, descriptions and sources (`Quirk::name`, `Quirk::description`).
pub(super) fn describe(quirk: Quirk) -> Option<(&'static str, &'static str)> {
    Some(match quirk {
        Quirk::PathlessDottedKeysIgnored => (
            "pathless-dotted-keys-ignored",
            "a path-less replace ignores the keys of its value that are dotted paths (`\"name.givenName\"`, Entra's flag-mode update), answering 200 (Captain-P-Goldfish/scim-for-keycloak#26, Captain-P-Goldfish/SCIM-SDK#267)",
        ),
        Quirk::PathlessDottedKeysRefused => (
            "pathless-dotted-keys-refused",
            "a path-less replace whose value has a dotted key (`\"name.familyName\"`) is refused with 400 invalidValue: the key is read as an attribute name the schema lacks (scimmyjs/scimmy#10)",
        ),
        Quirk::FilteredValuePathRefused => (
            "filtered-value-path-refused",
            "a PATCH path with a value filter and a sub-attribute, Entra's `emails[type eq \"work\"].value`, is refused with 400 invalidSyntax (elimity-com/scim#105)",
        ),
        Quirk::ValuePathFilterUnparsable => (
            "value-path-filter-unparsable",
            "a filter with a value path, `emails[type eq \"work\"].value eq \"…\"` (Entra's matching on the work email), is a 400 invalidFilter (pond/scimitar#115)",
        ),
        Quirk::StringBooleansRefused => (
            "string-booleans-refused",
            "a PATCH value \"True\" or \"False\" for a boolean (Entra's disable without the flag) is refused with 400 invalidValue (scimmyjs/scimmy#51, #86; zitadel/zitadel#8140)",
        ),
        Quirk::ActiveTrueRefused => (
            "active-true-refused",
            "a PATCH setting active to true (Entra's enable) is refused with 400, while false is accepted (getsentry/sentry-docs#16258)",
        ),
        Quirk::PlusNotDecodedInQuery => (
            "plus-not-decoded-in-query",
            "a `+` in the query string is not decoded as a space, so Entra's `filter=userName+eq+%22…%22` is a 400 invalidFilter (MicrosoftDocs/azure-docs#94189 shows the form Entra sends)",
        ),
        Quirk::EnterpriseUrnPathInvalid => (
            "enterprise-urn-path-invalid",
            "a PATCH path qualified with the enterprise extension's URN (`urn:…:enterprise:2.0:User:manager`, Entra's manager update) is refused with 400 invalidPath (imulab/go-scim#75)",
        ),
        _ => return None,
    })
}

/// Request side: the Entra quirks that refuse or rewrite a request.
pub(super) fn request(
    quirks: &Quirks,
    parts: &mut Parts,
    route: &Route,
    json: &mut Option<Value>,
) -> Option<ScimError> {
    if quirks.has(Quirk::PlusNotDecodedInQuery) {
        keep_plus_literal(&mut parts.uri);
    }
    match (&parts.method, route) {
        (&Method::GET, Route::List(_)) => {
            let filter = super::route::query_pairs(&parts.uri)
                .into_iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("filter"))
                .map(|(_, v)| v);
            refuse_value_path_filter(quirks, filter.as_deref())
        }
        (&Method::POST, Route::Search(_)) => {
            let filter = json.as_ref()?.get("filter")?.as_str()?;
            refuse_value_path_filter(quirks, Some(filter))
        }
        (&Method::PATCH, Route::Item(kind, _)) => {
            let operations = json.as_mut()?.get_mut("Operations")?.as_array_mut()?;
            patch(quirks, *kind, operations)
        }
        _ => None,
    }
}

/// A server that reads the query with percent-decoding only: a `+` stays a `+`.
fn keep_plus_literal(uri: &mut Uri) {
    let Some(query) = uri.query().filter(|q| q.contains('+')) else {
        return;
    };
    let target = format!("{}?{}", uri.path(), query.replace('+', "%2B"));
    let mut builder = axum::http::uri::Parts::from(uri.clone());
    if let Ok(pq) = target.parse() {
        builder.path_and_query = Some(pq);
        if let Ok(new) = Uri::from_parts(builder) {
            *uri = new;
        }
    }
}

fn refuse_value_path_filter(quirks: &Quirks, filter: Option<&str>) -> Option<ScimError> {
    let filter = filter?;
    (quirks.has(Quirk::ValuePathFilterUnparsable) && filter.contains('[')).then(|| {
        ScimError::invalid_filter(format!(
            "unexpected character '[' in filter `{filter}`: expected an operator"
        ))
    })
}

/// The PATCH quirks: a refusal, or the operations rewritten in place.
fn patch(quirks: &Quirks, kind: ResourceKind, operations: &mut [Value]) -> Option<ScimError> {
    for op in operations.iter() {
        let path = op.get("path").and_then(Value::as_str);
        let value = op.get("value");
        if quirks.has(Quirk::FilteredValuePathRefused)
            && let Some(path) = path
            && path.contains('[')
            && path
                .rsplit(']')
                .next()
                .is_some_and(|rest| rest.starts_with('.'))
        {
            return Some(ScimError::invalid_syntax(format!(
                "invalid attribute path `{path}`"
            )));
        }
        if quirks.has(Quirk::EnterpriseUrnPathInvalid)
            && let Some(path) = path
            && path.len() > urn::ENTERPRISE_USER.len()
            && path[..urn::ENTERPRISE_USER.len()].eq_ignore_ascii_case(urn::ENTERPRISE_USER)
        {
            return Some(ScimError::invalid_path(format!(
                "unknown attribute path `{path}`"
            )));
        }
        if quirks.has(Quirk::PathlessDottedKeysRefused)
            && path.is_none()
            && let Some(key) = value
                .and_then(Value::as_object)
                .and_then(|v| v.keys().find(|k| is_dotted_path(k)))
        {
            return Some(ScimError::invalid_value(format!(
                "Value not valid for attribute '{key}' of 'replace' operation in PatchOp request body"
            )));
        }
        if kind == ResourceKind::User
            && quirks.has(Quirk::StringBooleansRefused)
            && let Some(name) = string_boolean(path, value)
        {
            return Some(ScimError::invalid_value(format!(
                "Attribute '{name}' expected value type 'boolean' but found type 'string'"
            )));
        }
        if kind == ResourceKind::User && quirks.has(Quirk::ActiveTrueRefused) && sets_active(op) {
            return Some(ScimError::invalid_value(
                "attribute `active` can only be set to false",
            ));
        }
    }
    if quirks.has(Quirk::PathlessDottedKeysIgnored) {
        for op in operations.iter_mut() {
            if op.get("path").is_none()
                && let Some(value) = op.get_mut("value").and_then(Value::as_object_mut)
            {
                value.retain(|k, _| !is_dotted_path(k));
            }
        }
    }
    None
}

/// `name.givenName`: a dotted attribute path, not a schema URN (whose `2.0` has a dot too).
fn is_dotted_path(key: &str) -> bool {
    !key.to_ascii_lowercase().starts_with("urn:") && key.contains('.')
}

/// The boolean attribute a PATCH operation sets to `"True"` or `"False"` (`active`, or an
/// email's `primary`), if it does.
fn string_boolean(path: Option<&str>, value: Option<&Value>) -> Option<String> {
    const BOOLEANS: [&str; 2] = ["active", "primary"];
    let is_word = |v: &Value| {
        v.as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false"))
    };
    match path {
        Some(path) => {
            let last = path.rsplit(['.', ':']).next().unwrap_or(path);
            (BOOLEANS.iter().any(|b| b.eq_ignore_ascii_case(last)) && value.is_some_and(is_word))
                .then(|| path.to_owned())
        }
        None => value?.as_object()?.iter().find_map(|(k, v)| {
            (BOOLEANS.iter().any(|b| b.eq_ignore_ascii_case(k)) && is_word(v)).then(|| k.clone())
        }),
    }
}

/// Whether a PATCH operation sets `active` to true (`true` or Entra's `"True"`).
fn sets_active(op: &Value) -> bool {
    let is_true = |v: &Value| {
        v.as_bool() == Some(true) || v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("true"))
    };
    let removes = op
        .get("op")
        .and_then(Value::as_str)
        .is_some_and(|o| o.eq_ignore_ascii_case("remove"));
    if removes {
        return false;
    }
    match op.get("path").and_then(Value::as_str) {
        Some(path) => path.eq_ignore_ascii_case("active") && op.get("value").is_some_and(is_true),
        None => op
            .get("value")
            .and_then(Value::as_object)
            .and_then(|v| v.iter().find(|(k, _)| k.eq_ignore_ascii_case("active")))
            .is_some_and(|(_, v)| is_true(v)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refused(quirk: Quirk, operations: Value) -> bool {
        let mut operations = operations.as_array().cloned().unwrap_or_default();
        patch(&Quirks::new([quirk]), ResourceKind::User, &mut operations).is_some()
    }

    #[test]
    fn each_refusal_trips_only_on_its_form() {
        let work =
            json!([{"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "a@x"}]);
        assert!(refused(Quirk::FilteredValuePathRefused, work));
        let member = json!([{"op": "remove", "path": "members[value eq \"1\"]"}]);
        assert!(!refused(Quirk::FilteredValuePathRefused, member));

        let manager = json!([{"op": "add", "path": format!("{}:manager", urn::ENTERPRISE_USER), "value": {"value": "m"}}]);
        assert!(refused(Quirk::EnterpriseUrnPathInvalid, manager));
        let urn_key = json!([{"op": "replace", "value": {format!("{}:employeeNumber", urn::ENTERPRISE_USER): "7"}}]);
        assert!(!refused(Quirk::PathlessDottedKeysRefused, urn_key.clone()));
        assert!(!refused(Quirk::EnterpriseUrnPathInvalid, urn_key));
        let dotted = json!([{"op": "replace", "value": {"name.givenName": "A"}}]);
        assert!(refused(Quirk::PathlessDottedKeysRefused, dotted));

        assert!(refused(
            Quirk::StringBooleansRefused,
            json!([{"op": "Replace", "path": "active", "value": "False"}])
        ));
        assert!(!refused(
            Quirk::StringBooleansRefused,
            json!([{"op": "replace", "path": "active", "value": false}])
        ));
        assert!(!refused(
            Quirk::StringBooleansRefused,
            json!([{"op": "replace", "path": "displayName", "value": "True"}])
        ));

        assert!(refused(
            Quirk::ActiveTrueRefused,
            json!([{"op": "replace", "path": "active", "value": true}])
        ));
        assert!(refused(
            Quirk::ActiveTrueRefused,
            json!([{"op": "replace", "value": {"active": "True"}}])
        ));
        assert!(!refused(
            Quirk::ActiveTrueRefused,
            json!([{"op": "replace", "path": "active", "value": false}])
        ));
    }

    #[test]
    fn dotted_keys_are_dropped_and_urn_keys_kept() {
        let mut operations = vec![json!({"op": "replace", "value": {
            "displayName": "D", "name.givenName": "G",
            format!("{}:employeeNumber", urn::ENTERPRISE_USER): "7"}})];
        let quirks = Quirks::new([Quirk::PathlessDottedKeysIgnored]);
        assert!(patch(&quirks, ResourceKind::User, &mut operations).is_none());
        let value = operations[0]["value"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        assert_eq!(value.len(), 2);
        assert!(!value.contains_key("name.givenName"));
    }

    #[test]
    fn a_plus_stays_a_plus() {
        let mut uri: Uri = "/v2/Users?filter=userName+eq+%22a%22"
            .parse()
            .expect("a uri");
        keep_plus_literal(&mut uri);
        let pairs = super::super::route::query_pairs(&uri);
        assert_eq!(pairs[0].1, "userName+eq+\"a\"");
    }
}
