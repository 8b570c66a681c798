//! The command line: argument definitions and one module per subcommand. The only layer that
//! uses `anyhow`; every subcommand ends in `Result<(), CliError>`, whose `exit_code` is the
//! process's.

pub mod bench;
pub mod bench_suite;
pub mod error;
pub mod load;
pub mod run;
pub mod serve;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "scimulate",
    version,
    max_term_width = 100,
    about = "SCIM conformance harness, Okta-shaped mock IdP and reference SCIM server"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run scenarios against a SCIM target (the bundled reference server by default).
    ///
    /// The scenarios are `--scenarios PATH`, else `./scenarios`, else (where there is none) the
    /// bundled suite embedded in this binary. Every scenario and fixture file is loaded and
    /// checked first: a file that cannot be loaded stops the run, with its `file:line:column`,
    /// before anything is sent. The selected
    /// scenarios then run concurrently against `--target`, or, without it, against the bundled
    /// reference server started in-process on 127.0.0.1. Each failure names its step, its
    /// `file:line:column` and what differs; the exit code gates a pipeline.
    Run(Box<run::RunArgs>),
    /// Serve the reference SCIM server: 2.0 under /scim/v2, 1.1 under /scim/v1.
    Serve(serve::ServeArgs),
    /// Measure the reference server (requests/second, memory), the harness (--suite), or the store under concurrent load (--soak).
    Bench(bench::BenchArgs),
    /// Provision many users the way Okta does (lookup, create, update, deactivate, import) and
    /// prove nothing was lost: latency per request kind, every user listed exactly once.
    Load(load::LoadArgs),
}
