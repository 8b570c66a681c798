//! Hand-written `Deserialize` for the model's two-shape values, [`StatusExpectation`] and
//! [`HeaderCheck`].
//!
//! `#[serde(untagged)]` would buffer the value, try each shape and, on failure, say only "data did
//! not match any variant" at the start of the value; a typo deep inside a header rule would get
//! neither its position nor a suggestion. Dispatching on the YAML shape instead (number, list,
//! string or map) hands the inner value straight to serde-saphyr, which keeps positions, and
//! errors say what each shape looks like.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};

use super::model::{HeaderCheck, HeaderRule, StatusExpectation};

impl<'de> Deserialize<'de> for StatusExpectation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StatusVisitor)
    }
}

struct StatusVisitor;

impl StatusVisitor {
    fn status<E: de::Error>(self, value: u64) -> Result<StatusExpectation, E> {
        u16::try_from(value)
            .map(StatusExpectation::One)
            .map_err(|_| E::invalid_value(Unexpected::Unsigned(value), &self))
    }
}

impl<'de> Visitor<'de> for StatusVisitor {
    type Value = StatusExpectation;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an HTTP status code (`201`) or a list of accepted codes (`[200, 204]`)")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        self.status(value)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        match u64::try_from(value) {
            Ok(value) => self.status(value),
            Err(_) => Err(E::invalid_value(Unexpected::Signed(value), &self)),
        }
    }

    /// `status: "201"`: quoted by habit; the number is unambiguous.
    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        match value.trim().parse::<u16>() {
            Ok(status) => Ok(StatusExpectation::One(status)),
            Err(_) => Err(E::invalid_value(Unexpected::Str(value), &self)),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut statuses = Vec::new();
        while let Some(status) = seq.next_element::<u16>()? {
            statuses.push(status);
        }
        Ok(StatusExpectation::AnyOf(statuses))
    }
}

impl<'de> Deserialize<'de> for HeaderCheck {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(HeaderCheckVisitor)
    }
}

struct HeaderCheckVisitor;

impl<'de> Visitor<'de> for HeaderCheckVisitor {
    type Value = HeaderCheck;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "the exact header value as a string, or a check: `{present: true}`, `{present: false}`, `{matches: REGEX}` or `{contains: TEXT}`",
        )
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(HeaderCheck::Exact(value.to_owned()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(HeaderCheck::Exact(value.to_string()))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(HeaderCheck::Exact(value.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        HeaderRule::deserialize(de::value::MapAccessDeserializer::new(map)).map(HeaderCheck::Rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn parse<T: for<'de> Deserialize<'de>>(yaml: &str) -> Result<T, String> {
        let options = serde_saphyr::options! { strict_booleans: true };
        serde_saphyr::from_str_with_options(yaml, options).map_err(|e| {
            let location = e.location().map(|l| (l.line(), l.column()));
            format!("{location:?} {}", e.without_snippet())
        })
    }

    #[test]
    fn status_shapes() {
        let one: StatusExpectation = parse("201").unwrap();
        assert_eq!(one, StatusExpectation::One(201));
        let quoted: StatusExpectation = parse("\"204\"").unwrap();
        assert_eq!(quoted, StatusExpectation::One(204));
        let many: StatusExpectation = parse("[200, 204]").unwrap();
        assert_eq!(many, StatusExpectation::AnyOf(vec![200, 204]));
        assert!(many.accepts(204) && !many.accepts(201));
    }

    #[test]
    fn status_errors_say_what_is_expected() {
        let err = parse::<StatusExpectation>("abc").unwrap_err();
        assert!(err.contains("HTTP status code"), "{err}");
        let err = parse::<StatusExpectation>("70000").unwrap_err();
        assert!(err.contains("70000"), "{err}");
        let err = parse::<StatusExpectation>("-1").unwrap_err();
        assert!(err.contains("-1"), "{err}");
        let err = parse::<StatusExpectation>("[200, x]").unwrap_err();
        assert!(err.starts_with("Some((1, 7))"), "{err}");
    }

    #[test]
    fn header_check_shapes() {
        let checks: BTreeMap<String, HeaderCheck> =
            parse("A: text\nB: 0\nC: {present: false}\nD:\n  matches: ^W/\n").unwrap();
        assert_eq!(checks["A"], HeaderCheck::Exact("text".into()));
        assert_eq!(checks["B"], HeaderCheck::Exact("0".into()));
        let HeaderCheck::Rule(c) = &checks["C"] else {
            panic!("C is a rule")
        };
        assert_eq!(c.present, Some(false));
        let HeaderCheck::Rule(d) = &checks["D"] else {
            panic!("D is a rule")
        };
        assert_eq!(d.matches.as_deref(), Some("^W/"));
    }

    #[test]
    fn header_rule_typos_keep_their_position() {
        let err = parse::<BTreeMap<String, HeaderCheck>>("ETag:\n  presnt: true\n").unwrap_err();
        assert!(err.starts_with("Some((2, 3))"), "{err}");
        assert!(err.contains("unknown field `presnt`"), "{err}");
        let err = parse::<BTreeMap<String, HeaderCheck>>("ETag: true\n").unwrap_err();
        assert!(err.contains("{present: true}"), "{err}");
    }
}
