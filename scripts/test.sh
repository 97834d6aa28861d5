#!/usr/bin/env bash
# The test command: every Rust test of the workspace (release profile, reusing the set-up's
# build) and the shipped tools' own unit tests (native target). Run scripts/setup.sh first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cargo test --release --locked --workspace
cargo test --release --locked --manifest-path tools-wasm/Cargo.toml
