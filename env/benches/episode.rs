//! Episode overhead per tool call against the raw sandbox call, measured in the same run:
//! a one-call episode (render prompt, parse the model's `<tool_call>`, run it, render the tool
//! turn, parse the answer, score) versus the bare fresh-instance call it contains.
//!
//! Run: `cargo bench -p tz-env --bench episode` (needs `scripts/build-tools.sh`).

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tz_env::episode::{self, EpisodeConfig, Generation};
use tz_env::registry::Registry;
use tz_env::sandbox::SandboxConfig;
use tz_env::task::Task;

const TASK: &str = r#"{"id":"bench","messages":[{"role":"user","content":"What is 2 + 3 * (4 - 1) / sqrt(16)?"}],"tools":[{"name":"calculate"}],"turns":[{"ground_truth":[[{"calculate":{"expression":["2 + 3 * (4 - 1) / sqrt(16)"]}}]]}]}"#;
const CALL: &str = "<think>Use the calculator.</think>\n<tool_call>[{\"name\": \"calculate\", \"arguments\": {\"expression\": \"2 + 3 * (4 - 1) / sqrt(16)\"}}]</tool_call>";
const ANSWER: &str = "<think>Done.</think>\n<answer>4.25</answer>";

fn bench(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools-wasm");
    let reg = Registry::load_dir(&dir, SandboxConfig::default())
        .unwrap_or_else(|e| panic!("{e}: run scripts/build-tools.sh first"));
    let task: Task = serde_json::from_str(TASK).expect("task");
    let cfg = EpisodeConfig::default();
    let mut g = c.benchmark_group("cpu/episode");
    g.throughput(Throughput::Elements(1));
    g.bench_function("raw_fresh_instance_call", |b| {
        b.iter(|| {
            reg.episode(0)
                .call(
                    "calculate",
                    r#"{"expression": "2 + 3 * (4 - 1) / sqrt(16)"}"#,
                )
                .expect("host ok")
        });
    });
    g.bench_function("one_call_episode", |b| {
        b.iter(|| {
            let mut turn = 0;
            episode::run(&reg, &task, 0, 30, &cfg, |_| {
                turn += 1;
                let text = if turn == 1 { CALL } else { ANSWER };
                Generation {
                    text: text.to_string(),
                    tokens: 40,
                    end_of_turn: None,
                }
            })
            .expect("host ok")
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
