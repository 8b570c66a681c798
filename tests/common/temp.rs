//! Temporary directories ([`tempfile`]), under cargo's per-target temporary directory (inside
//! `target/`, which headless Chromium can read where a confined one cannot read `/tmp`).

use std::path::{Path, PathBuf};

use tempfile::TempDir;

/// A fresh empty directory named after `label`, removed when dropped.
pub fn temp_dir(label: &str) -> TempDir {
    tempfile::Builder::new()
        .prefix(&format!("scimulate-{label}-"))
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap_or_else(|e| panic!("cannot create a temporary directory for {label}: {e}"))
}

/// Writes `contents` to `dir/relative`, creating the directories between; returns the path.
pub fn write(dir: &Path, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
    }
    std::fs::write(&path, contents)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path
}
