//! Which SCIM version a run speaks: 2.0 (RFC 7643/7644) or 1.1.
//!
//! One type for every layer that differs by version: the profile says which one a target speaks,
//! `run --dialect` picks it, the mock IdP spells its requests in it (`idp::scim11`), scenarios read
//! its URNs through the `${scim.*}` built-in variables and pick their per-dialect variants
//! (`scim1.1:` blocks, `NAME.scim1.1.json` fixtures) by it.

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

use super::urn;

/// A SCIM version, as profiles (`dialect: scim1.1`) and `--dialect 1.1` name it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
pub enum Dialect {
    #[default]
    #[serde(rename = "scim2")]
    Scim2,
    #[serde(rename = "scim1.1")]
    Scim11,
}

/// The `${scim.*}` built-in variables: what a scenario needs to name in a version-neutral way.
pub const SCIM_FIELDS: &[&str] = &[
    "version",
    "userSchema",
    "groupSchema",
    "listSchema",
    "enterpriseSchema",
    "mediaType",
];

impl Dialect {
    /// `scim2` / `scim1.1`: the profile value, the capability name in `requires:`, the key of a
    /// step's per-dialect block and the suffix of a per-dialect fixture.
    pub fn key(self) -> &'static str {
        match self {
            Dialect::Scim2 => "scim2",
            Dialect::Scim11 => "scim1.1",
        }
    }

    /// `2.0` / `1.1`.
    pub fn version(self) -> &'static str {
        match self {
            Dialect::Scim2 => "2.0",
            Dialect::Scim11 => "1.1",
        }
    }

    pub fn user_schema(self) -> &'static str {
        match self {
            Dialect::Scim2 => urn::USER,
            Dialect::Scim11 => urn::SCIM11_CORE,
        }
    }

    pub fn group_schema(self) -> &'static str {
        match self {
            Dialect::Scim2 => urn::GROUP,
            Dialect::Scim11 => urn::SCIM11_CORE,
        }
    }

    /// The schema of a list response (1.1 lists carry the core schema).
    pub fn list_schema(self) -> &'static str {
        match self {
            Dialect::Scim2 => urn::LIST_RESPONSE,
            Dialect::Scim11 => urn::SCIM11_CORE,
        }
    }

    pub fn enterprise_schema(self) -> &'static str {
        match self {
            Dialect::Scim2 => urn::ENTERPRISE_USER,
            Dialect::Scim11 => urn::SCIM11_ENTERPRISE,
        }
    }

    /// The media type of requests and responses.
    pub fn media_type(self) -> &'static str {
        match self {
            Dialect::Scim2 => urn::SCIM_JSON,
            Dialect::Scim11 => urn::SCIM11_JSON,
        }
    }

    /// The `${scim.FIELD}` built-ins, as (field, value).
    pub fn variables(self) -> [(&'static str, &'static str); 6] {
        [
            ("version", self.version()),
            ("userSchema", self.user_schema()),
            ("groupSchema", self.group_schema()),
            ("listSchema", self.list_schema()),
            ("enterpriseSchema", self.enterprise_schema()),
            ("mediaType", self.media_type()),
        ]
    }

    /// The name of the per-dialect variant of fixture `name`: `users/x.json` →
    /// `users/x.scim1.1.json`. `None` for 2.0, whose fixtures are the plain ones.
    pub fn fixture_variant(self, name: &str) -> Option<String> {
        match self {
            Dialect::Scim2 => None,
            Dialect::Scim11 => Some(match name.strip_suffix(".json") {
                Some(stem) => format!("{stem}.{}.json", self.key()),
                None => format!("{name}.{}", self.key()),
            }),
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.version())
    }
}

impl FromStr for Dialect {
    type Err = String;

    /// `2.0`, `2`, `scim2` or `1.1`, `scim1.1`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "2.0" | "2" | "scim2" | "scim2.0" => Ok(Dialect::Scim2),
            "1.1" | "scim1.1" => Ok(Dialect::Scim11),
            other => Err(format!(
                "unknown SCIM dialect `{other}`: use `2.0` or `1.1`"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_fixture_variants() {
        assert_eq!("1.1".parse::<Dialect>(), Ok(Dialect::Scim11));
        assert_eq!("scim2".parse::<Dialect>(), Ok(Dialect::Scim2));
        assert!(
            "3".parse::<Dialect>()
                .unwrap_err()
                .contains("`2.0` or `1.1`")
        );
        assert_eq!(
            Dialect::Scim11.fixture_variant("okta/spec/create_user.json"),
            Some("okta/spec/create_user.scim1.1.json".to_owned())
        );
        assert_eq!(Dialect::Scim2.fixture_variant("a.json"), None);
        assert_eq!(Dialect::Scim11.variables().len(), SCIM_FIELDS.len());
        for ((field, _), expected) in Dialect::Scim11.variables().iter().zip(SCIM_FIELDS) {
            assert_eq!(field, expected);
        }
    }
}
