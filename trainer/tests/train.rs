//! The training loop's guarantees on tiny models: the GRPO gradient equals finite differences,
//! packing a group's shared prompt changes neither loss nor gradient, masked tokens carry no
//! gradient, one step changes every parameter, token ids are trained
//! exactly as sampled (also when they do not re-encode to themselves), resuming is bit-exact,
//! checkpoints survive an interrupted write, and non-finite steps are skipped then stop the run.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use common::run::{StopAt, fixture_run, named_vars, weights};
use common::{calls, cosine, tiny_checkpoint, tiny_config};
use tz_env::episode::{EpisodeConfig, Origin};
use tz_env::prompt::Template;
use tz_trainer::Precision;
use tz_trainer::candle_core::{DType, Tensor, Var};
use tz_trainer::grpo::{Aggregation, token_weights};
use tz_trainer::rollout::{Job, play_with};
use tz_trainer::train;
use tz_trainer::train::checkpoint;
use tz_trainer::train::loss::{LossSettings, Scored, logprobs_no_grad, loss_and_gradients};
use tz_trainer::{Completion, FinishReason, SamplingParams};

fn settings() -> LossSettings {
    LossSettings {
        temperature: 0.9,
        clip_low: 0.2,
        clip_high: 0.2,
        kl_coef: 0.0,
        micro_batch_tokens: 20,
        logprob_chunk: 3,
        recompute: false,
        share_prefixes: true,
    }
}

/// Three sequences: prompt tokens, model tokens, tool tokens, model tokens.
fn batch() -> Vec<(Vec<u32>, Vec<bool>)> {
    let seq = |ids: Vec<u32>, mask: &str| -> (Vec<u32>, Vec<bool>) {
        (ids, mask.chars().map(|c| c == 'm').collect())
    };
    vec![
        seq(
            vec![3, 14, 15, 92, 65, 35, 89, 79, 32, 38, 46],
            "pppppmmttmm",
        ),
        seq(vec![27, 18, 28, 18, 28, 45, 90], "pppmmmm"),
        seq(vec![1, 61, 80, 33, 98, 10, 12, 77], "ppmtttmm"),
    ]
}

/// Loss and gradient of the batch with old log-probabilities `old` and advantages `adv`.
fn loss(
    model: &tz_trainer::Model,
    vars: &[(String, Var)],
    seqs: &[(Vec<u32>, Vec<bool>)],
    old: &[Vec<f32>],
    adv: &[f64],
) -> (f64, HashMap<String, Tensor>) {
    loss_with(model, vars, seqs, old, adv, &settings())
}

/// [`loss`] with other loss settings.
fn loss_with(
    model: &tz_trainer::Model,
    vars: &[(String, Var)],
    seqs: &[(Vec<u32>, Vec<bool>)],
    old: &[Vec<f32>],
    adv: &[f64],
    settings: &LossSettings,
) -> (f64, HashMap<String, Tensor>) {
    let lengths: Vec<usize> = seqs
        .iter()
        .map(|(_, m)| m.iter().filter(|b| **b).count())
        .collect();
    let w = token_weights(Aggregation::Grpo, &lengths, 16);
    let scored: Vec<Scored<'_>> = seqs
        .iter()
        .zip(old)
        .zip(adv.iter().zip(&w))
        .map(|(((ids, trained), old), (a, w))| Scored {
            ids,
            trained,
            old,
            advantage: *a,
            weight: *w,
        })
        .collect();
    let mut grads = HashMap::new();
    let stats = loss_and_gradients(model, vars, 0, &scored, None, settings, &mut grads).unwrap();
    (stats.loss, grads)
}

/// The model's log-probabilities of the batch's model tokens (no gradient; 0 elsewhere).
fn current_logprobs(model: &tz_trainer::Model, seqs: &[(Vec<u32>, Vec<bool>)]) -> Vec<Vec<f32>> {
    current_logprobs_with(model, seqs, &settings())
}

/// [`current_logprobs`] with other loss settings.
fn current_logprobs_with(
    model: &tz_trainer::Model,
    seqs: &[(Vec<u32>, Vec<bool>)],
    settings: &LossSettings,
) -> Vec<Vec<f32>> {
    let zero: Vec<Vec<f32>> = seqs.iter().map(|(i, _)| vec![0.0; i.len()]).collect();
    let scored: Vec<Scored<'_>> = seqs
        .iter()
        .zip(&zero)
        .map(|((ids, trained), old)| Scored {
            ids,
            trained,
            old,
            advantage: 1.0,
            weight: 1.0,
        })
        .collect();
    logprobs_no_grad(model, 0, &scored, settings).unwrap()
}

/// Old log-probabilities close to the current ones (ratios inside the clip range) except a few
/// far outside it, where the clip zeroes the gradient.
fn old_logprobs(model: &tz_trainer::Model, seqs: &[(Vec<u32>, Vec<bool>)]) -> Vec<Vec<f32>> {
    current_logprobs(model, seqs)
        .iter()
        .enumerate()
        .map(|(r, lp)| {
            lp.iter()
                .enumerate()
                .map(|(i, v)| v - [0.05, -0.04, 0.6, 0.03][(r + i) % 4])
                .collect()
        })
        .collect()
}

#[test]
fn the_grpo_loss_gradient_matches_finite_differences() {
    let cfg = tiny_config("llama", true);
    let (model, varmap) = tiny_checkpoint(&cfg, 31).trainable().unwrap();
    let vars = named_vars(&varmap);
    let seqs = batch();
    let old = old_logprobs(&model, &seqs);
    let adv = [1.3, -0.8, 0.4];
    let (_, grads) = loss(&model, &vars, &seqs, &old, &adv);
    let mut checked = 0;
    for (name, var) in vars.iter().step_by(3) {
        let g = grads[name].flatten_all().unwrap().to_vec1::<f32>().unwrap();
        let base: Vec<f32> = var.as_tensor().flatten_all().unwrap().to_vec1().unwrap();
        let i = g
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
            .unwrap()
            .0;
        let h = 1e-2f32;
        let at = |delta: f32| {
            let mut p = base.clone();
            p[i] += delta;
            var.set(
                &Tensor::from_vec(p, var.as_tensor().shape(), var.as_tensor().device()).unwrap(),
            )
            .unwrap();
            loss(&model, &vars, &seqs, &old, &adv).0
        };
        let numeric = (at(h) - at(-h)) / (2.0 * h as f64);
        var.set(
            &Tensor::from_vec(base, var.as_tensor().shape(), var.as_tensor().device()).unwrap(),
        )
        .unwrap();
        let analytic = g[i] as f64;
        assert!(
            (numeric - analytic).abs() <= 2e-3 + 0.05 * analytic.abs(),
            "{name}[{i}]: finite differences {numeric} vs gradient {analytic}"
        );
        checked += 1;
    }
    assert!(checked >= 5);
}

#[test]
fn recomputing_activations_gives_the_same_loss_and_gradient() {
    for (arch, tied) in [("llama", true), ("qwen2", false)] {
        let cfg = tiny_config(arch, tied);
        let (model, varmap) = tiny_checkpoint(&cfg, 33).trainable().unwrap();
        let vars = named_vars(&varmap);
        let seqs = batch();
        let old = old_logprobs(&model, &seqs);
        let adv = [0.7, -1.1, 0.5];
        let kept = loss(&model, &vars, &seqs, &old, &adv);
        let recompute = LossSettings {
            recompute: true,
            ..settings()
        };
        let redone = loss_with(&model, &vars, &seqs, &old, &adv, &recompute);
        assert!(
            (kept.0 - redone.0).abs() < 1e-6,
            "{arch}: loss {kept:?} vs {redone:?}",
            kept = kept.0,
            redone = redone.0
        );
        assert_eq!(kept.1.len(), vars.len(), "{arch}: every var has a gradient");
        assert_eq!(
            redone.1.len(),
            vars.len(),
            "{arch}: every var has a gradient (recomputed)"
        );
        for (name, _) in &vars {
            let a: Vec<f32> = kept.1[name].flatten_all().unwrap().to_vec1().unwrap();
            let b: Vec<f32> = redone.1[name].flatten_all().unwrap().to_vec1().unwrap();
            let scale = a.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-6);
            let worst = a
                .iter()
                .zip(&b)
                .fold(0f32, |m, (x, y)| m.max((x - y).abs()));
            assert!(
                worst <= 1e-5 * scale.max(1.0),
                "{arch} {name}: gradients differ by {worst} (scale {scale})"
            );
        }
    }
}

/// Two GRPO groups of three samples, each group's samples sharing its prompt: model tokens,
/// tool tokens and a second model turn of different lengths, and two identical samples.
fn grouped_batch() -> Vec<(Vec<u32>, Vec<bool>)> {
    let seq = |prompt: &[u32], rest: &[u32], mask: &str| -> (Vec<u32>, Vec<bool>) {
        let ids: Vec<u32> = prompt.iter().chain(rest).copied().collect();
        let mut trained = vec![false; prompt.len()];
        trained.extend(mask.chars().map(|c| c == 'm'));
        assert_eq!(ids.len(), trained.len());
        (ids, trained)
    };
    let p1 = [3, 14, 15, 92, 65, 35, 89, 79];
    let p2 = [27, 18, 28, 18, 28, 45, 90, 45, 23];
    vec![
        seq(&p1, &[32, 38, 46, 26, 43, 38, 32], "mmmttmm"),
        seq(&p1, &[50, 28], "mm"),
        seq(&p1, &[32, 38, 41, 97], "mmmm"),
        seq(&p2, &[53, 60, 28, 74, 71], "mmttm"),
        seq(&p2, &[2, 66], "mm"),
        seq(&p2, &[2, 66], "mm"),
    ]
}

#[test]
fn packing_a_groups_shared_prompt_gives_the_same_loss_and_gradient() {
    for (arch, tied) in [("llama", true), ("qwen2", false)] {
        let cfg = tiny_config(arch, tied);
        let (model, varmap) = tiny_checkpoint(&cfg, 37).trainable().unwrap();
        let vars = named_vars(&varmap);
        let seqs = grouped_batch();
        // The packing happens: each group is one row of its prompt and the samples' own tokens.
        let ids: Vec<&[u32]> = seqs.iter().map(|(i, _)| i.as_slice()).collect();
        let rows = tz_trainer::train::pack::pack(&ids, 64, true);
        let lens: Vec<usize> = rows.iter().map(|r| r.len).collect();
        assert_eq!(lens, vec![8 + 7 + 2 + 4, 9 + 5 + 2 + 2], "{arch}");
        let old = old_logprobs(&model, &seqs);
        let adv = [0.9, -1.3, 0.4, 1.1, -0.6, -0.6];
        for recompute in [false, true] {
            let packed = LossSettings {
                recompute,
                micro_batch_tokens: 64,
                ..settings()
            };
            let apart = LossSettings {
                share_prefixes: false,
                ..packed
            };
            let a = loss_with(&model, &vars, &seqs, &old, &adv, &packed);
            let b = loss_with(&model, &vars, &seqs, &old, &adv, &apart);
            assert!(
                (a.0 - b.0).abs() < 1e-6 && a.0 != 0.0,
                "{arch} (recompute {recompute}): loss {} packed vs {} apart",
                a.0,
                b.0
            );
            assert_eq!(a.1.len(), vars.len(), "{arch}: every var has a gradient");
            for (name, _) in &vars {
                let x: Vec<f32> = a.1[name].flatten_all().unwrap().to_vec1().unwrap();
                let y: Vec<f32> = b.1[name].flatten_all().unwrap().to_vec1().unwrap();
                let scale = y.iter().fold(0f32, |m, v| m.max(v.abs()));
                let worst = x
                    .iter()
                    .zip(&y)
                    .fold(0f32, |m, (p, q)| m.max((p - q).abs()));
                assert!(
                    scale > 0.0 && worst <= 1e-5 * scale.max(1.0),
                    "{arch} {name}: packed and unpacked gradients differ by {worst} (scale {scale})"
                );
            }
            // The no-grad log-probabilities (π_old, π_ref) too, token by token.
            let lp = |s: &LossSettings| current_logprobs_with(&model, &seqs, s);
            let (x, y) = (lp(&packed), lp(&apart));
            for (r, (x, y)) in x.iter().zip(&y).enumerate() {
                for (p, (u, v)) in x.iter().zip(y).enumerate() {
                    assert!(
                        (u - v).abs() < 1e-5 && (*u != 0.0) == seqs[r].1[p],
                        "{arch} seq {r} pos {p}: {u} packed vs {v} apart"
                    );
                }
            }
        }
    }
}

#[test]
fn bf16_autocast_follows_f32_within_bf16_rounding_and_keeps_f32_master_gradients() {
    for (arch, tied) in [("llama", true), ("qwen2", false)] {
        let cfg = tiny_config(arch, tied);
        let (model, varmap) = tiny_checkpoint(&cfg, 35).trainable().unwrap();
        let vars = named_vars(&varmap);
        let seqs = batch();
        let old = old_logprobs(&model, &seqs);
        let adv = [0.9, -1.2, 0.6];
        let bf16 = model.with_precision(Precision::Bf16);
        assert_eq!(bf16.precision(), Precision::Bf16);
        for recompute in [false, true] {
            let s = LossSettings {
                recompute,
                ..settings()
            };
            let exact = loss_with(&model, &vars, &seqs, &old, &adv, &s);
            let mixed = loss_with(&bf16, &vars, &seqs, &old, &adv, &s);
            let off = (mixed.0 - exact.0).abs();
            // Not equal (the products ran in bf16), yet within bf16's rounding of f32.
            assert!(
                off > 0.0 && off < 0.02 * exact.0.abs().max(1.0),
                "{arch} (recompute {recompute}): loss {} vs f32 {}",
                mixed.0,
                exact.0
            );
            assert_eq!(
                mixed.1.len(),
                vars.len(),
                "{arch}: every var has a gradient"
            );
            for (name, var) in &vars {
                let (g, want) = (&mixed.1[name], &exact.1[name]);
                assert_eq!(var.as_tensor().dtype(), DType::F32, "{name}: master weight");
                assert_eq!(g.dtype(), DType::F32, "{name}: gradient");
                let c = cosine(g, want);
                assert!(c > 0.99, "{arch} {name}: cosine {c} to the f32 gradient");
            }
        }
        // The no-grad forward (π_old under bf16) runs at the model's precision too.
        let no_grad = |m: &tz_trainer::Model| {
            let lp = current_logprobs(m, &seqs);
            lp.into_iter().flatten().collect::<Vec<f32>>()
        };
        let (a, b) = (no_grad(&model), no_grad(&bf16));
        let gap = a
            .iter()
            .zip(&b)
            .fold(0f32, |m, (x, y)| m.max((x - y).abs()));
        assert!(
            gap > 0.0 && gap < 0.1,
            "{arch}: bf16 vs f32 log-probabilities {gap}"
        );
    }
}

#[test]
fn a_bf16_run_trains_f32_weights_and_measures_its_gap_to_the_f32_sampler() {
    let registry = calls::registry();
    let dir = tempfile::tempdir().unwrap();
    let mut run = fixture_run(&registry, dir.path(), 2, None);
    run.train.dtype = Precision::Bf16;
    let initial = calls::random_model(
        calls::tokenizer(&calls::system_turn(&registry, &run.episode)),
        4,
    );
    let mut observer = StopAt(99, Arc::new(AtomicBool::new(false)), Vec::new());
    let summary = train::train(run, &mut observer).unwrap();
    assert_eq!(summary.steps, 2);
    // π_old is recomputed at bf16, so the gap to the f32 sampler is measured every step: not
    // zero (other rounding), and small.
    assert_eq!(observer.2.len(), 2);
    assert!(
        observer.2.iter().all(|g| *g > 0.0 && *g < 0.1),
        "sampler (f32) vs trainer (bf16) log-probabilities: {:?}",
        observer.2
    );
    for (name, w) in weights(dir.path()) {
        let before: Vec<f32> = initial.tensors[&name]
            .flatten_all()
            .unwrap()
            .to_vec1()
            .unwrap();
        assert_ne!(before, w, "{name} did not change");
        assert!(w.iter().all(|v| v.is_finite()), "{name}");
    }
}

#[test]
fn sequences_with_zero_advantage_add_nothing_so_the_trainer_may_leave_them_out() {
    let cfg = tiny_config("llama", true);
    let (model, varmap) = tiny_checkpoint(&cfg, 34).trainable().unwrap();
    let vars = named_vars(&varmap);
    let seqs = batch();
    let old = old_logprobs(&model, &seqs);
    let adv = [0.9, 0.0, -0.6];
    let scored: Vec<Scored<'_>> = seqs
        .iter()
        .zip(&old)
        .zip(adv)
        .map(|(((ids, trained), old), advantage)| Scored {
            ids,
            trained,
            old,
            advantage,
            weight: 0.05,
        })
        .collect();
    let run = |seqs: &[Scored<'_>]| {
        let mut grads = HashMap::new();
        let stats =
            loss_and_gradients(&model, &vars, 0, seqs, None, &settings(), &mut grads).unwrap();
        (stats.loss, grads)
    };
    let all = run(&scored);
    let kept: Vec<Scored<'_>> = scored
        .iter()
        .filter(|s| s.advantage != 0.0)
        .map(|s| Scored { ..*s })
        .collect();
    let without = run(&kept);
    // The micro-batches differ (the sequence left out shared one), so f32 sums differ in their
    // last bits: a relative 1e-5. A zero-advantage sequence that contributed would move the
    // loss by about its weight times its log-ratio, orders of magnitude more.
    assert!(
        (all.0 - without.0).abs() < 1e-5 * all.0.abs(),
        "{} vs {}",
        all.0,
        without.0
    );
    for (name, _) in &vars {
        let a: Vec<f32> = all.1[name].flatten_all().unwrap().to_vec1().unwrap();
        let b: Vec<f32> = without.1[name].flatten_all().unwrap().to_vec1().unwrap();
        let worst = a
            .iter()
            .zip(&b)
            .fold(0f32, |m, (x, y)| m.max((x - y).abs()));
        assert!(worst < 1e-6, "{name}: {worst}");
    }
}

#[test]
fn only_model_tokens_carry_loss_and_the_mask_and_advantage_sign_matter() {
    let cfg = tiny_config("qwen2", false);
    let (model, varmap) = tiny_checkpoint(&cfg, 32).trainable().unwrap();
    let vars = named_vars(&varmap);
    let seqs = batch();
    let old = old_logprobs(&model, &seqs);
    let adv = [1.3, -0.8, 0.4];
    let (l0, g0) = loss(&model, &vars, &seqs, &old, &adv);
    // Garbage where tokens are not trained (prompt and tool positions) changes nothing.
    let mut garbage = old.clone();
    for ((_, mask), o) in seqs.iter().zip(garbage.iter_mut()) {
        for (m, v) in mask.iter().zip(o.iter_mut()) {
            if !m {
                *v = 123.0;
            }
        }
    }
    let (l1, g1) = loss(&model, &vars, &seqs, &garbage, &adv);
    assert_eq!(l0, l1);
    for (name, g) in &g0 {
        let d = (g - &g1[name])
            .unwrap()
            .abs()
            .unwrap()
            .max_all()
            .unwrap()
            .to_scalar::<f32>()
            .unwrap();
        assert_eq!(d, 0.0, "{name}: a masked token changed the gradient");
    }
    // One tool token counted as a model token changes the loss.
    let mut flipped = seqs.clone();
    flipped[0].1[7] = true;
    let (l2, _) = loss(&model, &vars, &flipped, &old, &adv);
    assert_ne!(l0, l2, "the mask bit of a tool token must matter");
    // The advantage's sign flips the gradient (inside the clip range, the surrogate is linear
    // in A at a fixed ratio).
    let inside: Vec<Vec<f32>> = seqs.iter().map(|(ids, _)| vec![0.0; ids.len()]).collect();
    let near = {
        let scored: Vec<Scored<'_>> = seqs
            .iter()
            .zip(&inside)
            .map(|((ids, trained), old)| Scored {
                ids,
                trained,
                old,
                advantage: 1.0,
                weight: 1.0,
            })
            .collect();
        tz_trainer::train::loss::logprobs_no_grad(&model, 0, &scored, &settings()).unwrap()
    };
    let (_, plus) = loss(&model, &vars, &seqs, &near, &adv);
    let neg: Vec<f64> = adv.iter().map(|a| -a).collect();
    let (_, minus) = loss(&model, &vars, &seqs, &near, &neg);
    for (name, g) in &plus {
        let s = (g + &minus[name])
            .unwrap()
            .abs()
            .unwrap()
            .max_all()
            .unwrap()
            .to_scalar::<f32>()
            .unwrap();
        let n = g
            .abs()
            .unwrap()
            .max_all()
            .unwrap()
            .to_scalar::<f32>()
            .unwrap();
        assert!(
            s <= 1e-5 * n.max(1.0),
            "{name}: gradient is not odd in the advantage"
        );
    }
}

/// A sampler scripted by round: each request gets the ids of its round's text, spelled one
/// character per token (ids the tokenizer would not produce for that text), then the
/// end-of-turn marker.
fn scripted<'a>(
    tok: &'a tz_trainer::Tokenizer,
    rounds: &'a [&'a str],
    marker: u32,
) -> impl FnMut(&[tz_trainer::Request], &SamplingParams) -> tz_trainer::Result<Vec<Completion>> + 'a
{
    move |requests, _| {
        Ok(requests
            .iter()
            .map(|r| {
                let text = rounds[r.round as usize];
                let mut ids: Vec<u32> = text
                    .chars()
                    .flat_map(|c| tok.encode(&c.to_string()).unwrap())
                    .collect();
                ids.push(marker);
                let logprobs = (0..ids.len()).map(|i| -0.01 * (i + 1) as f32).collect();
                Completion {
                    token_ids: ids,
                    text: text.to_string(),
                    logprobs,
                    finish: FinishReason::Eos,
                }
            })
            .collect())
    }
}

#[test]
fn trained_ids_are_the_sampled_ids_and_the_mask_is_exact_bit_by_bit() {
    let path = tz_trainer::default_model_path();
    assert!(
        path.is_file(),
        "this test needs the default model's tokenizer at {}: run scripts/fetch-model.sh",
        path.display()
    );
    let ckpt =
        tz_trainer::Checkpoint::load("default", &tz_trainer::candle_core::Device::Cpu).unwrap();
    let tok = &ckpt.tokenizer;
    let registry = calls::registry();
    let task: tz_env::task::Task = serde_json::from_value(serde_json::json!({
        "id": "t", "messages": [{"role": "user", "content": "Capital of France?"}],
        "tools": [{"name": "country_capital"}],
        "turns": [{"ground_truth": [[{"country_capital": {"country": ["France"]}}]]}]
    }))
    .unwrap();
    let cfg = EpisodeConfig {
        template: Template::ChatMl,
        ..EpisodeConfig::default()
    };
    let call = r#"<think>look it up</think><tool_call>[{"name": "country_capital", "arguments": {"country": "France"}}]</tool_call>"#;
    let rounds = [call, "<think>done</think><answer>Paris</answer>"];
    let marker = tok.token_id("<|im_end|>").unwrap();
    let mut sampler = scripted(tok, &rounds, marker);
    let jobs = [Job {
        task: &task,
        env_seed: 5,
        prompt: 0,
        sample: 0,
    }];
    let params = SamplingParams::default();
    let (trajs, _) =
        play_with(&mut sampler, tok, 8192, &registry, &jobs, &cfg, &params, 0).unwrap();
    let t = &trajs[0];
    // Rebuild the expected ids segment by segment: inserted segments tokenized, model turns the
    // scripted ids.
    let mut want = Vec::new();
    let mut mask = Vec::new();
    let mut round = 0;
    for seg in &t.episode.segments {
        if seg.origin == Origin::Model {
            let mut ids: Vec<u32> = rounds[round]
                .chars()
                .flat_map(|c| tok.encode(&c.to_string()).unwrap())
                .collect();
            ids.push(marker);
            assert_ne!(
                tok.encode(&seg.text).unwrap(),
                ids,
                "the scripted ids must not be the canonical ones"
            );
            mask.extend(std::iter::repeat_n(true, ids.len()));
            want.extend(ids);
            round += 1;
        } else {
            let ids = tok.encode(&seg.text).unwrap();
            mask.extend(std::iter::repeat_n(false, ids.len()));
            want.extend(ids);
        }
    }
    assert_eq!(round, 2, "two model turns: the call and the answer");
    assert_eq!(t.ids, want);
    assert_eq!(t.trained, mask);
    assert_eq!(t.episode.calls.len(), 1);
    assert!(
        t.episode.segments[1].text.ends_with("<|im_end|>"),
        "the marker is the model's"
    );
    for (lp, m) in t.sampler_logprobs.iter().zip(&t.trained) {
        assert_eq!(*lp != 0.0, *m);
    }
    assert_eq!(t.episode.reward.get("strict_match"), Some(1.0));
}

#[test]
fn one_step_changes_every_parameter_and_resuming_is_bit_exact() {
    let registry = calls::registry();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // Four steps in one run; the sampler's log-probabilities are the trainer's.
    let mut observer = StopAt(99, Arc::new(AtomicBool::new(false)), Vec::new());
    let summary = train::train(fixture_run(&registry, a.path(), 4, None), &mut observer).unwrap();
    assert_eq!(summary.steps, 4);
    assert_eq!(observer.2.len(), 4, "every step measures the gap");
    assert!(
        observer.2.iter().all(|g| *g < 1e-4),
        "sampler and trainer log-probabilities differ: {:?}",
        observer.2
    );
    // Two steps, stopped (as by Ctrl-C: a checkpoint is written), then resumed for two more.
    let run = fixture_run(&registry, b.path(), 4, None);
    let stop = run.stop.clone();
    let first = train::train(run, &mut StopAt(2, stop, Vec::new())).unwrap();
    assert!(first.stopped);
    assert_eq!(first.steps, 2);
    let initial = calls::random_model(
        calls::tokenizer(&calls::system_turn(
            &registry,
            &fixture_run(&registry, b.path(), 4, None).episode,
        )),
        4,
    );
    let after_two = weights(b.path());
    for (name, w) in &after_two {
        let before: Vec<f32> = initial.tensors[name]
            .flatten_all()
            .unwrap()
            .to_vec1()
            .unwrap();
        assert_ne!(&before, w, "{name} did not change");
    }
    let loaded = checkpoint::load(
        &checkpoint::latest(b.path()).unwrap(),
        &tz_trainer::candle_core::Device::Cpu,
    )
    .unwrap();
    assert_eq!(loaded.state.step, 2);
    let resumed = train::train(
        fixture_run(&registry, b.path(), 4, Some(loaded)),
        &mut StopAt(99, Arc::new(AtomicBool::new(false)), Vec::new()),
    )
    .unwrap();
    assert_eq!(resumed.steps, 4);
    assert_eq!(
        weights(a.path()),
        weights(b.path()),
        "4 steps != 2 steps + resume + 2 steps"
    );
    let lines = |dir: &Path| {
        std::fs::read_to_string(dir.join("metrics.jsonl"))
            .unwrap()
            .lines()
            .count()
    };
    assert_eq!(lines(a.path()), lines(b.path()), "each step is logged once");
    // The held-out evaluations are those of the run without a stop: the zero baseline and the
    // final one, with the same results; the resume does not evaluate again at step 2.
    let evals = |dir: &Path| -> Vec<(f64, f64, f64)> {
        std::fs::read_to_string(dir.join("metrics.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter_map(|m| {
                let reward = m.get("eval/reward")?.as_f64()?;
                Some((
                    m["step"].as_f64()?,
                    m["eval/strict_accuracy"].as_f64()?,
                    reward,
                ))
            })
            .collect()
    };
    let single = evals(a.path());
    assert_eq!(
        single.iter().map(|e| e.0).collect::<Vec<_>>(),
        [0.0, 4.0],
        "before the first step and after the last"
    );
    assert_eq!(single, evals(b.path()), "a resume repeats no evaluation");
}

#[test]
fn an_interrupted_checkpoint_write_never_damages_the_previous_one() {
    let registry = calls::registry();
    let dir = tempfile::tempdir().unwrap();
    train::train(
        fixture_run(&registry, dir.path(), 2, None),
        &mut StopAt(99, Arc::new(AtomicBool::new(false)), Vec::new()),
    )
    .unwrap();
    let good = checkpoint::latest(dir.path()).unwrap();
    // What a kill -9 in the middle of writing step 4 leaves: a partial temporary directory.
    let partial = dir.path().join("checkpoints/.step-000004.tmp");
    std::fs::create_dir_all(&partial).unwrap();
    std::fs::write(partial.join("model.safetensors"), b"truncated").unwrap();
    assert_eq!(checkpoint::latest(dir.path()).unwrap(), good);
    checkpoint::load(&good, &tz_trainer::candle_core::Device::Cpu).unwrap();
    // A write that fails (here: the temporary path is taken by a file, as a full disk fails a
    // write) is an error, and the previous checkpoint stays the newest and loads.
    std::fs::remove_dir_all(&partial).unwrap();
    std::fs::write(&partial, b"in the way").unwrap();
    let run = fixture_run(
        &registry,
        dir.path(),
        4,
        Some(checkpoint::load(&good, &tz_trainer::candle_core::Device::Cpu).unwrap()),
    );
    let err = train::train(
        run,
        &mut StopAt(99, Arc::new(AtomicBool::new(false)), Vec::new()),
    )
    .expect_err("the write fails");
    assert!(err.to_string().contains("step-000004"), "{err}");
    assert_eq!(checkpoint::latest(dir.path()).unwrap(), good);
    checkpoint::load(&good, &tz_trainer::candle_core::Device::Cpu).unwrap();
}

#[test]
fn non_finite_steps_are_skipped_and_three_in_a_row_stop_the_run() {
    let registry = calls::registry();
    let dir = tempfile::tempdir().unwrap();
    let mut run = fixture_run(&registry, dir.path(), 20, None);
    run.train.lr = 1e30;
    run.train.max_grad_norm = 0.0;
    run.train.checkpoint_every = 1;
    let err = train::train(
        run,
        &mut StopAt(99, Arc::new(AtomicBool::new(false)), Vec::new()),
    )
    .expect_err("the run stops");
    assert!(err.to_string().contains("in a row"), "{err}");
    let text = std::fs::read_to_string(dir.path().join("metrics.jsonl")).unwrap();
    let skipped = text.lines().filter(|l| l.contains("\"skipped\"")).count();
    assert_eq!(skipped, 3, "{text}");
    checkpoint::load(
        &checkpoint::latest(dir.path()).unwrap(),
        &tz_trainer::candle_core::Device::Cpu,
    )
    .unwrap();
}
