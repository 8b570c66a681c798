//! Embeds the bundled suite (every file under `scenarios/` and `fixtures/`) in the binary, so
//! that an installed `scimulate run` has it anywhere: writes `$OUT_DIR/embedded_suite.rs`, a
//! slice of `(path, text)` pairs with `/`-separated paths relative to the package root
//! (`scenarios/users/create_and_read.yaml`), sorted, each text an `include_str!` of the file (so
//! editing a file rebuilds the crate, and adding or removing one reruns this script).
//! Names starting with `.` are left out, as the loader leaves them out.

use std::error::Error;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The directories embedded, below the package root.
const ROOTS: [&str; 2] = ["scenarios", "fixtures"];

fn main() -> Result<(), Box<dyn Error>> {
    let package =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").ok_or("no CARGO_MANIFEST_DIR")?);
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("no OUT_DIR")?);
    println!("cargo::rerun-if-changed=build.rs");
    let mut files = Vec::new();
    for root in ROOTS {
        println!("cargo::rerun-if-changed={root}");
        collect(&package, Path::new(root), &mut files)?;
    }
    files.sort();
    let mut code = String::from("&[\n");
    for relative in files {
        let absolute: PathBuf = std::iter::once(package.clone())
            .chain(relative.iter().map(PathBuf::from))
            .collect();
        let absolute = absolute
            .to_str()
            .ok_or_else(|| format!("{} is not UTF-8", absolute.display()))?;
        let relative = relative.join("/");
        writeln!(code, "    ({relative:?}, include_str!({absolute:?})),")?;
    }
    code.push_str("]\n");
    std::fs::write(out.join("embedded_suite.rs"), code)?;
    Ok(())
}

/// The files below `package/dir`, each as its path components from the package root.
fn collect(package: &Path, dir: &Path, files: &mut Vec<Vec<String>>) -> Result<(), Box<dyn Error>> {
    let full = package.join(dir);
    if !full.is_dir() {
        return Ok(());
    }
    for entry in std::fs::read_dir(&full)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name
            .to_str()
            .ok_or_else(|| format!("{} is not UTF-8", entry.path().display()))?;
        if name.starts_with('.') {
            continue;
        }
        let child = dir.join(name);
        let metadata = std::fs::metadata(entry.path())?;
        if metadata.is_dir() {
            collect(package, &child, files)?;
        } else if metadata.is_file() {
            let components = child
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            files.push(components);
        }
    }
    Ok(())
}
