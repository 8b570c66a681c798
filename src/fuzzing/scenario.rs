//! The YAML scenario loader: input is the text of one scenario file (bytes decoded as UTF-8 with
//! invalid sequences replaced), loaded by [`load_str`] as `fuzz.yaml` with fixtures read from the
//! repository's `fixtures/` directory.
//!
//! Invariants: loading either succeeds or fails with at least one error; every error's labelled
//! span lies inside the text on character boundaries (miette slices the text by it), and every
//! error renders as a report, as `scimulate run` prints it.

use std::path::Path;

use miette::Diagnostic;

use super::{Violation, ensure};
use crate::scenario::{LoadErrors, load_str};

pub fn check_bytes(data: &[u8], fixtures_dir: &Path) -> Result<(), Violation> {
    check_scenario(&String::from_utf8_lossy(data), fixtures_dir)
}

pub fn check_scenario(text: &str, fixtures_dir: &Path) -> Result<(), Violation> {
    match load_str(Path::new("fuzz.yaml"), text.to_owned(), fixtures_dir) {
        Ok(loaded) => {
            for i in 0..loaded.scenario.steps.len() {
                let _ = loaded.step_location(i);
            }
            Ok(())
        }
        Err(errors) => check_errors(text, &errors),
    }
}

fn check_errors(text: &str, errors: &LoadErrors) -> Result<(), Violation> {
    ensure(!errors.is_empty(), || {
        format!("{text:?}: loading failed without saying why")
    })?;
    for error in errors.errors() {
        for label in error.labels().into_iter().flatten() {
            span_inside(text, label.offset(), label.len())
                .map_err(|v| Violation(format!("{text:?}: error `{error}`: {v}")))?;
        }
        ensure(!error.render().is_empty(), || {
            format!("{text:?}: error `{error}` renders as nothing")
        })?;
    }
    ensure(!errors.render().is_empty(), || {
        format!("{text:?}: the errors render as nothing")
    })
}

/// miette slices the text by a label's span: it must lie inside, on character boundaries.
pub fn span_inside(text: &str, offset: usize, len: usize) -> Result<(), Violation> {
    let end = offset.saturating_add(len);
    ensure(
        end <= text.len() && text.is_char_boundary(offset) && text.is_char_boundary(end),
        || {
            format!(
                "span {offset}..{end} is not inside the {}-byte text",
                text.len()
            )
        },
    )
}
