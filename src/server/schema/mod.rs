//! The schema registry: attribute characteristics for User, Group and the Enterprise User extension.

pub mod attribute;
pub mod definitions;
pub mod resource_type;

pub use attribute::{AttrType, AttributeDef, Mutability, Returned, Uniqueness};
pub use definitions::{REGISTRY, Registry};
pub use resource_type::{AttrHome, Resolved, ResourceKind, ResourceType, SchemaDef};
