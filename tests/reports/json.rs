//! The JSON report: its shape (snapshots), that it reads back into the documented types, the
//! counts and statuses scripts rely on, and that `docs/report-json.md` names every field.

use std::collections::BTreeSet;

use scimulate::report::json::{JsonReport, JsonResponse, VERSION, json};
use serde_json::Value;

use crate::support::{TOKEN, filters, hostile_run, real_run};

#[test]
fn snapshot_of_the_real_run() {
    let text = json(real_run());
    insta::with_settings!({filters => filters()}, {
        insta::assert_snapshot!("json_real_run", text);
    });
}

#[test]
fn snapshot_of_the_hostile_run() {
    insta::assert_snapshot!("json_hostile_run", json(&hostile_run()));
}

fn parsed(text: &str) -> JsonReport {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}:\n{text}"))
}

#[test]
fn it_reads_back_into_the_report_types() {
    for run in [real_run().clone(), hostile_run()] {
        let text = json(&run);
        assert_eq!(parsed(&text), JsonReport::from_run(&run));
    }
}

#[test]
fn summary_verdicts_and_step_statuses() {
    let report = parsed(&json(real_run()));
    assert_eq!(report.format, "scimulate-report");
    assert_eq!(report.version, VERSION);
    assert_eq!(report.run.seed, "7");
    let s = &report.summary;
    assert_eq!((s.passed, s.failed, s.skipped, s.total), (3, 2, 1, 6));
    // create_and_read: 2 requests + 1 cleanup; service_provider: 1; unreachable: 1;
    // warned: 1; wrong_expectations: 1 + 1 cleanup.
    assert_eq!(s.requests, 8);
    assert_eq!(s.warnings, 1);

    let by_id = |id: &str| {
        report
            .scenarios
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("no {id}"))
    };
    let skipped = by_id("not_yet");
    assert_eq!(skipped.verdict, "skipped");
    assert_eq!(
        skipped.skip_reason.as_deref(),
        Some("the target does not support /Bulk yet")
    );

    let wrong = by_id("users::wrong_expectations");
    assert_eq!(wrong.verdict, "failed");
    let statuses: Vec<&str> = wrong.steps.iter().map(|s| s.status.as_str()).collect();
    assert_eq!(statuses, ["failed", "not_run"]);
    let kinds: Vec<&str> = wrong.steps[0]
        .failures
        .iter()
        .map(|f| f.kind.as_str())
        .collect();
    assert_eq!(kinds, ["status", "body"]);
    assert!(wrong.steps[0].failures[0].diff.is_none());
    assert!(
        wrong.steps[0].failures[1]
            .diff
            .as_deref()
            .is_some_and(|d| d.contains("Johnny Roe"))
    );
    assert_eq!(wrong.cleanup.len(), 1);
    assert_eq!(wrong.cleanup[0].status, Some(204));

    // A warning and a check that did not apply leave the scenario and its step passed.
    let warned = by_id("users::warned");
    assert_eq!(warned.verdict, "passed");
    let step = &warned.steps[0];
    assert_eq!(step.status, "passed");
    assert!(step.failures.is_empty());
    assert_eq!(step.warnings.len(), 1);
    assert_eq!(step.warnings[0].kind, "header");
    assert!(
        step.warnings[0]
            .reason
            .as_deref()
            .is_some_and(|r| r.starts_with("an example SHOULD")),
        "{:?}",
        step.warnings
    );
    assert_eq!(step.not_applicable.len(), 1, "{:?}", step.not_applicable);
    assert!(step.not_applicable[0].contains("does not advertise"));

    let unreachable = by_id("unreachable");
    assert_eq!(unreachable.verdict, "failed");
    assert_eq!(unreachable.steps[0].failures[0].kind, "transport");
    assert!(matches!(
        unreachable.steps[0].exchanges[0].response,
        JsonResponse::Error { .. }
    ));
    assert!(by_id("users::create_and_read").skip_reason.is_none());
}

#[test]
fn optional_fields_are_left_out_not_null() {
    let text = json(real_run());
    assert!(!text.contains("null"), "{text}");
    let value: Value = serde_json::from_str(&text).expect("JSON");
    let passed = &value["scenarios"]
        .as_array()
        .expect("scenarios")
        .iter()
        .find(|s| s["verdict"] == "passed")
        .expect("a passed scenario");
    assert!(passed.get("skip_reason").is_none());
}

#[test]
fn the_token_never_appears() {
    assert!(!json(real_run()).contains(TOKEN));
}

/// Every key of both reports, as `a.b.c` paths (arrays add nothing to the path).
fn keys(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.insert(path.clone());
                keys(v, &path, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| keys(v, prefix, out)),
        _ => {}
    }
}

#[test]
fn the_documentation_names_every_field() {
    let doc = std::fs::read_to_string("docs/report-json.md").expect("docs/report-json.md");
    let mut all = BTreeSet::new();
    // A run with a readiness summary: an `okta` run whose failed scenario is the CRUD test's.
    let mut gated = hostile_run();
    gated.info.idp = Some("okta".into());
    gated.scenarios[0].id = "okta::flows::crud_lifecycle".into();
    for run in [real_run().clone(), hostile_run(), gated] {
        let value: Value = serde_json::from_str(&json(&run)).expect("JSON");
        keys(&value, "", &mut all);
    }
    let missing: Vec<&String> = all
        .iter()
        .filter(|path| !doc.contains(&format!("`{path}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/report-json.md does not document {missing:?}"
    );
}
