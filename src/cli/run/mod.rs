//! `scimulate run`: load scenarios, pick the target, run them as libtest trials, report.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use clap::Args;

mod gate;
mod interrupt;
mod output;
mod profile;
mod select;

use output::{progress_bar, reproduce_command, use_color, write_fixture, write_reports};
use profile::ProfileChoice;
use select::{parse_partition, partition, select_by_tags, selected_by_name};

use crate::dialect::Dialect;
use crate::exit_code;
use crate::idp::okta::OktaMode;
use crate::report::terminal;
use crate::runner::advertised::{Advertised, Feature};
use crate::runner::identity;
use crate::runner::outcome::{RunInfo, RunOutcome, ScenarioOutcome, Verdict};
use crate::runner::scenario_run::{BlessedFixture, RunSettings, run_scenario};
use crate::runner::target::{BundledServer, ClientOptions, Target};
use crate::scenario::{self, LoadedScenario};
use crate::server::{Credentials, ServerConfig};

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Directory of scenario files (`*.yaml`, recursively).
    #[arg(long, default_value = "scenarios")]
    pub scenarios: PathBuf,
    /// Directory of fixture files (default: `fixtures/` beside the scenarios directory).
    #[arg(long)]
    pub fixtures: Option<PathBuf>,
    /// Base URL of the SCIM target (e.g. `https://staging.example.com/scim/v2`). Without it, the
    /// bundled reference server is started in-process.
    #[arg(long, env = "SCIMULATE_TARGET")]
    pub target: Option<String>,
    /// Send `Authorization: Bearer TOKEN`.
    #[arg(long, env = "SCIMULATE_BEARER", hide_env_values = true, conflicts_with_all = ["basic", "auth_header"])]
    pub bearer: Option<String>,
    /// Send HTTP Basic credentials USER:PASSWORD.
    #[arg(
        long,
        value_name = "USER:PASSWORD",
        env = "SCIMULATE_BASIC",
        hide_env_values = true,
        conflicts_with = "auth_header"
    )]
    pub basic: Option<String>,
    /// Send this raw `Authorization` header value.
    #[arg(long, value_name = "VALUE")]
    pub auth_header: Option<String>,
    /// Accept invalid TLS certificates (self-signed staging servers).
    #[arg(long)]
    pub insecure: bool,
    /// Seconds to wait for each response.
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// Seed for generated data (printed at the start of every run, so a failure can be replayed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Write or update `body_file` fixtures from the actual responses.
    #[arg(long)]
    pub bless: bool,
    /// Do not delete what the scenarios created.
    #[arg(long)]
    pub keep: bool,
    /// Run only scenarios with this tag (repeatable: any of them), e.g. `--tag required`.
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Leave out scenarios with this tag (repeatable), e.g. `--skip-tag groups`.
    #[arg(long = "skip-tag", value_name = "TAG")]
    pub skip_tags: Vec<String>,
    /// Write a JUnit XML report to this file.
    #[arg(long, value_name = "PATH")]
    pub junit: Option<PathBuf>,
    /// Write a self-contained HTML report to this file.
    #[arg(long, value_name = "PATH")]
    pub html: Option<PathBuf>,
    /// Write the versioned JSON report (docs/report-json.md) to this file.
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,
    /// Run only part N of M of the scenarios (a deterministic split by id), so that a large
    /// suite can run across M CI jobs: `--partition 1/3`, `--partition 2/3`, `--partition 3/3`.
    #[arg(long, value_name = "N/M", value_parser = parse_partition)]
    pub partition: Option<(usize, usize)>,
    /// Which Okta integration `okta:` steps mimic: `oin` (PATCH for lifecycle and group
    /// membership) or `aiw` (App Integration Wizard: GET + PUT for everything).
    /// Default: the profile's `okta_mode`, else `oin`.
    #[arg(long, value_enum, env = "SCIMULATE_OKTA_MODE")]
    pub okta_mode: Option<OktaMode>,
    /// A target profile (docs/scenarios.md, "Target profiles"): skips the scenarios it rules out
    /// and supplies defaults. `discover` prints a profile proposed from the target's
    /// /ServiceProviderConfig and runs nothing.
    #[arg(long, value_name = "FILE|discover")]
    pub profile: Option<String>,
    /// The SCIM version the target speaks: `2.0` or `1.1`. It picks how `okta:` steps spell
    /// their requests, each step's `scim1.1:` variant and per-dialect fixtures, and (for the
    /// bundled server) its `/scim/v1` base URL. Default: the profile's `dialect`, else 2.0.
    #[arg(long, value_name = "2.0|1.1", env = "SCIMULATE_DIALECT")]
    pub dialect: Option<Dialect>,
    /// Fail a scenario on its warnings too (RFC SHOULDs, certification-review conventions,
    /// rules the IdP does not depend on), for a strict gate. Also `SCIMULATE_DENY_WARNINGS=1`.
    #[arg(
        long,
        env = "SCIMULATE_DENY_WARNINGS",
        value_parser = clap::builder::FalseyValueParser::new()
    )]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub libtest: libtest_mimic::Arguments,
}

/// The `Authorization` value the run presents, from the credential options.
fn authorization(args: &RunArgs) -> Option<String> {
    if let Some(token) = &args.bearer {
        Some(format!("Bearer {token}"))
    } else if let Some(pair) = &args.basic {
        Some(format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        ))
    } else {
        args.auth_header.clone()
    }
}

/// What the bundled server must accept for a raw `--auth-header` value: a `Bearer` token, a
/// `Basic` pair, or (Okta's header auth) the raw value itself as a token.
fn credentials_for_raw_header(raw: &str) -> Credentials {
    let (scheme, rest) = raw.split_once(' ').unwrap_or(("", raw));
    let rest = rest.trim();
    if scheme.eq_ignore_ascii_case("bearer") {
        return Credentials {
            bearer: Some(rest.to_string()),
            basic: None,
        };
    }
    if scheme.eq_ignore_ascii_case("basic")
        && let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(rest)
        && let Ok(pair) = String::from_utf8(decoded)
        && let Some((user, password)) = pair.split_once(':')
    {
        return Credentials {
            bearer: None,
            basic: Some((user.to_string(), password.to_string())),
        };
    }
    Credentials {
        bearer: Some(raw.to_string()),
        basic: None,
    }
}

/// Runs the command; returns the process exit code.
pub fn run(mut args: RunArgs, runtime: &tokio::runtime::Runtime) -> i32 {
    let fixtures = args
        .fixtures
        .clone()
        .unwrap_or_else(|| default_fixtures(&args.scenarios));
    let options = scenario::LoadOptions {
        allow_missing_fixtures: args.bless,
    };
    let choice = match profile::choose(args.profile.as_deref()) {
        Ok(choice) => choice,
        Err(rendered) => {
            eprintln!("{rendered}");
            return exit_code::USAGE_ERROR;
        }
    };
    let discover = matches!(choice, ProfileChoice::Discover);
    let (profile, profile_file) = match choice {
        ProfileChoice::File { profile, file } => (Some(profile), file),
        ProfileChoice::None | ProfileChoice::Discover => (None, String::new()),
    };
    let okta_mode = args
        .okta_mode
        .or_else(|| profile.as_ref().and_then(|p| p.okta_mode).map(Into::into))
        .unwrap_or_default();
    args.okta_mode = Some(okta_mode);
    let dialect = args
        .dialect
        .or_else(|| profile.as_ref().map(|p| p.dialect))
        .unwrap_or_default();
    let all = match scenario::load_dir_with(&args.scenarios, &fixtures, options) {
        Ok(loaded) => loaded,
        Err(errors) => {
            eprintln!("{:?}", miette::Report::new(errors));
            return exit_code::USAGE_ERROR;
        }
    };
    let tagged = select_by_tags(all.clone(), &args.tags, &args.skip_tags);
    let mut loaded = partition(tagged.clone(), args.partition);
    let whole = if args.partition.is_some() {
        &tagged
    } else {
        &loaded
    };
    if let Some(error) =
        gate::selection_error(&all, whole, &args.tags, &args.skip_tags, &args.libtest)
    {
        eprintln!("error: {error}");
        return exit_code::USAGE_ERROR;
    }
    profile::apply_dialect_skips(&mut loaded, dialect);
    if let Some(profile) = &profile {
        profile::apply_skips(&mut loaded, profile, &profile_file);
    }
    if let Some(pair) = &args.basic
        && !pair.contains(':')
    {
        eprintln!("error: --basic must be USER:PASSWORD");
        return exit_code::USAGE_ERROR;
    }
    if args.timeout.is_nan() || args.timeout <= 0.0 {
        eprintln!("error: --timeout must be a positive number of seconds");
        return exit_code::USAGE_ERROR;
    }
    if args.libtest.list {
        for l in loaded
            .iter()
            .filter(|l| selected_by_name(&l.id, &args.libtest))
        {
            println!("{}", output::list_line(l));
        }
        return exit_code::SUCCESS;
    }

    let seed = args.seed.unwrap_or_else(identity::random_seed);
    let run_tag = identity::random_run_tag();
    let mut authorization = authorization(&args);
    let no_credentials = authorization.is_none();
    let (base_url, bundled) = match &args.target {
        Some(url) => {
            if no_credentials {
                match profile
                    .as_ref()
                    .and_then(|p| profile::credentials_warning(p, &profile_file))
                {
                    Some(warning) => eprintln!("{warning}"),
                    None => eprintln!(
                        "warning: no credentials given (--bearer, --basic or --auth-header; SCIMULATE_BEARER or SCIMULATE_BASIC): requests to {url} carry no Authorization header"
                    ),
                }
            }
            (url.clone(), None)
        }
        None => {
            // The bundled server always requires credentials, so that 401 checks mean something:
            // without any given, the run makes up a bearer token.
            let token = format!("scimulate-{run_tag}-{seed}");
            let credentials = match (&args.bearer, &args.basic, &args.auth_header) {
                (Some(t), _, _) => Credentials {
                    bearer: Some(t.clone()),
                    basic: None,
                },
                (None, Some(pair), _) => {
                    let (u, p) = pair.split_once(':').unwrap_or((pair, ""));
                    Credentials {
                        bearer: None,
                        basic: Some((u.to_string(), p.to_string())),
                    }
                }
                (None, None, Some(raw)) => credentials_for_raw_header(raw),
                (None, None, None)
                    if profile.as_ref().and_then(|p| p.auth)
                        == Some(crate::profile::AuthForm::Basic) =>
                {
                    // The profile's auth form: an email and a made-up API token.
                    let user = "scimulate@example.com".to_string();
                    let pair = format!("{user}:{token}");
                    authorization = Some(format!(
                        "Basic {}",
                        base64::engine::general_purpose::STANDARD.encode(pair)
                    ));
                    Credentials {
                        bearer: None,
                        basic: Some((user, token)),
                    }
                }
                (None, None, None) => {
                    authorization = Some(format!("Bearer {token}"));
                    Credentials {
                        bearer: Some(token),
                        basic: None,
                    }
                }
            };
            let config = ServerConfig {
                credentials,
                ..ServerConfig::default()
            };
            match runtime.block_on(BundledServer::start(config)) {
                Ok(server) => {
                    let url = match dialect {
                        Dialect::Scim2 => Some(&server.base_url),
                        Dialect::Scim11 => server.v1_base_url.as_ref(),
                    };
                    (url.cloned().unwrap_or_default(), Some(server))
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    return exit_code::RUNTIME_ERROR;
                }
            }
        }
    };
    let options = ClientOptions {
        timeout: Duration::from_secs_f64(args.timeout),
        insecure: args.insecure,
    };
    let target = match Target::new(&base_url, authorization, &options) {
        Ok(t) => Arc::new(t),
        Err(e) => {
            eprintln!("error: {e}");
            return exit_code::USAGE_ERROR;
        }
    };
    if discover {
        return match runtime.block_on(crate::profile::discover::discover(&target)) {
            Ok(proposal) => {
                print!("{proposal}");
                exit_code::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                exit_code::RUNTIME_ERROR
            }
        };
    }
    // With `--format json`, stdout carries only libtest's JSON events; our lines go to stderr.
    let json_events = matches!(
        args.libtest.format,
        Some(libtest_mimic::FormatSetting::Json)
    );
    let say = move |line: String| {
        if json_events {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    };
    say(terminal::run_header(
        seed,
        &run_tag,
        &base_url,
        bundled.is_some(),
    ));
    if let Some(profile) = &profile {
        say(format!(
            "profile: {} ({})",
            profile.name,
            args.profile.as_deref().unwrap_or_default()
        ));
    }
    if dialect != Dialect::default() {
        say(format!("dialect: SCIM {dialect}"));
    }

    // Asked only when a scenario has a check of an optional feature: no request is sent that
    // no check needs.
    let advertised = if loaded
        .iter()
        .any(|l| selected_by_name(&l.id, &args.libtest) && l.scenario.checks_optional_features())
    {
        runtime.block_on(Advertised::discover(&target))
    } else {
        Advertised::default()
    };
    let unadvertised: Vec<&str> = Feature::ALL
        .iter()
        .filter(|f| !advertised.supports(**f))
        .map(|f| f.attribute())
        .collect();
    if !unadvertised.is_empty() {
        say(format!(
            "the target does not advertise {} (its /ServiceProviderConfig): checks of these do not apply",
            unadvertised.join(", ")
        ));
    }

    interrupt::listen(runtime, target.control.clone());
    let settings = Arc::new(RunSettings {
        seed,
        run_tag,
        keep: args.keep,
        bless: args.bless,
        okta_mode,
        unassign: profile.as_ref().map(|p| p.unassign).unwrap_or_default(),
        dialect,
        deny_warnings: args.deny_warnings,
        advertised,
    });
    let skipped: Vec<ScenarioOutcome> = loaded
        .iter()
        .filter(|l| selected_by_name(&l.id, &args.libtest))
        .filter_map(|l| {
            l.scenario
                .skip
                .as_ref()
                .map(|reason| skipped_outcome(l, reason))
        })
        .collect();
    let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let started = std::time::Instant::now();
    let outcomes: Arc<Mutex<Vec<ScenarioOutcome>>> = Arc::new(Mutex::new(skipped));
    let blessed: Arc<Mutex<Vec<BlessedFixture>>> = Arc::default();
    let handle = runtime.handle().clone();
    let color = use_color(&mut args.libtest);
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
                let failed = outcome.verdict == crate::runner::outcome::Verdict::Failed;
                if failed {
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
    let conclusion = libtest_mimic::run(&args.libtest, trials);
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
            target: base_url.clone(),
            bundled: bundled.is_some(),
            seed,
            run_tag: settings.run_tag.clone(),
            okta_mode: okta_mode.to_string(),
            dialect: dialect.to_string(),
            profile: profile.as_ref().map(|p| p.name.clone()),
            scimulate_version: env!("CARGO_PKG_VERSION").to_string(),
            reproduce: reproduce_command(&args, seed),
            started_at,
            duration: started.elapsed(),
            deny_warnings: args.deny_warnings,
        },
        scenarios,
    };
    // One cause behind every failure is said once, first, and is not a verdict on the target.
    let diagnosis = gate::diagnose(&run);
    if let Some(diagnosis) = &diagnosis {
        say(format!(
            "scimulate: the target was not judged: {}",
            diagnosis.message
        ));
    }
    say(terminal::summary(&run.scenarios, written));
    drop(bundled);
    let reports_written = write_reports(&args, &run);
    if target.control.is_interrupted() {
        exit_code::INTERRUPTED
    } else if let Some(diagnosis) = diagnosis {
        diagnosis.exit_code()
    } else if conclusion.has_failed() {
        exit_code::SCENARIO_FAILED
    } else if !reports_written {
        exit_code::RUNTIME_ERROR
    } else {
        exit_code::SUCCESS
    }
}

fn skipped_outcome(loaded: &LoadedScenario, reason: &str) -> ScenarioOutcome {
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

/// `fixtures/` beside the scenarios directory; for a single scenario file, the nearest
/// `fixtures/` in a directory above it (else `fixtures`).
fn default_fixtures(scenarios: &Path) -> PathBuf {
    if scenarios.is_file() {
        return scenarios
            .ancestors()
            .skip(1)
            .map(|dir| dir.join("fixtures"))
            .find(|candidate| candidate.is_dir())
            .unwrap_or_else(|| PathBuf::from("fixtures"));
    }
    scenarios
        .parent()
        .map(|p| p.join("fixtures"))
        .unwrap_or_else(|| PathBuf::from("fixtures"))
}
