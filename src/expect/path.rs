//! Where in a JSON value a comparison is: the path a mismatch or a malformed matcher is reported
//! at (`emails[0].value`, `$` for the root).

use std::fmt;

/// The JSON path of the value being compared, kept as one string that grows and shrinks as the
/// walk descends, so that building a path costs nothing until a mismatch is recorded.
#[derive(Debug, Default)]
pub struct Path {
    buf: String,
    marks: Vec<usize>,
}

impl Path {
    pub fn root() -> Self {
        Self::default()
    }

    /// Appends `.key`, or `["key"]` for keys that would be unreadable bare (empty, spaces,
    /// brackets, quotes). URN keys with dots stay bare: that is how SCIM writes them.
    pub fn push_key(&mut self, key: &str) {
        self.marks.push(self.buf.len());
        let plain = !key.is_empty()
            && !key
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '[' | ']' | '"'));
        if plain {
            if !self.buf.is_empty() {
                self.buf.push('.');
            }
            self.buf.push_str(key);
        } else {
            self.buf.push('[');
            self.buf
                .push_str(&serde_json::to_string(key).unwrap_or_default());
            self.buf.push(']');
        }
    }

    pub fn push_index(&mut self, index: usize) {
        self.marks.push(self.buf.len());
        self.buf.push_str(&format!("[{index}]"));
    }

    pub fn pop(&mut self) {
        if let Some(len) = self.marks.pop() {
            self.buf.truncate(len);
        }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.buf.is_empty() { "$" } else { &self.buf })
    }
}
