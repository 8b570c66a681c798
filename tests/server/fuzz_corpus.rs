//! The fuzz targets' seed corpus and crash inputs, replayed on stable: every file under
//! `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/` goes through the same check as the
//! fuzz target (`scimulate::fuzzing`), so CI exercises the targets without nightly or libFuzzer.
//! A plain `#[test]`: the request check runs its own current-thread runtime.

use std::path::{Path, PathBuf};

use scimulate::fuzzing::{Checker, Target};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

#[test]
fn committed_fuzz_inputs_pass_their_checks() {
    let checker = Checker::new(root().join("fixtures"));
    let mut failures = Vec::new();
    for target in Target::ALL {
        let seeds = files(&root().join("fuzz/corpus").join(target.name()));
        assert!(
            !seeds.is_empty(),
            "no seed corpus for the {} target",
            target.name()
        );
        let crashes = files(&root().join("fuzz/regressions").join(target.name()));
        for path in seeds.iter().chain(&crashes) {
            let data = std::fs::read(path).expect("read a corpus file");
            if let Err(violation) = checker.check(target, &data) {
                failures.push(format!("{}: {violation}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
