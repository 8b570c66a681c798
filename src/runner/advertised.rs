//! What the target advertises in its `/ServiceProviderConfig` (SCIM 1.1: `/ServiceProviderConfigs`),
//! read once before the scenarios run.
//!
//! RFC 7644 makes ETags (§3.14), sorting (§3.4.2.3), bulk (§3.7), password changes and even
//! filtering and PATCH optional, and RFC 7643 §5 has the server say which it supports. A check of
//! an optional feature (`when: etag` in a scenario) therefore applies only when the target
//! advertises the feature: a target that advertises it and breaks it fails; one that does not is
//! not judged on it, and the report says the check did not apply.

use serde_json::Value;

use super::exchange;
use super::target::Target;
pub use crate::protocol::Feature;

/// Which optional features the target advertises (`<feature>.supported: true`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advertised {
    supported: [bool; 6],
    /// Where the answer came from, for the "did not apply" note.
    source: String,
}

impl Default for Advertised {
    /// Everything advertised: what a run assumes before (or without) asking, so that no check
    /// is silently dropped.
    fn default() -> Self {
        Self {
            supported: [true; 6],
            source: "assumed".to_owned(),
        }
    }
}

impl Advertised {
    /// What the ServiceProviderConfig document `spc` advertises.
    pub fn from_config(spc: &Value, source: &str) -> Self {
        let mut supported = [false; 6];
        for (slot, feature) in supported.iter_mut().zip(Feature::ALL) {
            *slot = spc
                .get(feature.attribute())
                .and_then(|f| f.get("supported"))
                .and_then(supported_flag)
                .unwrap_or(false);
        }
        Self {
            supported,
            source: source.to_owned(),
        }
    }

    /// A target whose configuration could not be read advertises nothing.
    pub fn nothing(why: &str) -> Self {
        Self {
            supported: [false; 6],
            source: why.to_owned(),
        }
    }

    pub fn supports(&self, feature: Feature) -> bool {
        Feature::ALL
            .iter()
            .position(|f| *f == feature)
            .is_some_and(|i| self.supported[i])
    }

    /// Why a check of `feature` did not apply.
    pub fn not_advertised(&self, feature: Feature, what: &str) -> String {
        format!(
            "not applicable: {what} depends on the optional feature `{}`, which the target does not advertise ({}: `{}.supported` is not true)",
            feature.attribute(),
            self.source,
            feature.attribute()
        )
    }

    /// Reads the target's configuration: 2.0's `/ServiceProviderConfig`, else 1.1's plural.
    pub async fn discover(target: &Target) -> Self {
        for path in ["/ServiceProviderConfig", "/ServiceProviderConfigs"] {
            if let Ok(spc) = exchange::get_json(target, path).await
                && spc.is_object()
            {
                return Self::from_config(&spc, &format!("GET {path}"));
            }
        }
        Self::nothing("the target's /ServiceProviderConfig could not be read")
    }
}

/// `true`, or the strings `"true"`/`"True"` some servers send.
fn supported_flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => Some(s.eq_ignore_ascii_case("true")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_each_supported_flag() {
        let spc = json!({
            "etag": {"supported": false},
            "sort": {"supported": true},
            "patch": {"supported": "True"},
            "filter": {"supported": true, "maxResults": 200},
        });
        let advertised = Advertised::from_config(&spc, "GET /ServiceProviderConfig");
        assert!(!advertised.supports(Feature::Etag));
        assert!(advertised.supports(Feature::Sort));
        assert!(advertised.supports(Feature::Patch));
        assert!(advertised.supports(Feature::Filter));
        assert!(!advertised.supports(Feature::Bulk));
        assert!(!advertised.supports(Feature::ChangePassword));
        let note = advertised.not_advertised(Feature::Etag, "header ETag");
        assert!(note.contains("`etag.supported` is not true"), "{note}");
    }

    #[test]
    fn by_default_everything_is_assumed() {
        for feature in Feature::ALL {
            assert!(Advertised::default().supports(feature));
            assert!(!Advertised::nothing("x").supports(feature));
        }
    }
}
