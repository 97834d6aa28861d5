#!/usr/bin/env bash
# One-time set-up on a fresh machine: the wasm target, the `tz` binary (release), the Python
# and JavaScript component toolchains, every shipped tool component, the test-only guest
# components, and the default model.
# Idempotent: rerunning it only rebuilds what changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

echo "== rust target wasm32-wasip2, rustfmt and clippy"
rustup target add wasm32-wasip2
rustup component add rustfmt clippy

echo "== tz (release)"
cargo build --release --locked

echo "== Python and JavaScript component toolchains (pinned: scripts/toolchains/)"
./scripts/toolchains.sh

echo "== tool components"
./scripts/build-tools.sh --locked

echo "== test guests"
./scripts/build-test-guests.sh

if [ -x ./scripts/fetch-model.sh ]; then
  echo "== default model"
  ./scripts/fetch-model.sh
fi

echo "set-up done: try ./target/release/tz tools list tools-wasm/"
