//! Sandbox latency and throughput benches on the shipped Rust tools (`tools-wasm/*.wasm`,
//! built by `scripts/build-tools.sh`), against the usual sandbox baseline of spawning one
//! `python3 -c` process per call, measured in the same run.
//!
//! Run: `cargo bench -p tz-env --bench sandbox`. Names are prefixed with the device (`cpu`).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;
use tz_env::registry::Registry;
use tz_env::sandbox::SandboxConfig;

const CALC_ARGS: &str = r#"{"expression": "2 + 3 * (4 - 1) / sqrt(16)"}"#;

fn registry() -> Registry {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools-wasm");
    let reg = Registry::load_dir(&dir, SandboxConfig::default())
        .unwrap_or_else(|e| panic!("{e}: run scripts/build-tools.sh first"));
    assert!(
        reg.functions().contains_key("calculate"),
        "calculator tool missing"
    );
    reg
}

/// The sandbox tests' helpers: inline component text, temporary tool directories.
#[allow(dead_code)]
#[path = "../tests/sandbox/common.rs"]
mod common;

/// A minimal component (inline text) that echoes its arguments: the sandbox's own overhead.
fn echo_registry() -> (tempfile::TempDir, Registry) {
    let body = "(call $ok (local.get 2) (local.get 3))";
    common::wat_registry(
        &common::spec_of(&["echo"]),
        body,
        "",
        SandboxConfig::default(),
    )
}

fn overhead(c: &mut Criterion) {
    let (_dir, reg) = echo_registry();
    let mut g = c.benchmark_group("cpu/sandbox_overhead");
    g.throughput(Throughput::Elements(1));
    g.bench_function("live_instance_call_echo", |b| {
        let mut ep = reg.episode(0);
        b.iter(|| ep.call("echo", r#"{"x": 1}"#).expect("host ok"));
    });
    g.bench_function("fresh_instance_call_echo", |b| {
        b.iter(|| reg.episode(0).call("echo", r#"{"x": 1}"#).expect("host ok"));
    });
    g.finish();
}

fn single_thread(c: &mut Criterion) {
    let reg = registry();
    let mut g = c.benchmark_group("cpu/sandbox");
    g.throughput(Throughput::Elements(1));
    g.bench_function("live_instance_call", |b| {
        let mut ep = reg.episode(0);
        b.iter(|| ep.call("calculate", CALC_ARGS).expect("host ok"));
    });
    g.bench_function("fresh_instance_call", |b| {
        b.iter(|| {
            reg.episode(0)
                .call("calculate", CALC_ARGS)
                .expect("host ok")
        });
    });
    g.throughput(Throughput::Elements(10));
    g.bench_function("stateful_episode_10_calls", |b| {
        b.iter(|| {
            let mut ep = reg.episode(0);
            ep.call("fs_mkdir", r#"{"path": "/work"}"#)
                .expect("host ok");
            for i in 0..8 {
                let args = format!(r#"{{"path": "/work/f{i}.txt", "content": "line {i}"}}"#);
                ep.call("fs_write_file", &args).expect("host ok");
            }
            ep.call("fs_ls", r#"{"path": "/work"}"#).expect("host ok");
        });
    });
    g.throughput(Throughput::Elements(1));
    g.sample_size(20).measurement_time(Duration::from_secs(10));
    g.bench_function("baseline_python3_process_per_call", |b| {
        b.iter(|| {
            Command::new("python3")
                .args([
                    "-c",
                    "import json,math; print(json.dumps(2 + 3 * (4 - 1) / math.sqrt(16)))",
                ])
                .output()
                .expect("python3 runs")
        });
    });
    g.finish();
}

/// Fresh-instance calls per second with `threads` rayon threads.
fn throughput(reg: &Registry, threads: usize, calls: usize) -> f64 {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool");
    let start = Instant::now();
    pool.install(|| {
        (0..calls).into_par_iter().for_each(|i| {
            reg.episode(i as u64)
                .call("calculate", CALC_ARGS)
                .expect("host ok");
        })
    });
    calls as f64 / start.elapsed().as_secs_f64()
}

fn scaling(c: &mut Criterion) {
    let reg = registry();
    let mut g = c.benchmark_group("cpu/sandbox_threads");
    for threads in [1usize, 2] {
        g.throughput(Throughput::Elements(2000));
        g.sample_size(10);
        g.bench_function(format!("fresh_calls_2000_x{threads}_threads"), |b| {
            b.iter(|| throughput(&reg, threads, 2000));
        });
    }
    g.finish();
    // A direct ratio, measured back to back (medians of 5).
    let mut one = Vec::new();
    let mut two = Vec::new();
    for _ in 0..5 {
        one.push(throughput(&reg, 1, 4000));
        two.push(throughput(&reg, 2, 4000));
    }
    one.sort_by(f64::total_cmp);
    two.sort_by(f64::total_cmp);
    println!(
        "cpu/sandbox_threads: 1 thread {:.0} calls/s, 2 threads {:.0} calls/s, ratio {:.2}",
        one[2],
        two[2],
        two[2] / one[2]
    );
}

criterion_group!(benches, overhead, single_thread, scaling);
criterion_main!(benches);
