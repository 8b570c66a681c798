//! The layering of `src/`, held against the code: which top-level module may import which
//! (ARCHITECTURE.md draws the same table). A `use crate::…` that runs against it fails here,
//! with the file and line, before it becomes a circle between layers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each layer and the layers below it that it may import. `cli` is the top and may import
/// anything; `main.rs` and `lib.rs` are not layers.
const ALLOWED: &[(&str, &[&str])] = &[
    ("protocol", &[]),
    ("exit_code", &[]),
    ("server", &["protocol"]),
    ("scenario", &["protocol", "exit_code"]),
    ("expect", &["scenario", "protocol"]),
    ("profile", &["scenario", "protocol"]),
    ("idp", &["scenario", "protocol"]),
    (
        "runner",
        &["idp", "expect", "profile", "scenario", "protocol"],
    ),
    ("load", &["idp", "protocol"]),
    ("report", &["runner", "load", "protocol"]),
    ("fuzzing", &["expect", "scenario", "server", "protocol"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src/") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`src/idp/okta/bodies.rs` → `idp`).
fn layer_of(src: &Path, file: &Path) -> String {
    let first = file
        .strip_prefix(src)
        .expect("under src/")
        .components()
        .next()
        .expect("a component");
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

/// Every `crate::NAME` a line of code names (comments left out), as (line number, NAME).
fn crate_imports(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            // `scimulate::crate::x` does not exist; `$crate::` in macros is not a layer import.
            let preceded_by_dollar = at > 0 && rest.as_bytes()[at - 1] == b'$';
            if !name.is_empty() && !preceded_by_dollar {
                found.push((n + 1, name));
            }
            rest = after;
        }
    }
    found
}

fn graph() -> (BTreeMap<String, BTreeSet<String>>, Vec<String>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut violations = Vec::new();
    for file in &files {
        let layer = layer_of(&src, file);
        if matches!(layer.as_str(), "main" | "lib") {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("read a source file");
        for (line, target) in crate_imports(&text) {
            if target == layer {
                continue;
            }
            edges
                .entry(layer.clone())
                .or_default()
                .insert(target.clone());
            if layer == "cli" {
                continue;
            }
            let Some(may) = allowed.get(layer.as_str()) else {
                violations.push(format!(
                    "{}: `{layer}` is not in the layer table of tests/architecture/main.rs (and ARCHITECTURE.md)",
                    file.display()
                ));
                continue;
            };
            if !may.contains(&target.as_str()) {
                violations.push(format!(
                    "{}:{line}: `{layer}` imports `crate::{target}`; it may import only {may:?}",
                    file.display()
                ));
            }
        }
    }
    (edges, violations)
}

#[test]
fn every_layer_imports_only_the_layers_below_it() {
    let (_, violations) = graph();
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn the_layer_graph_has_no_cycle() {
    let (edges, _) = graph();
    // Depth-first search with colours: a grey node met again closes a cycle.
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(node) {
            Some(1) => {
                let start = stack.iter().position(|n| n == node).unwrap_or(0);
                let mut cycle = stack[start..].to_vec();
                cycle.push(node.to_string());
                return Some(cycle);
            }
            Some(2) => return None,
            _ => {}
        }
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, state, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in edges.keys() {
        let mut stack = Vec::new();
        if let Some(cycle) = visit(node, &edges, &mut state, &mut stack) {
            panic!(
                "the layers import each other in a circle: {}",
                cycle.join(" -> ")
            );
        }
    }
}

/// The check itself can fail: a line that imports upward is found, a comment is not.
#[test]
fn an_upward_import_is_seen_and_a_comment_is_not() {
    let found = crate_imports(
        "use crate::runner::outcome::Failure;\n// see crate::cli\nlet x = crate::protocol::urn::USER; // crate::report\n",
    );
    assert_eq!(
        found,
        vec![(1, "runner".to_string()), (3, "protocol".to_string())]
    );
}
