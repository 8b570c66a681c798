//! Quirks: switchable, faithful reproductions of bugs that real SCIM servers have shipped.
//!
//! A harness is only worth something if it fails on the bugs that break real provisioning. Each
//! [`Quirk`] turns the correct reference server into one such broken server (the GitHub issue it
//! comes from is in okta-scim-behaviour §4), so the bundled suite can be run against it and shown
//! to catch it (`tests/quirks`, `docs/detection-matrix.md`).
//!
//! The behaviour lives in one middleware layer ([`layer::apply`]) that rewrites requests and
//! responses around the correct handlers, reading the store where a bug depends on stored state;
//! what each area's bugs do is in a file of its own (`patch`, `errors`, `discovery`, `bulk`,
//! `entra`: what fails Microsoft Entra ID's requests, named and described there; the older
//! ones in `rewrite`).
//! The correct code has no quirk conditionals, and with no quirk the layer passes every request
//! through untouched.

mod bulk;
mod context;
mod discovery;
mod entra;
mod errors;
mod filters;
mod layer;
mod lists;
mod patch;
mod projection;
mod resources;
mod rewrite;
mod route;

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

pub use layer::apply;

/// One reproducible bug. Names are kebab-case (`--quirk NAME`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Quirk {
    ItemsPerPageEchoesCount,
    PaginationDuplicates,
    TotalResultsWrong,
    UsernameCaseSensitive,
    DuplicateReturns400,
    ConflictWithoutScimType,
    PathlessPatchUnsupported,
    PatchOpsCaseSensitive,
    DeactivatedUser404,
    PutCannotChangeUsername,
    GroupPatchAllOrNothing,
    GroupRenameWithIdRejected,
    ErrorStatusAsNumber,
    NoContentTypeOnErrors,
    WrongContentType,
    StringsForNumbers,
    FilterIgnored,
    PasswordReturned,
    No401OnBadToken,
    EmptyBodyOnCreate,
    LocationHeaderMissing,
    StartIndexBelowOneRefused,
    NegativeCountDropsLast,
    CountZeroReturnsAll,
    CountIgnored,
    StartIndexPastEndLastPage,
    SearchIgnoresPaging,
    SortIgnored,
    SortCaseSensitive,
    FilteredRemoveIgnored,
    EmptyMembersReplaceRefused,
    EntraRemoveClearsMembers,
    RemoveWithoutPath500,
    PatchNotAtomic,
    ReplaceNoMatchIgnored,
    InvalidPathIgnored,
    AddReplacesMultiValued,
    ReplaceComplexDropsSubAttributes,
    FilteredReplaceDropsOthers,
    RemoveLeavesEmptyString,
    RemoveRequiredIgnored,
    Patch200WithoutBody,
    PatchConflict500,
    ErrorPagesNotScim,
    UnparsableBody500,
    DiscoveryWithoutTotalResults,
    ResourceTypeEndpointAbsolute,
    SchemaByUriNotServed,
    DiscoveryFilterMatchesNothing,
    DiscoveryPaginated,
    CreateKeepsClientId,
    AttributesIgnored,
    AttributesDropSchemas,
    ExcludedRemovesAlways,
    SubAttributeReturnsParent,
    BooleanFalseNeverMatches,
    EqCaseSensitive,
    LikeWildcards,
    InvalidFilterEmpty,
    SubAttributeFilterCrashes,
    ExtensionFilterNeverMatches,
    FilterLeftToRight,
    FilterNamesCaseSensitive,
    MissingUsernameStoredEmpty,
    EmptyStringsForUnset,
    PostToIdCreates,
    CreateKeepsClientMeta,
    LastModifiedFrozen,
    GroupMetaIncomplete,
    EtagPreconditionsIgnored,
    BulkStatusAsNumber,
    BulkIdNotResolved,
    BulkIgnoresFailOnErrors,
    BulkFailsWholeOnOneError,
    PathlessDottedKeysIgnored,
    PathlessDottedKeysRefused,
    FilteredValuePathRefused,
    ValuePathFilterUnparsable,
    StringBooleansRefused,
    ActiveTrueRefused,
    PlusNotDecodedInQuery,
    EnterpriseUrnPathInvalid,
    Slow,
}

impl Quirk {
    /// Every quirk, in the order `--quirk list` prints them.
    pub const ALL: [Quirk; 83] = [
        Quirk::ItemsPerPageEchoesCount,
        Quirk::PaginationDuplicates,
        Quirk::TotalResultsWrong,
        Quirk::UsernameCaseSensitive,
        Quirk::DuplicateReturns400,
        Quirk::ConflictWithoutScimType,
        Quirk::PathlessPatchUnsupported,
        Quirk::PatchOpsCaseSensitive,
        Quirk::DeactivatedUser404,
        Quirk::PutCannotChangeUsername,
        Quirk::GroupPatchAllOrNothing,
        Quirk::GroupRenameWithIdRejected,
        Quirk::ErrorStatusAsNumber,
        Quirk::NoContentTypeOnErrors,
        Quirk::WrongContentType,
        Quirk::StringsForNumbers,
        Quirk::FilterIgnored,
        Quirk::PasswordReturned,
        Quirk::No401OnBadToken,
        Quirk::EmptyBodyOnCreate,
        Quirk::LocationHeaderMissing,
        Quirk::StartIndexBelowOneRefused,
        Quirk::NegativeCountDropsLast,
        Quirk::CountZeroReturnsAll,
        Quirk::CountIgnored,
        Quirk::StartIndexPastEndLastPage,
        Quirk::SearchIgnoresPaging,
        Quirk::SortIgnored,
        Quirk::SortCaseSensitive,
        Quirk::FilteredRemoveIgnored,
        Quirk::EmptyMembersReplaceRefused,
        Quirk::EntraRemoveClearsMembers,
        Quirk::RemoveWithoutPath500,
        Quirk::PatchNotAtomic,
        Quirk::ReplaceNoMatchIgnored,
        Quirk::InvalidPathIgnored,
        Quirk::AddReplacesMultiValued,
        Quirk::ReplaceComplexDropsSubAttributes,
        Quirk::FilteredReplaceDropsOthers,
        Quirk::RemoveLeavesEmptyString,
        Quirk::RemoveRequiredIgnored,
        Quirk::Patch200WithoutBody,
        Quirk::PatchConflict500,
        Quirk::ErrorPagesNotScim,
        Quirk::UnparsableBody500,
        Quirk::DiscoveryWithoutTotalResults,
        Quirk::ResourceTypeEndpointAbsolute,
        Quirk::SchemaByUriNotServed,
        Quirk::DiscoveryFilterMatchesNothing,
        Quirk::DiscoveryPaginated,
        Quirk::CreateKeepsClientId,
        Quirk::AttributesIgnored,
        Quirk::AttributesDropSchemas,
        Quirk::ExcludedRemovesAlways,
        Quirk::SubAttributeReturnsParent,
        Quirk::BooleanFalseNeverMatches,
        Quirk::EqCaseSensitive,
        Quirk::LikeWildcards,
        Quirk::InvalidFilterEmpty,
        Quirk::SubAttributeFilterCrashes,
        Quirk::ExtensionFilterNeverMatches,
        Quirk::FilterLeftToRight,
        Quirk::FilterNamesCaseSensitive,
        Quirk::MissingUsernameStoredEmpty,
        Quirk::EmptyStringsForUnset,
        Quirk::PostToIdCreates,
        Quirk::CreateKeepsClientMeta,
        Quirk::LastModifiedFrozen,
        Quirk::GroupMetaIncomplete,
        Quirk::EtagPreconditionsIgnored,
        Quirk::BulkStatusAsNumber,
        Quirk::BulkIdNotResolved,
        Quirk::BulkIgnoresFailOnErrors,
        Quirk::BulkFailsWholeOnOneError,
        Quirk::PathlessDottedKeysIgnored,
        Quirk::PathlessDottedKeysRefused,
        Quirk::FilteredValuePathRefused,
        Quirk::ValuePathFilterUnparsable,
        Quirk::StringBooleansRefused,
        Quirk::ActiveTrueRefused,
        Quirk::PlusNotDecodedInQuery,
        Quirk::EnterpriseUrnPathInvalid,
        Quirk::Slow,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Quirk::ItemsPerPageEchoesCount => "items-per-page-echoes-count",
            Quirk::PaginationDuplicates => "pagination-duplicates",
            Quirk::TotalResultsWrong => "total-results-wrong",
            Quirk::UsernameCaseSensitive => "username-case-sensitive",
            Quirk::DuplicateReturns400 => "duplicate-returns-400",
            Quirk::ConflictWithoutScimType => "conflict-without-scim-type",
            Quirk::PathlessPatchUnsupported => "pathless-patch-unsupported",
            Quirk::PatchOpsCaseSensitive => "patch-ops-case-sensitive",
            Quirk::DeactivatedUser404 => "deactivated-user-404",
            Quirk::PutCannotChangeUsername => "put-cannot-change-username",
            Quirk::GroupPatchAllOrNothing => "group-patch-all-or-nothing",
            Quirk::GroupRenameWithIdRejected => "group-rename-with-id-rejected",
            Quirk::ErrorStatusAsNumber => "error-status-as-number",
            Quirk::NoContentTypeOnErrors => "no-content-type-on-errors",
            Quirk::WrongContentType => "wrong-content-type",
            Quirk::StringsForNumbers => "strings-for-numbers",
            Quirk::FilterIgnored => "filter-ignored",
            Quirk::PasswordReturned => "password-returned",
            Quirk::No401OnBadToken => "no-401-on-bad-token",
            Quirk::EmptyBodyOnCreate => "empty-body-on-create",
            Quirk::LocationHeaderMissing => "location-header-missing",
            Quirk::StartIndexBelowOneRefused => "start-index-below-one-refused",
            Quirk::NegativeCountDropsLast => "negative-count-drops-last",
            Quirk::CountZeroReturnsAll => "count-zero-returns-all",
            Quirk::CountIgnored => "count-ignored",
            Quirk::StartIndexPastEndLastPage => "start-index-past-end-returns-last-page",
            Quirk::SearchIgnoresPaging => "search-ignores-paging-and-attributes",
            Quirk::SortIgnored => "sort-ignored",
            Quirk::SortCaseSensitive => "sort-case-sensitive",
            Quirk::FilteredRemoveIgnored => "filtered-remove-ignored",
            Quirk::EmptyMembersReplaceRefused => "empty-members-replace-refused",
            Quirk::EntraRemoveClearsMembers => "entra-remove-clears-members",
            Quirk::RemoveWithoutPath500 => "remove-without-path-500",
            Quirk::PatchNotAtomic => "patch-not-atomic",
            Quirk::ReplaceNoMatchIgnored => "replace-no-match-ignored",
            Quirk::InvalidPathIgnored => "invalid-path-ignored",
            Quirk::AddReplacesMultiValued => "add-replaces-multi-valued",
            Quirk::ReplaceComplexDropsSubAttributes => "replace-complex-drops-sub-attributes",
            Quirk::FilteredReplaceDropsOthers => "filtered-replace-drops-others",
            Quirk::RemoveLeavesEmptyString => "remove-leaves-empty-string",
            Quirk::RemoveRequiredIgnored => "remove-required-ignored",
            Quirk::Patch200WithoutBody => "patch-200-without-body",
            Quirk::PatchConflict500 => "patch-conflict-500",
            Quirk::ErrorPagesNotScim => "error-pages-not-scim",
            Quirk::UnparsableBody500 => "unparsable-body-500",
            Quirk::DiscoveryWithoutTotalResults => "discovery-without-total-results",
            Quirk::ResourceTypeEndpointAbsolute => "resource-type-endpoint-absolute",
            Quirk::SchemaByUriNotServed => "schema-by-uri-not-served",
            Quirk::DiscoveryFilterMatchesNothing => "discovery-filter-matches-nothing",
            Quirk::DiscoveryPaginated => "discovery-paginated",
            Quirk::CreateKeepsClientId => "create-keeps-client-id",
            Quirk::AttributesIgnored => "attributes-ignored",
            Quirk::AttributesDropSchemas => "attributes-drops-schemas",
            Quirk::ExcludedRemovesAlways => "excluded-attributes-removes-always",
            Quirk::SubAttributeReturnsParent => "sub-attribute-projection-returns-parent",
            Quirk::BooleanFalseNeverMatches => "boolean-false-never-matches",
            Quirk::EqCaseSensitive => "eq-case-sensitive-except-username",
            Quirk::LikeWildcards => "like-wildcards-unescaped",
            Quirk::InvalidFilterEmpty => "invalid-filter-empty-200",
            Quirk::SubAttributeFilterCrashes => "sub-attribute-filter-crashes",
            Quirk::ExtensionFilterNeverMatches => "extension-filter-never-matches",
            Quirk::FilterLeftToRight => "filter-left-to-right",
            Quirk::FilterNamesCaseSensitive => "filter-names-case-sensitive",
            Quirk::MissingUsernameStoredEmpty => "missing-username-stored-empty",
            Quirk::EmptyStringsForUnset => "empty-strings-for-unset",
            Quirk::PostToIdCreates => "post-to-id-creates",
            Quirk::CreateKeepsClientMeta => "create-keeps-client-meta",
            Quirk::LastModifiedFrozen => "last-modified-frozen",
            Quirk::GroupMetaIncomplete => "group-meta-incomplete",
            Quirk::EtagPreconditionsIgnored => "etag-preconditions-ignored",
            Quirk::BulkStatusAsNumber => "bulk-status-as-number",
            Quirk::BulkIdNotResolved => "bulk-id-not-resolved",
            Quirk::BulkIgnoresFailOnErrors => "bulk-ignores-fail-on-errors",
            Quirk::BulkFailsWholeOnOneError => "bulk-fails-whole-on-one-error",
            Quirk::Slow => "slow",
            other => entra::describe(other).map_or("", |(name, _)| name),
        }
    }

    /// One line: what the broken server does (and where it was seen).
    pub fn description(self) -> &'static str {
        match self {
            Quirk::ItemsPerPageEchoesCount => {
                "itemsPerPage echoes the requested count instead of counting the page (ory/polis#4054)"
            }
            Quirk::PaginationDuplicates => {
                "pages after the first start one resource early, so each repeats the previous page's last (snipe-it#18014)"
            }
            Quirk::TotalResultsWrong => {
                "totalResults counts only the resources on the page, so an import stops after page one (better-auth#10398)"
            }
            Quirk::UsernameCaseSensitive => {
                "userName filters and the uniqueness check compare case-sensitively (zulip#21758, langfuse#13528)"
            }
            Quirk::DuplicateReturns400 => {
                "a duplicate userName is refused with 400 instead of 409 (Okta treats it as a hard failure)"
            }
            Quirk::ConflictWithoutScimType => {
                "409 on a duplicate carries no scimType \"uniqueness\", so IdPs loop (ory/polis#4065)"
            }
            Quirk::PathlessPatchUnsupported => {
                "a PATCH operation without a path (Okta's deactivation) is a 500 (keycloak-scim-server#95)"
            }
            Quirk::PatchOpsCaseSensitive => {
                "PATCH op names must be lower case; Entra's \"Replace\"/\"Add\" are a 400"
            }
            Quirk::DeactivatedUser404 => {
                "a deactivated user reads as 404, so Okta thinks it was deleted"
            }
            Quirk::PutCannotChangeUsername => {
                "a PUT with a new userName silently keeps the old one (Okta's username rename is lost)"
            }
            Quirk::GroupPatchAllOrNothing => {
                "a membership PATCH naming one unknown member fails whole with 400 (fleetdm/fleet#52600)"
            }
            Quirk::GroupRenameWithIdRejected => {
                "Okta's group rename PATCH, whose value carries the id, is refused with 400 (go-scim#57)"
            }
            Quirk::ErrorStatusAsNumber => {
                "SCIM error bodies carry status as a JSON number instead of a string"
            }
            Quirk::NoContentTypeOnErrors => "error responses have no Content-Type header",
            Quirk::WrongContentType => {
                "responses say Content-Type: application/json instead of application/scim+json"
            }
            Quirk::StringsForNumbers => {
                "ListResponse totalResults, itemsPerPage and startIndex are JSON strings"
            }
            Quirk::FilterIgnored => {
                "the filter parameter is ignored: a lookup returns every resource"
            }
            Quirk::PasswordReturned => "user representations include a password attribute",
            Quirk::No401OnBadToken => {
                "a wrong Authorization token is accepted (a missing one is still 401)"
            }
            Quirk::EmptyBodyOnCreate => "POST answers 201 with an empty body (no id for the IdP)",
            Quirk::LocationHeaderMissing => "201 Created has no Location header",
            Quirk::StartIndexBelowOneRefused => {
                "a startIndex below 1 (0, -5) is refused with 400 instead of read as 1 (scimmyjs/scimmy#42)"
            }
            Quirk::NegativeCountDropsLast => {
                "a negative count is used as a slice bound, so the page drops the last match instead of holding none (seen on an independent server, issue 16)"
            }
            Quirk::CountZeroReturnsAll => {
                "count=0 is read as no limit, so every match comes back instead of totalResults alone (wso2/product-is#5106)"
            }
            Quirk::CountIgnored => {
                "the count parameter is ignored: every match comes back on one page (PostHog/posthog#51441, wso2/product-is#4601)"
            }
            Quirk::StartIndexPastEndLastPage => {
                "a startIndex past the last match returns the last page again instead of no resource (SimpleIdServer#185)"
            }
            Quirk::SearchIgnoresPaging => {
                "POST .search ignores startIndex, count, attributes and excludedAttributes in its body (seen on an independent server, issue 16)"
            }
            Quirk::SortIgnored => {
                "sortBy and sortOrder are ignored although sort.supported is advertised (thunder-id/thunderid#4424 accepts sortBy and does not act on it)"
            }
            Quirk::SortCaseSensitive => {
                "strings sort in byte order, \"Bravo\" before \"alpha\", on caseExact=false attributes (a plain ORDER BY under a binary collation)"
            }
            Quirk::FilteredRemoveIgnored => {
                "a remove whose path has a value filter (`members[value eq \"X\"]`) answers 200 and removes nothing (goauthentik/authentik#25686, wso2/product-is#7040)"
            }
            Quirk::EmptyMembersReplaceRefused => {
                "`replace members []`, Okta's push of an emptied group, is refused with 400 (Captain-P-Goldfish/SCIM-SDK#757)"
            }
            Quirk::EntraRemoveClearsMembers => {
                "Entra's member removal, `remove` of `members` with a value list, clears every member"
            }
            Quirk::RemoveWithoutPath500 => {
                "a remove without a path is a 500 instead of 400 noTarget"
            }
            Quirk::PatchNotAtomic => {
                "a PATCH whose later operation fails keeps the earlier operations applied"
            }
            Quirk::ReplaceNoMatchIgnored => {
                "a replace whose value filter matches nothing answers 200 and changes nothing instead of 400 noTarget"
            }
            Quirk::InvalidPathIgnored => {
                "a PATCH operation with a malformed path is skipped, and the PATCH answers 200"
            }
            Quirk::AddReplacesMultiValued => {
                "an add to a multi-valued attribute (emails, members) replaces its values instead of adding to them"
            }
            Quirk::ReplaceComplexDropsSubAttributes => {
                "a replace of a complex attribute (name) drops the sub-attributes its value leaves out"
            }
            Quirk::FilteredReplaceDropsOthers => {
                "a replace on `emails[type eq \"work\"]` deletes the other emails (Captain-P-Goldfish/SCIM-SDK#668)"
            }
            Quirk::RemoveLeavesEmptyString => {
                "a removed single-valued attribute reads back as \"\" instead of unassigned"
            }
            Quirk::RemoveRequiredIgnored => {
                "a remove of a required attribute (userName) answers 200 and keeps it instead of 400 mutability"
            }
            Quirk::Patch200WithoutBody => {
                "a successful PATCH answers 200 with an empty body: neither the resource nor 204"
            }
            Quirk::PatchConflict500 => {
                "a PATCH that would duplicate a userName is a 500 from the database's unique constraint, not 409"
            }
            Quirk::ErrorPagesNotScim => {
                "404 for an unknown endpoint, 405 and 501 are the web framework's text pages, not SCIM errors"
            }
            Quirk::UnparsableBody500 => {
                "a create or replace whose body is not a JSON object is the framework's 500, not a SCIM 400"
            }
            Quirk::DiscoveryWithoutTotalResults => {
                "/Schemas and /ResourceTypes ListResponses carry no totalResults"
            }
            Quirk::ResourceTypeEndpointAbsolute => {
                "a ResourceType's endpoint is the absolute path `/scim/v2/Users`, not relative to the base URL"
            }
            Quirk::SchemaByUriNotServed => {
                "`/Schemas/{schema URN}` is 404: only the list is served"
            }
            Quirk::DiscoveryFilterMatchesNothing => {
                "a filter on /Schemas or /ResourceTypes answers 200 with an empty list, neither ignored nor 403"
            }
            Quirk::DiscoveryPaginated => {
                "/Schemas and /ResourceTypes honour startIndex and count, so a client misses schemas"
            }
            Quirk::CreateKeepsClientId => {
                "a create answers with the id the client sent instead of the id it assigned"
            }
            Quirk::AttributesIgnored => {
                "the attributes and excludedAttributes parameters are ignored: the full resource comes back (GluuFederation/SCIM-Client#30, wso2/product-is#13855)"
            }
            Quirk::AttributesDropSchemas => {
                "with attributes= the resources come back without their schemas (seen on an independent server, issue 16)"
            }
            Quirk::ExcludedRemovesAlways => {
                "excludedAttributes removes even returned:always attributes such as id (what wso2/product-is#13855 asked for)"
            }
            Quirk::SubAttributeReturnsParent => {
                "attributes=name.familyName returns the whole name: only top-level names are projected"
            }
            Quirk::BooleanFalseNeverMatches => {
                "a boolean is compared with the text of the filter value, so active eq false never matches (seen on an independent server, issue 16)"
            }
            Quirk::EqCaseSensitive => {
                "eq compares case-sensitively on caseExact=false attributes other than userName, such as name.familyName (seen on an independent server, issue 16)"
            }
            Quirk::LikeWildcards => {
                "co, sw and ew become SQL LIKE with the value unescaped, so % and _ are wildcards (cloudfoundry/uaa#596)"
            }
            Quirk::InvalidFilterEmpty => {
                "a filter the server cannot evaluate (gt on a boolean, an unknown operator) is answered 200 with no result instead of 400 invalidFilter (seen on an independent server, issue 16)"
            }
            Quirk::SubAttributeFilterCrashes => {
                "a filter on a sub-attribute (name.givenName) is a 400 as soon as one stored resource lacks the parent attribute (seen on an independent server, issue 16)"
            }
            Quirk::ExtensionFilterNeverMatches => {
                "a filter on a schema-qualified extension attribute never matches (seen on an independent server, issue 16)"
            }
            Quirk::FilterLeftToRight => {
                "and and or are applied left to right, so a or b and c means (a or b) and c (SimpleIdServer#912, pingidentity/scim2#79)"
            }
            Quirk::FilterNamesCaseSensitive => {
                "attribute names and operators in filters must be written as the schema spells them: UserName or EQ is a 400 (wso2/product-is#12759 era parsers; RFC 7644 §3.4.2.2 makes them case-insensitive)"
            }
            Quirk::MissingUsernameStoredEmpty => {
                "a create without userName is accepted and stored with userName \"\" instead of refused with 400 (seen on an independent server, issue 16)"
            }
            Quirk::EmptyStringsForUnset => {
                "unset attributes come back as empty strings: displayName \"\", emails [{\"value\": \"\"}] (seen on an independent server, issue 16)"
            }
            Quirk::PostToIdCreates => {
                "POST /Users/{id} creates a new user, as if it were POST /Users (seen on an independent server, issue 16)"
            }
            Quirk::CreateKeepsClientMeta => {
                "a create answers with the meta.created and meta.lastModified the client sent instead of ignoring them (meta is readOnly)"
            }
            Quirk::LastModifiedFrozen => {
                "meta.lastModified never changes after a PUT or PATCH: it stays meta.created (wso2/product-is#5390, #22244)"
            }
            Quirk::GroupMetaIncomplete => {
                "Group meta has no created or lastModified (sourcegraph#48617: creation and last modification dates were missing)"
            }
            Quirk::EtagPreconditionsIgnored => {
                "If-Match and If-None-Match are ignored although etag.supported is advertised: a stale PUT overwrites, a current GET is 200"
            }
            Quirk::BulkStatusAsNumber => {
                "a BulkResponse gives each operation's status as a JSON number (201), not the string \"201\" of every RFC 7644 §3.7.3 example"
            }
            Quirk::BulkIdNotResolved => {
                "\"bulkId:X\" references in an operation's data are taken as the id \"X\" instead of the id the POST of bulkId X created, so a group's member is lost (RFC 7644 §3.7.2)"
            }
            Quirk::BulkIgnoresFailOnErrors => {
                "failOnErrors is ignored: a bulk job goes on after the error that should have ended it (RFC 7644 §3.7)"
            }
            Quirk::BulkFailsWholeOnOneError => {
                "one failed operation turns the whole bulk job into that operation's error response (the other operations still ran), instead of 200 with per-operation statuses (RFC 7644 §3.7.3)"
            }
            Quirk::Slow => "every response is delayed by --quirk-latency-ms (default 2000 ms)",
            other => entra::describe(other).map_or("", |(_, description)| description),
        }
    }
}

impl fmt::Display for Quirk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown quirk name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown quirk `{0}` (`--quirk list` shows them)")]
pub struct UnknownQuirk(pub String);

impl FromStr for Quirk {
    type Err = UnknownQuirk;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Quirk::ALL
            .into_iter()
            .find(|q| q.name() == name)
            .ok_or_else(|| UnknownQuirk(name.to_string()))
    }
}

/// The quirks a server has switched on (none by default), and the latency of [`Quirk::Slow`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quirks {
    enabled: BTreeSet<Quirk>,
    pub latency: Duration,
}

/// The latency of [`Quirk::Slow`] unless configured.
pub const DEFAULT_LATENCY: Duration = Duration::from_millis(2000);

impl Default for Quirks {
    fn default() -> Self {
        Quirks {
            enabled: BTreeSet::new(),
            latency: DEFAULT_LATENCY,
        }
    }
}

impl Quirks {
    pub fn new(quirks: impl IntoIterator<Item = Quirk>) -> Self {
        Quirks {
            enabled: quirks.into_iter().collect(),
            ..Quirks::default()
        }
    }

    pub fn with_latency(self, latency: Duration) -> Self {
        Quirks { latency, ..self }
    }

    pub fn is_empty(&self) -> bool {
        self.enabled.is_empty()
    }

    pub fn has(&self, quirk: Quirk) -> bool {
        self.enabled.contains(&quirk)
    }

    pub fn iter(&self) -> impl Iterator<Item = Quirk> + '_ {
        self.enabled.iter().copied()
    }
}

/// `--quirk list`: one line per quirk.
pub fn listing() -> String {
    let width = Quirk::ALL.iter().map(|q| q.name().len()).max().unwrap_or(0);
    Quirk::ALL
        .iter()
        .map(|q| format!("{:<width$} {}\n", q.name(), q.description()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let names: BTreeSet<&str> = Quirk::ALL.iter().map(|q| q.name()).collect();
        assert_eq!(names.len(), Quirk::ALL.len());
        for q in Quirk::ALL {
            assert_eq!(q.name().parse::<Quirk>(), Ok(q));
            assert!(!q.name().is_empty() && !q.description().is_empty());
            assert!(!q.description().contains('\n'));
        }
        assert!("Slow".parse::<Quirk>().is_err());
    }

    #[test]
    fn the_default_is_no_quirk() {
        assert!(Quirks::default().is_empty());
        assert_eq!(listing().lines().count(), Quirk::ALL.len());
    }
}
