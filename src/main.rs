use std::process::ExitCode;

use clap::Parser;
use scimulate::cli::{Cli, Command};
use scimulate::exit_code;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(exit_code::RUNTIME_ERROR as u8);
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve(args) => scimulate::cli::serve::serve(args).await,
            Command::Bench(args) => scimulate::cli::bench::bench(args).await,
        }
    });
    match result {
        Ok(()) => ExitCode::from(exit_code::SUCCESS as u8),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(exit_code::RUNTIME_ERROR as u8)
        }
    }
}
