//! Loading collects every problem of every file, and checks what only a whole directory shows:
//! duplicate ids and names, a missing or empty directory.

use std::path::Path;

use scimulate::exit_code;
use scimulate::scenario::{ErrorKind, LoadErrors, load_dir};

use crate::common::{temp_dir, write};
use crate::{assert_at, cases};

fn errors_of_dir(dir: &Path, fixtures: &Path) -> LoadErrors {
    match load_dir(dir, fixtures) {
        Ok(loaded) => panic!("{} loaded: {loaded:?}", dir.display()),
        Err(errors) => errors,
    }
}

#[test]
fn every_broken_file_is_reported_in_one_run() {
    let dir = cases().join("many_broken/scenarios");
    let errors = errors_of_dir(&dir, &cases().join("fixtures"));
    let rendered = errors.render();
    assert_eq!(errors.len(), 4, "{rendered}");
    assert_eq!(
        errors.to_string(),
        "4 problems in 3 scenario or fixture files; nothing was run"
    );
    assert_eq!(errors.exit_code(), exit_code::USAGE_ERROR);
    let e = errors.errors();
    assert_at(
        &e[0],
        &dir.join("b_syntax.yaml"),
        1,
        7,
        &["expected a string"],
    );
    assert_at(
        &e[1],
        &dir.join("c_unknown_key.yaml"),
        6,
        16,
        &["did you mean `status`?"],
    );
    assert_at(
        &e[2],
        &dir.join("nested/d_two_problems.yaml"),
        4,
        15,
        &["`G(E)T` is not an HTTP method"],
    );
    assert_at(
        &e[3],
        &dir.join("nested/d_two_problems.yaml"),
        5,
        13,
        &["must start with `/`"],
    );
    assert!(!rendered.contains("a_good.yaml"), "{rendered}");
}

#[test]
fn duplicate_ids_and_names() {
    let dir = cases().join("duplicates/scenarios");
    let errors = errors_of_dir(&dir, &cases().join("fixtures"));
    assert_eq!(errors.len(), 2, "{}", errors.render());
    let e = errors.errors();
    assert_at(
        &e[0],
        &dir.join("one.yml"),
        1,
        1,
        &[
            "the scenario id `one` is also the id of `tests/loader/cases/duplicates/scenarios/one.yaml`; rename one of the two files",
        ],
    );
    assert!(matches!(e[0].kind(), ErrorKind::DuplicateId { .. }));
    assert_at(
        &e[1],
        &dir.join("two.yaml"),
        2,
        7,
        &[
            "the scenario name `The same name` is already used at tests/loader/cases/duplicates/scenarios/one.yaml:1:7",
        ],
    );
    assert!(matches!(e[1].kind(), ErrorKind::DuplicateName { .. }));
}

#[test]
fn missing_scenarios_directory() {
    let dir = cases().join("no_such_dir");
    let errors = errors_of_dir(&dir, &cases().join("fixtures"));
    assert_eq!(errors.len(), 1);
    let e = &errors.errors()[0];
    assert!(matches!(e.kind(), ErrorKind::ScenariosMissing));
    assert_eq!(
        e.to_string(),
        "tests/loader/cases/no_such_dir: it does not exist; create it, or pass `--scenarios DIR` (a directory or one file)"
    );
}

#[test]
fn empty_scenarios_directory() {
    let tmp = temp_dir("loader-empty");
    write(tmp.path(), "README.md", "no scenarios here");
    write(tmp.path(), ".hidden.yaml", "name: hidden");
    let errors = errors_of_dir(tmp.path(), tmp.path());
    assert_eq!(errors.len(), 1);
    assert!(matches!(
        errors.errors()[0].kind(),
        ErrorKind::NoScenarioFiles
    ));
    assert!(
        errors.render().contains("no scenario files"),
        "{}",
        errors.render()
    );
}

#[test]
fn unreadable_file_is_reported_with_the_others() {
    let tmp = temp_dir("loader-unreadable");
    write(tmp.path(), "scenarios/a.yaml", b"name: \xff\xfe\n");
    write(tmp.path(), "scenarios/b.yaml", "name: B\nsteps: []\n");
    let errors = errors_of_dir(&tmp.path().join("scenarios"), tmp.path());
    assert_eq!(errors.len(), 2, "{}", errors.render());
    assert!(matches!(errors.errors()[0].kind(), ErrorKind::Io { .. }));
    assert!(
        errors.errors()[0]
            .to_string()
            .contains("a.yaml: cannot read it"),
        "{}",
        errors.errors()[0]
    );
    assert!(matches!(errors.errors()[1].kind(), ErrorKind::EmptySteps));
}

#[test]
fn a_broken_fixture_used_twice_is_reported_once() {
    let tmp = temp_dir("loader-shared-fixture");
    let scenario = "name: NAME\nsteps:\n  - request:\n      method: POST\n      path: /Users\n      body_file: shared.json\n";
    write(
        tmp.path(),
        "scenarios/a.yaml",
        scenario.replace("NAME", "A"),
    );
    write(
        tmp.path(),
        "scenarios/b.yaml",
        scenario.replace("NAME", "B"),
    );
    write(tmp.path(), "fixtures/shared.json", "{\"a\": }");
    let errors = errors_of_dir(&tmp.path().join("scenarios"), &tmp.path().join("fixtures"));
    assert_eq!(errors.len(), 1, "{}", errors.render());
    let e = &errors.errors()[0];
    assert!(matches!(e.kind(), ErrorKind::FixtureInvalidJson { .. }));
    assert_at(
        e,
        &tmp.path().join("fixtures/shared.json"),
        1,
        7,
        &["used at"],
    );
}

#[test]
fn a_fixture_that_is_a_directory_is_unreadable() {
    let tmp = temp_dir("loader-fixture-dir");
    write(
        tmp.path(),
        "scenarios/a.yaml",
        "name: A\nsteps:\n  - request:\n      method: POST\n      path: /Users\n      body_file: users\n",
    );
    write(tmp.path(), "fixtures/users/x.json", "{}");
    let errors = errors_of_dir(&tmp.path().join("scenarios"), &tmp.path().join("fixtures"));
    assert_eq!(errors.len(), 1, "{}", errors.render());
    assert!(matches!(
        errors.errors()[0].kind(),
        ErrorKind::FixtureUnreadable { .. }
    ));
    assert_at(
        &errors.errors()[0],
        &tmp.path().join("scenarios/a.yaml"),
        6,
        18,
        &["cannot read fixture"],
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_an_error_not_a_hang() {
    let tmp = temp_dir("loader-symlink-loop");
    write(
        tmp.path(),
        "scenarios/a.yaml",
        "name: A\nsteps:\n  - request: {method: GET, path: /Users}\n",
    );
    std::os::unix::fs::symlink(".", tmp.path().join("scenarios/loop")).expect("symlink");
    let errors = errors_of_dir(&tmp.path().join("scenarios"), tmp.path());
    assert_eq!(errors.len(), 1, "{}", errors.render());
    assert!(matches!(
        errors.errors()[0].kind(),
        ErrorKind::SymlinkLoop { .. }
    ));
    let message = errors.errors()[0].to_string();
    assert!(
        message.contains("scenarios/loop: this symbolic link leads back to"),
        "{message}"
    );
}
