//! Reporters: they read outcomes and write text; they never send requests.

pub mod html;
pub mod terminal;
