//! Clocks and random: identical across runs for one seed, different for another.

use tz_env::sandbox::Outcome;

use crate::common::*;

fn result(reg: &tz_env::registry::Registry, seed: u64, name: &str) -> String {
    match call_once(reg, seed, name, "{}").outcome {
        Outcome::Ok { result } => result,
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn clock_and_random_are_identical_for_one_seed_and_differ_for_another() {
    let (_d, reg) = hostile_registry(test_config());
    let (_d2, reg2) = hostile_registry(test_config());
    for name in ["clock", "random"] {
        let a = result(&reg, 7, name);
        let b = result(&reg2, 7, name);
        let c = result(&reg, 8, name);
        assert_eq!(a, b, "{name} differs across runs with one seed");
        assert_ne!(a, c, "{name} is the same for two seeds");
    }
}

#[test]
fn the_virtual_wall_clock_is_in_2025_not_the_host_time() {
    let (_d, reg) = hostile_registry(test_config());
    let wall: u128 = result(&reg, 3, "clock")
        .trim_start_matches("wall=")
        .parse()
        .expect("ns");
    let secs = (wall / 1_000_000_000) as u64;
    assert!(
        (1_735_689_600..1_735_689_600 + 366 * 86_400).contains(&secs),
        "{secs}"
    );
}

#[test]
fn fuel_used_is_identical_across_runs() {
    let (_d, reg) = hostile_registry(test_config());
    let a = call_once(&reg, 1, "output_bytes", r#"{"n": 1000}"#);
    let b = call_once(&reg, 1, "output_bytes", r#"{"n": 1000}"#);
    assert!(a.outcome.is_ok());
    assert_eq!(a, b);
}
