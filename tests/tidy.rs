//! Repository hygiene a reviewer would check, checked by CI: every Rust file opens with a `//!`
//! module doc, and the WIT package version in `wit/tool.wit` is the one the host speaks.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, skipping build output and vendored trees.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !matches!(name.as_str(), "target" | ".git" | "node_modules" | ".cargo")
                && !name.starts_with('.')
            {
                rust_files(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_rust_file_opens_with_a_module_doc() {
    let mut files = Vec::new();
    for dir in ["cli", "env", "trainer", "tests", "tools-wasm", "fuzz"] {
        rust_files(&root().join(dir), &mut files);
    }
    files.push(root().join("build.rs"));
    assert!(files.len() > 100, "found only {} files", files.len());
    let missing: Vec<String> = files
        .iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            !text
                .lines()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| l.starts_with("//!"))
        })
        .map(|f| f.strip_prefix(root()).unwrap_or(f).display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "files without a `//!` module doc: {missing:?}"
    );
}

#[test]
fn the_wit_package_version_is_the_one_the_host_speaks() {
    let wit = std::fs::read_to_string(root().join("wit/tool.wit")).expect("wit/tool.wit");
    let package = wit
        .lines()
        .find_map(|l| l.trim().strip_prefix("package tz:tool@"))
        .and_then(|v| v.strip_suffix(';'))
        .expect("a `package tz:tool@X.Y.Z;` line");
    assert_eq!(package, tz_env::sandbox::bindings::WIT_VERSION);
    assert!(tz_env::sandbox::bindings::STATELESS_EXPORT.ends_with(&format!("@{package}")));
    assert!(tz_env::sandbox::bindings::STATEFUL_EXPORT.ends_with(&format!("@{package}")));
}
