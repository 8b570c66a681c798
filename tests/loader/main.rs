//! Integration tests for scenario loading: real files under `cases/`, loaded through the public
//! API, with every error's file, `line:column`, snippet and wording checked on the rendered
//! report, the way a user sees it.
//!
//! Paths are relative (`tests/loader/cases/...`): cargo runs integration tests from the package
//! root, and messages show paths as they were given.

#[path = "../common/mod.rs"]
mod common;

mod checks;
mod collect;
mod dialects;
mod docs;
mod errors;
mod references;
mod rendered;
mod robustness;
mod valid;

use std::path::{Path, PathBuf};

use scimulate::scenario::{LoadError, LoadErrors, load_file};

pub fn cases() -> PathBuf {
    PathBuf::from("tests/loader/cases")
}

/// The errors of loading `cases/errors/<file>` (with `cases/fixtures`); panics if it loads.
pub fn errors_of(file: &str) -> LoadErrors {
    let path = cases().join("errors").join(file);
    match load_file(&path, &cases().join("fixtures")) {
        Ok(loaded) => panic!("{file} loaded, but should not have: {loaded:?}"),
        Err(errors) => errors,
    }
}

/// Loads `cases/errors/<file>`, expects exactly one error, and checks that it is at
/// `line:column` of that file (in the message and in the snippet header) and that its report
/// contains every needle.
pub fn single_error(file: &str, line: u64, column: u64, needles: &[&str]) -> LoadError {
    let errors = errors_of(file);
    assert_eq!(errors.len(), 1, "expected one error:\n{}", errors.render());
    let error = errors.into_errors().remove(0);
    assert_at(
        &error,
        &cases().join("errors").join(file),
        line,
        column,
        needles,
    );
    error
}

/// Checks position, snippet header and wording of one error.
pub fn assert_at(error: &LoadError, file: &Path, line: u64, column: u64, needles: &[&str]) {
    let position = format!("{}:{line}:{column}", file.display());
    let message = error.to_string();
    let rendered = error.render();
    assert!(
        message.starts_with(&format!("{position}: ")),
        "message should start with {position}:\n{message}"
    );
    assert!(
        rendered.contains(&format!("[{position}]")),
        "snippet header should be [{position}]:\n{rendered}"
    );
    assert_eq!(error.line_column(), Some((line, column)), "{rendered}");
    assert_eq!(error.path(), file, "{rendered}");
    for needle in needles {
        assert!(
            rendered.contains(needle),
            "missing {needle:?} in:\n{rendered}"
        );
    }
}
