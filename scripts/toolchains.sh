#!/usr/bin/env bash
# Installs the pinned toolchains that build Python and JavaScript tools to components:
#   componentize-py (PyPI, scripts/toolchains/requirements.txt) into a venv, and
#   componentize-js (npm, scripts/toolchains/package-lock.json) with `npm ci`,
# under ${TZ_TOOLCHAINS:-<repo>/target/toolchains}. Nothing is downloaded when building a
# tool afterwards. Idempotent: a toolchain whose pins are unchanged is left alone.
#   scripts/toolchains.sh [python] [js]     (default: both)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/scripts/toolchains"
dest="${TZ_TOOLCHAINS:-$root/target/toolchains}"
want=("$@")
[[ ${#want[@]} -gt 0 ]] || want=(python js)
mkdir -p "$dest"

stamp_ok() { [[ -f "$1/.stamp" ]] && cmp -s "$1/.stamp" "$2"; }

for lang in "${want[@]}"; do
  case "$lang" in
    python)
      py="$dest/py"
      if stamp_ok "$py" "$src/requirements.txt"; then
        echo "componentize-py present: $py"; continue
      fi
      command -v python3 >/dev/null || { echo "error: python3 not found; install Python 3.10+ with venv and pip" >&2; exit 1; }
      rm -rf "$py"
      python3 -m venv "$py"
      "$py/bin/pip" install --quiet --disable-pip-version-check -r "$src/requirements.txt"
      cp "$src/requirements.txt" "$py/.stamp"
      echo "componentize-py $("$py/bin/componentize-py" --version | awk '{print $2}'): $py"
      ;;
    js)
      js="$dest/js"
      # The driver is ours, not pinned by the lock: refresh it every time.
      [[ -d "$js" ]] && cp "$src/componentize.mjs" "$js/"
      if stamp_ok "$js" "$src/package-lock.json"; then
        echo "componentize-js present: $js"; continue
      fi
      command -v npm >/dev/null || { echo "error: npm not found; install Node.js 20+ with npm" >&2; exit 1; }
      rm -rf "$js"
      mkdir -p "$js"
      cp "$src/package.json" "$src/package-lock.json" "$src/componentize.mjs" "$js/"
      (cd "$js" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
      cp "$src/package-lock.json" "$js/.stamp"
      echo "componentize-js $(node -p "require('$js/node_modules/@bytecodealliance/componentize-js/package.json').version"): $js"
      ;;
    *) echo "error: unknown toolchain '$lang' (python or js)" >&2; exit 2 ;;
  esac
done
