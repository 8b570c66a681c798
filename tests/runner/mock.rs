//! A wiremock stand-in for a SCIM server that answers the scenarios of `cases/mock` correctly,
//! except for one chosen misbehaviour.

use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const SCIM: &str = "application/scim+json";
pub const JANE_ID: &str = "7d6f3a9e-2c41-4b8e-9f0a-5e1d2c3b4a59";
pub const KNOWN_USER: &str = "2819c223-7f76-453a-919d-413861904646";
pub const ADMINS_ID: &str = "e9e30dba-f08f-4109-8486-d5c6a331660a";
pub const CREATED: &str = "2024-05-01T10:00:00Z";

/// What the stand-in gets wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misbehaviour {
    /// Nothing: every scenario of `cases/mock` passes.
    None,
    /// `GET /Users/KNOWN_USER` is 404.
    WrongStatus,
    /// Jane read back has no `displayName`.
    MissingAttribute,
    /// Jane read back has `active: false`.
    WrongValue,
    /// The admins group carries an `externalId` nobody expects.
    ExtraAttribute,
    /// `/ServiceProviderConfig` is `application/json`.
    WrongContentType,
    /// `GET /Groups` is a 500 with a SCIM error.
    ServerError,
    /// `/Schemas` is an HTML page.
    NotJson,
    /// `/ResourceTypes` answers after 3 s.
    Slow,
}

/// Every misbehaviour with the scenario of `cases/mock` it breaks.
pub const BROKEN: [(Misbehaviour, &str); 8] = [
    (Misbehaviour::WrongStatus, "status"),
    (Misbehaviour::MissingAttribute, "user_body"),
    (Misbehaviour::WrongValue, "user_body"),
    (Misbehaviour::ExtraAttribute, "group_exact"),
    (Misbehaviour::WrongContentType, "content_type"),
    (Misbehaviour::ServerError, "server_error"),
    (Misbehaviour::NotJson, "not_json"),
    (Misbehaviour::Slow, "slow"),
];

/// The ids of every scenario in `cases/mock`.
pub const MOCK_IDS: [&str; 8] = [
    "content_type",
    "group_exact",
    "group_subset",
    "not_json",
    "server_error",
    "slow",
    "status",
    "user_body",
];

pub fn scim(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string().into_bytes(), SCIM)
}

pub fn scim_error(status: u16, detail: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
        "status": status.to_string(),
        "detail": detail,
    })
}

pub fn jane(base: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": JANE_ID,
        "userName": "jane@example.com",
        "displayName": "Jane Doe",
        "active": true,
        "meta": {
            "resourceType": "User",
            "created": CREATED,
            "lastModified": CREATED,
            "location": format!("{base}/Users/{JANE_ID}"),
            "version": "W/\"1\"",
        },
    })
}

pub fn admins(base: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": ADMINS_ID,
        "displayName": "Admins",
        "members": [],
        "meta": {
            "resourceType": "Group",
            "created": CREATED,
            "lastModified": CREATED,
            "location": format!("{base}/Groups/{ADMINS_ID}"),
        },
    })
}

/// A stand-in serving SCIM under `/scim/v2`; returns it with its base URL.
pub async fn start(mis: Misbehaviour) -> (MockServer, String) {
    let server = MockServer::start().await;
    let base = format!("{}/scim/v2", server.uri());
    mount(&server, &base, mis).await;
    (server, base)
}

async fn on(server: &MockServer, verb: &str, p: String, response: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(p))
        .respond_with(response)
        .mount(server)
        .await;
}

pub async fn mount(server: &MockServer, base: &str, mis: Misbehaviour) {
    use Misbehaviour as M;
    let known = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": KNOWN_USER, "userName": "known@example.com"});
    let status = match mis {
        M::WrongStatus => scim(
            404,
            &scim_error(404, &format!("User {KNOWN_USER} not found")),
        ),
        _ => scim(200, &known),
    };
    on(
        server,
        "GET",
        format!("/scim/v2/Users/{KNOWN_USER}"),
        status,
    )
    .await;

    on(
        server,
        "POST",
        "/scim/v2/Users".into(),
        scim(201, &jane(base)).insert_header("Location", format!("{base}/Users/{JANE_ID}")),
    )
    .await;
    let mut read = jane(base);
    match mis {
        M::MissingAttribute => {
            read.as_object_mut().unwrap().remove("displayName");
        }
        M::WrongValue => read["active"] = json!(false),
        _ => {}
    }
    let users = format!("/scim/v2/Users/{JANE_ID}");
    on(server, "GET", users.clone(), scim(200, &read)).await;
    on(server, "DELETE", users, ResponseTemplate::new(204)).await;

    let mut group = admins(base);
    if mis == M::ExtraAttribute {
        // After displayName, as a server would put it.
        let map = group.as_object_mut().unwrap();
        let members = map.remove("members").unwrap();
        let meta = map.remove("meta").unwrap();
        map.insert("externalId".into(), json!("okta-admins"));
        map.insert("members".into(), members);
        map.insert("meta".into(), meta);
    }
    let groups = format!("/scim/v2/Groups/{ADMINS_ID}");
    on(server, "GET", groups, scim(200, &group)).await;

    let spc = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": {"supported": true},
        "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
    });
    let mime = if mis == M::WrongContentType {
        "application/json"
    } else {
        SCIM
    };
    let spc = ResponseTemplate::new(200).set_body_raw(spc.to_string().into_bytes(), mime);
    on(server, "GET", "/scim/v2/ServiceProviderConfig".into(), spc).await;

    let list = match mis {
        M::ServerError => scim(500, &scim_error(500, "database unavailable")),
        _ => scim(
            200,
            &json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
                "totalResults": 0, "startIndex": 1, "itemsPerPage": 0, "Resources": []}),
        ),
    };
    on(server, "GET", "/scim/v2/Groups".into(), list).await;

    let schemas = match mis {
        M::NotJson => ResponseTemplate::new(200).set_body_raw(
            b"<html><body><h1>Sign in to continue</h1></body></html>".to_vec(),
            "text/html",
        ),
        _ => scim(200, &json!({"totalResults": 2, "Resources": []})),
    };
    on(server, "GET", "/scim/v2/Schemas".into(), schemas).await;

    let mut types = scim(200, &json!({"totalResults": 2, "Resources": []}));
    if mis == M::Slow {
        types = types.set_delay(Duration::from_secs(3));
    }
    on(server, "GET", "/scim/v2/ResourceTypes".into(), types).await;
}

/// `METHOD path` of every request the stand-in received, in order.
pub async fn received(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect()
}
