//! The JavaScript hostile guest (`tests/guests/hostile_js/tool.js`, componentize-js 0.23.0,
//! StarlingMonkey): ambient APIs, busy waiting on the clock, loops, allocation, recursion, huge
//! output, stdout floods and thrown errors inside the sandbox; and what of its clocks and
//! random comes from the episode seed.
//!
//! What the sandbox gives a JavaScript tool, as these tests pin it:
//! * no `process`, `require`, `Deno`, `Bun`, `XMLHttpRequest` or `WebSocket`. `fetch` exists
//!   but the component imports no `wasi:http` (the build disables the `http` feature; the
//!   sandbox links nothing else), so calling it hits a trapping stub: a `trap` outcome.
//! * JavaScript cannot block: a sleep is a busy wait on `Date.now()`; the virtual clock
//!   advances 1 µs per read, so a short wait ends and a long one runs out of fuel.
//! * runaway loops end in `out_of_fuel`, an allocation bomb in `memory_limit`; unbounded
//!   recursion makes SpiderMonkey throw "too much recursion", which escapes as below.
//! * a thrown string (or an object with a `payload`) is the `err` path (`tool_error`); a thrown
//!   `Error` escaping `call` (componentize-js rethrows `Error` instances) is a `trap`
//!   (`unreachable_code_reached`), after which the tool is unavailable for the episode.
//! * returning text is expensive: componentize-js's generated glue measures the result's UTF-8
//!   length in an interpreted JavaScript loop, ~2,600 fuel per character. With 50 M fuel a
//!   tool can return about 19 KB; a 10 MB result runs out of fuel before the host sees its size,
//!   and a result just over `max_output_bytes` (64 KiB) needs ~180 M fuel to be refused.
//! * `console.log` writes to the captured stdout; the write that crosses the cap is
//!   cut and later ones are dropped, silently (the call still returns `ok`).
//!
//! Determinism. componentize-js runs the module's top level at build time under Wizer and
//! snapshots the engine. `Math.random()` or `crypto.getRandomValues()` at the top level fails
//! the build ("cannot call arbitrary imported functions during Wizer initialization"), so no
//! random state is frozen: both draw from the host's seeded `wasi:random` when first used, and
//! are identical across builds for one seed. `Date.now()` at the top level is allowed and frozen
//! (the build machine's real time). `Date.now()` and `new Date()` in a call read the seeded
//! virtual wall clock; `performance.now()` counts from the instance's start, so it is the same
//! for every seed. The same component and seed give byte-identical results and fuel.

use serde_json::Value;
use tz_env::registry::Registry;
use tz_env::sandbox::{Outcome, SandboxConfig};

use crate::common::*;
use crate::parallel::assert_good_calls_undisturbed;

const GUEST: &str = "hostile_js";
const SPAM: &str = "spam spam spam spam spam spam spam spam\n";

fn registry(cfg: SandboxConfig) -> (tempfile::TempDir, Registry) {
    guest_registry(GUEST, cfg)
}

/// The JSON object an `ok` call returned.
fn json(reg: &Registry, seed: u64, name: &str) -> Value {
    serde_json::from_str(&ok_text(&call_once(reg, seed, name, "{}"))).expect("json result")
}

#[test]
fn there_is_no_ambient_api_and_fetch_traps_without_a_network() {
    let (_d, reg) = registry(interpreter_config());
    assert_eq!(
        ok_text(&call_once(&reg, 0, "ambient", "{}")),
        r#"{"fetch":"function","process":"undefined","require":"undefined","Deno":"undefined","Bun":"undefined","XMLHttpRequest":"undefined","WebSocket":"undefined"}"#
    );
    let fetched = call_once(&reg, 0, "fetch", "{}");
    assert_eq!(trap_kind(&fetched), "unreachable_code_reached");
}

#[test]
fn a_short_busy_wait_on_the_clock_ends_and_a_long_one_runs_out_of_fuel() {
    let (_d, reg) = registry(interpreter_config());
    assert_eq!(
        ok_text(&call_once(&reg, 0, "sleep_ms", r#"{"n": 1}"#)),
        "slept 1 ms"
    );
    for name in ["sleep_ms", "busy_wait_ms"] {
        let out = call_once(&reg, 0, name, r#"{"n": 5000}"#);
        assert_eq!(out.outcome, Outcome::OutOfFuel, "{name}");
    }
    assert_eq!(call_once(&reg, 0, "spin", "{}").outcome, Outcome::OutOfFuel);
}

#[test]
fn an_allocation_bomb_hits_the_memory_cap_and_unbounded_recursion_is_a_trap() {
    let (_d, reg) = registry(generous_interpreter_config());
    let bomb = call_once(&reg, 0, "alloc", "{}");
    assert!(
        matches!(bomb.outcome, Outcome::MemoryLimit { cap, .. } if cap == 48 << 20),
        "{bomb:?}"
    );
    let deep = call_once(&reg, 0, "recurse", "{}");
    assert_eq!(trap_kind(&deep), "unreachable_code_reached");
}

#[test]
fn a_thrown_string_is_a_tool_error_and_a_thrown_error_a_trap() {
    let (_d, reg) = registry(interpreter_config());
    assert_eq!(
        tool_error(&call_once(&reg, 0, "throw_string", "{}")),
        "a tool error, thrown as a string"
    );
    let mut episode = reg.episode(0);
    let thrown = episode.call("throw_error", "{}").expect("host ok");
    assert_eq!(trap_kind(&thrown), "unreachable_code_reached");
    assert_eq!(
        episode.call("trivial", "{}").expect("host ok").outcome,
        Outcome::Unavailable {
            cause: "trap".into()
        }
    );
}

#[test]
fn a_huge_result_runs_out_of_fuel_and_one_just_over_the_cap_is_refused_by_size() {
    let (_d, reg) = registry(interpreter_config());
    let huge = call_once(&reg, 0, "output_bytes", r#"{"n": 10000000}"#);
    assert_eq!(huge.outcome, Outcome::OutOfFuel);
    let (_d2, generous) = registry(generous_interpreter_config());
    let over = call_once(&generous, 0, "output_bytes", r#"{"n": 70000}"#);
    assert_eq!(
        over.outcome,
        Outcome::OutputTooLarge {
            bytes: 70_000,
            limit: 64 * 1024
        }
    );
}

#[test]
fn console_output_is_captured_and_bounded() {
    let (_d, reg) = registry(interpreter_config());
    let mut small = reg.episode(0);
    let out = small.call("print_stdout", r#"{"n": 2}"#).expect("host ok");
    assert_eq!(ok_text(&out), "printed");
    assert_eq!(stdout_text(&small), SPAM.repeat(2));

    let mut flood = reg.episode(0);
    let out = flood
        .call("print_stdout", r#"{"n": 2000}"#)
        .expect("host ok");
    assert_eq!(ok_text(&out), "printed");
    let stdout = stdout_text(&flood);
    assert_flood_capped(&stdout, SPAM, interpreter_config().max_stdio_bytes);
}

#[test]
fn hostile_calls_do_not_disturb_good_calls_running_in_parallel() {
    let (_d, reg) = registry(interpreter_config());
    let hostile = [
        ("spin", "{}"),
        ("alloc", "{}"),
        ("recurse", "{}"),
        ("throw_error", "{}"),
        ("fetch", "{}"),
        ("sleep_ms", r#"{"n": 3600000}"#),
        ("output_bytes", r#"{"n": 10000000}"#),
    ];
    assert_good_calls_undisturbed(&reg, ("trivial", "{}", "ok"), &hostile, 28);
}

#[test]
fn the_same_seed_gives_byte_identical_results_and_fuel_across_registries() {
    let (_d, a) = registry(interpreter_config());
    let (_d2, b) = registry(interpreter_config());
    let calls = [
        ("clock", "{}"),
        ("random", "{}"),
        ("sleep_ms", r#"{"n": 2}"#),
        ("clock", "{}"),
        ("random", "{}"),
    ];
    let first = call_sequence(&a, 7, &calls);
    assert!(first.iter().all(|c| c.outcome.is_ok()), "{first:?}");
    assert_eq!(first, call_sequence(&b, 7, &calls));
    assert_ne!(first, call_sequence(&a, 8, &calls));
}

#[test]
fn math_random_crypto_and_the_wall_clock_come_from_the_episode_seed() {
    let (_d, reg) = registry(interpreter_config());
    let (seven, eight) = (json(&reg, 7, "random"), json(&reg, 8, "random"));
    for key in ["math_random", "crypto"] {
        assert_ne!(seven[key], eight[key], "{key} is the same for two seeds");
    }
    let (seven, eight) = (json(&reg, 7, "clock"), json(&reg, 8, "clock"));
    assert_ne!(seven["date_now"], eight["date_now"]);
    let wall_s = seven["date_now"].as_u64().expect("ms") / 1_000;
    assert!(
        (1_735_689_600..1_735_689_600 + 366 * 86_400).contains(&wall_s),
        "{wall_s}"
    );
    // Relative to the instance's start, and a clock read at build time, frozen.
    for key in ["performance_now", "build_time_now"] {
        assert_eq!(seven[key], eight[key], "{key}");
    }
}
