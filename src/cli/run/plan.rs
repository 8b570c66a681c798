//! `RunArgs::resolve`: every flag, the profile, the credentials, the seed and the run tag settled
//! once, before anything is loaded or sent, so that a bad `--basic` or `--timeout` is refused
//! at once (exit 2) rather than after the scenarios were read.

use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine;

use super::RunArgs;
use super::embedded;
use super::profile::{self, ProfileChoice};
use crate::cli::error::CliError;
use crate::profile::Profile;
use crate::protocol::Dialect;
use crate::protocol::OktaMode;
use crate::protocol::{EntraPatch, Idp};
use crate::runner::advertised::Advertised;
use crate::runner::identity;
use crate::runner::scenario_run::RunSettings;

/// What a run is to do, with nothing left to decide.
#[derive(Debug)]
pub(super) struct RunPlan {
    /// The arguments as given (with `okta_mode` settled): the report paths and the reproduce
    /// line read them.
    pub args: RunArgs,
    /// What libtest-mimic is told: the name filter, `--list`, `--format`, threads, colour.
    pub libtest: libtest_mimic::Arguments,
    /// Where the scenarios and fixtures come from.
    pub suite: Suite,
    /// The target profile and the file it came from.
    pub profile: Option<(Profile, String)>,
    /// `--profile discover`: propose a profile, run nothing.
    pub discover: bool,
    pub okta_mode: OktaMode,
    pub entra_patch: EntraPatch,
    /// `--idp`: the scenarios of one mock IdP only.
    pub idp: Option<Idp>,
    pub dialect: Dialect,
    pub seed: u64,
    pub run_tag: String,
    pub timeout: Duration,
    /// The `Authorization` value the options give, if any.
    pub authorization: Option<String>,
}

/// Where a run's scenarios and fixtures come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Suite {
    /// Files: `--scenarios` (default `./scenarios`) and its fixtures directory.
    Files {
        scenarios: PathBuf,
        fixtures: PathBuf,
    },
    /// The suite embedded in the binary (`embedded.rs`): no `--scenarios` was given and there is
    /// no `./scenarios` directory.
    Embedded,
}

impl RunArgs {
    /// Settles the run, or says which flag is wrong.
    pub(super) fn resolve(mut self) -> Result<RunPlan, CliError> {
        if let Some(pair) = &self.basic
            && !pair.contains(':')
        {
            return Err(CliError::Usage("--basic must be USER:PASSWORD".into()));
        }
        if self.timeout.is_nan() || self.timeout <= 0.0 || !self.timeout.is_finite() {
            return Err(CliError::Usage(
                "--timeout must be a positive number of seconds".into(),
            ));
        }
        let choice = profile::choose(self.profile.as_deref()).map_err(CliError::Load)?;
        let discover = matches!(choice, ProfileChoice::Discover);
        let profile = match choice {
            ProfileChoice::File { profile, file } => Some((profile, file)),
            ProfileChoice::None | ProfileChoice::Discover => None,
        };
        let okta_mode = self
            .okta_mode
            .or_else(|| {
                profile
                    .as_ref()
                    .and_then(|(p, _)| p.okta_mode)
                    .map(Into::into)
            })
            .unwrap_or_default();
        self.okta_mode = Some(okta_mode);
        let entra_patch = self
            .entra_patch
            .or_else(|| profile.as_ref().and_then(|(p, _)| p.entra_patch))
            .unwrap_or_default();
        self.entra_patch = Some(entra_patch);
        let idp = self
            .idp
            .or_else(|| profile.as_ref().and_then(|(p, _)| p.idp));
        let dialect = self
            .dialect
            .or_else(|| profile.as_ref().map(|(p, _)| p.dialect))
            .unwrap_or_default();
        let suite = suite(&self)?;
        Ok(RunPlan {
            libtest: self.libtest.to_arguments(),
            suite,
            profile,
            discover,
            okta_mode,
            entra_patch,
            idp,
            dialect,
            seed: self.seed.unwrap_or_else(identity::random_seed),
            run_tag: identity::random_run_tag(),
            timeout: Duration::from_secs_f64(self.timeout),
            authorization: authorization(&self),
            args: self,
        })
    }
}

impl RunPlan {
    /// What every scenario of the run shares, given what the target advertises.
    pub(super) fn settings(&self, advertised: Advertised) -> RunSettings {
        RunSettings {
            seed: self.seed,
            run_tag: self.run_tag.clone(),
            keep: self.args.keep,
            bless: self.args.bless,
            okta_mode: self.okta_mode,
            entra_patch: self.entra_patch,
            unassign: self
                .profile
                .as_ref()
                .map(|(p, _)| p.unassign)
                .unwrap_or_default(),
            dialect: self.dialect,
            deny_warnings: self.args.deny_warnings,
            advertised,
        }
    }
}

/// The suite the options pick: `--scenarios`, else `./scenarios` if it exists, else the embedded
/// one, which takes neither `--fixtures` nor `--bless` (its files are inside the binary).
fn suite(args: &RunArgs) -> Result<Suite, CliError> {
    let scenarios = match &args.scenarios {
        Some(scenarios) => scenarios.clone(),
        None if !embedded::applies() => PathBuf::from(embedded::SCENARIOS),
        None => {
            let refused = if args.fixtures.is_some() {
                Some("--fixtures")
            } else if args.bless {
                Some("--bless")
            } else {
                None
            };
            return match refused {
                Some(flag) => Err(CliError::Usage(format!(
                    "{flag} needs a scenarios directory on disk: there is no ./scenarios here, so the run would take the suite embedded in the binary, whose fixtures cannot be replaced or rewritten; pass --scenarios DIR"
                ))),
                None => Ok(Suite::Embedded),
            };
        }
    };
    let fixtures = args
        .fixtures
        .clone()
        .unwrap_or_else(|| default_fixtures(&scenarios));
    Ok(Suite::Files {
        scenarios,
        fixtures,
    })
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
