//! A throttling front for a real server: forwards every request to `upstream`, except the
//! requests `throttle` picks, which it answers `429 Too Many Requests` with a `Retry-After`
//! of its choice, as a rate-limited SCIM endpoint does. It runs on its own thread's runtime
//! for as long as the test holds it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;

/// Which requests to refuse: `(method, how many of that method so far)` → `Some(retry_after)`.
pub type Rule = fn(&str, u64) -> Option<&'static str>;

#[derive(Clone)]
struct Front {
    upstream: String,
    client: reqwest::Client,
    rule: Rule,
    seen: Arc<[AtomicU64; 2]>,
    throttled: Arc<AtomicU64>,
}

pub struct Throttle {
    pub base_url: String,
    throttled: Arc<AtomicU64>,
    _runtime: tokio::runtime::Runtime,
}

impl Throttle {
    /// The number of requests answered 429 so far.
    pub fn throttled(&self) -> u64 {
        self.throttled.load(Ordering::Relaxed)
    }
}

/// Starts the front on 127.0.0.1:0 before the server at `upstream` (a SCIM base URL).
pub fn start(upstream: &str, rule: Rule) -> Throttle {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let throttled = Arc::new(AtomicU64::new(0));
    let front = Front {
        upstream: upstream.trim_end_matches('/').to_owned(),
        client: reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("a client"),
        rule,
        seen: Arc::new([AtomicU64::new(0), AtomicU64::new(0)]),
        throttled: throttled.clone(),
    };
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("a port");
    let addr = listener.local_addr().expect("an address");
    let app = axum::Router::new().fallback(forward).with_state(front);
    runtime.spawn(async move { axum::serve(listener, app).await });
    Throttle {
        base_url: format!("http://{addr}"),
        throttled,
        _runtime: runtime,
    }
}

async fn forward(State(front): State<Front>, request: Request) -> Response {
    let method = request.method().as_str().to_owned();
    let slot = usize::from(method == "POST");
    let n = front.seen[slot].fetch_add(1, Ordering::Relaxed);
    if let Some(retry_after) = (front.rule)(&method, n) {
        front.throttled.fetch_add(1, Ordering::Relaxed);
        let mut response = Response::new(Body::from(
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"429","detail":"slow down"}"#,
        ));
        *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        response
            .headers_mut()
            .insert("retry-after", HeaderValue::from_static(retry_after));
        return response;
    }
    let path = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    let headers = request.headers().clone();
    let body = to_bytes(request.into_body(), usize::MAX)
        .await
        .unwrap_or_default();
    let url = format!("{}{path}", front.upstream);
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap_or(reqwest::Method::GET);
    let mut outgoing = front.client.request(method, url).body(body);
    for (name, value) in &headers {
        if name != "host" && name != "content-length" {
            outgoing = outgoing.header(name.clone(), value.clone());
        }
    }
    match outgoing.send().await {
        Ok(answer) => {
            let status =
                StatusCode::from_u16(answer.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
            let headers = answer.headers().clone();
            let bytes = answer.bytes().await.unwrap_or_default();
            let mut response = Response::new(Body::from(bytes));
            *response.status_mut() = status;
            for (name, value) in &headers {
                if name != "content-length" && name != "transfer-encoding" {
                    response.headers_mut().insert(name.clone(), value.clone());
                }
            }
            response
        }
        Err(_) => {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::BAD_GATEWAY;
            response
        }
    }
}
