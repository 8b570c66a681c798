//! Reporters: they read outcomes ([`crate::runner::outcome::RunOutcome`]) and write text; they
//! never send requests. One module per format, [`failure_text`], the text of a failed scenario
//! that the terminal and JUnit reporters share, and [`readiness`], the IdPs' own acceptance
//! tests judged from the outcomes, which the terminal, HTML and JSON reporters show.

pub mod failure_text;
pub mod html;
pub mod json;
pub mod junit;
pub mod load;
pub mod readiness;
pub mod terminal;
