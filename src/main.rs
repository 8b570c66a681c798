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
    let result = match cli.command {
        Command::Run(args) => scimulate::cli::run::run(*args, &runtime),
        Command::Serve(args) => runtime.block_on(scimulate::cli::serve::serve(args)),
        Command::Bench(args) => runtime.block_on(scimulate::cli::bench::bench(args)),
    };
    match result {
        Ok(()) => ExitCode::from(exit_code::SUCCESS as u8),
        Err(error) => {
            if let Some(message) = error.message() {
                eprintln!("{message}");
            }
            ExitCode::from(error.exit_code() as u8)
        }
    }
}
