//! Parse + score throughput on typical single-call completions (Tool Zero reward, BFCL checker),
//! against a baseline measured in the same run: `serde_json` parsing of the call JSON alone.
//!
//! `cargo bench -p tz-env --bench score`; throughput is in completions per second (one core).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::{Value, json};
use tz_env::reward::{GroundTruth, RewardKind, score};
use tz_env::spec::FunctionSpec;

fn specs() -> Vec<FunctionSpec> {
    let weather = json!({"type": "dict", "properties": {
        "city": {"type": "string", "description": "City name"},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
        "days": {"type": "integer"}}, "required": ["city"]});
    let convert = json!({"type": "dict", "properties": {
        "amount": {"type": "float"}, "from": {"type": "string"}, "to": {"type": "string"}},
        "required": ["amount", "from", "to"]});
    vec![
        FunctionSpec {
            name: "get_weather".into(),
            description: "Current weather".into(),
            parameters: weather,
        },
        FunctionSpec {
            name: "convert_currency".into(),
            description: "Convert money".into(),
            parameters: convert,
        },
    ]
}

fn completions() -> Vec<&'static str> {
    vec![
        r#"<think>The user wants the weather in Paris in celsius, so I call get_weather.</think>
<tool_call>[{"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius", "days": 3}}]</tool_call>"#,
        r#"<think>Weather for London.</think>
<tool_call>[{"name": "get_weather", "arguments": {"city": "London", "unit": "celsius", "days": 3}}]</tool_call>"#,
        r#"<think>I need to convert money instead.</think>
<tool_call>[{"name": "convert_currency", "arguments": {"amount": 100, "from": "EUR", "to": "USD"}}]</tool_call>"#,
        r#"<think>Python style answer.</think><answer>[get_weather(city="Paris", unit="celsius", days=3)]</answer>"#,
    ]
}

fn bench(c: &mut Criterion) {
    let specs = specs();
    let truth: GroundTruth = serde_json::from_value(json!([[{"get_weather": {
        "city": ["Paris", "Paris, France"], "unit": ["", "celsius"], "days": [3]}}]]))
    .unwrap_or_default();
    let completions = completions();
    let mut group = c.benchmark_group("cpu/score");
    group.throughput(Throughput::Elements(completions.len() as u64));
    for (name, kind) in [
        ("tool_zero", RewardKind::default()),
        (
            "tool_rl",
            RewardKind::ToolRl {
                dynamic_scaling: false,
            },
        ),
    ] {
        group.bench_function(format!("parse_and_{name}"), |b| {
            b.iter(|| {
                for (i, text) in completions.iter().enumerate() {
                    black_box(score(&kind, black_box(text), &specs, &truth, i as u64 * 20));
                }
            })
        });
    }
    group.bench_function("baseline_serde_json_only", |b| {
        b.iter(|| {
            for text in &completions {
                let json = text
                    .split("<tool_call>")
                    .nth(1)
                    .and_then(|s| s.split("</tool_call>").next());
                black_box(json.map(serde_json::from_str::<Value>));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
