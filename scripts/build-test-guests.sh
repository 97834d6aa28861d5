#!/usr/bin/env bash
# Builds the test-only guest components (tests/guests/*) to target/test-guests/*.wasm.
# The sandbox tests load them; they are never shipped with the tools. Rust guests build with
# cargo; Python (app.py) and JavaScript (tool.js) guests through scripts/build-tool.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/target/test-guests"
mkdir -p "$out"
for dir in "$root"/tests/guests/*/; do
  dir="${dir%/}"
  name="$(basename "$dir")"
  if [[ -f "$dir/Cargo.toml" ]]; then
    CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}/guests" \
      cargo build --quiet --locked --release --target wasm32-wasip2 --manifest-path "$dir/Cargo.toml"
    cp "${CARGO_TARGET_DIR:-$root/target}/guests/wasm32-wasip2/release/$name.wasm" "$out/$name.wasm"
  else
    "$root/scripts/build-tool.sh" "$dir" "$out/$name.wasm"
  fi
  echo "built $out/$name.wasm ($(stat -c %s "$out/$name.wasm") bytes)"
done
