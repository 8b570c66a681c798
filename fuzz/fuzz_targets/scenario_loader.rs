//! Fuzz target `scenario_loader`: one call to the library's check (`scimulate::fuzzing`), which the stable
//! test suite also runs over the committed corpus. A violated invariant is a crash.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use scimulate::fuzzing::{Checker, Target};

static CHECKER: LazyLock<Checker> =
    LazyLock::new(|| Checker::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures")));

fuzz_target!(|data: &[u8]| {
    if let Err(violation) = CHECKER.check(Target::ScenarioLoader, data) {
        panic!("{violation}");
    }
});
