//! The Python hostile guest (`tests/guests/hostile_py/app.py`, componentize-py 0.25.1): CPython
//! trying files, sockets, environment, sleeping, loops, allocation, recursion, huge output,
//! stdout floods and uncaught exceptions inside the sandbox; and what of its clocks, random and
//! hashing comes from the episode seed.
//!
//! What the sandbox gives a Python tool, as these tests pin it:
//! * files and sockets: `FileNotFoundError` (no preopened directory, not even `/`); there is no
//!   `socket` module at all (`ModuleNotFoundError`); `os.environ` and `sys.argv` are empty;
//!   stdin reads empty.
//! * `time.sleep` is virtual: a short sleep advances the virtual clock at once; one past the
//!   call's budget (`timeout_ms`) is a `deadline_exceeded` (virtual) outcome.
//! * runaway loops and busy waits end in `out_of_fuel`; an allocation bomb, and recursion past a
//!   raised `sys.setrecursionlimit` (CPython 3.11+ keeps Python frames on the heap, not the wasm
//!   stack), end in `memory_limit`; recursion under the default limit raises `RecursionError`.
//! * an exception other than `componentize_py_types.Err` escaping `call` (a `RecursionError`,
//!   a `ValueError`) makes componentize-py print it and abort: a `trap`
//!   (`unreachable_code_reached`), after which the tool is unavailable for the episode.
//! * a full stdout capture makes `print` raise `BrokenPipeError` in the guest.
//!
//! Determinism. componentize-py imports the app at build time and snapshots the interpreter,
//! so everything drawn at interpreter start-up or at import is frozen in the component:
//! * from the episode seed: `os.urandom`, the clocks (`time.time`, `time.monotonic`), the
//!   global `random` functions (componentize-py calls `random.seed()` on an instance's first
//!   call, which draws from the host's seeded `wasi:random`), and a `random.Random()` made
//!   during a call;
//! * frozen at build time, the same for every seed and different in every build of the same
//!   source: str/bytes hash randomisation (`hash("abc")`, so the iteration order of a set of
//!   strings), a `random.Random()` made at import, any value drawn or clock read at import
//!   (the clock read is the build machine's real time). Python cannot reseed str hashing after
//!   start-up and componentize-py has no build option for it: tools must not let set order
//!   reach their output (sort; dicts keep insertion order). A module-level generator is fixed by
//!   reseeding it from `os.urandom(16)` on an instance's first call (`random_reseeded`), or, in
//!   a session tool, by making it in the constructor from the session's seed.
//!
//! So the same component and seed give byte-identical results and fuel; a rebuilt component
//! may order sets differently (`scripts/build-tool.sh` caches builds by source hash so an
//! unchanged tool keeps its bytes).

use serde_json::Value;
use tz_env::registry::Registry;
use tz_env::sandbox::{DeadlineClock, Outcome, SandboxConfig};

use crate::common::*;
use crate::parallel::assert_good_calls_undisturbed;

const GUEST: &str = "hostile_py";
const SPAM: &str = "spam spam spam spam spam spam spam spam\n";

fn registry(cfg: SandboxConfig) -> (tempfile::TempDir, Registry) {
    guest_registry(GUEST, cfg)
}

/// The JSON object an `ok` call returned.
fn json(reg: &Registry, seed: u64, name: &str) -> Value {
    serde_json::from_str(&ok_text(&call_once(reg, seed, name, "{}"))).expect("json result")
}

#[test]
fn files_directories_and_sockets_are_refused() {
    let (_d, reg) = registry(interpreter_config());
    for name in ["read_file", "list_root"] {
        let message = tool_error(&call_once(&reg, 0, name, "{}"));
        assert!(
            message.starts_with("refused: FileNotFoundError"),
            "{message}"
        );
    }
    assert_eq!(
        tool_error(&call_once(&reg, 0, "connect", "{}")),
        "refused: ModuleNotFoundError: No module named 'socket'"
    );
}

#[test]
fn environment_arguments_and_stdin_are_empty() {
    let (_d, reg) = registry(interpreter_config());
    assert_eq!(
        ok_text(&call_once(&reg, 0, "env_args", "{}")),
        r#"{"environ": {}, "argv": []}"#
    );
    assert_eq!(
        ok_text(&call_once(&reg, 0, "read_stdin", "{}")),
        "read 0 bytes"
    );
}

#[test]
fn sleeping_is_virtual_and_sleeping_past_the_budget_is_a_deadline() {
    let (_d, reg) = registry(interpreter_config());
    // An hour: were the sleep real, this test would hang.
    let out = call_once(&reg, 0, "sleep_ms", r#"{"n": 3600000}"#);
    assert_eq!(
        out.outcome,
        Outcome::DeadlineExceeded {
            clock: DeadlineClock::Virtual
        }
    );
    let slept = ok_text(&call_once(&reg, 0, "sleep_ms", r#"{"n": 100}"#));
    let ns: u64 = slept
        .trim_start_matches("slept ")
        .trim_end_matches(" ns")
        .parse()
        .expect("ns");
    assert!((100_000_000..101_000_000).contains(&ns), "{slept}");
}

#[test]
fn loops_and_busy_waits_on_the_clock_run_out_of_fuel() {
    let (_d, reg) = registry(interpreter_config());
    assert_eq!(call_once(&reg, 0, "spin", "{}").outcome, Outcome::OutOfFuel);
    let wait = call_once(&reg, 0, "busy_wait_ms", r#"{"n": 10000}"#);
    assert_eq!(wait.outcome, Outcome::OutOfFuel);
}

#[test]
fn an_allocation_bomb_and_unbounded_recursion_hit_the_memory_cap() {
    let (_d, reg) = registry(generous_interpreter_config());
    let cap = 48 << 20;
    for (name, args) in [("alloc", "{}"), ("recurse", r#"{"n": 1000000000}"#)] {
        let out = call_once(&reg, 0, name, args);
        assert!(
            matches!(out.outcome, Outcome::MemoryLimit { cap: c, .. } if c == cap),
            "{name}: {out:?}"
        );
    }
}

#[test]
fn an_uncaught_exception_is_a_trap_and_the_tool_is_unavailable_afterwards() {
    let (_d, reg) = registry(interpreter_config());
    let mut episode = reg.episode(0);
    let raised = episode.call("raise", "{}").expect("host ok");
    assert_eq!(trap_kind(&raised), "unreachable_code_reached");
    assert_eq!(
        episode.call("trivial", "{}").expect("host ok").outcome,
        Outcome::Unavailable {
            cause: "trap".into()
        }
    );
    // Recursion under the default limit raises RecursionError, uncaught too.
    let deep = call_once(&reg, 0, "recurse", "{}");
    assert_eq!(trap_kind(&deep), "unreachable_code_reached");
}

#[test]
fn a_huge_result_is_refused_by_size() {
    let (_d, reg) = registry(interpreter_config());
    let out = call_once(&reg, 0, "output_bytes", r#"{"n": 10000000}"#);
    assert_eq!(
        out.outcome,
        Outcome::OutputTooLarge {
            bytes: 10_000_000,
            limit: 64 * 1024
        }
    );
}

#[test]
fn stdout_is_captured_and_bounded() {
    let (_d, reg) = registry(interpreter_config());
    let mut small = reg.episode(0);
    let out = small.call("print_stdout", r#"{"n": 2}"#).expect("host ok");
    assert_eq!(ok_text(&out), "printed");
    assert_eq!(stdout_text(&small), SPAM.repeat(2));

    let mut flood = reg.episode(0);
    let out = flood
        .call("print_stdout", r#"{"n": 100000}"#)
        .expect("host ok");
    let text = ok_text(&out);
    let stdout = stdout_text(&flood);
    let cap = interpreter_config().max_stdio_bytes;
    assert_flood_capped(&stdout, SPAM, cap);
    let lines = cap / SPAM.len();
    assert_eq!(
        text,
        format!("printed {lines} lines, then refused: BrokenPipeError: [Errno 64] Broken pipe")
    );
}

#[test]
fn hostile_calls_do_not_disturb_good_calls_running_in_parallel() {
    let (_d, reg) = registry(interpreter_config());
    let hostile = [
        ("spin", "{}"),
        ("alloc", "{}"),
        ("recurse", "{}"),
        ("raise", "{}"),
        ("sleep_ms", r#"{"n": 3600000}"#),
        ("output_bytes", r#"{"n": 10000000}"#),
    ];
    assert_good_calls_undisturbed(
        &reg,
        ("env_args", "{}", r#"{"environ": {}, "argv": []}"#),
        &hostile,
        24,
    );
}

#[test]
fn the_same_seed_gives_byte_identical_results_and_fuel_across_registries() {
    let (_d, a) = registry(interpreter_config());
    let (_d2, b) = registry(interpreter_config());
    let calls = [
        ("clock", "{}"),
        ("random", "{}"),
        ("random_reseeded", "{}"),
        ("hash", "{}"),
        ("sleep_ms", r#"{"n": 5}"#),
        ("clock", "{}"),
        ("random", "{}"),
        ("random_reseeded", "{}"),
    ];
    let first = call_sequence(&a, 7, &calls);
    assert!(first.iter().all(|c| c.outcome.is_ok()), "{first:?}");
    assert_eq!(first, call_sequence(&b, 7, &calls));
    assert_ne!(first, call_sequence(&a, 8, &calls));
}

#[test]
fn clocks_urandom_and_the_random_module_come_from_the_episode_seed() {
    let (_d, reg) = registry(interpreter_config());
    let (seven, eight) = (json(&reg, 7, "random"), json(&reg, 8, "random"));
    for key in ["urandom", "random", "getrandbits", "fresh_random"] {
        assert_ne!(seven[key], eight[key], "{key} is the same for two seeds");
    }
    let (seven, eight) = (json(&reg, 7, "clock"), json(&reg, 8, "clock"));
    for key in ["time_ns", "monotonic_ns"] {
        assert_ne!(seven[key], eight[key], "{key} is the same for two seeds");
    }
    let wall_s = seven["time_ns"].as_u64().expect("ns") / 1_000_000_000;
    assert!(
        (1_735_689_600..1_735_689_600 + 366 * 86_400).contains(&wall_s),
        "{wall_s}"
    );
}

#[test]
fn what_start_up_and_import_drew_is_frozen_at_build_time_and_reseeding_fixes_a_generator() {
    let (_d, reg) = registry(interpreter_config());
    let (seven, eight) = (json(&reg, 7, "hash"), json(&reg, 8, "hash"));
    assert_eq!(
        seven, eight,
        "hash randomisation follows the seed after all"
    );
    assert_eq!(seven["hash_seed_env"], Value::Null);
    let (seven, eight) = (json(&reg, 7, "random"), json(&reg, 8, "random"));
    for key in ["module_rng", "build_time_random"] {
        assert_eq!(seven[key], eight[key], "{key} follows the seed after all");
    }
    assert_eq!(
        json(&reg, 7, "clock")["build_time_clock"],
        json(&reg, 8, "clock")["build_time_clock"]
    );
    // The fix: reseed the module-level generator from os.urandom on the first call.
    let (seven, eight) = (
        json(&reg, 7, "random_reseeded"),
        json(&reg, 8, "random_reseeded"),
    );
    assert_ne!(seven["module_rng"], eight["module_rng"]);
    assert_eq!(seven, json(&reg, 7, "random_reseeded"));
}
