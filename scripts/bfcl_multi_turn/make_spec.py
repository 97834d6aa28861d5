#!/usr/bin/env python3
"""Writes a BFCL multi-turn class's function docs as a Tool Zero tool spec: the JSON array a
session-tool component returns from `spec()` (tools-wasm/<tool>/spec.json).

    python3 scripts/bfcl_multi_turn/make_spec.py ../shared/data/bfcl-multi-turn ticket_api

Names, descriptions and parameters are BFCL's (`multi_turn_func_doc/<tool>.json`, Apache-2.0),
with BFCL's Python type names mapped to JSON Schema (dict -> object, float -> number, tuple ->
array, any -> no type) and the `response` docs dropped (a tool spec describes parameters only).
"""
import json
import os
import sys

TYPES = {"dict": "object", "float": "number", "tuple": "array"}


def schema(value):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "type" and isinstance(v, str):
                if v == "any":
                    continue
                out[k] = TYPES.get(v, v)
            else:
                out[k] = schema(v)
        return out
    if isinstance(value, list):
        return [schema(v) for v in value]
    return value


def main():
    data, tool = sys.argv[1], sys.argv[2]
    path = os.path.join(data, "multi_turn_func_doc", f"{tool}.json")
    functions = []
    with open(path) as f:
        for line in f:
            if line.strip():
                doc = json.loads(line)
                functions.append({
                    "name": doc["name"],
                    "description": doc["description"],
                    "parameters": schema(doc["parameters"]),
                })
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = os.path.join(root, "tools-wasm", tool, "spec.json")
    with open(out, "w") as f:
        json.dump(functions, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{out}: {len(functions)} functions", file=sys.stderr)


if __name__ == "__main__":
    main()
