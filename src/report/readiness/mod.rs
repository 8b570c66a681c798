//! Submission readiness: what the run says about an identity provider's own acceptance tests.
//!
//! A vendor does not submit "157 scenarios"; it submits to Okta's Integration Network (whose
//! gate is the SPEC and CRUD test suites) or to the Entra app gallery (whose gate is Microsoft's
//! SCIM Validator). Each IdP has a [`Catalogue`] ([`okta`], [`entra`]) that lists those tests by
//! their own names, in their own order, and says which bundled scenarios (or which steps of one)
//! reproduce each. [`readiness`] reads the run's outcomes against the catalogues: every test is
//! `pass`, `warn`, `fail`, `not reached` (an earlier step of its scenario failed), `not
//! applicable` (its scenarios were skipped for this target, with the reason) or `not run`
//! (filtered out, or interrupted). Plain data; the terminal, HTML and JSON reporters render it.
//!
//! Only what runs is judged: a catalogue test that no scenario reproduces (an Okta-side API call
//! of the CRUD test) says so, and counts neither way.

pub mod entra;
pub mod okta;

use crate::runner::outcome::{RunOutcome, ScenarioOutcome, Verdict};

/// One IdP's acceptance tests, in the IdP's order.
pub struct Catalogue {
    /// `okta` or `entra`: the `--idp` value whose runs this catalogue judges.
    pub idp: &'static str,
    /// What a vendor would submit to: `Okta Integration Network (OIN)`.
    pub title: &'static str,
    pub tests: &'static [CatalogueTest],
}

impl Catalogue {
    /// Every scenario a test of this catalogue names (with repeats, in catalogue order).
    pub fn scenario_ids(&self) -> impl Iterator<Item = &'static str> {
        self.tests
            .iter()
            .filter_map(|t| match &t.covered_by {
                Covered::By(parts) => Some(parts.iter().map(Part::scenario)),
                Covered::Elsewhere(_) => None,
            })
            .flatten()
    }
}

/// One test of an IdP's suite.
pub struct CatalogueTest {
    /// The suite it belongs to, as the IdP names it (`SPEC test`, `CRUD test`, `SCIM Validator`).
    pub suite: &'static str,
    /// The test's own name.
    pub name: &'static str,
    /// Whether the IdP's gate needs it (Okta's "Required Test", the Validator's user tests).
    pub required: bool,
    pub covered_by: Covered,
}

impl CatalogueTest {
    /// A test of `suite` reproduced by `parts`.
    pub const fn by(
        suite: &'static str,
        name: &'static str,
        required: bool,
        parts: &'static [Part],
    ) -> CatalogueTest {
        CatalogueTest {
            suite,
            name,
            required,
            covered_by: Covered::By(parts),
        }
    }
}

/// What in the bundled suite reproduces a test.
pub enum Covered {
    /// These parts of the suite: the test passes when every part that ran passed.
    By(&'static [Part]),
    /// Nothing here can reproduce it; why (an Okta management-API call sends no SCIM request).
    Elsewhere(&'static str),
}

/// A scenario, or one step of one, that reproduces (part of) a catalogue test.
pub enum Part {
    /// The scenario as a whole.
    Scenario(&'static str),
    /// One step of a scenario (1-based, as reports number them), with the step's name, so that
    /// a test can tell when the scenario changed under the catalogue.
    Step {
        scenario: &'static str,
        number: usize,
        name: &'static str,
    },
}

impl Part {
    pub fn scenario(&self) -> &'static str {
        match self {
            Part::Scenario(id) | Part::Step { scenario: id, .. } => id,
        }
    }
}

/// How a test fares in this run. Ordered from worst to best among the tests that ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Fail,
    /// Its step was not run because an earlier step of the scenario failed: the IdP's test
    /// would not pass either, but this run did not see it fail.
    NotReached,
    Warn,
    Pass,
    /// Its scenarios were skipped for this target (the profile rules the behaviour out, the
    /// target does not speak the dialect, the feature is not advertised).
    NotApplicable,
    /// None of its scenarios was in the run (a tag or name filter, `--partition`, Ctrl-C).
    NotRun,
    /// No scenario reproduces it ([`Covered::Elsewhere`]).
    NotReproduced,
}

impl Status {
    /// The word reports print.
    pub fn label(self) -> &'static str {
        match self {
            Status::Fail => "fail",
            Status::NotReached => "not reached",
            Status::Warn => "warn",
            Status::Pass => "pass",
            Status::NotApplicable => "not applicable",
            Status::NotRun => "not run",
            Status::NotReproduced => "not reproduced",
        }
    }

    /// The word the JSON report writes (`docs/report-json.md`).
    pub fn code(self) -> &'static str {
        match self {
            Status::Fail => "fail",
            Status::NotReached => "not_reached",
            Status::Warn => "warn",
            Status::Pass => "pass",
            Status::NotApplicable => "not_applicable",
            Status::NotRun => "not_run",
            Status::NotReproduced => "not_reproduced",
        }
    }

    /// The run saw it pass (possibly with warnings).
    pub fn passed(self) -> bool {
        matches!(self, Status::Pass | Status::Warn)
    }

    /// The IdP's test would not pass on this target.
    pub fn failed(self) -> bool {
        matches!(self, Status::Fail | Status::NotReached)
    }
}

/// The run's outcome for one IdP's gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overall {
    /// Every required test that ran passed, and every required test ran.
    WouldPass,
    /// A required test failed (or was not reached).
    WouldFail,
    /// No required test failed, but some did not run or do not apply: the run cannot say.
    Undecided,
}

impl Overall {
    pub fn label(self) -> &'static str {
        match self {
            Overall::WouldPass => "would pass",
            Overall::WouldFail => "would fail",
            Overall::Undecided => "undecided",
        }
    }

    /// The word the JSON report writes.
    pub fn code(self) -> &'static str {
        match self {
            Overall::WouldPass => "would_pass",
            Overall::WouldFail => "would_fail",
            Overall::Undecided => "undecided",
        }
    }
}

/// Where a test's status comes from: a scenario of the run, or one of its steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The scenario's id (`okta::spec::01_users_endpoint`).
    pub scenario: String,
    /// Its position in the run's scenario list (reports link to it); absent when not in the run.
    pub index: Option<usize>,
    /// The step (1-based), for a [`Part::Step`].
    pub step: Option<usize>,
    pub status: Status,
}

/// One catalogue test, judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestReadiness {
    pub suite: &'static str,
    pub name: &'static str,
    pub required: bool,
    pub status: Status,
    pub evidence: Vec<Evidence>,
    /// The first failure, the skip reason, or why nothing reproduces the test.
    pub detail: Option<String>,
}

/// One IdP's gate, judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdpReadiness {
    pub idp: &'static str,
    pub title: &'static str,
    /// The IdP behaviour the run mimicked (`Okta mode oin`, `Entra PATCH legacy`).
    pub mode: String,
    pub overall: Overall,
    pub tests: Vec<TestReadiness>,
}

/// Counts of the tests of one kind (required or optional) by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub total: usize,
    pub passed: usize,
    pub warned: usize,
    pub failed: usize,
    pub not_reached: usize,
    pub not_applicable: usize,
    pub not_run: usize,
    pub not_reproduced: usize,
}

impl IdpReadiness {
    pub fn tally(&self, required: bool) -> Tally {
        let mut t = Tally::default();
        for test in self.tests.iter().filter(|t| t.required == required) {
            t.total += 1;
            match test.status {
                Status::Pass => t.passed += 1,
                Status::Warn => {
                    t.passed += 1;
                    t.warned += 1;
                }
                Status::Fail => t.failed += 1,
                Status::NotReached => t.not_reached += 1,
                Status::NotApplicable => t.not_applicable += 1,
                Status::NotRun => t.not_run += 1,
                Status::NotReproduced => t.not_reproduced += 1,
            }
        }
        t
    }

    /// The required tests that failed, in catalogue order (not those not reached after them).
    pub fn failing(&self) -> impl Iterator<Item = &TestReadiness> {
        self.tests
            .iter()
            .filter(|t| t.required && t.status == Status::Fail)
    }
}

/// Every IdP gate this run says something about: those of the run's `--idp` (all, without one)
/// of which at least one scenario was in the run. A run of a vendor's own scenarios, which
/// reproduce none of the IdPs' tests, has none.
pub fn readiness(run: &RunOutcome) -> Vec<IdpReadiness> {
    [&okta::CATALOGUE, &entra::CATALOGUE]
        .into_iter()
        .filter(|c| run.info.idp.as_deref().is_none_or(|idp| idp == c.idp))
        .map(|c| judge(c, run))
        .filter(|r| {
            r.tests
                .iter()
                .flat_map(|t| &t.evidence)
                .any(|e| e.index.is_some())
        })
        .collect()
}

/// One catalogue against the run.
pub fn judge(catalogue: &Catalogue, run: &RunOutcome) -> IdpReadiness {
    let tests: Vec<TestReadiness> = catalogue
        .tests
        .iter()
        .map(|test| judge_test(test, run))
        .collect();
    let required = || tests.iter().filter(|t| t.required);
    let overall = if required().any(|t| t.status.failed()) {
        Overall::WouldFail
    } else if required().all(|t| t.status.passed() || t.status == Status::NotReproduced) {
        Overall::WouldPass
    } else {
        Overall::Undecided
    };
    let mode = match catalogue.idp {
        "entra" => format!("Entra PATCH {}", run.info.entra_patch),
        _ => format!("Okta mode {}", run.info.okta_mode),
    };
    IdpReadiness {
        idp: catalogue.idp,
        title: catalogue.title,
        mode,
        overall,
        tests,
    }
}

fn judge_test(test: &CatalogueTest, run: &RunOutcome) -> TestReadiness {
    let parts = match &test.covered_by {
        Covered::Elsewhere(why) => {
            return TestReadiness {
                suite: test.suite,
                name: test.name,
                required: test.required,
                status: Status::NotReproduced,
                evidence: Vec::new(),
                detail: Some((*why).to_string()),
            };
        }
        Covered::By(parts) => parts,
    };
    let (evidence, details): (Vec<Evidence>, Vec<Option<String>>) = parts
        .iter()
        .map(|part| {
            let index = run.scenarios.iter().position(|s| s.id == part.scenario());
            let step = match part {
                Part::Scenario(_) => None,
                Part::Step { number, .. } => Some(*number),
            };
            let (status, detail) = match (index, step) {
                (None, _) => (Status::NotRun, None),
                (Some(i), None) => of_scenario(&run.scenarios[i]),
                (Some(i), Some(number)) => of_step(&run.scenarios[i], number),
            };
            let evidence = Evidence {
                scenario: part.scenario().to_string(),
                index,
                step,
                status,
            };
            (evidence, detail)
        })
        .unzip();
    // The worst status among the scenarios that ran decides; with none run, `not applicable`
    // (skipped for this target) says more than `not run`.
    let status = evidence
        .iter()
        .map(|e| e.status)
        .min()
        .unwrap_or(Status::NotRun);
    let detail = evidence
        .iter()
        .zip(details)
        .find(|(e, _)| e.status == status)
        .and_then(|(_, d)| d);
    TestReadiness {
        suite: test.suite,
        name: test.name,
        required: test.required,
        status,
        evidence,
        detail,
    }
}

/// A whole scenario's status, and the line that explains it.
fn of_scenario(s: &ScenarioOutcome) -> (Status, Option<String>) {
    match &s.verdict {
        Verdict::Failed => {
            let detail = s
                .first_failure()
                .map(|(step, f)| format!("step \"{}\": {}", step.name, f.message));
            (Status::Fail, detail)
        }
        Verdict::Passed => match s.warnings().next() {
            Some((step, w)) => (
                Status::Warn,
                Some(format!("step \"{}\": {}", step.name, w.message)),
            ),
            None => (Status::Pass, None),
        },
        Verdict::Skipped(reason) => (Status::NotApplicable, Some(reason.clone())),
        Verdict::Interrupted(reason) => (Status::NotRun, Some(reason.clone())),
    }
}

/// One step's status (1-based `number`), and the line that explains it.
fn of_step(s: &ScenarioOutcome, number: usize) -> (Status, Option<String>) {
    let failed = match &s.verdict {
        Verdict::Skipped(_) | Verdict::Interrupted(_) => return of_scenario(s),
        Verdict::Passed => false,
        Verdict::Failed => true,
    };
    let Some(step) = number.checked_sub(1).and_then(|i| s.steps.get(i)) else {
        return (Status::NotRun, None);
    };
    if let Some(f) = step.failures.first() {
        return (Status::Fail, Some(f.message.clone()));
    }
    if step.skipped {
        // After a failed step the IdP's test would not get further either; in a passed
        // scenario an earlier step's alternative outcome (`stop`) made this one not apply.
        let status = if failed {
            Status::NotReached
        } else {
            Status::NotApplicable
        };
        return (status, step.skip_reason.clone());
    }
    match step.warnings.first() {
        Some(w) => (Status::Warn, Some(w.message.clone())),
        None => (Status::Pass, None),
    }
}

#[cfg(test)]
mod tests;
