//! A scenario that passed every load-time check: what the runner receives.
//!
//! Besides the parsed [`Scenario`] it carries what the runner should not have to work out again:
//! a stable id for filtering and reports, the fixtures already read (so a run never stops for a
//! missing file), and the position of every step (so a failure can say `file:line:column`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::fixtures::Fixture;
use super::model::Scenario;
use crate::protocol::Dialect;

#[derive(Debug, Clone)]
pub struct LoadedScenario {
    /// The scenario file: the scenarios directory as given, joined with the file's path below it
    /// (`scenarios/users/create.yaml`), so that it opens from the current directory and reads
    /// the way the user typed it.
    pub path: PathBuf,
    /// Stable libtest-style name: the path below the scenarios directory without its extension,
    /// with `::` between directories (`users/create.yaml` → `users::create`). It is what name
    /// filters, `--exact`, `--skip` and `--list` see; the scenario's `name` is for display.
    pub id: String,
    pub scenario: Scenario,
    /// Every fixture the scenario uses (`body_file`, `expect.body_file`), by its name as written
    /// in the scenario (`users/created.json`).
    pub fixtures: BTreeMap<String, Fixture>,
}

impl LoadedScenario {
    /// The scenario's display name.
    pub fn name(&self) -> &str {
        &self.scenario.name
    }

    /// The JSON of the fixture named `name` (as written in a `body_file`).
    pub fn fixture(&self, name: &str) -> Option<&Value> {
        self.fixtures.get(name).map(Fixture::value)
    }

    /// The fixture a `body_file: name` means in `dialect`: its per-dialect variant
    /// (`name.scim1.1.json`) where there is one, else `name` itself; with the name used.
    pub fn fixture_in(&self, name: &str, dialect: Dialect) -> Option<(String, &Value)> {
        if let Some(variant) = dialect.fixture_variant(name)
            && let Some(value) = self.fixture(&variant)
        {
            return Some((variant, value));
        }
        self.fixture(name).map(|value| (name.to_owned(), value))
    }

    /// The file `--bless` writes for `body_file: name` in `dialect`: in 2.0 the fixture itself,
    /// in 1.1 its variant beside it (`name.scim1.1.json`), so blessing one dialect never
    /// rewrites what the other expects.
    pub fn bless_path_in(&self, name: &str, dialect: Dialect) -> Option<PathBuf> {
        let path = self.fixture_path(name)?;
        match dialect.fixture_variant(name) {
            None => Some(path.to_path_buf()),
            Some(variant) => {
                let file = Path::new(&variant).file_name()?;
                Some(path.with_file_name(file))
            }
        }
    }

    /// The file of the fixture named `name`, for `--bless` to rewrite.
    pub fn fixture_path(&self, name: &str) -> Option<&Path> {
        self.fixtures.get(name).map(Fixture::path)
    }

    /// 1-based (line, column) of step `index` (0-based) in [`Self::path`]: where its kind key
    /// (`request:`) starts. `(0, 0)` if there is no such step.
    pub fn step_location(&self, index: usize) -> (u64, u64) {
        self.scenario.steps.get(index).map_or((0, 0), |step| {
            (step.referenced.line(), step.referenced.column())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{LoadError, LoadErrors};
    use super::*;

    fn shareable<T: Send + Sync + 'static>() {}

    /// The runner shares loaded scenarios across test threads, and the CLI turns load errors
    /// into `miette::Report`s (which need `Send + Sync + 'static`).
    #[test]
    fn results_can_cross_threads() {
        shareable::<LoadedScenario>();
        shareable::<LoadError>();
        shareable::<LoadErrors>();
        let report = miette::Report::new(LoadErrors::new(Vec::new()));
        assert!(report.to_string().contains("nothing was run"));
    }
}
