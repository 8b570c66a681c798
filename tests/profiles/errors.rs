//! Bad profiles and bad `requires:` are load errors with file, line and column, and a fix.

use crate::common::{scimulate, temp_dir, write};

fn load_error(text: &str) -> String {
    let dir = temp_dir("profiles-bad");
    let file = write(dir.path(), "target.yaml", text);
    match scimulate::profile::load(&file) {
        Ok(profile) => panic!("loaded: {profile:?}"),
        Err(errors) => errors
            .errors()
            .iter()
            .map(|e| {
                let position = e.line_column().unwrap_or_default();
                format!("{}:{}: {e}", position.0, position.1)
            })
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

#[test]
fn a_mistyped_key_is_positioned_with_a_suggestion() {
    let err = load_error("name: T\ngrups: false\n");
    assert!(err.starts_with("2:1:"), "{err}");
    assert!(err.contains("did you mean `groups`?"), "{err}");
}

#[test]
fn an_unknown_value_names_the_choices() {
    let err = load_error("name: T\nunassign: remove\n");
    assert!(err.starts_with("2:11:"), "{err}");
    assert!(
        err.contains("`deactivate`") && err.contains("`delete`"),
        "{err}"
    );
}

#[test]
fn an_unknown_writable_attribute_points_at_the_item() {
    let err = load_error("name: T\nwritable:\n  - active\n  - displayNme\n");
    assert!(err.starts_with("4:5:"), "{err}");
    assert!(err.contains("did you mean `displayName`?"), "{err}");
}

#[test]
fn wrong_types_empty_files_and_missing_names_are_errors() {
    let err = load_error("name: T\ngroups: no\n");
    assert!(err.contains("write `true` or `false`"), "{err}");
    let err = load_error("\n");
    assert!(err.contains("the profile is empty"), "{err}");
    let err = load_error("groups: false\n");
    assert!(err.contains("`name`"), "{err}");
    let err = load_error("name: \"  \"\n");
    assert!(err.contains("give the profile a name"), "{err}");
}

#[test]
fn the_bundled_profiles_load() {
    for file in ["thousandeyes", "reference"] {
        let path = std::path::PathBuf::from(format!("scenarios/profiles/{file}.yaml"));
        if let Err(e) = scimulate::profile::load(&path) {
            panic!("{}", e.render());
        }
    }
}

#[test]
fn a_bad_profile_stops_the_run_with_exit_2() {
    let dir = temp_dir("profiles-cli");
    let file = write(dir.path(), "p.yaml", "name: T\nunassign: delet\n");
    let ran = scimulate(&["run", "--profile", file.to_str().unwrap_or_default()]);
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert!(ran.stderr.contains("p.yaml:2:11"), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("did you mean `delete`?"),
        "{}",
        ran.stderr
    );
}

#[test]
fn requires_names_known_capabilities() {
    let dir = temp_dir("profiles-requires");
    let file = write(
        dir.path(),
        "s.yaml",
        "name: S\nrequires: [grups, writable:nme, patch]\nsteps:\n  - request: {method: GET, path: /Users}\n",
    );
    let err = match scimulate::scenario::load_file(&file, dir.path()) {
        Ok(_) => panic!("loaded"),
        Err(errors) => errors.render(),
    };
    assert!(err.contains("s.yaml:2:12"), "{err}");
    assert!(err.contains("did you mean `groups`?"), "{err}");
    assert!(err.contains("did you mean `writable:name`?"), "{err}");
    assert!(!err.contains("`patch`"), "{err}");
}
