//! How a reference server instance is configured: credentials, limits and leniency.

use std::time::Duration;

use super::quirks::Quirks;

/// Credentials the server accepts. With none configured, every request is accepted.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    /// `Authorization: Bearer <token>` (the raw token alone, as Okta's header auth sends it, is
    /// accepted too).
    pub bearer: Option<String>,
    /// `Authorization: Basic base64(user:password)`.
    pub basic: Option<(String, String)>,
}

impl Credentials {
    pub fn is_open(&self) -> bool {
        self.bearer.is_none() && self.basic.is_none()
    }
}

/// The default of [`ServerConfig::header_read_timeout`] (and of `serve --header-timeout-ms`).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// The default of [`ServerConfig::body_read_timeout`] (and of `serve --body-timeout-ms`).
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The path under which SCIM 2.0 is served.
    pub base_path: String,
    /// The path under which SCIM 1.1 is served over the same store (`None`: not served).
    pub v1_base_path: Option<String>,
    pub credentials: Credentials,
    /// `filter.maxResults`: the largest page the server returns.
    pub max_results: usize,
    /// The largest request body accepted (413 beyond); also the `bulk.maxPayloadSize` advertised.
    pub max_body_bytes: usize,
    /// The most operations one `POST /Bulk` may carry (`bulk.maxOperations`; 413 beyond).
    pub max_bulk_operations: usize,
    /// How long a client may take to send a request head (request line and headers), counted
    /// from the first moment the server waits for it; 408 or a close beyond (`server::limits`).
    pub header_read_timeout: Duration,
    /// How long a client may take to send a whole request body, counted from when the request
    /// head was read; 408 beyond.
    pub body_read_timeout: Duration,
    /// The largest request head (request line and headers together) accepted; 431 beyond.
    pub max_head_bytes: usize,
    /// The most header fields a request may carry; 431 beyond.
    pub max_headers: usize,
    /// The longest request target (path and query) accepted; 414 beyond.
    pub max_uri_bytes: usize,
    /// Accept what real IdPs send beyond the RFC: `Replace`/`Add` ops, `"True"` strings, unquoted
    /// filter values, a member-removal `value` list.
    pub lenient: bool,
    /// Print one line per request on stdout.
    pub access_log: bool,
    /// Reproduced bugs switched on (`--quirk`); none by default.
    pub quirks: Quirks,
    /// Act like a real provider that differs on purpose (`--behave`, `server::behave`).
    pub behave: Option<super::behave::Behaviour>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            base_path: "/scim/v2".into(),
            v1_base_path: Some("/scim/v1".into()),
            credentials: Credentials::default(),
            max_results: 1000,
            max_body_bytes: 1024 * 1024,
            max_bulk_operations: 1000,
            header_read_timeout: HEADER_READ_TIMEOUT,
            body_read_timeout: BODY_READ_TIMEOUT,
            max_head_bytes: 64 * 1024,
            max_headers: 100,
            max_uri_bytes: 16 * 1024,
            lenient: true,
            access_log: false,
            quirks: Quirks::default(),
            behave: None,
        }
    }
}
