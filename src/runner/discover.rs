//! `--profile discover`: read what a target says about itself and propose a profile file
//! (`crate::profile`'s format). Here, with the runner, because it sends requests.
//!
//! `/ServiceProviderConfig` (1.1: `/ServiceProviderConfigs`) tells the SCIM version (its schema URN), PATCH support and the
//! authentication schemes; `/ResourceTypes` tells whether there are groups. What a target does
//! on deactivation, and which attributes it really lets an IdP change, no discovery endpoint
//! says: the proposal keeps the defaults and marks them for a person to check, rather than
//! guessing by writing to the target.

use serde_json::Value;

use super::exchange::get_json;
use super::target::Target;

/// Reads the target's discovery endpoints and returns the proposed profile as YAML text.
pub async fn discover(target: &Target) -> Result<String, String> {
    // SCIM 2.0's singular endpoint, else SCIM 1.1's plural one.
    let spc = match get_json(target, "/ServiceProviderConfig").await {
        Ok(spc) => spc,
        Err(singular) => get_json(target, "/ServiceProviderConfigs")
            .await
            .map_err(|plural| {
                format!(
                    "cannot read /ServiceProviderConfig ({singular}) nor SCIM 1.1's /ServiceProviderConfigs ({plural})"
                )
            })?,
    };
    // Optional: not every target serves it (a 404 leaves groups undecided, hence assumed).
    let resource_types = get_json(target, "/ResourceTypes").await.ok();
    Ok(propose(&spc, resource_types.as_ref(), &target.base_url))
}

/// The proposed profile for a target whose discovery documents are `spc` and `resource_types`.
pub fn propose(spc: &Value, resource_types: Option<&Value>, base_url: &str) -> String {
    let schemas = spc.get("schemas").map(Value::to_string).unwrap_or_default();
    let dialect = if schemas.contains("core:1.0") || base_url.ends_with("/v1") {
        "scim1.1"
    } else {
        "scim2"
    };
    let patch = spc
        .pointer("/patch/supported")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let auth = auth_form(spc);
    let groups = resource_types.map(has_group_type);
    let mut out = String::new();
    out.push_str("# Proposed by `scimulate run --profile discover`");
    out.push_str(&format!(" from {base_url}/ServiceProviderConfig.\n"));
    out.push_str("# Review it (marked lines are not discoverable), save it, and pass it with --profile FILE.\n");
    out.push_str("name: Discovered target\n");
    out.push_str(&format!("dialect: {dialect}\n"));
    match auth {
        Some(auth) => out.push_str(&format!("auth: {auth}\n")),
        None => out.push_str("# auth: bearer        # no authenticationSchemes advertised\n"),
    }
    out.push_str(&format!(
        "okta_mode: {}          # oin when PATCH is supported, else aiw (GET + PUT)\n",
        if patch { "oin" } else { "aiw" }
    ));
    match groups {
        Some(groups) => out.push_str(&format!(
            "groups: {groups}            # from /ResourceTypes\n"
        )),
        None => out.push_str("groups: true            # CHECK: /ResourceTypes could not be read\n"),
    }
    out.push_str(&format!("patch: {patch}\n"));
    out.push_str(
        "# writable: [displayName, active]   # CHECK: not discoverable; absent = every attribute\n",
    );
    out.push_str("unassign: deactivate    # CHECK: not discoverable; `delete` if deactivation removes the user\n");
    out
}

/// `basic` or `bearer` from `authenticationSchemes` (Basic first: it names a user).
fn auth_form(spc: &Value) -> Option<&'static str> {
    let schemes = spc.get("authenticationSchemes")?.as_array()?;
    let types: Vec<String> = schemes
        .iter()
        .filter_map(|s| s.get("type").and_then(Value::as_str))
        .map(str::to_ascii_lowercase)
        .collect();
    if types.iter().any(|t| t == "httpbasic") {
        Some("basic")
    } else if types.iter().any(|t| t.starts_with("oauth")) {
        Some("bearer")
    } else {
        None
    }
}

/// Whether a `/ResourceTypes` document (a ListResponse, or a bare array) has a Group type.
fn has_group_type(list: &Value) -> bool {
    let items = list
        .get("Resources")
        .and_then(Value::as_array)
        .or_else(|| list.as_array());
    items.is_some_and(|items| {
        items.iter().any(|t| {
            t.get("name").and_then(Value::as_str) == Some("Group")
                || t.get("endpoint").and_then(Value::as_str) == Some("/Groups")
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn proposes_from_the_documents() {
        let spc = json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "patch": {"supported": true},
            "authenticationSchemes": [{"type": "httpbasic", "name": "Basic"}],
        });
        let types = json!({"Resources": [{"name": "User", "endpoint": "/Users"}]});
        let text = propose(&spc, Some(&types), "http://h/scim/v2");
        assert!(text.contains("dialect: scim2\n"), "{text}");
        assert!(text.contains("auth: basic\n"), "{text}");
        assert!(text.contains("groups: false"), "{text}");
        assert!(text.contains("okta_mode: oin"), "{text}");
        let proposal: crate::profile::Profile =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert!(!proposal.groups && proposal.patch);
    }
}
