//! The filter lexer: turns filter text into words, JSON strings and brackets.
//!
//! Why "words" rather than typed tokens: SCIM filters are context-sensitive. The same run of
//! characters is an attribute path in one position (`meta.created`), an operator in the next
//! (`gt`) and, in the lenient form real identity providers send, an unquoted value in the third
//! (`2015-10-10T14:38:21Z`). The lexer therefore only separates runs of non-delimiter characters
//! from quoted strings and the four brackets; the parser decides what each word means.
//!
//! Every position is a byte offset that lies on a character boundary: words end only at ASCII
//! delimiters or at whitespace found through `char_indices`, so slicing with them cannot panic.

/// One lexical token.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum TokenKind<'a> {
    /// A run of characters up to whitespace, a bracket or a double quote.
    Word(&'a str),
    /// A decoded JSON string literal.
    Str(String),
    LParen,
    RParen,
    LBracket,
    RBracket,
    End,
}

/// A token and where it sits in the source (byte offsets, on character boundaries).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token<'a> {
    pub kind: TokenKind<'a>,
    pub start: usize,
    pub end: usize,
}

/// A syntax error at a byte offset; the caller turns it into `invalidFilter` or `invalidPath`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SyntaxError {
    pub pos: usize,
    pub message: String,
}

impl SyntaxError {
    pub fn new(pos: usize, message: impl Into<String>) -> Self {
        SyntaxError {
            pos,
            message: message.into(),
        }
    }

    /// `message (at position N)` where N counts characters (not bytes) from 0.
    pub fn render(&self, src: &str) -> String {
        let chars = src
            .get(..self.pos)
            .map_or(self.pos, |prefix| prefix.chars().count());
        format!("{} (at position {chars})", self.message)
    }
}

/// A lazy lexer with one token of lookahead.
pub(super) struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    peeked: Option<Token<'a>>,
}

fn is_delimiter(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '"')
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a str) -> Self {
        Lexer {
            src,
            pos: 0,
            peeked: None,
        }
    }

    /// The next token, without consuming it.
    pub fn peek(&mut self) -> Result<&Token<'a>, SyntaxError> {
        let token = match self.peeked.take() {
            Some(t) => t,
            None => self.lex()?,
        };
        Ok(self.peeked.insert(token))
    }

    /// Consumes and returns the next token.
    pub fn next_token(&mut self) -> Result<Token<'a>, SyntaxError> {
        match self.peeked.take() {
            Some(t) => Ok(t),
            None => self.lex(),
        }
    }

    /// The source text of a token, shortened for error messages.
    pub fn snippet(&self, token: &Token<'_>) -> String {
        let text = self.src.get(token.start..token.end).unwrap_or("");
        let mut out: String = text.chars().take(32).collect();
        if text.chars().nth(32).is_some() {
            out.push('…');
        }
        out
    }

    fn lex(&mut self) -> Result<Token<'a>, SyntaxError> {
        let rest = self.src.get(self.pos..).unwrap_or("");
        let Some((offset, first)) = rest.char_indices().find(|(_, c)| !c.is_whitespace()) else {
            self.pos = self.src.len();
            return Ok(Token {
                kind: TokenKind::End,
                start: self.pos,
                end: self.pos,
            });
        };
        let start = self.pos + offset;
        let single = |kind| (kind, start + 1);
        let (kind, end) = match first {
            '(' => single(TokenKind::LParen),
            ')' => single(TokenKind::RParen),
            '[' => single(TokenKind::LBracket),
            ']' => single(TokenKind::RBracket),
            '"' => self.string(start)?,
            _ => {
                let word = self.src.get(start..).unwrap_or("");
                let len = word
                    .char_indices()
                    .find(|&(_, c)| is_delimiter(c))
                    .map_or(word.len(), |(i, _)| i);
                (TokenKind::Word(word.get(..len).unwrap_or("")), start + len)
            }
        };
        self.pos = end;
        Ok(Token { kind, start, end })
    }

    /// Scans a JSON string starting at the `"` at `start` and decodes it with serde_json, so every
    /// JSON escape (`\"`, `\\`, `\/`, `\uXXXX` with surrogate pairs, ...) means what JSON says.
    fn string(&self, start: usize) -> Result<(TokenKind<'a>, usize), SyntaxError> {
        let bytes = self.src.as_bytes();
        let mut i = start + 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 2,
                b'"' => {
                    let raw = self.src.get(start..=i).unwrap_or("");
                    return serde_json::from_str::<String>(raw)
                        .map(|s| (TokenKind::Str(s), i + 1))
                        .map_err(|e| {
                            SyntaxError::new(start, format!("invalid string literal ({e})"))
                        });
                }
                _ => i += 1,
            }
        }
        Err(SyntaxError::new(start, "unterminated string literal"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind<'_>> {
        let mut lexer = Lexer::new(src);
        let mut out = Vec::new();
        loop {
            let t = lexer.next_token().expect("lexes");
            if t.kind == TokenKind::End {
                return out;
            }
            out.push(t.kind);
        }
    }

    #[test]
    fn splits_words_strings_and_brackets() {
        assert_eq!(
            kinds("emails[type eq \"w\"]) (not("),
            vec![
                TokenKind::Word("emails"),
                TokenKind::LBracket,
                TokenKind::Word("type"),
                TokenKind::Word("eq"),
                TokenKind::Str("w".into()),
                TokenKind::RBracket,
                TokenKind::RParen,
                TokenKind::LParen,
                TokenKind::Word("not"),
                TokenKind::LParen,
            ]
        );
    }

    #[test]
    fn decodes_json_escapes() {
        assert_eq!(
            kinds(r#""O\"Neil \\ \/ \u00e9 \ud83d\ude00""#),
            vec![TokenKind::Str("O\"Neil \\ / é 😀".into())]
        );
    }

    #[test]
    fn reports_unterminated_and_invalid_strings_with_char_positions() {
        let src = "é \"abc";
        let mut lexer = Lexer::new(src);
        assert_eq!(lexer.next_token().expect("word").kind, TokenKind::Word("é"));
        let err = lexer.next_token().expect_err("unterminated");
        assert_eq!(
            err.render(src),
            "unterminated string literal (at position 2)"
        );
        let err = Lexer::new(r#""\q""#).next_token().expect_err("bad escape");
        assert!(err.message.starts_with("invalid string literal"), "{err:?}");
        // A trailing backslash must not read past the end.
        assert!(Lexer::new("\"\\").next_token().is_err());
    }

    #[test]
    fn whitespace_of_any_kind_separates_words() {
        assert_eq!(
            kinds("a\t\tb \u{a0} c\n"),
            vec![
                TokenKind::Word("a"),
                TokenKind::Word("b"),
                TokenKind::Word("c")
            ]
        );
    }

    #[test]
    fn multibyte_words_keep_boundaries() {
        assert_eq!(
            kinds("ünï(çødé)"),
            vec![
                TokenKind::Word("ünï"),
                TokenKind::LParen,
                TokenKind::Word("çødé"),
                TokenKind::RParen
            ]
        );
    }
}
