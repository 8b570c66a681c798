//! Running one resolved bulk operation through the same code as its single request.
//!
//! Why no resource logic here: RFC 7644 §3.7.3 defines an operation's status as the code "that
//! would have been returned if a single HTTP request would have been used", so each operation is
//! routed like its request and handed to the functions the `/Users` and `/Groups` handlers call
//! (`create_record`, `replace_record`, `patch_record`, `delete_record`): normalisation,
//! uniqueness, PATCH semantics and preconditions cannot drift between the two ways in.

use axum::http::StatusCode;

use super::request::{Method, Operation};
use crate::server::AppState;
use crate::server::error::{ScimError, ScimResult};
use crate::server::handlers::resources::{
    create_record, delete_record, patch_record, replace_record,
};
use crate::server::schema::ResourceKind;

/// What one operation did, as its entry of the BulkResponse reports it.
#[derive(Debug)]
pub struct Outcome {
    pub status: StatusCode,
    /// The resource's URL; absent only for a failed POST (§3.7.3).
    pub location: Option<String>,
    /// The resource's version after the operation (its ETag).
    pub version: Option<String>,
    /// Why it failed (rendered as the SCIM error of `response`).
    pub error: Option<ScimError>,
    /// The id a successful POST created.
    pub created: Option<String>,
}

impl Outcome {
    pub fn failed(error: ScimError, location: Option<String>) -> Outcome {
        Outcome {
            status: error.status,
            location,
            version: None,
            error: Some(error),
            created: None,
        }
    }
}

/// `/Users` → (User, None); `/Groups/abc` → (Group, Some("abc")); anything else is `None`.
pub fn route(path: &str) -> Option<(ResourceKind, Option<&str>)> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let rest = path.strip_prefix('/')?;
    let (endpoint, id) = match rest.split_once('/') {
        Some((endpoint, id)) => (endpoint, Some(id).filter(|id| !id.is_empty())),
        None => (rest, None),
    };
    if id.is_some_and(|id| id.contains('/')) {
        return None;
    }
    let kind = [ResourceKind::User, ResourceKind::Group]
        .into_iter()
        .find(|k| k.endpoint().trim_start_matches('/') == endpoint)?;
    Some((kind, id))
}

/// The URL an operation names, for reporting a failure before it could run.
pub fn location_of(state: &AppState, operation: &Operation) -> Option<String> {
    if operation.method == Method::Post {
        return None;
    }
    Some(match route(&operation.path) {
        Some((kind, Some(id))) => state.store.location(kind, id),
        _ => format!("{}{}", state.store.base_url(), operation.path),
    })
}

/// Runs `operation`, whose references are resolved.
pub fn execute(state: &AppState, operation: &Operation) -> Outcome {
    let location = location_of(state, operation);
    match run(state, operation) {
        Ok(outcome) => outcome,
        Err(error) => Outcome::failed(error, location),
    }
}

fn run(state: &AppState, operation: &Operation) -> ScimResult<Outcome> {
    let Some((kind, id)) = route(&operation.path) else {
        return Err(ScimError::not_found(format!(
            "no SCIM resource endpoint at {}",
            operation.path
        )));
    };
    let not_allowed = |what: &str| {
        ScimError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            None,
            format!("{} {what}", operation.method.as_str()),
        )
    };
    let data = || operation.data.clone().unwrap_or_default();
    let if_match = operation.version.as_deref();
    let (status, record) = match (operation.method, id) {
        (Method::Post, None) => (StatusCode::CREATED, create_record(state, kind, data())?),
        (Method::Post, Some(_)) => {
            return Err(not_allowed("is served at the endpoint, not at a resource"));
        }
        (_, None) => return Err(not_allowed("needs a resource path such as /Users/{id}")),
        (Method::Put, Some(id)) => (
            StatusCode::OK,
            replace_record(state, kind, id, data(), if_match)?,
        ),
        (Method::Patch, Some(id)) => (
            StatusCode::OK,
            patch_record(state, kind, id, &data(), if_match)?,
        ),
        (Method::Delete, Some(id)) => {
            delete_record(state, kind, id, if_match)?;
            return Ok(Outcome {
                status: StatusCode::NO_CONTENT,
                location: Some(state.store.location(kind, id)),
                version: None,
                error: None,
                created: None,
            });
        }
    };
    Ok(Outcome {
        status,
        location: Some(state.store.location(kind, &record.id)),
        version: Some(record.version()),
        error: None,
        created: (operation.method == Method::Post).then(|| record.id.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_route_like_single_requests() {
        assert_eq!(route("/Users"), Some((ResourceKind::User, None)));
        assert_eq!(route("/Users/"), Some((ResourceKind::User, None)));
        assert_eq!(route("/Groups/a"), Some((ResourceKind::Group, Some("a"))));
        assert_eq!(
            route("/Users/a?attributes=id"),
            Some((ResourceKind::User, Some("a")))
        );
        for path in ["/Me", "/Users/a/b", "Users", "/users", "/", ""] {
            assert_eq!(route(path), None, "{path}");
        }
    }
}
