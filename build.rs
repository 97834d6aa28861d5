//! Build script of the `tz` binary: records the code version (crate version, git commit and
//! whether the tree had uncommitted changes) as `TZ_VERSION`, printed by `tz --version` and saved
//! in every run directory and checkpoint.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn main() {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let commit = git(&["rev-parse", "--short=12", "HEAD"]);
    let dirty =
        git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    let full = match commit {
        Some(c) => format!("{version} ({c}{})", if dirty { ", modified" } else { "" }),
        None => format!("{version} (no git)"),
    };
    println!("cargo:rustc-env=TZ_VERSION={full}");
    if let Some(dir) = git(&["rev-parse", "--git-dir"]) {
        println!("cargo:rerun-if-changed={dir}/HEAD");
        if let Some(reference) = git(&["rev-parse", "--symbolic-full-name", "HEAD"]) {
            let path = std::path::Path::new(&dir).join(&reference);
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
