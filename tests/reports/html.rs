//! The HTML report, pinned whole (its stylesheet left out, which is a file of its own in
//! `src/report/html/`): the hand-built hostile run, whose markup, quotes, control characters and
//! long multi-byte body must all come out escaped and cut, and the real run, normalised.

use regex::Regex;
use scimulate::report::html::html;

use crate::support::{filters, hostile_run, real_run};

/// The page without its `<style>` block.
fn normalised(page: &str) -> String {
    Regex::new(r"(?s)<style>.*?</style>")
        .expect("a regex")
        .replace(page, "<style>[report.css]</style>")
        .into_owned()
}

#[test]
fn snapshot_of_the_hostile_html_report() {
    let page = normalised(&html(&hostile_run()));
    assert!(!page.contains("<script>alert"), "markup must be escaped");
    insta::with_settings!({filters => filters()}, {
        insta::assert_snapshot!("html_hostile_run", page);
    });
}

#[test]
fn snapshot_of_the_real_html_report() {
    let page = normalised(&html(real_run()));
    let page = Regex::new(r"\d+(\.\d+)? (ms|s)\b")
        .expect("a regex")
        .replace_all(&page, "[duration]")
        .into_owned();
    insta::with_settings!({filters => filters()}, {
        insta::assert_snapshot!("html_real_run", page);
    });
}
