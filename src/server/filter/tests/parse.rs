//! Filter parsing: grammar, precedence, literals, lenient forms, errors and limits.

use serde_json::Number;

use super::{and, cmp, not, or, parse, parse_err, path, s};
use crate::server::filter::ast::{AttrPath, CompValue, CompareOp::*, Filter};
use crate::server::filter::{MAX_DEPTH, MAX_LEN, MAX_TERMS};

fn num(text: &str) -> CompValue {
    CompValue::Number(text.parse::<Number>().expect("number"))
}

#[test]
fn every_operator() {
    for (kw, op) in [
        ("eq", Eq),
        ("ne", Ne),
        ("co", Co),
        ("sw", Sw),
        ("ew", Ew),
        ("gt", Gt),
        ("ge", Ge),
        ("lt", Lt),
        ("le", Le),
    ] {
        assert_eq!(
            parse(&format!("title {kw} \"x\"")),
            cmp("title", op, s("x"))
        );
    }
    assert_eq!(parse("title pr"), Filter::Present(path("title")));
}

#[test]
fn operators_keywords_and_literals_are_case_insensitive() {
    let expected = cmp("userName", Eq, s("x"));
    assert_eq!(parse("userName EQ \"x\""), expected);
    assert_eq!(parse("userName Eq \"x\""), expected);
    assert_eq!(parse("title PR"), Filter::Present(path("title")));
    assert_eq!(
        parse("a eq TRUE AND b eq False OR c eq NuLL"),
        or(
            and(
                cmp("a", Eq, CompValue::Bool(true)),
                cmp("b", Eq, CompValue::Bool(false))
            ),
            cmp("c", Eq, CompValue::Null)
        )
    );
    assert_eq!(parse("NOT (a pr)"), not(Filter::Present(path("a"))));
}

#[test]
fn attribute_names_keep_their_casing() {
    assert_eq!(
        parse("USERNAME eq \"x\""),
        Filter::Compare {
            path: AttrPath::new("USERNAME", None),
            op: Eq,
            value: s("x")
        }
    );
    assert_eq!(
        parse("name.FamilyName eq \"x\""),
        Filter::Compare {
            path: AttrPath::new("name", Some("FamilyName")),
            op: Eq,
            value: s("x")
        }
    );
}

#[test]
fn and_binds_tighter_than_or() {
    let a = || cmp("a", Eq, s("1"));
    let b = || cmp("b", Eq, s("2"));
    let c = || cmp("c", Eq, s("3"));
    assert_eq!(
        parse("a eq \"1\" or b eq \"2\" and c eq \"3\""),
        or(a(), and(b(), c()))
    );
    assert_eq!(
        parse("a eq \"1\" and b eq \"2\" or c eq \"3\""),
        or(and(a(), b()), c())
    );
    assert_eq!(
        parse("(a eq \"1\" or b eq \"2\") and c eq \"3\""),
        and(or(a(), b()), c())
    );
    // Chains are left-associative.
    assert_eq!(
        parse("a eq \"1\" or b eq \"2\" or c eq \"3\""),
        or(or(a(), b()), c())
    );
}

#[test]
fn not_binds_tighter_than_and() {
    assert_eq!(
        parse("not (a pr) and b pr"),
        and(not(Filter::Present(path("a"))), Filter::Present(path("b")))
    );
    assert_eq!(
        parse("not(emails co \"x.io\")"),
        not(cmp("emails", Co, s("x.io")))
    );
    assert_eq!(
        parse("not ( not ( a pr ) )"),
        not(not(Filter::Present(path("a"))))
    );
}

#[test]
fn value_paths_standalone_and_combined() {
    let vp = Filter::ValuePath {
        attr: path("emails"),
        filter: Box::new(and(cmp("type", Eq, s("work")), cmp("value", Co, s("@x")))),
    };
    assert_eq!(parse("emails[type eq \"work\" and value co \"@x\"]"), vp);
    assert_eq!(parse("emails[ type eq \"work\" and value co \"@x\" ]"), vp);
    assert_eq!(
        parse("userName sw \"a\" and emails[type eq \"work\" and value co \"@x\"]"),
        and(cmp("userName", Sw, s("a")), vp.clone())
    );
    assert_eq!(
        parse("emails[not (type eq \"work\")]"),
        Filter::ValuePath {
            attr: path("emails"),
            filter: Box::new(not(cmp("type", Eq, s("work"))))
        }
    );
}

#[test]
fn urn_qualified_paths_split_at_the_last_colon() {
    let ent = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    assert_eq!(
        parse(&format!("{ent}:manager.value eq \"u9\"")),
        Filter::Compare {
            path: AttrPath {
                urn: Some(ent.to_owned()),
                name: "manager".into(),
                sub: Some("value".into())
            },
            op: Eq,
            value: s("u9")
        }
    );
    let core = "urn:ietf:params:scim:schemas:core:2.0:User";
    assert_eq!(
        parse(&format!("{core}:userName sw \"a\"")),
        Filter::Compare {
            path: AttrPath {
                urn: Some(core.to_owned()),
                name: "userName".into(),
                sub: None
            },
            op: Sw,
            value: s("a")
        }
    );
    assert_eq!(
        parse(&format!("{core}:emails[type eq \"work\"]")),
        Filter::ValuePath {
            attr: AttrPath {
                urn: Some(core.to_owned()),
                name: "emails".into(),
                sub: None
            },
            filter: Box::new(cmp("type", Eq, s("work")))
        }
    );
    assert_eq!(
        parse("members.$ref pr"),
        Filter::Present(path("members.$ref"))
    );
    assert_eq!(path("members.$ref").sub.as_deref(), Some("$ref"));
}

#[test]
fn string_escapes() {
    assert_eq!(
        parse(r#"name.familyName eq "O\"Neil""#),
        cmp("name.familyName", Eq, s("O\"Neil"))
    );
    assert_eq!(
        parse(r#"title co "O'Malley""#),
        cmp("title", Co, s("O'Malley"))
    );
    assert_eq!(
        parse(r#"title eq "a\\b\/c\u00e9\n""#),
        cmp("title", Eq, s("a\\b/cé\n"))
    );
    assert_eq!(parse(r#"title eq "" "#), cmp("title", Eq, s("")));
    // Brackets and keywords inside strings are data.
    assert_eq!(
        parse(r#"title eq ") or [x] and (""#),
        cmp("title", Eq, s(") or [x] and ("))
    );
}

#[test]
fn numbers() {
    for text in ["0", "42", "-7", "3.25", "-0.5", "1e3", "2.5E-2", "-1E+2"] {
        assert_eq!(parse(&format!("n eq {text}")), cmp("n", Eq, num(text)));
    }
    let e = parse_err("n eq 1e999");
    assert!(e.detail.contains("out of range"), "{}", e.detail);
}

#[test]
fn lenient_unquoted_values_are_strings() {
    assert_eq!(parse("userName eq alice"), cmp("userName", Eq, s("alice")));
    assert_eq!(
        parse("meta.Created gt 2015-10-10T14:38:21Z"),
        cmp("meta.Created", Gt, s("2015-10-10T14:38:21Z"))
    );
    assert_eq!(
        parse("emails.Value co example.com"),
        cmp("emails.Value", Co, s("example.com"))
    );
    assert_eq!(
        parse("(userName eq alice)"),
        cmp("userName", Eq, s("alice"))
    );
    assert_eq!(
        parse("schemas eq urn:x:y"),
        cmp("schemas", Eq, s("urn:x:y"))
    );
}

#[test]
fn lenient_whitespace() {
    let expected = and(cmp("a", Eq, s("1")), Filter::Present(path("b")));
    for src in [
        "a eq \"1\" and b pr",
        "  a\teq\t\"1\"\t\tand   b pr  ",
        "( a eq \"1\" ) and ( b pr )",
        "a eq \"1\"\nand\r\nb pr",
    ] {
        assert_eq!(parse(src), expected, "{src:?}");
    }
}

#[test]
fn malformed_filters_are_invalid_filter_with_position() {
    let cases = [
        ("", "empty filter (at position 0)"),
        ("   ", "empty filter (at position 0)"),
        (
            "(((",
            "unexpected end of input; expected an attribute path, '(' or 'not' (at position 3)",
        ),
        (
            "userName eq \"a\" xyz",
            "unexpected 'xyz'; expected 'and', 'or' or end of filter (at position 16)",
        ),
        (
            "userName regex \"a\"",
            "unknown operator 'regex'; expected one of eq, ne, co, sw, ew, gt, ge, lt, le, pr (at position 9)",
        ),
        (
            "userName ssw \"a\"",
            "unknown operator 'ssw'; expected one of eq, ne, co, sw, ew, gt, ge, lt, le, pr (at position 9)",
        ),
        (
            "userName eq \"abc",
            "unterminated string literal (at position 12)",
        ),
        (
            "not a pr",
            "unexpected 'a'; 'not' must be followed by '(' (at position 4)",
        ),
        (
            "not",
            "unexpected end of input; 'not' must be followed by '(' (at position 3)",
        ),
        (
            "emails[type eq \"w\" and x[y pr]]",
            "value filters cannot be nested inside a value filter (at position 24)",
        ),
        (
            "userName eq",
            "unexpected end of input; expected a value after 'eq' (at position 11)",
        ),
        (
            "userName",
            "unexpected end of input; expected an operator after 'userName' (expected one of eq, ne, co, sw, ew, gt, ge, lt, le, pr) (at position 8)",
        ),
        (
            "userName eq \"a\")",
            "unexpected ')'; unbalanced closing bracket (at position 15)",
        ),
        (
            "(userName pr",
            "unexpected end of input; expected ')' to close '(' (at position 12)",
        ),
        (
            "(userName pr]",
            "unexpected ']'; expected 'and', 'or' or ')' (at position 12)",
        ),
        (
            "emails[type pr",
            "unexpected end of input; expected 'and', 'or' or ']' (at position 14)",
        ),
        (
            "a pr and",
            "unexpected end of input; expected an attribute path, '(' or 'not' (at position 8)",
        ),
        (
            "user=name eq 1",
            "'user=name' is not a valid attribute path (at position 0)",
        ),
        (
            "a.b.c pr",
            "'a.b.c' is not a valid attribute path (at position 0)",
        ),
        (
            "é eq \"x\"",
            "'é' is not a valid attribute path (at position 0)",
        ),
        (
            "title eq \"x\" ü",
            "unexpected 'ü'; expected 'and', 'or' or end of filter (at position 13)",
        ),
    ];
    for (src, detail) in cases {
        let err = parse_err(src);
        assert_eq!(err.detail, format!("invalid filter: {detail}"), "{src:?}");
    }
}

#[test]
fn and_or_not_are_not_attribute_values_in_operator_position() {
    // `title and` : `and` is read as the operator, which is unknown.
    let err = parse_err("title and b pr");
    assert!(
        err.detail
            .starts_with("invalid filter: unknown operator 'and'"),
        "{}",
        err.detail
    );
}

#[test]
fn length_limit() {
    let long = format!("title eq \"{}\"", "a".repeat(MAX_LEN));
    let err = parse_err(&long);
    assert!(err.detail.contains("the limit is 65536"), "{}", err.detail);
    let just_fits = format!("title eq \"{}\"", "a".repeat(MAX_LEN - 11));
    assert_eq!(just_fits.len(), MAX_LEN);
    assert!(super::super::parse_filter(&just_fits).is_ok());
}

#[test]
fn nesting_limit_without_stack_overflow() {
    let nested = |n: usize| format!("{}a pr{}", "(".repeat(n), ")".repeat(n));
    assert_eq!(parse(&nested(MAX_DEPTH)), Filter::Present(path("a")));
    let err = parse_err(&nested(MAX_DEPTH + 1));
    assert_eq!(
        err.detail,
        "invalid filter: nesting deeper than 64 levels (at position 64)"
    );
    parse_err(&nested(10_000));
    parse_err(&"(".repeat(60_000));
    parse_err(&"not(".repeat(10_000));
    parse_err(&format!("{}a pr", "emails[".repeat(5_000)));
}

#[test]
fn term_limit() {
    let terms = |n: usize| vec!["a pr"; n].join(" or ");
    assert!(super::super::parse_filter(&terms(MAX_TERMS)).is_ok());
    let err = parse_err(&terms(MAX_TERMS + 1));
    assert!(
        err.detail.contains("more than 1024 comparisons"),
        "{}",
        err.detail
    );
    parse_err(&terms(5_000));
    let ands = vec!["a eq 1"; 5_000].join(" and ");
    parse_err(&ands);
}

#[test]
fn a_sub_attribute_after_a_value_filter_joins_it() {
    let entra = parse("emails[type eq \"work\"].value eq \"a@x\"");
    let inner = and(cmp("type", Eq, s("work")), cmp("value", Eq, s("a@x")));
    assert_eq!(
        entra,
        Filter::ValuePath {
            attr: path("emails"),
            filter: Box::new(inner),
        }
    );
    assert!(
        parse_err("emails[type eq \"work\"].value.x eq \"a\"")
            .detail
            .contains("sub-attribute")
    );
    assert!(
        parse_err("emails[type eq \"work\"].value")
            .detail
            .contains("operator")
    );
    // RFC 7644's grammar has no sub-attribute there: a strict parser refuses it.
    let strict =
        crate::server::filter::parse_filter_with("emails[type eq \"w\"].value eq \"x\"", false)
            .expect_err("strict");
    assert!(
        strict.detail.contains(
            "unexpected '.value'; expected 'and', 'or' or end of filter (at position 19)"
        ),
        "{}",
        strict.detail
    );
}
