//! Helpers: the built binary, the shipped tool directory, running commands.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The shipped tools (`tools-wasm/*.wasm`, built by `scripts/build-tools.sh`).
pub fn tools_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools-wasm");
    assert!(
        dir.join("calculator.wasm").is_file(),
        "missing built tools in {}: run scripts/build-tools.sh (the README set-up does)",
        dir.display()
    );
    dir
}

/// Runs `tz` with `args`, using a compile cache under `target/`.
pub fn tz(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tz"))
        .args(args)
        .env(
            "TZ_CACHE_DIR",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-cache-cli"),
        )
        .output()
        .expect("tz runs")
}

/// Standard output as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
