#!/usr/bin/env bash
# The test command: formatting and lints for both workspaces (what a reviewer would catch, CI
# catches), every Rust test of the workspace (release profile, reusing the set-up's build) and
# the shipped tools' own unit tests (native target; Python and JavaScript tools under their
# interpreters). Run scripts/setup.sh first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
echo "== format"
cargo fmt --all --check
cargo fmt --all --check --manifest-path tools-wasm/Cargo.toml
echo "== lints"
cargo clippy --release --locked --workspace --all-targets -- -D warnings
cargo clippy --release --locked --manifest-path tools-wasm/Cargo.toml --all-targets -- -D warnings
echo "== tests"
cargo test --release --locked --workspace
cargo test --release --locked --manifest-path tools-wasm/Cargo.toml
# The Python and JavaScript tools' own tests, under the plain interpreters (no wasm needed).
(cd tools-wasm/stats && python3 -m unittest --quiet)
(cd tools-wasm/cart && node --test)
