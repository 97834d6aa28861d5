//! Hostile tools that attack the host rather than the guest's own limits: ABI faults, pool
//! starvation, compile-time bombs, failing specs (issue #17's classes).

use tz_env::registry::Registry;
use tz_env::sandbox::{Outcome, SandboxConfig};

use crate::common::*;

const ECHO: &str = "(call $ok (local.get 2) (local.get 3))";

fn abi_violation(out: &Outcome) -> &str {
    match out {
        Outcome::Trap { trap, message } if trap == "abi_violation" => message,
        other => panic!("expected an abi_violation trap, got {other:?}"),
    }
}

#[test]
fn a_result_pointer_out_of_bounds_is_an_abi_violation_that_says_so() {
    let (_d, reg) = wat_registry(
        &spec_of(&["lie"]),
        "(call $ok (i32.const 0x7ffffff0) (i32.const 100))",
        "",
        test_config(),
    );
    let out = call_once(&reg, 0, "lie", "{}");
    let message = abi_violation(&out.outcome);
    assert!(message.contains("out of bounds"), "{message}");
}

#[test]
fn a_result_in_invalid_utf8_is_an_abi_violation_that_says_so() {
    let (_d, reg) = wat_registry(
        &spec_of(&["bytes"]),
        "(call $ok (i32.const 4096) (i32.const 3))",
        r#"(data (i32.const 4096) "a\ff\fe")"#,
        test_config(),
    );
    let out = call_once(&reg, 0, "bytes", "{}");
    let message = abi_violation(&out.outcome);
    assert!(message.to_lowercase().contains("utf-8"), "{message}");
}

#[test]
fn a_bad_result_discriminant_is_an_abi_violation() {
    let body = "(i32.store8 (i32.const 16) (i32.const 7)) (i32.const 16)";
    let (_d, reg) = wat_registry(&spec_of(&["tag"]), body, "", test_config());
    let out = call_once(&reg, 0, "tag", "{}");
    abi_violation(&out.outcome);
}

/// A session tool whose constructor returns `handle` (12345: one it never created).
fn session_tool(ctor_result: &str) -> String {
    let spec = spec_of(&["s"]);
    format!(
        r#"(component
  (type $session (resource (rep i32)))
  (core func $new (canon resource.new $session))
  (core module $m
    (import "host" "new" (func $new (param i32) (result i32)))
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 8192))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.const 7)) (i32.const -8)))
      (global.set $heap (i32.add (local.get $p) (local.get 3)))
      (local.get $p))
    (data (i32.const 1024) "{spec}")
    (func (export "spec") (result i32)
      (i32.store (i32.const 0) (i32.const 1024))
      (i32.store (i32.const 4) (i32.const {len}))
      (i32.const 0))
    (func (export "ctor") (param i64) (result i32) {ctor_result})
    (func (export "call") (param i32 i32 i32 i32 i32) (result i32)
      (i32.store8 (i32.const 16) (i32.const 0))
      (i32.store (i32.const 20) (local.get 3))
      (i32.store (i32.const 24) (local.get 4))
      (i32.const 16))
    (data (i32.const 2048) "{{}}")
    (func (export "load") (param i32 i32 i32) (result i32)
      (i32.store8 (i32.const 32) (i32.const 0))
      (i32.const 32))
    (func (export "state") (param i32) (result i32)
      (i32.store (i32.const 40) (i32.const 2048))
      (i32.store (i32.const 44) (i32.const 2))
      (i32.const 40)))
  (core instance $i (instantiate $m (with "host" (instance (export "new" (func $new))))))
  (func $spec (result string)
    (canon lift (core func $i "spec") (memory (core memory $i "memory")) (realloc (core func $i "realloc"))))
  (func $ctor (param "seed" u64) (result (own $session))
    (canon lift (core func $i "ctor")))
  (func $call (param "self" (borrow $session)) (param "name" string) (param "arguments" string) (result (result string (error string)))
    (canon lift (core func $i "call") (memory (core memory $i "memory")) (realloc (core func $i "realloc"))))
  (func $load (param "self" (borrow $session)) (param "config" string) (result (result (error string)))
    (canon lift (core func $i "load") (memory (core memory $i "memory")) (realloc (core func $i "realloc"))))
  (func $state (param "self" (borrow $session)) (result string)
    (canon lift (core func $i "state") (memory (core memory $i "memory")) (realloc (core func $i "realloc"))))
  (component $shim
    (import "import-type-session" (type $s (sub resource)))
    (import "import-spec" (func $spec (result string)))
    (import "import-ctor" (func $ctor (param "seed" u64) (result (own $s))))
    (import "import-call" (func $call (param "self" (borrow $s)) (param "name" string) (param "arguments" string) (result (result string (error string)))))
    (import "import-load" (func $load (param "self" (borrow $s)) (param "config" string) (result (result (error string)))))
    (import "import-state" (func $state (param "self" (borrow $s)) (result string)))
    (export $es "session" (type $s))
    (export "spec" (func $spec))
    (export "[constructor]session" (func $ctor) (func (param "seed" u64) (result (own $es))))
    (export "[method]session.call" (func $call) (func (param "self" (borrow $es)) (param "name" string) (param "arguments" string) (result (result string (error string)))))
    (export "[method]session.load" (func $load) (func (param "self" (borrow $es)) (param "config" string) (result (result (error string)))))
    (export "[method]session.state" (func $state) (func (param "self" (borrow $es)) (result string))))
  (instance $inst (instantiate $shim
    (with "import-type-session" (type $session))
    (with "import-spec" (func $spec))
    (with "import-ctor" (func $ctor))
    (with "import-call" (func $call))
    (with "import-load" (func $load))
    (with "import-state" (func $state))))
  (export "tz:tool/stateful@0.2.0" (instance $inst)))"#,
        spec = spec.replace('"', "\\\""),
        len = spec.len(),
    )
}

#[test]
fn a_session_constructor_returning_a_handle_it_never_created_is_an_outcome_not_an_error() {
    let good = wat_bytes(&session_tool("(call $new (i32.const 1))"));
    let dir = tool_dir(&[("t.wasm", good)]);
    let reg = Registry::load_dir(dir.path(), test_config()).expect("loads");
    assert!(reg.problems().is_empty(), "{:?}", reg.problems());
    let out = call_once(&reg, 0, "s", r#"{"a":1}"#);
    assert_eq!(
        out.outcome,
        Outcome::Ok {
            result: r#"{"a":1}"#.into()
        }
    );

    let bad = wat_bytes(&session_tool("(i32.const 12345)"));
    let dir = tool_dir(&[("t.wasm", bad)]);
    let reg = Registry::load_dir(dir.path(), test_config()).expect("loads");
    let mut episode = reg.episode(0);
    let first = episode
        .call("s", "{}")
        .expect("an outcome, not a host error");
    let message = abi_violation(&first.outcome);
    assert!(message.contains("handle"), "{message}");
    // The tool is failed for the rest of the episode, as after any guest failure.
    let second = episode.call("s", "{}").expect("an outcome");
    assert_eq!(
        second.outcome,
        Outcome::Unavailable {
            cause: "trap".into()
        }
    );
}

#[test]
fn a_session_state_is_read_under_its_own_size_limit_and_configs_go_to_load() {
    let wasm = wat_bytes(&session_tool("(call $new (i32.const 1))"));
    let dir = tool_dir(&[("t.wasm", wasm.clone())]);
    let reg = Registry::load_dir(dir.path(), test_config()).expect("loads");
    let mut episode = reg.episode(0);
    episode
        .set_config("t", "{}".into())
        .expect("a session tool takes a config");
    assert_eq!(
        episode.state("t").outcome,
        Outcome::Ok {
            result: "{}".into()
        }
    );
    assert!(matches!(
        episode.state("nope").outcome,
        Outcome::Unavailable { .. }
    ));

    let small = SandboxConfig {
        max_state_bytes: 1,
        ..test_config()
    };
    let dir = tool_dir(&[("t.wasm", wasm)]);
    let reg = Registry::load_dir(dir.path(), small).expect("loads");
    let mut episode = reg.episode(0);
    assert_eq!(
        episode.state("t").outcome,
        Outcome::OutputTooLarge { bytes: 2, limit: 1 }
    );
}

/// A stateless tool component that also instantiates `extra_memories` modules of one memory
/// each (all count against the store's memory slots).
fn tool_with_memories(names: &[&str], extra_memories: usize) -> Vec<u8> {
    let text = wat_tool(&spec_of(names), ECHO, "");
    let extra: String = (0..extra_memories)
        .map(|_| "(core instance (instantiate $mem))\n")
        .collect();
    let text = text.replacen(
        "(core instance $i (instantiate $m))",
        &format!("(core module $mem (memory 1))\n{extra}(core instance $i (instantiate $m))"),
        1,
    );
    wat_bytes(&text)
}

#[test]
fn a_tool_over_its_store_quota_fails_to_load_alone_and_cannot_starve_the_others() {
    let cfg = SandboxConfig {
        max_live_stores: 4,
        ..test_config()
    };
    // 16 memories: the whole pool of 4 stores × 4 memories, if it were allowed.
    let dir = tool_dir(&[
        ("greedy.wasm", tool_with_memories(&["greedy"], 15)),
        ("echo.wasm", tool_with_memories(&["echo"], 0)),
    ]);
    let reg = Registry::load_dir(dir.path(), cfg).expect("registry loads");
    let problems: Vec<String> = reg.problems().iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("greedy.wasm") && problems[0].contains("memories"),
        "{problems:?}"
    );
    let out = call_once(&reg, 0, "echo", "{}");
    assert!(out.outcome.is_ok(), "{out:?}");
}

#[test]
fn tools_within_their_quota_share_the_pool_and_a_full_pool_is_an_outcome_that_passes() {
    let cfg = SandboxConfig {
        max_live_stores: 4,
        ..test_config()
    };
    let dir = tool_dir(&[
        ("wide.wasm", tool_with_memories(&["wide"], 3)),
        ("echo.wasm", tool_with_memories(&["echo"], 0)),
    ]);
    let reg = Registry::load_dir(dir.path(), cfg).expect("registry loads");
    assert!(reg.problems().is_empty(), "{:?}", reg.problems());
    // Three stores of the tool with the most memories allowed stay alive...
    let mut held: Vec<_> = (0..3).map(|seed| reg.episode(seed)).collect();
    for episode in &mut held {
        let out = episode.call("wide", "{}").expect("an outcome");
        assert!(out.outcome.is_ok(), "{out:?}");
    }
    // ...and the fourth store, of another tool, still fits.
    let mut fourth = reg.episode(9);
    assert!(
        fourth
            .call("echo", "{}")
            .expect("an outcome")
            .outcome
            .is_ok()
    );
    // A fifth is over `max_live_stores`: a clear outcome that does not poison the tool.
    let mut fifth = reg.episode(10);
    let out = fifth
        .call("echo", "{}")
        .expect("an outcome, not a host error");
    assert_eq!(out.outcome, Outcome::PoolExhausted { limit: 4 });
    drop(held);
    let out = fifth.call("echo", "{}").expect("an outcome");
    assert!(out.outcome.is_ok(), "{out:?}");
}

#[test]
fn a_compile_time_bomb_is_refused_before_compiling_and_the_others_load() {
    let locals = "i32 ".repeat(5_000);
    let loops = "(loop nop)".repeat(300);
    let bomb = wat_bytes(&wat_tool(
        &spec_of(&["bomb"]),
        ECHO,
        &format!("(func $big (local {locals}) {loops})"),
    ));
    let dir = tool_dir(&[
        ("bomb.wasm", bomb),
        ("echo.wasm", tool_with_memories(&["echo"], 0)),
    ]);
    let reg = Registry::load_dir(dir.path(), test_config()).expect("registry loads");
    let problems: Vec<String> = reg.problems().iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("bomb.wasm") && problems[0].contains("locals × loops is 1500000"),
        "{problems:?}"
    );
    assert!(call_once(&reg, 0, "echo", "{}").outcome.is_ok());
}

#[test]
fn a_spec_that_traps_is_a_problem_carrying_the_trap_message() {
    let text = wat_tool(&spec_of(&["x"]), ECHO, "").replacen(
        "(func (export \"spec\") (result i32)",
        "(func (export \"spec\") (result i32) unreachable",
        1,
    );
    let dir = tool_dir(&[("t.wasm", wat_bytes(&text))]);
    let reg = Registry::load_dir(dir.path(), test_config()).expect("registry loads");
    let problems: Vec<String> = reg.problems().iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("unreachable_code_reached") && problems[0].contains("wasm backtrace"),
        "{problems:?}"
    );
}
