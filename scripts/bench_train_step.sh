#!/usr/bin/env bash
# The train-step comparison: one GRPO optimizer step of SmolLM2-135M (f32, CPU) in candle
# (`cargo bench -p tz-trainer --bench train_step`, timed mode) and in PyTorch
# (`trainer/benches/train_step_torch.py`), candle without and with activation recomputation,
# run alternately ROUNDS times (default 2), STEPS timed steps each (default 3, after one
# warm-up step), the load average printed before each run, since these VMs are shared. With
# QUIET=1 each run waits until the 1-minute load is below 1.0. Usage:
#   PYTHON=/path/to/venv/bin/python3 scripts/bench_train_step.sh [ROUNDS]
# PYTHON needs torch, transformers, accelerate and gguf. TZ_BENCH_BATCH / TZ_BENCH_SEQ set the
# shape.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
python="${PYTHON:-python3}"
rounds="${1:-2}"
steps="${STEPS:-3}"
cargo bench -p tz-trainer --bench train_step --no-run >/dev/null 2>&1
quiet() {
    if [ "${QUIET:-0}" = 1 ]; then
        while awk '{exit !($1 >= 1.0)}' /proc/loadavg; do sleep 5; done
    fi
}
for round in $(seq "$rounds"); do
    for recompute in 0 1; do
        quiet
        echo "== round $round: candle, recompute=$recompute: load $(cut -d' ' -f1-3 /proc/loadavg)"
        TZ_BENCH_STEPS=$steps TZ_BENCH_RECOMPUTE=$recompute \
            cargo bench -p tz-trainer --bench train_step 2>/dev/null | grep -E "median|peak RSS"
    done
    quiet
    echo "== round $round: PyTorch: load $(cut -d' ' -f1-3 /proc/loadavg)"
    "$python" trainer/benches/train_step_torch.py "$steps" 2>/dev/null
done
