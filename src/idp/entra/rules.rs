//! Every rule Entra's acceptance code ([`super::accept`]) applies to a response, with its level
//! and the reason a person fixing their server reads.
//!
//! The level follows the question the Okta rules ask: **would Entra's provisioning fail, or
//! lose data, if this rule were broken?** Then `fail`. What only the RFC asks and Entra does
//! not read is `warn`. The sources are Microsoft's SCIM endpoint tutorial and known-issues page
//! (docs/entra.md).

pub use crate::idp::rule::Rule;
use crate::idp::rule::{fail, warn};

/// A matching query or Test Connection answered with another status than 200.
pub const QUERY_STATUS: Rule = fail(
    "Entra's SCIM tutorial: a query answers 200 with a ListResponse, also with zero results (\"Get \
     User by query - zero results\"); Entra reads anything else as a failure of the entry (or of \
     Test Connection) and retries it in later cycles",
);

/// A query answered with no ListResponse object.
pub const QUERY_BODY: Rule = fail(
    "Entra's SCIM tutorial: every query answer is a ListResponse (`schemas`, `totalResults`, \
     `Resources`); without one Entra cannot tell whether the user or group exists",
);

/// `Resources` present but not an array.
pub const RESOURCES_ARRAY: Rule =
    fail("RFC 7644 §3.4.2: `Resources` is a list of resources; Entra reads its matches from it");

/// A query's ListResponse without `totalResults`.
pub const TOTAL_RESULTS: Rule = warn(
    "RFC 7644 §3.4.2 makes `totalResults` REQUIRED and every example of Entra's tutorial carries \
     it; Entra decides a match on the `Resources` returned",
);

/// A matching query on a unique attribute that matched more than one resource.
pub const MATCH_UNIQUE: Rule = fail(
    "Entra matches on one attribute (userName, displayName) and needs 0 or 1 result: with several \
     it cannot tell which to update and fails the entry (\"how provisioning works\": matching)",
);

/// Test Connection's query for a random value that found something.
pub const TEST_CONNECTION_EMPTY: Rule = fail(
    "Entra's Test Connection queries a random GUID and needs 200 with an empty ListResponse; \
     anything else fails the test and the provisioning configuration cannot be saved \
     (docs/entra.md, Test Connection)",
);

/// A resource without `id`.
pub const RESOURCE_ID: Rule = fail(
    "RFC 7643 §3.1: every resource carries `id`; Entra stores it and addresses every later \
     update and delete by it",
);

/// A create answered with another status than 201.
pub const CREATED: Rule = fail(
    "Entra's SCIM tutorial: a create answers 201 Created with the resource and its `id`; Entra \
     fails the entry otherwise (a 409 after a query that found nothing is a matching conflict)",
);

/// A PATCH answered with another status than 200 or 204.
pub const PATCHED: Rule = fail(
    "Entra's SCIM tutorial: a PATCH answers 200 (users, with the resource) or 204 (groups); \
     Entra retries any other answer in later cycles and the change never lands",
);

/// A DELETE answered with another status than 204.
pub const DELETED: Rule = fail(
    "Entra's SCIM tutorial: a DELETE answers 204 No Content (RFC 7644 §3.6); Entra fails the \
     deprovisioning otherwise and retries it",
);

/// A DELETE answered with another 2xx.
pub const DELETE_STATUS: Rule = warn(
    "RFC 7644 §3.6: a successful DELETE answers 204 No Content; Entra takes another 2xx as done",
);

/// The legacy member removal refused.
pub const LEGACY_MEMBER_REMOVE: Rule = warn(
    "RFC 7644 §3.5.2.2 defines no value for a remove (a filter in the path selects the members), \
     so refusing Entra's legacy form is legal; but without the aadOptscim062020 flag Entra removes \
     members only this way, and its removals fail: turn the flag on in the app's tenant URL \
     (Entra's known-issues page), or accept the form",
);
