//! The runner: who sends what and checks it. It turns loaded scenarios into outcomes (plain
//! data, see [`outcome`]); it never formats output — reporters do.

pub mod advertised;
pub mod check;
pub mod cleanup;
pub mod control;
pub mod discover;
pub mod exchange;
pub mod flow_run;
pub mod identity;
pub mod left_behind;
pub mod outcome;
pub mod redaction;
pub mod retry;
pub mod scenario_run;
pub mod target;
