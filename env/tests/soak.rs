//! Soak: many seeded episodes mixing a shipped tool with hostile ones (the Rust hostile guest,
//! a fuel burner, a result that lies about its pointer) on every core, three times over. The
//! shipped tool always answers, the same seeds give the same outcomes every run, and the
//! process's resident memory does not grow from run to run.
//!
//! CI runs 240 episodes; `TZ_SOAK_EPISODES=5000 cargo test --release -p tz-env --test soak`
//! runs a long one. Its own test binary, so no other test shares its memory measurements.

#[allow(dead_code)]
#[path = "sandbox/common.rs"]
mod common;

use std::path::Path;

use rayon::prelude::*;
use tz_env::registry::Registry;
use tz_env::sandbox::SandboxConfig;

/// One call of an episode: function, arguments.
fn plan(seed: u64) -> Vec<(&'static str, String)> {
    let hostile = [
        ("spin", r#"{"n": 100000000}"#),
        ("alloc_mib", r#"{"n": 1000}"#),
        ("recurse", r#"{"n": 100000000}"#),
        ("panic", "{}"),
        ("sleep_ms", r#"{"n": 100000}"#),
        ("output_bytes", r#"{"n": 10000000}"#),
        ("lie", "{}"),
        ("burn", "{}"),
    ];
    let mut calls = Vec::new();
    for k in 0..4u64 {
        let x = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(k * 1442695040888963407);
        calls.push((
            "calculate",
            format!(r#"{{"expression": "{} * {} + {}"}}"#, seed, k + 1, x % 97),
        ));
        if (x >> 33).is_multiple_of(3) {
            let (name, args) = hostile[((x >> 40) % hostile.len() as u64) as usize];
            calls.push((name, args.to_string()));
        }
    }
    calls
}

/// Every episode's outcomes as text (kind and the model's view), in episode order.
fn run(reg: &Registry, episodes: u64) -> Vec<Vec<String>> {
    (0..episodes)
        .into_par_iter()
        .map(|seed| {
            let mut episode = reg.episode(seed);
            plan(seed)
                .into_iter()
                .map(|(name, args)| {
                    let out = episode
                        .call(name, &args)
                        .expect("every failure is an outcome");
                    if name == "calculate" {
                        assert!(out.outcome.is_ok(), "episode {seed}: {out:?}");
                    }
                    format!("{name} {} {}", out.outcome.kind(), out.outcome.model_text())
                })
                .collect()
        })
        .collect()
}

fn resident_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

#[test]
fn shipped_tools_keep_answering_beside_hostile_ones_deterministically_in_flat_memory() {
    let episodes: u64 = std::env::var("TZ_SOAK_EPISODES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(240);
    let calculator = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools-wasm/calculator.wasm");
    let calculator = std::fs::read(&calculator).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; build the shipped tools with scripts/build-tools.sh (the README set-up does)",
            calculator.display()
        )
    });
    let hostile = std::fs::read(common::guest_wasm("hostile")).expect("hostile guest");
    let lie = common::wat_bytes(&common::wat_tool(
        &common::spec_of(&["lie"]),
        "(call $ok (i32.const 0x7ffffff0) (i32.const 100))",
        "",
    ));
    let burn = common::wat_bytes(&common::wat_tool(
        &common::spec_of(&["burn"]),
        "(loop $l (br $l)) (unreachable)",
        "",
    ));
    let dir = common::tool_dir(&[
        ("calculator.wasm", calculator),
        ("hostile.wasm", hostile),
        ("lie.wasm", lie),
        ("burn.wasm", burn),
    ]);
    let cfg = SandboxConfig {
        fuel_per_call: 2_000_000,
        ..common::test_config()
    };
    let reg = Registry::load_dir(dir.path(), cfg).expect("registry loads");
    assert!(reg.problems().is_empty(), "{:?}", reg.problems());

    let first = run(&reg, episodes);
    let after_first = resident_bytes();
    let second = run(&reg, episodes);
    let third = run(&reg, episodes);
    let after_third = resident_bytes();
    assert_eq!(first, second, "same seeds, different outcomes");
    assert_eq!(first, third, "same seeds, different outcomes");
    let hostile_calls = first
        .iter()
        .flatten()
        .filter(|c| !c.starts_with("calculate"))
        .count();
    assert!(
        hostile_calls * 10 > episodes as usize,
        "{hostile_calls} hostile calls"
    );
    assert!(
        after_third <= after_first + (64 << 20),
        "resident memory grew from {after_first} to {after_third} bytes over two runs"
    );
}
