//! LoRA on tiny models: new adapters leave the model as it was (B = 0); gradients reach the
//! adapters only; a step moves every B (A's gradient is zero while B is), the next every A, and
//! never a base weight; merged weights give the adapted model's logits; the detached (sampling)
//! model sees adapter updates; and a LoRA run resumed from its checkpoint continues bit-exactly,
//! on a base it checks.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use common::run::{StopAt, fixture_run, named_vars, weights};
use common::{calls, cosine, max_diff, tiny_checkpoint, tiny_config};
use tz_trainer::candle_core::{DType, Device, Tensor, Var};
use tz_trainer::grpo::{Aggregation, token_weights};
use tz_trainer::model::{AdapterInit, LORA_TARGETS, LoraConfig, merge};
use tz_trainer::optim::{AdamW, AdamWConfig};
use tz_trainer::train::loss::{LossSettings, Scored, logprobs_no_grad, loss_and_gradients};
use tz_trainer::train::{self, checkpoint};
use tz_trainer::{Batch, Checkpoint, Padding, Precision};

fn lora(rank: usize) -> LoraConfig {
    LoraConfig {
        rank,
        alpha: 8.0,
        targets: LORA_TARGETS.iter().map(|t| t.to_string()).collect(),
    }
}

/// Three sequences and which of their tokens are model tokens.
fn seqs() -> Vec<(Vec<u32>, Vec<bool>)> {
    let seq = |ids: Vec<u32>, mask: &str| (ids, mask.chars().map(|c| c == 'm').collect());
    vec![
        seq(vec![3, 14, 15, 92, 65, 35, 89, 79, 32], "pppppmmmm"),
        seq(vec![27, 18, 28, 18, 28, 45, 90], "pppmmmm"),
        seq(vec![1, 61, 80, 33, 98, 10, 12, 77], "ppmmttmm"),
    ]
}

/// A run with rank-4 adapters (α = 8) on every projection.
fn with_lora(mut run: train::Run<'_>) -> train::Run<'_> {
    run.train.lora_rank = 4;
    run.train.lora_alpha = 8.0;
    run
}

fn values(t: &Tensor) -> Vec<f32> {
    t.flatten_all().unwrap().to_vec1().unwrap()
}

/// The sequences as the loss sees them, with fixed advantages.
fn scored<'a>(
    seqs: &'a [(Vec<u32>, Vec<bool>)],
    old: &'a [Vec<f32>],
    weights: &'a [f64],
) -> Vec<Scored<'a>> {
    seqs.iter()
        .zip(old)
        .zip([1.2, -0.7, 0.5].iter().zip(weights))
        .map(|(((ids, trained), old), (a, w))| Scored {
            ids,
            trained,
            old,
            advantage: *a,
            weight: *w,
        })
        .collect()
}

/// The GRPO loss's gradients for `seqs()`, old log-probabilities a little off the current ones.
fn gradients(
    model: &tz_trainer::Model,
    vars: &[(String, Var)],
    recompute: bool,
) -> HashMap<String, Tensor> {
    let settings = LossSettings {
        temperature: 0.9,
        clip_low: 0.2,
        clip_high: 0.2,
        kl_coef: 0.0,
        micro_batch_tokens: 20,
        logprob_chunk: 3,
        recompute,
        share_prefixes: true,
    };
    let seqs = seqs();
    let zero: Vec<Vec<f32>> = seqs.iter().map(|(i, _)| vec![0.0; i.len()]).collect();
    let lengths: Vec<usize> = seqs
        .iter()
        .map(|(_, m)| m.iter().filter(|b| **b).count())
        .collect();
    let w = token_weights(Aggregation::Grpo, &lengths, 16);
    let now = logprobs_no_grad(model, 0, &scored(&seqs, &zero, &w), &settings).unwrap();
    let old: Vec<Vec<f32>> = now
        .iter()
        .map(|lp| lp.iter().map(|v| v - 0.05).collect())
        .collect();
    let mut grads = HashMap::new();
    loss_and_gradients(
        model,
        vars,
        0,
        &scored(&seqs, &old, &w),
        None,
        &settings,
        &mut grads,
    )
    .unwrap();
    grads
}

#[test]
fn new_adapters_leave_the_logits_of_the_base_model_and_are_named_as_in_peft() {
    for (arch, tied) in [("llama", true), ("qwen2", false)] {
        let cfg = tiny_config(arch, tied);
        let ckpt = tiny_checkpoint(&cfg, 5);
        let ids: Vec<Vec<u32>> = seqs().into_iter().map(|(i, _)| i).collect();
        let batch = Batch::new(&ids, 0, Padding::Right, &Device::Cpu).unwrap();
        let base = ckpt.model().unwrap().forward(&batch).unwrap();
        let (model, varmap) = ckpt
            .trainable_lora(&lora(4), AdapterInit::Fresh { seed: 1 })
            .unwrap();
        let adapted = model.forward(&batch).unwrap();
        assert_eq!(
            max_diff(&base, &adapted),
            0.0,
            "{arch}: B = 0 changes nothing"
        );
        let vars = named_vars(&varmap);
        assert_eq!(vars.len(), 2 * 7 * cfg.num_hidden_layers, "{arch}");
        for (name, var) in &vars {
            let (module, part) = name.rsplit_once(".lora_").unwrap();
            let w = &ckpt.tensors[&format!("{module}.weight")];
            let (out, inp) = w.dims2().unwrap();
            let v = values(var.as_tensor());
            if part == "A.weight" {
                assert_eq!(var.as_tensor().dims(), [4, inp], "{name}");
                let bound = 1.0 / (inp as f32).sqrt();
                assert!(
                    v.iter().all(|x| x.abs() <= bound),
                    "{name}: Kaiming-uniform"
                );
                assert!(v.iter().any(|x| *x != 0.0), "{name}");
            } else {
                assert_eq!(part, "B.weight", "{name}");
                assert_eq!(var.as_tensor().dims(), [out, 4], "{name}");
                assert!(v.iter().all(|x| *x == 0.0), "{name}: B starts at zero");
            }
        }
        // A comes from a stream keyed by the seed.
        let again = named_vars(
            &ckpt
                .trainable_lora(&lora(4), AdapterInit::Fresh { seed: 1 })
                .unwrap()
                .1,
        );
        let other = named_vars(
            &ckpt
                .trainable_lora(&lora(4), AdapterInit::Fresh { seed: 2 })
                .unwrap()
                .1,
        );
        let a = |v: &[(String, Var)]| values(v[0].1.as_tensor());
        assert_eq!(a(&vars), a(&again), "{arch}: same seed, same A");
        assert_ne!(a(&vars), a(&other), "{arch}: another seed, another A");
    }
}

/// LoRA-adapted models decode through the candle path (the CPU decoding step covers plain
/// weights only): their KV-cached logits, after a multi-token feed and single steps, are the
/// full forward's.
#[test]
fn an_adapted_model_decodes_through_the_cache_as_its_full_forward_does() {
    let cfg = tiny_config("qwen2", false);
    let ckpt = tiny_checkpoint(&cfg, 5);
    let (model, varmap) = ckpt
        .trainable_lora(&lora(4), AdapterInit::Fresh { seed: 1 })
        .unwrap();
    for (name, var) in named_vars(&varmap) {
        if name.ends_with("B.weight") {
            // Non-zero B, so the adapters change the logits.
            var.set(&(var.as_tensor().ones_like().unwrap() * 0.05).unwrap())
                .unwrap();
        }
    }
    let model = model.detached();
    let ids: Vec<Vec<u32>> = seqs().into_iter().map(|(i, _)| i).collect();
    let batch = Batch::new(&ids, 0, Padding::Left, &Device::Cpu).unwrap();
    let full = model.forward(&batch).unwrap();
    let base = ckpt.model().unwrap().forward(&batch).unwrap();
    assert!(max_diff(&full, &base) > 1e-3, "the adapters change nothing");
    let (b, t) = batch.ids.dims2().unwrap();
    let mut cache = model.new_cache(b, t).unwrap();
    let mut col = 0;
    for width in [t - 4, 2, 1, 1] {
        let ids = batch.ids.narrow(1, col, width).unwrap();
        let pos = batch.positions.narrow(1, col, width).unwrap();
        let mask = batch.mask.narrow(1, 0, col + width).unwrap();
        let last = if width == 1 {
            let ids: Vec<u32> = ids.flatten_all().unwrap().to_vec1().unwrap();
            let pos: Vec<u32> = pos.flatten_all().unwrap().to_vec1().unwrap();
            model.forward_step(&ids, &pos, &mask, &mut cache).unwrap()
        } else {
            model.forward_last(&ids, &pos, &mask, &mut cache).unwrap()
        };
        let want = full
            .narrow(1, col + width - 1, 1)
            .unwrap()
            .squeeze(1)
            .unwrap();
        let real = batch.mask.narrow(1, col + width - 1, 1).unwrap();
        let diff = max_diff(
            &last.broadcast_mul(&real).unwrap(),
            &want.broadcast_mul(&real).unwrap(),
        );
        assert!(diff < 1e-4, "column {}: max diff {diff}", col + width - 1);
        col += width;
    }
    assert_eq!(cache.len(), t);
}

#[test]
fn only_targeted_projections_get_adapters() {
    let cfg = tiny_config("llama", true);
    let targets = LoraConfig {
        targets: vec!["q_proj".into(), "down_proj".into()],
        ..lora(2)
    };
    let (_, varmap) = tiny_checkpoint(&cfg, 5)
        .trainable_lora(&targets, AdapterInit::Fresh { seed: 1 })
        .unwrap();
    let names: Vec<String> = named_vars(&varmap).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "model.layers.0.mlp.down_proj.lora_A.weight",
            "model.layers.0.mlp.down_proj.lora_B.weight",
            "model.layers.0.self_attn.q_proj.lora_A.weight",
            "model.layers.0.self_attn.q_proj.lora_B.weight",
            "model.layers.1.mlp.down_proj.lora_A.weight",
            "model.layers.1.mlp.down_proj.lora_B.weight",
            "model.layers.1.self_attn.q_proj.lora_A.weight",
            "model.layers.1.self_attn.q_proj.lora_B.weight",
        ]
    );
}

#[test]
fn gradients_reach_only_the_adapters_and_steps_move_every_b_then_every_a_but_no_base_weight() {
    let cfg = tiny_config("qwen2", false);
    let ckpt = tiny_checkpoint(&cfg, 7);
    let before: HashMap<String, Vec<f32>> = ckpt
        .tensors
        .iter()
        .map(|(k, t)| (k.clone(), values(t)))
        .collect();
    let (model, varmap) = ckpt
        .trainable_lora(&lora(4), AdapterInit::Fresh { seed: 3 })
        .unwrap();
    let vars = named_vars(&varmap);
    let initial: Vec<Vec<f32>> = vars.iter().map(|(_, v)| values(v.as_tensor())).collect();
    let grads = gradients(&model, &vars, false);
    let mut with_grad: Vec<&String> = grads.keys().collect();
    with_grad.sort();
    let names: Vec<&String> = vars.iter().map(|(n, _)| n).collect();
    assert_eq!(with_grad, names, "gradients exactly for the adapters");
    // Recomputing activations gives the same gradients.
    let redone = gradients(&model, &vars, true);
    assert_eq!(redone.len(), grads.len());
    for (name, g) in &grads {
        let d = max_diff(g, &redone[name]);
        let scale = max_diff(g, &g.zeros_like().unwrap()).max(1.0);
        assert!(
            d <= 1e-5 * scale,
            "{name}: recomputed gradient differs by {d}"
        );
    }
    // Under bf16 autocast the same vars (the adapters, themselves f32) get f32 gradients that
    // point the way the f32 ones do (cosine), and are not equal to them.
    let mixed = gradients(&model.with_precision(Precision::Bf16), &vars, false);
    assert_eq!(mixed.len(), grads.len());
    let mut moved = false;
    for (name, g) in &grads {
        let m = &mixed[name];
        assert_eq!(m.dtype(), DType::F32, "{name}");
        moved |= max_diff(g, m) > 0.0;
        let zero = g.zeros_like().unwrap();
        if max_diff(g, &zero) == 0.0 {
            // A's gradient while B = 0 is exactly zero at any precision.
            assert_eq!(max_diff(m, &zero), 0.0, "{name}");
            continue;
        }
        let cosine = cosine(g, m);
        // The smallest seen: 0.993 (layer 1's q_proj B, a small gradient).
        assert!(cosine > 0.98, "{name}: cosine {cosine} to the f32 gradient");
    }
    assert!(moved, "bf16 products gave the f32 gradients exactly");
    let adam = AdamWConfig::default();
    let mut opt = AdamW::new(vars.clone(), adam).unwrap();
    opt.step(&grads, 1e-2).unwrap();
    for ((name, var), init) in vars.iter().zip(&initial) {
        let now = values(var.as_tensor());
        if name.ends_with("lora_B.weight") {
            assert_ne!(&now, init, "{name}: the first step moves every B");
        } else {
            assert_eq!(&now, init, "{name}: A's gradient is zero while B is");
        }
    }
    let grads = gradients(&model, &vars, false);
    opt.step(&grads, 1e-2).unwrap();
    for ((name, var), init) in vars.iter().zip(&initial) {
        assert_ne!(&values(var.as_tensor()), init, "{name} did not change");
    }
    let mut base = model.named_tensors();
    base.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(base.len(), before.len());
    for (name, t) in &base {
        assert_eq!(&values(t), &before[name], "{name}: a base weight changed");
    }
}

#[test]
fn merged_weights_give_the_adapted_logits_and_the_detached_model_sees_the_adapters() {
    for (arch, tied) in [("llama", true), ("qwen2", false)] {
        let cfg = tiny_config(arch, tied);
        let ckpt = tiny_checkpoint(&cfg, 11);
        let ids: Vec<Vec<u32>> = seqs().into_iter().map(|(i, _)| i).collect();
        let batch = Batch::new(&ids, 0, Padding::Right, &Device::Cpu).unwrap();
        let lora = lora(3);
        let (model, varmap) = ckpt
            .trainable_lora(&lora, AdapterInit::Fresh { seed: 4 })
            .unwrap();
        let sampler = model.detached();
        let before = sampler.forward(&batch).unwrap();
        // Adapters as after some training: B no longer zero (|B| < 0.05).
        for (i, (name, var)) in named_vars(&varmap).into_iter().enumerate() {
            if name.ends_with("lora_A.weight") {
                continue;
            }
            let t = var.as_tensor();
            let v: Vec<f32> = (0..t.elem_count())
                .map(|j| (((j * 37 + i * 11) % 101) as f32 / 101.0 - 0.5) * 0.1)
                .collect();
            var.set(&Tensor::from_vec(v, t.shape(), &Device::Cpu).unwrap())
                .unwrap();
        }
        let adapted = model.forward(&batch).unwrap();
        assert!(
            max_diff(&before, &adapted) > 1e-2,
            "{arch}: the adapters matter"
        );
        let seen = sampler.forward(&batch).unwrap();
        assert_eq!(max_diff(&seen, &adapted), 0.0, "{arch}: sampling sees them");
        let adapters: HashMap<String, Tensor> = named_vars(&varmap)
            .into_iter()
            .map(|(n, v)| (n, v.as_tensor().detach()))
            .collect();
        let merged = merge(&ckpt.tensors, &adapters, lora.scale(), &Device::Cpu).unwrap();
        let mut keys: Vec<&String> = merged.keys().collect();
        let mut base_keys: Vec<&String> = ckpt.tensors.keys().collect();
        keys.sort();
        base_keys.sort();
        assert_eq!(
            keys, base_keys,
            "{arch}: no adapter tensor in the merged weights"
        );
        let plain = Checkpoint {
            tensors: merged,
            ..ckpt.clone()
        };
        let logits = plain.model().unwrap().forward(&batch).unwrap();
        let d = max_diff(&logits, &adapted);
        // Float32 rounding differs between x(W + sBA)ᵀ and xWᵀ + s(xAᵀ)Bᵀ: within 1e-5 of the
        // largest logit (here about 6; the difference measured is about 7e-6).
        let largest = max_diff(&adapted, &adapted.zeros_like().unwrap()).max(1.0);
        assert!(d <= 1e-5 * largest, "{arch}: merged logits differ by {d}");
    }
}

#[test]
fn a_lora_run_resumed_from_its_checkpoint_continues_bit_exactly_on_a_checked_base() {
    let registry = calls::registry();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let no_stop = || StopAt(99, Arc::new(AtomicBool::new(false)), Vec::new());
    // Four steps in one run.
    let summary = train::train(
        with_lora(fixture_run(&registry, a.path(), 4, None)),
        &mut no_stop(),
    )
    .unwrap();
    assert_eq!(summary.steps, 4);
    // Two steps, stopped (a checkpoint is written), then resumed for two more.
    let run = with_lora(fixture_run(&registry, b.path(), 4, None));
    let (initial, stop) = (run.model.clone(), run.stop.clone());
    let first = train::train(run, &mut StopAt(2, stop, Vec::new())).unwrap();
    assert_eq!((first.steps, first.stopped), (2, true));
    let dir = checkpoint::latest(b.path()).unwrap();
    let loaded = checkpoint::load(&dir, &Device::Cpu).unwrap();
    // The checkpoint: merged weights (what `tz generate --model` and `tz export` load), the
    // adapters in PEFT's format, optimizer moments for the adapters only.
    let (saved, adapters) = loaded.lora.as_ref().expect("adapters");
    assert_eq!((saved.rank, saved.alpha), (4, 8.0));
    assert_eq!(adapters.len(), 2 * 7 * 2);
    let peft: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("adapter/adapter_config.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(peft["peft_type"], "LORA");
    assert_eq!(
        (peft["r"].as_u64(), peft["lora_alpha"].as_f64()),
        (Some(4), Some(8.0))
    );
    let cpu = Device::Cpu;
    let raw = tz_trainer::candle_core::safetensors::load(
        dir.join("adapter/adapter_model.safetensors"),
        &cpu,
    )
    .unwrap();
    assert!(
        raw.keys()
            .all(|k| k.starts_with("base_model.model.model.layers."))
    );
    let opt = tz_trainer::candle_core::safetensors::load(dir.join("optimizer.safetensors"), &cpu)
        .unwrap();
    assert_eq!(opt.len(), 2 * adapters.len());
    assert!(
        opt.keys().all(|k| k.contains(".lora_")),
        "adapter moments only"
    );
    let plain = Checkpoint::from_hf_dir(&dir, &Device::Cpu).unwrap();
    assert!(!plain.tensors.keys().any(|k| k.contains("lora")));
    assert!(
        !dir.join("adapter_config.json").exists(),
        "transformers would load the base plus adapters instead of the merged weights"
    );
    plain.model().unwrap();
    // Two steps moved every adapter (B from zero, A from its initial values), every targeted
    // weight through the merge, and nothing else.
    let fresh = named_vars(
        &initial
            .trainable_lora(saved, AdapterInit::Fresh { seed: 9 })
            .unwrap()
            .1,
    );
    for (name, var) in &fresh {
        assert_ne!(
            values(&adapters[name]),
            values(var.as_tensor()),
            "{name} did not change"
        );
    }
    for (name, w) in weights(b.path()) {
        let before = values(&initial.tensors[&name]);
        let targeted = LORA_TARGETS
            .iter()
            .any(|t| name.ends_with(&format!("{t}.weight")));
        assert_eq!(
            w != before,
            targeted,
            "{name}: changed iff it has an adapter"
        );
    }
    // The base is checked on resume: the merged weights as a base would apply the adapters twice.
    let mut wrong = with_lora(fixture_run(&registry, b.path(), 4, None));
    wrong.model = loaded.model.clone();
    wrong.resume = Some(checkpoint::load(&dir, &Device::Cpu).unwrap());
    let err = train::train(wrong, &mut no_stop()).expect_err("wrong base");
    assert!(err.to_string().contains("base model"), "{err}");
    // ... and so is the mode: a LoRA checkpoint does not resume as full fine-tuning.
    let full = fixture_run(
        &registry,
        b.path(),
        4,
        Some(checkpoint::load(&dir, &Device::Cpu).unwrap()),
    );
    let err = train::train(full, &mut no_stop()).expect_err("not LoRA");
    assert!(err.to_string().contains("lora_rank"), "{err}");
    let resumed = train::train(
        with_lora(fixture_run(&registry, b.path(), 4, Some(loaded))),
        &mut no_stop(),
    )
    .unwrap();
    assert_eq!(resumed.steps, 4);
    assert_eq!(
        weights(a.path()),
        weights(b.path()),
        "4 steps != 2 steps + resume + 2 steps"
    );
    let adapters_of = |dir: &std::path::Path| {
        let mut v: Vec<(String, Vec<f32>)> = tz_trainer::candle_core::safetensors::load(
            checkpoint::latest(dir)
                .unwrap()
                .join("adapter/adapter_model.safetensors"),
            &Device::Cpu,
        )
        .unwrap()
        .into_iter()
        .map(|(k, t)| (k, values(&t)))
        .collect();
        v.sort_by(|x, y| x.0.cmp(&y.0));
        v
    };
    assert_eq!(
        adapters_of(a.path()),
        adapters_of(b.path()),
        "adapters differ"
    );
}
