#!/usr/bin/env bash
# Builds the test-only guest components (tests/guests/*) to target/test-guests/*.wasm.
# The sandbox tests load them; they are never shipped with the tools.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/target/test-guests"
mkdir -p "$out"
for dir in "$root"/tests/guests/*/; do
  name="$(basename "$dir")"
  CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}/guests" \
    cargo build --quiet --locked --release --target wasm32-wasip2 --manifest-path "$dir/Cargo.toml"
  cp "${CARGO_TARGET_DIR:-$root/target}/guests/wasm32-wasip2/release/$name.wasm" "$out/$name.wasm"
  echo "built $out/$name.wasm ($(stat -c %s "$out/$name.wasm") bytes)"
done
