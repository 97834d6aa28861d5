#!/usr/bin/env python3
"""Writes src/data/market.rs and src/data/account.rs: the long-context extensions TradingBot
reads from BFCL's `func_source_code/long_context.py` (Apache-2.0), as Rust constants (market
data: the watch list, moving averages and sector symbols; account data: transactions and order
details). src/data/mod.rs, written by hand, re-exports them.

Run from the repository root:
    python3 tools-wasm/trading_bot/gen_data.py ../shared/reference/bfcl-multi-turn/long_context.py

Floats are written as Python's `repr`, which Rust parses to the same f64 (both round
correctly), so every value round-trips bit for bit.
"""

import importlib.util
import os
import sys

SOURCE = """(`func_source_code/long_context.py`, Apache-2.0), written by
//! `tools-wasm/trading_bot/gen_data.py`; do not edit by hand."""

MARKET_HEADER = f"""//! Market data of the long-context extensions BFCL's `TradingBot` adds when a scenario is
//! loaded with `long_context=True` {SOURCE}
//!
//! `WATCH_LIST_EXTENSION` ends, in Python, with `...` (the `Ellipsis` object) after the 1000
//! symbols held here; `get_watchlist` writes that element itself (see `crate::market`).

"""

ACCOUNT_HEADER = f"""//! Account data of the long-context extensions BFCL's `TradingBot` adds when a scenario is
//! loaded with `long_context=True` {SOURCE}

"""


def rust_str(s):
    out = []
    for c in s:
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append('\\"')
        elif c == "\n":
            out.append("\\n")
        elif 32 <= ord(c) < 127:
            out.append(c)
        else:
            out.append("\\u{%x}" % ord(c))
    return '"' + "".join(out) + '"'


def rows(items, per_line):
    lines = []
    for i in range(0, len(items), per_line):
        lines.append("    " + " ".join(x + "," for x in items[i : i + per_line]))
    return "\n".join(lines)


def main():
    spec = importlib.util.spec_from_file_location("long_context", sys.argv[1])
    lc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lc)
    out = [MARKET_HEADER]

    def strs(name, values, doc):
        assert all(isinstance(v, str) for v in values), name
        out.append(f"/// {doc}\n#[rustfmt::skip]\npub const {name}: &[&str] = &[\n")
        out.append(rows([rust_str(v) for v in values], 12) + "\n];\n\n")

    def floats(name, values, doc):
        assert all(type(v) is float for v in values), name
        out.append(f"/// {doc}\n#[rustfmt::skip]\npub const {name}: &[f64] = &[\n")
        out.append(rows([repr(v) for v in values], 12) + "\n];\n\n")

    watch = lc.WATCH_LIST_EXTENSION
    assert watch[-1] is Ellipsis and all(isinstance(v, str) for v in watch[:-1])
    strs("WATCH_LIST_EXTENSION", watch[:-1],
         "`WATCH_LIST_EXTENSION` without its final `Ellipsis`: appended to the watch list.")
    floats("MA_5_EXTENSION", lc.MA_5_EXTENSION, "`MA_5_EXTENSION`: a stock's `MA(5)` in long context.")
    floats("MA_20_EXTENSION", lc.MA_20_EXTENSION, "`MA_20_EXTENSION`: a stock's `MA(20)` in long context.")
    strs("TECHNOLOGY_EXTENSION", lc.TECHNOLOGY_EXTENSION, "`TECHNOLOGY_EXTENSION`: more Technology symbols.")
    strs("AUTOMOBILE_EXTENSION", lc.AUTOMOBILE_EXTENSION, "`AUTOMOBILE_EXTENSION`: more Automobile symbols.")

    market, out[:] = "".join(out).rstrip("\n") + "\n", [ACCOUNT_HEADER]

    txs = lc.TRANSACTION_HISTORY_EXTENSION
    assert all(list(t) == ["type", "amount", "timestamp"] and type(t["amount"]) is float for t in txs)
    out.append("/// `TRANSACTION_HISTORY_EXTENSION`: `(type, amount, timestamp)` of each transaction dict.\n"
               "#[rustfmt::skip]\npub const TRANSACTION_HISTORY_EXTENSION: &[(&str, f64, &str)] = &[\n")
    out.append(rows([f"({rust_str(t['type'])}, {t['amount']!r}, {rust_str(t['timestamp'])})" for t in txs], 3)
               + "\n];\n\n")

    details = lc.ORDER_DETAIL_EXTENSION
    out.append("/// `ORDER_DETAIL_EXTENSION`: `(key, template)`; each template's `{symbol}` is the order's\n"
               "/// symbol (the templates hold no other braces).\npub const ORDER_DETAIL_EXTENSION: &[(&str, &str)] = &[\n")
    for key, template in details.items():
        assert template.replace("{symbol}", "").count("{") == 0 and "}" not in template.replace("{symbol}", "")
        out.append(f"    (\n        {rust_str(key)},\n        {rust_str(template)},\n    ),\n")
    out.append("];\n")

    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "src", "data")
    for name, text in [("market.rs", market), ("account.rs", "".join(out))]:
        path = os.path.join(folder, name)
        with open(path, "w") as f:
            f.write(text)
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
