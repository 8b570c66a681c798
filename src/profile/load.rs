//! Reading a profile file, with every problem positioned like a scenario load error.

use std::path::Path;

use super::model::{Profile, USER_ATTRIBUTES};
use crate::scenario::{ErrorKind, LoadError, LoadErrors, YamlDoc, suggest};

/// Loads and checks the profile at `path`; errors carry `file:line:column` (exit code 2).
pub fn load(path: &Path) -> Result<Profile, LoadErrors> {
    if std::fs::read_to_string(path).is_ok_and(|text| text.trim().is_empty()) {
        let kind = ErrorKind::InvalidValue {
            within: None,
            message: "the profile is empty; it needs at least `name` (see docs/scenarios.md, \"Target profiles\")".to_owned(),
        };
        return Err(LoadErrors::new(vec![LoadError::about(path, kind)]));
    }
    let (profile, doc): (Profile, YamlDoc) = YamlDoc::load(path)?;
    let mut errors = Vec::new();
    if profile.name.trim().is_empty() {
        errors.push(doc.invalid(
            "name",
            None,
            "empty",
            "give the profile a name to show in skip reasons".to_owned(),
        ));
    }
    for (index, attribute) in profile.writable.iter().flatten().enumerate() {
        if USER_ATTRIBUTES.contains(&attribute.as_str()) {
            continue;
        }
        let hint = suggest(attribute, USER_ATTRIBUTES.iter().copied()).map_or_else(
            || format!("expected one of {}", USER_ATTRIBUTES.join(", ")),
            |s| format!("did you mean `{s}`?"),
        );
        errors.push(doc.invalid(
            "writable",
            Some(index),
            "unknown attribute",
            format!("`{attribute}` is not a top-level User attribute; {hint}"),
        ));
    }
    if errors.is_empty() {
        Ok(profile)
    } else {
        Err(LoadErrors::new(errors))
    }
}
