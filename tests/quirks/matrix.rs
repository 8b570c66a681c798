//! The detection matrix: which bundled scenarios fail against each quirk.
//!
//! The expected sets (`expected.rs`) are exact, so a quirk that starts or stops being caught is a
//! visible diff there; the failure of each catching scenario must name the broken behaviour, so a scenario
//! that fails for an unrelated reason does not count as catching it. The results are written
//! to `docs/detection-matrix.md`, which this test keeps current: it fails when the committed
//! file differs, unless `SCIMULATE_BLESS_MATRIX=1` asks it to rewrite the file.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use regex::Regex;
use scimulate::server::ServerConfig;
use scimulate::server::quirks::{Quirk, Quirks};

use crate::expected::{EVERY, WARNED, expected};
use crate::support::{Results, config, failing, run_both_entra_modes, run_ids, suite, unchanged};

/// The per-request timeout of the `slow` run: well under the quirk's latency, so it stays fast.
const SLOW_TIMEOUT: Duration = Duration::from_millis(500);
const SLOW_LATENCY: Duration = Duration::from_millis(1000);
const TIMEOUT: Duration = Duration::from_secs(10);

const DOC: &str = "docs/detection-matrix.md";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_quirk_is_caught_by_exactly_the_expected_scenarios() {
    let suite = Arc::new(suite());
    let all: Vec<String> = run_ids(&suite);
    let started = Instant::now();
    let clean = run_both_entra_modes(&suite, &config(), unchanged, TIMEOUT).await;
    let clean_failures: Vec<String> = failing(&clean.results)
        .into_iter()
        .map(|id| format!("{id}: {}", clean.results[&id].as_deref().unwrap_or("")))
        .collect();
    assert!(
        clean_failures.is_empty(),
        "the clean server fails:\n{clean_failures:#?}"
    );
    assert!(
        clean.warned.is_empty(),
        "the clean server gets warnings:\n{:#?}",
        clean.warned
    );
    assert_eq!(
        expected().iter().map(|(q, _, _)| *q).collect::<Vec<_>>(),
        Quirk::ALL,
        "one row per quirk, in `Quirk::ALL` order"
    );
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for (quirk, pattern, expected) in expected() {
        let config = ServerConfig {
            quirks: Quirks::new([*quirk]).with_latency(SLOW_LATENCY),
            ..config()
        };
        let timeout = if *quirk == Quirk::Slow {
            SLOW_TIMEOUT
        } else {
            TIMEOUT
        };
        let run = run_both_entra_modes(&suite, &config, unchanged, timeout).await;
        let caught = failing(&run.results);
        let expected: Vec<String> = if *expected == EVERY {
            all.clone()
        } else {
            expected.iter().map(|s| s.to_string()).collect()
        };
        let warned: Vec<String> = run.warned.keys().cloned().collect();
        if caught.is_empty() && warned.is_empty() {
            problems.push(format!(
                "{quirk}: no scenario catches or warns about it; the suite needs one"
            ));
        }
        check(
            *quirk,
            pattern,
            &expected,
            &caught,
            &run.results,
            &mut problems,
        );
        let (warn_pattern, expected_warned) = WARNED
            .iter()
            .find(|(q, _, _)| q == quirk)
            .map_or(("$^", &[][..]), |(_, p, w)| (*p, *w));
        let expected_warned: Vec<String> = expected_warned.iter().map(|s| s.to_string()).collect();
        let warnings: Results = run
            .warned
            .iter()
            .map(|(id, text)| (id.clone(), Some(text.clone())))
            .collect();
        let label = format!("{quirk} (warnings)");
        compare(
            &label,
            warn_pattern,
            &expected_warned,
            &warned,
            &warnings,
            &mut problems,
        );
        rows.push((*quirk, caught, warned));
    }
    assert!(
        problems.is_empty(),
        "the detection matrix changed:\n\n{}",
        problems.join("\n\n")
    );
    let mut generated = render(&rows, &all);
    generated.push_str(&crate::coverage::section(&suite, &rows));
    compare_or_bless(&generated);
    println!("matrix: {} runs in {:?}", rows.len() + 1, started.elapsed());
}

fn check(
    quirk: Quirk,
    pattern: &str,
    expected: &[String],
    caught: &[String],
    results: &Results,
    problems: &mut Vec<String>,
) {
    compare(
        &quirk.to_string(),
        pattern,
        expected,
        caught,
        results,
        problems,
    );
}

/// Whether `caught` is exactly `expected`, and each text in `results` matches `pattern`.
fn compare(
    quirk: &str,
    pattern: &str,
    expected: &[String],
    caught: &[String],
    results: &Results,
    problems: &mut Vec<String>,
) {
    let (want, got): (BTreeSet<&String>, BTreeSet<&String>) =
        (expected.iter().collect(), caught.iter().collect());
    if want != got {
        problems.push(format!(
            "{quirk}: no longer caught by {:?}; newly caught by {:?}",
            want.difference(&got).collect::<Vec<_>>(),
            got.difference(&want).collect::<Vec<_>>()
        ));
    }
    let Ok(regex) = Regex::new(pattern) else {
        problems.push(format!("{quirk}: bad pattern {pattern:?}"));
        return;
    };
    for id in caught {
        let text = results[id].as_deref().unwrap_or("");
        if !regex.is_match(text) {
            problems.push(format!(
                "{quirk}: {id} fails, but its failure does not match {pattern:?}:\n{text}"
            ));
        }
    }
}

/// `docs/detection-matrix.md`, from the results.
fn render(rows: &[(Quirk, Vec<String>, Vec<String>)], all: &[String]) -> String {
    let mut out = String::from(
        "# Detection matrix\n\n\
         <!-- Generated by tests/quirks (SCIMULATE_BLESS_MATRIX=1 cargo test --test quirks); do not edit. -->\n\n\
         Each row is a bug that real SCIM servers have shipped, reproduced by\n\
         `scimulate serve --quirk NAME`, and the bundled scenarios that fail against it (each\n\
         against a fresh server, in Okta's OIN mode and Entra's default `--entra-patch legacy`;\n\
         `…@flag` is an `entra::` scenario run again with `--entra-patch flag`). With no quirk,\n\
         every scenario passes.\n\
         The test that writes this file fails when a quirk starts or stops being caught.\n\n\
         *Caught by*: the scenarios that fail. *Warned by*: the scenarios that pass with a\n\
         warning about it, because what they exist to prove still holds (the Okta flows do not\n\
         fail on `itemsPerPage`, which Okta's provisioning does not read; refusing a whole\n\
         membership PATCH, or Entra's member removal with a value list, is legal, RFC 7644\n\
         §3.5.2; a PATCH duplicating a userName answered 500, or 409 without scimType, breaks\n\
         a SHOULD of RFC 7644 §3.12 only). `--deny-warnings` fails those too.\n\n\
         | Quirk | What the broken server does | Caught by | Warned by |\n|---|---|---|---|\n",
    );
    let list = |ids: &[String]| -> String {
        if ids.is_empty() {
            "—".to_string()
        } else if ids.len() == all.len() {
            format!("every scenario ({})", all.len())
        } else {
            ids.iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join("<br>")
        }
    };
    for (quirk, caught, warned) in rows {
        let description = quirk.description().replace('|', "\\|");
        out.push_str(&format!(
            "| `{quirk}` | {description} | {} | {} |\n",
            list(caught),
            list(warned)
        ));
    }
    out.push_str("\n## By scenario\n\nWhich quirks each scenario catches, or warns about (`slow` left out: it fails them all).\n\n");
    out.push_str("| Scenario | Quirks |\n|---|---|\n");
    for id in all {
        let quirks: Vec<String> = rows
            .iter()
            .filter(|(q, caught, warned)| {
                *q != Quirk::Slow && (caught.contains(id) || warned.contains(id))
            })
            .map(|(q, caught, _)| {
                if caught.contains(id) {
                    format!("`{q}`")
                } else {
                    format!("`{q}` (warned)")
                }
            })
            .collect();
        let quirks = if quirks.is_empty() {
            "—".to_string()
        } else {
            quirks.join(", ")
        };
        out.push_str(&format!("| `{id}` | {quirks} |\n"));
    }
    out
}

fn compare_or_bless(generated: &str) {
    if std::env::var("SCIMULATE_BLESS_MATRIX").is_ok_and(|v| v == "1") {
        std::fs::write(DOC, generated).expect("write docs/detection-matrix.md");
        return;
    }
    let committed = std::fs::read_to_string(DOC).unwrap_or_default();
    assert!(
        committed == generated,
        "{DOC} is stale; regenerate it with SCIMULATE_BLESS_MATRIX=1 cargo test --test quirks\n\
         --- generated:\n{generated}"
    );
}
