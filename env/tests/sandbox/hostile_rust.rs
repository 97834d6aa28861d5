//! The Rust hostile guest: real std code trying files, sockets, environment, stdin, sleeping,
//! allocation and recursion inside the sandbox, with calls running in parallel.

use std::time::{Duration, Instant};

use tz_env::sandbox::{DeadlineClock, Outcome, SandboxConfig};

use crate::common::*;
use crate::parallel::assert_good_calls_undisturbed;

#[test]
fn reading_files_listing_directories_and_opening_sockets_are_refused() {
    let (_d, reg) = hostile_registry(test_config());
    assert!(tool_error(&call_once(&reg, 0, "read_file", "{}")).starts_with("refused"));
    assert!(tool_error(&call_once(&reg, 0, "list_root", "{}")).starts_with("refused"));
    assert!(tool_error(&call_once(&reg, 0, "connect", "{}")).starts_with("refused"));
}

#[test]
fn environment_arguments_and_stdin_are_empty() {
    let (_d, reg) = hostile_registry(test_config());
    let ok = |name: &str| match call_once(&reg, 0, name, "{}").outcome {
        Outcome::Ok { result } => result,
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(ok("env_vars"), "0 variables");
    assert_eq!(ok("args"), "0 arguments");
    assert_eq!(ok("read_stdin"), "read 0 bytes");
}

#[test]
fn a_guest_sleeping_in_a_host_call_gets_a_deadline_outcome_without_blocking() {
    let cfg = SandboxConfig {
        timeout_ms: 200,
        ..test_config()
    };
    let (_d, reg) = hostile_registry(cfg);
    let start = Instant::now();
    let out = call_once(&reg, 0, "sleep_ms", r#"{"n": 3600000}"#);
    assert_eq!(
        out.outcome,
        Outcome::DeadlineExceeded {
            clock: DeadlineClock::Virtual
        }
    );
    assert!(
        start.elapsed() < Duration::from_millis(200 + 2_000),
        "took {:?}",
        start.elapsed()
    );
    // A sleep within the budget completes, in virtual time.
    match call_once(&reg, 0, "sleep_ms", r#"{"n": 100}"#).outcome {
        Outcome::Ok { result } => {
            let ns: u64 = result
                .trim_start_matches("slept ")
                .trim_end_matches(" ns")
                .parse()
                .expect("ns");
            assert!((100_000_000..101_000_000).contains(&ns), "{result}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn busy_waiting_on_the_clock_ends_by_fuel_or_virtual_time_not_by_hanging() {
    let (_d, reg) = hostile_registry(test_config());
    let out = call_once(&reg, 0, "busy_wait_ms", r#"{"n": 10000}"#);
    assert!(
        matches!(out.outcome, Outcome::OutOfFuel | Outcome::Ok { .. }),
        "{out:?}"
    );
}

#[test]
fn an_allocation_bomb_a_deep_recursion_and_a_panic_are_contained() {
    let (_d, reg) = hostile_registry(test_config());
    let generous = SandboxConfig {
        fuel_per_call: 4_000_000_000,
        ..test_config()
    };
    let (_d2, big) = hostile_registry(generous);
    let bomb = call_once(&big, 0, "alloc_mib", r#"{"n": 1000}"#);
    assert!(
        matches!(bomb.outcome, Outcome::MemoryLimit { .. }),
        "{bomb:?}"
    );
    let deep = call_once(&reg, 0, "recurse", r#"{"n": 100000000}"#);
    assert!(
        matches!(&deep.outcome, Outcome::Trap { trap, .. } if trap == "stack_overflow"),
        "{deep:?}"
    );
    let panic = call_once(&reg, 0, "panic", "{}");
    assert!(
        matches!(&panic.outcome, Outcome::Trap { trap, .. } if trap == "unreachable_code_reached"),
        "{panic:?}"
    );
    assert_eq!(call_once(&reg, 0, "spin", "{}").outcome, Outcome::OutOfFuel);
    assert!(matches!(
        call_once(&reg, 0, "output_bytes", r#"{"n": 1000000}"#).outcome,
        Outcome::OutputTooLarge { .. }
    ));
}

#[test]
fn stdout_is_captured_and_bounded() {
    let (_d, reg) = hostile_registry(test_config());
    let mut ep = reg.episode(0);
    let out = ep
        .call("print_stdout", r#"{"n": 100000}"#)
        .expect("host ok");
    // Writing past the capture cap fails inside the guest (Rust's println! then panics).
    assert!(
        matches!(out.outcome, Outcome::Trap { .. } | Outcome::Ok { .. }),
        "{out:?}"
    );
    let mut small = reg.episode(0);
    assert!(
        small
            .call("print_stdout", r#"{"n": 2}"#)
            .expect("host ok")
            .outcome
            .is_ok()
    );
    let (stdout, _) = small.stdio(0).expect("instantiated");
    assert_eq!(
        stdout,
        b"spam spam spam spam spam spam spam spam\n".repeat(2)
    );
}

#[test]
fn hostile_calls_do_not_disturb_good_calls_running_in_parallel() {
    let (_d, reg) = hostile_registry(test_config());
    let args = r#"{"n": 100000000}"#;
    let hostile = [
        ("spin", args),
        ("alloc_mib", args),
        ("recurse", args),
        ("panic", args),
        ("sleep_ms", args),
        ("output_bytes", args),
    ];
    assert_good_calls_undisturbed(&reg, ("args", args, "0 arguments"), &hostile, 48);
}
