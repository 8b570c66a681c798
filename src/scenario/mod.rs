//! Scenario loading: a directory of YAML files into checked [`model`] values with source
//! positions, or every problem at once as [`LoadErrors`].
//!
//! The pipeline, one file per step: [`load`] finds and reads files; serde-saphyr parses each
//! into the [`model`] (errors converted by `yaml_error`, positions from `tree`); `fixtures` reads
//! the JSON files they name; `validate` checks meaning (methods, paths, headers, regexes,
//! captures, names, `${…}` references via [`variables`], expected-JSON [`matchers`]); [`LoadedScenario`] is the result the
//! runner gets. `docs/scenarios.md` is the user-facing description of the format.

pub mod capture;
mod error;
mod fixtures;
mod lexical;
mod load;
mod loaded;
pub mod matchers;
pub mod model;
mod model_de;
mod source;
mod suggest;
mod tree;
mod validate;
pub mod variables;
mod yaml_error;

pub use capture::CaptureSource;
pub use error::{ErrorKind, LoadError, LoadErrors};
pub use fixtures::Fixture;
pub use load::{load_dir, load_file};
pub use loaded::LoadedScenario;
