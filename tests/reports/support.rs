//! The runs the reporters are tested on. [`real_run`] is produced by the runner itself: the
//! scenarios of `cases/` against the bundled reference server (one passes, one expects the wrong
//! status and body, one sits in a nested directory, one is skipped) plus one against a port
//! nobody listens on (a transport failure). [`hostile_run`] is built by hand for what a real run
//! rarely produces: markup and control characters in messages, huge bodies, cleanup problems.
//!
//! Durations and elapsed times are set to fixed values so that snapshots only need filters for
//! what the server makes up (ids, ports, timestamps).

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use scimulate::runner::advertised::Advertised;
use scimulate::runner::outcome::{
    CleanupOutcome, ExchangeRecord, Failure, FailureKind, RecordedRequest, RecordedResponse,
    RunInfo, RunOutcome, ScenarioOutcome, StepOutcome, Verdict,
};
use scimulate::runner::scenario_run::{RunSettings, run_scenario};
use scimulate::runner::target::Target;
use scimulate::scenario::LoadedScenario;

use crate::common;

/// The token the runs present: long enough to be redacted, so it must never appear in a report.
pub const TOKEN: &str = "reports-secret-token";

pub const CASES: &str = "tests/reports/cases";

/// The real run, made once per test binary (every test reads the same outcome).
pub fn real_run() -> &'static RunOutcome {
    static RUN: OnceLock<RunOutcome> = OnceLock::new();
    RUN.get_or_init(|| {
        let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
        let mut run = runtime.block_on(make_real_run());
        steady(&mut run);
        run
    })
}

async fn make_real_run() -> RunOutcome {
    let dir = PathBuf::from(CASES);
    let loaded = common::load(dir.join("scenarios"), dir.join("fixtures"));
    let server = common::bundled(TOKEN).await;
    let bundled = target(&server.base_url);
    let nobody = target(&format!(
        "http://127.0.0.1:{}/scim/v2",
        common::closed_port()
    ));
    let settings = RunSettings {
        // A target that advertises no ETags: `when: etag` checks do not apply.
        advertised: Advertised::from_config(
            &serde_json::json!({"patch": {"supported": true}, "filter": {"supported": true}}),
            "GET /ServiceProviderConfig",
        ),
        ..common::settings("t3st00")
    };
    let mut scenarios = Vec::new();
    for l in &loaded {
        let outcome = if let Some(reason) = &l.scenario.skip {
            skipped(l, reason)
        } else if l.id == "unreachable" {
            run_scenario(l, &nobody, &settings).await.0
        } else {
            run_scenario(l, &bundled, &settings).await.0
        };
        scenarios.push(outcome);
    }
    scenarios.sort_by(|a, b| a.id.cmp(&b.id));
    RunOutcome {
        info: info(&server.base_url, true),
        scenarios,
    }
}

fn target(base_url: &str) -> Target {
    common::target(
        base_url,
        &format!("Bearer {TOKEN}"),
        Duration::from_secs(10),
    )
}

/// What `scimulate run` reports for a scenario with `skip:` (it is never sent to the runner).
fn skipped(l: &LoadedScenario, reason: &str) -> ScenarioOutcome {
    ScenarioOutcome {
        id: l.id.clone(),
        name: l.scenario.name.clone(),
        file: l.path.clone(),
        tags: l.scenario.tags.clone(),
        verdict: Verdict::Skipped(reason.into()),
        steps: Vec::new(),
        cleanup: Vec::new(),
        kept: Vec::new(),
        duration: Duration::ZERO,
    }
}

pub fn info(target: &str, bundled: bool) -> RunInfo {
    RunInfo {
        target: target.into(),
        bundled,
        seed: 7,
        run_tag: "t3st00".into(),
        okta_mode: "oin".into(),
        entra_patch: "legacy".into(),
        idp: None,
        dialect: "2.0".into(),
        profile: None,
        scimulate_version: "0.1.0-test".into(),
        reproduce:
            "scimulate run --seed 7 --okta-mode oin --scenarios tests/reports/cases/scenarios"
                .into(),
        started_at: "2026-11-28T09:30:00Z".into(),
        deny_warnings: false,
        duration: Duration::from_millis(1234),
    }
}

/// Fixed durations: 25 ms per scenario that ran, 3 ms per response.
fn steady(run: &mut RunOutcome) {
    for scenario in &mut run.scenarios {
        if !matches!(scenario.verdict, Verdict::Skipped(_)) {
            scenario.duration = Duration::from_millis(25);
        }
        for step in &mut scenario.steps {
            for exchange in &mut step.exchanges {
                if let Ok(response) = &mut exchange.response {
                    response.elapsed = Duration::from_millis(3);
                }
            }
        }
    }
}

/// Filters for what the server and the machine make up, for insta snapshots.
pub fn filters() -> Vec<(&'static str, &'static str)> {
    vec![
        (r"127\.0\.0\.1:\d+", "127.0.0.1:[port]"),
        // Linux says 111, macOS 61.
        (r"\(os error \d+\)", "(os error [n])"),
        (
            r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
            "[uuid]",
        ),
        (
            r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})",
            "[datetime]",
        ),
        (
            r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT",
            "[http-date]",
        ),
    ]
}

/// A run built by hand: one failed scenario whose messages carry XML markup, quotes, ANSI
/// colour codes and control characters, with a header failure, a 10 KB multi-byte response body
/// and both kinds of cleanup problem; one passed scenario at the top level.
pub fn hostile_run() -> RunOutcome {
    let big_body = format!("{{\"displayName\": \"{}\"}}", "é".repeat(5000));
    let exchange = ExchangeRecord {
        request: RecordedRequest {
            method: "PUT".into(),
            url: "https://scim.example.com/scim/v2/Users/42?x=1&y=<2>".into(),
            headers: vec![
                ("authorization".into(), "[redacted]".into()),
                ("content-type".into(), "application/scim+json".into()),
            ],
            body: Some(r#"{"userName":"a<b>&\"c\""}"#.into()),
        },
        response: Ok(RecordedResponse {
            status: 200,
            headers: vec![("content-type".into(), "text/html".into())],
            body: big_body,
            elapsed: Duration::from_millis(7),
        }),
    };
    let failed = ScenarioOutcome {
        id: "edge::markup".into(),
        name: "Markup <&> \"quoted\" in names".into(),
        file: PathBuf::from("scenarios/edge/markup.yaml"),
        tags: vec!["edge".into(), "xml".into()],
        verdict: Verdict::Failed,
        steps: vec![StepOutcome {
            name: "replace <user> & \"check\"".into(),
            line: 12,
            column: 5,
            exchanges: vec![exchange],
            failures: vec![
                Failure {
                    kind: FailureKind::Header,
                    message: "header Content-Type: expected to contain \"application/scim+json\", \
                              got \"text/html\"\n\u{1b}[31mred\u{1b}[0m \u{7}bell"
                        .into(),
                    diff: None,
                    compared: None,
                    reason: None,
                },
                Failure {
                    kind: FailureKind::NotJson,
                    message: "the response body is not JSON: <html>]]></html>".into(),
                    diff: None,
                    compared: None,
                    reason: Some("RFC 7644 §3.1: <b>JSON</b> & \"only\" JSON ]]>".into()),
                },
            ],
            skipped: false,
            warnings: vec![Failure {
                kind: FailureKind::Header,
                message: "header X-Hint: expected present, missing <i>".into(),
                diff: None,
                compared: None,
                reason: Some("a SHOULD <script>alert(1)</script>".into()),
            }],
            not_applicable: Vec::new(),
            skip_reason: None,
        }],
        cleanup: vec![
            CleanupOutcome {
                location: "https://scim.example.com/scim/v2/Users/42".into(),
                result: Ok(500),
                waited: Duration::ZERO,
            },
            CleanupOutcome {
                location: "https://elsewhere.example.com/Users/43".into(),
                result: Err("not under the target's base URL; left in place".into()),
                waited: Duration::ZERO,
            },
        ],
        kept: Vec::new(),
        duration: Duration::from_millis(40),
    };
    let passed = ScenarioOutcome {
        id: "ping".into(),
        name: "ping".into(),
        file: PathBuf::from("scenarios/ping.yaml"),
        tags: Vec::new(),
        verdict: Verdict::Passed,
        steps: Vec::new(),
        cleanup: Vec::new(),
        kept: vec!["https://scim.example.com/scim/v2/Users/44".into()],
        duration: Duration::from_millis(5),
    };
    RunOutcome {
        info: info("https://scim.example.com/scim/v2", false),
        scenarios: vec![failed, passed],
    }
}
