#!/usr/bin/env python3
"""Times BFCL multi-turn entries through the official Python classes, the counterpart of
`cargo bench -p tz-env --bench multi_turn`: the ground truth given as the model's result to
`multi_turn_checker`, which executes the model's calls and the ground truth's turn by turn on
fresh class instances and compares their states (the same work as the Rust bench's episode).

    TZ=UTC /work/venv-bfcl/bin/python scripts/bfcl_multi_turn/bench_entry.py \
        --data ../shared/data/bfcl-multi-turn [--reps 200]

Prints the median and mean time per entry, in milliseconds.
"""
import argparse
import copy
import glob
import json
import os
import statistics
import time

from bfcl_eval.eval_checker.multi_turn_eval.multi_turn_checker import multi_turn_checker

ENTRIES = ["multi_turn_miss_param_0", "multi_turn_miss_func_150", "multi_turn_long_context_10"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--reps", type=int, default=200)
    a = ap.parse_args()
    entries, answers = {}, {}
    for path in glob.glob(os.path.join(a.data, "BFCL_v4_multi_turn_*.json")):
        with open(path) as f:
            for line in f:
                e = json.loads(line)
                entries[e["id"]] = e
        with open(os.path.join(a.data, "possible_answer", os.path.basename(path))) as f:
            for line in f:
                r = json.loads(line)
                answers[r["id"]] = r["ground_truth"]
    run = 0
    for entry_id in ENTRIES:
        entry, truth = entries[entry_id], answers[entry_id]
        decoded = [[turn] if turn else [] for turn in truth]
        times = []
        for _ in range(a.reps):
            run += 1
            e = copy.deepcopy(entry)
            start = time.perf_counter()
            result = multi_turn_checker(decoded, truth, e, entry_id.rsplit("_", 1)[0], f"bench{run}")
            times.append(time.perf_counter() - start)
            assert result["valid"], result
        print(f"{entry_id}: median {statistics.median(times) * 1e3:.3f} ms, "
              f"mean {statistics.mean(times) * 1e3:.3f} ms over {a.reps}")


if __name__ == "__main__":
    main()
