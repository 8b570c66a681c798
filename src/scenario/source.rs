//! Source files and the places in them that errors point at.
//!
//! serde-saphyr counts lines and columns in characters (1-based); serde_json counts columns in
//! bytes; miette wants byte offsets. Everything is converted here, once, into a [`Site`]: a byte
//! range for miette's snippet plus the 1-based line and character column that every message
//! prints as `file:line:column`. Conversions clamp instead of panicking, so a position past the
//! end of the text (an "unexpected end of input") still renders.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{NamedSource, SourceSpan};
use serde_saphyr::Location;

/// A file's text, shared by every error that points into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    path: PathBuf,
    named: Arc<NamedSource<String>>,
}

/// A place in a source file: what an error points at.
#[derive(Debug, Clone)]
pub struct Site {
    pub(crate) path: PathBuf,
    /// 1-based.
    pub(crate) line: u64,
    /// 1-based, in characters.
    pub(crate) column: u64,
    pub(crate) source: Arc<NamedSource<String>>,
    pub(crate) span: SourceSpan,
    /// The short text under the highlighted span ("unknown key", "not found").
    pub(crate) label: String,
}

impl SourceFile {
    pub fn new(path: &Path, text: String) -> Self {
        let named = NamedSource::new(path.display().to_string(), text);
        Self {
            path: path.to_path_buf(),
            named: Arc::new(named),
        }
    }

    pub fn text(&self) -> &str {
        self.named.inner()
    }

    /// The site of a serde-saphyr location (1-based line, character column, character length).
    /// An unknown location (line 0) becomes the start of the file.
    pub fn site_at(&self, location: &Location, label: impl Into<String>) -> Site {
        let span = location.span();
        let chars = usize::try_from(span.len()).unwrap_or(0);
        self.site_at_line_column(location.line(), location.column(), chars, label)
    }

    /// The site at a 1-based line and character column, `chars` characters long (zero
    /// highlights one character, when there is one).
    pub fn site_at_line_column(
        &self,
        line: u64,
        column: u64,
        chars: usize,
        label: impl Into<String>,
    ) -> Site {
        let text = self.text();
        let start = line_start(text, line);
        let line_text = line_text(text, start);
        let skip = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
        let offset = start + byte_len_of_chars(line_text, skip);
        self.site_at_offset(offset, byte_len_of_chars(&text[offset..], chars), label)
    }

    /// The site at a 1-based line and *byte* column, as serde_json reports them. Column 0 means
    /// "nothing read on this line yet": the culprit is the line break ending the line before.
    pub fn site_at_line_byte_column(
        &self,
        line: u64,
        column: u64,
        label: impl Into<String>,
    ) -> Site {
        let text = self.text();
        if column == 0 && line > 1 {
            let start = line_start(text, line - 1);
            let end = start + line_text(text, start).len();
            return self.site_at_offset(end, 0, label);
        }
        let start = line_start(text, line);
        let line_len = line_text(text, start).len();
        let skip = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
        let mut offset = start + skip.min(line_len);
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        self.site_at_offset(offset, 0, label)
    }

    /// The site at a byte offset (clamped to the text and to a character boundary).
    pub fn site_at_offset(&self, offset: usize, len: usize, label: impl Into<String>) -> Site {
        let text = self.text();
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let mut len = len.min(text.len() - offset);
        if len == 0 {
            // miette draws an empty span as a bare marker; one character reads better.
            len = text[offset..]
                .chars()
                .next()
                .filter(|c| *c != '\n' && *c != '\r')
                .map_or(0, char::len_utf8);
        }
        while !text.is_char_boundary(offset + len) {
            len -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.matches('\n').count() as u64 + 1;
        let column = text[line_start..offset].chars().count() as u64 + 1;
        Site {
            path: self.path.clone(),
            line,
            column,
            source: Arc::clone(&self.named),
            span: SourceSpan::new(offset.into(), len),
            label: label.into(),
        }
    }

    /// `site` narrowed to the first occurrence of `needle` inside it (a `${…}` inside a longer
    /// string), or `site` itself if the needle is not there verbatim (escapes, folding).
    pub fn narrow(&self, site: Site, needle: &str) -> Site {
        let start = site.span.offset();
        let end = (start + site.span.len()).min(self.text().len());
        match self.text().get(start..end).and_then(|s| s.find(needle)) {
            Some(i) if !needle.is_empty() => {
                let label = site.label;
                self.site_at_offset(start + i, needle.len(), label)
            }
            _ => site,
        }
    }
}

impl Site {
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn line(&self) -> u64 {
        self.line
    }

    pub fn column(&self) -> u64 {
        self.column
    }

    /// `path:line:column`, as editors and terminals understand it.
    pub fn position(&self) -> String {
        format!("{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

/// Byte offset at which 1-based `line` starts; past the end for lines that do not exist, and
/// the start of the text for line 0 (serde-saphyr's "unknown").
fn line_start(text: &str, line: u64) -> usize {
    if line <= 1 {
        return 0;
    }
    let mut remaining = line - 1;
    for (i, byte) in text.bytes().enumerate() {
        if byte == b'\n' {
            remaining -= 1;
            if remaining == 0 {
                return i + 1;
            }
        }
    }
    text.len()
}

/// The text of the line starting at `start`, without its line break.
fn line_text(text: &str, start: usize) -> &str {
    let rest = &text[start.min(text.len())..];
    let end = rest.find('\n').unwrap_or(rest.len());
    rest[..end].strip_suffix('\r').unwrap_or(&rest[..end])
}

/// Bytes taken by the first `chars` characters of `text` (all of it if shorter).
fn byte_len_of_chars(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(Path::new("a.yaml"), text.to_owned())
    }

    #[test]
    fn line_and_character_column_round_trip() {
        let f = file("name: x\nsteps:\n  - ünïcode: 1\n");
        let site = f.site_at_line_column(3, 5, 7, "here");
        assert_eq!((site.line(), site.column()), (3, 5));
        assert_eq!(
            &f.text()[site.span.offset()..][..site.span.len()],
            "ünïcode"
        );
        assert_eq!(site.position(), "a.yaml:3:5");
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let f = file("a: 1\n");
        let site = f.site_at_line_column(40, 90, 3, "end");
        assert_eq!(site.span.offset(), 5);
        assert_eq!(site.span.len(), 0);
        assert_eq!((site.line(), site.column()), (2, 1));
        let site = f.site_at_line_column(1, 90, 3, "end of line");
        assert_eq!((site.line(), site.column()), (1, 5));
        let site = f.site_at_offset(usize::MAX, usize::MAX, "x");
        assert_eq!(site.span.offset(), 5);
    }

    #[test]
    fn unknown_location_is_the_start() {
        let site = file("a: 1\n").site_at_line_column(0, 0, 0, "x");
        assert_eq!((site.line(), site.column()), (1, 1));
        assert_eq!(site.span.len(), 1);
    }

    #[test]
    fn byte_columns_land_on_character_boundaries() {
        let f = file("{\"é\": tru}\n");
        // serde_json would say column 8 (bytes) for the `t`; that is character 7.
        let site = f.site_at_line_byte_column(1, 8, "x");
        assert_eq!((site.line(), site.column()), (1, 7));
        let site = f.site_at_line_byte_column(1, 3, "x");
        assert!(f.text().is_char_boundary(site.span.offset()));
    }

    #[test]
    fn byte_column_zero_is_the_end_of_the_line_before() {
        let f = file("{\n  \"a\": tru\n}\n");
        let site = f.site_at_line_byte_column(3, 0, "x");
        assert_eq!((site.line(), site.column()), (2, 11));
        let site = f.site_at_line_byte_column(1, 0, "x");
        assert_eq!((site.line(), site.column()), (1, 1));
    }

    #[test]
    fn narrowing_to_a_needle() {
        let f = file("path: /Users/${alice_id}\n");
        let whole = f.site_at_line_column(1, 7, 18, "x");
        let narrow = f.narrow(whole.clone(), "${alice_id}");
        assert_eq!((narrow.line(), narrow.column()), (1, 14));
        assert_eq!(narrow.span.len(), 11);
        let unchanged = f.narrow(whole, "${other}");
        assert_eq!(unchanged.column(), 7);
    }

    #[test]
    fn crlf_line_breaks() {
        let f = file("a: 1\r\nbb: 2\r\n");
        let site = f.site_at_line_column(2, 5, 1, "x");
        assert_eq!(&f.text()[site.span.offset()..][..1], "2");
        assert_eq!((site.line(), site.column()), (2, 5));
    }
}
