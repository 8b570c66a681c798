//! What the Okta mock IdP sends, request by request. Each test runs a scenario of `okta:` steps
//! against a wiremock stand-in that answers from a queue (the nth request gets the nth
//! response), then asserts the exact sequence of methods, paths, raw query strings, headers and
//! bodies, per action and mode; and that Okta's acceptance rules catch broken responses with
//! the right message.

#[path = "../common/mod.rs"]
mod common;

mod failures;
mod groups;
mod loading;
mod scim11;
mod support;
mod users;
