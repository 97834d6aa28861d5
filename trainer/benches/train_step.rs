//! One GRPO optimizer step of the default model (SmolLM2-135M, f32) on the CPU: 8 sequences of
//! 256 tokens (the last 192 of each trained), the GRPO loss over micro-batches (log-probs,
//! clipped surrogate), backward, global-norm clipping and AdamW. Needs `scripts/fetch-model.sh`.
//! Prints the peak RSS. The PyTorch baseline is `benches/train_step_torch.py` (the same GGUF
//! through transformers, the same batch and loss, `torch.optim.AdamW`, 2 threads); run the two
//! alternately in one script and compare ratios (these VMs are noisy). `TZ_BENCH_SEQ` and
//! `TZ_BENCH_BATCH` change the shape (e.g. 512 to check memory at 8 × 512);
//! `TZ_BENCH_PROMPT=P` puts the same P prompt tokens before every row (a GRPO group's shared
//! prompt, packed once per row) and `TZ_BENCH_SHARE=0` gives every row its own copy instead;
//! `TZ_BENCH_RECOMPUTE=0` keeps every layer's activations instead of recomputing them;
//! `TZ_BENCH_LORA=16` trains rank-16 LoRA adapters on every projection instead of every weight;
//! `TZ_BENCH_DTYPE=bf16` runs the products in bf16 (autocast, [`tz_trainer::Precision`]) and
//! `TZ_BENCH_DEVICE=cuda` puts the step on a GPU (a `--features cuda` build).
//! The process keeps freed memory as `tz` does ([`tz_trainer::alloc`]); `TZ_BENCH_MALLOC=default`
//! leaves glibc's defaults, to measure what that buys.
//! `TZ_BENCH_STEPS=N` skips criterion's sampling (ten or more steps of ~10-30 s each) and times
//! one warm-up step then N steps, printing each and their median, as the PyTorch script does.
#![allow(missing_docs)]

use std::collections::HashMap;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tz_trainer::candle_core::{Tensor, Var};
use tz_trainer::model::{AdapterInit, LORA_TARGETS, LoraConfig};
use tz_trainer::optim::{AdamW, AdamWConfig, clip_grad_norm};
use tz_trainer::train::loss::{LossSettings, Scored, loss_and_gradients};
use tz_trainer::{Checkpoint, DeviceChoice, Precision};

fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace()
        .nth(1)?
        .parse::<u64>()
        .ok()
        .map(|kib| kib / 1024)
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn step(c: &mut Criterion) {
    if std::env::var("TZ_BENCH_MALLOC").as_deref() != Ok("default") {
        tz_trainer::alloc::keep_freed_memory();
    }
    let (batch, seq) = (
        env_usize("TZ_BENCH_BATCH", 8),
        env_usize("TZ_BENCH_SEQ", 256),
    );
    let device = std::env::var("TZ_BENCH_DEVICE")
        .unwrap_or_else(|_| "cpu".into())
        .parse::<DeviceChoice>()
        .and_then(DeviceChoice::device)
        .expect("TZ_BENCH_DEVICE");
    let precision: Precision = std::env::var("TZ_BENCH_DTYPE")
        .unwrap_or_else(|_| "f32".into())
        .parse()
        .expect("TZ_BENCH_DTYPE");
    let ckpt = Checkpoint::load("default", &device)
        .unwrap_or_else(|e| panic!("{e} (run scripts/fetch-model.sh first)"));
    let rank = env_usize("TZ_BENCH_LORA", 0);
    let (model, varmap) = if rank == 0 {
        ckpt.trainable()
    } else {
        let lora = LoraConfig {
            rank,
            alpha: 16.0,
            targets: LORA_TARGETS.iter().map(|t| t.to_string()).collect(),
        };
        ckpt.trainable_lora(&lora, AdapterInit::Fresh { seed: 0 })
    }
    .expect("trainable");
    let model = model.with_precision(precision);
    let mut vars: Vec<(String, Var)> = varmap
        .data()
        .lock()
        .expect("lock")
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    vars.sort_by(|a, b| a.0.cmp(&b.0));
    let mut opt = AdamW::new(vars.clone(), AdamWConfig::default()).expect("optimizer");
    // Deterministic ids in the vocabulary; the last 3/4 of each row are model tokens. With
    // TZ_BENCH_PROMPT=P every row starts with the same P prompt tokens (one GRPO group), then
    // its own `seq` tokens, all trained.
    let vocab = ckpt.config.vocab_size as u64;
    let prompt = env_usize("TZ_BENCH_PROMPT", 0);
    let ids: Vec<Vec<u32>> = (0..batch as u64)
        .map(|r| {
            let shared = (0..prompt as u64).map(|i| ((i * 104729 + 17) % vocab) as u32);
            let own = (0..seq as u64).map(|i| ((r * 7919 + i * 104729) % vocab) as u32);
            shared.chain(own).collect()
        })
        .collect();
    let total = prompt + seq;
    let trained: Vec<bool> = (0..total)
        .map(|i| {
            if prompt > 0 {
                i >= prompt
            } else {
                i >= seq / 4
            }
        })
        .collect();
    let seq = total;
    let old: Vec<f32> = (0..seq).map(|_| -5.0).collect();
    let settings = LossSettings {
        temperature: 0.8,
        clip_low: 0.2,
        clip_high: 0.2,
        kl_coef: 0.0,
        micro_batch_tokens: 4096,
        logprob_chunk: 256,
        recompute: std::env::var("TZ_BENCH_RECOMPUTE").map_or(true, |v| v != "0"),
        share_prefixes: std::env::var("TZ_BENCH_SHARE").map_or(true, |v| v != "0"),
    };
    let weight = 1.0 / (batch * trained.iter().filter(|b| **b).count()) as f64;
    let scored: Vec<Scored<'_>> = ids
        .iter()
        .enumerate()
        .map(|(r, ids)| Scored {
            ids,
            trained: &trained,
            old: &old,
            advantage: if r % 2 == 0 { 1.0 } else { -1.0 },
            weight,
        })
        .collect();
    let split = std::env::var("TZ_BENCH_SPLIT").is_ok();
    let mut one_step = || {
        let t0 = std::time::Instant::now();
        let mut grads: HashMap<String, Tensor> = HashMap::new();
        let stats = loss_and_gradients(
            &model,
            &vars,
            ckpt.tokenizer.pad_id,
            &scored,
            None,
            &settings,
            &mut grads,
        )
        .expect("loss");
        let t1 = std::time::Instant::now();
        clip_grad_norm(&mut grads, 1.0).expect("clip");
        let t2 = std::time::Instant::now();
        opt.step(&grads, 1e-6).expect("step");
        if split {
            let (a, b, c) = (t1 - t0, t2 - t1, t2.elapsed());
            println!("loss+backward {a:.2?}, clip {b:.2?}, AdamW {c:.2?}");
        }
        stats.loss
    };
    if let Some(steps) = std::env::var("TZ_BENCH_STEPS")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
    {
        one_step();
        let mut times: Vec<f64> = (0..steps)
            .map(|_| {
                let t = std::time::Instant::now();
                std::hint::black_box(one_step());
                t.elapsed().as_secs_f64()
            })
            .collect();
        let shown: Vec<String> = times.iter().map(|t| format!("{t:.2}")).collect();
        times.sort_by(f64::total_cmp);
        println!(
            "candle {batch}x{seq}: steps {} s, median {:.2} s",
            shown.join(" "),
            times[times.len() / 2]
        );
        if let Some(mib) = peak_rss_mib() {
            println!("peak RSS: {mib} MiB");
        }
        return;
    }
    let mut group = c.benchmark_group("cpu/grpo_step_smollm2");
    group.sample_size(10);
    group.throughput(Throughput::Elements((batch * seq) as u64));
    let name = match rank {
        0 => format!("{batch}x{seq}"),
        r => format!("{batch}x{seq}_lora{r}"),
    };
    group.bench_function(name, |b| b.iter(&mut one_step));
    group.finish();
    if let Some(mib) = peak_rss_mib() {
        println!("peak RSS: {mib} MiB");
    }
}

criterion_group!(benches, step);
criterion_main!(benches);
