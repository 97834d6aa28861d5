//! Tools by language, side by side: a Rust, a Python (componentize-py, CPython) and a
//! JavaScript (componentize-js, StarlingMonkey) component through the same sandbox. Printed
//! once before the criterion groups: each component's size and its compile time (one
//! uncached load; compilation runs on every core). Measured by criterion: a load from the
//! compile cache, a call into a live instance, a fresh-instance call (store, instantiate,
//! call, drop) and a 10-call episode.
//!
//! Tools: stateless `calculator` (Rust) against `stats` (Python); stateful `filesystem`
//! (Rust) against `cart` (JavaScript), whose episodes also run a session constructor.
//! Run: `cargo bench -p tz-env --bench languages` after `scripts/build-tools.sh`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tz_env::registry::Registry;
use tz_env::sandbox::SandboxConfig;

/// (tool file, label, function, arguments) of one representative call per tool.
const TOOLS: &[(&str, &str, &str, &str)] = &[
    (
        "calculator",
        "rust",
        "calculate",
        r#"{"expression": "2 + 3 * (4 - 1) / sqrt(16)"}"#,
    ),
    (
        "stats",
        "python",
        "percentile",
        r#"{"values": [12, 7, 3, 19, 5, 11], "percentile": 90}"#,
    ),
    ("filesystem", "rust", "fs_ls", r#"{"path": "/home/user"}"#),
    ("cart", "js", "view_cart", "{}"),
];

fn tool_file(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tools-wasm")
        .join(format!("{name}.wasm"));
    assert!(
        path.is_file(),
        "missing {}: run scripts/build-tools.sh first",
        path.display()
    );
    path
}

/// A directory holding only `name`'s component, and a config whose cache lives in `cache`.
fn alone(name: &str, cache: &Path) -> (tempfile::TempDir, SandboxConfig) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(tool_file(name), dir.path().join(format!("{name}.wasm"))).expect("copy");
    let cfg = SandboxConfig {
        cache_dir: Some(cache.to_path_buf()),
        ..SandboxConfig::default()
    };
    (dir, cfg)
}

fn load(dir: &Path, cfg: &SandboxConfig) -> Registry {
    let reg = Registry::load_dir(dir, cfg.clone()).expect("load");
    assert!(reg.problems().is_empty(), "{}", reg.problems()[0]);
    reg
}

fn languages(c: &mut Criterion) {
    let cache = tempfile::tempdir().expect("temp dir");
    let mut g = c.benchmark_group("cpu/languages");
    for &(name, lang, function, args) in TOOLS {
        let (dir, cfg) = alone(name, cache.path());
        let size = std::fs::metadata(tool_file(name)).expect("size").len();
        let start = Instant::now();
        let reg = load(dir.path(), &cfg);
        println!(
            "{lang:<6} {name:<11} size {:>6.2} MB  compile {:>7.1} ms",
            size as f64 / 1e6,
            start.elapsed().as_secs_f64() * 1e3
        );
        g.throughput(Throughput::Elements(1));
        g.sample_size(20).measurement_time(Duration::from_secs(4));
        g.bench_function(format!("{lang}_{name}/load_cached"), |b| {
            b.iter(|| load(dir.path(), &cfg))
        });
        g.sample_size(50).measurement_time(Duration::from_secs(4));
        g.bench_function(format!("{lang}_{name}/live_instance_call"), |b| {
            let mut ep = reg.episode(0);
            b.iter(|| ep.call(function, args).expect("host ok"));
        });
        g.bench_function(format!("{lang}_{name}/fresh_instance_call"), |b| {
            b.iter(|| reg.episode(0).call(function, args).expect("host ok"));
        });
        g.throughput(Throughput::Elements(10));
        g.bench_function(format!("{lang}_{name}/episode_10_calls"), |b| {
            b.iter(|| {
                let mut ep = reg.episode(0);
                for _ in 0..10 {
                    ep.call(function, args).expect("host ok");
                }
            });
        });
    }
    g.finish();
}

criterion_group!(benches, languages);
criterion_main!(benches);
