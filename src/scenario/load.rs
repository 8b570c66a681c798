//! From a directory of YAML files to [`LoadedScenario`]s, or every reason why not.
//!
//! Loading is all-or-nothing and never stops early: every file is parsed, checked and has its
//! fixtures read, and every problem in every file is returned together, so that one run of
//! `scimulate run` shows everything that needs fixing. Only when nothing is wrong does anything
//! run (the CLI exits with code 2 otherwise).
//!
//! Files are `*.yaml` and `*.yml` below the scenarios directory, recursively, in path order
//! (component by component, so `users/create.yaml` before `users/delete.yaml` before
//! `users/groups/add.yaml`). Names starting with `.` (editor backups, `.git`) are skipped, and
//! so is the top-level `profiles/` directory (target profiles, see `src/profile/`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::error::{ErrorKind, LoadError, LoadErrors};
use super::fixtures::{FixtureCache, resolve_all};
use super::loaded::LoadedScenario;
use super::model::Scenario;
use super::source::{Site, SourceFile};
use super::tree::{Tree, YamlPath};
use super::{validate, yaml_error};

/// The directory directly below the scenarios directory that holds target profiles, not
/// scenarios (`scenarios/profiles/thousandeyes.yaml`); the loader does not descend into it.
pub const PROFILES_DIR: &str = "profiles";

/// Deeper than this is not a test suite (a backstop; link loops are caught directly).
const MAX_DEPTH: usize = 32;

/// Loads every scenario below `scenarios_dir` (or just that file, if it is one), reading
/// fixtures from `fixtures_dir`. See the module docs for order and ids.
pub fn load_dir(
    scenarios_dir: &Path,
    fixtures_dir: &Path,
) -> Result<Vec<LoadedScenario>, LoadErrors> {
    load_dir_with(scenarios_dir, fixtures_dir, LoadOptions::default())
}

/// How strict loading is.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Accept fixture files that do not exist yet (they load as `null`): `--bless` writes them.
    pub allow_missing_fixtures: bool,
}

/// [`load_dir`] with options.
pub fn load_dir_with(
    scenarios_dir: &Path,
    fixtures_dir: &Path,
    options: LoadOptions,
) -> Result<Vec<LoadedScenario>, LoadErrors> {
    let (files, mut errors) = scenario_files(scenarios_dir);
    let mut cache = FixtureCache::new(fixtures_dir, options.allow_missing_fixtures);
    let mut candidates = Vec::new();
    for (path, id) in files {
        match load_one(&path, id, &mut cache) {
            Ok(candidate) => candidates.push(candidate),
            Err(mut file_errors) => errors.append(&mut file_errors),
        }
    }
    errors.extend(duplicates(&candidates));
    if errors.is_empty() {
        Ok(candidates.into_iter().map(|c| c.loaded).collect())
    } else {
        Err(sorted(errors))
    }
}

/// Files in path order, then positions; stable, so errors at one place keep their order.
fn sorted(mut errors: Vec<LoadError>) -> LoadErrors {
    errors.sort_by(|a, b| (a.path(), a.line_column()).cmp(&(b.path(), b.line_column())));
    LoadErrors::new(errors)
}

/// Loads one scenario file. Its id is the file name without extension. One file can have
/// several problems, so the error is a [`LoadErrors`] like [`load_dir`]'s.
pub fn load_file(path: &Path, fixtures_dir: &Path) -> Result<LoadedScenario, LoadErrors> {
    let mut cache = FixtureCache::new(fixtures_dir, false);
    load_one(path, file_id(path), &mut cache)
        .map(|candidate| candidate.loaded)
        .map_err(sorted)
}

/// Loads one scenario from `text`, as if read from `path` (which names it in errors and gives its
/// id; nothing is read from it). Fixtures are read from `fixtures_dir` as usual. For callers that
/// already hold the text: the fuzz targets, and tests that need no file.
pub fn load_str(
    path: &Path,
    text: String,
    fixtures_dir: &Path,
) -> Result<LoadedScenario, LoadErrors> {
    let mut cache = FixtureCache::new(fixtures_dir, false);
    load_text(path, file_id(path), text, &mut cache)
        .map(|candidate| candidate.loaded)
        .map_err(sorted)
}

fn file_id(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// A loaded scenario with what the cross-file checks need to point into it.
struct Candidate {
    loaded: LoadedScenario,
    file: SourceFile,
    name_site: Site,
}

fn load_one(
    path: &Path,
    id: String,
    cache: &mut FixtureCache,
) -> Result<Candidate, Vec<LoadError>> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| vec![LoadError::about(path, ErrorKind::Io { source })])?;
    load_text(path, id, text, cache)
}

fn load_text(
    path: &Path,
    id: String,
    text: String,
    cache: &mut FixtureCache,
) -> Result<Candidate, Vec<LoadError>> {
    let file = SourceFile::new(path, text);
    let tree = Tree::parse(file.text());
    let options = serde_saphyr::options! { strict_booleans: true };
    let scenario: Scenario = serde_saphyr::from_str_with_options(file.text(), options)
        .map_err(|error| vec![yaml_error::convert(&error, &file, &tree)])?;

    let (fixtures, mut errors) = resolve_all(&scenario, &file, &tree, cache);
    errors.extend(validate::check(&scenario, &file, &tree, &fixtures));
    if !errors.is_empty() {
        return Err(errors);
    }
    let name_site = match tree.find(&YamlPath::root().key("name")) {
        Some(found) => file.site_at(&found.value, "this name"),
        None => file.site_at_line_column(1, 1, 0, "this name"),
    };
    Ok(Candidate {
        loaded: LoadedScenario {
            path: path.to_path_buf(),
            id,
            scenario,
            fixtures,
        },
        file,
        name_site,
    })
}

/// Two scenarios with one id (`a.yaml` and `a.yml`) or one name cannot be told apart in
/// filters and reports; the second of each pair is the error.
fn duplicates(candidates: &[Candidate]) -> Vec<LoadError> {
    let mut errors = Vec::new();
    let mut ids: HashMap<&str, &Path> = HashMap::new();
    let mut names: HashMap<&str, &Site> = HashMap::new();
    for candidate in candidates {
        let loaded = &candidate.loaded;
        if let Some(other) = ids.insert(&loaded.id, &loaded.path) {
            let site = candidate.file.site_at_line_column(1, 1, 0, "this file");
            let kind = ErrorKind::DuplicateId {
                id: loaded.id.clone(),
                other: other.to_path_buf(),
            };
            errors.push(LoadError::at(site, kind));
            ids.insert(&loaded.id, other);
        }
        if let Some(other) = names.insert(loaded.name(), &candidate.name_site) {
            let kind = ErrorKind::DuplicateName {
                name: loaded.name().to_owned(),
                other: other.position(),
            };
            errors.push(LoadError::at(candidate.name_site.clone(), kind));
            names.insert(loaded.name(), other);
        }
    }
    errors
}

/// The scenario files to load, as (path to open, id), sorted; and the problems met finding them.
fn scenario_files(root: &Path) -> (Vec<(PathBuf, String)>, Vec<LoadError>) {
    let metadata = match std::fs::metadata(root) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return (
                Vec::new(),
                vec![LoadError::about(root, ErrorKind::ScenariosMissing)],
            );
        }
        Err(source) => {
            return (
                Vec::new(),
                vec![LoadError::about(root, ErrorKind::Io { source })],
            );
        }
    };
    if metadata.is_file() {
        let id = root
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        return (vec![(root.to_path_buf(), id)], Vec::new());
    }
    let mut walker = Walker {
        root,
        files: Vec::new(),
        errors: Vec::new(),
        ancestors: Vec::new(),
    };
    walker.walk(Path::new(""));
    let Walker {
        files: mut relative,
        mut errors,
        ..
    } = walker;
    relative.sort();
    if relative.is_empty() && errors.is_empty() {
        errors.push(LoadError::about(root, ErrorKind::NoScenarioFiles));
    }
    let files = relative
        .into_iter()
        .map(|rel| {
            let id = scenario_id(&rel);
            (root.join(rel), id)
        })
        .collect();
    (files, errors)
}

/// Collects scenario files below `root`, as paths relative to it.
struct Walker<'a> {
    root: &'a Path,
    files: Vec<PathBuf>,
    errors: Vec<LoadError>,
    /// Canonical paths of the directories being walked, root first: a link back to one of them
    /// is a loop.
    ancestors: Vec<PathBuf>,
}

impl Walker<'_> {
    fn walk(&mut self, rel: &Path) {
        let dir = self.root.join(rel);
        if self.ancestors.len() > MAX_DEPTH {
            let source = std::io::Error::other("directories nested too deeply");
            self.errors
                .push(LoadError::about(&dir, ErrorKind::Io { source }));
            return;
        }
        // Followed symbolic links are fine (a linked directory of shared scenarios); a link back
        // to a directory being walked would repeat every file forever.
        if let Ok(canonical) = std::fs::canonicalize(&dir) {
            if self.ancestors.contains(&canonical) {
                let kind = ErrorKind::SymlinkLoop { target: canonical };
                self.errors.push(LoadError::about(&dir, kind));
                return;
            }
            self.ancestors.push(canonical);
        }
        self.entries(&dir, rel);
        self.ancestors.pop();
    }

    fn entries(&mut self, dir: &Path, rel: &Path) {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(source) => {
                self.errors
                    .push(LoadError::about(dir, ErrorKind::Io { source }));
                return;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(source) => {
                    self.errors
                        .push(LoadError::about(dir, ErrorKind::Io { source }));
                    continue;
                }
            };
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let child = rel.join(&name);
            match std::fs::metadata(entry.path()) {
                // Target profiles (`--profile`) live beside the scenarios, not among them.
                Ok(m) if m.is_dir() && rel.as_os_str().is_empty() && name == PROFILES_DIR => {}
                Ok(m) if m.is_dir() => self.walk(&child),
                Ok(m) if m.is_file() && is_yaml(&child) => self.files.push(child),
                Ok(_) => {}
                Err(source) => {
                    let error = LoadError::about(&entry.path(), ErrorKind::Io { source });
                    self.errors.push(error);
                }
            }
        }
    }
}

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// `users/create.yaml` → `users::create`.
pub(crate) fn scenario_id(relative: &Path) -> String {
    relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("::")
}

/// [`load_dir`] over files held in memory (the suite embedded in the binary) instead of
/// the file system. `files` are (path, text) pairs, each path as errors and reports are to show
/// it (`scenarios/users/create_and_read.yaml`): those below `scenarios_dir` are the scenario
/// files, picked by the directory walk's rules (`*.yaml` and `*.yml`, no name starting with `.`,
/// not the top-level `profiles/`), and those below `fixtures_dir` the fixtures. Ids, order,
/// checks and errors are [`load_dir`]'s; nothing is read from disk (so there is no `--bless`
/// here: a fixture that is not among `files` is missing).
pub fn load_in_memory(
    files: &[(&str, &str)],
    scenarios_dir: &Path,
    fixtures_dir: &Path,
) -> Result<Vec<LoadedScenario>, LoadErrors> {
    let fixtures = files
        .iter()
        .map(|(path, text)| (PathBuf::from(path), text.to_string()))
        .filter(|(path, _)| path.starts_with(fixtures_dir));
    let mut cache = FixtureCache::in_memory(fixtures_dir, fixtures);
    let mut scenarios: Vec<(PathBuf, &str)> = files
        .iter()
        .filter_map(|(path, text)| {
            let relative = Path::new(path).strip_prefix(scenarios_dir).ok()?;
            let hidden = relative
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            let profiles = relative
                .components()
                .next()
                .is_some_and(|c| c.as_os_str() == PROFILES_DIR)
                && relative.components().count() > 1;
            (is_yaml(relative) && !hidden && !profiles).then(|| (relative.to_path_buf(), *text))
        })
        .collect();
    scenarios.sort();
    if scenarios.is_empty() {
        let error = LoadError::about(scenarios_dir, ErrorKind::NoScenarioFiles);
        return Err(LoadErrors::new(vec![error]));
    }
    let mut candidates = Vec::new();
    let mut errors = Vec::new();
    for (relative, text) in scenarios {
        let id = scenario_id(&relative);
        match load_text(
            &scenarios_dir.join(relative),
            id,
            text.to_owned(),
            &mut cache,
        ) {
            Ok(candidate) => candidates.push(candidate),
            Err(mut file_errors) => errors.append(&mut file_errors),
        }
    }
    errors.extend(duplicates(&candidates));
    if errors.is_empty() {
        Ok(candidates.into_iter().map(|c| c.loaded).collect())
    } else {
        Err(sorted(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_memory_files_load_like_a_directory() {
        let scenario = |name: &str, body: &str| {
            format!(
                "name: {name}\nsteps:\n  - request:\n      method: GET\n      path: /Users\n{body}"
            )
        };
        let a = scenario("a", "      expect:\n        body_file: users/a.json\n");
        let b = scenario("b", "");
        let files = [
            ("suite/scenarios/users/b.yaml", b.as_str()),
            ("suite/scenarios/a.yml", a.as_str()),
            ("suite/scenarios/.hidden/c.yaml", "not: [yaml"),
            ("suite/scenarios/profiles/p.yaml", "not: [yaml"),
            ("suite/scenarios/notes.txt", "not yaml"),
            ("suite/fixtures/users/a.json", "{\"id\": \"$any\"}"),
        ];
        let scenarios = Path::new("suite/scenarios");
        let fixtures = Path::new("suite/fixtures");
        let loaded = match load_in_memory(&files, scenarios, fixtures) {
            Ok(loaded) => loaded,
            Err(errors) => panic!("{}", errors.render()),
        };
        let ids: Vec<&str> = loaded.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["a", "users::b"]);
        assert_eq!(loaded[1].path, Path::new("suite/scenarios/users/b.yaml"));
        assert_eq!(
            loaded[0].fixture_path("users/a.json"),
            Some(Path::new("suite/fixtures/users/a.json"))
        );
    }

    #[test]
    fn in_memory_errors_point_at_the_path_given() {
        let files = [(
            "scenarios/x.yaml",
            "name: x\nsteps:\n  - request:\n      method: GET\n      path: /Users\n      expect:\n        body_file: nowhere.json\n",
        )];
        let errors = load_in_memory(&files, Path::new("scenarios"), Path::new("fixtures"))
            .err()
            .map(|e| e.render())
            .unwrap_or_default();
        assert!(
            errors.contains("scenarios/x.yaml:7:20: fixture `nowhere.json` not found"),
            "{errors}"
        );
        let none = load_in_memory(&files, Path::new("elsewhere"), Path::new("fixtures"));
        assert!(none.is_err());
    }

    #[test]
    fn ids_are_libtest_paths() {
        assert_eq!(scenario_id(Path::new("users/create.yaml")), "users::create");
        assert_eq!(scenario_id(Path::new("create.yml")), "create");
        assert_eq!(scenario_id(Path::new("a/b/c.v2.yaml")), "a::b::c.v2");
    }

    #[test]
    fn yaml_extensions() {
        assert!(is_yaml(Path::new("a.yaml")));
        assert!(is_yaml(Path::new("a.YML")));
        assert!(!is_yaml(Path::new("a.json")));
        assert!(!is_yaml(Path::new("yaml")));
    }
}
