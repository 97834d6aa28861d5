#!/usr/bin/env bash
# Builds one tool project to a WebAssembly component, whatever its language:
#   scripts/build-tool.sh PROJECT_DIR [OUT.wasm]     (default OUT: PROJECT_DIR.wasm, beside it)
# * Rust: PROJECT_DIR/Cargo.toml (a cdylib using wit-bindgen), cargo --target wasm32-wasip2
#   (target dir: $CARGO_TARGET_DIR, else PROJECT_DIR/target).
# * Python: PROJECT_DIR/app.py, componentize-py; the world is `session-tool` when app.py
#   defines `class Stateful`, else `tool`.
# * JavaScript: PROJECT_DIR/tool.js, componentize-js; `session-tool` when it exports
#   `stateful`, else `tool`.
# The WIT is PROJECT_DIR/wit when present (a scaffolded project carries its copy), else the
# repository's wit/. Python and JavaScript builds are cached under
# ${TZ_TOOL_CACHE:-<repo>/target/tool-cache}, keyed by the sha256 of the sources, the WIT and
# the toolchain pins: their builds take 8-15 s and are not byte-reproducible (the interpreter
# snapshot holds build-time random state), so an unchanged tool keeps its bytes and its
# compiled-component cache entry. Toolchains come from scripts/toolchains.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ $# -eq 1 || $# -eq 2 ]] || { echo "usage: scripts/build-tool.sh PROJECT_DIR [OUT.wasm]" >&2; exit 2; }
[[ -d "$1" ]] || { echo "error: $1 is not a directory" >&2; exit 2; }
dir="$(cd "$1" && pwd)"
out="${2:-$dir.wasm}"
[[ "$out" = /* ]] || out="$PWD/$out"
toolchains="${TZ_TOOLCHAINS:-$root/target/toolchains}"
cache="${TZ_TOOL_CACHE:-$root/target/tool-cache}"
[[ "$cache" = /* ]] || cache="$PWD/$cache"
wit="$dir/wit"
[[ -d "$wit" ]] || wit="$root/wit"

need() { # toolchain-dir lang
  if [[ ! -f "$1/.stamp" ]]; then
    echo "error: the $2 toolchain is not installed; run: $root/scripts/toolchains.sh $2" >&2
    exit 1
  fi
}

# sha256 over the project's sources (sorted paths and contents), the WIT and the pins.
source_hash() {
  local lang="$1"
  {
    echo "lang=$lang"
    (cd "$dir" && find . -type f \
        -not -path './node_modules/*' -not -path '*/__pycache__/*' -not -path './target/*' \
        -not -path './wit/*' -not -name '*.wasm' -not -name '*.tmp' -print0 \
      | LC_ALL=C sort -z | xargs -0 -r sha256sum)
    (cd "$wit" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
    sha256sum "$root/scripts/toolchains/requirements.txt" "$root/scripts/toolchains/package-lock.json" \
      "$root/scripts/toolchains/componentize.mjs" | awk '{print $1}'
  } | sha256sum | awk '{print $1}'
}

install_cached() { # built-file
  mkdir -p "$(dirname "$out")"
  cp "$1" "$out.tmp"
  mv "$out.tmp" "$out"
}

# Builds with `$2 OUT` unless the cache holds this source hash, then installs the entry. The
# build writes beside the entry and is renamed into place, so a reader never sees half a file.
cached_build() { # lang build-function
  local hit
  hit="$cache/$(source_hash "$1").wasm"
  if [[ ! -f "$hit" ]]; then
    mkdir -p "$cache"
    "$2" "$hit.tmp.$$"
    mv "$hit.tmp.$$" "$hit"
  fi
  install_cached "$hit"
}

build_python() { # out (componentize-py writes scratch files in its working directory)
  local tmpd
  tmpd="$(mktemp -d)"
  (cd "$tmpd" && "$toolchains/py/bin/componentize-py" -d "$wit" -w "$world" componentize app \
      -p "$dir" -o "$1" >/dev/null)
  rm -rf "$tmpd"
}

build_js() { # out
  node "$toolchains/js/componentize.mjs" "$dir/tool.js" "$wit" "$world" "$1" >/dev/null
}

if [[ -f "$dir/Cargo.toml" ]]; then
  name="$(basename "$dir")"
  target_dir="${CARGO_TARGET_DIR:-$dir/target}"
  cargo build --quiet --release --target wasm32-wasip2 --manifest-path "$dir/Cargo.toml" \
    --target-dir "$target_dir"
  crate="$(sed -n 's/^name *= *"\(.*\)"/\1/p' "$dir/Cargo.toml" | head -1 | tr - _)"
  install_cached "$target_dir/wasm32-wasip2/release/${crate:-$name}.wasm"
elif [[ -f "$dir/app.py" ]]; then
  need "$toolchains/py" python
  world=tool
  grep -Eq '^class +Stateful\b' "$dir/app.py" && world=session-tool
  cached_build python build_python
elif [[ -f "$dir/tool.js" ]]; then
  need "$toolchains/js" js
  world=tool
  grep -Eq '^export +(const|let|var) +stateful\b' "$dir/tool.js" && world=session-tool
  cached_build js build_js
else
  echo "error: $dir is not a tool project: expected Cargo.toml (Rust), app.py (Python) or tool.js (JavaScript)" >&2
  exit 1
fi
