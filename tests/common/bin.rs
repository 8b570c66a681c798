//! The `scimulate` binary as a child process, with nothing of the caller's environment that
//! would change what it does.

use std::process::Command;

/// `scimulate` in the crate root (where `scenarios/` is), without the `SCIMULATE_*` variables
/// that stand in for flags, and without colour (no terminal, `NO_COLOR`, nothing forcing it).
pub fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_scimulate"));
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    for variable in [
        "SCIMULATE_TARGET",
        "SCIMULATE_BEARER",
        "SCIMULATE_BASIC",
        "SCIMULATE_OKTA_MODE",
        "SCIMULATE_DIALECT",
        "SCIMULATE_DENY_WARNINGS",
        "SCIMULATE_IDP",
        "SCIMULATE_ENTRA_PATCH",
        "SCIMULATE_SERVE_BEARER",
        "SCIMULATE_SERVE_BASIC",
        "FORCE_COLOR",
        "CLICOLOR_FORCE",
        "NO_GRAPHICS",
    ] {
        command.env_remove(variable);
    }
    command.env("NO_COLOR", "1");
    command
}

/// What a `scimulate` process did.
#[derive(Debug)]
pub struct Ran {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    /// stdout and stderr together, for "never printed" checks.
    pub fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }

    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Runs `scimulate ARGS` ([`command`]) to completion.
pub fn scimulate(args: &[&str]) -> Ran {
    let output = command()
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run scimulate: {e}"));
    Ran {
        code: output.status.code().expect("an exit code, not a signal"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}
