//! A verdict of a load run, with the rule it enforces: plain data the phases and the import
//! check produce and the reports print.

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
