//! Import users / groups (okta-scim-behaviour §1.2): `startIndex=1&count=100`, then +100 while
//! `totalResults` says there is more, each page checked as Okta reads it.
//!
//! Duplicates and gaps across pages are checked too. On a shared target other clients (or other
//! scenarios of the same run) may create and delete resources between two pages, which shifts
//! offsets and looks exactly like a paging bug. So a read that is inconsistent is repeated, up
//! to [`ATTEMPTS`] times: a real paging bug is deterministic and shows every time, a race does
//! not. Errors within one page (types, `itemsPerPage`) fail at once.

use std::collections::BTreeSet;

use serde_json::Value;

use super::headers::send;
use super::{accept, rules};
use crate::idp::flow::{Flow, Next, Response};
use crate::protocol::FailureKind;
use crate::protocol::Vars;

/// Okta's page size.
pub const PAGE: u64 = 100;
/// Reads before an inconsistent import is reported: other clients (other scenarios of the same
/// run) create and delete users while the pages are read, and offset paging then shifts.
pub const ATTEMPTS: u32 = 10;
/// A bound on pages per read, so that a server that keeps promising more cannot loop forever.
pub const MAX_PAGES: u64 = 1000;
/// Where `create_users` leaves the ids it created, for the import to look for.
pub const CREATED_USERS: &str = "create_users#ids";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Users,
    Groups,
}

impl Resource {
    fn collection(self) -> &'static str {
        match self {
            Resource::Users => "/Users",
            Resource::Groups => "/Groups",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Resource::Users => "users",
            Resource::Groups => "groups",
        }
    }
}

#[derive(Debug)]
pub struct Import {
    resource: Resource,
    attempt: u32,
    start: u64,
    pages: u64,
    first_total: Option<u64>,
    seen: BTreeSet<String>,
    duplicates: Vec<String>,
    /// The inconsistency of the last complete read.
    problem: Option<String>,
}

impl Import {
    pub fn new(resource: Resource) -> Self {
        Self {
            resource,
            attempt: 0,
            start: 1,
            pages: 0,
            first_total: None,
            seen: BTreeSet::new(),
            duplicates: Vec::new(),
            problem: None,
        }
    }

    fn request(&self) -> Next {
        let start = self.start.to_string();
        send(
            "import page",
            "GET",
            self.resource.collection(),
            &[("startIndex", &start), ("count", "100")],
            None,
        )
    }

    fn restart(&mut self) -> Next {
        self.attempt += 1;
        self.start = 1;
        self.pages = 0;
        self.first_total = None;
        self.seen.clear();
        self.duplicates.clear();
        self.request()
    }

    /// What is inconsistent about a complete read, if anything.
    fn inconsistency(&self, total: u64, vars: &Vars) -> Option<String> {
        if let Some(first) = self.first_total
            && first != total
        {
            return Some(format!(
                "`totalResults` changed from {first} to {total} while paging"
            ));
        }
        if let Some(id) = self.duplicates.first() {
            return Some(format!(
                "{} resource(s) came back on two pages (first: {id}); the order is not stable across `startIndex`",
                self.duplicates.len()
            ));
        }
        if (self.seen.len() as u64) < total {
            return Some(format!(
                "`totalResults` is {total} but the pages held {} distinct resources: some were never returned",
                self.seen.len()
            ));
        }
        if self.resource == Resource::Users
            && let Some(Value::Array(ids)) = vars.get(CREATED_USERS)
        {
            let missing: Vec<&str> = ids
                .iter()
                .filter_map(Value::as_str)
                .filter(|id| !self.seen.contains(*id))
                .collect();
            if let Some(first) = missing.first() {
                return Some(format!(
                    "{} user(s) this scenario created were on no page (first: {first})",
                    missing.len()
                ));
            }
        }
        None
    }
}

impl Flow for Import {
    fn next(&mut self, last: Option<Response<'_>>, vars: &mut Vars) -> Next {
        let Some(response) = last else {
            return self.request();
        };
        let page = match accept::list_page(&response, self.resource.what(), accept::ListUse::Paged)
        {
            Ok(page) => page,
            Err(failure) => return Next::Fail(failure),
        };
        if page.resources.len() as u64 > PAGE {
            return Next::Fail(rules::PAGE_SIZE.finding(
                FailureKind::Body,
                format!(
                    "{} resources on a page requested with count=100; the server must not return more than `count`",
                    page.resources.len()
                ),
            ));
        }
        if let Err(failure) = accept::page_ids(page.resources, &mut self.seen, &mut self.duplicates)
        {
            return Next::Fail(failure);
        }
        let total = page.total_results;
        if self.first_total.is_none() {
            self.first_total = Some(total);
        }
        self.pages += 1;
        let next_start = self.start.saturating_add(PAGE);
        if next_start <= total && self.pages < MAX_PAGES {
            self.start = next_start;
            return self.request();
        }
        if self.pages >= MAX_PAGES && next_start <= total {
            return Next::Fail(rules::IMPORT_CONSISTENT.finding(
                FailureKind::Body,
                format!("stopped after {MAX_PAGES} pages; `totalResults` is {total}"),
            ));
        }
        self.problem = self.inconsistency(total, vars);
        match &self.problem {
            None => Next::Done,
            Some(_) if self.attempt + 1 < ATTEMPTS => self.restart(),
            Some(problem) => Next::Fail(rules::IMPORT_CONSISTENT.finding(
                FailureKind::Body,
                format!(
                    "Okta's import would be wrong: {problem} (on {ATTEMPTS} reads in a row, so not a race with other clients)"
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn page(total: u64, ids: std::ops::Range<u64>) -> Value {
        let resources: Vec<Value> = ids.map(|i| json!({"id": i.to_string()})).collect();
        json!({"totalResults": total, "itemsPerPage": resources.len(), "startIndex": 1, "Resources": resources})
    }

    fn feed(flow: &mut Import, body: &Value, vars: &mut Vars) -> Next {
        flow.next(
            Some(Response {
                status: 200,
                headers: &[],
                body: "{}",
                json: Some(body),
                warnings: Box::leak(Box::default()),
            }),
            vars,
        )
    }

    fn path(next: &Next) -> String {
        match next {
            Next::Send(l) => l.request.path.clone(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn pages_until_total_results() {
        let mut vars = Vars::default();
        let mut flow = Import::new(Resource::Users);
        assert_eq!(
            path(&flow.next(None, &mut vars)),
            "/Users?startIndex=1&count=100"
        );
        let n = feed(&mut flow, &page(250, 0..100), &mut vars);
        assert_eq!(path(&n), "/Users?startIndex=101&count=100");
        let n = feed(&mut flow, &page(250, 100..200), &mut vars);
        assert_eq!(path(&n), "/Users?startIndex=201&count=100");
        assert!(matches!(
            feed(&mut flow, &page(250, 200..250), &mut vars),
            Next::Done
        ));
    }

    #[test]
    fn a_deterministic_duplicate_fails_after_three_reads() {
        let mut vars = Vars::default();
        let mut flow = Import::new(Resource::Groups);
        flow.next(None, &mut vars);
        let mut last = Next::Done;
        for _ in 0..ATTEMPTS {
            feed(&mut flow, &page(150, 0..100), &mut vars);
            last = feed(&mut flow, &page(150, 50..100), &mut vars);
        }
        let Next::Fail(f) = last else {
            panic!("{last:?}")
        };
        assert!(f.message.contains("two pages"), "{}", f.message);
    }
}
