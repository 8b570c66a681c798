//! The process exit codes of `scimulate`, documented in the README. CI pipelines gate on them.

/// Everything ran and passed (or the server stopped cleanly).
pub const SUCCESS: i32 = 0;
/// At least one scenario failed.
pub const SCENARIO_FAILED: i32 = 1;
/// `load` ran, and one of its checks failed (a user lost, listed twice, a request that never
/// succeeded). The same number as a failed scenario: the target failed what was asked of it.
pub const LOAD_CHECK_FAILED: i32 = 1;
/// Bad invocation, or a scenario or fixture file that cannot be loaded; nothing was run.
pub const USAGE_ERROR: i32 = 2;
/// The command could not do its work for another reason (for example the port is taken).
pub const RUNTIME_ERROR: i32 = 3;
/// `bench --soak` ran, and a consistency or memory check failed.
pub const SOAK_INCONSISTENT: i32 = 4;
/// The run was interrupted (Ctrl-C, SIGINT): 128 + 2, as shells report a process stopped by
/// SIGINT. What ran was reported and what the run created was deleted (or listed).
pub const INTERRUPTED: i32 = 130;
