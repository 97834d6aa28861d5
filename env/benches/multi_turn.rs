//! A BFCL multi-turn entry executed and checked in the sandbox: every turn's ground-truth calls
//! made as the model's calls, the reference calls run on the reference sessions, and the
//! state check after each turn, what BFCL's `multi_turn_checker` does for an entry. The same
//! entries through the official Python classes: `scripts/bfcl_multi_turn/bench_entry.py`.
//!
//! Run: `cargo bench -p tz-env --bench multi_turn` (needs `scripts/build-tools.sh` and the
//! shared data at `../shared/data/bfcl-multi-turn` or `$TZ_SHARED_DIR/data/bfcl-multi-turn`).

use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tz_env::data::bfcl;
use tz_env::episode::{self, EpisodeConfig, Generation};
use tz_env::parse::render_tool_call_block;
use tz_env::registry::Registry;
use tz_env::sandbox::SandboxConfig;
use tz_env::task::Task;

/// The entries measured: file system + posting, vehicle + travel (seeded ids), long context.
pub const ENTRIES: &[&str] = &[
    "multi_turn_miss_param_0",
    "multi_turn_miss_func_150",
    "multi_turn_long_context_10",
];

fn data_dir() -> PathBuf {
    std::env::var_os("TZ_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
        .join("data/bfcl-multi-turn")
}

/// Plays `task`'s reference calls turn by turn, then answers.
fn oracle(task: &Task) -> impl FnMut(&str) -> Generation {
    let turns: Vec<_> = task
        .turns
        .iter()
        .map(|t| t.reference_calls.clone().unwrap_or_default())
        .collect();
    let (mut turn, mut called) = (0usize, false);
    move |_| {
        let calls = turns.get(turn).cloned().unwrap_or_default();
        let text = if called || calls.is_empty() {
            (turn, called) = (turn + 1, false);
            "<answer>done</answer>".to_string()
        } else {
            called = true;
            render_tool_call_block(&calls)
        };
        Generation {
            text,
            tokens: 1,
            end_of_turn: None,
        }
    }
}

fn bench(c: &mut Criterion) {
    let dir = data_dir();
    let report = bfcl::import_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}: the shared BFCL multi-turn data is needed"));
    let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools-wasm");
    let reg = Registry::load_dir(&tools, SandboxConfig::default())
        .unwrap_or_else(|e| panic!("{e}: run scripts/build-tools.sh first"));
    let cfg = EpisodeConfig {
        max_tokens: usize::MAX / 2,
        ..EpisodeConfig::default()
    };
    let mut g = c.benchmark_group("cpu/bfcl_multi_turn");
    g.throughput(Throughput::Elements(1));
    for id in ENTRIES {
        let task = report
            .tasks
            .iter()
            .find(|t| t.id == *id)
            .unwrap_or_else(|| panic!("entry {id} is missing"));
        g.bench_function(*id, |b| {
            b.iter(|| {
                let e = episode::run(&reg, task, 0, 0, &cfg, oracle(task)).expect("runs");
                assert_eq!(e.state_verdict().map(|v| v.0), Some(true));
                e
            });
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
