//! The verdicts of a load run, plain data the reports print: a [`Check`], with the rule it
//! enforces (what the phases and the import check produce), and a [`Gate`], the pipeline's own
//! limit held against the run's figures (`super::gate`).

/// One verdict of the run, with the rule it enforces.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub name: &'static str,
    pub passed: bool,
    /// What was measured (`9998 of 10000 listed; 2 missing: …`).
    pub detail: String,
    /// Why it matters to an IdP.
    pub why: &'static str,
}

/// One gate's verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    /// `max-p99`, `max-error-rate`, `min-throughput`: the flag's name.
    pub name: &'static str,
    pub limit: f64,
    pub measured: f64,
    pub passed: bool,
    /// What was measured, in words (`p99 4.1 ms (create) above 2 ms`).
    pub detail: String,
}
