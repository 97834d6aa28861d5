"""A hostile Python tool for the sandbox tests (env/tests/sandbox/hostile_py.rs).

Each function tries something a sandbox must stop or make deterministic: files, sockets,
environment, sleeping, clocks, random, hash randomisation, loops, allocation, recursion,
huge output, stdout floods and uncaught exceptions. Built by scripts/build-test-guests.sh
(componentize-py, world `tool`); never shipped.

componentize-py imports this module at build time and snapshots the interpreter, so what
start-up and module-level code draw (str hash randomisation, a `random.Random()` made at
import, a clock read at import) is frozen in the component. componentize-py itself calls
`random.seed()` on an instance's first call, so the global `random` functions draw from the
host's seeded wasi:random. `random_reseeded` shows the fix for a module-level generator:
reseed it from `os.urandom` on the first call of an instance.
"""

import json
import os
import random
import sys
import time

from componentize_py_types import Err
from wit_world import exports

FUNCTIONS = [
    "read_file",
    "list_root",
    "connect",
    "env_args",
    "read_stdin",
    "sleep_ms",
    "busy_wait_ms",
    "clock",
    "random",
    "random_reseeded",
    "hash",
    "spin",
    "alloc",
    "recurse",
    "output_bytes",
    "print_stdout",
    "raise",
    "trivial",
]

# Drawn at build time, when componentize-py runs this module: frozen in the snapshot.
BUILD_TIME_RANDOM = random.random()
BUILD_TIME_CLOCK = time.time_ns()
MODULE_RNG = random.Random()

_reseeded = False


def refused(e: BaseException) -> Err:
    return Err(f"refused: {type(e).__name__}: {e}")


def read_file(n):
    try:
        with open("/etc/passwd") as f:
            return f"read {len(f.read())} bytes"
    except OSError as e:
        raise refused(e)


def list_root(n):
    try:
        return f"listed {len(os.listdir('/'))} entries"
    except OSError as e:
        raise refused(e)


def connect(n):
    try:
        import socket

        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.connect(("127.0.0.1", 22))
        return "connected"
    except (ImportError, OSError, AttributeError) as e:
        raise refused(e)


def env_args(n):
    return json.dumps({"environ": dict(os.environ), "argv": sys.argv})


def read_stdin(n):
    try:
        return f"read {len(sys.stdin.read())} bytes"
    except (OSError, AttributeError, ValueError) as e:
        raise refused(e)


def sleep_ms(n):
    start = time.monotonic_ns()
    time.sleep(n / 1000)
    return f"slept {time.monotonic_ns() - start} ns"


def busy_wait_ms(n):
    start = time.monotonic()
    while time.monotonic() - start < n / 1000:
        pass
    return "waited"


def clock(n):
    return json.dumps(
        {
            "time_ns": time.time_ns(),
            "monotonic_ns": time.monotonic_ns(),
            "time": time.time(),
            "monotonic": time.monotonic(),
            "build_time_clock": BUILD_TIME_CLOCK,
        }
    )


def random_(n):
    return json.dumps(
        {
            "urandom": os.urandom(16).hex(),
            "random": random.random(),
            "getrandbits": random.getrandbits(64),
            "fresh_random": random.Random().random(),
            "module_rng": MODULE_RNG.random(),
            "build_time_random": BUILD_TIME_RANDOM,
        }
    )


def random_reseeded(n):
    global _reseeded
    if not _reseeded:
        MODULE_RNG.seed(os.urandom(16))
        _reseeded = True
    return json.dumps({"module_rng": MODULE_RNG.random()})


def hash_(n):
    words = ["apple", "banana", "cherry", "date", "elderberry", "fig", "grape", "honeydew"]
    return json.dumps(
        {
            "hash_abc": hash("abc"),
            "hash_bytes": hash(b"abc"),
            "set_order": list(set(words)),
            "hash_seed_env": os.environ.get("PYTHONHASHSEED"),
        }
    )


def spin(n):
    while True:
        pass


def alloc(n):
    keep = []
    while True:
        keep.append(bytearray(1 << 20))


def recurse(n):
    if n:
        sys.setrecursionlimit(n)

    def down(k):
        return down(k + 1) + 1

    return f"depth result {down(0)}"


def output_bytes(n):
    return "x" * n


def print_stdout(n):
    for i in range(n):
        try:
            print("spam spam spam spam spam spam spam spam", flush=True)
        except OSError as e:
            return f"printed {i} lines, then refused: {type(e).__name__}: {e}"
    return "printed"


def raise_(n):
    raise ValueError("hostile exception")


def trivial(n):
    return "ok"


TABLE = {
    "random": random_,
    "hash": hash_,
    "raise": raise_,
}


class Stateless(exports.Stateless):
    def spec(self) -> str:
        return json.dumps(
            [
                {
                    "name": name,
                    "description": f"hostile: {name}",
                    "parameters": {
                        "type": "object",
                        "properties": {"n": {"type": "integer", "minimum": 0}},
                    },
                }
                for name in FUNCTIONS
            ]
        )

    def call(self, name: str, arguments: str) -> str:
        n = json.loads(arguments).get("n", 0)
        func = TABLE.get(name) or globals().get(name)
        if name not in FUNCTIONS or func is None:
            raise Err(f"unknown function {name}")
        return func(n)
