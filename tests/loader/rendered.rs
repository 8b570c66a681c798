//! Every file of `cases/errors/` as a user sees it: the report `scimulate run` prints on stderr,
//! pinned whole by a snapshot per file (`snapshots/loader__rendered__stderr@<file>.snap`).
//! The other tests check positions and wording piece by piece; these show what the pieces add
//! up to (the summary line, the snippet, the label, the wrapping at 80 columns), so a change to
//! any of it is seen in review.
//!
//! The rendering is the one `scimulate run` gets from miette's default hook when stderr is not a
//! terminal (CI, a pipe, a log): the graphical report, Unicode, no colour, 80 columns.
//! [`the_binary_prints_these_reports`] holds the two to each other.

use std::path::{Path, PathBuf};

use miette::{GraphicalReportHandler, GraphicalTheme};
use scimulate::scenario::{LoadOptions, load_dir_with};

use crate::cases;
use crate::common;

/// The width miette's default hook wraps at when stdout, stderr and stdin are not terminals.
const WIDTH: usize = 80;

/// `path` relative to the crate root (cargo runs tests there, and reports show paths as given).
fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .to_path_buf()
}

/// The report for scenario file `path` (relative), as `scimulate run --scenarios path` renders
/// it. Panics if the file loads.
fn rendered(path: &Path) -> String {
    let errors = match load_dir_with(path, &cases().join("fixtures"), LoadOptions::default()) {
        Ok(_) => panic!("{} loaded, but should not have", path.display()),
        Err(errors) => errors,
    };
    // As `scimulate run` sets its hook (src/main.rs): whole words, no splitting at hyphens.
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(WIDTH)
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut out = String::new();
    handler
        .render_report(&mut out, &errors)
        .expect("a report renders into a String");
    out
}

#[test]
fn stderr() {
    insta::glob!("cases/errors", "*.yaml", |path| {
        let path = relative(path);
        let text = rendered(&path);
        assert!(
            !text.contains(env!("CARGO_MANIFEST_DIR")),
            "an absolute path in the report:\n{text}"
        );
        insta::assert_snapshot!(text);
    });
}

/// What the binary writes on stderr for each case is exactly the snapshot's text (and the
/// newline `eprintln!` adds), so the snapshots are what a user sees.
#[test]
fn the_binary_prints_these_reports() {
    let fixtures = cases().join("fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(cases().join("errors"))
        .expect("cases/errors")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() > 50, "{files:?}");
    for path in files {
        let output = common::command()
            .arg("run")
            .arg("--scenarios")
            .arg(&path)
            .arg("--fixtures")
            .arg(&fixtures)
            .output()
            .expect("scimulate runs");
        let file = path.display();
        assert_eq!(output.status.code(), Some(2), "{file}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            format!("{}\n", rendered(&path)),
            "{file}"
        );
        assert!(output.stdout.is_empty(), "{file}: nothing runs");
    }
}
