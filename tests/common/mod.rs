//! What the integration-test binaries share, included by each one's `main.rs` as
//! `#[path = "../common/mod.rs"] mod common;`: temporary directories, the `scimulate` binary
//! as a child process, and the pieces of a library-level run (the bundled server, a target,
//! the run settings, the loaded scenarios). What only one binary needs stays in its own
//! `support.rs`.
//!
//! Each binary uses a part of this, so what one leaves unused is not a warning.
#![allow(dead_code)]

pub mod bin;
pub mod library;
pub mod served;
pub mod temp;

// The same for the shortcuts (a `pub use` a binary does not use is an unused import).
#[allow(unused_imports)]
pub use bin::{Ran, command, scimulate};
#[allow(unused_imports)]
pub use library::{bearer_config, bundled, closed_port, load, settings, target};
#[allow(unused_imports)]
pub use served::Served;
#[allow(unused_imports)]
pub use temp::{temp_dir, write};
