//! The HTML view of [`crate::report::readiness`]: one table per IdP gate, each test with its
//! status, the scenarios (or step) that reproduce it as links into the page, and the line that
//! explains a status other than `pass`.

use serde::Serialize;

use crate::report::readiness::{IdpReadiness, Status, Tally};

#[derive(Serialize)]
pub(super) struct GateView {
    title: &'static str,
    mode: String,
    overall: &'static str,
    /// `ok`, `bad` or `skip`: the badge's colour class.
    class: &'static str,
    required: String,
    optional: String,
    tests: Vec<GateTestView>,
}

#[derive(Serialize)]
struct GateTestView {
    suite: &'static str,
    name: &'static str,
    required: bool,
    status: &'static str,
    /// `v-passed`, `v-failed`, `v-warned` or `v-skipped`.
    class: &'static str,
    evidence: Vec<EvidenceView>,
    detail: Option<String>,
}

#[derive(Serialize)]
struct EvidenceView {
    label: String,
    /// The scenario's or step's anchor in this page; absent when it was not in the run.
    anchor: Option<String>,
    status: &'static str,
}

pub(super) fn gates_view(gates: &[IdpReadiness]) -> Vec<GateView> {
    gates.iter().map(gate_view).collect()
}

fn gate_view(gate: &IdpReadiness) -> GateView {
    use crate::report::readiness::Overall;
    GateView {
        title: gate.title,
        mode: gate.mode.clone(),
        overall: gate.overall.label(),
        class: match gate.overall {
            Overall::WouldPass => "ok",
            Overall::WouldFail => "bad",
            Overall::Undecided => "skip",
        },
        required: counts(gate.tally(true)),
        optional: counts(gate.tally(false)),
        tests: gate
            .tests
            .iter()
            .map(|t| GateTestView {
                suite: t.suite,
                name: t.name,
                required: t.required,
                status: t.status.label(),
                class: class(t.status),
                evidence: t
                    .evidence
                    .iter()
                    .map(|e| EvidenceView {
                        label: match e.step {
                            Some(n) => format!("{} step {n}", e.scenario),
                            None => e.scenario.clone(),
                        },
                        anchor: e.index.map(|i| match e.step {
                            Some(n) => format!("s{i}-{n}"),
                            None => format!("s{i}"),
                        }),
                        status: e.status.label(),
                    })
                    .collect(),
                detail: t.detail.clone(),
            })
            .collect(),
    }
}

fn class(status: Status) -> &'static str {
    match status {
        Status::Pass => "v-passed",
        Status::Warn => "v-warned",
        Status::Fail | Status::NotReached => "v-failed",
        Status::NotApplicable | Status::NotRun | Status::NotReproduced => "v-skipped",
    }
}

/// `12 of 12 pass` (the tests nothing here reproduces are not counted), with what did not.
fn counts(t: Tally) -> String {
    let mut text = format!("{} of {} pass", t.passed, t.total - t.not_reproduced);
    for (n, what) in [
        (t.warned, "with warnings"),
        (t.failed, "fail"),
        (t.not_reached, "not reached"),
        (t.not_applicable, "not applicable"),
        (t.not_run, "not run"),
    ] {
        if n > 0 {
            text.push_str(&format!(", {n} {what}"));
        }
    }
    text
}
