//! `run --profile FILE|discover`: the target profile's part in a run.
//!
//! A profile only supplies defaults and skip decisions: explicit flags (`--okta-mode`, the
//! credential options) always win, and a scenario the profile rules out is marked skipped with a
//! reason naming the profile file and the setting, which every report then shows.

use std::path::Path;

use crate::profile::{AuthForm, Profile};
use crate::protocol::Dialect;
use crate::runner::outcome::{FailureKind, ScenarioOutcome};
use crate::scenario::LoadedScenario;

/// What `--profile` asked for.
pub(super) enum ProfileChoice {
    None,
    /// `--profile discover`: propose a profile and run nothing.
    Discover,
    /// A loaded profile and the file name skip reasons cite.
    File {
        profile: Profile,
        file: String,
    },
}

/// Loads the profile named by `--profile`, or says why not (already rendered for stderr).
pub(super) fn choose(option: Option<&str>) -> Result<ProfileChoice, String> {
    match option {
        None => Ok(ProfileChoice::None),
        Some("discover") => Ok(ProfileChoice::Discover),
        Some(path) => {
            let path = Path::new(path);
            let profile = crate::profile::load(path)
                .map_err(|errors| format!("{:?}", miette::Report::new(errors)))?;
            let file = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            Ok(ProfileChoice::File { profile, file })
        }
    }
}

/// Marks the scenarios the profile rules out as skipped, with the reason
/// (`profile thousandeyes.yaml: the target supports no groups (`groups: false`)`). A scenario
/// already skipped in its file keeps its own reason.
pub(super) fn apply_skips(loaded: &mut [LoadedScenario], profile: &Profile, file: &str) {
    for scenario in loaded {
        if scenario.scenario.skip.is_some() {
            continue;
        }
        if let Some(reason) = profile.rules_out(&scenario.scenario.requires) {
            scenario.scenario.skip = Some(format!("profile {file}: {reason}"));
        }
    }
}

/// Marks the scenarios written for the other SCIM version (`requires: [scim2]` in a 1.1 run) as
/// skipped, with the reason. A scenario already skipped keeps its own reason.
pub(super) fn apply_dialect_skips(loaded: &mut [LoadedScenario], dialect: Dialect) {
    for scenario in loaded {
        if scenario.scenario.skip.is_some() {
            continue;
        }
        let other = [Dialect::Scim2, Dialect::Scim11]
            .into_iter()
            .find(|d| *d != dialect && scenario.scenario.requires.iter().any(|r| r == d.key()));
        if let Some(other) = other {
            scenario.scenario.skip = Some(format!(
                "the run speaks SCIM {dialect} (--dialect {dialect}); the scenario requires `{}`",
                other.key()
            ));
        }
    }
}

/// The credential options a profile's `auth` hint corresponds to, when the run gave none and the
/// target is not the bundled server: a warning, since the run will likely meet 401s.
pub(super) fn credentials_warning(profile: &Profile, file: &str) -> Option<String> {
    match profile.auth? {
        AuthForm::None => None,
        form => Some(format!(
            "warning: profile {file} says the target expects {}; no credentials were given",
            form.option()
        )),
    }
}

/// For a failed scenario that declares `requires`, appends to its first failure what would
/// explain it: the capabilities it needs, and that a target lacking one on purpose says so in a
/// profile. This is how a run without the profile explains the failures the profile would skip.
/// Only a failure of the kind a missing capability causes gets the note (see
/// [`capability_symptom`]): a 401, a refused connection or a wrong member list is not explained
/// by a missing capability, and the note would send the reader the wrong way.
pub(super) fn explain_failure(outcome: &mut ScenarioOutcome, requires: &[String]) {
    if requires.is_empty() {
        return;
    }
    let needs: Vec<String> = requires.iter().map(|c| format!("`{c}`")).collect();
    let note = format!(
        " [this scenario requires {}; a target that lacks one on purpose declares it in a target profile (--profile), which skips the scenario]",
        needs.join(", ")
    );
    let Some(step) = outcome.steps.iter_mut().find(|s| !s.failures.is_empty()) else {
        return;
    };
    let Some((exchange, status)) = step
        .exchanges
        .last()
        .and_then(|e| e.response.as_ref().ok().map(|r| (e, r.status)))
    else {
        return;
    };
    let (method, url) = (
        exchange.request.method.clone(),
        exchange.request.url.clone(),
    );
    if let Some(failure) = step.failures.first_mut()
        && capability_symptom(&method, &url, status, failure.kind, requires)
    {
        failure.message.push_str(&note);
    }
}

/// Whether a failure of `kind` on the answer `status` to `method url` is what a target without
/// one of `requires` gives: 404/405/501 on `/Groups` (no groups) or to a PATCH (no PATCH), 404
/// on reading a user back (deactivation deletes it), 400/403 to a write or a read-back that
/// differs (an attribute it does not let an IdP change).
fn capability_symptom(
    method: &str,
    url: &str,
    status: u16,
    kind: FailureKind,
    requires: &[String],
) -> bool {
    if matches!(
        kind,
        FailureKind::Transport | FailureKind::Capture | FailureKind::Variable
    ) {
        return false;
    }
    let missing = matches!(status, 404 | 405 | 501);
    requires.iter().any(|capability| match capability.as_str() {
        "groups" => missing && url.contains("/Groups"),
        "patch" => missing && method.eq_ignore_ascii_case("PATCH"),
        "deactivate-keeps-user" => status == 404 && url.contains("/Users"),
        "unassign-deletes" => status == 200 && method.eq_ignore_ascii_case("GET"),
        c if c.starts_with(crate::profile::WRITABLE_PREFIX) => {
            kind == FailureKind::Body
                || (matches!(status, 400 | 403)
                    && (method.eq_ignore_ascii_case("PUT") || method.eq_ignore_ascii_case("PATCH")))
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::outcome::{
        ExchangeRecord, Failure, RecordedRequest, RecordedResponse, StepOutcome, Verdict,
    };

    /// A failed scenario whose one step sent `method url`, got `status` and failed with `kind`.
    fn failed(method: &str, url: &str, status: u16, kind: FailureKind) -> ScenarioOutcome {
        let mut step = StepOutcome::new("step".into(), 1, 1);
        step.exchanges.push(ExchangeRecord {
            request: RecordedRequest {
                method: method.into(),
                url: url.into(),
                headers: Vec::new(),
                body: None,
            },
            response: Ok(RecordedResponse {
                status,
                headers: Vec::new(),
                body: String::new(),
                elapsed: std::time::Duration::ZERO,
            }),
        });
        step.failures.push(Failure::new(kind, "what differs"));
        ScenarioOutcome {
            id: "x".into(),
            name: "x".into(),
            file: "x.yaml".into(),
            tags: Vec::new(),
            verdict: Verdict::Failed,
            steps: vec![step],
            cleanup: Vec::new(),
            kept: Vec::new(),
            duration: std::time::Duration::ZERO,
        }
    }

    fn explained(mut outcome: ScenarioOutcome, requires: &[&str]) -> bool {
        let requires: Vec<String> = requires.iter().map(|r| r.to_string()).collect();
        explain_failure(&mut outcome, &requires);
        outcome.steps[0].failures[0]
            .message
            .contains("[this scenario requires")
    }

    #[test]
    fn the_requirement_is_named_for_what_a_missing_capability_causes() {
        let groups = ["groups", "patch"];
        let g = "http://t/scim/v2/Groups/1";
        assert!(explained(
            failed("PATCH", g, 404, FailureKind::Status),
            &groups
        ));
        assert!(explained(
            failed("POST", "http://t/scim/v2/Groups", 501, FailureKind::Status),
            &groups
        ));
        assert!(explained(
            failed(
                "PATCH",
                "http://t/scim/v2/Users/1",
                405,
                FailureKind::Status
            ),
            &["patch"]
        ));
        assert!(explained(
            failed("GET", "http://t/scim/v2/Users/1", 404, FailureKind::Status),
            &["deactivate-keeps-user"]
        ));
        assert!(explained(
            failed("GET", "http://t/scim/v2/Users/1", 200, FailureKind::Body),
            &["writable:userName"]
        ));
    }

    /// Regression: the hint was appended to a 401, a refused connection and a wrong member
    /// list, none of which a missing capability explains.
    #[test]
    fn the_requirement_is_not_named_for_unrelated_failures() {
        let groups = ["groups", "patch"];
        let g = "http://t/scim/v2/Groups/1";
        assert!(!explained(
            failed("GET", g, 401, FailureKind::Status),
            &groups
        ));
        assert!(!explained(
            failed("GET", g, 200, FailureKind::Body),
            &groups
        ));
        assert!(!explained(
            failed("GET", g, 404, FailureKind::Transport),
            &groups
        ));
        assert!(!explained(
            failed("GET", "http://t/scim/v2/Users", 404, FailureKind::Status),
            &["groups"]
        ));
    }
}
