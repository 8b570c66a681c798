//! A body diff as data: the lines of a unified diff of expected vs actual JSON, each tagged with
//! what it is. `expect::diff` computes it; a [`super::Failure`] keeps it; each reporter draws it
//! from the tags (terminal colours, HTML classes, plain text), so none of them parses text.

use std::fmt;

/// What a diff line is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffTag {
    /// `--- expected` / `+++ actual`.
    Header,
    /// `@@ -a,b +c,d @@`.
    Hunk,
    Equal,
    Delete,
    Insert,
    /// Not part of either side: `… N more lines`, or an explanation.
    Note,
}

/// One line of a diff, without its ` `/`-`/`+` prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    pub tag: DiffTag,
    pub text: String,
}

impl fmt::Display for DiffLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = match self.tag {
            DiffTag::Equal => " ",
            DiffTag::Delete => "-",
            DiffTag::Insert => "+",
            DiffTag::Header | DiffTag::Hunk | DiffTag::Note => "",
        };
        write!(f, "{prefix}{}", self.text)
    }
}

/// A body diff as lines; `Display` gives the unified diff text, one line per [`DiffLine`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonDiff {
    pub lines: Vec<DiffLine>,
}

impl fmt::Display for JsonDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in &self.lines {
            writeln!(f, "{line}")?;
        }
        Ok(())
    }
}
