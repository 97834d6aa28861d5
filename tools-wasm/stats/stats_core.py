"""Tool `stats`: descriptive statistics and simple models over lists of numbers.

Pure logic in plain Python 3.11 (standard library only), so `python3 -m unittest` tests it
natively; `app.py` is the component glue. `call(name, arguments)` returns the result text or
raises `StatsError` with a message for the model.

Results are compact JSON objects whose numbers are written as the Rust tools write them
(`tz_tool_common::number`): integral values below 2^53 as integers, everything else rounded to
12 significant digits and laid out as serde_json lays out an f64 (`0.00001`, `1e-7`,
`1.5e+16`), so `0.1 + 0.2` reads `0.3` in every tool.

Numerics: sums are `math.fsum` (correctly rounded); series are scaled by a power of two
(exact) before squares and products, so finite inputs never overflow inside a computation;
moving averages use exact integer window sums. Nothing iterates a set or reads a clock, so
results depend on the arguments only.
"""

import json
import math
from itertools import accumulate, repeat
from operator import add, floordiv, mul, sub, truediv

#: Most numbers an array parameter takes. CPython in the sandbox burns about 8,000 fuel to
#: parse and check one 17-digit number and about 1,000 per number for each pass over an
#: array, so the heaviest call at this size (a Spearman correlation of two 1000-number
#: arrays of 17-digit floats) stays well inside the default 50 M fuel per call; its result
#: texts stay far below the 64 KiB output cap.
MAX_VALUES = 1_000
#: Significant digits kept in results.
SIGNIFICANT_DIGITS = 12
#: A difference below this fraction of the magnitudes it came from is rounding noise: an
#: intercept, a z-score or a correlation that small is reported as 0 (not 1.1e-16).
NOISE = 1e-12


class StatsError(Exception):
    """A tool error: the message tells the model what was wrong and what is valid."""


def _array(description):
    return {
        "type": "array",
        "description": description,
        "items": {"type": "number"},
        "minItems": 1,
        "maxItems": MAX_VALUES,
    }


def _function(name, description, properties, required):
    return {
        "name": name,
        "description": description,
        "parameters": {
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        },
    }


SPEC = [
    _function(
        "percentile",
        "Computes the p-th percentile of a list of numbers by linear interpolation between "
        "the closest ranks (numpy's default, Excel's PERCENTILE.INC): with the values sorted "
        "as s and h = (n - 1) * p / 100, value = s[floor(h)] + (h - floor(h)) * "
        "(s[floor(h) + 1] - s[floor(h)]). Returns {\"percentile\", \"value\"}.",
        {
            "values": _array(f"The numbers (1 to {MAX_VALUES}, any order)"),
            "percentile": {
                "type": "number",
                "description": "The percentile p, 0 to 100 (50 is the median, 0 the minimum)",
                "minimum": 0,
                "maximum": 100,
            },
        },
        ["values", "percentile"],
    ),
    _function(
        "linear_regression",
        "Fits the ordinary least-squares line y = slope * x + intercept through paired "
        "points (x[i], y[i]). Returns {\"slope\", \"intercept\", \"r_squared\", \"n\"} "
        "(r_squared is 1 when y is constant). Needs x and y of equal length, at least 2 "
        "points, and x not all equal.",
        {
            "x": _array(f"The x values (independent variable), 1 to {MAX_VALUES}"),
            "y": _array("The y values (dependent variable), as many as x"),
        },
        ["x", "y"],
    ),
    _function(
        "correlation",
        "Correlation coefficient of two paired series, -1 to 1: Pearson (linear) or "
        "Spearman (Pearson of the ranks; tied values share their average rank). Returns "
        "{\"method\", \"correlation\", \"n\"}. Needs x and y of equal length, at least 2 "
        "pairs, and neither series constant.",
        {
            "x": _array(f"The first series, 1 to {MAX_VALUES} numbers"),
            "y": _array("The second series, as many numbers as x"),
            "method": {
                "type": "string",
                "description": "pearson (default) or spearman",
                "enum": ["pearson", "spearman"],
                "default": "pearson",
            },
        },
        ["x", "y"],
    ),
    _function(
        "zscores",
        "Standard score of each value, (value - mean) / stdev, using the population "
        "standard deviation. Returns {\"mean\", \"stdev\", \"zscores\"} with the z-scores "
        "in input order. Needs at least 2 values, not all equal.",
        {"values": _array(f"The numbers to standardize (2 to {MAX_VALUES})")},
        ["values"],
    ),
    _function(
        "moving_average",
        "Simple trailing moving average: the mean of every full window of `window` "
        "consecutive values, in order (n - window + 1 averages). Returns "
        "{\"window\", \"averages\"}.",
        {
            "values": _array(f"The series, in time order (1 to {MAX_VALUES} numbers)"),
            "window": {
                "type": "integer",
                "description": "Values per window, 1 to the number of values",
                "minimum": 1,
                "maximum": MAX_VALUES,
            },
        },
        ["values", "window"],
    ),
    _function(
        "weighted_mean",
        "Weighted arithmetic mean, sum(weights[i] * values[i]) / sum(weights). Returns "
        "{\"weighted_mean\"}. Needs values and weights of equal length, weights >= 0 with a "
        "positive sum.",
        {
            "values": _array(f"The numbers to average (1 to {MAX_VALUES})"),
            "weights": _array("One non-negative weight per value"),
        },
        ["values", "weights"],
    ),
]

#: Function names in spec order.
NAMES = [f["name"] for f in SPEC]


def spec_text():
    """The tool's spec: a compact JSON array of function descriptions."""
    return json.dumps(SPEC, separators=(",", ":"))


# ---------------------------------------------------------------------------------------------
# Number formatting and JSON output


def format_number(x):
    """`x` as the Rust tools write it: an integer when integral (below 2^53), else rounded to
    12 significant digits in serde_json's layout. Non-finite values are an error."""
    if isinstance(x, bool):
        raise TypeError("a boolean is not a number")
    if not math.isfinite(x):
        raise StatsError("the result is too large to represent; scale the values down")
    text = "%.12g" % x
    # `%.12g` already has the digits of the 12-digit rounding: a decimal of at most 15
    # significant digits reads back as a double whose shortest text has the same digits.
    # Without an exponent its layout is serde_json's too (and integers have no point).
    if "e" not in text:
        return "0" if text == "-0" else text
    return _layout(text)


def format_numbers(values):
    """`format_number` of each value joined by commas: one C-level format in the common case
    (no exponent, no non-finite value, no negative zero), which costs a fraction of the fuel
    of formatting the values one by one."""
    if not values:
        return ""
    text = ("%.12g," * len(values) % tuple(values))[:-1]
    if "e" in text or "n" in text or "-0," in text or text.endswith("-0"):
        return ",".join(map(format_number, values))
    return text


def _layout(text):
    """A `%.12g` text with an exponent, as serde_json (ryu) lays out the same double:
    integers below 2^53 in full, decimals from 1e-5 on, else `d.ddde+N` / `de-N`."""
    sign = "-" if text.startswith("-") else ""
    mant, _, exp = text.lstrip("-").partition("e")
    whole, _, frac = mant.partition(".")
    digits = (whole + frac).lstrip("0")
    k = int(exp) - len(frac)  # value = int(digits) * 10^k
    stripped = digits.rstrip("0")
    k += len(digits) - len(stripped)
    digits = stripped
    if k >= 0 and int(digits) * 10**k < 2**53:
        return sign + digits + "0" * k
    length = len(digits)
    kk = length + k  # position of the decimal point
    if 0 <= k and kk <= 16:
        body = digits + "0" * k + ".0"
    elif 0 < kk <= 16:
        body = digits[:kk] + "." + digits[kk:]
    elif -5 < kk <= 0:
        body = "0." + "0" * -kk + digits
    else:
        e = kk - 1
        mantissa = digits if length == 1 else digits[0] + "." + digits[1:]
        body = f"{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"
    return sign + body


def to_json(value):
    """Compact JSON of a result (dicts in insertion order), numbers via `format_number`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (int, float)):
        return format_number(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{to_json(k)}:{to_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        if set(map(type, value)) <= {float}:
            return "[" + format_numbers(value) + "]"
        return "[" + ",".join(to_json(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# ---------------------------------------------------------------------------------------------
# Arguments


def _type_name(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


class Args:
    """A function's parsed arguments, read with type checks that raise `StatsError`."""

    def __init__(self, name, arguments):
        try:
            members = json.loads(arguments)
        except (ValueError, RecursionError) as e:
            raise StatsError(f"arguments are not valid JSON: {e}") from None
        if not isinstance(members, dict):
            raise StatsError(f"arguments must be a JSON object, got {_type_name(members)}")
        props = next(f for f in SPEC if f["name"] == name)["parameters"]["properties"]
        for key in members:
            if key not in props:
                raise StatsError(
                    f"unknown parameter '{_clip(key)}' for {name}; "
                    f"parameters: {', '.join(props)}"
                )
        self.members = members

    def numbers(self, key):
        """A required array of 1 to `MAX_VALUES` finite numbers, as floats. The common case runs in
        C-level loops (`map`): a Python loop over the items would cost several times the
        fuel of parsing them."""
        v = self.members.get(key)
        if v is None:
            raise StatsError(f"missing required parameter '{key}' (array of numbers)")
        if not isinstance(v, list):
            raise StatsError(f"parameter '{key}' must be an array of numbers, got {_type_name(v)}")
        if not 1 <= len(v) <= MAX_VALUES:
            raise StatsError(
                f"parameter '{key}' must hold 1 to {MAX_VALUES} numbers, got {len(v)}"
            )
        if set(map(type, v)) <= {int, float}:
            try:
                out = list(map(float, v))
            except OverflowError:
                out = None
            if out is not None and all(map(math.isfinite, out)):
                return out
        for i, item in enumerate(v):
            if isinstance(item, bool) or not isinstance(item, (int, float)):
                raise StatsError(
                    f"parameter '{key}' must hold only numbers; item {i} is {_type_name(item)}"
                )
            _finite(key, item, f"item {i}")
        raise AssertionError("unreachable: some item is not a finite number")

    def number(self, key, default=None):
        """A number parameter as a finite float (`default` when absent)."""
        v = self.members.get(key)
        if v is None:
            if default is None:
                raise StatsError(f"missing required parameter '{key}' (number)")
            return default
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise StatsError(f"parameter '{key}' must be a number, got {_type_name(v)}")
        return _finite(key, v, "its value")

    def integer(self, key):
        """A required integer (`3` or `3.0`)."""
        v = self.members.get(key)
        if v is None:
            raise StatsError(f"missing required parameter '{key}' (integer)")
        if isinstance(v, float) and v.is_integer() and abs(v) < 9e15:
            return int(v)
        if isinstance(v, bool) or not isinstance(v, int):
            raise StatsError(f"parameter '{key}' must be an integer, got {to_text(v)}")
        return v

    def string(self, key, default):
        """An optional string (`default` when absent)."""
        v = self.members.get(key)
        if v is None:
            return default
        if not isinstance(v, str):
            raise StatsError(f"parameter '{key}' must be a string, got {_type_name(v)}")
        return v


def _finite(key, v, what):
    try:
        f = float(v)
    except OverflowError:
        f = math.inf
    if not math.isfinite(f):
        raise StatsError(f"parameter '{key}': {what} is not a finite number")
    return f


def to_text(v):
    """A short text of an argument value for an error message."""
    try:
        return _clip(json.dumps(v))
    except (TypeError, ValueError):
        return _type_name(v)


def _clip(text, limit=80):
    return text if len(text) <= limit else text[:limit] + "..."


# ---------------------------------------------------------------------------------------------
# Numerics


def _scaled(values):
    """(`values` / 2^e, e): exact scaling by a power of two so that squares and products of
    `MAX_VALUES` values cannot overflow (e = 0 when the magnitudes already allow it)."""
    top = max(map(abs, values))
    if top == 0 or 2.0**-300 < top < 2.0**300:
        return values, 0
    e = math.frexp(top)[1]
    return list(map(math.ldexp, values, repeat(-e))), e


def _mean(values):
    return math.fsum(values) / len(values)


def _same_length(xname, x, yname, y):
    if len(x) != len(y):
        raise StatsError(
            f"{xname} and {yname} must have the same length; "
            f"{xname} has {len(x)} values, {yname} has {len(y)}"
        )


def _at_least_two(what, n):
    if n < 2:
        raise StatsError(f"{what} needs at least 2 points, got {n}")


def _constant(name, values, why):
    if min(values) == max(values):
        raise StatsError(
            f"{name} must not be constant (every value is {format_number(values[0])}); {why}"
        )


def _unscaled(value, e):
    """`value` * 2^e, or a tool error when that is not a finite float."""
    try:
        out = math.ldexp(value, e)
    except OverflowError:
        out = math.inf
    if not math.isfinite(out):
        raise StatsError("the result is too large to represent; scale the values down")
    return out


def _snap(value, scale):
    """0 when `value` is within `NOISE` of `scale` (cancellation noise), else `value`."""
    return 0.0 if abs(value) <= NOISE * scale else value


def _moments(x, y):
    """(sxx, syy, sxy): sums of squared deviations and cross-deviations of scaled series."""
    dx = _deviations(x)
    dy = _deviations(y)
    return (
        math.fsum(map(mul, dx, dx)),
        math.fsum(map(mul, dy, dy)),
        math.fsum(map(mul, dx, dy)),
    )


def _deviations(values):
    return list(map(sub, values, repeat(_mean(values))))


def _pearson(x, y):
    sx, _ = _scaled(x)
    sy, _ = _scaled(y)
    sxx, syy, sxy = _moments(sx, sy)
    if sxx == 0 or syy == 0:
        raise StatsError("a series does not vary; correlation is undefined")
    return _snap(max(-1.0, min(1.0, sxy / (math.sqrt(sxx) * math.sqrt(syy)))), 1.0)


def average_ranks(values):
    """1-based ranks of `values`; tied values share the mean of their ranks, (first + last)
    / 2 of the positions their value occupies in sorted order (C-level dict builds; float
    keys hash by value, so the result does not depend on hash seeds)."""
    s = sorted(values)
    n = len(s)
    last = dict(zip(s, range(1, n + 1)))
    if len(last) == n:  # no ties: the rank is the position
        return list(map(float, map(last.__getitem__, values)))
    first = dict(zip(reversed(s), range(n, 0, -1)))
    both = map(add, map(first.__getitem__, values), map(last.__getitem__, values))
    return list(map(truediv, both, repeat(2)))


# ---------------------------------------------------------------------------------------------
# Functions


def percentile(values, p):
    """Linear interpolation between closest ranks (numpy's default)."""
    if not 0 <= p <= 100:
        raise StatsError(f"percentile must be between 0 and 100, got {format_number(p)}")
    s = sorted(values)
    h = (len(s) - 1) * p / 100
    lo = math.floor(h)
    frac = h - lo
    if frac == 0 or lo + 1 >= len(s):
        value = s[lo]
    else:
        scaled, e = _scaled([s[lo], s[lo + 1]])
        value = _unscaled(scaled[0] + frac * (scaled[1] - scaled[0]), e)
    return {"percentile": p, "value": value}


def linear_regression(x, y):
    """Ordinary least squares of y on x."""
    _same_length("x", x, "y", y)
    _at_least_two("linear_regression", len(x))
    _constant("x", x, "a line needs at least two distinct x values")
    sx, ex = _scaled(x)
    sy, ey = _scaled(y)
    sxx, syy, sxy = _moments(sx, sy)
    r = 0.0 if syy == 0 else _snap(sxy / (math.sqrt(sxx) * math.sqrt(syy)), 1.0)
    slope_s = 0.0 if r == 0 else sxy / sxx
    mx, my = _mean(sx), _mean(sy)
    intercept_s = _snap(my - slope_s * mx, max(abs(my), abs(slope_s * mx)))
    return {
        "slope": _unscaled(slope_s, ey - ex),
        "intercept": _unscaled(intercept_s, ey),
        # A constant y lies on the fitted line: the fit is perfect.
        "r_squared": 1.0 if syy == 0 else min(1.0, r * r),
        "n": len(x),
    }


def correlation(x, y, method="pearson"):
    """Pearson's r, or Spearman's rho (Pearson of average ranks)."""
    if method not in ("pearson", "spearman"):
        raise StatsError(f"method must be 'pearson' or 'spearman', got '{_clip(method)}'")
    _same_length("x", x, "y", y)
    _at_least_two("correlation", len(x))
    why = "correlation is undefined when a series does not vary"
    _constant("x", x, why)
    _constant("y", y, why)
    if method == "spearman":
        r = _pearson(average_ranks(x), average_ranks(y))
    else:
        r = _pearson(x, y)
    return {"method": method, "correlation": r, "n": len(x)}


def zscores(values):
    """(value - mean) / population standard deviation, for each value."""
    if len(values) < 2:
        raise StatsError(f"zscores needs at least 2 values, got {len(values)}")
    if min(values) == max(values):
        raise StatsError(
            f"all values are equal ({format_number(values[0])}); z-scores need values that vary"
        )
    s, e = _scaled(values)
    mu = _mean(s)
    d = _deviations(s)
    sigma = math.sqrt(math.fsum(map(mul, d, d)) / len(s))
    if sigma == 0:
        raise StatsError("the values barely vary; z-scores need values that vary")
    z = list(map(truediv, d, repeat(sigma)))
    if min(map(abs, z)) <= NOISE:
        z = [_snap(v, 1.0) for v in z]
    return {"mean": _unscaled(mu, e), "stdev": _unscaled(sigma, e), "zscores": z}


def moving_average(values, window):
    """The mean of every full trailing window, from exact integer window sums."""
    n = len(values)
    if window < 1:
        raise StatsError(f"window must be at least 1, got {window}")
    if window > n:
        raise StatsError(f"window {window} is larger than the number of values ({n})")
    # Every value is num / 2^d; over the common denominator 2^D each is an exact integer,
    # so window sums are exact differences of prefix sums (true division of ints rounds once).
    nums, dens = zip(*map(float.as_integer_ratio, values))
    denominator = max(dens)
    ints = list(map(mul, nums, map(floordiv, repeat(denominator), dens)))
    prefix = [0, *accumulate(ints)]
    sums = map(sub, prefix[window:], prefix[: n - window + 1])
    averages = list(map(truediv, sums, repeat(denominator * window)))
    return {"window": window, "averages": averages}


def weighted_mean(values, weights):
    """sum(w * x) / sum(w) with non-negative weights."""
    _same_length("values", values, "weights", weights)
    if min(weights) < 0:
        i = next(i for i, w in enumerate(weights) if w < 0)
        raise StatsError(
            f"weights must not be negative; weight {i} is {format_number(weights[i])}"
        )
    if max(weights) == 0:
        raise StatsError("weights must have a positive sum; every weight is 0")
    sx, ex = _scaled(values)
    sw, _ = _scaled(weights)
    mean = math.fsum(map(mul, sw, sx)) / math.fsum(sw)
    return {"weighted_mean": _unscaled(mean, ex)}


def call(name, arguments):
    """Calls function `name` with `arguments` (a JSON object text); the result text."""
    if name not in NAMES:
        raise StatsError(f"unknown function '{_clip(name)}'; functions here: {', '.join(NAMES)}")
    a = Args(name, arguments)
    if name == "percentile":
        out = percentile(a.numbers("values"), a.number("percentile"))
    elif name == "linear_regression":
        out = linear_regression(a.numbers("x"), a.numbers("y"))
    elif name == "correlation":
        out = correlation(a.numbers("x"), a.numbers("y"), a.string("method", "pearson"))
    elif name == "zscores":
        out = zscores(a.numbers("values"))
    elif name == "moving_average":
        out = moving_average(a.numbers("values"), a.integer("window"))
    else:
        out = weighted_mean(a.numbers("values"), a.numbers("weights"))
    return to_json(out)
