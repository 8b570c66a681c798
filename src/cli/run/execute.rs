//! Executing a resolved run: each selected scenario becomes a libtest trial that runs it against
//! the target and keeps its outcome; the outcomes, in id order, become the run that the
//! reporters are given. Blessed fixtures are written here, after every trial ended.

use std::sync::{Arc, Mutex};

use super::output::{progress_bar, reproduce_command, use_color, write_fixture};
use super::plan::RunPlan;
use super::profile;
use crate::report::terminal;
use crate::runner::outcome::{RunInfo, RunOutcome, ScenarioOutcome, Verdict};
use crate::runner::scenario_run::{BlessedFixture, RunSettings, run_scenario};
use crate::runner::target::Target;
use crate::scenario::LoadedScenario;

/// What the trials left: the run for the reporters, whether libtest counted a failure, and how
/// many fixtures were blessed.
pub(super) struct Executed {
    pub run: RunOutcome,
    pub failed: bool,
    pub blessed: usize,
}

/// Runs `loaded` against `target` as libtest trials; `skipped` are the outcomes of the selected
/// scenarios that declare `skip:` (reported, never sent).
pub(super) fn execute(
    plan: &mut RunPlan,
    loaded: Vec<LoadedScenario>,
    skipped: Vec<ScenarioOutcome>,
    target: &Arc<Target>,
    settings: RunSettings,
    (base_url, bundled): (&str, bool),
    runtime: &tokio::runtime::Runtime,
) -> Executed {
    let json_events = matches!(
        plan.libtest.format,
        Some(libtest_mimic::FormatSetting::Json)
    );
    let settings = Arc::new(settings);
    let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let started = std::time::Instant::now();
    let outcomes: Arc<Mutex<Vec<ScenarioOutcome>>> = Arc::new(Mutex::new(skipped));
    let blessed: Arc<Mutex<Vec<BlessedFixture>>> = Arc::default();
    let handle = runtime.handle().clone();
    let color = use_color(&mut plan.libtest);
    let progress = progress_bar(loaded.len(), json_events);
    let trials = loaded
        .into_iter()
        .map(|loaded| {
            let (target, settings, outcomes, blessed, handle, progress) = (
                target.clone(),
                settings.clone(),
                outcomes.clone(),
                blessed.clone(),
                handle.clone(),
                progress.clone(),
            );
            let kind = kind(&loaded);
            if loaded.scenario.skip.is_some() {
                // Shown as `ignored` by libtest; reported as skipped, with the reason.
                return libtest_mimic::Trial::test(loaded.id.clone(), || Ok(()))
                    .with_kind(kind)
                    .with_ignored_flag(true);
            }
            libtest_mimic::Trial::test(loaded.id.clone(), move || {
                let (mut outcome, fixtures) =
                    handle.block_on(run_scenario(&loaded, &target, &settings));
                if outcome.verdict == Verdict::Failed {
                    profile::explain_failure(&mut outcome, &loaded.scenario.requires);
                }
                let text = match &outcome.verdict {
                    Verdict::Failed => Some(terminal::failure_text_in(&outcome, color)),
                    Verdict::Interrupted(reason) => Some(reason.clone()),
                    _ => None,
                };
                lock(&outcomes).push(outcome);
                progress.inc(1);
                lock(&blessed).extend(fixtures);
                match text {
                    Some(text) => Err(text.into()),
                    None => Ok(()),
                }
            })
            .with_kind(kind)
        })
        .collect();
    let conclusion = libtest_mimic::run(&plan.libtest, trials);
    progress.finish_and_clear();

    let blessed = std::mem::take(&mut *lock(&blessed));
    let mut written = 0;
    for fixture in &blessed {
        match write_fixture(fixture) {
            Ok(()) => written += 1,
            Err(e) => eprintln!(
                "error: cannot write fixture {}: {e}",
                fixture.path.display()
            ),
        }
    }
    let mut scenarios = std::mem::take(&mut *lock(&outcomes));
    scenarios.sort_by(|a, b| a.id.cmp(&b.id));
    let run = RunOutcome {
        info: RunInfo {
            target: base_url.to_owned(),
            bundled,
            seed: plan.seed,
            run_tag: plan.run_tag.clone(),
            okta_mode: plan.okta_mode.to_string(),
            entra_patch: plan.entra_patch.to_string(),
            idp: plan.idp.map(|i| i.to_string()),
            dialect: plan.dialect.to_string(),
            profile: plan.profile.as_ref().map(|(p, _)| p.name.clone()),
            scimulate_version: env!("CARGO_PKG_VERSION").to_string(),
            reproduce: reproduce_command(&plan.args, plan.seed),
            started_at,
            duration: started.elapsed(),
            deny_warnings: plan.args.deny_warnings,
        },
        scenarios,
    };
    Executed {
        run,
        failed: conclusion.has_failed(),
        blessed: written,
    }
}

/// What a scenario with `skip:` reports: its reason, no steps.
pub(super) fn skipped_outcome(loaded: &LoadedScenario, reason: &str) -> ScenarioOutcome {
    ScenarioOutcome {
        id: loaded.id.clone(),
        name: loaded.scenario.name.clone(),
        file: loaded.path.clone(),
        tags: loaded.scenario.tags.clone(),
        verdict: Verdict::Skipped(reason.to_string()),
        steps: Vec::new(),
        cleanup: Vec::new(),
        kept: Vec::new(),
        duration: std::time::Duration::ZERO,
    }
}

fn kind(loaded: &LoadedScenario) -> String {
    loaded.scenario.tags.first().cloned().unwrap_or_default()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
