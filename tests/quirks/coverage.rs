//! The coverage map of `docs/detection-matrix.md`: for each RFC area of the conformance suite
//! (`scenarios/conformance/<area>/`), the rules its scenarios check, each with the RFC section its
//! description cites and the quirks that prove it can fail. A rule whose scenario catches no
//! quirk is visible here as "—": a check nobody has seen fail.

use std::collections::BTreeMap;

use regex::Regex;
use scimulate::scenario::LoadedScenario;
use scimulate::server::quirks::Quirk;

/// The first RFC citation of a description: `RFC 7644 §3.4.2.4`.
fn rfc_section(description: &str) -> Option<String> {
    let re = Regex::new(r"RFC\s+(\d{4})\s*§\s*([0-9]+(?:\.[0-9]+)*)").expect("a regex");
    re.captures(description)
        .map(|c| format!("RFC {} §{}", &c[1], &c[2]))
}

/// The area of a conformance scenario: `conformance::pagination::zero_start` → `pagination`.
fn area_of(id: &str) -> Option<&str> {
    let mut parts = id.split("::");
    (parts.next() == Some("conformance")).then(|| parts.next())?
}

/// The section, or nothing when the suite has no conformance scenario yet.
pub fn section(suite: &[LoadedScenario], rows: &[(Quirk, Vec<String>, Vec<String>)]) -> String {
    let mut areas: BTreeMap<&str, Vec<&LoadedScenario>> = BTreeMap::new();
    for scenario in suite {
        if let Some(area) = area_of(&scenario.id) {
            areas.entry(area).or_default().push(scenario);
        }
    }
    if areas.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "\n## Coverage by RFC area\n\n\
         The conformance scenarios (`scenarios/conformance/`), by area: the rule each one checks,\n\
         the RFC section its description cites, and the quirks it catches (its proof that it can\n\
         fail).\n",
    );
    for (area, scenarios) in areas {
        let caught = scenarios
            .iter()
            .filter(|s| {
                rows.iter()
                    .any(|(q, c, _)| *q != Quirk::Slow && c.contains(&s.id))
            })
            .count();
        out.push_str(&format!(
            "\n### {area} ({} scenario{}, {caught} proven by a quirk)\n\n| Scenario | Rule | RFC | Caught quirks |\n|---|---|---|---|\n",
            scenarios.len(),
            if scenarios.len() == 1 { "" } else { "s" },
        ));
        for s in scenarios {
            let description = s.scenario.description.as_deref().unwrap_or("");
            let rfc = rfc_section(description).unwrap_or_else(|| "—".into());
            let quirks: Vec<String> = rows
                .iter()
                .filter(|(q, caught, _)| *q != Quirk::Slow && caught.contains(&s.id))
                .map(|(q, _, _)| format!("`{q}`"))
                .collect();
            let quirks = if quirks.is_empty() {
                "—".to_string()
            } else {
                quirks.join(", ")
            };
            out.push_str(&format!(
                "| `{}` | {} | {rfc} | {quirks} |\n",
                s.id,
                s.name().replace('|', "\\|")
            ));
        }
    }
    out
}

#[test]
fn citations_and_areas_are_read() {
    assert_eq!(
        rfc_section("startIndex 0 … (RFC 7644 §3.4.2.4: SHALL be 1)").as_deref(),
        Some("RFC 7644 §3.4.2.4")
    );
    assert_eq!(rfc_section("no citation"), None);
    assert_eq!(area_of("conformance::filter::bool_eq"), Some("filter"));
    assert_eq!(area_of("users::duplicate"), None);
}
