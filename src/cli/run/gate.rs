//! A gate that cannot go green by mistake: a run that selects nothing is an error that says why,
//! and a run whose every request failed for one cause (the target cannot be reached, every
//! credential is refused, the base URL is wrong) says that cause once and exits with the
//! runtime code, apart from a target that was judged and failed.

use crate::runner::outcome::{RunOutcome, Verdict};
use crate::scenario::{LoadedScenario, suggest};

use super::select::selected_by_name;

/// Why the selection is empty or names what does not exist, for exit code 2; `None` when the
/// run may go on. `loaded` is every scenario loaded, `selected` what the tags left (before a
/// `--partition` takes its slice: an empty slice of a suite smaller than the CI matrix is fine).
pub(super) fn selection_error(
    loaded: &[LoadedScenario],
    selected: &[LoadedScenario],
    tags: &[String],
    skip_tags: &[String],
    libtest: &libtest_mimic::Arguments,
) -> Option<String> {
    if libtest.bench {
        return Some(
            "--bench selects benchmarks, and scenarios are not benchmarks: `scimulate bench` measures the server".into(),
        );
    }
    if libtest.ignored {
        return Some(
            "--ignored runs only ignored tests, and scimulate has none (a scenario with `skip:` is reported as skipped)".into(),
        );
    }
    if libtest.include_ignored {
        return Some(
            "--include-ignored runs ignored tests too, and scimulate has none (a scenario with `skip:` is reported as skipped, never run)".into(),
        );
    }
    let mut known: Vec<&str> = loaded
        .iter()
        .flat_map(|l| l.scenario.tags.iter().map(String::as_str))
        .collect();
    known.sort_unstable();
    known.dedup();
    for (flag, tag) in tags
        .iter()
        .map(|t| ("--tag", t))
        .chain(skip_tags.iter().map(|t| ("--skip-tag", t)))
    {
        if !known.contains(&tag.as_str()) {
            let hint = suggest(tag, known.iter().copied())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_else(|| format!(" (the tags are: {})", known.join(", ")));
            return Some(format!(
                "{flag} {tag}: no scenario has the tag `{tag}`{hint}"
            ));
        }
    }
    if loaded.is_empty() {
        return Some("no scenario was found: the scenarios directory has no `*.yaml` file".into());
    }
    let by_name = selected
        .iter()
        .filter(|l| selected_by_name(&l.id, libtest))
        .count();
    if by_name == 0 {
        let what = match (&libtest.filter, libtest.skip.is_empty()) {
            (Some(filter), _) => format!("the filter `{filter}`"),
            (None, false) => "the --skip filters".to_owned(),
            (None, true) => "the --tag and --skip-tag options".to_owned(),
        };
        return Some(format!(
            "no scenario matches {what} ({} loaded; `scimulate run --list` shows them): a run of nothing would pass",
            loaded.len()
        ));
    }
    None
}

/// What made every request of a run fail, when one cause did: the run exits with
/// `CliError::NotJudged` (exit 3), not as a judged target that failed (1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    /// One line: the cause and the likely fix.
    pub message: String,
}

/// The one cause behind a run in which scenarios failed and no request got a useful answer: no
/// response at all (unreachable), only 401/403 (credentials refused), only 404 besides those
/// (a wrong base URL). `None` when any request got another answer: then the target was judged.
pub fn diagnose(run: &RunOutcome) -> Option<Diagnosis> {
    if !run.scenarios.iter().any(|s| s.verdict == Verdict::Failed) {
        return None;
    }
    let exchanges: Vec<_> = run
        .scenarios
        .iter()
        .flat_map(|s| &s.steps)
        .flat_map(|s| &s.exchanges)
        .collect();
    let first = exchanges.first()?;
    let target = &run.info.target;
    if exchanges.iter().all(|e| e.response.is_err()) {
        let error = first.response.as_ref().err().cloned().unwrap_or_default();
        return Some(Diagnosis {
            message: format!(
                "the target {target} could not be reached: no request got a response (the first: {error}); check --target and that the server is up"
            ),
        });
    }
    let statuses: Vec<u16> = exchanges
        .iter()
        .filter_map(|e| e.response.as_ref().ok().map(|r| r.status))
        .collect();
    if statuses.len() < exchanges.len() {
        return None;
    }
    if statuses.iter().all(|s| matches!(s, 401 | 403)) {
        return Some(Diagnosis {
            message: format!(
                "every request to {target} was refused with 401 or 403: the target did not accept the credentials; check --bearer, --basic or --auth-header (SCIMULATE_BEARER, SCIMULATE_BASIC)"
            ),
        });
    }
    // The scenarios that send wrong credentials on purpose get their 401 even from a wrong
    // base URL (authentication comes before routing): the rest answering 404 says it.
    if statuses.iter().all(|s| matches!(s, 401 | 403 | 404)) && statuses.contains(&404) {
        let hint = if target.contains("/scim/v") || target.ends_with("/v2") {
            String::new()
        } else {
            format!("; did you mean {}/scim/v2?", target.trim_end_matches('/'))
        };
        return Some(Diagnosis {
            message: format!(
                "every request to {target} answered 404 (or 401 to the credentials made wrong on purpose): the base URL is probably wrong (it must be the SCIM base, under which /Users and /ServiceProviderConfig are served){hint}"
            ),
        });
    }
    None
}

#[cfg(test)]
mod tests;
