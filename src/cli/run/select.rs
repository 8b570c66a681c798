//! Which scenarios a run takes: tags, the mock IdP, partitions, and libtest's name rules.

use crate::protocol::Idp;
use crate::scenario::LoadedScenario;
use crate::scenario::model::Step;

/// Whether libtest's name filter and `--skip` let `id` through (the same rules libtest-mimic
/// applies), so that skipped scenarios are reported only when they were selected.
pub(super) fn selected_by_name(id: &str, libtest: &libtest_mimic::Arguments) -> bool {
    let matches = |pattern: &str| {
        if libtest.exact {
            id == pattern
        } else {
            id.contains(pattern)
        }
    };
    libtest.filter.as_deref().is_none_or(matches) && !libtest.skip.iter().any(|s| matches(s))
}

/// Parses `N/M` with 1 ≤ N ≤ M.
pub(super) fn parse_partition(value: &str) -> Result<(usize, usize), String> {
    let parsed = value.split_once('/').and_then(|(n, m)| {
        Some((
            n.trim().parse::<usize>().ok()?,
            m.trim().parse::<usize>().ok()?,
        ))
    });
    match parsed {
        Some((n, m)) if n >= 1 && n <= m => Ok((n, m)),
        _ => Err("expected N/M with 1 <= N <= M, for example 2/3".to_string()),
    }
}

/// Part `n` of `m`: the scenarios whose position in id order is `n - 1` modulo `m`. Every
/// scenario is in exactly one part, and the parts differ in size by at most one.
pub(super) fn partition(
    mut loaded: Vec<LoadedScenario>,
    part: Option<(usize, usize)>,
) -> Vec<LoadedScenario> {
    let Some((n, m)) = part else { return loaded };
    loaded.sort_by(|a, b| a.id.cmp(&b.id));
    loaded
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % m == n - 1)
        .map(|(_, l)| l)
        .collect()
}

/// The scenarios `--tag` and `--skip-tag` keep (every file is loaded and checked first).
pub(super) fn select_by_tags(
    loaded: Vec<LoadedScenario>,
    tags: &[String],
    skip: &[String],
) -> Vec<LoadedScenario> {
    let has =
        |l: &LoadedScenario, wanted: &[String]| l.scenario.tags.iter().any(|t| wanted.contains(t));
    loaded
        .into_iter()
        .filter(|l| tags.is_empty() || has(l, tags))
        .filter(|l| !has(l, skip))
        .collect()
}

/// The scenarios `--idp` keeps: those with no step of another IdP (a scenario of plain
/// requests belongs to every IdP's run).
pub(super) fn select_by_idp(loaded: Vec<LoadedScenario>, idp: Option<Idp>) -> Vec<LoadedScenario> {
    let Some(idp) = idp else { return loaded };
    let foreign = |step: &Step| match step {
        Step::Okta(_) => idp != Idp::Okta,
        Step::Entra(_) => idp != Idp::Entra,
        Step::Request(_) | Step::CreateUsers(_) => false,
    };
    loaded
        .into_iter()
        .filter(|l| !l.scenario.steps.iter().any(|s| foreign(&s.value)))
        .collect()
}
