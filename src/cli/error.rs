//! One error type for every subcommand, and the one place that maps an outcome to an exit code
//! (`crate::exit_code`). `main` prints the message and exits with [`CliError::exit_code`]; no
//! subcommand picks a number itself and nothing is downcast.

use crate::exit_code;

/// Why a subcommand did not end in success.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A bad flag or value: nothing ran.
    #[error("{0}")]
    Usage(String),
    /// A scenario, fixture or profile file that cannot be loaded, already rendered (miette,
    /// with `file:line:column`): nothing ran.
    #[error("{0}")]
    Load(String),
    /// At least one scenario failed; the reporters have said which.
    #[error("at least one scenario failed")]
    ScenariosFailed,
    /// The target was not judged (it answered nothing, refused every credential, or answered
    /// 404 to everything); the cause was printed above the summary.
    #[error("{0}")]
    NotJudged(String),
    /// Ctrl-C or SIGTERM stopped the run; what ran was reported.
    #[error("interrupted")]
    Interrupted,
    /// `bench --soak`: a consistency or memory check failed.
    #[error(transparent)]
    SoakInconsistent(anyhow::Error),
    /// `load`: a check of the load run failed; the report said which.
    #[error("a load check failed")]
    LoadCheckFailed,
    /// Anything else that stopped the work (a port taken, a report that cannot be written).
    #[error(transparent)]
    Runtime(#[from] anyhow::Error),
}

impl CliError {
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Usage(_) | CliError::Load(_) => exit_code::USAGE_ERROR,
            CliError::ScenariosFailed => exit_code::SCENARIO_FAILED,
            CliError::NotJudged(_) | CliError::Runtime(_) => exit_code::RUNTIME_ERROR,
            CliError::SoakInconsistent(_) => exit_code::SOAK_INCONSISTENT,
            CliError::LoadCheckFailed => exit_code::LOAD_CHECK_FAILED,
            CliError::Interrupted => exit_code::INTERRUPTED,
        }
    }

    /// What `main` prints on stderr, if anything: verdicts and the interrupt were already
    /// reported on stdout; a load error is printed as rendered.
    pub fn message(&self) -> Option<String> {
        match self {
            CliError::ScenariosFailed
            | CliError::NotJudged(_)
            | CliError::Interrupted
            | CliError::LoadCheckFailed => None,
            CliError::Load(rendered) => Some(rendered.clone()),
            other => Some(format!("error: {other:#}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_has_its_documented_exit_code() {
        let cases = [
            (CliError::Usage("x".into()), 2),
            (CliError::Load("x".into()), 2),
            (CliError::ScenariosFailed, 1),
            (CliError::NotJudged("x".into()), 3),
            (CliError::Interrupted, 130),
            (CliError::LoadCheckFailed, 1),
            (CliError::SoakInconsistent(anyhow::anyhow!("x")), 4),
            (CliError::Runtime(anyhow::anyhow!("x")), 3),
        ];
        for (error, code) in cases {
            assert_eq!(error.exit_code(), code, "{error:?}");
        }
        assert_eq!(
            CliError::Usage("--timeout must be positive".into()).message(),
            Some("error: --timeout must be positive".into())
        );
        assert_eq!(CliError::ScenariosFailed.message(), None);
    }
}
