//! Every rule Okta's acceptance code ([`super::accept`]) applies to a response, with its level
//! and the reason a person fixing their server reads.
//!
//! The level follows one question: **would Okta's real provisioning fail, or lose data, if this
//! rule were broken?** Then the rule is `fail`. A rule that only an RFC or Okta's manual OIN
//! submission review asks for, and that Okta's provisioning does not read, is `warn`: the flow
//! goes on as Okta would, and the report says what to fix before a review. The conformance
//! scenarios (`users::…`, `groups::…`) keep their own checks of the RFC at `fail`.

pub use crate::idp::rule::Rule;
use crate::idp::rule::{fail, warn};

/// A list request (lookup, import page, "Test API Credentials") answered with another status.
pub const LIST_STATUS: Rule = fail(
    "Okta reads lookups, import pages and its credentials test only from a 200 ListResponse \
     (okta-scim-behaviour §1.1-1.3); anything else fails the task (\"No results for users returned\")",
);

/// A list answered with no JSON object (empty, `null`, a bare array, HTML).
pub const LIST_BODY: Rule = fail(
    "an empty body, null, a bare array or an HTML page gives Okta's \"No results for users returned\" \
     (Okta support article okta-scim-connector-error-no-results-for-users-returned-when-testing-connection)",
);

/// `totalResults`, `itemsPerPage` or `startIndex` present but not a JSON number.
pub const NUMERIC_PAGING: Rule = fail(
    "Okta's SCIM reference: `itemsPerPage`, `startIndex` and `totalResults` must be JSON numbers, not \
     strings; Okta fails the request otherwise",
);

/// `itemsPerPage` differs from the number of resources on the page.
pub const ITEMS_PER_PAGE: Rule = warn(
    "RFC 7644 §3.4.2: `itemsPerPage` is the number of resources returned in this page. Okta's \
     provisioning pages on `startIndex`, `count` and `totalResults` and does not read it (an `eq` \
     lookup is never paged), but Okta's OIN submission review checks it (ory/polis#4054)",
);

/// A lookup's ListResponse without `totalResults`.
pub const LOOKUP_TOTAL_RESULTS: Rule = warn(
    "RFC 7644 §3.4.2 makes `totalResults` REQUIRED; Okta decides a lookup on the `Resources` it \
     gets (its own documented \"no match\" example carries no `totalResults`), so provisioning goes on",
);

/// An import page (or the credentials test) without `totalResults`.
pub const PAGED_TOTAL_RESULTS: Rule = fail(
    "Okta pages an import on `totalResults` (it advances `startIndex` by 100 while `totalResults` is \
     larger, okta-scim-behaviour §1.2; RFC 7644 §3.4.2 makes it REQUIRED): without it Okta cannot \
     know whether more users follow",
);

/// `Resources` present but not an array.
pub const RESOURCES_ARRAY: Rule = fail(
    "RFC 7644 §3.4.2: `Resources` is a list of resources; Okta reads the users and groups from it",
);

/// `totalResults` says there are matches, the page holds none and no paging field explains it.
pub const TOTAL_WITHOUT_RESOURCES: Rule = fail(
    "Okta takes the user from `Resources` and links its `id` (okta-scim-behaviour §1.3): a lookup that \
     counts a match but returns none leaves Okta unable to link or create the user",
);

/// An `eq` lookup on a unique attribute matched more than one resource, or counted 0 with
/// resources returned.
pub const LOOKUP_UNIQUE: Rule = fail(
    "Okta's existence check is an `eq` filter on a unique attribute (okta-scim-behaviour §1.3): it links \
     the one match or creates the user; several matches, or a count that disagrees with the matches, \
     make it link the wrong user or create a duplicate",
);

/// A matching or listed resource has no `id`.
pub const RESOURCE_ID: Rule = fail(
    "Okta stores the server's `id` as the app user's External ID and uses it in every later \
     `/Users/{id}` call (okta-scim-behaviour §1.3); without it Okta cannot link or import the resource",
);

/// A lookup answered 404 is "not found" (documented), anything else but 200 fails.
pub const LOOKUP_STATUS: Rule = fail(
    "Okta accepts 200 with no results (preferred) or 404 as \"not found\" (okta-scim-behaviour §1.3); \
     any other status fails the assignment",
);

/// POST answered with anything but 201 and an `id`.
pub const CREATED: Rule = fail(
    "Okta's create expects 201 with the full user and a server-generated `id`; an empty body is \
     Okta's \"Create new user returned empty user\", and a 409 is not retried (okta-scim-behaviour §1.3, §1.10)",
);

/// GET of a resource Okta is about to update.
pub const READ: Rule = fail(
    "Okta pushes a profile change as GET then PUT of the whole object (okta-scim-behaviour §1.4): it \
     cannot push to a resource it cannot read",
);

/// PUT answered with anything but 200.
pub const REPLACED: Rule = fail(
    "Okta's PUT expects 200 with the updated resource (okta-scim-behaviour §1.4); anything else marks \
     the update as failed",
);

/// PATCH answered with anything but 200 or 204.
pub const PATCHED: Rule = fail(
    "Okta's PATCH expects 200 or 204 (okta-scim-behaviour §1.5); it does not fall back to PUT on 501 \
     and does not retry a 400",
);

/// A group DELETE answered with a 2xx other than the RFC's.
pub const DELETE_STATUS: Rule = warn(
    "RFC 7644 §3.6: a successful DELETE SHALL answer 204 No Content (SCIM 1.1 §3.4.3: 200). Okta's \
     group delete is not known to depend on the exact 2xx",
);

/// A group DELETE answered with an error.
pub const DELETED: Rule = fail(
    "Okta deletes a pushed group when it is unlinked with \"delete the group in the app\" \
     (okta-scim-behaviour §1.8); an error answer leaves the group in the app",
);

/// The read-back after (de)activation.
pub const ACTIVE_READ_BACK: Rule = fail(
    "Okta never deletes users: it deactivates them, and its CRUD test requires the user to stay \
     readable with `active` as Okta set it (okta-scim-behaviour §1.6, §2)",
);

/// The read-back after an unassign, for a profile with `unassign: delete`.
pub const GONE: Rule = fail(
    "the target's profile declares `unassign: delete`: a deactivation must delete the user (404)",
);

/// More resources on an import page than `count` asked for.
pub const PAGE_SIZE: Rule = fail(
    "RFC 7644 §3.4.2.4: the service provider MUST NOT return more results than `count`; Okta advances \
     `startIndex` by its `count` of 100, so the extra ones come back again on the next page",
);

/// An import that does not add up: moving `totalResults`, duplicates, missing resources.
pub const IMPORT_CONSISTENT: Rule = fail(
    "Okta imports every page from `startIndex=1` by 100 (okta-scim-behaviour §1.2) and needs a stable \
     order: a resource on two pages, or on none, is imported twice or never",
);

/// Every rule, for the table test and the documentation.
pub const ALL: &[(&str, Rule)] = &[
    ("LIST_STATUS", LIST_STATUS),
    ("LIST_BODY", LIST_BODY),
    ("NUMERIC_PAGING", NUMERIC_PAGING),
    ("ITEMS_PER_PAGE", ITEMS_PER_PAGE),
    ("LOOKUP_TOTAL_RESULTS", LOOKUP_TOTAL_RESULTS),
    ("PAGED_TOTAL_RESULTS", PAGED_TOTAL_RESULTS),
    ("RESOURCES_ARRAY", RESOURCES_ARRAY),
    ("TOTAL_WITHOUT_RESOURCES", TOTAL_WITHOUT_RESOURCES),
    ("LOOKUP_UNIQUE", LOOKUP_UNIQUE),
    ("RESOURCE_ID", RESOURCE_ID),
    ("LOOKUP_STATUS", LOOKUP_STATUS),
    ("CREATED", CREATED),
    ("READ", READ),
    ("REPLACED", REPLACED),
    ("PATCHED", PATCHED),
    ("DELETE_STATUS", DELETE_STATUS),
    ("DELETED", DELETED),
    ("ACTIVE_READ_BACK", ACTIVE_READ_BACK),
    ("GONE", GONE),
    ("PAGE_SIZE", PAGE_SIZE),
    ("IMPORT_CONSISTENT", IMPORT_CONSISTENT),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_says_why_with_a_source() {
        for (name, rule) in ALL {
            assert!(rule.reason.len() > 40, "{name}: {}", rule.reason);
            assert!(
                rule.reason.contains("RFC")
                    || rule.reason.contains("okta-scim-behaviour")
                    || rule.reason.contains("Okta's")
                    || rule.reason.contains("profile"),
                "{name} cites no source: {}",
                rule.reason
            );
        }
    }
}
