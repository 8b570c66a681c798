//! sort tests.
