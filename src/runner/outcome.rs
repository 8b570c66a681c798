//! What a run produced, as plain data: every reporter (terminal, JUnit, HTML, JSON) reads these
//! and nothing else. Each step carries its source position so a report can point at file:line.

use std::path::PathBuf;
use std::time::Duration;

pub use crate::protocol::{Failure, FailureKind, Level};

/// A recorded request, as sent (credentials already redacted).
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RecordedResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub elapsed: Duration,
}

/// One request and what came back (or why nothing did).
#[derive(Debug, Clone)]
pub struct ExchangeRecord {
    pub request: RecordedRequest,
    pub response: Result<RecordedResponse, String>,
}

#[derive(Debug, Clone)]
pub struct StepOutcome {
    pub name: String,
    pub line: usize,
    pub column: usize,
    pub exchanges: Vec<ExchangeRecord>,
    /// Findings that fail the scenario.
    pub failures: Vec<Failure>,
    /// Findings that do not fail it (level `warn`), each with its reason.
    pub warnings: Vec<Failure>,
    /// Checks that did not apply to this target, and why (an optional feature the target's
    /// `/ServiceProviderConfig` does not advertise).
    pub not_applicable: Vec<String>,
    /// Steps after a failed one are not run.
    pub skipped: bool,
    /// Why a step was not run, when it was not (`not run: step 2 failed`).
    pub skip_reason: Option<String>,
}

impl StepOutcome {
    pub fn new(name: String, line: usize, column: usize) -> Self {
        Self {
            name,
            line,
            column,
            exchanges: Vec::new(),
            failures: Vec::new(),
            warnings: Vec::new(),
            not_applicable: Vec::new(),
            skipped: false,
            skip_reason: None,
        }
    }

    pub fn passed(&self) -> bool {
        self.failures.is_empty() && !self.skipped
    }

    /// Files a finding by its level.
    pub fn record(&mut self, level: Level, finding: Failure) {
        match level {
            Level::Fail => self.failures.push(finding),
            Level::Warn => self.warnings.push(finding),
        }
    }
}

/// What the end-of-scenario cleanup did.
#[derive(Debug, Clone)]
pub struct CleanupOutcome {
    pub location: String,
    /// `Ok(status)` or why the delete could not be sent.
    pub result: Result<u16, String>,
    /// How long the target took to answer the delete (zero when it was not sent).
    pub waited: std::time::Duration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Passed,
    Failed,
    Skipped(String),
    /// Ctrl-C stopped the run before the scenario finished (or started): no verdict on the
    /// target. Says where it stopped.
    Interrupted(String),
}

#[derive(Debug, Clone)]
pub struct ScenarioOutcome {
    /// The libtest name (`users::create`).
    pub id: String,
    pub name: String,
    pub file: PathBuf,
    pub tags: Vec<String>,
    pub verdict: Verdict,
    pub steps: Vec<StepOutcome>,
    pub cleanup: Vec<CleanupOutcome>,
    /// What the scenario created and `--keep` left in place.
    pub kept: Vec<String>,
    pub duration: Duration,
}

impl ScenarioOutcome {
    /// The first failing step and its first failure.
    pub fn first_failure(&self) -> Option<(&StepOutcome, &Failure)> {
        self.steps
            .iter()
            .find_map(|s| s.failures.first().map(|f| (s, f)))
    }

    /// The steps not run and why the first of them was not (`not run: step 2 failed`).
    pub fn not_run(&self) -> Option<(usize, &str)> {
        let mut reasons = self
            .steps
            .iter()
            .filter(|s| s.skipped)
            .filter_map(|s| s.skip_reason.as_deref());
        let first = reasons.next()?;
        Some((1 + reasons.count(), first))
    }

    /// Every warning of the scenario, with its step.
    pub fn warnings(&self) -> impl Iterator<Item = (&StepOutcome, &Failure)> {
        self.steps
            .iter()
            .flat_map(|s| s.warnings.iter().map(move |w| (s, w)))
    }

    pub fn requests_sent(&self) -> usize {
        self.steps.iter().map(|s| s.exchanges.len()).sum::<usize>() + self.cleanup.len()
    }
}

/// What every report says about the run as a whole.
#[derive(Debug, Clone)]
pub struct RunInfo {
    /// The SCIM base URL the run talked to.
    pub target: String,
    /// Whether the target was the bundled reference server.
    pub bundled: bool,
    pub seed: u64,
    pub run_tag: String,
    /// `oin` or `aiw`.
    pub okta_mode: String,
    /// `legacy` or `flag`.
    pub entra_patch: String,
    /// `--idp` (`okta` or `entra`): the run took only that IdP's scenarios. `None`: every IdP's.
    pub idp: Option<String>,
    /// The SCIM version spoken: `2.0` or `1.1`.
    pub dialect: String,
    /// The target profile's name, when the run used one.
    pub profile: Option<String>,
    pub scimulate_version: String,
    /// The command line that reproduces the run (credentials redacted, `--seed` included).
    pub reproduce: String,
    /// When the run started (RFC 3339, UTC).
    pub started_at: String,
    pub duration: Duration,
    /// `--deny-warnings`: warnings failed their scenarios.
    pub deny_warnings: bool,
}

/// A whole run: what reporters are given.
#[derive(Debug, Clone)]
pub struct RunOutcome {
    pub info: RunInfo,
    /// In id order.
    pub scenarios: Vec<ScenarioOutcome>,
}

impl RunOutcome {
    pub fn count(&self, wanted: fn(&Verdict) -> bool) -> usize {
        self.scenarios.iter().filter(|s| wanted(&s.verdict)).count()
    }
    pub fn passed(&self) -> usize {
        self.count(|v| *v == Verdict::Passed)
    }
    pub fn failed(&self) -> usize {
        self.count(|v| *v == Verdict::Failed)
    }
    pub fn skipped(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Skipped(_)))
    }
    pub fn interrupted(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Interrupted(_)))
    }
    /// Warnings over every scenario.
    pub fn warnings(&self) -> usize {
        self.scenarios.iter().map(|s| s.warnings().count()).sum()
    }
}
