//! Status and header checks: one-line verdicts, `None` when fine.
//!
//! Header names are matched case-insensitively by the caller (HTTP says so); this module judges a
//! value. An exact check is byte-for-byte, except for `Content-Type`, whose media type and
//! parameters are compared ignoring case and the whitespace around `;` and `=`:
//! `application/scim+json; charset=UTF-8` equals `application/scim+json;charset=utf-8`. Servers
//! legitimately differ there, and a conformance harness should not fail them for it.

use regex::Regex;

use super::matcher::{MatcherError, truncate};
use crate::scenario::model::{HeaderCheck, HeaderRule, StatusExpectation};

/// How much of a header value a message shows.
const VALUE_LEN: usize = 80;

/// Checks one header value (`None` when the response lacks the header).
pub fn check_header(name: &str, check: &HeaderCheck, actual: Option<&str>) -> Option<String> {
    match check {
        HeaderCheck::Exact(want) => match actual {
            None => Some(format!("header {name}: expected {}, missing", quote(want))),
            Some(got) if exact_equal(name, want, got) => None,
            Some(got) => Some(format!(
                "header {name}: expected {}, actual {}",
                quote(want),
                quote(got)
            )),
        },
        HeaderCheck::Rule(rule) => check_rule(name, rule, actual),
    }
}

fn check_rule(name: &str, rule: &HeaderRule, actual: Option<&str>) -> Option<String> {
    let Some(got) = actual else {
        return if rule.present == Some(true) || rule.matches.is_some() || rule.contains.is_some() {
            Some(format!("header {name}: expected present, missing"))
        } else {
            None
        };
    };
    if rule.present == Some(false) {
        return Some(format!(
            "header {name}: expected absent, actual {}",
            quote(got)
        ));
    }
    if let Some(pattern) = &rule.matches {
        match Regex::new(pattern) {
            Err(_) => {
                return Some(format!(
                    "header {name}: invalid regex /{}/",
                    truncate(pattern, 60)
                ));
            }
            Ok(re) if !re.is_match(got) => {
                return Some(format!(
                    "header {name}: expected a value matching /{}/, actual {}",
                    truncate(pattern, 60),
                    quote(got)
                ));
            }
            Ok(_) => {}
        }
    }
    if let Some(needle) = &rule.contains
        && !got.contains(needle.as_str())
    {
        return Some(format!(
            "header {name}: expected a value containing {}, actual {}",
            quote(needle),
            quote(got)
        ));
    }
    None
}

/// Checks the regexes of a header check at load time, like [`super::validate_expected`] for
/// bodies.
pub fn validate_header_check(name: &str, check: &HeaderCheck) -> Result<(), MatcherError> {
    if let HeaderCheck::Rule(HeaderRule {
        matches: Some(pattern),
        ..
    }) = check
        && let Err(e) = Regex::new(pattern)
    {
        return Err(MatcherError::InvalidRegex {
            path: format!("headers.{name}.matches"),
            pattern: pattern.clone(),
            message: truncate(e.to_string().lines().last().unwrap_or("").trim(), 120),
        });
    }
    Ok(())
}

fn exact_equal(name: &str, want: &str, got: &str) -> bool {
    if name.eq_ignore_ascii_case("content-type") {
        normalize_media_type(want) == normalize_media_type(got)
    } else {
        want == got
    }
}

/// `Type/Sub ; A = B` → `type/sub;a=b`.
fn normalize_media_type(v: &str) -> String {
    v.split(';')
        .map(|part| {
            part.split('=')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join("=")
                .to_ascii_lowercase()
        })
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(";")
}

fn quote(v: &str) -> String {
    format!("\"{}\"", truncate(v, VALUE_LEN))
}

/// Checks the response status against one accepted status or a list of them.
pub fn check_status(expected: &StatusExpectation, actual: u16) -> Option<String> {
    if expected.accepts(actual) {
        return None;
    }
    Some(match expected {
        StatusExpectation::One(s) => format!("status: expected {s}, actual {actual}"),
        StatusExpectation::AnyOf(list) => {
            let list: Vec<String> = list.iter().map(u16::to_string).collect();
            format!(
                "status: expected one of {}, actual {actual}",
                list.join(", ")
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(present: Option<bool>, matches: Option<&str>, contains: Option<&str>) -> HeaderCheck {
        HeaderCheck::Rule(HeaderRule {
            present,
            matches: matches.map(str::to_owned),
            contains: contains.map(str::to_owned),
            ..HeaderRule::default()
        })
    }

    #[test]
    fn exact_values() {
        let check = HeaderCheck::Exact("abc".into());
        assert_eq!(check_header("X-A", &check, Some("abc")), None);
        assert_eq!(
            check_header("X-A", &check, Some("ABC")).as_deref(),
            Some(r#"header X-A: expected "abc", actual "ABC""#)
        );
        assert_eq!(
            check_header("X-A", &check, None).as_deref(),
            Some(r#"header X-A: expected "abc", missing"#)
        );
    }

    #[test]
    fn content_type_ignores_case_and_spaces_around_separators() {
        let check = HeaderCheck::Exact("application/scim+json; charset=utf-8".into());
        for ok in [
            "application/scim+json;charset=utf-8",
            "Application/SCIM+json ;  charset = UTF-8",
        ] {
            assert_eq!(check_header("content-type", &check, Some(ok)), None, "{ok}");
        }
        assert!(
            check_header(
                "Content-Type",
                &check,
                Some("application/json; charset=utf-8")
            )
            .is_some()
        );
        assert!(check_header("Content-Type", &check, Some("application/scim+json")).is_some());
        // Other headers stay exact.
        let etag = HeaderCheck::Exact("W/\"1\"".into());
        assert!(check_header("ETag", &etag, Some("w/\"1\"")).is_some());
    }

    #[test]
    fn presence_rules() {
        assert_eq!(
            check_header("ETag", &rule(Some(true), None, None), Some("x")),
            None
        );
        assert_eq!(
            check_header("ETag", &rule(Some(true), None, None), None).as_deref(),
            Some("header ETag: expected present, missing")
        );
        assert_eq!(
            check_header("ETag", &rule(Some(false), None, None), None),
            None
        );
        assert_eq!(
            check_header("ETag", &rule(Some(false), None, None), Some("W/\"1\"")).as_deref(),
            Some(r#"header ETag: expected absent, actual "W/"1"""#)
        );
        assert_eq!(check_header("ETag", &rule(None, None, None), None), None);
    }

    #[test]
    fn matches_and_contains() {
        let re = rule(None, Some(r#"^W/".+"$"#), None);
        assert_eq!(check_header("ETag", &re, Some("W/\"3\"")), None);
        assert_eq!(
            check_header("ETag", &re, Some("\"3\"")).as_deref(),
            Some(r#"header ETag: expected a value matching /^W/".+"$/, actual ""3"""#)
        );
        assert_eq!(
            check_header("ETag", &re, None).as_deref(),
            Some("header ETag: expected present, missing")
        );
        let has = rule(None, None, Some("/Users/"));
        assert_eq!(
            check_header("Location", &has, Some("http://h/Users/1")),
            None
        );
        assert_eq!(
            check_header("Location", &has, Some("http://h/Groups/1")).as_deref(),
            Some(
                r#"header Location: expected a value containing "/Users/", actual "http://h/Groups/1""#
            )
        );
        let bad = rule(None, Some("(x"), None);
        assert_eq!(
            check_header("X", &bad, Some("x")).as_deref(),
            Some("header X: invalid regex /(x/")
        );
        assert!(validate_header_check("X", &bad).is_err());
        assert_eq!(validate_header_check("ETag", &re), Ok(()));
    }

    #[test]
    fn status() {
        assert_eq!(check_status(&StatusExpectation::One(201), 201), None);
        assert_eq!(
            check_status(&StatusExpectation::One(201), 409).as_deref(),
            Some("status: expected 201, actual 409")
        );
        let any = StatusExpectation::AnyOf(vec![200, 204]);
        assert_eq!(check_status(&any, 204), None);
        assert_eq!(
            check_status(&any, 404).as_deref(),
            Some("status: expected one of 200, 204, actual 404")
        );
    }
}
