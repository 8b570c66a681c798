//! The small grammars scenario files share: HTTP tokens (methods, header names), identifiers
//! (identity, capture and variable names) and header values.
//!
//! Checked at load time because the HTTP client would otherwise refuse the request in the middle
//! of a run (a header name with a space), or the runner would silently never resolve a
//! `${my-var}`.

/// An RFC 9110 token: what methods and header names are made of.
pub fn is_token(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(is_tchar)
}

fn is_tchar(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

pub use crate::protocol::reference::is_identifier;

/// Header values may hold anything visible, spaces and tabs, but no line break and no NUL
/// (RFC 9110 §5.5); HTTP clients refuse to send them.
pub fn is_header_value(text: &str) -> bool {
    !text.contains(['\r', '\n', '\0'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        for good in [
            "GET",
            "PATCH",
            "M-SEARCH",
            "X_CUSTOM",
            "Content-Type",
            "ETag",
            "a!#$%&'*+-.^_`|~1",
        ] {
            assert!(is_token(good), "{good}");
        }
        for bad in [
            "",
            "GET ",
            "GE T",
            "Content Type",
            "X:Y",
            "(x)",
            "é",
            "a/b",
            "a\tb",
        ] {
            assert!(!is_token(bad), "{bad:?}");
        }
    }

    #[test]
    fn identifiers() {
        for good in ["alice", "_x", "alice_id", "A9", "etag"] {
            assert!(is_identifier(good), "{good}");
        }
        for bad in ["", "9a", "alice-id", "a.b", "a b", "ä", "${x}"] {
            assert!(!is_identifier(bad), "{bad:?}");
        }
    }

    #[test]
    fn header_values() {
        assert!(is_header_value("Bearer abc, \"x\"\ty"));
        assert!(!is_header_value("a\r\nInjected: 1"));
        assert!(!is_header_value("a\0"));
    }
}
