//! A finding: one thing that was checked and was not as expected. Written by the layers that
//! check (the scenario's expectations, the mock IdP's acceptance rules), kept by the runner in
//! its outcomes and shown by every reporter, so it is plain data with one name per kind
//! ([`FailureKind::as_str`]) that every report uses.

use super::diff::JsonDiff;

/// One thing that was checked and was not as expected: a finding. Whether it fails the scenario
/// is where the step keeps it (`runner::outcome::StepOutcome`: `failures` or `warnings`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    /// One line: what differs.
    pub message: String,
    /// The diff of expected vs actual JSON, when the body differed, as tagged lines.
    pub diff: Option<JsonDiff>,
    /// What was expected and what came, when the check compared two values (a status, an
    /// exact header, the first differing body value): each reporter shows them as it likes.
    /// Boxed: most findings have none, and findings travel in `Result`s.
    pub compared: Option<Box<Compared>>,
    /// Why the rule exists, with its source (`RFC 7644 §3.4.2: …`, or the IdP behaviour it
    /// stands for), when the check states one.
    pub reason: Option<String>,
}

impl Failure {
    pub fn new(kind: FailureKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            diff: None,
            compared: None,
            reason: None,
        }
    }

    /// The same finding, with the two values it compared.
    pub fn comparing(mut self, expected: impl Into<String>, actual: impl Into<String>) -> Self {
        self.compared = Some(Box::new(Compared {
            expected: expected.into(),
            actual: actual.into(),
        }));
        self
    }

    /// The same finding, with the rule's reason.
    pub fn because(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }
}

/// The two values a check compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared {
    pub expected: String,
    pub actual: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// No response: connection refused, timeout, TLS…
    Transport,
    Status,
    Header,
    Body,
    /// The body was expected to be JSON and was not.
    NotJson,
    /// A capture found nothing to take.
    Capture,
    /// A `${name}` reference that no earlier step captured.
    Variable,
}

impl FailureKind {
    /// The kind's name in every report (terminal, JUnit, HTML, JSON): `transport`, `status`,
    /// `header`, `body`, `not_json`, `capture`, `variable`.
    pub fn as_str(self) -> &'static str {
        match self {
            FailureKind::Transport => "transport",
            FailureKind::Status => "status",
            FailureKind::Header => "header",
            FailureKind::Body => "body",
            FailureKind::NotJson => "not_json",
            FailureKind::Capture => "capture",
            FailureKind::Variable => "variable",
        }
    }
}
