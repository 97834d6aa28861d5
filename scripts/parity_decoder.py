"""Seeded Python-syntax texts for scripts/bfcl_parity.py --decoder: call lists written the many
ways Python allows (and some it does not), each decoded by BFCL's own decoder
(`default_decode_ast_prompting`), for Tool Zero's `parse_python_calls` to match.

Left out, as the differences Tool Zero's parser documents: keyword values that upstream
evaluates or writes back with `ast.unparse` (arithmetic, subscripts, nested calls with only
positional arguments), and decoded values JSON cannot hold (tuples, bytes, complex and infinite
numbers, ints beyond 64 bits, strings with lone surrogates, dict keys other than
str/int/bool/None).
"""
import math

NAMES = ["f", "get_weather", "math.sqrt", "a.b.c", "año", "é.ü", "from", "class", "_x", "x1",
         "Foo.bar_baz", "True", "lambda", "match", "type", "print", "a . b"]
KEYS = ["a", "b", "city", "año_vehiculo", "from", "in", "_", "x1", "True", "ö", "type", "match",
        "λ"]
NUMBERS = ["0", "1", "-1", "+5", "- 3", "--3", "1_000", "1__0", "007", "00", "0x1F", "0o17",
           "0b101", "0x_f", "1.5", ".5", "5.", "1e3", "1E-3", "1_0.5", "1e999", "1j",
           "12345678901234567890", "99999999999999999999999", "-True", "+False", "-None",
           "-'a'", "-(5)", "-x", "1.", "0.0", "-0.0", "1_", "1.5.2", "0_0", "09.5", "00.5",
           "1e+5", "~5", "not 1", "-((2))"]
STRINGS = ["'a'", '"b"', "'it\\'s'", '"q\\"x"', "'\\n\\t'", "'\\x41'", "'\\u00e9'",
           "'\\U0001F389'", "'\\101'", "'\\0'", "'\\d'", "r'\\d'", "R\"x\"", "u'x'", "U'y'",
           "b'x'", "f'x'", "rb'x'", "'a' 'b'", "'a'\"b\"", "'a' r'\\d'", '"""tri"""', "''",
           "'é'", "'\\N{DASH}'", "'\\x4'", "'unterminated", "'a\\\nb'", "'\\ud800'", "'\\777'",
           "'\\8'", "'a' # c\n 'b'"]
NAMES_AS_VALUES = ["True", "False", "None", "...", "x", "celsius", "None_", "inf", "nan",
                   "lambda", "not", "if", "g()", "g(k=1)", "a.b(k=[1], j=None)", "g(**y)",
                   "a.b", "x if y else z", "{1, 2}", "not x", "*x", "**y", "lambda: 1",
                   "f'{x}'"]
# Only where they are dropped: what upstream evaluates or unparses as a keyword value.
POSITIONAL_ONLY = ["g(1)", "a[0]", "1+2", "'a'*2", "[i for i in x if i]", "{k: v for k in x}",
                   "(x for x in y)", "[*x, 1]", "-x", "a == not b", "not a == b"]


def value(rng, positional, d=0):
    r = rng.random()
    if d > 2 or r < 0.25:
        return rng.choice(NUMBERS)
    if r < 0.45:
        return rng.choice(STRINGS)
    if r < 0.55:
        return rng.choice(NAMES_AS_VALUES + (POSITIONAL_ONLY if positional else []))
    inner = lambda: value(rng, positional, d + 1)  # noqa: E731
    if r < 0.65:
        return ("[" + ", ".join(inner() for _ in range(rng.randint(0, 3)))
                + rng.choice(["", ",", " "]) + "]")
    if r < 0.72:
        return "(" + ", ".join(inner() for _ in range(rng.randint(0, 3))) + rng.choice(["", ","]) + ")"
    if r < 0.82:
        keys = STRINGS[:12] + NUMBERS[:8] + ["True", "None", "False", "x", "(1, 2)", "[1]"]
        return "{" + ", ".join(f"{rng.choice(keys)}: {inner()}"
                               for _ in range(rng.randint(0, 3))) + "}"
    return inner()


def call(rng):
    args = []
    for _ in range(rng.randint(0, 3)):
        if rng.random() < 0.25:
            args.append(value(rng, True))
        else:
            args.append(f"{rng.choice(KEYS)}{rng.choice(['=', ' = ', '=='])}{value(rng, False)}")
    return f"{rng.choice(NAMES)}({', '.join(args)}{rng.choice(['', ',', ''])})"


def text(rng):
    calls = ", ".join(call(rng) for _ in range(rng.randint(0, 3)))
    t = rng.choice([f"[{calls}]", calls, f"[{calls}", f"{calls}]", f"`{calls}`",
                    f"\n [{calls}] \n", f"({calls})", f"'[{calls}]'", f"[{calls}] # c"])
    if rng.random() < 0.15 and t:
        i = rng.randrange(len(t))
        t = t[:i] + rng.choice(["", "(", ")", ",", "'", '"', "=", "[", "]", " ", "\\", "é"]) + t[i + 1:]
    return t


class Unrepresentable(Exception):
    pass


def as_json(v):
    """A decoded value as Tool Zero represents it (dict keys as strings: True -> "True")."""
    if isinstance(v, str):
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            raise Unrepresentable("lone surrogate") from None
        return v
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, int):
        if -2**63 <= v < 2**64:
            return v
        raise Unrepresentable("int beyond 64 bits")
    if isinstance(v, float):
        if math.isfinite(v):
            return v
        raise Unrepresentable("infinite float")
    if isinstance(v, list):
        return [as_json(x) for x in v]
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if isinstance(k, bool) or k is None:
                key = repr(k)
            elif isinstance(k, int) and -2**63 <= k < 2**64:
                key = str(k)
            elif isinstance(k, str):
                key = k
            else:
                raise Unrepresentable("dict key")
            out[key] = as_json(x)
        return out
    raise Unrepresentable(type(v).__name__)


def cases(rng, n, decode):
    """`n` texts with upstream's decode: {"text", "calls"} or {"text", "calls": null}."""
    out = []
    while len(out) < n:
        t = text(rng)
        try:
            decoded = decode(t)
        except Exception:  # upstream's decode failed: no call
            out.append({"text": t, "calls": None})
            continue
        try:
            calls = [{"name": name, "arguments": as_json(args)}
                     for c in decoded for name, args in c.items()]
        except Unrepresentable:
            continue
        out.append({"text": t, "calls": calls})
    return out

