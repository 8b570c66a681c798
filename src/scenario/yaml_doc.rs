//! One YAML file parsed into any serde type with the scenario loader's positioned errors, for
//! other hand-written files (target profiles, `src/profile/`).
//!
//! Sharing the loader's machinery (serde-saphyr positions, the key [`Tree`], suggestions) means a
//! typo in a profile is reported exactly like one in a scenario: `file:line:column`, the map it
//! is in, and the nearest known key.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::error::{ErrorKind, LoadError, LoadErrors};
use super::source::SourceFile;
use super::tree::{Tree, YamlPath};
use super::yaml_error;

/// A parsed file, kept so that later checks can point into it.
pub struct YamlDoc {
    file: SourceFile,
    tree: Tree,
}

impl YamlDoc {
    /// Reads and parses `path` as a `T`; unknown keys, wrong types and bad values are errors.
    pub fn load<T: DeserializeOwned>(path: &Path) -> Result<(T, YamlDoc), LoadErrors> {
        let text = std::fs::read_to_string(path).map_err(|source| {
            LoadErrors::new(vec![LoadError::about(path, ErrorKind::Io { source })])
        })?;
        let file = SourceFile::new(path, text);
        let tree = Tree::parse(file.text());
        let options = serde_saphyr::options! { strict_booleans: true };
        match serde_saphyr::from_str_with_options(file.text(), options) {
            Ok(value) => Ok((value, YamlDoc { file, tree })),
            Err(error) => Err(LoadErrors::new(vec![yaml_error::convert(
                &error, &file, &tree,
            )])),
        }
    }

    /// An [`ErrorKind::InvalidValue`] at the value of `key` (or of `key[index]`), labelled.
    pub fn invalid(
        &self,
        key: &str,
        index: Option<usize>,
        label: &str,
        message: String,
    ) -> LoadError {
        let mut path = YamlPath::root().key(key);
        if let Some(index) = index {
            path = path.index(index);
        }
        let site = match self.tree.locate(&path) {
            Some(found) => self.file.site_at(&found.value, label),
            None => self.file.site_at_line_column(1, 1, 0, label),
        };
        let within = Some(path.describe());
        LoadError::at(site, ErrorKind::InvalidValue { within, message })
    }
}
