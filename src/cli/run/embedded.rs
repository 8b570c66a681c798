//! The bundled suite, embedded in the binary (`build.rs`): what `scimulate run` loads when no
//! `--scenarios` is given and there is no `./scenarios` directory, so that an installed binary
//! runs the suite anywhere. Paths are the suite's paths in the source tree
//! (`scenarios/users/create_and_read.yaml`), and errors and reports show them so.

use std::path::Path;

/// Every file under `scenarios/` and `fixtures/` at build time, as (path, text).
pub(super) static FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_suite.rs"));

/// The embedded scenarios directory.
pub(super) const SCENARIOS: &str = "scenarios";

/// The embedded fixtures directory.
pub(super) const FIXTURES: &str = "fixtures";

/// What the banner and `--list` say when the embedded suite is used.
pub(super) fn notice() -> String {
    format!(
        "scimulate: the bundled suite embedded in this binary (scimulate {}; no ./{SCENARIOS} here and no --scenarios)",
        env!("CARGO_PKG_VERSION")
    )
}

/// Whether a run without `--scenarios`, from the current directory, takes the embedded suite.
pub(super) fn applies() -> bool {
    !Path::new(SCENARIOS).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_suite_is_embedded_and_loads() {
        assert!(
            FILES
                .iter()
                .any(|(p, _)| *p == "scenarios/users/create_and_read.yaml")
        );
        assert!(FILES.iter().any(|(p, _)| p.starts_with("fixtures/")));
        let embedded =
            crate::scenario::load_in_memory(FILES, Path::new(SCENARIOS), Path::new(FIXTURES));
        let on_disk = crate::scenario::load_dir(Path::new(SCENARIOS), Path::new(FIXTURES));
        let ids = |loaded: Result<Vec<crate::scenario::LoadedScenario>, _>| -> Vec<String> {
            match loaded {
                Ok(loaded) => loaded.into_iter().map(|l| l.id).collect(),
                Err(errors) => panic!("{}", crate::scenario::LoadErrors::render(&errors)),
            }
        };
        assert_eq!(ids(embedded), ids(on_disk));
    }
}
