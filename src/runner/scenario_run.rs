//! Running one scenario: its steps in order (a failed step skips the rest), captures into
//! variables, then cleanup of what the scenario created.

use std::path::PathBuf;
use std::time::Instant;

use serde_json::Value;

use super::advertised::Advertised;
use super::check::{self, CheckContext};
use super::cleanup::{clean_up, track_created};
use super::control::{INTERRUPT_GRACE, RunControl};
use super::exchange::{self, PreparedRequest};
use super::flow_run::drive;
use super::outcome::{Failure, FailureKind, ScenarioOutcome, StepOutcome, Verdict};
use super::retry;
use super::target::Target;
use crate::expect;
use crate::idp::CreateUsers;
use crate::idp::Flow;
use crate::idp::entra::{self, EntraPatch};
use crate::idp::okta::{self, OktaMode};
use crate::protocol::Dialect;
use crate::protocol::Identity;
use crate::protocol::Unassign;
use crate::protocol::Vars;
use crate::scenario::LoadedScenario;
use crate::scenario::model::{AuthOverride, Exchange, Step};

/// Settings shared by every scenario of a run.
#[derive(Debug, Clone)]
pub struct RunSettings {
    pub seed: u64,
    pub run_tag: String,
    /// Leave created resources in place.
    pub keep: bool,
    /// Rewrite `body_file` fixtures from actual responses instead of failing on body differences.
    pub bless: bool,
    /// Which Okta integration `okta:` steps mimic.
    pub okta_mode: OktaMode,
    /// Which of Entra's PATCH behaviours `entra:` steps mimic.
    pub entra_patch: EntraPatch,
    /// What the target's profile says an unassign does (what Okta's read-back expects).
    pub unassign: Unassign,
    /// The SCIM version spoken: picks each step's variant and fixtures and how `okta:` steps
    /// spell their requests.
    pub dialect: Dialect,
    /// `--deny-warnings`: a warning fails its step like any failure.
    pub deny_warnings: bool,
    /// The optional features the target advertises (`/ServiceProviderConfig`): checks of a
    /// feature it does not advertise do not apply.
    pub advertised: Advertised,
}

/// Under `--deny-warnings`, a step's warnings become its failures, saying so.
fn deny_warnings(outcome: &mut StepOutcome) {
    for mut warning in outcome.warnings.drain(..) {
        warning.message = format!("{} (a warning, failed by --deny-warnings)", warning.message);
        outcome.failures.push(warning);
    }
}

/// A fixture rewritten by `--bless`, for the CLI to write.
#[derive(Debug, Clone)]
pub struct BlessedFixture {
    pub path: PathBuf,
    pub content: Value,
}

/// Runs one scenario against `target`.
pub async fn run_scenario(
    loaded: &LoadedScenario,
    target: &Target,
    settings: &RunSettings,
) -> (ScenarioOutcome, Vec<BlessedFixture>) {
    let started = Instant::now();
    let scenario = &loaded.scenario;
    let scene = Scene {
        loaded,
        target,
        settings,
    };
    let mut progress = Progress::default();
    let vars = &mut progress.vars;
    vars.set("run.tag", Value::String(settings.run_tag.clone()));
    vars.set("target.base_url", Value::String(target.base_url.clone()));
    for (field, value) in settings.dialect.variables() {
        vars.set(format!("scim.{field}"), Value::String(value.to_owned()));
    }
    for (name, spec) in &scenario.identities {
        let identity = Identity::generate(settings.seed, &settings.run_tag, &loaded.id, name, spec);
        identity.define(name, settings.dialect, vars);
    }
    for (name, spec) in &scenario.groups {
        let display_name = match &spec.display_name {
            Some(fixed) => vars.substitute_str(fixed).unwrap_or_else(|_| fixed.clone()),
            None => group_display_name(&loaded.id, name, &settings.run_tag),
        };
        vars.set(format!("{name}.displayName"), Value::String(display_name));
    }

    let mut steps = Vec::with_capacity(scenario.steps.len());
    let control = target.control.clone();
    // The step that failed (the later ones are not run).
    let mut failed_at: Option<usize> = None;
    // The step whose alternative outcome ended the scenario (`stop: true`).
    let mut stopped_at: Option<usize> = None;
    // Ctrl-C: the first step not run, and whether that step was cut off in flight.
    let mut interrupted_at: Option<usize> = None;
    let mut cut = false;
    for (index, step) in scenario.steps.iter().enumerate() {
        let (line, column) = loaded.step_location(index);
        let (line, column) = (line as usize, column as usize);
        let name = step.value.describe();
        if failed_at.is_none() && interrupted_at.is_none() && control.is_interrupted() {
            interrupted_at = Some(index);
        }
        let mut outcome = StepOutcome::new(name, line, column);
        outcome.skip_reason = match (failed_at, stopped_at) {
            (Some(at), _) => Some(format!("not run: step {} failed", at + 1)),
            (None, Some(at)) => Some(format!(
                "not run: step {} met an alternative outcome after which this step does not apply",
                at + 1
            )),
            (None, None) => interrupted_at.map(|_| "not run: the run was interrupted".to_string()),
        };
        outcome.skipped = outcome.skip_reason.is_some();
        if !outcome.skipped {
            if let Some(reason) = control.unresponsive() {
                outcome.failures.push(Failure::new(
                    FailureKind::Transport,
                    format!("not sent: {reason}"),
                ));
            } else {
                let grace = INTERRUPT_GRACE.min(target.timeout);
                let step_run = run_step(&scene, index, &step.value, &mut progress, &mut outcome);
                let finished = tokio::select! {
                    () = step_run => true,
                    () = control.interrupted_for(grace) => false,
                };
                if !finished {
                    cut = true;
                    interrupted_at = Some(index);
                    outcome.failures.push(Failure::new(
                        FailureKind::Transport,
                        format!(
                            "interrupted (Ctrl-C): a request got no response within the {:.1}s \
                             allowed to requests in flight and was abandoned; what it may have \
                             created is not known",
                            grace.as_secs_f64()
                        ),
                    ));
                }
                observe(&control, &loaded.id, &outcome);
            }
            if settings.deny_warnings {
                deny_warnings(&mut outcome);
            }
            if !cut && !outcome.failures.is_empty() {
                failed_at = Some(index);
            } else if progress.stopped && stopped_at.is_none() {
                stopped_at = Some(index);
            }
        }
        steps.push(outcome);
    }

    let Progress {
        created, blessed, ..
    } = progress;
    let mut cleanup = Vec::new();
    let kept = if settings.keep {
        created.clone()
    } else {
        Vec::new()
    };
    if !settings.keep {
        for location in created.iter().rev() {
            cleanup.push(clean_up(target, location).await);
        }
    }
    let verdict = match interrupted_at {
        _ if failed_at.is_some() => Verdict::Failed,
        Some(at) => Verdict::Interrupted(interruption(&steps, at, cut)),
        None => Verdict::Passed,
    };
    let outcome = ScenarioOutcome {
        id: loaded.id.clone(),
        name: scenario.name.clone(),
        file: loaded.path.clone(),
        tags: scenario.tags.clone(),
        verdict,
        steps,
        cleanup,
        kept,
        duration: started.elapsed(),
    };
    (outcome, blessed)
}

/// The flow an IdP step expands into; `None` for a raw request step.
fn flow_of(
    step: &Step,
    loaded: &LoadedScenario,
    index: usize,
    settings: &RunSettings,
) -> Option<Box<dyn Flow>> {
    match step {
        Step::Request(_) => None,
        Step::Okta(action) => Some(okta::flow_for(
            action,
            settings.okta_mode,
            settings.unassign,
            settings.dialect,
        )),
        Step::Entra(action) => Some(entra::flow_for(action, settings.entra_patch)),
        Step::CreateUsers(c) => Some(Box::new(CreateUsers::new(
            c.count,
            &loaded.id,
            index,
            &settings.run_tag,
        ))),
    }
}

/// What every step of one scenario's run reads: the scenario, the target, the run's settings.
struct Scene<'a> {
    loaded: &'a LoadedScenario,
    target: &'a Target,
    settings: &'a RunSettings,
}

/// What the steps of one scenario's run build up, step after step.
#[derive(Default)]
struct Progress {
    /// Identities, groups, captures and built-ins, as `${…}` sees them.
    vars: Vars,
    /// Locations of what the run created, for cleanup (in creation order).
    created: Vec<String>,
    /// Fixtures to write when the run was asked to `--bless`.
    blessed: Vec<BlessedFixture>,
    /// A step met an alternative outcome after which the rest of the scenario does not apply.
    stopped: bool,
}

/// Runs one step, recording into `outcome`.
async fn run_step(
    scene: &Scene<'_>,
    index: usize,
    step: &Step,
    progress: &mut Progress,
    outcome: &mut StepOutcome,
) {
    if let Step::Request(ex) = step {
        run_exchange(scene, ex, progress, outcome).await;
    } else if let Some(mut flow) = flow_of(step, scene.loaded, index, scene.settings) {
        progress.stopped |= drive(
            flow.as_mut(),
            scene.target,
            scene.settings.dialect,
            &mut progress.vars,
            outcome,
            &mut progress.created,
        )
        .await;
    }
}

/// Tells the run's control what each request of a step got (see [`super::control`]).
fn observe(control: &RunControl, scenario_id: &str, step: &StepOutcome) {
    for exchange in &step.exchanges {
        let response = exchange
            .response
            .as_ref()
            .map(|_| ())
            .map_err(String::as_str);
        control.observe(response, || {
            format!(
                "{} {} (step \"{}\" of {scenario_id})",
                exchange.request.method, exchange.request.url, step.name
            )
        });
    }
}

/// Where Ctrl-C stopped a scenario: `at` is the first step not run (or the one cut off).
fn interruption(steps: &[StepOutcome], at: usize, cut: bool) -> String {
    let not_run = steps.iter().filter(|s| s.skipped).count();
    let later = match not_run {
        0 => String::new(),
        1 => "; 1 later step not run".to_string(),
        n => format!("; {n} later steps not run"),
    };
    match steps.get(at) {
        Some(step) if cut => format!(
            "interrupted (Ctrl-C) during step {} \"{}\"{later}",
            at + 1,
            step.name
        ),
        _ if at == 0 => "not started: the run was interrupted (Ctrl-C)".to_string(),
        _ => format!(
            "interrupted (Ctrl-C) after step {} \"{}\"; {not_run} step{} not run",
            at,
            steps[at - 1].name,
            if not_run == 1 { "" } else { "s" }
        ),
    }
}

/// A raw request step: substitutes and sends it, captures, checks the response, and with
/// `--bless` queues its fixture.
async fn run_exchange(
    scene: &Scene<'_>,
    ex: &Exchange,
    progress: &mut Progress,
    outcome: &mut StepOutcome,
) {
    let Scene {
        loaded,
        target,
        settings,
    } = *scene;
    let Progress {
        vars,
        created,
        blessed,
        stopped,
    } = progress;
    let ex = &*ex.for_dialect(settings.dialect);
    let request = match prepare(loaded, ex, settings.dialect, vars) {
        Ok(r) => r,
        Err(message) => {
            outcome
                .failures
                .push(Failure::new(FailureKind::Variable, message));
            return;
        }
    };
    let expect = ex.expect.clone().unwrap_or_default();
    let expected_429 = expect.status.as_ref().is_some_and(|s| s.accepts(429));
    let sent = retry::send(target, &request, expected_429).await;
    outcome.exchanges.extend(sent.retried);
    let (record, json) = (sent.record, sent.json);
    // Captures come first, so that this step's expectations can use them (`id` vs `meta.location`).
    let mut failures = Vec::new();
    if record.response.is_ok() {
        for (name, source) in &ex.capture {
            match exchange::capture(source, &record, json.as_ref()) {
                Some(value) => vars.set(name.clone(), value),
                None => failures.push(Failure::new(
                    FailureKind::Capture,
                    format!("capture `{name}`: the response has nothing at `{source}`"),
                )),
            }
        }
    }
    let fixture = expect
        .body_file
        .as_deref()
        .and_then(|f| loaded.fixture_in(f, settings.dialect));
    let expected_body = expect.body.as_ref().or(fixture.as_ref().map(|(_, v)| *v));
    let blessing = settings.bless && expect.body_file.is_some();
    let context = CheckContext {
        vars,
        advertised: &settings.advertised,
        skip_body: blessing,
    };
    let mut findings = check::check(&record, json.as_ref(), &expect, expected_body, &context);
    // A capture that found nothing is the failure; the same step's checks that use it would
    // only add "`${name}` is not defined".
    let missing: Vec<String> = ex
        .capture
        .keys()
        .filter(|name| vars.get(name).is_none())
        .map(|name| format!("`${{{name}}}`"))
        .collect();
    findings.failures.retain(|f| {
        f.kind != FailureKind::Variable || !missing.iter().any(|m| f.message.contains(m.as_str()))
    });
    // After a `stop: true` alternative no later step runs to use a capture: one that found
    // nothing is no failure there (the ETag of a target that sends none).
    if !findings.stop {
        findings.failures.append(&mut failures);
    }
    // A 429 given up on says what was retried and waited, or why it was not.
    if let Some(note) = sent.note
        && let Some(status) = findings
            .failures
            .iter_mut()
            .find(|f| f.kind == FailureKind::Status)
    {
        status.message = format!("{} ({note})", status.message);
    }
    // A response that fails its other checks (status, headers) is not what the fixture should
    // say: blessing it would bless the bug.
    if blessing
        && findings.failures.is_empty()
        && let (Some(file), Some(actual)) = (expect.body_file.as_deref(), json.as_ref())
    {
        let vars_for_bless = vars.string_values();
        let content = match fixture {
            Some((_, previous)) if !previous.is_null() => {
                expect::bless_merge(previous, actual, &vars_for_bless)
            }
            _ => expect::bless(actual, &vars_for_bless),
        };
        if let Some(path) = loaded.bless_path_in(file, settings.dialect) {
            blessed.push(BlessedFixture {
                path: path.to_path_buf(),
                content,
            });
        }
    }
    if record.response.is_ok() {
        track_created(&request, &record, json.as_ref(), target, created);
    }
    outcome.exchanges.push(record);
    outcome.failures.extend(findings.failures);
    outcome.warnings.extend(findings.warnings);
    outcome.not_applicable.extend(findings.not_applicable);
    *stopped |= findings.stop;
}

/// Substitutes references and resolves the body of a step's request.
fn prepare(
    loaded: &LoadedScenario,
    ex: &Exchange,
    dialect: Dialect,
    vars: &Vars,
) -> Result<PreparedRequest, String> {
    let path = vars.substitute_str(&ex.path).map_err(|e| e.to_string())?;
    let mut headers = ex
        .headers
        .iter()
        .map(|(k, v)| Ok((k.clone(), vars.substitute_str(v)?)))
        .collect::<Result<Vec<_>, crate::protocol::UndefinedVariable>>()
        .map_err(|e| e.to_string())?;
    // The sender's defaults are SCIM 2.0's media type; a 1.1 run sends 1.1's unless the step
    // says otherwise.
    if dialect == Dialect::Scim11 {
        let has = |headers: &[(String, String)], name: &str| {
            headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name))
        };
        if !has(&headers, "accept") {
            headers.push(("Accept".into(), dialect.media_type().into()));
        }
        if (ex.body.is_some() || ex.body_file.is_some()) && !has(&headers, "content-type") {
            let content_type = format!("{}; charset=utf-8", dialect.media_type());
            headers.push(("Content-Type".into(), content_type));
        }
    }
    let body = match (&ex.body, &ex.body_file) {
        (Some(body), _) => Some(vars.substitute(body).map_err(|e| e.to_string())?),
        (None, Some(file)) => {
            let (_, content) = loaded
                .fixture_in(file, dialect)
                .ok_or_else(|| format!("fixture `{file}` is not loaded"))?;
            Some(vars.substitute(content).map_err(|e| e.to_string())?)
        }
        (None, None) => None,
    };
    let query = ex
        .query
        .iter()
        .map(|(k, v)| Ok((k.clone(), vars.substitute_str(v)?)))
        .collect::<Result<Vec<_>, crate::protocol::UndefinedVariable>>()
        .map_err(|e| e.to_string())?;
    let auth = match &ex.auth {
        Some(AuthOverride::Header(value)) => Some(AuthOverride::Header(
            vars.substitute_str(value).map_err(|e| e.to_string())?,
        )),
        other => other.clone(),
    };
    let request = PreparedRequest {
        method: ex.method.clone(),
        path,
        headers,
        body,
        auth,
    };
    Ok(request.with_query(query.iter().map(|(k, v)| (k.as_str(), v.as_str()))))
}

/// A group's generated display name: readable, with a space (so lookups exercise `%20`), unique
/// to the scenario and the run.
pub fn group_display_name(scenario_id: &str, name: &str, run_tag: &str) -> String {
    let hash = crate::protocol::stable_hash(&[scenario_id, name]) % 10_000;
    format!("{name} {hash:04}-{run_tag}")
}
