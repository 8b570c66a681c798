//! The `${…}` reference syntax: `${name}` (a captured value) or `${name.field}` (a field of an
//! identity, or a built-in). One grammar for the loader, which checks every reference before a
//! request is sent, and for [`super::Vars`], which substitutes them while the run goes.

/// A plain identifier: an ASCII letter or `_`, then letters, digits or `_`. The names that
/// `${name}` and `${name.field}` refer to.
pub fn is_identifier(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// One `${…}` reference inside a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference<'a> {
    /// The whole reference as written, `${alice.userName}`.
    pub raw: &'a str,
    pub name: &'a str,
    pub field: Option<&'a str>,
}

/// A string split into literal text and references.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Reference(Reference<'a>),
}

/// Splits `text` at its references. `$` not followed by `{` is ordinary text. The error is the
/// first malformed reference as written (`${alice-id}`, or an unclosed `${…` to the end).
pub fn parse(text: &str) -> Result<Vec<Piece<'_>>, &str> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        if start > 0 {
            pieces.push(Piece::Text(&rest[..start]));
        }
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return Err(&rest[start..]);
        };
        let raw = &rest[start..start + 2 + end + 1];
        let inner = &after[..end];
        let (name, field) = match inner.split_once('.') {
            Some((name, field)) => (name, Some(field)),
            None => (inner, None),
        };
        if !is_identifier(name) || field.is_some_and(|f| !is_identifier(f)) {
            return Err(raw);
        }
        pieces.push(Piece::Reference(Reference { raw, name, field }));
        rest = &after[end + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    Ok(pieces)
}

/// The reference, if `text` is exactly one reference and nothing else: the case in which the
/// substituted value keeps its JSON type (`"${count}"` becomes `3`, not `"3"`).
pub fn whole_reference(text: &str) -> Option<Reference<'_>> {
    match parse(text).ok()?.as_slice() {
        [Piece::Reference(reference)] => Some(*reference),
        _ => None,
    }
}
