//! The JSON reporter: the run in a documented, versioned, machine-readable form
//! (`docs/report-json.md`). It has its own serde types rather than serializing the runner's: the
//! runner's types may change freely, while this shape is a contract with whatever reads the
//! file. Additive changes (a new optional field) keep [`VERSION`]; anything else bumps it.

use serde::{Deserialize, Serialize};

use super::readiness::{Evidence, IdpReadiness, TestReadiness, readiness};
use crate::runner::left_behind::{LeftBehind, left_behind};
use crate::runner::outcome::{
    CleanupOutcome, ExchangeRecord, Failure, RunInfo, RunOutcome, ScenarioOutcome, StepOutcome,
    Verdict,
};

/// The value of the top-level `format` field.
pub const FORMAT: &str = "scimulate-report";
/// The version of the shape; see `docs/report-json.md` for when it changes.
pub const VERSION: u32 = 2;

/// The run as pretty-printed JSON, ending with a newline.
pub fn json(run: &RunOutcome) -> String {
    let mut text = serde_json::to_string_pretty(&JsonReport::from_run(run))
        .expect("the report types always serialize");
    text.push('\n');
    text
}

/// The whole document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonReport {
    pub format: String,
    pub version: u32,
    pub run: JsonRun,
    pub summary: JsonSummary,
    pub scenarios: Vec<JsonScenario>,
    /// What the run created and could not delete (the target died, or Ctrl-C cut the cleanup).
    pub left_behind: Vec<JsonLeftBehind>,
    /// The IdPs' own acceptance tests, judged from this run (`report::readiness`).
    #[serde(default)]
    pub readiness: Vec<JsonReadiness>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonRun {
    pub target: String,
    pub bundled: bool,
    /// A string: seeds are 64-bit and JavaScript numbers are not.
    pub seed: String,
    pub run_tag: String,
    pub okta_mode: String,
    /// Which of Entra's PATCH behaviours `entra:` steps mimicked: `legacy` or `flag`.
    #[serde(default = "legacy")]
    pub entra_patch: String,
    /// `--idp`: the run took only this IdP's scenarios; absent when it took every IdP's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idp: Option<String>,
    /// `2.0` or `1.1`.
    #[serde(default = "scim2")]
    pub dialect: String,
    /// The target profile's name; absent without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    pub scimulate_version: String,
    pub reproduce: String,
    pub started_at: String,
    pub duration_ms: u64,
    /// `--deny-warnings`: warnings failed their scenarios (and appear as failures).
    #[serde(default)]
    pub deny_warnings: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonSummary {
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
    pub interrupted: usize,
    pub total: usize,
    pub requests: usize,
    /// Warnings over every scenario (they do not fail one, unless `--deny-warnings`).
    #[serde(default)]
    pub warnings: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonScenario {
    pub id: String,
    pub name: String,
    pub file: String,
    pub tags: Vec<String>,
    /// `passed`, `failed`, `skipped` or `interrupted`.
    pub verdict: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interrupt_reason: Option<String>,
    pub duration_ms: u64,
    pub steps: Vec<JsonStep>,
    pub cleanup: Vec<JsonCleanup>,
    pub kept: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonStep {
    pub name: String,
    pub line: usize,
    pub column: usize,
    /// `passed`, `failed` or `not_run`.
    pub status: String,
    /// Why the step did not run (`not run: step 2 failed`), when it did not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_run_reason: Option<String>,
    pub failures: Vec<JsonFailure>,
    /// Findings of level `warn`: reported, not failing the step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<JsonFailure>,
    /// Checks that did not apply to the target (an optional feature it does not advertise).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_applicable: Vec<String>,
    pub exchanges: Vec<JsonExchange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonFailure {
    /// `transport`, `status`, `header`, `body`, `not_json`, `capture` or `variable`.
    pub kind: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
    /// What the check expected and what came, when it compared two values (a status, an exact
    /// header, the first differing body value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// Why the rule exists, with its source (`RFC 7644 §3.4.2: …`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonExchange {
    pub request: JsonRequest,
    pub response: JsonResponse,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonRequest {
    pub method: String,
    pub url: String,
    /// `[name, value]` pairs in the order sent (a name may repeat).
    pub headers: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

/// What came back, or why nothing did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum JsonResponse {
    Received {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
        elapsed_ms: u64,
    },
    Error {
        error: String,
    },
}

/// A delete at the end of the scenario: `status` when it was sent, `error` when it could not be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonCleanup {
    pub location: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A created resource that may still exist on the target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonLeftBehind {
    pub resource_type: String,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub url: String,
    pub scenario: String,
    pub reason: String,
}

impl JsonLeftBehind {
    fn from_outcome(l: LeftBehind) -> Self {
        JsonLeftBehind {
            resource_type: l.resource_type,
            id: l.id,
            name: l.name,
            url: l.url,
            scenario: l.scenario,
            reason: l.reason,
        }
    }
}

/// One IdP's gate (Okta's OIN tests, Entra's SCIM Validator), judged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonReadiness {
    /// `okta` or `entra`.
    pub idp: String,
    pub title: String,
    /// The IdP behaviour mimicked: `Okta mode oin`, `Entra PATCH legacy`.
    pub mode: String,
    /// `would_pass`, `would_fail` or `undecided`.
    pub overall: String,
    pub tests: Vec<JsonReadinessTest>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonReadinessTest {
    pub suite: String,
    pub name: String,
    pub required: bool,
    /// `pass`, `warn`, `fail`, `not_reached`, `not_applicable`, `not_run` or `not_reproduced`.
    pub status: String,
    /// The scenarios (or steps of one) that reproduce the test; empty when none does.
    pub evidence: Vec<JsonEvidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonEvidence {
    pub scenario: String,
    /// The step (1-based), when one step of the scenario reproduces the test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
    pub status: String,
}

impl JsonReadiness {
    fn from_readiness(r: &IdpReadiness) -> Self {
        JsonReadiness {
            idp: r.idp.into(),
            title: r.title.into(),
            mode: r.mode.clone(),
            overall: r.overall.code().into(),
            tests: r.tests.iter().map(JsonReadinessTest::from_test).collect(),
        }
    }
}

impl JsonReadinessTest {
    fn from_test(t: &TestReadiness) -> Self {
        JsonReadinessTest {
            suite: t.suite.into(),
            name: t.name.into(),
            required: t.required,
            status: t.status.code().into(),
            evidence: t.evidence.iter().map(JsonEvidence::from_evidence).collect(),
            detail: t.detail.clone(),
        }
    }
}

impl JsonEvidence {
    fn from_evidence(e: &Evidence) -> Self {
        JsonEvidence {
            scenario: e.scenario.clone(),
            step: e.step,
            status: e.status.code().into(),
        }
    }
}

fn millis(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

impl JsonReport {
    pub fn from_run(run: &RunOutcome) -> Self {
        JsonReport {
            format: FORMAT.into(),
            version: VERSION,
            run: JsonRun::from_info(&run.info),
            summary: JsonSummary {
                passed: run.passed(),
                failed: run.failed(),
                skipped: run.skipped(),
                interrupted: run.interrupted(),
                total: run.scenarios.len(),
                requests: run
                    .scenarios
                    .iter()
                    .map(ScenarioOutcome::requests_sent)
                    .sum(),
                warnings: run.warnings(),
            },
            scenarios: run
                .scenarios
                .iter()
                .map(JsonScenario::from_outcome)
                .collect(),
            left_behind: left_behind(&run.scenarios)
                .into_iter()
                .map(JsonLeftBehind::from_outcome)
                .collect(),
            readiness: readiness(run)
                .iter()
                .map(JsonReadiness::from_readiness)
                .collect(),
        }
    }
}

/// Reports written before `run.dialect` existed were SCIM 2.0 runs.
fn legacy() -> String {
    "legacy".to_owned()
}

fn scim2() -> String {
    "2.0".to_owned()
}

impl JsonRun {
    fn from_info(info: &RunInfo) -> Self {
        JsonRun {
            target: info.target.clone(),
            bundled: info.bundled,
            seed: info.seed.to_string(),
            run_tag: info.run_tag.clone(),
            okta_mode: info.okta_mode.clone(),
            entra_patch: info.entra_patch.clone(),
            idp: info.idp.clone(),
            dialect: info.dialect.clone(),
            profile: info.profile.clone(),
            scimulate_version: info.scimulate_version.clone(),
            reproduce: info.reproduce.clone(),
            started_at: info.started_at.clone(),
            duration_ms: millis(info.duration),
            deny_warnings: info.deny_warnings,
        }
    }
}

impl JsonScenario {
    fn from_outcome(s: &ScenarioOutcome) -> Self {
        let (verdict, skip_reason, interrupt_reason) = match &s.verdict {
            Verdict::Passed => ("passed", None, None),
            Verdict::Failed => ("failed", None, None),
            Verdict::Skipped(reason) => ("skipped", Some(reason.clone()), None),
            Verdict::Interrupted(reason) => ("interrupted", None, Some(reason.clone())),
        };
        JsonScenario {
            id: s.id.clone(),
            name: s.name.clone(),
            file: s.file.to_string_lossy().replace('\\', "/"),
            tags: s.tags.clone(),
            verdict: verdict.into(),
            skip_reason,
            interrupt_reason,
            duration_ms: millis(s.duration),
            steps: s.steps.iter().map(JsonStep::from_outcome).collect(),
            cleanup: s.cleanup.iter().map(JsonCleanup::from_outcome).collect(),
            kept: s.kept.clone(),
        }
    }
}

impl JsonStep {
    fn from_outcome(step: &StepOutcome) -> Self {
        let status = if step.skipped {
            "not_run"
        } else if step.failures.is_empty() {
            "passed"
        } else {
            "failed"
        };
        JsonStep {
            name: step.name.clone(),
            line: step.line,
            column: step.column,
            status: status.into(),
            not_run_reason: step.skip_reason.clone().filter(|_| step.skipped),
            failures: step
                .failures
                .iter()
                .map(JsonFailure::from_outcome)
                .collect(),
            warnings: step
                .warnings
                .iter()
                .map(JsonFailure::from_outcome)
                .collect(),
            not_applicable: step.not_applicable.clone(),
            exchanges: step
                .exchanges
                .iter()
                .map(JsonExchange::from_record)
                .collect(),
        }
    }
}

impl JsonFailure {
    fn from_outcome(f: &Failure) -> Self {
        JsonFailure {
            kind: f.kind.as_str().into(),
            message: f.message.clone(),
            diff: f.diff.as_ref().map(ToString::to_string),
            expected: f.compared.as_ref().map(|c| c.expected.clone()),
            actual: f.compared.as_ref().map(|c| c.actual.clone()),
            reason: f.reason.clone(),
        }
    }
}

impl JsonExchange {
    fn from_record(e: &ExchangeRecord) -> Self {
        let request = JsonRequest {
            method: e.request.method.clone(),
            url: e.request.url.clone(),
            headers: e.request.headers.clone(),
            body: e.request.body.clone(),
        };
        let response = match &e.response {
            Ok(r) => JsonResponse::Received {
                status: r.status,
                headers: r.headers.clone(),
                body: r.body.clone(),
                elapsed_ms: millis(r.elapsed),
            },
            Err(error) => JsonResponse::Error {
                error: error.clone(),
            },
        };
        JsonExchange { request, response }
    }
}

impl JsonCleanup {
    fn from_outcome(c: &CleanupOutcome) -> Self {
        let (status, error) = match &c.result {
            Ok(status) => (Some(*status), None),
            Err(e) => (None, Some(e.clone())),
        };
        JsonCleanup {
            location: c.location.clone(),
            status,
            error,
        }
    }
}
