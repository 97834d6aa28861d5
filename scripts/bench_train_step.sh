#!/usr/bin/env bash
# The train-step comparison: one GRPO optimizer step of SmolLM2-135M (f32, CPU) in candle
# (`cargo bench -p tz-trainer --bench train_step`) and in PyTorch
# (`trainer/benches/train_step_torch.py`), candle with and without activation recomputation,
# run alternately ROUNDS times (default 2) with the load
# average printed before each run, since these VMs are shared. Usage:
#   PYTHON=/path/to/venv/bin/python3 scripts/bench_train_step.sh [ROUNDS]
# PYTHON needs torch, transformers and gguf. TZ_BENCH_BATCH / TZ_BENCH_SEQ set the shape.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
python="${PYTHON:-python3}"
rounds="${1:-2}"
cargo bench -p tz-trainer --bench train_step --no-run >/dev/null 2>&1
for round in $(seq "$rounds"); do
    for recompute in 1 0; do
        echo "== round $round: candle, recompute=$recompute: load $(cut -d' ' -f1-3 /proc/loadavg)"
        TZ_BENCH_RECOMPUTE=$recompute cargo bench -p tz-trainer --bench train_step 2>/dev/null |
            grep -E "time:|peak RSS"
    done
    echo "== round $round: PyTorch: load $(cut -d' ' -f1-3 /proc/loadavg)"
    "$python" trainer/benches/train_step_torch.py 5 2>/dev/null
done
