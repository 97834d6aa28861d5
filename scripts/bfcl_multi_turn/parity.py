#!/usr/bin/env python3
"""Parity fixture for Tool Zero's BFCL multi-turn checker (env/src/episode/state_check.rs):
the official bfcl-eval multi-turn checker's verdicts on seeded trajectories (the ground truth
and perturbations of it) for the shared multi-turn entries (every third by default; `--every 1`
for all 600, about 3 MB).

Set-up: the bfcl-eval venv of scripts/bfcl_parity.py, plus `pip install mpmath==1.3.0`.

    TZ=UTC /work/venv-bfcl/bin/python scripts/bfcl_multi_turn/parity.py \
        --data ../shared/data/bfcl-multi-turn tests/fixtures/bfcl_multi_turn_parity.jsonl

Each output line: `{"id", "kind", "turns": [[[{"name", "arguments"}, ...] per step] per turn],
"valid", "error_type"}`, where `valid` and `error_type` are what
`multi_turn_checker.multi_turn_checker` returns (run with a fresh model name per trajectory,
since BFCL caches class instances by model name and entry id). `tests/bfcl_multi_turn.rs` plays
every trajectory through the sandbox and asserts the same verdict and error type.

Perturbations (seeded per entry): the ground truth itself; one turn's calls split into one step
per call; one call dropped; one call duplicated; two calls of a turn swapped; one string or
number argument changed (same type); one checked turn left empty; one turn's calls moved to the
turn before. Only type-preserving changes: the host validates argument types against the schema
before a call runs, where Python would run (and perhaps fail) a wrong-typed call.
"""

import argparse
import ast
import copy
import importlib
import inspect
import json
import os
import random
import sys

from bfcl_eval.eval_checker.multi_turn_eval.multi_turn_checker import multi_turn_checker

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_traces import CLASSES, PREFIX, multi_turn_files, to_json  # noqa: E402

MODULE_OF = {cls: mod for mod, cls in CLASSES.items()}


def signatures(classes):
    out = {}
    for cls in classes:
        module = importlib.import_module(f"{PREFIX}.{MODULE_OF[cls]}")
        klass = getattr(module, cls)
        for name, fn in inspect.getmembers(klass, predicate=inspect.isfunction):
            if not name.startswith("_"):
                out[name] = [p for p in inspect.signature(fn).parameters if p != "self"]
    return out


def parse(text, sigs):
    node = ast.parse(text, mode="eval").body
    name = node.func.id
    args = {}
    for i, a in enumerate(node.args):
        args[sigs[name][i]] = to_json(ast.literal_eval(a))
    for kw in node.keywords:
        args[kw.arg] = to_json(ast.literal_eval(kw.value))
    return {"name": name, "arguments": args}


def render(call):
    args = ", ".join(f"{k}={v!r}" for k, v in call["arguments"].items())
    return f"{call['name']}({args})"


def mutate_value(value, rng):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value + rng.choice([1, 2, 7])
    if isinstance(value, float):
        return round(value + rng.choice([1.0, 0.5, 10.0]), 2)
    if isinstance(value, str):
        return value + "_x" if value else "x"
    return None


def perturbations(turns, rng):
    """(kind, turns) pairs; turns = [[step calls] per turn]."""
    out = [("ground_truth", turns)]
    checked = [k for k, t in enumerate(turns) if t and t[0]]
    if not checked:
        return out
    k = rng.choice(checked)
    calls = turns[k][0]
    split = copy.deepcopy(turns)
    split[k] = [[c] for c in calls]
    out.append(("split_steps", split))
    dropped = copy.deepcopy(turns)
    dropped[k][0].pop(rng.randrange(len(calls)))
    dropped[k] = [s for s in dropped[k] if s]
    out.append(("drop_call", dropped))
    dup = copy.deepcopy(turns)
    i = rng.randrange(len(calls))
    dup[k][0].insert(i, copy.deepcopy(calls[i]))
    out.append(("duplicate_call", dup))
    if len(calls) >= 2:
        swapped = copy.deepcopy(turns)
        i, j = rng.sample(range(len(calls)), 2)
        s = swapped[k][0]
        s[i], s[j] = s[j], s[i]
        out.append(("swap_calls", swapped))
    for _ in range(5):
        i = rng.randrange(len(calls))
        args = calls[i]["arguments"]
        if not args:
            continue
        key = rng.choice(sorted(args))
        new = mutate_value(args[key], rng)
        if new is None:
            continue
        changed = copy.deepcopy(turns)
        changed[k][0][i]["arguments"][key] = new
        out.append(("change_argument", changed))
        break
    empty = copy.deepcopy(turns)
    empty[k] = []
    out.append(("empty_turn", empty))
    if k > 0:
        moved = copy.deepcopy(turns)
        moved[k - 1] = moved[k - 1] + moved[k]
        moved[k] = []
        out.append(("move_to_previous_turn", moved))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--every", type=int, default=3,
                    help="only entries whose number is a multiple of this (1: all 600)")
    ap.add_argument("out")
    a = ap.parse_args()
    if os.environ.get("TZ") != "UTC":
        sys.exit("run with TZ=UTC (TradingBot formats timestamps in local time)")
    lines = []
    counter = 0
    for entries, answers in multi_turn_files(a.data):
        for entry in entries:
            if int(entry["id"].rsplit("_", 1)[1]) % a.every:
                continue
            rng = random.Random(f"{a.seed}/{entry['id']}")
            sigs = signatures(entry["involved_classes"])
            truth = answers[entry["id"]]
            turns = [[[parse(c, sigs) for c in turn]] if turn else [] for turn in truth]
            category = entry["id"].rsplit("_", 1)[0]
            for kind, traj in perturbations(turns, rng):
                counter += 1
                decoded = [[[render(c) for c in step] for step in turn if step] for turn in traj]
                result = multi_turn_checker(
                    decoded, truth, copy.deepcopy(entry), category, f"parity{counter}"
                )
                lines.append({
                    "id": entry["id"],
                    "kind": kind,
                    "turns": traj,
                    "valid": result["valid"],
                    "error_type": result.get("error_type"),
                })
    with open(a.out, "w") as f:
        for line in lines:
            f.write(json.dumps(line) + "\n")
    valid = sum(1 for l in lines if l["valid"])
    print(f"{a.out}: {len(lines)} trajectories, {valid} valid", file=sys.stderr)


if __name__ == "__main__":
    main()
