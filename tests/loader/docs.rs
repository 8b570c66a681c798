//! The examples in `docs/scenarios.md` are real: every complete scenario in it (a `yaml` block
//! whose first line is `# scenarios/PATH`) and every fixture (a `json` block introduced by a
//! line naming `fixtures/PATH`) is written out and loaded together.

use std::collections::BTreeSet;
use std::path::Path;

use scimulate::scenario::load_dir;

use crate::common::{temp_dir, write};

struct Example {
    path: String,
    text: String,
}

/// The fenced blocks of `markdown` that are scenario or fixture files.
fn examples(markdown: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut lines = markdown.lines().peekable();
    let mut previous_text_line = "";
    while let Some(line) = lines.next() {
        let Some(lang) = line.strip_prefix("```") else {
            if !line.trim().is_empty() {
                previous_text_line = line;
            }
            continue;
        };
        let mut body = Vec::new();
        for inner in lines.by_ref() {
            if inner.starts_with("```") {
                break;
            }
            body.push(inner);
        }
        let text = body.join("\n") + "\n";
        match lang {
            "yaml" => {
                if let Some(path) = body.first().and_then(|l| l.strip_prefix("# "))
                    && path.starts_with("scenarios/")
                {
                    out.push(Example {
                        path: path.to_owned(),
                        text,
                    });
                }
            }
            "json" => {
                let name = previous_text_line
                    .trim()
                    .trim_end_matches(':')
                    .trim_matches('`');
                assert!(
                    name.starts_with("fixtures/"),
                    "a json block must follow a line naming `fixtures/…`: {previous_text_line:?}"
                );
                out.push(Example {
                    path: name.to_owned(),
                    text,
                });
            }
            _ => {}
        }
    }
    out
}

#[test]
fn every_example_in_the_docs_loads() {
    let markdown = std::fs::read_to_string("docs/scenarios.md").expect("docs/scenarios.md");
    let examples = examples(&markdown);
    let dir = temp_dir("loader-docs");
    let root = dir.path();
    let mut scenario_files = BTreeSet::new();
    let mut fixture_files = BTreeSet::new();
    for example in &examples {
        assert!(
            !root.join(&example.path).exists(),
            "{} appears twice in the docs",
            example.path
        );
        write(root, &example.path, &example.text);
        if let Some(rel) = example.path.strip_prefix("fixtures/") {
            fixture_files.insert(rel.to_owned());
        } else {
            scenario_files.insert(example.path.clone());
        }
    }
    let result = load_dir(&root.join("scenarios"), &root.join("fixtures"));
    drop(dir);
    let loaded = result.unwrap_or_else(|e| panic!("docs examples do not load:\n{}", e.render()));

    assert!(scenario_files.len() >= 9, "{scenario_files:?}");
    let anchors = loaded
        .iter()
        .find(|s| s.id == "yaml::anchors")
        .expect("anchors example");
    let scimulate::scenario::model::Step::Request(second) = &anchors.scenario.steps[1].value else {
        panic!("a request step")
    };
    assert_eq!(
        second.headers.len(),
        2,
        "the merge key brought the shared header in"
    );
    assert_eq!(loaded.len(), scenario_files.len());
    let used: BTreeSet<String> = loaded
        .iter()
        .flat_map(|s| s.fixtures.keys().cloned())
        .collect();
    assert_eq!(
        used, fixture_files,
        "every fixture in the docs is used, and exists"
    );
    let ids: Vec<&str> = loaded.iter().map(|s| s.id.as_str()).collect();
    assert!(
        ids.contains(&"discovery::service_provider_config"),
        "{ids:?}"
    );
    assert!(Path::new("docs/scenarios.md").exists());
}

#[test]
fn the_extractor_finds_blocks() {
    let md = "x\n```yaml\n# scenarios/a.yaml\nname: a\n```\n`fixtures/b.json`:\n\n```json\n{}\n```\n```yaml\nnot: a file\n```\n";
    let found = examples(md);
    let paths: Vec<&str> = found.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["scenarios/a.yaml", "fixtures/b.json"]);
    assert_eq!(found[0].text, "# scenarios/a.yaml\nname: a\n");
}
