//! `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9) and the `returned` characteristic.

use serde_json::{Map, Value};

use crate::server::error::ScimError;
use crate::server::schema::ResourceType;

/// Which attributes a response carries.
#[derive(Debug, Clone, Default)]
pub struct AttributeSelection {
    _private: (),
}

impl AttributeSelection {
    pub fn parse(
        rt: &ResourceType,
        attributes: Option<&str>,
        excluded: Option<&str>,
    ) -> Result<Self, ScimError> {
        let _ = (rt, attributes, excluded);
        todo!("selection parse")
    }

    pub fn is_default(&self) -> bool {
        todo!()
    }

    pub fn apply(&self, rt: &ResourceType, resource: &mut Map<String, Value>) {
        let _ = (rt, resource);
        todo!("projection")
    }
}
