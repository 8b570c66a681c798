//! The schema and message URNs of SCIM 2.0 (RFC 7643 / RFC 7644) and SCIM 1.1, and their media
//! types, in one place: the reference server, the mock IdP and the soak workload all spell their
//! bodies with these.

pub const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
pub const ENTERPRISE_USER: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
pub const SERVICE_PROVIDER_CONFIG: &str =
    "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
pub const RESOURCE_TYPE: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
pub const SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";
pub const LIST_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
pub const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
pub const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
pub const SEARCH_REQUEST: &str = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
pub const BULK_REQUEST: &str = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
pub const BULK_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

/// The SCIM 2.0 media type, used on every response.
pub const SCIM_JSON: &str = "application/scim+json";

/// The core schema URN of every SCIM 1.1 resource, users, groups and list responses alike.
pub const SCIM11_CORE: &str = "urn:scim:schemas:core:1.0";
/// The SCIM 1.1 enterprise user extension.
pub const SCIM11_ENTERPRISE: &str = "urn:scim:schemas:extension:enterprise:1.0";
/// The media type of every SCIM 1.1 request and response.
pub const SCIM11_JSON: &str = "application/json";
