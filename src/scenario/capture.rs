//! Capture sources: where `capture: {alice_id: body.id, etag: header.ETag}` takes a value from.
//!
//! Parsed here, at load time, so that a malformed source fails before anything runs, and exposed
//! so that the runner reads values with exactly the rules the loader accepted and the docs state:
//!
//! - `header.<Name>`: the response header `<Name>` (case-insensitive), as a JSON string.
//! - `body.<path>`: segments separated by `.`; on an array a segment that is a number is an
//!   index (`body.Resources.0.id`), on an object every segment is a key. A key that itself
//!   contains `.` (SCIM extension URNs do: `…:enterprise:2.0:User`) is written in double quotes:
//!   `body."urn:ietf:params:scim:schemas:extension:enterprise:2.0:User".employeeNumber`.

use serde_json::Value;

use super::lexical::is_token;

/// A parsed capture source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaptureSource {
    /// A value inside the JSON response body, by path segments.
    Body(Vec<String>),
    /// A response header, by name.
    Header(String),
}

impl CaptureSource {
    /// Parses `body.<path>` or `header.<Name>`; the error says what is wrong, as a phrase that
    /// follows the source in a message ("has an empty path segment").
    pub fn parse(source: &str) -> Result<Self, String> {
        if let Some(name) = source.strip_prefix("header.") {
            return if is_token(name) {
                Ok(Self::Header(name.to_owned()))
            } else {
                Err(format!("names `{name}`, which is not a valid header name"))
            };
        }
        if let Some(path) = source.strip_prefix("body.") {
            return parse_body_path(path).map(Self::Body);
        }
        match source {
            "body" => Err("needs a path after `body`".to_owned()),
            "header" => Err("needs a header name after `header`".to_owned()),
            _ => Err("does not start with `body.` or `header.`".to_owned()),
        }
    }

    /// The value a body path selects in `body`, if there is one.
    pub fn select<'a>(segments: &[String], body: &'a Value) -> Option<&'a Value> {
        segments
            .iter()
            .try_fold(body, |value, segment| match value {
                Value::Object(map) => map.get(segment),
                Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            })
    }
}

fn parse_body_path(path: &str) -> Result<Vec<String>, String> {
    let mut segments = Vec::new();
    let mut rest = path;
    loop {
        let (segment, after) = if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted
                .find('"')
                .ok_or_else(|| "has a `\"` that is never closed".to_owned())?;
            (&quoted[..end], &quoted[end + 1..])
        } else {
            let end = rest.find('.').unwrap_or(rest.len());
            if rest[..end].contains('"') {
                return Err("has a `\"` inside a segment; quote whole segments only".to_owned());
            }
            (&rest[..end], &rest[end..])
        };
        if segment.is_empty() {
            return Err("has an empty path segment".to_owned());
        }
        segments.push(segment.to_owned());
        if after.is_empty() {
            return Ok(segments);
        }
        rest = after
            .strip_prefix('.')
            .ok_or_else(|| "needs a `.` after a quoted segment".to_owned())?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(segments: &[&str]) -> CaptureSource {
        CaptureSource::Body(segments.iter().map(|s| (*s).to_owned()).collect())
    }

    #[test]
    fn parses_the_two_forms() {
        assert_eq!(CaptureSource::parse("body.id"), Ok(body(&["id"])));
        assert_eq!(
            CaptureSource::parse("body.Resources.0.id"),
            Ok(body(&["Resources", "0", "id"]))
        );
        assert_eq!(
            CaptureSource::parse("header.ETag"),
            Ok(CaptureSource::Header("ETag".into()))
        );
        let urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        assert_eq!(
            CaptureSource::parse(&format!("body.\"{urn}\".employeeNumber")),
            Ok(body(&[urn, "employeeNumber"]))
        );
    }

    #[test]
    fn rejects_malformed_sources() {
        for bad in [
            "id",
            "body",
            "header",
            "body.",
            "body..id",
            "body.a.",
            "header.",
            "header.E Tag",
            "body.\"open",
            "body.\"a\"b",
            "body.a\"b\"",
            "Body.id",
            "",
        ] {
            assert!(CaptureSource::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn selects_values() {
        let v = json!({"Resources": [{"id": "1"}, {"id": "2"}], "m": {"0": "zero"}});
        let at = |s: &[&str]| {
            let segments: Vec<String> = s.iter().map(|x| (*x).to_owned()).collect();
            CaptureSource::select(&segments, &v).cloned()
        };
        assert_eq!(at(&["Resources", "1", "id"]), Some(json!("2")));
        assert_eq!(at(&["m", "0"]), Some(json!("zero")));
        assert_eq!(at(&["Resources", "9"]), None);
        assert_eq!(at(&["Resources", "x"]), None);
        assert_eq!(at(&["m", "0", "deeper"]), None);
        assert_eq!(at(&[]), Some(v.clone()));
    }
}
