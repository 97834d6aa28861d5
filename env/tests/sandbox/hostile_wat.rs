//! Hostile guests written inline as component text: no wasm toolchain needed.

use std::time::{Duration, Instant};

use tz_env::sandbox::{DeadlineClock, Outcome, SandboxConfig};

use crate::common::*;

const ECHO: &str = "(call $ok (local.get 2) (local.get 3))";

#[test]
fn an_infinite_loop_runs_out_of_fuel_and_reports_the_fuel_used() {
    let cfg = test_config();
    let (_d, reg) = wat_registry(
        &spec_of(&["spin"]),
        "(loop $l (br $l)) (unreachable)",
        "",
        cfg.clone(),
    );
    let out = call_once(&reg, 0, "spin", "{}");
    assert_eq!(out.outcome, Outcome::OutOfFuel);
    assert_eq!(out.fuel_used, cfg.fuel_per_call);
}

#[test]
fn the_wall_clock_backstop_stops_a_loop_when_fuel_is_plentiful() {
    let cfg = SandboxConfig {
        fuel_per_call: u64::MAX / 4,
        timeout_ms: 50,
        ..test_config()
    };
    let (_d, reg) = wat_registry(
        &spec_of(&["spin"]),
        "(loop $l (br $l)) (unreachable)",
        "",
        cfg,
    );
    let start = Instant::now();
    let out = call_once(&reg, 0, "spin", "{}");
    assert_eq!(
        out.outcome,
        Outcome::DeadlineExceeded {
            clock: DeadlineClock::WallClock
        }
    );
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn an_allocation_bomb_hits_the_memory_limit() {
    let body = "(loop $l (drop (memory.grow (i32.const 160))) (br $l)) (unreachable)";
    let (_d, reg) = wat_registry(&spec_of(&["bomb"]), body, "", test_config());
    let out = call_once(&reg, 0, "bomb", "{}");
    match out.outcome {
        Outcome::MemoryLimit { cap, requested } => {
            assert_eq!(cap, 32 << 20);
            assert!(requested > cap);
        }
        other => panic!("expected memory_limit, got {other:?}"),
    }
}

#[test]
fn deep_recursion_traps_with_a_stack_overflow() {
    let extra =
        "(func $r (param i32) (result i32) (call $r (i32.add (local.get 0) (i32.const 1))))";
    let (_d, reg) = wat_registry(
        &spec_of(&["deep"]),
        "(drop (call $r (i32.const 0))) (unreachable)",
        extra,
        test_config(),
    );
    let out = call_once(&reg, 0, "deep", "{}");
    match out.outcome {
        Outcome::Trap { trap, .. } => assert_eq!(trap, "stack_overflow"),
        other => panic!("expected a trap, got {other:?}"),
    }
}

#[test]
fn a_huge_output_is_refused() {
    let (_d, reg) = wat_registry(
        &spec_of(&["big"]),
        "(call $ok (i32.const 0) (i32.const 1000000))",
        "",
        test_config(),
    );
    let out = call_once(&reg, 0, "big", "{}");
    assert_eq!(
        out.outcome,
        Outcome::OutputTooLarge {
            bytes: 1_000_000,
            limit: 64 * 1024
        }
    );
}

#[test]
fn a_trapped_tool_stays_unavailable_for_the_rest_of_its_episode_only() {
    // Functions named with 4 letters trap; others echo their arguments.
    let body = format!("(if (i32.eq (local.get 1) (i32.const 4)) (then unreachable)) {ECHO}");
    let (_d, reg) = wat_registry(&spec_of(&["boom", "works"]), &body, "", test_config());
    let mut ep = reg.episode(1);
    let first = ep.call("boom", "{}").expect("host ok");
    assert!(
        matches!(&first.outcome, Outcome::Trap { trap, .. } if trap == "unreachable_code_reached"),
        "{first:?}"
    );
    // A fresh instance would silently have lost any session state: the tool stays failed and
    // says so to the model.
    let second = ep.call("works", r#"{"a":1}"#).expect("host ok");
    assert_eq!(
        second.outcome,
        Outcome::Unavailable {
            cause: "trap".into()
        }
    );
    assert!(second.outcome.model_text().contains("failed earlier"));
    let next_episode = reg.episode(1).call("works", r#"{"a":1}"#).expect("host ok");
    assert_eq!(
        next_episode.outcome,
        Outcome::Ok {
            result: r#"{"a":1}"#.into()
        }
    );
}

#[test]
fn invalid_json_schema_violations_and_unknown_tools_are_typed_outcomes() {
    let spec = r#"[{"name":"add","description":"adds","parameters":{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"],"additionalProperties":false}}]"#;
    let (_d, reg) = wat_registry(spec, ECHO, "", test_config());
    let bad_json = call_once(&reg, 0, "add", "{a: 1");
    assert!(
        matches!(&bad_json.outcome, Outcome::InvalidArguments { message } if message.contains("not valid JSON"))
    );
    assert_eq!(bad_json.fuel_used, 0);
    let wrong_type = call_once(&reg, 0, "add", r#"{"a": "one"}"#);
    assert!(
        matches!(&wrong_type.outcome, Outcome::InvalidArguments { message } if message.contains("/a")),
        "{wrong_type:?}"
    );
    let missing = call_once(&reg, 0, "add", "{}");
    assert!(
        matches!(&missing.outcome, Outcome::InvalidArguments { message } if message.contains("required")),
        "{missing:?}"
    );
    let extra = call_once(&reg, 0, "add", r#"{"a": 1, "b": 2}"#);
    assert!(
        matches!(extra.outcome, Outcome::InvalidArguments { .. }),
        "{extra:?}"
    );
    let unknown = call_once(&reg, 0, "ad", "{}");
    assert_eq!(
        unknown.outcome,
        Outcome::UnknownTool {
            name: "ad".into(),
            suggestions: vec!["add".into()]
        }
    );
    let ok = call_once(&reg, 0, "add", r#"{"a": 1}"#);
    assert!(ok.outcome.is_ok() && ok.fuel_used > 0, "{ok:?}");
}
