//! The submission readiness summary (`report::readiness`): its catalogues hold to the bundled
//! suite (every scenario and step they name exists, under that name), and a whole run shows it
//! in the terminal, the JSON and the HTML report, as a reader meets it: pinned by snapshots for
//! the bundled server (both gates would pass) and checked against a broken server (Okta's gate
//! would fail, naming the CRUD step that fails).

use std::collections::HashMap;

use regex::Regex;
use scimulate::report::json::JsonReport;
use scimulate::report::readiness::{Covered, Part, entra, okta};
use scimulate::scenario::LoadedScenario;

use crate::common::{self, Served, scimulate, temp_dir};
use crate::support::filters;

fn bundled_suite() -> HashMap<String, LoadedScenario> {
    common::load("scenarios", "fixtures")
        .into_iter()
        .map(|l| (l.id.clone(), l))
        .collect()
}

#[test]
fn every_scenario_and_step_a_catalogue_names_is_in_the_bundled_suite() {
    let suite = bundled_suite();
    for catalogue in [&okta::CATALOGUE, &entra::CATALOGUE] {
        for test in catalogue.tests {
            let Covered::By(parts) = &test.covered_by else {
                continue;
            };
            assert!(!parts.is_empty(), "{}: no part", test.name);
            for part in *parts {
                let loaded = suite
                    .get(part.scenario())
                    .unwrap_or_else(|| panic!("{}: no scenario {}", test.name, part.scenario()));
                if let Part::Step { number, name, .. } = part {
                    let step = loaded
                        .scenario
                        .steps
                        .get(number - 1)
                        .unwrap_or_else(|| panic!("{}: no step {number}", test.name));
                    assert_eq!(&step.value.describe(), name, "{}: step {number}", test.name);
                }
            }
        }
    }
}

/// Every scenario that reproduces one of Okta's SPEC or CRUD tests or one of Entra's validator
/// tests or flows (by its tags) is in a catalogue, so the summary cannot silently miss one.
#[test]
fn every_idp_test_scenario_is_in_a_catalogue() {
    let named: Vec<&str> = [&okta::CATALOGUE, &entra::CATALOGUE]
        .iter()
        .flat_map(|c| c.scenario_ids())
        .collect();
    let gated = ["okta-spec", "okta-crud", "entra-validator", "entra-flows"];
    for (id, loaded) in bundled_suite() {
        let tags = &loaded.scenario.tags;
        let reproduces = tags.iter().any(|t| gated.contains(&t.as_str()));
        if reproduces && !tags.iter().any(|t| t == "beyond-okta") {
            assert!(named.contains(&id.as_str()), "{id} is in no catalogue");
        }
    }
}

fn readiness_lines(text: &str) -> String {
    text.lines()
        .filter(|l| l.starts_with("readiness: "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_run_of_the_bundled_suite_shows_both_gates_passing_in_every_report() {
    let dir = temp_dir("readiness");
    let json = dir.path().join("report.json");
    let html = dir.path().join("report.html");
    let ran = scimulate(&[
        "run",
        "--seed",
        "7",
        "--json",
        json.to_str().unwrap_or_default(),
        "--html",
        html.to_str().unwrap_or_default(),
    ]);
    ran.assert_code(0);
    insta::assert_snapshot!("readiness_terminal", readiness_lines(&ran.all()));

    let text = std::fs::read_to_string(&json).expect("the JSON report");
    let report: JsonReport = serde_json::from_str(&text).expect("the JSON report parses");
    let gates: Vec<(&str, &str)> = report
        .readiness
        .iter()
        .map(|r| (r.idp.as_str(), r.overall.as_str()))
        .collect();
    assert_eq!(gates, [("okta", "would_pass"), ("entra", "would_pass")]);
    let readiness = serde_json::to_string_pretty(&report.readiness).expect("serializes");
    insta::with_settings!({filters => filters()}, {
        insta::assert_snapshot!("readiness_json", readiness);
    });

    let page = std::fs::read_to_string(&html).expect("the HTML report");
    let section = Regex::new(r#"(?s)<section id="readiness">.*?</section>"#)
        .expect("a regex")
        .find(&page)
        .map(|m| m.as_str().to_owned())
        .expect("the HTML report has the readiness section");
    insta::assert_snapshot!("readiness_html", section);
}

#[test]
fn an_idp_run_shows_only_that_idps_gate() {
    let ran = scimulate(&["run", "--idp", "entra", "--entra-patch", "flag"]);
    ran.assert_code(0);
    assert_eq!(
        readiness_lines(&ran.all()),
        "readiness: Microsoft Entra app gallery, Entra PATCH flag: would pass: 14 of 14 required \
         tests pass; optional: 21 of 21 pass"
    );
}

/// A server whose deactivated users read as 404 (Okta then thinks they were deleted): the CRUD
/// test's step 8 fails, so Okta's gate would fail, and the line says which test and scenario.
#[test]
fn a_broken_server_fails_the_gate_and_the_line_names_the_test() {
    let served = Served::start(&[
        "--bearer",
        "readiness-token",
        "--quirk",
        "deactivated-user-404",
    ]);
    let ran = scimulate(&[
        "run",
        "--target",
        &served.base_url,
        "--bearer",
        "readiness-token",
        "--idp",
        "okta",
        "--tag",
        "okta",
    ]);
    ran.assert_code(1);
    let line = readiness_lines(&ran.all());
    assert!(
        line.starts_with("readiness: Okta Integration Network (OIN), Okta mode oin: would fail: "),
        "{line}"
    );
    assert!(
        line.contains(
            "\"8. The deactivated user is readable, with active false\" (okta::flows::crud_lifecycle)"
        ),
        "{line}"
    );
    assert!(!line.contains("Entra"), "{line}");
}
