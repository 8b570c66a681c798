//! Which endpoint a request is for: what a quirk looks at to decide whether it applies.

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
