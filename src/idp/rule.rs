//! One acceptance rule of a mock IdP: how much a finding of it weighs (`fail`: the IdP's real
//! provisioning would fail or lose data; `warn`: only an RFC or a review asks for it), and why
//! it exists, with its source. Each IdP lists its rules in its own `rules.rs`.

use crate::protocol::{Failure, FailureKind, Level};

/// One rule: how much it weighs, and why it exists (with its source).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub level: Level,
    pub reason: &'static str,
}

impl Rule {
    /// A finding of this rule.
    pub fn finding(&self, kind: FailureKind, message: String) -> Failure {
        Failure::new(kind, message).because(self.reason)
    }
}

/// A rule whose breach fails the step.
pub const fn fail(reason: &'static str) -> Rule {
    Rule {
        level: Level::Fail,
        reason,
    }
}

/// A rule whose breach is a warning: the IdP goes on.
pub const fn warn(reason: &'static str) -> Rule {
    Rule {
        level: Level::Warn,
        reason,
    }
}
