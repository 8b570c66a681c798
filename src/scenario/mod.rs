//! Scenario loading: a directory of YAML files into checked [`model`] values with source
//! positions, or every problem at once as [`LoadErrors`].
//!
//! The pipeline, one file per step: `load` finds and reads the files ([`load_dir`],
//! [`load_file`], or [`load_str`] for text in hand); serde-saphyr parses each into the [`model`] (its errors converted by
//! `yaml_error`, with positions from `tree`); `fixtures` reads the JSON files they name;
//! `validate` checks the meaning (methods, paths, headers, regexes, statuses, [`capture`]
//! sources, names, `${…}` references via [`variables`], [`matchers`] in expected JSON); a
//! [`LoadedScenario`] is what the runner gets. `docs/scenarios.md` describes the format for
//! scenario authors and is the contract with the runner.

pub mod capture;
pub mod entra_model;
mod error;
mod fixtures;
mod lexical;
mod load;
mod loaded;
pub mod matchers;
pub mod model;
mod model_de;
mod source;
mod tree;
mod validate;
pub mod variables;
mod yaml_doc;
mod yaml_error;

pub use crate::protocol::suggest;
pub use capture::CaptureSource;
pub use error::{ErrorKind, LoadError, LoadErrors};
pub use fixtures::Fixture;
pub use load::load_in_memory;
pub use load::{LoadOptions, load_dir, load_dir_with, load_file, load_str};
pub use loaded::LoadedScenario;
pub use yaml_doc::YamlDoc;
