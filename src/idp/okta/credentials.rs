//! "Test API Credentials" (okta-scim-behaviour §1.1): two fixed list requests, each of which
//! must answer a real ListResponse, even when empty.

use super::accept;
use super::headers::send;
use crate::idp::flow::{Flow, Next, Response};
use crate::protocol::Vars;

#[derive(Debug, Default)]
pub struct TestCredentials {
    sent: u8,
}

impl Flow for TestCredentials {
    fn next(&mut self, last: Option<Response<'_>>, _vars: &mut Vars) -> Next {
        let what = match self.sent {
            0 => "",
            1 => "users",
            _ => "groups",
        };
        if let Some(response) = last
            && let Err(failure) = accept::list_page(&response, what, accept::ListUse::Paged)
        {
            return Next::Fail(failure);
        }
        self.sent = self.sent.saturating_add(1);
        match self.sent {
            1 => send(
                "test credentials: list users",
                "GET",
                "/Users",
                &[("startIndex", "1"), ("count", "2")],
                None,
            ),
            2 => send(
                "test credentials: list groups",
                "GET",
                "/Groups",
                &[("startIndex", "1"), ("count", "100")],
                None,
            ),
            _ => Next::Done,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn two_lists_then_done_and_an_empty_body_fails() {
        let mut vars = Vars::default();
        let mut flow = TestCredentials::default();
        let Next::Send(first) = flow.next(None, &mut vars) else {
            panic!("first request")
        };
        assert_eq!(first.request.path, "/Users?startIndex=1&count=2");
        let list = json!({"totalResults": 0, "Resources": []});
        let ok = Response {
            status: 200,
            headers: &[],
            body: "{}",
            json: Some(&list),
            warnings: Box::leak(Box::default()),
        };
        let Next::Send(second) = flow.next(Some(ok), &mut vars) else {
            panic!("second request")
        };
        assert_eq!(second.request.path, "/Groups?startIndex=1&count=100");
        assert!(matches!(flow.next(Some(ok), &mut vars), Next::Done));

        let mut flow = TestCredentials::default();
        flow.next(None, &mut vars);
        let empty = Response {
            status: 200,
            headers: &[],
            body: "",
            json: None,
            warnings: Box::leak(Box::default()),
        };
        let Next::Fail(f) = flow.next(Some(empty), &mut vars) else {
            panic!("must fail")
        };
        assert!(
            f.message.contains("No results for users returned"),
            "{}",
            f.message
        );
    }
}
