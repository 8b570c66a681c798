//! Outcomes from real runs and by hand, and picking elements out of the rendered HTML
//! (balanced `<details>`, found by `id`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use scimulate::protocol::{DiffLine, DiffTag, JsonDiff};
use scimulate::runner::outcome::{
    ExchangeRecord, Failure, FailureKind, RecordedRequest, RecordedResponse, RunInfo, RunOutcome,
    ScenarioOutcome, StepOutcome, Verdict,
};
use scimulate::runner::scenario_run::run_scenario;

use crate::common;

pub const CASES: &str = "tests/html/cases";

/// The id of the scenario in `cases/` that fails on purpose, and its failing step (1-based).
pub const FAILING: &str = "failing";
pub const FAILING_STEP: usize = 2;

pub fn info(target: &str, bundled: bool) -> RunInfo {
    RunInfo {
        target: target.into(),
        bundled,
        seed: 7,
        run_tag: "h7ml00".into(),
        okta_mode: "oin".into(),
        entra_patch: "legacy".into(),
        idp: None,
        dialect: "2.0".into(),
        profile: None,
        scimulate_version: env!("CARGO_PKG_VERSION").into(),
        reproduce: format!(
            "scimulate run --scenarios {CASES}/scenarios --fixtures {CASES}/fixtures --seed 7 --bearer '[redacted]'"
        ),
        started_at: "2025-01-02T03:04:05Z".into(),
        deny_warnings: false,
        duration: Duration::from_millis(1234),
    }
}

/// Every scenario of `cases/` run against the bundled reference server.
pub async fn bundled_run() -> RunOutcome {
    let started = Instant::now();
    let server = common::bundled("t").await;
    let target = common::target(&server.base_url, "Bearer t", Duration::from_secs(10));
    let dir = Path::new(CASES);
    let loaded = common::load(dir.join("scenarios"), dir.join("fixtures"));
    let settings = common::settings("h7ml00");
    let mut scenarios = Vec::new();
    for l in &loaded {
        scenarios.push(run_scenario(l, &target, &settings).await.0);
    }
    let mut info = info(&server.base_url, true);
    info.duration = started.elapsed();
    RunOutcome { info, scenarios }
}

pub fn request(method: &str, url: &str, body: Option<&str>) -> RecordedRequest {
    RecordedRequest {
        method: method.into(),
        url: url.into(),
        headers: vec![
            ("authorization".into(), "Bearer [redacted]".into()),
            ("content-type".into(), "application/scim+json".into()),
        ],
        body: body.map(str::to_string),
    }
}

pub fn response(status: u16, content_type: &str, body: &str) -> RecordedResponse {
    RecordedResponse {
        status,
        headers: vec![("content-type".into(), content_type.into())],
        body: body.into(),
        elapsed: Duration::from_millis(12),
    }
}

pub fn step(name: &str, line: usize, exchanges: Vec<ExchangeRecord>) -> StepOutcome {
    StepOutcome {
        name: name.into(),
        line,
        column: 5,
        exchanges,
        failures: Vec::new(),
        skipped: false,
        warnings: Vec::new(),
        not_applicable: Vec::new(),
        skip_reason: None,
    }
}

pub fn scenario(id: &str, verdict: Verdict, steps: Vec<StepOutcome>) -> ScenarioOutcome {
    ScenarioOutcome {
        id: id.into(),
        name: format!("scenario {id}"),
        file: PathBuf::from(format!("scenarios/{}.yaml", id.replace("::", "/"))),
        tags: vec!["hand".into()],
        verdict,
        steps,
        cleanup: Vec::new(),
        kept: Vec::new(),
        duration: Duration::from_millis(40),
    }
}

pub fn failure(kind: FailureKind, message: &str, diff: Option<&str>) -> Failure {
    Failure {
        diff: diff.map(diff_of),
        ..Failure::new(kind, message)
    }
}

/// A hand-written unified diff as the tagged lines the runner makes.
fn diff_of(text: &str) -> JsonDiff {
    let line = |tag, text: &str| DiffLine {
        tag,
        text: text.to_string(),
    };
    let lines = text
        .lines()
        .map(|l| {
            if l.starts_with("---") || l.starts_with("+++") {
                line(DiffTag::Header, l)
            } else if l.starts_with("@@") {
                line(DiffTag::Hunk, l)
            } else if let Some(rest) = l.strip_prefix('-') {
                line(DiffTag::Delete, rest)
            } else if let Some(rest) = l.strip_prefix('+') {
                line(DiffTag::Insert, rest)
            } else if let Some(rest) = l.strip_prefix(' ') {
                line(DiffTag::Equal, rest)
            } else {
                line(DiffTag::Note, l)
            }
        })
        .collect();
    JsonDiff { lines }
}

/// `n` scenarios, every tenth failing with a diff, every 25th skipped: a big run's shape.
pub fn many(n: usize) -> RunOutcome {
    let url = "http://127.0.0.1:9/scim/v2/Users";
    let body = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"u@example.com","active":true}"#;
    let diff = "--- expected\n+++ actual\n@@ -1,3 +1,3 @@\n {\n-  \"active\": false\n+  \"active\": true\n }\n";
    let scenarios = (0..n)
        .map(|i| {
            let mut steps: Vec<StepOutcome> = (0..4)
                .map(|s| {
                    let x = ExchangeRecord {
                        request: request("POST", url, Some(body)),
                        response: Ok(response(201, "application/scim+json", body)),
                    };
                    step(&format!("step {s}"), 10 + s * 8, vec![x])
                })
                .collect();
            let verdict = if i % 25 == 3 {
                steps.clear();
                Verdict::Skipped("tag okta-crud not selected".into())
            } else if i % 10 == 7 {
                steps[2].failures.push(failure(
                    FailureKind::Body,
                    "body: active differs",
                    Some(diff),
                ));
                steps[3].skipped = true;
                steps[3].exchanges.clear();
                Verdict::Failed
            } else {
                Verdict::Passed
            };
            scenario(&format!("bulk::s{i:04}"), verdict, steps)
        })
        .collect();
    RunOutcome {
        info: info("http://127.0.0.1:9/scim/v2", false),
        scenarios,
    }
}

/// The element (`<details …>…</details>` or `<div …>…</div>`) whose opening tag carries
/// `id="{id}"`, with everything nested in it. Panics if there is none.
pub fn element<'h>(html: &'h str, id: &str) -> &'h str {
    let marker = format!("id=\"{id}\"");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no element with {marker}"));
    let start = html[..at].rfind('<').expect("an opening tag");
    let tag: String = html[start + 1..]
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut depth = 0usize;
    let mut i = start;
    loop {
        let next_open = html[i..].find(&open).map(|p| p + i);
        let next_close = html[i..]
            .find(&close)
            .map(|p| p + i)
            .unwrap_or_else(|| panic!("<{tag} id=\"{id}\"> is never closed"));
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                i = o + open.len();
            }
            _ => {
                depth -= 1;
                i = next_close + close.len();
                if depth == 0 {
                    return &html[start..i];
                }
            }
        }
    }
}

/// The opening tag of an element, `<details class=… open>`.
pub fn opening_tag(element: &str) -> &str {
    &element[..=element.find('>').expect("a complete opening tag")]
}

/// Whether a `<details>` opening tag has the `open` attribute (as we write it or a browser
/// serializes it: `open` or `open=""`).
pub fn is_open(element: &str) -> bool {
    let tag = opening_tag(element);
    tag.starts_with("<details")
        && tag
            .trim_end_matches('>')
            .split_whitespace()
            .any(|a| a == "open" || a == "open=\"\"")
}

/// The `id` of the element that shows scenario `id`'s step `n`, read from the page.
pub fn step_anchor(html: &str, scenario_id: &str, n: usize) -> String {
    let needle = format!("<code>{}</code>", minijinja::HtmlEscape(scenario_id));
    let at = html
        .find(&needle)
        .unwrap_or_else(|| panic!("scenario {scenario_id} is not on the page"));
    let start = html[..at]
        .rfind("<details class=\"scenario")
        .expect("inside a scenario");
    let tag = &html[start..];
    let id = tag
        .split("id=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a scenario anchor");
    format!("{id}-{n}")
}
