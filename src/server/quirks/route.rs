//! Which endpoint a request is for, and its query: what a quirk looks at to decide whether it
//! applies, and the query it rewrites.

use axum::http::Uri;

use crate::server::schema::ResourceKind;

/// Which endpoint a request is for, relative to the base path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Route {
    List(ResourceKind),
    Search(ResourceKind),
    Item(ResourceKind, String),
    /// `POST /.search` at the server root, across resource types.
    RootSearch,
    /// `/Bulk` (RFC 7644 §3.7).
    Bulk,
    Other,
}

impl Route {
    pub(super) fn of(path: &str, base_path: &str) -> Route {
        let rest = path
            .strip_prefix(base_path.trim_end_matches('/'))
            .unwrap_or(path);
        if rest.trim_end_matches('/') == "/.search" {
            return Route::RootSearch;
        }
        if rest.trim_end_matches('/') == "/Bulk" {
            return Route::Bulk;
        }
        for kind in [ResourceKind::User, ResourceKind::Group] {
            let Some(after) = rest.strip_prefix(kind.endpoint()) else {
                continue;
            };
            return match after.trim_end_matches('/') {
                "" => Route::List(kind),
                "/.search" => Route::Search(kind),
                id if id.starts_with('/') && !id[1..].contains('/') => {
                    Route::Item(kind, id[1..].to_string())
                }
                _ => Route::Other,
            };
        }
        Route::Other
    }
}

/// The query's pairs, form-decoded.
pub(super) fn query_pairs(uri: &Uri) -> Vec<(String, String)> {
    uri.query()
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

pub(super) fn set_query(uri: &mut Uri, pairs: &[(String, String)]) {
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    let path = uri.path();
    let target = if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    };
    let mut builder = axum::http::uri::Parts::from(uri.clone());
    if let Ok(pq) = target.parse() {
        builder.path_and_query = Some(pq);
        if let Ok(new) = Uri::from_parts(builder) {
            *uri = new;
        }
    }
}
