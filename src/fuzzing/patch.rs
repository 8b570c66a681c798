//! PATCH application (RFC 7644 §3.5.2): input is a PatchOp body as JSON bytes, in which the text
//! `@USER@` and `@GROUP@` stands for the ids of the stored sample user and group (so that member
//! operations can name real resources). Bytes that are not JSON are the request target's concern.
//!
//! The body is applied, strictly and leniently, to a rich stored user and to a group with a member,
//! twice each: by [`patch::apply`] and [`normalize`] directly, and through [`Store::update`] as
//! the server's PATCH handler does (apply, then normalise, under the store's lock).
//!
//! Invariants: a failure is a 4xx and leaves the resource as it was (all or nothing); a success
//! gives a resource that normalises again to itself (what the server stores is a fixed point of
//! its own rules, so a GET followed by a PUT of the same document changes nothing).

use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::{Violation, ensure, samples};
use crate::server::error::ScimError;
use crate::server::patch;
use crate::server::resource::normalize::normalize;
use crate::server::schema::{REGISTRY, ResourceKind};
use crate::server::store::Store;

pub fn check_bytes(data: &[u8]) -> Result<(), Violation> {
    let store = Store::new("https://example.com/scim/v2");
    let user = create(&store, ResourceKind::User, samples::user_body())?;
    let group = create(&store, ResourceKind::Group, samples::group_body(&user))?;
    let text = String::from_utf8_lossy(data)
        .replace("@USER@", &user)
        .replace("@GROUP@", &group);
    let Ok(body) = serde_json::from_str::<Value>(&text) else {
        return Ok(());
    };
    for (kind, id) in [(ResourceKind::User, &user), (ResourceKind::Group, &group)] {
        for lenient in [true, false] {
            let doc = store
                .get(kind, id)
                .ok_or_else(|| Violation::new("sample resource vanished"))?
                .document();
            check_apply(kind, doc, &body, lenient)?;
            check_update(&store, kind, id, &body, lenient)?;
        }
    }
    Ok(())
}

fn create(store: &Store, kind: ResourceKind, body: Value) -> Result<String, Violation> {
    let content = normalize(REGISTRY.get(kind), body, true)
        .map_err(|e| Violation(format!("sample {kind:?} does not normalise: {e}")))?;
    let record = store
        .create(kind, content)
        .map_err(|e| Violation(format!("sample {kind:?} cannot be stored: {e}")))?;
    Ok(record.id.to_string())
}

/// [`patch::apply`] then [`normalize`], on a copy of a stored document.
pub fn check_apply(
    kind: ResourceKind,
    doc: Map<String, Value>,
    body: &Value,
    lenient: bool,
) -> Result<(), Violation> {
    let rt = REGISTRY.get(kind);
    let before = doc.clone();
    let mut work = doc;
    match patch::apply(rt, &mut work, body, lenient) {
        Err(e) => {
            client_error(&e, body)?;
            ensure(work == before, || {
                format!("{body}: failed with {e} but changed the resource to {work:?}")
            })
        }
        Ok(()) => match normalize(rt, Value::Object(work), lenient) {
            Err(e) => client_error(&e, body),
            Ok(once) => {
                let twice = normalize(rt, Value::Object(once.clone()), lenient).map_err(|e| {
                    Violation(format!(
                        "{body}: the patched resource no longer normalises: {e}"
                    ))
                })?;
                ensure(twice == once, || {
                    format!(
                        "{body}: normalising the patched resource again changes it:\n{}\n{}",
                        Value::Object(once.clone()),
                        Value::Object(twice.clone())
                    )
                })
            }
        },
    }
}

/// The server's own path: [`Store::update`] with the PATCH handler's change function.
fn check_update(
    store: &Store,
    kind: ResourceKind,
    id: &str,
    body: &Value,
    lenient: bool,
) -> Result<(), Violation> {
    let rt = REGISTRY.get(kind);
    let before = store.get(kind, id).map(|r| r.json.clone());
    let result = store.update(kind, id, None, |mut current| {
        patch::apply(rt, &mut current, body, lenient)?;
        normalize(rt, Value::Object(current), lenient)
    });
    match result {
        Err(e) => {
            client_error(&e, body)?;
            let after = store.get(kind, id).map(|r| r.json.clone());
            ensure(after == before, || {
                format!("{body}: failed with {e} but the stored resource changed")
            })
        }
        Ok(record) => ensure(
            serde_json::from_slice::<Value>(&record.json).is_ok_and(|v| v.is_object()),
            || format!("{body}: the stored resource is not a JSON object"),
        ),
    }
}

/// A failure caused by the request must be a 4xx, never a server error.
pub(crate) fn client_error(e: &ScimError, body: &Value) -> Result<(), Violation> {
    ensure(
        e.status.is_client_error() && e.status != StatusCode::NOT_FOUND,
        || format!("{body}: answered {e}"),
    )
}
