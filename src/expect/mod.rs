//! Expectations: is a response what the scenario expected, and if not, what exactly differs?
//!
//! The runner substitutes `${variables}` into a step's expectations, calls
//! [`validate_expected`] (and [`validate_header_check`]) before sending anything, then after the
//! exchange [`check_status`], [`check_header`] per header and [`match_json`] / [`diff`](fn@diff) on the
//! body. Messages are one line each; the diff shows only what really differs, because matchers
//! that matched and (in subset mode) attributes the scenario did not mention are not differences.
//! [`bless`](fn@bless) and [`bless_merge`] go the other way: from a response to a fixture.
//!
//! - [`matcher`]: the `$word` matcher syntax and its validation;
//! - [`json_match`]: the comparison rules and mismatch paths;
//! - [`diff`](mod@diff): unified diffs of the "views" of both sides;
//! - [`headers`]: status and header checks;
//! - [`bless`](mod@bless): response → fixture.

pub mod bless;
pub mod diff;
pub mod headers;
pub mod json_match;
pub mod matcher;
mod path;

#[cfg(test)]
mod tests;

pub use bless::{bless, bless_merge, resolve_references};
pub use diff::{DiffLine, DiffTag, JsonDiff, diff, json_diff};
pub use headers::{check_header, check_status, validate_header_check};
pub use json_match::{JsonVerdict, Mismatch, match_json};
pub use matcher::{Matcher, MatcherError, validate_expected};
