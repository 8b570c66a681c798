//! The libtest conventions `scimulate run` keeps (a positional name filter, `--exact`, `--skip`,
//! `--list`, `--test-threads`, `--format`, `--quiet`, `--color`), as scimulate's own options
//! with scimulate's own help, and the one place that turns them into the
//! [`libtest_mimic::Arguments`] the rest of the run reads.
//!
//! libtest's flags that mean nothing for scenarios are not shown. `--logfile`, `--test` and `-Z`
//! are not accepted; `--nocapture` and `--show-output` are accepted and do nothing, as in
//! libtest-mimic; `--bench`, `--ignored` and `--include-ignored` are refused with a reason
//! (`gate.rs`), since a run that took them would run nothing or report skipped scenarios as
//! passed.

use clap::{Args, ValueEnum};
use libtest_mimic::{ColorSetting, FormatSetting};

#[derive(Debug, Clone, Default, Args)]
pub struct LibtestOptions {
    /// Run only the scenarios whose id contains FILTER (`users::` runs everything under
    /// `scenarios/users/`); `--list` shows the ids.
    #[arg(value_name = "FILTER")]
    pub filter: Option<String>,
    /// FILTER and `--skip` match whole ids instead of substrings.
    #[arg(long, help_heading = "Selection")]
    pub exact: bool,
    /// Leave out the scenarios whose id contains FILTER (repeatable).
    #[arg(long, value_name = "FILTER", help_heading = "Selection")]
    pub skip: Vec<String>,
    /// List the selected scenarios (id, tags, name) and run nothing. Every file is still
    /// loaded and checked.
    #[arg(long, help_heading = "Selection")]
    pub list: bool,
    /// Run up to N scenarios at once, 1 to 1024 (the steps of a scenario stay in order).
    /// Default: the number of CPUs.
    #[arg(
        long,
        value_name = "N",
        value_parser = clap::value_parser!(u16).range(1..=1024),
        help_heading = "Run"
    )]
    pub test_threads: Option<u16>,
    /// How the terminal shows each scenario's result.
    #[arg(
        long,
        value_enum,
        value_name = "pretty|terse|json",
        help_heading = "Output"
    )]
    pub format: Option<Format>,
    /// The same as `--format terse`.
    #[arg(short, long, conflicts_with = "format", help_heading = "Output")]
    pub quiet: bool,
    /// Colour the output: `auto` colours on a terminal unless `NO_COLOR` is set.
    #[arg(
        long,
        value_enum,
        value_name = "auto|always|never",
        help_heading = "Output"
    )]
    pub color: Option<Color>,
    /// libtest's benchmark mode: refused (`scimulate bench` measures the server).
    #[arg(long, hide = true)]
    pub bench: bool,
    /// libtest's "only ignored tests": refused (a scenario with `skip:` is reported as skipped).
    #[arg(long, hide = true)]
    pub ignored: bool,
    /// libtest's "ignored tests too": refused, like `--ignored`.
    #[arg(long, hide = true)]
    pub include_ignored: bool,
    /// Accepted and ignored, as libtest-mimic does (it never captures output): typed out of
    /// `cargo test -- --nocapture` habit, it must not be an error that suggests `--insecure`.
    #[arg(long, hide = true)]
    pub nocapture: bool,
    /// Accepted and ignored, like `--nocapture`.
    #[arg(long, hide = true)]
    pub show_output: bool,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per scenario (the default).
    Pretty,
    /// One character per scenario.
    Terse,
    /// libtest's JSON events on stdout; scimulate's own lines go to stderr.
    Json,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour on a terminal, unless `NO_COLOR` is set (the default).
    Auto,
    Always,
    Never,
}

impl LibtestOptions {
    /// The libtest-mimic arguments these options stand for.
    pub(super) fn to_arguments(&self) -> libtest_mimic::Arguments {
        libtest_mimic::Arguments {
            filter: self.filter.clone(),
            exact: self.exact,
            skip: self.skip.clone(),
            list: self.list,
            test_threads: self.test_threads.map(usize::from),
            format: self.format.map(|format| match format {
                Format::Pretty => FormatSetting::Pretty,
                Format::Terse => FormatSetting::Terse,
                Format::Json => FormatSetting::Json,
            }),
            quiet: self.quiet,
            color: self.color.map(|color| match color {
                Color::Auto => ColorSetting::Auto,
                Color::Always => ColorSetting::Always,
                Color::Never => ColorSetting::Never,
            }),
            bench: self.bench,
            ignored: self.ignored,
            include_ignored: self.include_ignored,
            ..libtest_mimic::Arguments::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_option_reaches_libtest() {
        let options = LibtestOptions {
            filter: Some("users::".into()),
            exact: true,
            skip: vec!["a".into(), "b".into()],
            list: true,
            test_threads: Some(3),
            format: Some(Format::Json),
            quiet: false,
            color: Some(Color::Never),
            bench: false,
            ignored: true,
            include_ignored: true,
            nocapture: true,
            show_output: true,
        };
        let arguments = options.to_arguments();
        assert_eq!(arguments.filter.as_deref(), Some("users::"));
        assert!(arguments.exact && arguments.list && arguments.ignored);
        assert!(arguments.include_ignored && !arguments.bench);
        assert_eq!(arguments.skip, ["a", "b"]);
        assert_eq!(arguments.test_threads, Some(3));
        assert_eq!(arguments.format, Some(FormatSetting::Json));
        assert_eq!(arguments.color, Some(ColorSetting::Never));
        assert!(arguments.logfile.is_none() && arguments.unstable_flags.is_none());
    }

    #[test]
    fn nothing_given_is_libtest_defaults() {
        let arguments = LibtestOptions::default().to_arguments();
        assert!(arguments.filter.is_none() && arguments.format.is_none());
        assert!(arguments.test_threads.is_none() && arguments.color.is_none());
        assert!(!arguments.quiet && !arguments.list);
    }
}
