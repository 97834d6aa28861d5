#!/usr/bin/env python3
"""Parity fixture for Tool Zero's BFCL checker: the official bfcl-eval pipeline's verdicts on
seeded model outputs for every BFCL v4 single-turn category, in JSON form and in Python form.

Set-up (a virtual environment outside the repository; bfcl-eval without its model SDKs):

    python3 -m venv /work/venv-bfcl
    /work/venv-bfcl/bin/pip install --no-deps bfcl-eval==2026.3.23
    /work/venv-bfcl/bin/pip install filelock==3.20.0 tenacity python-dotenv overrides tqdm \
        numpy==1.26.4 pandas tree_sitter==0.21.3 tree-sitter-java==0.21.0 \
        tree-sitter-javascript==0.21.4

Run (from the repository root; seeded, so the output is the same every time):

    /work/venv-bfcl/bin/python scripts/bfcl_parity.py env/src/checker/fixtures/bfcl_parity.jsonl
    /work/venv-bfcl/bin/python scripts/bfcl_parity.py --all /tmp/bfcl_parity_all.jsonl  # every task
    # wider searches: --all --seed N --per-task K (K perturbations per task and form)
    /work/venv-bfcl/bin/python scripts/bfcl_parity.py --converters \
        env/src/checker/fixtures/converter_parity.jsonl
    /work/venv-bfcl/bin/python scripts/bfcl_parity.py --decoder env/src/parse/python_parity.jsonl
    /work/venv-bfcl/bin/python scripts/bfcl_parity.py --report REPORT.json  # a `tz eval` report

`--report` asks the official per-entry evaluators for verdicts on the calls a real model made in
a `tz eval --out REPORT.json` run (JSON form) and compares them with the report's verdicts and
error types, listing every disagreement (exit 1 if any).

`--decoder` writes instead 4000 seeded Python-syntax texts with what BFCL's decoder makes of
them (scripts/parity_decoder.py says which kinds of text are left out); `--converters` writes
seeded source texts (random token strings, shaped values and the ground truths' own Java/JS
texts) for every Java and JavaScript type with what upstream's `java_type_converter` /
`js_type_converter` make of them (or that they raise).

What it does, per category (simple_python, simple_java, simple_javascript, multiple, parallel,
parallel_multiple, irrelevance, live_simple, live_multiple, live_parallel,
live_parallel_multiple, live_irrelevance, live_relevance), for each sampled task (the data ships
inside the bfcl-eval wheel): the ground truth written as a model call, plus seeded
perturbations (value mutations, dropped, added and optional parameters, a renamed or other
function, for parallel calls shuffles, drops and duplicates; for irrelevance and relevance no
call, one call, two calls, a positional-argument call). Each prediction is judged by the
official runner's own per-entry functions (`_evaluate_single_ast_entry`,
`_evaluate_single_relevance_entry` in `bfcl_eval/eval_checker/eval_runner.py`) with a stand-in
handler whose `decode_ast` is
  * JSON form: the OpenAI function-calling decode (`json.loads` of each call's arguments), so
    the prediction is a list of `{"name", "arguments"}` calls;
  * Python form: `default_decode_ast_prompting` with `ReturnFormat.PYTHON` (what every
    prompting handler uses), so the prediction is text such as `[f(a=1), g(b="x")]`. For
    simple_java and simple_javascript upstream would decode with its tree-sitter Java / JS
    parsers instead (Java/JS expression syntax, which Tool Zero's Python-syntax parser does not
    read); here the Python decoder is used for every category, so the fixture measures
    Tool Zero's parser + checker against BFCL's Python decoder + checker.
A decode failure is `ast_decoder:decoder_failed` (irrelevance: a pass), as upstream decides.

Imports need a dummy OPENAI_API_KEY, a temporary BFCL_PROJECT_ROOT and a stub `soundfile`;
`bfcl_eval.constants.model_config` (which imports every model SDK) is replaced by a stub whose
models keep dotted function names (`underscore_to_dot = False`, as for prompting models).
Cases where the official code crashes are left out and counted.

Fixture lines: one task each, self-contained: id, category, language, functions (trimmed to
what the checker reads: name, and in parameters only type/properties/items/required), answer
(the possible answer; [] for irrelevance and relevance), and cases: {form, calls | text, valid,
error_type}.
"""
import copy
import json
import os
import random
import sys
import tempfile
import types
from collections import Counter
from pathlib import Path

os.environ.setdefault("OPENAI_API_KEY", "dummy")
os.environ.setdefault("BFCL_PROJECT_ROOT", tempfile.mkdtemp())
sys.modules["soundfile"] = types.ModuleType("soundfile")
_model_config = types.ModuleType("bfcl_eval.constants.model_config")


class _Config:
    underscore_to_dot = False


class _Configs(dict):
    def __getitem__(self, key):
        return _Config()


_model_config.MODEL_CONFIG_MAPPING = _Configs()
sys.modules["bfcl_eval.constants.model_config"] = _model_config

import bfcl_eval  # noqa: E402
from bfcl_eval.constants.enums import Language, ReturnFormat  # noqa: E402
from bfcl_eval.eval_checker import eval_runner  # noqa: E402
from bfcl_eval.model_handler.utils import default_decode_ast_prompting  # noqa: E402
from bfcl_eval.utils import is_java, is_js  # noqa: E402

import parity_decoder  # noqa: E402  (scripts/parity_decoder.py)
import parity_perturb as perturb  # noqa: E402  (scripts/parity_perturb.py)

SEED = 20261130
MODEL = "stub-model"
CATEGORIES = [
    "simple_python", "simple_java", "simple_javascript", "multiple", "parallel",
    "parallel_multiple", "irrelevance", "live_simple", "live_multiple", "live_parallel",
    "live_parallel_multiple", "live_irrelevance", "live_relevance",
]
PER_FORM = 150  # cases per category and form in the fixture
DATA = Path(bfcl_eval.__file__).parent / "data"


class Handler:
    """The one method of a model handler that the per-entry evaluators call."""

    def __init__(self, form):
        self.form = form

    def decode_ast(self, result, language, has_tool_call_tag=False):
        if self.form == "json":
            # OpenAICompletionsHandler.decode_ast, function-calling branch
            decoded_output = []
            for invoked_function in result:
                name = list(invoked_function.keys())[0]
                params = json.loads(invoked_function[name])
                decoded_output.append({name: params})
            return decoded_output
        return default_decode_ast_prompting(result, ReturnFormat.PYTHON, has_tool_call_tag)


def official(category, task, form, prediction):
    """The official verdict: (valid, error_type), or None when upstream crashes."""
    handler = Handler(form)
    if form == "json":
        item = [{c["name"]: json.dumps(c["arguments"])} for c in prediction]
    else:
        item = prediction
    entry = {"id": task["id"], "function": copy.deepcopy(task["function"])}
    try:
        if "relevance" in category:
            r = eval_runner._evaluate_single_relevance_entry(
                handler, task["id"], item, entry, MODEL, category)
        else:
            language = Language.JAVA if is_java(category) else (
                Language.JAVASCRIPT if is_js(category) else Language.PYTHON)
            r = eval_runner._evaluate_single_ast_entry(
                handler, task["id"], item, copy.deepcopy(task["answer"]), entry, MODEL,
                category, language, ReturnFormat.PYTHON)
    except Exception:  # upstream crashed on this input: not a verdict
        return None
    return r["valid"], (None if r["valid"] else r["error_type"])


def load(category):
    def jl(path):
        return [json.loads(line) for line in open(path) if line.strip()]

    questions = jl(DATA / f"BFCL_v4_{category}.json")
    answers_path = DATA / "possible_answer" / f"BFCL_v4_{category}.json"
    answers = {a["id"]: a["ground_truth"] for a in jl(answers_path)} if answers_path.exists() else {}
    return [{"id": q["id"], "function": q["function"], "answer": answers.get(q["id"], [])}
            for q in questions]


def trim_schema(schema):
    """Only what the checker reads: type, properties, items, required."""
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key in ("type", "properties", "items", "required"):
        if key not in schema:
            continue
        value = schema[key]
        if key == "properties" and isinstance(value, dict):
            value = {name: trim_schema(s) for name, s in value.items()}
        elif key == "items":
            value = trim_schema(value)
        out[key] = value
    return out


def trim_function(f):
    return {"name": f["name"], "parameters": trim_schema(f.get("parameters", {}))}


def cases_for(category, task, rng, per_task):
    """Every case of one task: [(form, prediction)]."""
    language = "java" if is_java(category) else ("javascript" if is_js(category) else "python")
    gen = perturb.Generator(rng, task["function"], task["answer"], language)
    out = []
    for form in ("json", "python"):
        if "relevance" in category:
            predictions = gen.relevance(form, per_task + 1)
        else:
            predictions = [gen.ground_truth(form)] + [gen.perturbed(form) for _ in range(per_task)]
        out += [(form, p) for p in predictions]
    return language, out


JAVA_TYPES = ["byte", "short", "integer", "long", "float", "double", "boolean", "char", "String",
              "any", "Array", "ArrayList", "HashMap", "Set"]
JS_TYPES = ["String", "integer", "float", "Bigint", "Boolean", "any", "dict", "array"]
TOKENS = ["new", " ", "  ", "ArrayList", "<>", "<Integer>", "<String, Object>", "(", ")",
          "Arrays.asList(", "{{", "}}", "{", "}", "[", "]", "[]", "add(", "put(", '"k"', ",",
          ", ", ";", ":", "1", "-2", "3.5", "1e3", "1_0", "f", "F", "L", "n", "true", "false",
          "True", "'a'", '"x y"', "'b'", "\n", "HashMap", "new int[]{", "new String[]{",
          "new Array(", "null", "x", "Infinity", "nan", "_", "+", "-", ".", "é", "٣"]


ELEMENTS = ["1", "-2", "3.5", "1e3", "2.5f", "7L", "12n", "true", "false", "True", '"s"', "'c'",
            "x", '"a, b"', "", " ", "null", "[1, 2]", "['a', 'b']", '{"k": 1}', "{k: 'v'}", "1_0",
            "٣", "nan", "Infinity", "0.5", "-0", "+3", "'q\"", '"k": 2', "a: b: c"]


def structured(rng, ty):
    """A source text shaped like a value of `ty`, with random elements and spacing."""
    def elems(k=None):
        k = rng.randint(0, 4) if k is None else k
        return rng.choice([",", ", ", " , "]).join(rng.choice(ELEMENTS) for _ in range(k))
    sp = lambda: rng.choice(["", " ", "  ", "\n"])  # noqa: E731
    if ty in ("byte", "short", "integer", "long", "float", "double", "Bigint"):
        num = rng.choice(["", "-", "+"]) + str(rng.randint(0, 99999))
        if rng.random() < 0.4:
            num += "." + str(rng.randint(0, 99))
        if rng.random() < 0.2:
            num += rng.choice(["e", "E"]) + rng.choice(["", "-", "+"]) + str(rng.randint(0, 9))
        return num + rng.choice(["", "", "f", "F", "L", "l", "n", "\n", " "])
    if ty in ("boolean", "Boolean"):
        return rng.choice(["true", "false", "True", "FALSE", " true", "true\n", "1"])
    if ty == "Array":
        kind = rng.choice(["int", "String", "long", "char", "Object"])
        return f"new{sp() or ' '}{kind}[]{sp()}{{{sp()}{elems()}{sp()}}}"
    if ty == "ArrayList":
        return rng.choice([
            f"new ArrayList<{rng.choice(['', 'Integer', 'String'])}>(Arrays.asList({elems(rng.randint(1, 4))}))",
            "new ArrayList<>() {{" + sp() + " ".join(f"add({rng.choice(ELEMENTS)});" for _ in range(rng.randint(1, 3))) + sp() + "}}",
            "new ArrayList<>()", "new  ArrayList<X>()"])
    if ty == "HashMap":
        puts = " ".join(f'put("{rng.choice(["k", "a b", ""])}",{sp()}{rng.choice(ELEMENTS)});'
                        for _ in range(rng.randint(0, 3)))
        return rng.choice([f"new HashMap<String, Object>() {{{{ {puts} }}}}",
                           f"new HashMap<>(){sp()}{{{sp()}{{{puts}}}{sp()}}}", "new HashMap<>()"])
    if ty == "array":
        return rng.choice([f"[{elems()}]", f"new Array({elems()})",
                           f"[{sp()}[{elems()}]{sp()},{sp()}[{elems()}]]",
                           f"new Array([{elems()}], [{elems()}])", f"[{elems()}] + x"])
    if ty == "dict":
        keys = ["k", '"k"', "'j'", " a b "]
        pairs = ", ".join(rng.choice(keys) + ":" + sp() + rng.choice(ELEMENTS)
                          for _ in range(rng.randint(0, 4)))
        return rng.choice([f"{{{pairs}}}", "{}", f"{{{pairs}}} tail", f"{{{sp()}{pairs}{sp()}}}"])
    return rng.choice(['"quoted"', "'single'", "plain", '"', "'x\"", "multi word"])


def json_safe(v):
    """A converter result as JSON: ints beyond 64 bits and non-finite floats as Tool Zero
    represents them (the nearest float; ±f64::MAX)."""
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return v if -2**63 <= v < 2**64 else float(v)
    if isinstance(v, float):
        return v if v == v and abs(v) != float("inf") else (-1.7976931348623157e308 if v < 0 else 1.7976931348623157e308)
    if isinstance(v, (list, tuple)):
        return [json_safe(x) for x in v]
    if isinstance(v, dict):
        return {str(k): json_safe(x) for k, x in v.items()}
    raise TypeError(type(v))


def converter_cases(rng, n):
    """Seeded source texts for every Java and JavaScript type, with upstream's conversion."""
    from bfcl_eval.eval_checker.ast_eval.type_convertor.java_type_converter import (
        java_type_converter)
    from bfcl_eval.eval_checker.ast_eval.type_convertor.js_type_converter import (
        js_type_converter)
    tasks = load("simple_java") + load("simple_javascript")
    sources = []  # the ground truths' own texts, as models write them
    for task in tasks:
        language = "java" if task["id"].startswith("simple_java_") else "javascript"
        gen = perturb.Generator(rng, task["function"], task["answer"], language)
        for alt in (False, True):
            for call in gen.canonical(alt):
                sources += [v for v in call["arguments"].values() if isinstance(v, str)]
    out = []
    for i in range(n):
        language = "java" if i % 2 == 0 else "javascript"
        types = JAVA_TYPES if language == "java" else JS_TYPES
        ty = rng.choice(types)
        nested = None
        if ty in ("Array", "ArrayList", "array"):
            nested = rng.choice(types + [None])
        r = rng.random()
        if r < 0.15 and sources:
            value = rng.choice(sources)
        elif r < 0.75:
            value = structured(rng, ty if rng.random() < 0.8 else rng.choice(types))
        else:
            value = "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 9)))
        convert = java_type_converter if language == "java" else js_type_converter
        try:
            result = json_safe(convert(value, ty, nested))
            raised = False
        except Exception:
            result, raised = None, True
        out.append({"language": language, "type": ty, "nested": nested, "value": value,
                    "raises": raised, "result": result})
    return out


def check_report(path):
    """Official verdicts on the parsed calls of a `tz eval` report; exit 1 on any disagreement."""
    report = json.load(open(path))
    tasks = {}
    agree, disagree, crashed = 0, [], 0
    for e in report["examples"]:
        category = e["category"]
        if category not in tasks:
            tasks[category] = {t["id"]: t for t in load(category)}
        verdict = official(category, tasks[category][e["id"]], "json", e["calls"])
        if verdict is None:
            crashed += 1
        elif verdict == (e["valid"], e["error_type"]):
            agree += 1
        else:
            disagree.append((e["id"], verdict, (e["valid"], e["error_type"])))
    print(f"{agree} agree, {len(disagree)} disagree, {crashed} official crashes", file=sys.stderr)
    for d in disagree:
        print(f"  {d[0]}: official {d[1]}, ours {d[2]}", file=sys.stderr)
    sys.exit(1 if disagree else 0)


def main(argv):
    if "--report" in argv:
        return check_report(argv[argv.index("--report") + 1])
    every = "--all" in argv
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else SEED
    all_per_task = int(argv[argv.index("--per-task") + 1]) if "--per-task" in argv else 4
    out_path = [a for i, a in enumerate(argv)
                if not a.startswith("--") and argv[i - 1] not in ("--seed", "--per-task")][0]
    rng = random.Random(seed)
    if "--decoder" in argv:
        decode = lambda t: default_decode_ast_prompting(t, ReturnFormat.PYTHON)  # noqa: E731
        with open(out_path, "w") as fh:
            for case in parity_decoder.cases(rng, 4000, decode):
                fh.write(json.dumps(case, ensure_ascii=False) + "\n")
        return
    if "--converters" in argv:
        with open(out_path, "w") as fh:
            for case in converter_cases(rng, 4000):
                fh.write(json.dumps(case, ensure_ascii=False) + "\n")
        return
    lines, stats, crashes = [], Counter(), Counter()
    for category in CATEGORIES:
        tasks = load(category)
        rng.shuffle(tasks)
        per_task = all_per_task if every else max(2, min(12, -(-PER_FORM // len(tasks)) - 1))
        counts = Counter()
        for task in tasks:
            if not every and min(counts["json"], counts["python"]) >= PER_FORM:
                break
            language, predictions = cases_for(category, task, rng, per_task)
            cases = []
            for form, prediction in predictions:
                verdict = official(category, task, form, prediction)
                if verdict is None:
                    crashes[category] += 1
                    continue
                key = "calls" if form == "json" else "text"
                cases.append({"form": form, key: prediction, "valid": verdict[0],
                              "error_type": verdict[1]})
                counts[form] += 1
                stats[(category, form, verdict[1] or "valid")] += 1
            lines.append({"id": task["id"], "category": category, "language": language,
                          "functions": [trim_function(f) for f in task["function"]],
                          "answer": task["answer"], "cases": cases})
        print(f"{category}: {counts['json']} json, {counts['python']} python cases", file=sys.stderr)
    with open(out_path, "w") as fh:
        for line in lines:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    for (category, form, kind), n in sorted(stats.items()):
        print(f"  {category:24} {form:6} {kind:56} {n}", file=sys.stderr)
    print(f"official crashes (left out): {dict(crashes)}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
