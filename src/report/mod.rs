//! Reporters: they read outcomes and write text; they never send requests.

pub mod json;
pub mod junit;
pub mod terminal;
