//! No input makes loading panic: hostile YAML and a few hundred mutations of a valid scenario
//! all come back as `Ok` or as errors that render.

use std::path::{Path, PathBuf};

use scimulate::scenario::load_file;
use tempfile::TempDir;

use crate::cases;
use crate::common::temp_dir;

/// Writes `content` to a scratch file and loads it; every error must render with a position.
fn load_bytes(scratch: &Path, content: &[u8]) {
    std::fs::write(scratch, content).expect("write scratch file");
    if let Err(errors) = load_file(scratch, &cases().join("valid/fixtures")) {
        assert!(!errors.is_empty());
        let rendered = errors.render();
        assert!(rendered.contains("scratch.yaml"), "{rendered}");
    }
}

/// A scratch file's directory (removed when dropped) and the file's path in it.
fn scratch(name: &str) -> (TempDir, PathBuf) {
    let dir = temp_dir(&format!("loader-robust-{name}"));
    let file = dir.path().join("scratch.yaml");
    (dir, file)
}

#[test]
fn hostile_inputs() {
    let (_dir, file) = scratch("hostile");
    let deep_list = format!("name: x\nsteps: {}{}\n", "[".repeat(5000), "]".repeat(5000));
    let deep_body = format!(
        "name: x\nsteps:\n  - request:\n      method: GET\n      path: /\n      body: {}1{}\n",
        "{a: ".repeat(200),
        "}".repeat(200)
    );
    let laughs = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n";
    let long_key = format!("{}: 1\n", "k".repeat(100_000));
    let inputs: Vec<Vec<u8>> = vec![
        deep_list.into_bytes(),
        deep_body.into_bytes(),
        laughs.as_bytes().to_vec(),
        long_key.into_bytes(),
        b"\0\0\0".to_vec(),
        b"\xef\xbb\xbfname: x\nsteps: []\n".to_vec(),
        b"\tname: x\n".to_vec(),
        b"name: x\nsteps:\n  - request:\n      method: \"\\u0000\"\n      path: \"/\\r\\n\"\n".to_vec(),
        b"name: x\nsteps:\n  - request:\n      method: GET\n      path: /\n      body_file: \"\"\n".to_vec(),
        b"name: x\nsteps:\n  - request:\n      method: GET\n      path: /${\xc3\xa9}\n".to_vec(),
        b"? [complex, key]\n: value\n".to_vec(),
        b"name: !!binary aGVsbG8=\nsteps: []\n".to_vec(),
        b"name: x\nsteps:\n  - request:\n      method: GET\n      path: /\n      expect: {status: 1e999}\n".to_vec(),
        b"name: x\nsteps:\n  - request:\n      method: GET\n      path: /\n      body: .nan\n".to_vec(),
        b"\xff\xfe\xfd".to_vec(),
        b"---\n---\n".to_vec(),
        b"...".to_vec(),
        b"name: \xc3\xa9\xc3\xa9\nsteps:\n  - r\xc3\xa9quest: {}\n".to_vec(),
    ];
    for input in inputs {
        load_bytes(&file, &input);
    }
}

/// A tiny deterministic generator, so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
}

#[test]
fn mutations_of_a_valid_scenario() {
    let (_dir, file) = scratch("mutations");
    let original = std::fs::read(cases().join("valid/scenarios/users/create.yaml")).expect("read");
    let alphabet: &[u8] = b" \n\t:-{}[]\"'#&*!|>%@`$.,0aZ\xc3\xa9";
    let mut rng = Lcg(7);
    for round in 0..300 {
        let mut bytes = original.clone();
        for _ in 0..1 + round % 4 {
            let at = rng.next() % (bytes.len() + 1);
            match rng.next() % 3 {
                0 => bytes.insert(at, alphabet[rng.next() % alphabet.len()]),
                1 if at < bytes.len() => {
                    bytes.remove(at);
                }
                _ => bytes.truncate(at.max(1)),
            }
        }
        load_bytes(&file, &bytes);
    }
}
