//! Recursive-descent parser for filters (RFC 7644 §3.4.2.2, Figure 1) and PATCH paths (Figure 7).
//!
//! Precedence, loosest first: `or`, `and`, `not`, then parentheses/brackets and attribute
//! operators, so `a or b and c` parses as `a or (b and c)`. Chains of `and`/`or` are built in a loop
//! (left-deep), so only bracket nesting recurses; that nesting is capped at [`MAX_DEPTH`], which makes
//! stack use bounded for every input. Input length and the number of comparison terms are capped
//! too, so a hostile filter costs bounded work.
//!
//! Leniency (always on, because real identity providers send these forms): keywords and literals
//! in any case, unquoted values taken as strings, `not(` without a space, any whitespace between
//! tokens.

use serde_json::Number;

use super::ast::{AttrPath, CompValue, CompareOp, Filter, PatchPath};
use super::lexer::{Lexer, SyntaxError, Token, TokenKind};

/// Longest accepted filter or path, in bytes.
pub const MAX_LEN: usize = 64 * 1024;
/// Deepest accepted nesting of parentheses and brackets.
pub const MAX_DEPTH: usize = 64;
/// Most comparison (`op` and `pr`) terms in one filter.
pub const MAX_TERMS: usize = 1024;

/// What went wrong and whether it concerns a filter or the path around it.
#[derive(Debug)]
pub(super) enum ParseError {
    Filter(SyntaxError),
    Path(SyntaxError),
}

const EXPECTED_OP: &str = "expected one of eq, ne, co, sw, ew, gt, ge, lt, le, pr";

struct Parser<'a> {
    lexer: Lexer<'a>,
    depth: usize,
    terms: usize,
    /// Accept unquoted values and keywords in any case (what real IdPs send).
    lenient: bool,
}

/// Parses a whole filter; `lenient` accepts unquoted values and `True`/`NULL` spellings.
pub(super) fn filter(src: &str, lenient: bool) -> Result<Filter, SyntaxError> {
    check_len(src)?;
    let mut p = Parser::new(src);
    p.lenient = lenient;
    if p.peek()?.kind == TokenKind::End {
        return Err(SyntaxError::new(0, "empty filter"));
    }
    let f = p.or_expr(false)?;
    let t = p.lexer.next_token()?;
    match t.kind {
        TokenKind::End => Ok(f),
        TokenKind::RParen | TokenKind::RBracket => {
            Err(p.unexpected(&t, "unbalanced closing bracket"))
        }
        _ => Err(p.unexpected(&t, "expected 'and', 'or' or end of filter")),
    }
}

/// Parses a PATCH path: `attrPath`, `attrPath[valFilter]` or `attrPath[valFilter].subAttr`.
pub(super) fn patch_path(src: &str) -> Result<PatchPath, ParseError> {
    check_len(src).map_err(ParseError::Path)?;
    let mut p = Parser::new(src);
    let t = p.lexer.next_token().map_err(ParseError::Path)?;
    let TokenKind::Word(word) = t.kind else {
        let what = if t.kind == TokenKind::End {
            "empty path".to_owned()
        } else {
            format!(
                "expected an attribute name, found '{}'",
                p.lexer.snippet(&t)
            )
        };
        return Err(ParseError::Path(SyntaxError::new(t.start, what)));
    };
    let attr = attr_path(word).map_err(|m| ParseError::Path(SyntaxError::new(t.start, m)))?;
    let t = p.lexer.next_token().map_err(ParseError::Path)?;
    match t.kind {
        TokenKind::End => {
            return Ok(PatchPath {
                attr,
                filter: None,
                sub: None,
            });
        }
        TokenKind::LBracket if attr.sub.is_none() => {}
        TokenKind::LBracket => {
            let msg = "a value filter must follow an attribute, not a sub-attribute";
            return Err(ParseError::Path(SyntaxError::new(t.start, msg)));
        }
        _ => {
            let msg = "expected '[' or end of path";
            return Err(ParseError::Path(p.unexpected(&t, msg)));
        }
    }
    p.depth = 1;
    let filter = p.or_expr(true).map_err(ParseError::Filter)?;
    let close = p.lexer.next_token().map_err(ParseError::Filter)?;
    match close.kind {
        TokenKind::RBracket => {}
        TokenKind::End => {
            return Err(ParseError::Path(SyntaxError::new(t.start, "unclosed '['")));
        }
        _ => {
            let msg = "expected 'and', 'or' or ']'";
            return Err(ParseError::Filter(p.unexpected(&close, msg)));
        }
    }
    let t = p.lexer.next_token().map_err(ParseError::Path)?;
    let sub = match t.kind {
        TokenKind::End => None,
        TokenKind::Word(w) => {
            let name = w
                .strip_prefix('.')
                .filter(|n| is_attr_name(n))
                .ok_or_else(|| {
                    let msg = "expected '.subAttribute' or end of path after ']'";
                    ParseError::Path(p.unexpected(&t, msg))
                })?;
            let end = p.lexer.next_token().map_err(ParseError::Path)?;
            if end.kind != TokenKind::End {
                let msg = "expected end of path";
                return Err(ParseError::Path(p.unexpected(&end, msg)));
            }
            Some(name.to_owned())
        }
        _ => {
            let msg = "expected '.subAttribute' or end of path after ']'";
            return Err(ParseError::Path(p.unexpected(&t, msg)));
        }
    };
    Ok(PatchPath {
        attr,
        filter: Some(Box::new(filter)),
        sub,
    })
}

fn check_len(src: &str) -> Result<(), SyntaxError> {
    if src.len() > MAX_LEN {
        return Err(SyntaxError::new(
            0,
            format!("input is {} bytes long; the limit is {MAX_LEN}", src.len()),
        ));
    }
    Ok(())
}

/// Splits `[urn:]name[.sub]`. A URN prefix ends at the *last* `:` (URNs contain `:` and `.`, e.g.
/// `...:enterprise:2.0:User`); the rest splits at the first `.`. Returns the reason on failure.
pub(super) fn attr_path(text: &str) -> Result<AttrPath, String> {
    let (urn, rest) = match text.get(..4) {
        Some(prefix) if prefix.eq_ignore_ascii_case("urn:") => match text.rfind(':') {
            Some(i) if i > 4 => (Some(&text[..i]), &text[i + 1..]),
            _ => return Err(format!("'{text}' is not a valid attribute path")),
        },
        _ => (None, text),
    };
    let (name, sub) = match rest.split_once('.') {
        Some((name, sub)) => (name, Some(sub)),
        None => (rest, None),
    };
    let valid = is_attr_name(name) && sub.is_none_or(is_attr_name);
    if !valid {
        return Err(format!("'{text}' is not a valid attribute path"));
    }
    Ok(AttrPath {
        urn: urn.map(str::to_owned),
        name: name.to_owned(),
        sub: sub.map(str::to_owned),
    })
}

/// `ATTRNAME = ALPHA *(ALPHA / DIGIT / "-" / "_")`, plus `$ref` (RFC 7643 §2.1, §7).
fn is_attr_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() => {
            chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        }
        _ => name.eq_ignore_ascii_case("$ref"),
    }
}

/// Whether `w` follows the JSON number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
fn is_json_number(w: &str) -> bool {
    let b = w.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        Parser {
            lexer: Lexer::new(src),
            depth: 0,
            terms: 0,
            lenient: true,
        }
    }

    fn peek(&mut self) -> Result<&Token<'a>, SyntaxError> {
        self.lexer.peek()
    }

    /// An error pointing at `t`: `found 'x'; <expected>`.
    fn unexpected(&self, t: &Token<'_>, expected: &str) -> SyntaxError {
        let found = match t.kind {
            TokenKind::End => "end of input".to_owned(),
            _ => format!("'{}'", self.lexer.snippet(t)),
        };
        SyntaxError::new(t.start, format!("unexpected {found}; {expected}"))
    }

    /// Whether the next token is the keyword `kw` (any case); consumes it if so.
    fn eat_keyword(&mut self, kw: &str) -> Result<bool, SyntaxError> {
        let hit = matches!(self.peek()?.kind, TokenKind::Word(w) if w.eq_ignore_ascii_case(kw));
        if hit {
            self.lexer.next_token()?;
        }
        Ok(hit)
    }

    fn or_expr(&mut self, in_value_path: bool) -> Result<Filter, SyntaxError> {
        let mut left = self.and_expr(in_value_path)?;
        while self.eat_keyword("or")? {
            let right = self.and_expr(in_value_path)?;
            left = Filter::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and_expr(&mut self, in_value_path: bool) -> Result<Filter, SyntaxError> {
        let mut left = self.unary(in_value_path)?;
        while self.eat_keyword("and")? {
            let right = self.unary(in_value_path)?;
            left = Filter::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    /// `not (F)`, `(F)` or a term.
    fn unary(&mut self, in_value_path: bool) -> Result<Filter, SyntaxError> {
        let t = self.lexer.next_token()?;
        match t.kind {
            TokenKind::LParen => self.group(&t, in_value_path),
            TokenKind::Word(w) if w.eq_ignore_ascii_case("not") => {
                let open = self.lexer.next_token()?;
                if open.kind != TokenKind::LParen {
                    return Err(self.unexpected(&open, "'not' must be followed by '('"));
                }
                Ok(Filter::Not(Box::new(self.group(&open, in_value_path)?)))
            }
            TokenKind::Word(w) => self.term(&t, w, in_value_path),
            _ => Err(self.unexpected(&t, "expected an attribute path, '(' or 'not'")),
        }
    }

    /// The rest of a parenthesised group whose `(` was `open`.
    fn group(&mut self, open: &Token<'_>, in_value_path: bool) -> Result<Filter, SyntaxError> {
        self.enter(open)?;
        let f = self.or_expr(in_value_path)?;
        let close = self.lexer.next_token()?;
        if close.kind != TokenKind::RParen {
            let expected = if close.kind == TokenKind::End {
                "expected ')' to close '('"
            } else {
                "expected 'and', 'or' or ')'"
            };
            return Err(self.unexpected(&close, expected));
        }
        self.depth -= 1;
        Ok(f)
    }

    fn enter(&mut self, open: &Token<'_>) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let msg = format!("nesting deeper than {MAX_DEPTH} levels");
            return Err(SyntaxError::new(open.start, msg));
        }
        Ok(())
    }

    /// `attrPath pr`, `attrPath op value` or `attrPath[valFilter]`; `word` is the attribute path.
    fn term(
        &mut self,
        t: &Token<'_>,
        word: &str,
        in_value_path: bool,
    ) -> Result<Filter, SyntaxError> {
        let path = attr_path(word).map_err(|m| SyntaxError::new(t.start, m))?;
        let next = self.lexer.next_token()?;
        let op = match next.kind {
            TokenKind::LBracket if in_value_path => {
                let msg = "value filters cannot be nested inside a value filter";
                return Err(SyntaxError::new(next.start, msg));
            }
            TokenKind::LBracket => {
                self.enter(&next)?;
                let inner = self.or_expr(true)?;
                let close = self.lexer.next_token()?;
                if close.kind != TokenKind::RBracket {
                    return Err(self.unexpected(&close, "expected 'and', 'or' or ']'"));
                }
                self.depth -= 1;
                let inner = self.sub_attribute_after(inner)?;
                return Ok(Filter::ValuePath {
                    attr: path,
                    filter: Box::new(inner),
                });
            }
            TokenKind::Word(w) => w,
            _ => {
                let msg = format!("expected an operator after '{word}' ({EXPECTED_OP})");
                return Err(self.unexpected(&next, &msg));
            }
        };
        self.count_term(t)?;
        if op.eq_ignore_ascii_case("pr") {
            return Ok(Filter::Present(path));
        }
        let Some(op) = CompareOp::from_keyword(op) else {
            let msg = format!(
                "unknown operator '{}'; {EXPECTED_OP}",
                self.lexer.snippet(&next)
            );
            return Err(SyntaxError::new(next.start, msg));
        };
        let value = self.comp_value(op)?;
        Ok(Filter::Compare { path, op, value })
    }

    /// `emails[type eq "work"].value eq "x"`, the form Microsoft Entra ID matches users with (its
    /// SCIM tutorial, /Users): read as `emails[type eq "work" and value eq "x"]`. RFC 7644's
    /// grammar has no sub-attribute after a value filter, so only a lenient parser reads it.
    fn sub_attribute_after(&mut self, inner: Filter) -> Result<Filter, SyntaxError> {
        if !self.lenient {
            return Ok(inner);
        }
        let sub = match &self.lexer.peek()?.kind {
            TokenKind::Word(w) if w.starts_with('.') && w.len() > 1 => w.to_string(),
            _ => return Ok(inner),
        };
        let t = self.lexer.next_token()?;
        let word = &sub[1..];
        if !is_attr_name(word) {
            let msg = format!("'{word}' is not a sub-attribute");
            return Err(SyntaxError::new(t.start + 1, msg));
        }
        let term = self.term(&t, word, true)?;
        Ok(Filter::And(Box::new(inner), Box::new(term)))
    }

    fn count_term(&mut self, t: &Token<'_>) -> Result<(), SyntaxError> {
        self.terms += 1;
        if self.terms > MAX_TERMS {
            let msg = format!("more than {MAX_TERMS} comparisons");
            return Err(SyntaxError::new(t.start, msg));
        }
        Ok(())
    }

    /// A JSON literal, or (leniently) an unquoted word taken as a string.
    fn comp_value(&mut self, op: CompareOp) -> Result<CompValue, SyntaxError> {
        let t = self.lexer.next_token()?;
        let word = match t.kind {
            TokenKind::Str(s) => return Ok(CompValue::Str(s)),
            TokenKind::Word(w) => w,
            _ => {
                let msg = format!("expected a value after '{}'", op.keyword());
                return Err(self.unexpected(&t, &msg));
            }
        };
        if !self.lenient && !matches!(word, "true" | "false" | "null") && !is_json_number(word) {
            let msg = format!("'{word}' is not a JSON value; quote strings: \"{word}\"");
            return Err(SyntaxError::new(t.start, msg));
        }
        if word.eq_ignore_ascii_case("true") {
            Ok(CompValue::Bool(true))
        } else if word.eq_ignore_ascii_case("false") {
            Ok(CompValue::Bool(false))
        } else if word.eq_ignore_ascii_case("null") {
            Ok(CompValue::Null)
        } else if is_json_number(word) {
            word.parse::<Number>()
                .map(CompValue::Number)
                .map_err(|_| SyntaxError::new(t.start, format!("number '{word}' is out of range")))
        } else {
            Ok(CompValue::Str(word.to_owned()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_number_grammar() {
        for ok in ["0", "-0", "12", "-1.5", "1e3", "1E+3", "2.5e-2", "-0.0"] {
            assert!(is_json_number(ok), "{ok}");
        }
        for bad in [
            "",
            "-",
            "01",
            "1.",
            ".5",
            "+1",
            "1e",
            "1e+",
            "2015-10-10",
            "1x",
            "--1",
        ] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }

    #[test]
    fn attribute_names() {
        for ok in ["userName", "x509Certificates", "a-b_c", "$ref", "$REF"] {
            assert!(is_attr_name(ok), "{ok}");
        }
        for bad in ["", "1a", "a.b", "a:b", "_a", "$x", "ü", "a b"] {
            assert!(!is_attr_name(bad), "{bad}");
        }
    }
}
