//! The terminal reporter's text, pinned: the closing summary (counts, warnings grouped by their
//! reason, skipped scenarios) and each failed scenario's failure text (steps, `why:` lines, the
//! later steps not run, warnings). The HTML report's warning list is pinned here too, as the
//! element a reader sees first.

use scimulate::report::html::html;
use scimulate::report::terminal::{failure_text, summary};
use scimulate::runner::outcome::Verdict;

use crate::support::{filters, hostile_run, real_run};

#[test]
fn snapshot_of_the_real_runs_summary() {
    insta::with_settings!({filters => filters()}, {
        insta::assert_snapshot!("terminal_real_summary", summary(&real_run().scenarios, 0));
    });
}

#[test]
fn snapshot_of_the_failure_texts() {
    let mut text = String::new();
    for run in [real_run().clone(), hostile_run()] {
        for scenario in run
            .scenarios
            .iter()
            .filter(|s| s.verdict == Verdict::Failed)
        {
            text.push_str(&format!(
                "---- {} ----\n{}\n",
                scenario.id,
                failure_text(scenario)
            ));
        }
    }
    insta::with_settings!({filters => filters()}, {
        insta::assert_snapshot!("terminal_failure_texts", text);
    });
}

#[test]
fn snapshot_of_the_html_warnings_list() {
    let page = html(real_run());
    let start = page
        .find("<div class=\"warnings-list\"")
        .expect("the real run has a warning");
    let end = start + page[start..].find("</div>\n").expect("the list ends") + 7;
    insta::assert_snapshot!("html_warnings_list", &page[start..end]);
}
