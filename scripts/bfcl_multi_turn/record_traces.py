#!/usr/bin/env python3
"""Records call traces of BFCL's official multi-turn API classes, the behavioural reference
that Tool Zero's session-tool components (tools-wasm/<tool>/) are replayed against in
`cargo test --manifest-path tools-wasm/Cargo.toml` (tz_tool_common::bfcl::trace documents the
format).

Set-up: the bfcl-eval venv of scripts/bfcl_parity.py (bfcl-eval==2026.3.23, whose
`func_source_code/` is ../shared/reference/bfcl-multi-turn/), plus
`pip install mpmath==1.3.0` (the version bfcl-eval pins; MathAPI's logarithm prints through it).

Run (from the repository root; deterministic, so re-running gives the same bytes):

    TZ=UTC /work/venv-bfcl/bin/python scripts/bfcl_multi_turn/record_traces.py \
        --data ../shared/data/bfcl-multi-turn --tool ticket_api

Sources of calls, for the class of `--tool` (the doc-file stem: gorilla_file_system,
math_api, message_api, posting_api, ticket_api, trading_bot, travel_booking, vehicle_control):
1. every entry of every `BFCL_v4_multi_turn_*.json` in --data that involves the class: its
   `initial_config` and the ground truth's calls to the class, turn after turn, on one
   instance (as BFCL's checker runs them), with long_context set as BFCL sets it. Long-context
   entries are kept for the first --long-context-entries of them (their states are large;
   the default keeps each traces.jsonl near 1 MB).
2. `scripts/bfcl_multi_turn/cases/<tool>.json`, hand-written to reach what the ground truths
   never do (error paths, edge values): a JSON list of
   `{"id", "scenario": {...} | null, "long_context": bool, "calls": [[name, {args}], ...]}`.
Writes `tools-wasm/<tool>/traces.jsonl` (or --out).
"""

import argparse
import ast
import copy
import glob
import importlib
import inspect
import json
import os
import sys

PREFIX = "bfcl_eval.eval_checker.multi_turn_eval.func_source_code"
CLASSES = {
    "gorilla_file_system": "GorillaFileSystem",
    "math_api": "MathAPI",
    "message_api": "MessageAPI",
    "posting_api": "TwitterAPI",
    "ticket_api": "TicketAPI",
    "trading_bot": "TradingBot",
    "travel_booking": "TravelAPI",
    "vehicle_control": "VehicleControlAPI",
}
STATELESS = {"MathAPI"}


def encode(value):
    """A JSON value for `value` as the Rust classes' `state()` encodes it."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return repr(value)
        return value
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, (set, frozenset)):  # set equality ignores order: sorted
        return [encode(v) for v in sorted(value, key=lambda v: (type(v).__name__, v))]
    kind = type(value).__name__
    if kind == "File":  # File.__eq__ compares name and content
        return {"name": value.name, "content": value.content}
    if kind == "Directory":  # Directory.__eq__ compares name and contents (not parent)
        return {"name": value.name, "contents": encode(value.contents)}
    if hasattr(value, "__dict__"):
        return {k: encode(v) for k, v in vars(value).items() if not k.startswith("_")}
    return repr(value)


def state(instance):
    return {k: encode(v) for k, v in vars(instance).items() if not k.startswith("_")}


def result_text(value):
    """The text BFCL's executor makes of a return value (multi_turn_utils.py)."""
    if type(value) == str:
        return value
    if type(value) == dict:
        try:
            return json.dumps(value)
        except Exception:
            return str(value)
    return str(value)


def new_instance(class_name, scenario, long_context):
    module = importlib.import_module(f"{PREFIX}.{[k for k, v in CLASSES.items() if v == class_name][0]}")
    instance = getattr(module, class_name)()
    if class_name not in STATELESS:
        instance._load_scenario(copy.deepcopy(scenario or {}), long_context=long_context)
    return instance


def to_json(value):
    if isinstance(value, tuple):
        return [to_json(v) for v in value]
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    return value


def parse_call(text, instance):
    """`name`, keyword args (positional ones named from the method's signature)."""
    node = ast.parse(text, mode="eval").body
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
        raise ValueError(f"not a plain call: {text}")
    name = node.func.id
    method = getattr(instance, name, None)
    if method is None:
        return None
    params = [p for p in inspect.signature(method).parameters]
    args = {}
    for i, arg in enumerate(node.args):
        args[params[i]] = to_json(ast.literal_eval(arg))
    for kw in node.keywords:
        args[kw.arg] = to_json(ast.literal_eval(kw.value))
    return name, args


def run(trace_id, class_name, scenario, long_context, calls):
    instance = new_instance(class_name, scenario, long_context)
    initial = state(instance)
    last = initial
    out_calls = []
    for i, (name, args) in enumerate(calls):
        # A copy: a method may keep (and later change) a list it was given.
        record = {"name": name, "args": copy.deepcopy(args)}
        try:
            record["result"] = result_text(getattr(instance, name)(**args))
        except Exception as e:  # BFCL reports any exception as the call's result
            record["error"] = str(e)
        now = state(instance)
        if now != last or i == len(calls) - 1:
            record["state"] = now
            last = now
        out_calls.append(record)
    return {
        "id": trace_id,
        "class": class_name,
        "long_context": long_context,
        "scenario": scenario,
        "initial_state": initial,
        "calls": out_calls,
    }


def multi_turn_files(data_dir):
    """(entries, {id: ground truth}) of every multi-turn question file of `data_dir`, in name
    order."""
    for path in sorted(glob.glob(os.path.join(data_dir, "BFCL_v4_multi_turn_*.json"))):
        answers = {}
        with open(os.path.join(data_dir, "possible_answer", os.path.basename(path))) as f:
            for line in f:
                if line.strip():
                    row = json.loads(line)
                    answers[row["id"]] = row["ground_truth"]
        with open(path) as f:
            entries = [json.loads(line) for line in f if line.strip()]
        yield entries, answers


def ground_truth_traces(data_dir, class_name, long_limit):
    traces = []
    long_seen = 0
    for entries, answers in multi_turn_files(data_dir):
        for entry in entries:
            if class_name not in entry["involved_classes"]:
                continue
            category = entry["id"].rsplit("_", 1)[0]
            long_context = "long_context" in category or "composite" in category
            if long_context:
                long_seen += 1
                if long_seen > long_limit:
                    continue
            probe = new_instance(class_name, entry["initial_config"].get(class_name), long_context)
            calls = []
            for turn in answers[entry["id"]]:
                for text in turn:
                    parsed = parse_call(text, probe)
                    if parsed is not None:
                        calls.append(parsed)
            if not calls:
                continue
            scenario = entry["initial_config"].get(class_name)
            traces.append(run(f"gt/{entry['id']}", class_name, scenario, long_context, calls))
    return traces


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="the bfcl-multi-turn data directory")
    ap.add_argument("--tool", required=True, choices=sorted(CLASSES))
    ap.add_argument("--out", help="default tools-wasm/<tool>/traces.jsonl")
    ap.add_argument("--long-context-entries", type=int, default=None,
                    help="long-context entries kept (default 8; 3 for trading_bot, whose "
                    "long-context states are the largest)")
    a = ap.parse_args()
    if os.environ.get("TZ") != "UTC":
        sys.exit("run with TZ=UTC: TradingBot formats timestamps in local time")
    class_name = CLASSES[a.tool]
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    long_entries = a.long_context_entries
    if long_entries is None:
        long_entries = 3 if a.tool == "trading_bot" else 8
    traces = ground_truth_traces(a.data, class_name, long_entries)
    cases_path = os.path.join(root, "scripts", "bfcl_multi_turn", "cases", f"{a.tool}.json")
    if os.path.exists(cases_path):
        with open(cases_path) as f:
            for case in json.load(f):
                calls = [(name, args) for name, args in case["calls"]]
                traces.append(run(f"case/{case['id']}", class_name, case.get("scenario"),
                                  case.get("long_context", False), calls))
    out = a.out or os.path.join(root, "tools-wasm", a.tool, "traces.jsonl")
    with open(out, "w") as f:
        for t in traces:
            f.write(json.dumps(t) + "\n")
    calls = sum(len(t["calls"]) for t in traces)
    names = sorted({c["name"] for t in traces for c in t["calls"]})
    print(f"{out}: {len(traces)} traces, {calls} calls, {os.path.getsize(out)} bytes; "
          f"functions called: {len(names)}", file=sys.stderr)


if __name__ == "__main__":
    main()
