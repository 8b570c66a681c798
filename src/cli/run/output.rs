//! What a run writes besides libtest's lines: report files, blessed fixtures, the command that
//! reproduces it, progress and colour decisions.

use std::path::{Path, PathBuf};

use super::RunArgs;
use crate::runner::outcome::RunOutcome;
use crate::runner::scenario_run::BlessedFixture;

/// A report format: outcomes in, file content out.
type Renderer = fn(&RunOutcome) -> String;

/// Writes the requested report files; says on stderr which could not be written.
pub(super) fn write_reports(args: &RunArgs, run: &RunOutcome) -> bool {
    let reports: [(&Option<PathBuf>, Renderer); 3] = [
        (&args.junit, crate::report::junit::junit),
        (&args.html, crate::report::html::html),
        (&args.json, crate::report::json::json),
    ];
    let mut all_written = true;
    for (path, render) in reports {
        let Some(path) = path else { continue };
        let written = path
            .parent()
            .filter(|dir| !dir.as_os_str().is_empty())
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(path, render(run)));
        if let Err(e) = written {
            eprintln!("error: cannot write the report {}: {e}", path.display());
            all_written = false;
        }
    }
    all_written
}

/// A command line that repeats this run: same target, seed, mode, selection; credentials are
/// named but never written out.
pub(super) fn reproduce_command(args: &RunArgs, seed: u64) -> String {
    let mut parts = vec!["scimulate run".to_string(), format!("--seed {seed}")];
    if let Some(target) = &args.target {
        parts.push(format!("--target {target}"));
    }
    if args.bearer.is_some() {
        parts.push("--bearer \"$SCIMULATE_BEARER\"".into());
    } else if args.basic.is_some() {
        parts.push("--basic \"$SCIMULATE_BASIC\"".into());
    } else if args.auth_header.is_some() {
        parts.push("--auth-header \"$AUTH_HEADER\"".into());
    }
    if let Some(mode) = args.okta_mode {
        parts.push(format!("--okta-mode {mode}"));
    }
    if let Some(mode) = args.entra_patch {
        parts.push(format!("--entra-patch {mode}"));
    }
    if let Some(idp) = args.idp {
        parts.push(format!("--idp {idp}"));
    }
    if let Some(profile) = &args.profile {
        parts.push(format!("--profile {profile}"));
    }
    if let Some(dialect) = args.dialect {
        parts.push(format!("--dialect {dialect}"));
    }
    if let Some(scenarios) = &args.scenarios
        && scenarios != Path::new("scenarios")
    {
        parts.push(format!("--scenarios {}", scenarios.display()));
    }
    for tag in &args.tags {
        parts.push(format!("--tag {tag}"));
    }
    for tag in &args.skip_tags {
        parts.push(format!("--skip-tag {tag}"));
    }
    if let Some((n, m)) = args.partition {
        parts.push(format!("--partition {n}/{m}"));
    }
    if args.libtest.exact {
        parts.push("--exact".into());
    }
    for skip in &args.libtest.skip {
        parts.push(format!("--skip {skip}"));
    }
    if let Some(filter) = &args.libtest.filter {
        parts.push(filter.clone());
    }
    parts.join(" ")
}

/// A progress bar on stderr while scenarios run: only on a terminal (never in CI logs or
/// when stderr is redirected), and not under `--format json`.
pub(super) fn progress_bar(total: usize, json_events: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if json_events || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total as u64),
        indicatif::ProgressDrawTarget::stderr_with_hz(4),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} scenarios {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}

/// Whether to colour output: `--color always|never` decides; otherwise colour only on a
/// terminal and never when `NO_COLOR` is set (<https://no-color.org>), which libtest's own
/// output is told too.
pub(super) fn use_color(libtest: &mut libtest_mimic::Arguments) -> bool {
    use libtest_mimic::ColorSetting;
    use std::io::IsTerminal;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match libtest.color {
        Some(ColorSetting::Always) => true,
        Some(ColorSetting::Never) => false,
        _ if no_color => {
            libtest.color = Some(ColorSetting::Never);
            false
        }
        _ => std::io::stdout().is_terminal(),
    }
}

pub(super) fn write_fixture(fixture: &BlessedFixture) -> std::io::Result<()> {
    if let Some(dir) = fixture.path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut text = serde_json::to_string_pretty(&fixture.content).map_err(std::io::Error::other)?;
    text.push('\n');
    std::fs::write(&fixture.path, text)
}

/// One line of `--list`: the id (what a filter and `--exact` match), the tags, and the name.
pub(super) fn list_line(loaded: &crate::scenario::LoadedScenario) -> String {
    let scenario = &loaded.scenario;
    let tags = if scenario.tags.is_empty() {
        String::new()
    } else {
        format!("  [{}]", scenario.tags.join(", "))
    };
    let skip = scenario
        .skip
        .as_ref()
        .map(|reason| format!("  (skipped: {reason})"))
        .unwrap_or_default();
    format!("{}{tags}  {}{skip}", loaded.id, scenario.name)
}
