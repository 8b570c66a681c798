use std::process::ExitCode;

use clap::Parser;
use scimulate::cli::{Cli, Command};
use scimulate::exit_code;

fn main() -> ExitCode {
    let cli = Cli::parse();
    whole_words_in_reports();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(exit_code::RUNTIME_ERROR as u8);
        }
    };
    let result = match cli.command {
        Command::Run(args) => {
            restore_sigpipe();
            scimulate::cli::run::run(*args, &runtime)
        }
        Command::Serve(args) => runtime.block_on(scimulate::cli::serve::serve(args)),
        Command::Bench(args) => runtime.block_on(scimulate::cli::bench::bench(args)),
        Command::Load(args) => runtime.block_on(scimulate::cli::load::load(args)),
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

/// Load errors are miette reports, wrapped to the terminal (80 columns when it is not one): a
/// path, a `${reference}` or `Content-Type` is never cut in two (lines break at spaces only), so
/// what is copied from the report works. A long word overflows its line instead.
fn whole_words_in_reports() {
    // Fails only when a hook is already set, and then that one stands.
    let _ = miette::set_hook(Box::new(|_| {
        Box::new(
            miette::MietteHandlerOpts::new()
                .break_words(false)
                .word_separator(textwrap::WordSeparator::AsciiSpace)
                .word_splitter(textwrap::WordSplitter::NoHyphenation)
                .build(),
        )
    }));
}

/// Rust ignores SIGPIPE, so a write to a closed pipe is an error instead, and the test printer of
/// `run` (libtest-mimic) panics on it: `scimulate run | head` would end in a panic. Restoring the
/// default action ends `run` quietly, as `cat` or `grep` end, when the reader goes away. Sockets
/// are unaffected (the standard library sends with `MSG_NOSIGNAL`, `SO_NOSIGPIPE` on macOS).
/// Only for `run`: a server (`serve`) must outlive whoever stopped reading its log.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: `signal` only sets the process-wide disposition of SIGPIPE back to its default;
    // it touches no memory of ours and is sound with other threads running.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
