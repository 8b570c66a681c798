//! Checking one response against a step's expectation: status, headers and body, each finding
//! filed by its level (`fail` or `warn`, with its reason), checks of optional features the target
//! does not advertise set aside as not applicable, and the expectation's legal alternatives
//! (`or:`) tried when it is not met. Produces data only.

use serde_json::Value;

use super::advertised::Advertised;
use super::outcome::{ExchangeRecord, Failure, FailureKind, Level};
use crate::expect;
use crate::protocol::Vars;
use crate::scenario::model::{Expect, HeaderCheck, HeaderRule, StatusExpectation};

/// `check` with `${…}` references resolved in its exact value and `contains` (a `matches`
/// pattern is used as written).
fn substitute_header_check(
    check: &HeaderCheck,
    vars: &Vars,
) -> Result<HeaderCheck, crate::protocol::UndefinedVariable> {
    Ok(match check {
        HeaderCheck::Exact(value) => HeaderCheck::Exact(vars.substitute_str(value)?),
        HeaderCheck::Rule(rule) => HeaderCheck::Rule(HeaderRule {
            contains: rule
                .contains
                .as_deref()
                .map(|c| vars.substitute_str(c))
                .transpose()?,
            ..rule.clone()
        }),
    })
}

/// What checking one response found, by weight.
#[derive(Debug, Default)]
pub struct Findings {
    /// What fails the step.
    pub failures: Vec<Failure>,
    /// What is reported without failing it.
    pub warnings: Vec<Failure>,
    /// Checks that did not apply to the target, and why.
    pub not_applicable: Vec<String>,
    /// An alternative outcome was met that ends the scenario (`stop: true`).
    pub stop: bool,
}

impl Findings {
    fn record(&mut self, level: Level, reason: Option<&String>, mut finding: Failure) {
        if finding.reason.is_none() {
            finding.reason = reason.cloned();
        }
        match level {
            Level::Fail => self.failures.push(finding),
            Level::Warn => self.warnings.push(finding),
        }
    }

    fn is_empty(&self) -> bool {
        self.failures.is_empty() && self.warnings.is_empty()
    }
}

/// What a check reads besides the response: the variables, the target's advertised features,
/// and whether the body is being blessed rather than compared.
pub struct CheckContext<'a> {
    pub vars: &'a Vars,
    pub advertised: &'a Advertised,
    pub skip_body: bool,
}

/// Checks a recorded response against `expect`, with `${…}` references resolved from the
/// context's variables. `expected_body` is the inline body or the fixture's content. When the
/// expectation is not met, its alternatives (`or:`) are tried in order; the first one met decides.
pub fn check(
    record: &ExchangeRecord,
    json: Option<&Value>,
    expect: &Expect,
    expected_body: Option<&Value>,
    context: &CheckContext<'_>,
) -> Findings {
    let mut findings = Findings::default();
    if let Some(feature) = expect.when
        && !context.advertised.supports(feature)
    {
        findings.not_applicable.push(
            context
                .advertised
                .not_advertised(feature, "this expectation"),
        );
        return findings;
    }
    check_one(record, json, expect, expected_body, context, &mut findings);
    if findings.failures.is_empty() && findings.warnings.is_empty() {
        return findings;
    }
    for alternative in &expect.alternatives {
        let mut tried = Findings::default();
        let as_expect = alternative.as_expect();
        check_one(
            record,
            json,
            &as_expect,
            as_expect.body.as_ref(),
            context,
            &mut tried,
        );
        if !tried.is_empty() {
            continue;
        }
        let mut met = Findings {
            not_applicable: std::mem::take(&mut findings.not_applicable),
            stop: alternative.stop,
            ..Findings::default()
        };
        if let Some(level) = alternative.level {
            let status = record.response.as_ref().map_or(0, |r| r.status);
            let finding = Failure::new(
                FailureKind::Status,
                format!(
                    "the response ({status}) is an alternative outcome (`or:`), not the expected one: {}",
                    first_message(&findings)
                ),
            );
            met.record(level, alternative.reason.as_ref(), finding);
        }
        return met;
    }
    findings
}

fn first_message(findings: &Findings) -> &str {
    findings
        .failures
        .first()
        .or(findings.warnings.first())
        .map_or("", |f| f.message.as_str())
}

/// The checks of one expectation (no alternatives), filed into `findings`.
fn check_one(
    record: &ExchangeRecord,
    json: Option<&Value>,
    expect: &Expect,
    expected_body: Option<&Value>,
    context: &CheckContext<'_>,
    findings: &mut Findings,
) {
    let vars = context.vars;
    let level = expect.level;
    let reason = expect.reason.as_ref();
    let response = match &record.response {
        Ok(r) => r,
        Err(e) => {
            // No response is never a warning: nothing was checked.
            findings
                .failures
                .push(Failure::new(FailureKind::Transport, e.clone()));
            return;
        }
    };
    // Without a `status`, any 2xx passes (docs/scenarios.md).
    let status_failure = match &expect.status {
        Some(status) => expect::check_status(status, response.status),
        None if !(200..300).contains(&response.status) => Some(format!(
            "status: expected a 2xx success, actual {}",
            response.status
        )),
        None => None,
    };
    if let Some(mut message) = status_failure {
        // Redirects are not followed (a SCIM target should not send one): say where it pointed.
        if (300..400).contains(&response.status)
            && let Some((_, location)) = response
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("location"))
        {
            message.push_str(&format!(
                " (a redirect to {location}, which scimulate does not follow)"
            ));
        }
        let expected = match &expect.status {
            Some(StatusExpectation::One(status)) => status.to_string(),
            Some(StatusExpectation::AnyOf(list)) => {
                let list: Vec<String> = list.iter().map(u16::to_string).collect();
                format!("one of {}", list.join(", "))
            }
            None => "2xx".to_owned(),
        };
        let finding = Failure::new(FailureKind::Status, with_error_detail(message, json))
            .comparing(expected, response.status.to_string());
        findings.record(level, reason, finding);
    }
    for (name, header_check) in &expect.headers {
        let (header_level, header_reason) = match header_check {
            HeaderCheck::Rule(rule) => {
                if let Some(feature) = rule.when
                    && !context.advertised.supports(feature)
                {
                    let what = format!("the `{name}` header check");
                    findings
                        .not_applicable
                        .push(context.advertised.not_advertised(feature, &what));
                    continue;
                }
                (rule.level.unwrap_or(level), rule.reason.as_ref().or(reason))
            }
            HeaderCheck::Exact(_) => (level, reason),
        };
        // A header sent several times is checked as its values joined by ", " (RFC 9110 §5.3).
        let values: Vec<&str> = response
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect();
        let actual = (!values.is_empty()).then(|| values.join(", "));
        let header_check = match substitute_header_check(header_check, vars) {
            Ok(check) => check,
            Err(e) => {
                findings.failures.push(Failure::new(
                    FailureKind::Variable,
                    format!("header {name}: {e}"),
                ));
                continue;
            }
        };
        if let Some(message) = expect::check_header(name, &header_check, actual.as_deref()) {
            let mut finding = Failure::new(FailureKind::Header, message);
            if let HeaderCheck::Exact(want) = &header_check {
                finding = finding.comparing(want, actual.as_deref().unwrap_or("(missing)"));
            }
            findings.record(header_level, header_reason, finding);
        }
    }
    if let Some(expected) = expected_body.filter(|_| !context.skip_body) {
        let expected = match vars.substitute(expected) {
            Ok(e) => e,
            Err(e) => {
                findings
                    .failures
                    .push(Failure::new(FailureKind::Variable, e.to_string()));
                return;
            }
        };
        match json {
            None => {
                let finding = Failure::new(
                    FailureKind::NotJson,
                    format!("the response body is not JSON: {}", snippet(&response.body)),
                );
                findings.record(level, reason, finding);
            }
            Some(actual) => {
                let verdict = expect::match_json(&expected, actual, expect.mode);
                if let Some(first) = verdict.mismatches.first() {
                    let more = verdict.mismatches.len() - 1;
                    let mut message = format!(
                        "body: {}: expected {}, actual {}",
                        first.path, first.expected, first.actual
                    );
                    if more > 0 {
                        message.push_str(&format!(
                            " (and {more} more difference{})",
                            if more == 1 { "" } else { "s" }
                        ));
                    }
                    let mut finding = Failure::new(FailureKind::Body, message)
                        .comparing(&first.expected, &first.actual);
                    finding.diff = expect::json_diff(&expected, actual, expect.mode);
                    findings.record(level, reason, finding);
                }
            }
        }
    }
}

/// Adds the SCIM error `detail` of an error response to a status failure: it usually says why.
fn with_error_detail(message: String, json: Option<&Value>) -> String {
    match json.and_then(|j| j.get("detail")).and_then(Value::as_str) {
        Some(detail) => format!("{message} (server said: {})", snippet(detail)),
        None => message,
    }
}

fn snippet(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let trimmed = one_line.trim();
    if trimmed.is_empty() {
        return "(empty)".into();
    }
    match trimmed.char_indices().nth(120) {
        Some((i, _)) => format!("{:?}…", &trimmed[..i]),
        None => format!("{trimmed:?}"),
    }
}
