//! `scimulate run`: load scenarios, pick the target, run them as libtest trials, report.
//!
//! One pass, each stage in its own file: `plan.rs` settles the flags, the scenarios are loaded and
//! selected (`select.rs`, `gate.rs`), `connect.rs` reaches the target (or starts the bundled
//! server), `execute.rs` runs the trials into outcomes, and the reporters and the exit code
//! (`crate::cli::error::CliError`) follow.

use std::path::{Path, PathBuf};

use clap::Args;

mod connect;
mod embedded;
mod execute;
mod gate;
mod interrupt;
mod libtest_args;
mod output;
mod plan;
mod profile;
mod select;

use connect::{Connected, connect};
use execute::{Executed, execute, skipped_outcome};
pub use libtest_args::{Color, Format, LibtestOptions};
use output::write_reports;
use plan::{RunPlan, Suite};
use select::{parse_partition, partition, select_by_idp, select_by_tags, selected_by_name};

use crate::cli::error::CliError;
use crate::protocol::Dialect;
use crate::protocol::OktaMode;
use crate::protocol::{EntraPatch, Idp};
use crate::report::readiness::readiness;
use crate::report::terminal;
use crate::runner::advertised::{Advertised, Feature};
use crate::runner::outcome::ScenarioOutcome;
use crate::scenario::{self, LoadedScenario};

/// What `scimulate run --help` says after the options.
const AFTER_HELP: &str = "\
Exit codes:
  0    every selected scenario passed (or --list succeeded)
  1    at least one scenario failed (warnings do not fail one, unless --deny-warnings)
  2    a bad option, a scenario or fixture file that cannot be loaded, or a selection of
       nothing (a filter or --tag that matches no scenario): nothing was sent
  3    the target was not judged: nothing answered, every credential was refused, or every
       request got 404 (a wrong base URL); or another runtime error
  130  interrupted (Ctrl-C or SIGTERM): what ran is reported, what it created is deleted

Examples:
  scimulate run                                  # the bundled suite against the bundled server
  scimulate run --target https://staging.example.com/scim/v2 --bearer \"$TOKEN\" users::
  scimulate run --tag required --skip-tag groups --junit reports/junit.xml";

#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct RunArgs {
    /// Directory of scenario files (`*.yaml`, recursively), or one scenario file. Default:
    /// `scenarios`, or, when there is no `./scenarios`, the suite embedded in this binary.
    #[arg(long, value_name = "PATH", help_heading = "Scenarios")]
    pub scenarios: Option<PathBuf>,
    /// Directory of fixture files (default: `fixtures/` beside the scenarios directory).
    #[arg(long, value_name = "DIR", help_heading = "Scenarios")]
    pub fixtures: Option<PathBuf>,
    /// Write or update `body_file` fixtures from the actual responses.
    #[arg(long, help_heading = "Scenarios")]
    pub bless: bool,
    /// Base URL of the SCIM target (e.g. `https://staging.example.com/scim/v2`). Without it, the
    /// bundled reference server is started in-process.
    #[arg(
        long,
        env = "SCIMULATE_TARGET",
        value_name = "URL",
        help_heading = "Target"
    )]
    pub target: Option<String>,
    /// Send `Authorization: Bearer TOKEN`.
    #[arg(
        long,
        env = "SCIMULATE_BEARER",
        hide_env_values = true,
        value_name = "TOKEN",
        conflicts_with_all = ["basic", "auth_header"],
        help_heading = "Target"
    )]
    pub bearer: Option<String>,
    /// Send HTTP Basic credentials USER:PASSWORD.
    #[arg(
        long,
        value_name = "USER:PASSWORD",
        env = "SCIMULATE_BASIC",
        hide_env_values = true,
        conflicts_with = "auth_header",
        help_heading = "Target"
    )]
    pub basic: Option<String>,
    /// Send this raw `Authorization` header value.
    #[arg(long, value_name = "VALUE", help_heading = "Target")]
    pub auth_header: Option<String>,
    /// Accept invalid TLS certificates (self-signed staging servers).
    #[arg(long, help_heading = "Target")]
    pub insecure: bool,
    /// Seconds to wait for each response.
    #[arg(
        long,
        default_value_t = 30.0,
        value_name = "SECONDS",
        help_heading = "Target"
    )]
    pub timeout: f64,
    /// A target profile (docs/scenarios.md, "Target profiles"): skips the scenarios it rules out
    /// and supplies defaults. `discover` prints a profile proposed from the target's
    /// /ServiceProviderConfig and runs nothing.
    #[arg(long, value_name = "FILE|discover", help_heading = "Target")]
    pub profile: Option<String>,
    /// The SCIM version the target speaks: `2.0` or `1.1`. It picks how `okta:` steps spell
    /// their requests, each step's `scim1.1:` variant and per-dialect fixtures, and (for the
    /// bundled server) its `/scim/v1` base URL. Default: the profile's `dialect`, else 2.0.
    #[arg(
        long,
        value_name = "2.0|1.1",
        env = "SCIMULATE_DIALECT",
        help_heading = "Target"
    )]
    pub dialect: Option<Dialect>,
    /// Which Okta integration `okta:` steps mimic: `oin` (PATCH for lifecycle and group
    /// membership) or `aiw` (App Integration Wizard: GET + PUT for everything).
    /// Default: the profile's `okta_mode`, else `oin`.
    #[arg(
        long,
        value_enum,
        value_name = "oin|aiw",
        env = "SCIMULATE_OKTA_MODE",
        help_heading = "Target"
    )]
    pub okta_mode: Option<OktaMode>,
    /// Which of Entra's PATCH behaviours `entra:` steps mimic: `legacy` (`Replace` ops, `"False"`
    /// strings, member removal with a value list) or `flag` (the `aadOptscim062020` feature
    /// flag: lower-case ops, JSON booleans, path-less replace with dotted keys, member removal by
    /// filter). Default: the profile's `entra_patch`, else `legacy`.
    #[arg(
        long,
        value_enum,
        value_name = "legacy|flag",
        env = "SCIMULATE_ENTRA_PATCH",
        help_heading = "Target"
    )]
    pub entra_patch: Option<EntraPatch>,
    /// Run the scenarios of one mock IdP only: `okta` (its flows, and every scenario that is no
    /// IdP's) or `entra` (likewise). Default: the profile's `idp`, else both.
    #[arg(
        long,
        value_enum,
        value_name = "okta|entra",
        env = "SCIMULATE_IDP",
        help_heading = "Selection"
    )]
    pub idp: Option<Idp>,
    /// Run only scenarios with this tag (repeatable: any of them), e.g. `--tag required`.
    #[arg(long = "tag", value_name = "TAG", help_heading = "Selection")]
    pub tags: Vec<String>,
    /// Leave out scenarios with this tag (repeatable), e.g. `--skip-tag groups`.
    #[arg(long = "skip-tag", value_name = "TAG", help_heading = "Selection")]
    pub skip_tags: Vec<String>,
    /// Run only part N of M of the scenarios (a deterministic split by id), so that a large
    /// suite can run across M CI jobs: `--partition 1/3`, `--partition 2/3`, `--partition 3/3`.
    #[arg(long, value_name = "N/M", value_parser = parse_partition, help_heading = "Selection")]
    pub partition: Option<(usize, usize)>,
    /// Seed for generated data (printed at the start of every run, so a failure can be replayed).
    #[arg(long, value_name = "N", help_heading = "Run")]
    pub seed: Option<u64>,
    /// Do not delete what the scenarios created.
    #[arg(long, help_heading = "Run")]
    pub keep: bool,
    /// Fail a scenario on its warnings too (RFC SHOULDs, certification-review conventions,
    /// rules the IdP does not depend on), for a strict gate. Also `SCIMULATE_DENY_WARNINGS=1`.
    #[arg(
        long,
        env = "SCIMULATE_DENY_WARNINGS",
        value_parser = clap::builder::FalseyValueParser::new(),
        help_heading = "Run"
    )]
    pub deny_warnings: bool,
    /// Write a JUnit XML report to this file.
    #[arg(long, value_name = "PATH", help_heading = "Output")]
    pub junit: Option<PathBuf>,
    /// Write a self-contained HTML report to this file.
    #[arg(long, value_name = "PATH", help_heading = "Output")]
    pub html: Option<PathBuf>,
    /// Write the versioned JSON report (docs/report-json.md) to this file.
    #[arg(long, value_name = "PATH", help_heading = "Output")]
    pub json: Option<PathBuf>,
    /// The libtest conventions: FILTER, `--exact`, `--skip`, `--list`, `--test-threads`,
    /// `--format`, `--quiet`, `--color`.
    #[command(flatten)]
    pub libtest: LibtestOptions,
}

/// Runs the command: `Ok` when every scenario passed.
pub fn run(args: RunArgs, runtime: &tokio::runtime::Runtime) -> Result<(), CliError> {
    let mut plan = args.resolve()?;
    let mut loaded = load(&plan)?;
    if plan.libtest.list {
        if plan.suite == Suite::Embedded {
            // On stderr: stdout stays one scenario a line, for scripts.
            eprintln!("{}", embedded::notice());
        }
        for l in loaded
            .iter()
            .filter(|l| selected_by_name(&l.id, &plan.libtest))
        {
            println!("{}", output::list_line(l));
        }
        return Ok(());
    }
    let Connected {
        target,
        base_url,
        bundled,
    } = connect(&plan, runtime)?;
    if plan.discover {
        let proposal = runtime
            .block_on(crate::runner::discover::discover(&target))
            .map_err(|e| CliError::Runtime(anyhow::anyhow!(e)))?;
        print!("{proposal}");
        return Ok(());
    }
    // With `--format json`, stdout carries only libtest's JSON events; our lines go to stderr.
    let json_events = matches!(
        plan.libtest.format,
        Some(libtest_mimic::FormatSetting::Json)
    );
    let say = move |line: String| {
        if json_events {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    };
    let advertised = advertised(&plan, &loaded, &target, runtime);
    for line in banner(&plan, &base_url, bundled.is_some(), &advertised) {
        say(line);
    }

    interrupt::listen(runtime, target.control.clone());
    let settings = plan.settings(advertised);
    let skipped: Vec<ScenarioOutcome> = loaded
        .iter()
        .filter(|l| selected_by_name(&l.id, &plan.libtest))
        .filter_map(|l| l.scenario.skip.as_ref().map(|r| skipped_outcome(l, r)))
        .collect();
    let scenarios = std::mem::take(&mut loaded);
    let Executed {
        run,
        failed,
        blessed,
    } = execute(
        &mut plan,
        scenarios,
        skipped,
        &target,
        settings,
        (&base_url, bundled.is_some()),
        runtime,
    );
    // One cause behind every failure is said once, first, and is not a verdict on the target.
    let diagnosis = gate::diagnose(&run);
    if let Some(diagnosis) = &diagnosis {
        say(format!(
            "scimulate: the target was not judged: {}",
            diagnosis.message
        ));
    }
    say(terminal::summary(&run.scenarios, blessed));
    // A target that was not judged is not judged for an IdP's gate either.
    let gates = readiness(&run);
    if diagnosis.is_none() && !gates.is_empty() {
        say(terminal::readiness_lines(&gates));
    }
    drop(bundled);
    let reports_written = write_reports(&plan.args, &run);
    if target.control.is_interrupted() {
        Err(CliError::Interrupted)
    } else if let Some(diagnosis) = diagnosis {
        Err(CliError::NotJudged(diagnosis.message))
    } else if failed {
        Err(CliError::ScenariosFailed)
    } else if !reports_written {
        Err(CliError::Runtime(anyhow::anyhow!(
            "a report could not be written (see above)"
        )))
    } else {
        Ok(())
    }
}

/// The scenarios the run takes: loaded (any file error stops the run), then selected by tag and
/// partition, then ruled out by the dialect and the profile (kept, to be reported as skipped).
fn load(plan: &RunPlan) -> Result<Vec<LoadedScenario>, CliError> {
    let args = &plan.args;
    let options = scenario::LoadOptions {
        allow_missing_fixtures: args.bless,
    };
    let all = match &plan.suite {
        Suite::Files {
            scenarios,
            fixtures,
        } => scenario::load_dir_with(scenarios, fixtures, options),
        Suite::Embedded => scenario::load_in_memory(
            embedded::FILES,
            Path::new(embedded::SCENARIOS),
            Path::new(embedded::FIXTURES),
        ),
    }
    .map_err(|errors| CliError::Load(format!("{:?}", miette::Report::new(errors))))?;
    let tagged = select_by_tags(all.clone(), &args.tags, &args.skip_tags);
    let tagged = select_by_idp(tagged, plan.idp);
    let mut loaded = partition(tagged.clone(), args.partition);
    let whole = if args.partition.is_some() {
        &tagged
    } else {
        &loaded
    };
    if let Some(error) =
        gate::selection_error(&all, whole, &args.tags, &args.skip_tags, &plan.libtest)
    {
        return Err(CliError::Usage(error));
    }
    profile::apply_dialect_skips(&mut loaded, plan.dialect);
    if let Some((profile, file)) = &plan.profile {
        profile::apply_skips(&mut loaded, profile, file);
    }
    Ok(loaded)
}

/// What the target advertises, asked only when a selected scenario has a check of an optional
/// feature: no request is sent that no check needs.
fn advertised(
    plan: &RunPlan,
    loaded: &[LoadedScenario],
    target: &crate::runner::target::Target,
    runtime: &tokio::runtime::Runtime,
) -> Advertised {
    let needed = loaded
        .iter()
        .any(|l| selected_by_name(&l.id, &plan.libtest) && l.scenario.checks_optional_features());
    if needed {
        runtime.block_on(Advertised::discover(target))
    } else {
        Advertised::default()
    }
}

/// The lines printed before anything runs: how to replay the run, the profile and dialect, and
/// which optional features the target does not advertise.
fn banner(plan: &RunPlan, base_url: &str, bundled: bool, advertised: &Advertised) -> Vec<String> {
    let mut lines = vec![terminal::run_header(
        plan.seed,
        &plan.run_tag,
        base_url,
        bundled,
    )];
    if plan.suite == Suite::Embedded {
        lines.push(embedded::notice());
    }
    if let Some((profile, _)) = &plan.profile {
        let file = plan.args.profile.as_deref().unwrap_or_default();
        lines.push(format!("profile: {} ({file})", profile.name));
    }
    if plan.dialect != Dialect::default() {
        lines.push(format!("dialect: SCIM {}", plan.dialect));
    }
    let unadvertised: Vec<&str> = Feature::ALL
        .iter()
        .filter(|f| !advertised.supports(**f))
        .map(|f| f.attribute())
        .collect();
    if !unadvertised.is_empty() {
        lines.push(format!(
            "the target does not advertise {} (its /ServiceProviderConfig): checks of these do not apply",
            unadvertised.join(", ")
        ));
    }
    lines
}
