//! Reporters: they read outcomes ([`crate::runner::outcome::RunOutcome`]) and write text; they
//! never send requests. One module per format, and [`failure_text`], the text of a failed
//! scenario that the terminal and JUnit reporters share.

pub mod failure_text;
pub mod html;
pub mod json;
pub mod junit;
pub mod terminal;
