//! Tests across the expectation layer: matching, diffs and blessing on SCIM-shaped bodies.

mod bless_tests;
mod diff_tests;
mod match_tests;
