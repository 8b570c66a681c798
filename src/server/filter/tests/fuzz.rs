//! No input may panic: thousands of pseudo-random strings built from filter tokens and multibyte
//! characters go through every entry point. The generator is a fixed-seed xorshift, so a failure
//! reproduces exactly.

use serde_json::json;

use super::obj;
use crate::server::error::ScimType;
use crate::server::filter::{
    check, matches, matches_element, parse_attr_path, parse_filter, parse_patch_path, sort_key,
};
use crate::server::schema::REGISTRY;

const TOKENS: &[&str] = &[
    "userName",
    "USERNAME",
    "emails",
    "emails.value",
    "name.familyName",
    "meta.created",
    "active",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    "urn:",
    "members.$ref",
    "type",
    "value",
    ".value",
    "eq",
    "NE",
    "co",
    "sw",
    "ew",
    "gt",
    "ge",
    "lt",
    "le",
    "pr",
    "regex",
    "and",
    "OR",
    "not",
    "not(",
    "(",
    ")",
    "[",
    "]",
    "\"",
    "\"a\"",
    "\"é😀\"",
    "\"\\\"\"",
    "\"\\u12",
    "\"\\ud800\"",
    "\"\\uD83D\\uDE00\"",
    "\\",
    "true",
    "NULL",
    "42",
    "-1.5e3",
    "1e999",
    "2024-01-01T00:00:00+02:00",
    "é",
    "😀",
    "\u{212A}",
    "İ",
    "ß",
    ".",
    ":",
    "$",
    "'",
    "\u{a0}",
    "\t",
    "\0",
];

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const ATTRS: &[&str] = &[
    "userName",
    "Emails.Value",
    "emails",
    "emails.type",
    "name.familyName",
    "meta.created",
    "active",
    "title",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
    "schemas",
    "x509Certificates.value",
];
const OPS: &[&str] = &["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"];
const VALUES: &[&str] = &[
    "\"ada\"",
    "\"A@X\"",
    "true",
    "False",
    "null",
    "7",
    "-2.5e1",
    "\"2024-01-01T01:00:00+01:00\"",
    "ada",
    "\"\"",
    "\"é😀\"",
    "\"\\u212a\"",
];

/// A filter that follows the grammar (so it reaches the checker and evaluator).
fn grammatical(rng: &mut XorShift, depth: usize) -> String {
    let pick = |rng: &mut XorShift, list: &[&str]| list[rng.below(list.len())].to_owned();
    match rng.below(if depth > 3 { 3 } else { 8 }) {
        0 => format!("{} pr", pick(rng, ATTRS)),
        1 | 2 => format!(
            "{} {} {}",
            pick(rng, ATTRS),
            pick(rng, OPS),
            pick(rng, VALUES)
        ),
        3 => format!(
            "{} and {}",
            grammatical(rng, depth + 1),
            grammatical(rng, depth + 1)
        ),
        4 => format!(
            "{} or {}",
            grammatical(rng, depth + 1),
            grammatical(rng, depth + 1)
        ),
        5 => format!("not ({})", grammatical(rng, depth + 1)),
        6 => format!("({})", grammatical(rng, depth + 1)),
        _ => format!(
            "emails[type {} {} and value pr]",
            pick(rng, OPS),
            pick(rng, VALUES)
        ),
    }
}

/// Token soup, or a grammatical filter with one random token spliced in at a char boundary.
fn generate(rng: &mut XorShift) -> String {
    if rng.below(2) == 0 {
        let mut f = grammatical(rng, 0);
        if rng.below(3) == 0 {
            let cut = f
                .char_indices()
                .map(|(i, _)| i)
                .nth(rng.below(f.chars().count()));
            f.insert_str(cut.unwrap_or(0), TOKENS[rng.below(TOKENS.len())]);
        }
        return f;
    }
    let len = 1 + rng.below(24);
    let mut out = String::new();
    for _ in 0..len {
        out.push_str(TOKENS[rng.below(TOKENS.len())]);
        if rng.below(4) != 0 {
            out.push(' ');
        }
    }
    out
}

#[test]
fn no_input_panics() {
    let user = &REGISTRY.user;
    let group = &REGISTRY.group;
    let resource = obj(json!({
        "userName": "ada", "active": true, "name": {"familyName": "X"},
        "emails": [{"value": "a@x", "type": "work", "primary": true}],
        "meta": {"created": "2024-01-01T00:00:00Z"},
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "u"}}
    }));
    let emails = user.resolve(None, "emails", None).expect("emails").attr;
    let element = json!({"value": "a@x", "type": "work"});
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let (mut parsed, mut checked, mut paths) = (0, 0, 0);
    for i in 0..4_000 {
        let src = generate(&mut rng);
        // Also every character-boundary prefix of some inputs, to cut through tokens and strings.
        let prefixes: Vec<&str> = if i % 20 == 0 {
            src.char_indices().map(|(at, _)| &src[..at]).collect()
        } else {
            vec![src.as_str()]
        };
        for input in prefixes {
            match parse_filter(input) {
                Ok(f) => {
                    parsed += 1;
                    if check(&f, user).is_ok() {
                        checked += 1;
                    }
                    let _ = check(&f, group);
                    let _ = matches(&f, &resource, user);
                    let _ = matches(&f, &resource, group);
                    let _ = matches_element(&f, &element, emails);
                }
                Err(e) => {
                    assert_eq!(e.scim_type, Some(ScimType::InvalidFilter), "{input:?}");
                    assert!(
                        e.detail.contains("(at position "),
                        "{input:?}: {}",
                        e.detail
                    );
                }
            }
            match parse_patch_path(input) {
                Ok(_) => paths += 1,
                Err(e) => assert!(
                    matches!(
                        e.scim_type,
                        Some(ScimType::InvalidPath | ScimType::InvalidFilter)
                    ),
                    "{input:?}"
                ),
            }
            if let Ok(p) = parse_attr_path(input) {
                let _ = sort_key(&resource, user, &p);
            }
        }
    }
    // The generator must reach the checker and evaluator, not only the error paths.
    assert!(parsed > 1_000, "only {parsed} inputs parsed");
    assert!(checked > 500, "only {checked} inputs passed the check");
    assert!(paths > 500, "only {paths} inputs parsed as paths");
}
