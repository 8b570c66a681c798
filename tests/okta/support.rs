//! The harness: a queue-answering wiremock server, a scenario runner with fixed seed and run
//! tag (so generated people are known), and renderings of what was received.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use scimulate::idp::okta::OktaMode;
use scimulate::protocol::Dialect;
use scimulate::protocol::Identity;
use scimulate::runner::outcome::ScenarioOutcome;
use scimulate::runner::scenario_run::{RunSettings, group_display_name, run_scenario};
use scimulate::scenario::model::IdentitySpec;
use scimulate::scenario::{LoadedScenario, load_file};
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::common;

pub const SEED: u64 = 7;
pub const TAG: &str = "tag001";

struct Queue(Mutex<VecDeque<ResponseTemplate>>);

impl Respond for Queue {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.0
            .lock()
            .ok()
            .and_then(|mut q| q.pop_front())
            .unwrap_or_else(|| ResponseTemplate::new(599))
    }
}

pub struct Run {
    pub outcome: ScenarioOutcome,
    pub requests: Vec<Request>,
    pub loaded: LoadedScenario,
}

impl Run {
    pub fn person(&self, name: &str) -> Identity {
        Identity::generate(SEED, TAG, &self.loaded.id, name, &IdentitySpec::default())
    }

    pub fn group(&self, name: &str) -> String {
        group_display_name(&self.loaded.id, name, TAG)
    }

    /// `METHOD path?query` of every request, query exactly as received.
    pub fn lines(&self) -> Vec<String> {
        self.requests.iter().map(line).collect()
    }

    pub fn body(&self, index: usize) -> Value {
        serde_json::from_slice(&self.requests[index].body).unwrap_or(Value::Null)
    }

    /// The first failure's message (panics if the scenario passed).
    pub fn failure(&self) -> String {
        match self.outcome.first_failure() {
            Some((_, f)) => f.message.clone(),
            None => panic!("the scenario passed"),
        }
    }

    /// Every warning's message, in order (the scenario may have passed).
    pub fn warnings(&self) -> Vec<String> {
        self.outcome
            .warnings()
            .map(|(_, w)| w.message.clone())
            .collect()
    }

    pub fn assert_passed(&self) {
        if let Some((step, f)) = self.outcome.first_failure() {
            panic!(
                "step {} failed: {}\n{:#?}",
                step.name,
                f.message,
                self.lines()
            );
        }
    }

    /// Every request carries Okta's headers; bodies carry Okta's Content-Type.
    pub fn assert_okta_headers(&self) {
        self.assert_okta_headers_in("application/scim+json");
    }

    /// [`Self::assert_okta_headers`] with `media_type` (`application/json` in SCIM 1.1).
    pub fn assert_okta_headers_in(&self, media_type: &str) {
        for request in &self.requests {
            let header = |name: &str| {
                request
                    .headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            let what = line(request);
            assert_eq!(
                header("user-agent").as_deref(),
                Some("Okta SCIM Client 1.0.0"),
                "{what}"
            );
            assert_eq!(header("accept").as_deref(), Some(media_type), "{what}");
            assert_eq!(header("accept-charset").as_deref(), Some("utf-8"), "{what}");
            assert_eq!(
                header("authorization").as_deref(),
                Some("Bearer okta-token"),
                "{what}"
            );
            let content_type = header("content-type");
            if request.body.is_empty() {
                assert_eq!(content_type, None, "{what}");
            } else {
                assert_eq!(
                    content_type.as_deref(),
                    Some(format!("{media_type}; charset=utf-8").as_str()),
                    "{what}"
                );
            }
        }
    }
}

pub fn line(request: &Request) -> String {
    match request.url.query() {
        Some(q) => format!("{} {}?{q}", request.method, request.url.path()),
        None => format!("{} {}", request.method, request.url.path()),
    }
}

/// Runs `yaml` in `mode` against a stand-in answering `responses` in order.
pub async fn run(yaml: &str, mode: OktaMode, responses: Vec<ResponseTemplate>) -> Run {
    run_in(yaml, mode, Dialect::Scim2, responses).await
}

/// [`run`] in `dialect`, against `/scim/v2` or (1.1) `/scim/v1` of the stand-in.
pub async fn run_in(
    yaml: &str,
    mode: OktaMode,
    dialect: Dialect,
    responses: Vec<ResponseTemplate>,
) -> Run {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(Queue(Mutex::new(responses.into())))
        .mount(&server)
        .await;
    let dir = common::temp_dir("okta");
    let path = common::write(dir.path(), "flow.yaml", yaml);
    let loaded = match load_file(&path, dir.path()) {
        Ok(loaded) => loaded,
        Err(e) => panic!("{}", e.render()),
    };
    drop(dir);
    let version = match dialect {
        Dialect::Scim2 => "v2",
        Dialect::Scim11 => "v1",
    };
    let base = format!("{}/scim/{version}", server.uri());
    let target = common::target(&base, "Bearer okta-token", Duration::from_secs(10));
    let settings = RunSettings {
        seed: SEED,
        keep: true,
        okta_mode: mode,
        entra_patch: Default::default(),
        dialect,
        ..common::settings(TAG)
    };
    let (outcome, _) = run_scenario(&loaded, &target, &settings).await;
    let requests = server.received_requests().await.unwrap_or_default();
    Run {
        outcome,
        requests,
        loaded,
    }
}

// Canned responses.

pub fn json_response(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("Content-Type", "application/scim+json")
        .set_body_string(body.to_string())
}

pub fn list(resources: Vec<Value>) -> ResponseTemplate {
    json_response(
        200,
        json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": resources.len(), "startIndex": 1,
            "itemsPerPage": resources.len(), "Resources": resources
        }),
    )
}

pub fn empty_list() -> ResponseTemplate {
    list(Vec::new())
}

/// A user as a server returns it.
pub fn stored_user(id: &str, person: &Identity, active: bool) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": id,
        "userName": person.user_name,
        "name": {"givenName": person.given_name, "familyName": person.family_name},
        "emails": [{"value": person.email, "type": "work", "primary": true}],
        "displayName": person.display_name,
        "active": active,
        "meta": {"resourceType": "User", "location": format!("https://x/Users/{id}")}
    })
}

/// Okta's create body (okta-scim-behaviour §1.3) for `person` under `user_schema`, spelt out here
/// rather than taken from `idp::okta::bodies`, so that the tests pin its shape.
pub fn okta_create_body(person: &Identity, user_schema: &str) -> Value {
    json!({
        "schemas": [user_schema],
        "userName": person.user_name,
        "name": {"givenName": person.given_name, "familyName": person.family_name},
        "emails": [{"primary": true, "value": person.email, "type": "work"}],
        "displayName": person.display_name,
        "locale": "en-US",
        "externalId": person.external_id,
        "groups": [],
        "password": person.password,
        "active": true
    })
}

pub fn created(id: &str) -> ResponseTemplate {
    json_response(201, json!({"id": id, "active": true}))
}

pub fn status(code: u16) -> ResponseTemplate {
    ResponseTemplate::new(code)
}

/// Percent-encoding as Okta's query strings have it.
pub fn enc(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn user_lookup(user_name: &str) -> String {
    format!(
        "GET /scim/v2/Users?filter=userName%20eq%20%22{}%22&startIndex=1&count=100",
        enc(user_name)
    )
}
