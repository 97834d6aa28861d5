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

/// The compile cache the tests' `tz` runs share (under `target/`).
pub fn cli_cache_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-cache-cli")
}

/// Runs `tz` with `args`, using the tests' compile cache.
pub fn tz(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tz"))
        .args(args)
        .env("TZ_CACHE_DIR", cli_cache_dir())
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

/// The shared data folder (`../shared/data`, or `$TZ_SHARED_DIR/data`).
pub fn shared_data() -> PathBuf {
    let dir = std::env::var_os("TZ_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
        .join("data");
    assert!(
        dir.join("bfcl").is_dir(),
        "missing shared data at {}: set TZ_SHARED_DIR to the shared folder",
        dir.display()
    );
    dir
}
