"""Seeded model outputs for scripts/bfcl_parity.py: a BFCL ground truth written as a model's
calls (JSON calls, or Python-syntax text; Java and JavaScript values as their source text, the
form BFCL asks those models for) and systematic perturbations of it.

Everything random comes from the `random.Random` the caller passes in.
"""
import copy
import json
import keyword

POOL = [0, 1, -3, 7, 2.5, 10.0, 1e-3, "", "x", "New York", True, False, None, [], [1, 2], ["a"],
        [1.5], {}, {"k": 1}, [{"a": 1}]]
JAVA_ARRAY_TYPES = {"String": "String", "integer": "int", "long": "long", "char": "char",
                    "any": "Object", "float": "float", "double": "double", "boolean": "boolean"}


def canon_value(v):
    """A dict alternative maps keys to alternative lists: take each key's first value."""
    if isinstance(v, dict):
        return {k: a[0] for k, a in v.items() if isinstance(a, list) and a and a[0] != ""}
    if isinstance(v, list):
        return [canon_value(x) if isinstance(x, dict) else x for x in v]
    return v


def java_lit(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return f'"{v}"'
    if v is None:
        return "null"
    return repr(v)


def java_source(v, schema, alt=False):
    """The Java source text a model writes for `v` of this declared type."""
    ty = schema.get("type")
    item = (schema.get("items") or {}).get("type")
    if ty in ("String", "any", "char") or isinstance(v, str):
        return v if isinstance(v, str) else java_lit(v)
    if ty == "long":
        return f"{v}L"
    if ty == "float":
        return f"{v}f"
    if ty == "double":
        return repr(float(v))
    if ty == "boolean":
        return java_lit(bool(v))
    if ty == "Array" and isinstance(v, list):
        elems = [x if isinstance(x, str) and item in ("String", "char", "any")
                 else java_source(x, {"type": item}) for x in v]
        kind = JAVA_ARRAY_TYPES.get(item, "Object")
        if alt:
            return f"new {kind}[] {{ {', '.join(elems)} }}"
        return f"new {kind}[]{{{', '.join(elems)}}}"
    if ty == "ArrayList" and isinstance(v, list):
        if not v:
            return "new ArrayList<>()"
        elems = [f'"{x}"' if item == "String" else f"'{x}'" if item == "char"
                 else (x if isinstance(x, str) else java_lit(x)) if item == "any"
                 else java_source(x, {"type": item}) for x in v]
        if alt:
            return "new ArrayList<Object>() {{ " + " ".join(f"add({e});" for e in elems) + " }}"
        return f"new ArrayList<>(Arrays.asList({', '.join(elems)}))"
    if ty == "HashMap" and isinstance(v, dict):
        if not v:
            return "new HashMap<>()"
        puts = [f'put("{k}", {java_lit(x)});' for k, x in v.items()]
        if alt:
            return "new HashMap<>() {{" + "".join(puts) + "}}"
        return "new HashMap<String, Object>() {{ " + " ".join(puts) + " }}"
    return java_lit(v) if not isinstance(v, (list, dict)) else json.dumps(v)


def js_lit(v, alt=False):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return f"'{v}'" if alt else f'"{v}"'
    if v is None:
        return "null"
    if isinstance(v, list):
        return "[" + ", ".join(js_lit(x, alt) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{js_key(k, alt)}: {js_lit(x, alt)}" for k, x in v.items()) + "}"
    return repr(v)


def js_key(k, alt):
    return k if alt else f'"{k}"'


def js_source(v, schema, alt=False):
    """The JavaScript source text a model writes for `v` of this declared type."""
    ty = schema.get("type")
    if ty == "String" and isinstance(v, str):
        return f'"{v}"' if alt else v
    if ty == "any" or isinstance(v, str):
        return v if isinstance(v, str) else js_lit(v)
    if ty == "float" and isinstance(v, (int, float)) and not isinstance(v, bool):
        f = float(v)
        return f"{f:.1f}" if f.is_integer() else repr(f)
    if ty == "Bigint":
        return f"{v}n"
    if ty == "array" and isinstance(v, list) and alt:
        return "new Array(" + ", ".join(js_lit(x, True) for x in v) + ")"
    return js_lit(v, alt)


def py_lit(v, quote="'"):
    """A Python literal that BFCL's decoder reads back as `v`."""
    if isinstance(v, str):
        return repr(v) if quote == "'" else json.dumps(v, ensure_ascii=False)
    if isinstance(v, (bool, type(None), int, float)):
        return repr(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(py_lit(x, quote) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{py_lit(k, quote)}: {py_lit(x, quote)}" for k, x in v.items()) + "}"
    return repr(v)


def render(calls, quote="'", positional=None, literals=None, brackets=True, spaced=False):
    """Calls as Python-syntax text; `positional` = index of a call whose first argument is
    written positionally, `literals` = {(call, param): text} written instead of the value."""
    literals = literals or {}
    parts = []
    for ci, call in enumerate(calls):
        args = []
        for ai, (k, v) in enumerate(call["arguments"].items()):
            lit = literals.get((ci, k)) or py_lit(v, quote)
            if positional == ci and ai == 0:
                args.append(lit)
            else:
                args.append(f"{k} = {lit}" if spaced else f"{k}={lit}")
        sep = ",\n    " if spaced else ", "
        parts.append(f"{call['name']}({sep.join(args)})")
    body = ", ".join(parts)
    return f"[{body}]" if brackets else body


def is_identifier(s):
    return isinstance(s, str) and s.isidentifier() and not keyword.iskeyword(s)


class Generator:
    def __init__(self, rng, functions, answer, language):
        self.rng, self.functions, self.answer, self.language = rng, functions, answer, language
        self.specs = {f["name"]: f for f in functions}

    def props(self, name):
        return (self.specs.get(name) or {}).get("parameters", {}).get("properties", {})

    def source(self, value, schema, alt=False):
        if self.language == "java":
            return java_source(value, schema, alt)
        if self.language == "javascript":
            return js_source(value, schema, alt)
        return value

    def canonical(self, alt=False):
        """The answer written as calls: each parameter's first alternative that is not `""`;
        one whose first alternative is `""` is left out unless the function requires it."""
        calls = []
        for expected in self.answer:
            (name, params), = expected.items()
            spec = self.specs.get(name) or {}
            required = spec.get("parameters", {}).get("required", [])
            props = self.props(name)
            args = {}
            for p, alts in params.items():
                first = next((a for a in alts if a != ""), None)
                if first is None or (alts[0] == "" and p not in required):
                    continue
                args[p] = self.source(canon_value(first), props.get(p, {}), alt)
            calls.append({"name": name, "arguments": args})
        return calls

    def emit(self, form, calls):
        if form == "json":
            return calls
        rng = self.rng
        quote = rng.choice(["'", '"'])
        if rng.random() < 0.4:
            return self.python_variant(calls, quote)
        return render(calls, quote=quote, spaced=rng.random() < 0.15)

    def python_variant(self, calls, quote):
        """Python-form-only changes: positional argument, other spellings of a literal (bare
        name, unary plus, `_` separators, escapes, implicit concatenation, raw string), no
        brackets, trailing commas, broken syntax."""
        rng = self.rng
        op = rng.choice(["positional", "literal", "literal", "no_brackets", "broken",
                         "trailing_comma"])
        with_args = [i for i, c in enumerate(calls) if c["arguments"]]
        if op == "positional" and with_args:
            return render(calls, quote=quote, positional=rng.choice(with_args))
        spellings = {(i, k): self.spellings(v) for i, c in enumerate(calls)
                     for k, v in c["arguments"].items()}
        spellings = {key: s for key, s in spellings.items() if s}
        if op == "literal" and spellings:
            key = rng.choice(sorted(spellings))
            return render(calls, quote=quote, literals={key: rng.choice(spellings[key])})
        if op == "no_brackets":
            return render(calls, quote=quote, brackets=False)
        if op == "broken":
            return render(calls, quote=quote)[:-2] + "]"
        if op == "trailing_comma" and calls:
            text = render(calls, quote=quote)
            return text[:-2] + ",),]" if calls[-1]["arguments"] else text[:-1] + ",]"
        return render(calls, quote=quote)

    @staticmethod
    def spellings(v):
        """Other Python spellings of a value (some of which BFCL decodes to another value)."""
        out = []
        if is_identifier(v):
            out.append(v)
        if isinstance(v, str) and len(v) >= 2:
            out += [json.dumps(v), f"{v[:1]!r} {v[1:]!r}"]
            if "\\" not in v and "'" not in v and "\n" not in v:
                out.append(f"r'{v}'")
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            out += [f"+{v}", f"- {v}"]
            if isinstance(v, int) and abs(v) >= 1000:
                out.append(f"{v:_}")
        if isinstance(v, bool):
            out.append(f"-{v}")
        return out

    def ground_truth(self, form):
        return self.emit(form, self.canonical())

    def mutate_value(self, v, schema):
        if self.language != "python" and isinstance(v, str):
            return self.mutate_source(v, schema)
        rng = self.rng
        r = rng.random()
        if isinstance(v, str) and r < 0.3:
            return rng.choice([v.upper(), v.replace(" ", ""), v + " ", v[::-1], v.lower() + ".",
                               "zz" + v])
        if isinstance(v, bool) and r < 0.3:
            return not v
        if isinstance(v, int) and not isinstance(v, bool) and r < 0.3:
            return rng.choice([float(v), v + 1, -v, str(v), True])
        if isinstance(v, float) and r < 0.3:
            return rng.choice([int(v), v * 2, str(v)])
        if isinstance(v, list) and v and r < 0.3:
            return rng.choice([v[::-1], v[:-1], v + v[:1], [str(x) for x in v]])
        if isinstance(v, dict) and v and r < 0.3:
            k = rng.choice(list(v))
            w = dict(v)
            if rng.random() < 0.5:
                del w[k]
            else:
                w[k] = self.mutate_value(w[k], {}) if not isinstance(w[k], (dict, list)) else "zz"
            return w
        return copy.deepcopy(rng.choice(POOL))

    def mutate_source(self, s, schema):
        """A Java/JS source text changed: edits of the text, a re-rendering, or a non-string."""
        rng = self.rng
        if rng.random() < 0.2:
            return copy.deepcopy(rng.choice([1, True, 2.5, [s], None, {"k": s}]))
        edits = [s.upper(), s + " ", "zz" + s, s.replace(" ", ""), s[:-1], f'"{s}"',
                 s.strip("\"'"), s.replace("true", "True"), s + "L", s.rstrip("Ll"), s + "f",
                 s.rstrip("fF"), s + ".0", s.replace('"', "'"), s.replace(", ", ","),
                 s.replace("[", "[ "), s.lower()]
        changed = [e for e in edits if e != s]
        return rng.choice(changed) if changed else "zz" + s

    def perturbed(self, form):
        rng = self.rng
        calls = self.canonical(alt=self.language != "python" and rng.random() < 0.25)
        ops = ["value", "value", "value", "drop", "add", "name", "optional"]
        if len(self.functions) > 1:
            ops.append("other_function")
        if len(calls) > 1:
            ops += ["shuffle", "drop_call", "duplicate_call"]
        ops += ["extra_call"] if rng.random() < 0.3 else []
        op = rng.choice(ops)
        i = rng.randrange(len(calls)) if calls else 0
        call = calls[i] if calls else {"name": "zz", "arguments": {}}
        args = call["arguments"]
        props = list(self.props(call["name"]))
        if op == "value" and args:
            k = rng.choice(list(args))
            args[k] = self.mutate_value(args[k], self.props(call["name"]).get(k, {}))
        elif op == "drop" and args:
            del args[rng.choice(list(args))]
        elif op == "add":
            k = rng.choice(props + ["zz_extra"])
            args[k] = args.get(k, copy.deepcopy(rng.choice(POOL)))
        elif op == "name":
            call["name"] = rng.choice([call["name"] + "_x", call["name"].upper(),
                                       call["name"].replace(".", "_")])
        elif op == "optional":
            missing = [p for p in props if p not in args]
            if missing:
                args[rng.choice(missing)] = copy.deepcopy(rng.choice(POOL))
        elif op == "other_function":
            others = [f["name"] for f in self.functions if f["name"] != call["name"]]
            call["name"] = rng.choice(others)
        elif op == "drop_call":
            del calls[i]
        elif op == "duplicate_call":
            j = rng.choice([j for j in range(len(calls)) if j != i])
            calls[j] = copy.deepcopy(calls[i])
        elif op == "extra_call" and calls:
            calls.append(copy.deepcopy(calls[i]))
        if len(calls) > 1 and (op == "shuffle" or rng.random() < 0.5):
            rng.shuffle(calls)
        return self.emit(form, calls)

    def synthesized_call(self):
        """A call of an offered function with a value of each required parameter's type."""
        rng = self.rng
        if not self.functions:  # some live_irrelevance tasks offer no function at all
            return {"name": "get_weather", "arguments": {"city": "Paris"}}
        f = rng.choice(self.functions)
        params = f.get("parameters", {})
        values = {"string": "Paris", "integer": 3, "float": 2.5, "boolean": True,
                  "array": ["a"], "dict": {"k": "v"}, "tuple": [1], "any": "x"}
        args = {}
        for p in params.get("required", []):
            ty = params.get("properties", {}).get(p, {}).get("type")
            args[p] = copy.deepcopy(values.get(ty, "x"))
        return {"name": f["name"], "arguments": args}

    def relevance(self, form, n):
        """Outputs for irrelevance / relevance tasks: none, one call, two calls, ..."""
        rng = self.rng
        kinds = ["none", "one", "two", "unknown", "one_no_args"]
        if form == "python":
            kinds += ["positional", "text", "empty_list", "broken", "bare", "no_brackets"]
        chosen = rng.sample(kinds, min(n, len(kinds)))
        chosen += [rng.choice(kinds) for _ in range(n - len(chosen))]
        out = []
        for kind in chosen:
            one = self.synthesized_call()
            if kind == "none":
                calls = []
            elif kind == "two":
                calls = [one, self.synthesized_call()]
            elif kind == "unknown":
                calls = [{"name": "zz_unknown_function", "arguments": {"a": 1}}]
            elif kind == "one_no_args":
                calls = [{"name": one["name"], "arguments": {}}]
            else:
                calls = [one]
            if form == "json":
                out.append(calls)
            elif kind == "none":
                out.append(rng.choice(["", "[]", "None"]))
            elif kind == "positional":
                out.append(f'[{one["name"]}("Paris", {rng.choice(["x", "1", "a.b"])})]')
            elif kind == "text":
                out.append(rng.choice(["I cannot help with that.", "Sorry, none of the "
                                       "functions can answer this.", "42"]))
            elif kind == "empty_list":
                out.append("[]")
            elif kind == "broken":
                out.append(render(calls, quote="'")[:-2])
            elif kind == "bare":
                out.append(f"[{one['name']}(city=Paris)]")
            elif kind == "no_brackets":
                out.append(render(calls, brackets=False))
            else:
                out.append(render(calls, quote=rng.choice(["'", '"'])))
        return out
