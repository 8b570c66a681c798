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
        Command::Run(args) => {
            let code = scimulate::cli::run::run(*args, &runtime);
            return ExitCode::from(code as u8);
        }
        Command::Serve(args) => {
            if let Err(message) = scimulate::cli::serve::check_behaviour(&args) {
                eprintln!("error: {message}");
                return ExitCode::from(exit_code::USAGE_ERROR as u8);
            }
            runtime.block_on(scimulate::cli::serve::serve(args))
        }
        Command::Bench(args) => runtime.block_on(scimulate::cli::bench::bench(args)),
    };
    match result {
        Ok(()) => ExitCode::from(exit_code::SUCCESS as u8),
        Err(e) if e.is::<scimulate::cli::bench::SoakFailed>() => {
            eprintln!("error: {e:#}");
            ExitCode::from(exit_code::SOAK_INCONSISTENT as u8)
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(exit_code::RUNTIME_ERROR as u8)
        }
    }
}
