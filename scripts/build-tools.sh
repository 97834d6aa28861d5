#!/usr/bin/env bash
# Builds every tool in tools-wasm/ to a WebAssembly component and copies each to
# tools-wasm/<tool>.wasm, where the host loads every top-level *.wasm: the Rust workspace
# (wasm32-wasip2, release), then every Python (app.py) and JavaScript (tool.js) project through
# scripts/build-tool.sh (cached by source hash; toolchains from scripts/toolchains.sh).
# Works from any directory; honours CARGO_TARGET_DIR. Extra arguments go to cargo build
# (e.g. --locked, or -p calculator to build one Rust tool).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_dir="$root/tools-wasm"
manifest="$tools_dir/Cargo.toml"
target="wasm32-wasip2"

if command -v rustup >/dev/null 2>&1 && ! rustup target list --installed | grep -qx "$target"; then
    echo "error: the $target target is missing; run: rustup target add $target" >&2
    exit 2
fi

cargo build --release --target "$target" --manifest-path "$manifest" "$@"

# Cargo's target directory, wherever CARGO_TARGET_DIR or config puts it.
if [[ -n "${CARGO_TARGET_DIR:-}" ]]; then
    target_dir="$CARGO_TARGET_DIR"
    [[ "$target_dir" = /* ]] || target_dir="$PWD/$target_dir"
else
    target_dir="$tools_dir/target"
fi
out_dir="$target_dir/$target/release"

# One tool per workspace member that builds a cdylib (common and spec_check do not).
built=0
for crate_toml in "$tools_dir"/*/Cargo.toml; do
    grep -q 'cdylib' "$crate_toml" || continue
    # A project with its own [workspace] (e.g. from `tz tools new`) builds below.
    grep -q '^\[workspace\]' "$crate_toml" && continue
    tool="$(basename "$(dirname "$crate_toml")")"
    wasm="$out_dir/$tool.wasm"
    if [[ ! -f "$wasm" ]]; then
        # Not built this time (e.g. `-p other_tool`); keep whatever copy exists.
        continue
    fi
    # A component starts with the magic \0asm and the component-model version 0d 00 01 00.
    magic="$(head -c 8 "$wasm" | od -An -tx1 | tr -d ' \n')"
    if [[ "$magic" != "0061736d0d000100" ]]; then
        echo "error: $wasm is not a WebAssembly component (header $magic)" >&2
        exit 1
    fi
    # Copy then rename, so a process loading the directory never reads a half-written file.
    cp "$wasm" "$tools_dir/.$tool.wasm.tmp"
    mv "$tools_dir/.$tool.wasm.tmp" "$tools_dir/$tool.wasm"
    printf '%-12s %8d bytes  tools-wasm/%s.wasm\n' "$tool" "$(wc -c <"$wasm")" "$tool"
    built=$((built + 1))
done

# Python and JavaScript tools, and Rust tools with their own workspace: one project each.
for project in "$tools_dir"/*/; do
    project="${project%/}"
    if [[ -f "$project/Cargo.toml" ]]; then
        grep -q '^\[workspace\]' "$project/Cargo.toml" || continue
    elif [[ ! -f "$project/app.py" && ! -f "$project/tool.js" ]]; then
        continue
    fi
    tool="$(basename "$project")"
    "$root/scripts/build-tool.sh" "$project" "$tools_dir/$tool.wasm"
    printf '%-12s %8d bytes  tools-wasm/%s.wasm\n' "$tool" "$(wc -c <"$tools_dir/$tool.wasm")" "$tool"
    built=$((built + 1))
done

if [[ "$built" -eq 0 ]]; then
    echo "error: no components found in $out_dir" >&2
    exit 1
fi
