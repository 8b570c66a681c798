//! Reporters: they read outcomes ([`crate::runner::outcome::RunOutcome`]) and write text; they
//! never send requests. One module per format.

pub mod html;
pub mod json;
pub mod junit;
pub mod terminal;
