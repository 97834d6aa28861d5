//! Decoding throughput of the default model (SmolLM2-135M, f32) on the CPU: 128 new tokens at
//! batch 1 and batch 8, sampling at temperature 1 over the full vocabulary with EOS disabled so
//! every row generates exactly 128 tokens. Needs `scripts/fetch-model.sh`. Prints the peak RSS.
//! The PyTorch baseline is `benches/decode_torch.py` (same GGUF, transformers `generate`, 2 threads);
//! run the two alternately in one script and compare ratios (these VMs are noisy).
#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tz_trainer::candle_core::Device;
use tz_trainer::{ChatMessage, Checkpoint, Request, SamplingParams, generate};

const NEW_TOKENS: usize = 128;

fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace()
        .nth(1)?
        .parse::<u64>()
        .ok()
        .map(|kib| kib / 1024)
}

fn decode(c: &mut Criterion) {
    let ckpt = Checkpoint::load("default", &Device::Cpu)
        .unwrap_or_else(|e| panic!("{e} (run scripts/fetch-model.sh first)"));
    let model = ckpt.model().expect("model");
    let mut tokenizer = ckpt.tokenizer.clone();
    tokenizer.eos_ids.clear();
    let prompt = tokenizer
        .apply_chat_template(
            &[ChatMessage::new(
                "user",
                "Write a short story about a robot.",
            )],
            true,
        )
        .expect("template");
    let ids = tokenizer.encode(&prompt).expect("encode");
    let params = SamplingParams {
        temperature: 1.0,
        max_new_tokens: NEW_TOKENS,
        seed: 0,
        ..Default::default()
    };
    let mut group = c.benchmark_group("cpu/decode_f32_128");
    group.sample_size(10);
    for batch in [1usize, 8] {
        let requests: Vec<Request> = (0..batch as u64)
            .map(|s| Request::new(ids.clone(), 0, s))
            .collect();
        group.throughput(Throughput::Elements((batch * NEW_TOKENS) as u64));
        group.bench_function(format!("batch{batch}"), |b| {
            b.iter(|| {
                let out = generate(&model, &tokenizer, &requests, &params).expect("generate");
                assert!(out.iter().all(|c| c.token_ids.len() == NEW_TOKENS));
            })
        });
        eprintln!("peak RSS after batch {batch}: {:?} MiB", peak_rss_mib());
    }
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
