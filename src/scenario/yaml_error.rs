//! serde-saphyr's parse errors, turned into [`LoadError`]s that say which map a key was in and
//! what was meant.
//!
//! serde-saphyr reports *where* (line, column) and serde reports *what* (`unknown field `staus`,
//! expected one of …`). The [`Tree`] adds *in which map* (`steps[0].request.expect`), and
//! [`suggest()`] adds the likely intended key from serde's list of expected ones, which works at
//! every depth because serde names the expected keys of whichever struct rejected the key.
//! serde-saphyr's ready-made `miette::to_miette_report` is not used, so that every error, from
//! YAML or from the later checks, has the same typed shape and the same rendering.

use serde_saphyr::{Error as YamlError, Location, MessageFormatter};

use super::error::{ErrorKind, LoadError};
use super::source::SourceFile;
use super::tree::{Segment, Tree, YamlPath};
use crate::protocol::suggest;

/// The [`LoadError`] for a failed typed parse of `file`.
pub fn convert(error: &YamlError, file: &SourceFile, tree: &Tree) -> LoadError {
    let error = innermost(error);
    let location = error.location();
    let site = |label: &str| match &location {
        Some(location) => file.site_at(location, label),
        None => file.site_at_line_column(0, 0, 0, label),
    };
    let map_at = |location: &Option<Location>| {
        location
            .and_then(|l| tree.map_at(l.line(), l.column()))
            .map_or_else(|| "this map".to_owned(), |p| p.describe())
    };
    let value_at = |location: &Option<Location>| {
        location
            .and_then(|l| tree.path_at(l.line(), l.column()))
            .map(|(path, _)| path)
    };
    match error {
        YamlError::SerdeUnknownField {
            field, expected, ..
        } => LoadError::at(
            site("unknown key"),
            ErrorKind::UnknownKey {
                key: field.clone(),
                within: map_at(&location),
                suggestion: suggest(field, expected.iter().copied()).map(str::to_owned),
                expected: expected.iter().map(|e| (*e).to_owned()).collect(),
            },
        ),
        YamlError::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            // A step kind is a key (`- reqest:`): name the step. A value (`auth: nne`): name it.
            let within = match location.and_then(|l| tree.path_at(l.line(), l.column())) {
                Some((path, true)) => format!("the kind of {}", path.parent().describe()),
                Some((path, false)) => path.describe(),
                None => "this value".to_owned(),
            };
            LoadError::at(
                site("unknown value"),
                ErrorKind::UnknownVariant {
                    value: variant.clone(),
                    within,
                    suggestion: suggest(variant, expected.iter().copied()).map(str::to_owned),
                    expected: expected.iter().map(|e| (*e).to_owned()).collect(),
                },
            )
        }
        YamlError::SerdeMissingField { field, .. } => LoadError::at(
            site(&format!("`{field}` is missing in this map")),
            ErrorKind::MissingField {
                field: (*field).to_owned(),
                within: map_at(&location),
            },
        ),
        YamlError::DuplicateMappingKey { key, .. } => LoadError::at(
            site("second occurrence"),
            ErrorKind::DuplicateKey {
                key: key.clone().unwrap_or_else(|| "this key".to_owned()),
                within: map_at(&location),
            },
        ),
        YamlError::MultipleDocuments { .. } => {
            LoadError::at(site("second document"), ErrorKind::MultipleDocuments)
        }
        YamlError::Eof { .. } if is_blank(file.text()) => {
            LoadError::at(site("empty"), ErrorKind::EmptyFile)
        }
        YamlError::Unexpected { expected, .. } => {
            let path = value_at(&location);
            if *expected == "mapping start" && path.as_ref().is_some_and(YamlPath::is_root) {
                return LoadError::at(site("not a mapping"), ErrorKind::NotAMapping);
            }
            let message = match *expected {
                "mapping start" => "expected a mapping (`key: value` lines)".to_owned(),
                "sequence start" => "expected a list (`- item` lines, or `[a, b]`)".to_owned(),
                "string scalar" => "expected a string".to_owned(),
                other => format!("expected {other}"),
            };
            invalid(site("here"), path, message)
        }
        YamlError::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | YamlError::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => invalid(
            site("here"),
            value_at(&location),
            format!("expected {expected}, found {unexpected}"),
        ),
        YamlError::InvalidScalar { ty, .. } => {
            let site = site("here");
            let text = scalar_text(file, &site);
            let message = format!("`{text}` is not {}", describe_type(ty));
            invalid(site, value_at(&location), message)
        }
        YamlError::InvalidBooleanStrict { .. } => invalid(
            site("not a boolean"),
            value_at(&location),
            "write `true` or `false` (YAML 1.1 spellings such as `yes`, `no`, `on`, `off` are not booleans here)".to_owned(),
        ),
        YamlError::NullIntoString { .. } => invalid(
            site("empty"),
            value_at(&location),
            "a value is required here, but it is empty or `null`".to_owned(),
        ),
        YamlError::NonFiniteFloat { value, .. } => invalid(
            site("not a JSON number"),
            value_at(&location),
            format!("`{value}` has no JSON form; quote it to send it as a string"),
        ),
        YamlError::ExpectedMappingEndAfterEnumVariantValue { .. } => invalid(
            site("second step kind"),
            value_at(&location).map(|p| p.parent()),
            "a step holds exactly one kind (`request:`); start the next step with `- request:`"
                .to_owned(),
        ),
        YamlError::ExternallyTaggedEnumExpectedScalarOrMapping { .. }
        | YamlError::ExpectedStringKeyForExternallyTaggedEnum { .. }
        | YamlError::UnexpectedValueForUnitEnumVariant { .. } => {
            let path = value_at(&location);
            let message = kind_expected(path.as_ref()).to_owned();
            invalid(site("here"), path, message)
        }
        YamlError::Budget { breach, .. } => LoadError::at(
            site("limit reached here"),
            ErrorKind::Syntax {
                message: format!(
                    "the file is too big or too deeply nested to be a scenario ({})",
                    breach_text(breach)
                ),
            },
        ),
        YamlError::Message { msg, .. } => {
            invalid(site("here"), value_at(&location), sanitize(msg))
        }
        other => {
            let message = sanitize(&serde_saphyr::DefaultMessageFormatter.format_message(other));
            LoadError::at(site("here"), ErrorKind::Syntax { message })
        }
    }
}

/// What a value that should be a kind (`request: …`, `none`, `assign: alice`) should look like,
/// for the enum at `path`: a step, an `okta:` or `entra:` action or an `auth:`. A unit kind given a value
/// (`test_credentials: x`) is found at the kind, so its parent is looked at too.
fn kind_expected(path: Option<&YamlPath>) -> &'static str {
    const STEP: &str = "expected a kind and its value: a step is `- request: …` (or `okta: …`, `entra: …`, `create_users: …`)";
    const OKTA: &str = "expected an Okta action: a name such as `test_credentials`, or a name and its value such as `{assign: alice}`";
    const ENTRA: &str = "expected an Entra action: a name such as `test_connection`, or a name and its value such as `{provision: alice}`";
    const AUTH: &str = "expected `none` or `{header: …}`";
    const ANY: &str = "expected a kind and its value: a step is `- request: …`, `auth` is `none` or `{header: …}`";
    let Some(path) = path else { return ANY };
    for path in [path.clone(), path.parent()] {
        match path.segments() {
            [.., Segment::Key(steps), Segment::Index(_)] if steps == "steps" => return STEP,
            [.., Segment::Key(key)] if key == "okta" => return OKTA,
            [.., Segment::Key(key)] if key == "entra" => return ENTRA,
            [.., Segment::Key(key)] if key == "auth" => return AUTH,
            _ => {}
        }
    }
    ANY
}

fn invalid(site: super::source::Site, path: Option<YamlPath>, message: String) -> LoadError {
    LoadError::at(
        site,
        ErrorKind::InvalidValue {
            within: path.filter(|p| !p.is_root()).map(|p| p.describe()),
            message,
        },
    )
}

/// The error that says what is wrong, without the snippet and alias wrappers.
fn innermost(error: &YamlError) -> &YamlError {
    let mut error = error.without_snippet();
    while let YamlError::AliasError { error: inner, .. } = error {
        error = inner.without_snippet();
    }
    error
}

/// A file with nothing but blank lines and comments.
fn is_blank(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---" || line == "..."
    })
}

/// The source text under a site, for messages about a scalar.
fn scalar_text(file: &SourceFile, site: &super::source::Site) -> String {
    let start = site.span.offset();
    let text = file.text();
    let end = (start + site.span.len()).min(text.len());
    let token = text.get(start..end).unwrap_or("");
    // Spans of plain scalars cover the token; make sure a long one stays readable.
    token.chars().take(60).collect()
}

fn describe_type(ty: &str) -> String {
    match ty {
        "u8" | "u16" | "u32" | "u64" | "usize" => {
            "a whole number in range (a status code is 100 to 599)".to_owned()
        }
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number in range".to_owned(),
        "f32" | "f64" => "a number".to_owned(),
        "bool" => "`true` or `false`".to_owned(),
        other => format!("a valid {other}"),
    }
}

/// Messages may quote user text; keep them on one line and free of terminal control codes.
fn sanitize(message: &str) -> String {
    message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// What a YAML budget breach means, in the file's own terms.
fn breach_text(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    match breach {
        B::Depth { depth } => format!("nested {depth} levels deep"),
        B::Events { events } => format!("{events} YAML events"),
        B::Nodes { nodes } => format!("{nodes} values"),
        B::Aliases { aliases } => format!("{aliases} aliases (`*name`)"),
        B::Anchors { anchors } => format!("{anchors} anchors (`&name`)"),
        B::Documents { documents } => format!("{documents} YAML documents"),
        B::ScalarBytes { total_scalar_bytes } => format!("{total_scalar_bytes} bytes of text"),
        B::MergeKeys { merge_keys } => format!("{merge_keys} merge keys (`<<`)"),
        B::AliasAnchorRatio { aliases, anchors } => {
            format!("{aliases} aliases of {anchors} anchors")
        }
        other => format!("limit reached: {}", sanitize(&format!("{other:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_files() {
        assert!(is_blank(""));
        assert!(is_blank("\n# only a comment\n\n---\n"));
        assert!(!is_blank("name: x"));
    }

    #[test]
    fn sanitize_removes_control_characters() {
        assert_eq!(sanitize("a\nb\u{1b}[31m"), "a b [31m");
    }
}
