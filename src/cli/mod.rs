//! The command line: argument definitions and one module per subcommand. The only layer that
//! uses `anyhow`; every subcommand ends in `Result<(), CliError>`, whose `exit_code` is the
//! process's.

pub mod bench;
pub mod bench_suite;
pub mod error;
pub mod run;
pub mod serve;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "scimulate",
    version,
    about = "SCIM conformance harness, Okta-shaped mock IdP and reference SCIM server"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run scenarios against a SCIM target (the bundled reference server by default).
    Run(Box<run::RunArgs>),
    /// Serve the reference SCIM server: 2.0 under /scim/v2, 1.1 under /scim/v1.
    Serve(serve::ServeArgs),
    /// Measure the reference server (requests/second, memory), the harness (--suite), or the store under concurrent load (--soak).
    Bench(bench::BenchArgs),
}
