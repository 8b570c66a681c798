//! The harness: an in-process reference server on a loopback port, a client that speaks to it over
//! real HTTP, and assertions on SCIM responses (the error body and media type above all).

use std::future::IntoFuture;

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::HeaderMap;
use reqwest::{Method, RequestBuilder};
use scimulate::server::{AppState, Credentials, ServerConfig, run};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
pub const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
pub const LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
pub const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
pub const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
pub const SEARCH: &str = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

/// A running reference server. Dropping it shuts the server down.
pub struct Server {
    /// `http://127.0.0.1:PORT/scim/v2`
    pub base: String,
    /// `http://127.0.0.1:PORT`
    pub root: String,
    client: reqwest::Client,
    authorization: Option<String>,
    shutdown: Option<oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl Server {
    /// A server with the default configuration (no credentials, lenient).
    pub async fn start() -> Server {
        Self::start_with(ServerConfig::default()).await
    }

    pub async fn start_with(config: ServerConfig) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let root = format!("http://{addr}");
        let base = format!("{root}{}", config.base_path);
        let state = AppState::new(config, &base);
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(run(listener, state, async move {
            let _ = rx.into_future().await;
        }));
        Server {
            base,
            root,
            client: reqwest::Client::builder()
                .no_proxy()
                .build()
                .expect("client"),
            authorization: None,
            shutdown: Some(tx),
        }
    }

    /// A server that requires `credentials`; this handle sends `authorization` on every request.
    pub async fn start_secured(credentials: Credentials, authorization: Option<&str>) -> Server {
        let mut server = Self::start_with(ServerConfig {
            credentials,
            ..ServerConfig::default()
        })
        .await;
        server.authorization = authorization.map(str::to_string);
        server
    }

    /// `path` is relative to the base URL (`/Users`) unless it is absolute (`http://…`).
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        }
    }

    /// A request with the SCIM `Accept` header and this handle's credentials.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let mut rb = self
            .client
            .request(method, self.url(path))
            .header("Accept", "application/scim+json");
        if let Some(auth) = &self.authorization {
            rb = rb.header("Authorization", auth);
        }
        rb
    }

    pub async fn send(&self, rb: RequestBuilder) -> Resp {
        Resp::from(rb.send().await.expect("request failed")).await
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.send(self.request(Method::GET, path)).await
    }

    pub async fn delete(&self, path: &str) -> Resp {
        self.send(self.request(Method::DELETE, path)).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Resp {
        self.send_json(Method::POST, path, body).await
    }

    pub async fn put(&self, path: &str, body: &Value) -> Resp {
        self.send_json(Method::PUT, path, body).await
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Resp {
        self.send_json(Method::PATCH, path, body).await
    }

    pub async fn send_json(&self, method: Method, path: &str, body: &Value) -> Resp {
        self.send(
            self.request(method, path)
                .header("Content-Type", "application/scim+json")
                .body(body.to_string()),
        )
        .await
    }

    /// `PATCH path` with a PatchOp body made of `operations`.
    pub async fn patch_ops(&self, path: &str, operations: Value) -> Resp {
        self.patch(path, &patch_body(operations)).await
    }

    /// `GET /{endpoint}?filter=…` with the filter `%20`-encoded.
    pub async fn filter(&self, endpoint: &str, filter: &str) -> Resp {
        self.get(&format!("{endpoint}?filter={}", encode(filter)))
            .await
    }

    /// The ids a filter matches on `endpoint`, asserting a 200 ListResponse.
    pub async fn filter_ids(&self, endpoint: &str, filter: &str) -> Vec<String> {
        let r = self.filter(endpoint, filter).await;
        r.assert_status(200);
        list_ids(&r.body)
    }

    /// Creates a user with `body`, asserting 201; returns the representation.
    pub async fn create(&self, endpoint: &str, body: Value) -> Value {
        let r = self.post(endpoint, &body).await;
        r.assert_status(201);
        r.body
    }

    pub async fn create_user(&self, user_name: &str) -> Value {
        self.create("/Users", json!({"schemas": [USER], "userName": user_name}))
            .await
    }

    pub async fn create_group(&self, display_name: &str, member_ids: &[&str]) -> Value {
        let members: Vec<Value> = member_ids.iter().map(|id| json!({"value": id})).collect();
        self.create(
            "/Groups",
            json!({"schemas": [GROUP], "displayName": display_name, "members": members}),
        )
        .await
    }

    /// The SCIM 1.1 URL of `path` (`/Users`), under `/scim/v1` of the same server.
    pub fn v1_url(&self, path: &str) -> String {
        format!("{}/scim/v1{path}", self.root)
    }

    /// A SCIM 1.1 request as Okta sends it: `Accept: application/json` and, with a body,
    /// `Content-Type: application/json; charset=utf-8`.
    pub async fn v1(&self, method: Method, path: &str, body: Option<&Value>) -> Resp {
        let mut rb = self
            .client
            .request(method, self.v1_url(path))
            .header("Accept", "application/json");
        if let Some(auth) = &self.authorization {
            rb = rb.header("Authorization", auth);
        }
        if let Some(body) = body {
            rb = rb
                .header("Content-Type", "application/json; charset=utf-8")
                .body(body.to_string());
        }
        self.send(rb).await
    }

    /// GETs a resource, asserting 200.
    pub async fn fetch(&self, path: &str) -> Value {
        let r = self.get(path).await;
        r.assert_status(200);
        r.body
    }
}

/// A received response, body read and parsed (`Null` when empty or not JSON).
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    pub body: Value,
}

impl Resp {
    async fn from(response: reqwest::Response) -> Resp {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp {
            status,
            headers,
            text,
            body,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the status, showing the body on failure.
    #[track_caller]
    pub fn assert_status(&self, status: u16) -> &Self {
        assert_eq!(
            self.status, status,
            "expected HTTP {status}, got {}: {}",
            self.status, self.text
        );
        if !self.text.is_empty() {
            self.assert_scim_content_type();
        }
        self
    }

    #[track_caller]
    pub fn assert_scim_content_type(&self) {
        let ct = self.header("content-type").unwrap_or("<none>");
        assert!(
            ct.starts_with("application/scim+json"),
            "Content-Type must be application/scim+json, got {ct} (HTTP {}: {})",
            self.status,
            self.text
        );
    }

    /// Asserts a SCIM error response: status, media type, error schema, `status` as a string,
    /// `scimType` (when `Some`; `None` only requires it to be absent or a string), a `detail`.
    #[track_caller]
    pub fn assert_error(&self, status: u16, scim_type: Option<&str>) -> &Self {
        self.assert_status(status);
        let b = &self.body;
        assert_eq!(b["schemas"], json!([ERROR]), "error schemas: {}", self.text);
        assert_eq!(
            b["status"],
            json!(status.to_string()),
            "error status must be the string \"{status}\": {}",
            self.text
        );
        match scim_type {
            Some(t) => assert_eq!(b["scimType"], json!(t), "scimType: {}", self.text),
            None => assert!(
                b.get("scimType").is_none_or(Value::is_string),
                "scimType must be a string: {}",
                self.text
            ),
        }
        assert!(
            b.get("detail").is_none_or(Value::is_string),
            "detail must be a string: {}",
            self.text
        );
        self
    }
}

/// Percent-encodes a query value with `%20` for spaces (what Okta sends).
pub fn encode(value: &str) -> String {
    utf8_percent_encode(value, NON_ALPHANUMERIC).to_string()
}

/// Form-encodes a query value with `+` for spaces (older Okta samples).
pub fn encode_plus(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

pub fn patch_body(operations: Value) -> Value {
    json!({"schemas": [PATCH_OP], "Operations": operations})
}

/// The ids of a ListResponse's resources, in order.
pub fn list_ids(body: &Value) -> Vec<String> {
    resources(body)
        .iter()
        .map(|r| r["id"].as_str().expect("resource id").to_string())
        .collect()
}

/// A ListResponse's `Resources` (absent means none).
pub fn resources(body: &Value) -> Vec<Value> {
    assert_eq!(body["schemas"], json!([LIST]), "not a ListResponse: {body}");
    body.get("Resources")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

pub fn id_of(resource: &Value) -> String {
    resource["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {resource}"))
        .to_string()
}

/// `/Users/{id}` or `/Groups/{id}` for a resource representation.
pub fn path_of(resource: &Value) -> String {
    let endpoint = match resource["meta"]["resourceType"].as_str() {
        Some("Group") => "/Groups",
        _ => "/Users",
    };
    format!("{endpoint}/{}", id_of(resource))
}

/// Sorted copy, for comparing id sets.
pub fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}
