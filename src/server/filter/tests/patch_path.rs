//! PATCH path parsing (RFC 7644 §3.5.2, Figure 7).

use super::{and, cmp, path, s};
use crate::server::error::ScimType;
use crate::server::filter::ast::{AttrPath, CompareOp::*, PatchPath};
use crate::server::filter::parse_patch_path;

const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn ok(src: &str) -> PatchPath {
    match parse_patch_path(src) {
        Ok(p) => p,
        Err(e) => panic!("{src:?} should parse: {}", e.detail),
    }
}

fn err(src: &str, kind: ScimType) -> String {
    let e = parse_patch_path(src).expect_err(src);
    assert_eq!(e.scim_type, Some(kind), "{src:?}: {}", e.detail);
    assert_eq!(e.status.as_u16(), 400);
    e.detail
}

#[test]
fn plain_attribute_paths() {
    for (src, expected) in [
        ("userName", path("userName")),
        ("name.givenName", path("name.givenName")),
        ("members", path("members")),
        ("members.$ref", path("members.$ref")),
        ("  active ", path("active")),
    ] {
        assert_eq!(
            ok(src),
            PatchPath {
                attr: expected,
                filter: None,
                sub: None
            },
            "{src:?}"
        );
    }
}

#[test]
fn urn_qualified_paths() {
    let ext = |name: &str, sub: Option<&str>| AttrPath {
        urn: Some(ENT.to_owned()),
        name: name.to_owned(),
        sub: sub.map(str::to_owned),
    };
    assert_eq!(
        ok(&format!("{ENT}:department")).attr,
        ext("department", None)
    );
    assert_eq!(
        ok(&format!("{ENT}:manager.value")).attr,
        ext("manager", Some("value"))
    );
    // A bare schema URN is the PATCH engine's business; it must at least not panic or fail oddly.
    let bare = ok(ENT);
    assert_eq!(bare.attr.to_string(), ENT);
    assert_eq!(bare.filter, None);
}

#[test]
fn value_filter_paths() {
    let p = ok("emails[type eq \"work\"]");
    assert_eq!(p.attr, path("emails"));
    assert_eq!(p.filter.as_deref(), Some(&cmp("type", Eq, s("work"))));
    assert_eq!(p.sub, None);

    let p = ok("emails[type eq \"work\" and value co \"@x\"].value");
    assert_eq!(
        p.filter.as_deref(),
        Some(&and(cmp("type", Eq, s("work")), cmp("value", Co, s("@x"))))
    );
    assert_eq!(p.sub.as_deref(), Some("value"));

    let p = ok("members[value eq \"2819c223-7f76-453a-919d-413861904646\"]");
    assert_eq!(
        p.filter.as_deref(),
        Some(&cmp("value", Eq, s("2819c223-7f76-453a-919d-413861904646")))
    );

    let p =
        ok("urn:ietf:params:scim:schemas:core:2.0:User:addresses[type eq \"work\"].streetAddress");
    assert_eq!(p.attr.name, "addresses");
    assert_eq!(p.sub.as_deref(), Some("streetAddress"));

    // Lenient: an unquoted value, and a bracketed value containing ':' and ']'.
    let p = ok("emails[type eq work].Primary");
    assert_eq!(p.filter.as_deref(), Some(&cmp("type", Eq, s("work"))));
    assert_eq!(p.sub.as_deref(), Some("Primary"));
    let p = ok("members[value eq \"urn:x]y\"]");
    assert_eq!(p.filter.as_deref(), Some(&cmp("value", Eq, s("urn:x]y"))));
}

#[test]
fn malformed_paths_are_invalid_path() {
    let cases = [
        ("", "invalid path: empty path (at position 0)"),
        (
            "[type eq \"x\"]",
            "invalid path: expected an attribute name, found '[' (at position 0)",
        ),
        (
            "user name",
            "invalid path: unexpected 'name'; expected '[' or end of path (at position 5)",
        ),
        (
            "a.b.c",
            "invalid path: 'a.b.c' is not a valid attribute path (at position 0)",
        ),
        (
            "emails[type eq \"work\"",
            "invalid path: unclosed '[' (at position 6)",
        ),
        (
            "emails[type eq \"work\"]value",
            "invalid path: unexpected 'value'; expected '.subAttribute' or end of path after ']' (at position 22)",
        ),
        (
            "emails[type eq \"work\"].value.x",
            "invalid path: unexpected '.value.x'; expected '.subAttribute' or end of path after ']' (at position 22)",
        ),
        (
            "emails[type eq \"work\"].value x",
            "invalid path: unexpected 'x'; expected end of path (at position 29)",
        ),
        (
            "emails[type eq \"work\"][value pr]",
            "invalid path: unexpected '['; expected '.subAttribute' or end of path after ']' (at position 22)",
        ),
        (
            "name.givenName[value pr]",
            "invalid path: a value filter must follow an attribute, not a sub-attribute (at position 14)",
        ),
        (
            "emails)",
            "invalid path: unexpected ')'; expected '[' or end of path (at position 6)",
        ),
        (
            "\"userName\"",
            "invalid path: expected an attribute name, found '\"userName\"' (at position 0)",
        ),
        (
            "urn:",
            "invalid path: 'urn:' is not a valid attribute path (at position 0)",
        ),
    ];
    for (src, detail) in cases {
        assert_eq!(err(src, ScimType::InvalidPath), detail, "{src:?}");
    }
}

#[test]
fn malformed_filters_inside_brackets_are_invalid_filter() {
    let cases = [
        (
            "emails[type regex \"w\"]",
            "invalid filter in path: unknown operator 'regex'; expected one of eq, ne, co, sw, ew, gt, ge, lt, le, pr (at position 12)",
        ),
        (
            "emails[]",
            "invalid filter in path: unexpected ']'; expected an attribute path, '(' or 'not' (at position 7)",
        ),
        (
            "emails[type eq \"w\" xyz]",
            "invalid filter in path: unexpected 'xyz'; expected 'and', 'or' or ']' (at position 19)",
        ),
        (
            "emails[type eq \"w]",
            "invalid filter in path: unterminated string literal (at position 15)",
        ),
        (
            "emails[x[y pr]]",
            "invalid filter in path: value filters cannot be nested inside a value filter (at position 8)",
        ),
    ];
    for (src, detail) in cases {
        assert_eq!(err(src, ScimType::InvalidFilter), detail, "{src:?}");
    }
}
