//! Fixture files: the JSON bodies that `body_file` and `expect.body_file` name, read at load time.
//!
//! Reading them before anything runs means a missing or broken fixture stops the run with exit
//! code 2 instead of failing a scenario halfway, after it has created users on the target. Names
//! are relative to the fixtures directory and may not leave it (no absolute paths, no `..`), so a
//! scenario file cannot make `--bless` rewrite an arbitrary file. A fixture used by several
//! scenarios is read once, and a broken one is reported once, at the JSON error.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use super::error::{ErrorKind, LoadError};
use super::model::Scenario;
use super::source::{Site, SourceFile};
use super::tree::{Tree, YamlPath};
use crate::protocol::Dialect;

/// A loaded fixture: its JSON and the file it came from (which `--bless` rewrites).
#[derive(Debug, Clone)]
pub struct Fixture {
    path: PathBuf,
    value: Arc<Value>,
}

impl Fixture {
    /// The fixture file, as the fixtures directory was given joined with the fixture's name.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn value(&self) -> &Value {
        &self.value
    }
}

/// Reads fixtures for one load, remembering each file's outcome.
#[derive(Debug)]
pub struct FixtureCache {
    dir: PathBuf,
    /// Under `--bless`, a fixture that does not exist yet loads as `null`: the run writes it.
    allow_missing: bool,
    /// `None`: the file was read and is broken; its error has been reported already.
    read: HashMap<PathBuf, Option<Fixture>>,
    /// The fixture files held in memory (the suite embedded in the binary), by path: when set,
    /// nothing is read from the file system.
    memory: Option<HashMap<PathBuf, String>>,
}

/// Why a fixture could not be had.
#[derive(Debug)]
pub enum FixtureProblem {
    /// A new error, to report (boxed: errors are large and rare).
    Error(Box<LoadError>),
    /// The fixture is broken and that was already reported for an earlier use.
    AlreadyReported,
}

impl FixtureCache {
    pub fn new(fixtures_dir: &Path, allow_missing: bool) -> Self {
        Self {
            dir: fixtures_dir.to_path_buf(),
            allow_missing,
            read: HashMap::new(),
            memory: None,
        }
    }

    /// A cache whose fixture files are `files`, (path, text) pairs, each path the fixtures
    /// directory joined with the fixture's name, as errors show it: nothing is read from disk.
    pub fn in_memory(
        fixtures_dir: &Path,
        files: impl IntoIterator<Item = (PathBuf, String)>,
    ) -> Self {
        let files = files
            .into_iter()
            .map(|(path, text)| (normalized(&path), text))
            .collect();
        Self {
            memory: Some(files),
            ..Self::new(fixtures_dir, false)
        }
    }

    /// Whether the fixture file called `name` exists (a per-dialect variant is optional).
    pub fn exists(&self, name: &str) -> bool {
        if !stays_inside(Path::new(name)) {
            return false;
        }
        let path = self.dir.join(name);
        match &self.memory {
            Some(files) => files.contains_key(&normalized(&path)),
            None => path.is_file(),
        }
    }

    /// The text of the fixture file at `path`, from memory or from disk.
    fn read_text(&self, path: &Path) -> std::io::Result<String> {
        match &self.memory {
            Some(files) => files
                .get(&normalized(path))
                .cloned()
                .ok_or_else(|| std::io::ErrorKind::NotFound.into()),
            None => std::fs::read_to_string(path),
        }
    }

    /// The fixture called `name` (as written in the scenario), used at `used_at` (the site of
    /// the `body_file` value, where errors about the name point).
    pub fn get(&mut self, name: &str, used_at: &Site) -> Result<Fixture, FixtureProblem> {
        if name.trim().is_empty() {
            return Err(FixtureProblem::Error(Box::new(LoadError::at(
                used_at.clone(),
                ErrorKind::InvalidValue {
                    within: Some("`body_file`".to_owned()),
                    message:
                        "the fixture name is empty; name a JSON file under the fixtures directory"
                            .to_owned(),
                },
            ))));
        }
        if !stays_inside(Path::new(name)) {
            return Err(FixtureProblem::Error(Box::new(LoadError::at(
                used_at.clone(),
                ErrorKind::FixtureOutside {
                    name: name.to_owned(),
                },
            ))));
        }
        let path = self.dir.join(name);
        if let Some(known) = self.read.get(&path) {
            return known.clone().ok_or(FixtureProblem::AlreadyReported);
        }
        let text = match self.read_text(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && self.allow_missing => {
                let fixture = Fixture {
                    path: path.clone(),
                    value: Arc::new(Value::Null),
                };
                self.read.insert(path, Some(fixture.clone()));
                return Ok(fixture);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // Not cached: each place that names a missing file gets its own error.
                return Err(FixtureProblem::Error(Box::new(LoadError::at(
                    used_at.clone(),
                    ErrorKind::FixtureNotFound {
                        name: name.to_owned(),
                        path,
                    },
                ))));
            }
            Err(source) => {
                self.read.insert(path.clone(), None);
                return Err(FixtureProblem::Error(Box::new(LoadError::at(
                    used_at.clone(),
                    ErrorKind::FixtureUnreadable { path, source },
                ))));
            }
        };
        match serde_json::from_str::<Value>(&text) {
            Ok(value) => {
                let fixture = Fixture {
                    path: path.clone(),
                    value: Arc::new(value),
                };
                self.read.insert(path, Some(fixture.clone()));
                Ok(fixture)
            }
            Err(error) => {
                self.read.insert(path.clone(), None);
                let file = SourceFile::new(&path, text);
                let site = file.site_at_line_byte_column(
                    error.line() as u64,
                    error.column() as u64,
                    "here",
                );
                Err(FixtureProblem::Error(Box::new(LoadError::at(
                    site,
                    ErrorKind::FixtureInvalidJson {
                        message: json_message(&error),
                        used_at: used_at.position(),
                    },
                ))))
            }
        }
    }
}

/// Reads every fixture `scenario` names. Errors point at the `body_file` values in `file`.
pub fn resolve_all(
    scenario: &Scenario,
    file: &SourceFile,
    tree: &Tree,
    cache: &mut FixtureCache,
) -> (BTreeMap<String, Fixture>, Vec<LoadError>) {
    let mut fixtures = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, step) in scenario.steps.iter().enumerate() {
        let Some(exchange) = step.value.exchange() else {
            continue;
        };
        let request = YamlPath::root().key("steps").index(i).key("request");
        let variant = exchange.scim11.as_deref();
        let in_variant = request.key(Dialect::Scim11.key());
        let names = [
            (exchange.body_file.as_ref(), request.key("body_file")),
            (
                exchange.expect.as_ref().and_then(|e| e.body_file.as_ref()),
                request.key("expect").key("body_file"),
            ),
            (
                variant.and_then(|v| v.body_file.as_ref()),
                in_variant.key("body_file"),
            ),
            (
                variant
                    .and_then(|v| v.expect.as_ref())
                    .and_then(|e| e.body_file.as_ref()),
                in_variant.key("expect").key("body_file"),
            ),
        ];
        for (name, path) in names {
            let Some(name) = name else { continue };
            let site = match tree.locate(&path) {
                Some(found) => file.site_at(&found.value, "this fixture"),
                None => file.site_at(&step.referenced, "this fixture"),
            };
            match cache.get(name, &site) {
                Ok(fixture) => {
                    fixtures.insert(name.clone(), fixture);
                }
                Err(FixtureProblem::Error(error)) => errors.push(*error),
                Err(FixtureProblem::AlreadyReported) => {}
            }
            // The fixture's SCIM 1.1 variant, where the shapes differ: used by `--dialect 1.1`.
            let Some(variant) = Dialect::Scim11.fixture_variant(name) else {
                continue;
            };
            if !cache.exists(&variant) {
                continue;
            }
            match cache.get(&variant, &site) {
                Ok(fixture) => {
                    fixtures.insert(variant, fixture);
                }
                Err(FixtureProblem::Error(error)) => errors.push(*error),
                Err(FixtureProblem::AlreadyReported) => {}
            }
        }
    }
    (fixtures, errors)
}

/// A relative path with only normal components (and `.`).
fn stays_inside(path: &Path) -> bool {
    path.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// `path` without `.` components, so that `fixtures/./a.json` finds `fixtures/a.json` in memory.
fn normalized(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

/// serde_json's message without its " at line L column C" suffix (the site carries that).
fn json_message(error: &serde_json::Error) -> String {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    full.strip_suffix(&suffix).unwrap_or(&full).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_relative_inner_paths() {
        assert!(stays_inside(Path::new("users/created.json")));
        assert!(stays_inside(Path::new("./users/created.json")));
        assert!(!stays_inside(Path::new("/etc/passwd")));
        assert!(!stays_inside(Path::new("../secrets.json")));
        assert!(!stays_inside(Path::new("users/../../x.json")));
    }

    #[test]
    fn fixtures_in_memory_are_found_by_name_and_never_on_disk() {
        let files = [(
            PathBuf::from("fixtures/users/a.json"),
            "{\"a\": 1}".to_owned(),
        )];
        let mut cache = FixtureCache::in_memory(Path::new("fixtures"), files);
        assert!(cache.exists("users/a.json") && cache.exists("./users/a.json"));
        assert!(!cache.exists("users/b.json") && !cache.exists("../fixtures/users/a.json"));
        let site = SourceFile::new(Path::new("s.yaml"), "x: 1\n".into()).site_at_offset(0, 1, "x");
        let fixture = cache.get("./users/a.json", &site).map_err(|_| "not found");
        assert_eq!(
            fixture.map(|f| f.value().clone()),
            Ok(serde_json::json!({"a": 1}))
        );
        // This file exists on disk, but not in the cache's memory.
        let disk = FixtureCache::in_memory(Path::new("."), []);
        assert!(!disk.exists("Cargo.toml"));
        match cache.get("users/missing.json", &site) {
            Err(FixtureProblem::Error(error)) => {
                assert!(
                    error
                        .to_string()
                        .contains("fixture `users/missing.json` not found"),
                    "{error}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn json_messages_lose_their_position_suffix() {
        let error = serde_json::from_str::<Value>("{\"a\": tru}").unwrap_err();
        assert_eq!(json_message(&error), "expected ident");
    }
}
