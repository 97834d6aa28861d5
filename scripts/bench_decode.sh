#!/usr/bin/env bash
# The decode comparison: candle (`cargo bench -p tz-trainer --bench decode` for batch 1 and 8,
# `--bench decode_rl` for the GRPO rollout shape, 8 prompts x 8 samples) against PyTorch
# (`trainer/benches/decode_torch.py`, `decode_rl_torch.py`), run alternately ROUNDS times (default
# 2) with the load average printed before each run, since these VMs are shared. Compare ratios
# within a round only. Usage:
#   PYTHON=/path/to/venv/bin/python3 scripts/bench_decode.sh [ROUNDS] [WHAT]
# WHAT is `all` (default), `plain` (batch 1 and 8) or `rl`. PYTHON needs torch, transformers, gguf.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
python="${PYTHON:-python3}"
rounds="${1:-2}"
what="${2:-all}"
load() { cut -d' ' -f1-3 /proc/loadavg; }
# Built once; the binaries run directly, so editing sources during a run changes nothing.
bins="$(cargo bench -p tz-trainer --bench decode --bench decode_rl --no-run --message-format=json 2>/dev/null |
    grep -o '"executable":"[^"]*"' | cut -d'"' -f4)"
decode="$(grep '/decode-' <<<"$bins")"
decode_rl="$(grep '/decode_rl-' <<<"$bins")"
for round in $(seq "$rounds"); do
    if [[ "$what" != rl ]]; then
        echo "== round $round: candle decode: load $(load)"
        "$decode" --bench 2>/dev/null | grep -E "^cpu/|thrpt:"
        echo "== round $round: PyTorch decode: load $(load)"
        "$python" trainer/benches/decode_torch.py 2>/dev/null
    fi
    if [[ "$what" != plain ]]; then
        echo "== round $round: candle rl: load $(load)"
        "$decode_rl" --bench 2>/dev/null
        echo "== round $round: PyTorch rl: load $(load)"
        "$python" trainer/benches/decode_rl_torch.py 2>/dev/null
    fi
done
