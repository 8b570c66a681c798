//! Load errors: what can be wrong with a scenario or fixture file, and where.
//!
//! A [`LoadError`] is a typed [`ErrorKind`] (what is wrong, and how to fix it) plus a [`Site`]
//! (which file, line and column, with the text for a snippet). Keeping the two apart means every
//! kind renders the same way: `file:line:column: message` as plain text, and a miette report with
//! the source snippet and a short label under the offending span. Messages are one sentence and
//! carry the fix themselves (rather than in miette's `help`), so that plain-text output (logs,
//! JSON reports) is just as useful as the terminal.
//!
//! [`LoadErrors`] is every problem of a run: loading never stops at the first broken file.

use std::fmt;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::source::Site;
use crate::exit_code;

/// What is wrong. The `Display` text is the message without the position.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    #[error("cannot read it: {source}")]
    Io {
        #[source]
        source: std::io::Error,
    },
    #[error("it does not exist; create it, or pass `--scenarios DIR` (a directory or one file)")]
    ScenariosMissing,
    #[error(
        "this symbolic link leads back to `{}`, a directory already being loaded; remove the link",
        target.display()
    )]
    SymlinkLoop { target: PathBuf },
    #[error(
        "no scenario files (`*.yaml`, `*.yml`) here; add one (see docs/scenarios.md) or pass `--scenarios DIR`"
    )]
    NoScenarioFiles,
    #[error("invalid YAML: {message}")]
    Syntax { message: String },
    #[error(
        "the file is empty; a scenario needs at least `name` and `steps` (see docs/scenarios.md)"
    )]
    EmptyFile,
    #[error("a scenario file must be a YAML mapping with `name` and `steps` at the top level")]
    NotAMapping,
    #[error("a second YAML document (`---`) starts here; put each scenario in its own file")]
    MultipleDocuments,
    #[error("unknown key `{key}` in {within}; {}", hint(suggestion.as_deref(), expected))]
    UnknownKey {
        key: String,
        within: String,
        suggestion: Option<String>,
        expected: Vec<String>,
    },
    #[error("unknown value `{value}` for {within}; {}", hint(suggestion.as_deref(), expected))]
    UnknownVariant {
        value: String,
        within: String,
        suggestion: Option<String>,
        expected: Vec<String>,
    },
    #[error("`{key}` appears twice in {within}; keep only one")]
    DuplicateKey { key: String, within: String },
    #[error("{within} is missing the required key `{field}`")]
    MissingField { field: String, within: String },
    #[error("invalid value{}: {message}", within.as_ref().map(|w| format!(" for {w}")).unwrap_or_default())]
    InvalidValue {
        within: Option<String>,
        message: String,
    },
    #[error("`steps` is empty; a scenario needs at least one step")]
    EmptySteps,
    #[error("`name` is empty; give the scenario a name to show in reports")]
    EmptyName,
    #[error(
        "the scenario id `{id}` is also the id of `{}`; rename one of the two files",
        other.display()
    )]
    DuplicateId { id: String, other: PathBuf },
    #[error(
        "the scenario name `{name}` is already used at {other}; give each scenario its own name"
    )]
    DuplicateName { name: String, other: String },
    #[error(
        "fixture `{name}` not found: `{}` does not exist; create it, or fix the name (it is relative to the fixtures directory, `--fixtures`)",
        path.display()
    )]
    FixtureNotFound { name: String, path: PathBuf },
    #[error(
        "fixture `{name}` must be a relative path inside the fixtures directory (no leading `/`, no `..`)"
    )]
    FixtureOutside { name: String },
    #[error("cannot read fixture `{}`: {source}", path.display())]
    FixtureUnreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("not valid JSON: {message} (this fixture is used at {used_at})")]
    FixtureInvalidJson { message: String, used_at: String },
    #[error("{within} has both `body` and `body_file`; keep one of them")]
    BodyAndBodyFile { within: String },
    #[error(
        "`{method}` is not an HTTP method: write a token such as `GET`, `POST`, `PUT`, `PATCH` or `DELETE` (no spaces or separators)"
    )]
    InvalidMethod { method: String },
    #[error(
        "the path `{path}` must start with `/`: it is appended to the target's base URL (e.g. `/Users`)"
    )]
    InvalidPath { path: String },
    #[error(
        "`{name}` is not a valid header name: use letters, digits and `-` (e.g. `Content-Type`), no spaces or `:`"
    )]
    InvalidHeaderName { name: String },
    #[error(
        "the value of header `{name}` contains a line break or NUL character, which HTTP forbids"
    )]
    InvalidHeaderValue { name: String },
    #[error("the check for header `{name}` {reason}")]
    InvalidHeaderCheck { name: String, reason: String },
    #[error("`{pattern}` is not a valid regular expression: {message}")]
    InvalidRegex { pattern: String, message: String },
    #[error(
        "capture `{name}: {source_expr}` {reason}; write `body.<path>` (e.g. `body.Resources.0.id`) or `header.<Name>` (e.g. `header.ETag`)"
    )]
    InvalidCapture {
        name: String,
        source_expr: String,
        reason: String,
    },
    #[error(
        "`{name}` is not a valid {kind} name: use ASCII letters, digits and `_`, starting with a letter or `_`"
    )]
    InvalidIdentifier { kind: &'static str, name: String },
    #[error(
        "`{name}` is reserved for the built-in variables (`${{run.tag}}`, `${{target.base_url}}`); choose another {kind} name"
    )]
    ReservedName { kind: &'static str, name: String },
    #[error(
        "capture `{name}` has the same name as an identity, so `${{{name}…}}` would be ambiguous; rename one"
    )]
    CaptureShadowsIdentity { name: String },
    #[error(
        "`{name}` is not a declared {kind}; {}",
        match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("declare it under `{section}`"),
        }
    )]
    Undeclared {
        /// `identity` or `group`.
        kind: &'static str,
        /// `identities` or `groups`.
        section: &'static str,
        name: String,
        suggestion: Option<String>,
    },
    #[error(
        "group `{name}` has the same name as an identity, so `${{{name}.id}}` would be ambiguous; rename one"
    )]
    GroupShadowsIdentity { name: String },
    #[error("`create_users: {{count: {count}}}` must create between 1 and 10000 users")]
    InvalidUserCount { count: u32 },
    #[error("`{status}` is not an HTTP status code: use a number from 100 to 599")]
    InvalidStatus { status: u16 },
    #[error("`status: []` accepts no response at all; list at least one status")]
    EmptyStatusList,
    #[error(
        "`level: warn` without a `reason`: say why this is only a warning (the RFC's SHOULD or MAY, or what it costs the IdP), so that the report can tell the person fixing their server"
    )]
    WarningWithoutReason,
    #[error("`{reference}` {reason}")]
    UndefinedVariable { reference: String, reason: String },
    #[error("`{text}` is not a valid reference: write `${{name}}` or `${{name.field}}`")]
    MalformedReference { text: String },
    #[error(
        "`{text}` is not a matcher ({}); write `${text}` for a literal string starting with `$`",
        match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => "use `$any`, `$string`, `$nonempty`, `$number`, `$datetime`, `$regex:PATTERN` or `$absent`".to_owned(),
        }
    )]
    UnknownMatcher {
        text: String,
        suggestion: Option<String>,
    },
    #[error("`{matcher}` {reason}")]
    MisplacedMatcher {
        matcher: &'static str,
        reason: &'static str,
    },
    /// A problem inside a fixture's JSON; the error points at the `body_file` that names it.
    #[error("in fixture `{fixture}`{}: {problem}", if pointer.is_empty() { String::new() } else { format!(" at `{pointer}`") })]
    InFixture {
        fixture: String,
        /// JSON pointer (RFC 6901) to the value, empty for the whole document.
        pointer: String,
        problem: Box<ErrorKind>,
    },
}

/// "did you mean `x`?", else the list of valid spellings.
fn hint(suggestion: Option<&str>, expected: &[String]) -> String {
    match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None if expected.is_empty() => "remove it".to_owned(),
        None => format!("expected {}", one_of(expected)),
    }
}

/// "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
pub fn one_of(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match quoted.as_slice() {
        [] => "nothing".to_owned(),
        [one] => one.clone(),
        [a, b] => format!("{a} or {b}"),
        many => format!("one of {}", many.join(", ")),
    }
}

/// One problem in one file, with its position.
#[derive(Debug)]
pub struct LoadError {
    kind: ErrorKind,
    path: PathBuf,
    site: Option<Site>,
}

impl LoadError {
    /// An error at a place in a file.
    pub(crate) fn at(site: Site, kind: ErrorKind) -> Self {
        Self {
            kind,
            path: site.path().to_path_buf(),
            site: Some(site),
        }
    }

    /// An error about a whole file or directory (it could not be read, for example).
    pub(crate) fn about(path: &Path, kind: ErrorKind) -> Self {
        Self {
            kind,
            path: path.to_path_buf(),
            site: None,
        }
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The file (or directory) the error is in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// 1-based line and character column, when the error points into the file.
    pub fn line_column(&self) -> Option<(u64, u64)> {
        self.site.as_ref().map(|s| (s.line(), s.column()))
    }

    /// The miette report as plain text (no colours), for logs and tests.
    pub fn render(&self) -> String {
        render(self)
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.site {
            Some(site) => write!(f, "{}: {}", site.position(), self.kind),
            None => write!(f, "{}: {}", self.path.display(), self.kind),
        }
    }
}

impl std::error::Error for LoadError {}

impl Diagnostic for LoadError {
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.site.as_ref().map(|s| &*s.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let site = self.site.as_ref()?;
        let label = LabeledSpan::new_primary_with_span(Some(site.label.clone()), site.span);
        Some(Box::new(std::iter::once(label)))
    }
}

/// Every problem found while loading; nothing may run while there is one.
#[derive(Debug)]
pub struct LoadErrors {
    errors: Vec<LoadError>,
}

impl LoadErrors {
    pub fn new(errors: Vec<LoadError>) -> Self {
        Self { errors }
    }

    pub fn errors(&self) -> &[LoadError] {
        &self.errors
    }

    pub fn into_errors(self) -> Vec<LoadError> {
        self.errors
    }

    pub fn len(&self) -> usize {
        self.errors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// Always [`exit_code::USAGE_ERROR`]: an unloadable scenario or fixture means nothing ran.
    pub fn exit_code(&self) -> i32 {
        exit_code::USAGE_ERROR
    }

    /// All reports as plain text (no colours), for logs and tests.
    pub fn render(&self) -> String {
        render(self)
    }
}

impl From<LoadError> for LoadErrors {
    fn from(error: LoadError) -> Self {
        Self::new(vec![error])
    }
}

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut files: Vec<&Path> = self.errors.iter().map(LoadError::path).collect();
        files.dedup();
        let problems = self.errors.len();
        write!(
            f,
            "{problems} problem{} in {} scenario or fixture file{}; nothing was run",
            plural(problems),
            files.len(),
            plural(files.len())
        )
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

impl std::error::Error for LoadErrors {}

impl Diagnostic for LoadErrors {
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        Some(Box::new(self.errors.iter().map(|e| e as &dyn Diagnostic)))
    }
}

fn render(diagnostic: &dyn Diagnostic) -> String {
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(usize::MAX)
        .with_wrap_lines(false);
    let mut out = String::new();
    match handler.render_report(&mut out, diagnostic) {
        Ok(()) => out,
        // Rendering into a String cannot fail in practice; fall back to the plain message.
        Err(_) => diagnostic.to_string(),
    }
}
