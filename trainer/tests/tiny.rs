//! Tiny random-initialised models of each family: gradients reach every parameter, padding and
//! batching do not change a sequence's logits, the KV-cached path equals the full forward,
//! Hugging Face directories round-trip, and sampling is seeded per sequence.

#![allow(clippy::unwrap_used)]

mod common;

use common::{EOS, max_diff, reshard, tiny_checkpoint, tiny_config};
use tz_trainer::candle_core::{D, DType, Device, Tensor};
use tz_trainer::candle_nn::{VarBuilder, VarMap};
use tz_trainer::{
    Batch, ChatMessage, Checkpoint, FinishReason, Model, Padding, Request, SamplingParams, generate,
};

const FAMILIES: [(&str, bool); 3] = [("llama", true), ("llama", false), ("qwen2", false)];

fn seqs() -> Vec<Vec<u32>> {
    vec![
        vec![3, 14, 15, 92, 65, 35, 89],
        vec![27, 18, 28],
        vec![1, 61, 80, 33, 98],
    ]
}

fn alone(model: &Model, seq: &[u32]) -> Tensor {
    let b = Batch::new(&[seq.to_vec()], 0, Padding::Right, &Device::Cpu).unwrap();
    model.forward(&b).unwrap().squeeze(0).unwrap() // [t, vocab]
}

#[test]
fn every_parameter_of_each_family_receives_a_nonzero_gradient() {
    for (family, tied) in FAMILIES {
        let cfg = tiny_config(family, tied);
        let varmap = VarMap::new();
        let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
        let model = Model::new(&cfg, vb).unwrap();
        let batch = Batch::new(&seqs(), 0, Padding::Right, &Device::Cpu).unwrap();
        let logits = model.forward(&batch).unwrap(); // [b, t, vocab]
        let logp = tz_trainer::candle_nn::ops::log_softmax(&logits, D::Minus1).unwrap();
        let loss = logp.mean_all().unwrap().neg().unwrap();
        let grads = loss.backward().unwrap();
        let vars = varmap.data().lock().unwrap();
        let expected = 9 * cfg.num_hidden_layers
            + 2
            + usize::from(!tied)
            + if family == "qwen2" {
                3 * cfg.num_hidden_layers
            } else {
                0
            };
        assert_eq!(vars.len(), expected, "{family}: parameter count");
        for (name, var) in vars.iter() {
            let g = grads
                .get(var.as_tensor())
                .unwrap_or_else(|| panic!("{family}: no gradient for {name}"));
            let norm = g
                .sqr()
                .unwrap()
                .sum_all()
                .unwrap()
                .to_scalar::<f32>()
                .unwrap();
            assert!(
                norm > 0.0 && norm.is_finite(),
                "{family}: gradient of {name} is {norm}"
            );
        }
    }
}

#[test]
fn padded_batches_give_each_sequence_its_unbatched_logits() {
    for (family, tied) in FAMILIES {
        let model = tiny_checkpoint(&tiny_config(family, tied), 7)
            .model()
            .unwrap();
        for padding in [Padding::Left, Padding::Right] {
            let batch = Batch::new(&seqs(), 0, padding, &Device::Cpu).unwrap();
            let logits = model.forward(&batch).unwrap();
            let t = logits.dim(1).unwrap();
            for (r, seq) in seqs().iter().enumerate() {
                let start = if padding == Padding::Left {
                    t - seq.len()
                } else {
                    0
                };
                let got = logits.get(r).unwrap().narrow(0, start, seq.len()).unwrap();
                let diff = max_diff(&got, &alone(&model, seq));
                assert!(diff < 1e-4, "{family} {padding:?} row {r}: max diff {diff}");
            }
        }
    }
}

#[test]
fn kv_cached_incremental_logits_equal_full_forward_logits() {
    for (family, tied) in FAMILIES {
        let model = tiny_checkpoint(&tiny_config(family, tied), 11)
            .model()
            .unwrap();
        let batch = Batch::new(&seqs(), 0, Padding::Left, &Device::Cpu).unwrap();
        let full = model.forward(&batch).unwrap(); // [b, t, vocab]
        let (b, t) = batch.ids.dims2().unwrap();
        let mut cache = model.new_cache(b, t).unwrap();
        // Prefill 3 columns, then 2 after them (a multi-token feed into a filled cache, as a
        // tool result is), then one column at a time (the host decoding step).
        let mut col = 0;
        for width in [3, 2, 1, 1] {
            let ids = batch.ids.narrow(1, col, width).unwrap();
            let pos = batch.positions.narrow(1, col, width).unwrap();
            let mask = batch.mask.narrow(1, 0, col + width).unwrap();
            let last = model.forward_last(&ids, &pos, &mask, &mut cache).unwrap();
            let want = full
                .narrow(1, col + width - 1, 1)
                .unwrap()
                .squeeze(1)
                .unwrap();
            // Only real tokens have meaningful logits (a padding query attends to nothing).
            let real = batch.mask.narrow(1, col + width - 1, 1).unwrap(); // [b, 1]
            let diff = max_diff(
                &last.broadcast_mul(&real).unwrap(),
                &want.broadcast_mul(&real).unwrap(),
            );
            assert!(
                diff < 1e-4,
                "{family} column {}: max diff {diff}",
                col + width - 1
            );
            col += width;
        }
        assert_eq!(cache.len(), t);
    }
}

#[test]
fn a_host_side_decoding_step_equals_forward_last_and_refuses_positions_past_the_context() {
    let model = tiny_checkpoint(&tiny_config("qwen2", false), 31)
        .model()
        .unwrap();
    let batch = Batch::new(&seqs(), 0, Padding::Left, &Device::Cpu).unwrap();
    let (b, t) = batch.ids.dims2().unwrap();
    let mut a = model.new_cache(b, t + 1).unwrap();
    model
        .forward_last(&batch.ids, &batch.positions, &batch.mask, &mut a)
        .unwrap();
    let mut c = a.clone();
    let (ids, positions) = (vec![5u32, 6, 7], vec![7u32, 3, 5]);
    let mask = Tensor::ones((b, t + 1), DType::F32, &Device::Cpu).unwrap();
    let want = model
        .forward_last(
            &Tensor::from_slice(&ids, (b, 1), &Device::Cpu).unwrap(),
            &Tensor::from_slice(&positions, (b, 1), &Device::Cpu).unwrap(),
            &mask,
            &mut a,
        )
        .unwrap();
    let mut d = c.clone();
    let got = model.forward_step(&ids, &positions, &mask, &mut c).unwrap();
    assert_eq!(max_diff(&got, &want), 0.0);
    assert_eq!(c.len(), t + 1);
    // max_position_embeddings is 128: position 128 has no rotation.
    let err = model
        .forward_step(&ids, &[1, 128, 2], &mask, &mut d)
        .unwrap_err();
    assert!(err.to_string().contains("position 128"), "{err}");
    assert!(
        model
            .forward_step(&ids[..2], &positions[..2], &mask, &mut d)
            .is_err()
    );
}

#[test]
fn the_detached_model_builds_no_graph_and_sees_optimizer_updates() {
    let cfg = tiny_config("llama", true);
    let (model, varmap) = tiny_checkpoint(&cfg, 3).trainable().unwrap();
    let detached = model.detached();
    let batch = Batch::new(&seqs(), 0, Padding::Right, &Device::Cpu).unwrap();
    let before = detached.forward(&batch).unwrap();
    let grads = before.sum_all().unwrap().backward().unwrap();
    assert!(
        varmap
            .all_vars()
            .iter()
            .all(|v| grads.get(v.as_tensor()).is_none())
    );
    for var in varmap.all_vars() {
        var.set(&(var.as_tensor() * 0.5).unwrap()).unwrap();
    }
    let after = detached.forward(&batch).unwrap();
    assert!(
        max_diff(&before, &after) > 1e-3,
        "updates must show through the detached view"
    );
    assert!(max_diff(&after, &model.forward(&batch).unwrap()) < 1e-6);
}

#[test]
fn a_sharded_hugging_face_directory_round_trips() {
    for (family, tied) in FAMILIES {
        let ckpt = tiny_checkpoint(&tiny_config(family, tied), 5);
        let dir = tempfile::tempdir().unwrap();
        ckpt.save_hf_dir(dir.path()).unwrap();
        let single = Checkpoint::from_hf_dir(dir.path(), &Device::Cpu).unwrap();
        reshard(dir.path(), &ckpt);
        let sharded = Checkpoint::load(dir.path().to_str().unwrap(), &Device::Cpu).unwrap();

        let mut config = sharded.config.clone();
        assert_eq!(config.architectures.take().map(|a| a.len()), Some(1));
        assert_eq!(config, ckpt.config);
        assert_eq!(sharded.tokenizer.eos_ids, vec![EOS]);
        let text = "héllo <eos>";
        assert_eq!(
            sharded.tokenizer.encode(text).unwrap(),
            ckpt.tokenizer.encode(text).unwrap()
        );
        let msgs = [ChatMessage::new("user", "hi")];
        assert_eq!(
            sharded.tokenizer.apply_chat_template(&msgs, true).unwrap(),
            "<user>hi<assistant>"
        );
        let batch = Batch::new(&seqs(), 0, Padding::Right, &Device::Cpu).unwrap();
        let want = ckpt.model().unwrap().forward(&batch).unwrap();
        for loaded in [&single, &sharded] {
            let got = loaded.model().unwrap().forward(&batch).unwrap();
            assert_eq!(
                max_diff(&got, &want),
                0.0,
                "{family}: reloaded weights differ"
            );
        }
    }
}

fn request(prompt: u64, sample: u64) -> Request {
    let prompts = seqs();
    Request::new(prompts[prompt as usize].clone(), prompt, sample)
}

#[test]
fn a_sequence_sampled_alone_equals_the_same_sequence_sampled_in_a_batch() {
    let ckpt = tiny_checkpoint(&tiny_config("qwen2", false), 13);
    let model = ckpt.model().unwrap();
    let params = SamplingParams {
        temperature: 1.0,
        top_p: 0.9,
        top_k: 50,
        max_new_tokens: 24,
        seed: 42,
        ..Default::default()
    };
    let batch: Vec<Request> = (0..3)
        .flat_map(|p| (0..2).map(move |s| request(p, s)))
        .collect();
    let together = generate(&model, &ckpt.tokenizer, &batch, &params).unwrap();
    for (req, want) in batch.iter().zip(&together) {
        let got = generate(&model, &ckpt.tokenizer, std::slice::from_ref(req), &params).unwrap();
        assert_eq!(
            got[0].token_ids, want.token_ids,
            "prompt {} sample {}",
            req.prompt_index, req.sample_index
        );
        assert_eq!(got[0].text, want.text);
        for (a, b) in got[0].logprobs.iter().zip(&want.logprobs) {
            assert!((a - b).abs() < 1e-4, "logprob {a} vs {b}");
        }
    }
    // Different samples of one prompt differ; the same seed reproduces the batch.
    assert_ne!(together[0].token_ids, together[1].token_ids);
    assert_eq!(
        generate(&model, &ckpt.tokenizer, &batch, &params).unwrap(),
        together
    );
}

#[test]
fn ragged_finishes_and_shared_prompts_leave_every_sequence_as_it_is_sampled_alone() {
    let ckpt = tiny_checkpoint(&tiny_config("llama", false), 29);
    let model = ckpt.model().unwrap();
    let params = SamplingParams {
        temperature: 1.0,
        max_new_tokens: 20,
        seed: 5,
        ..Default::default()
    };
    // Groups interleaved (prefilled once each, their rows copied out of order), and budgets
    // that end rows at many different steps, so finished rows leave from every position and
    // live rows move into their places; one budget of zero ends a row before its first token.
    let batch: Vec<Request> = [0, 0, 1, 2, 1, 2, 2, 0, 1, 0, 1]
        .iter()
        .enumerate()
        .map(|(i, &p)| Request {
            max_new_tokens: Some([3, 17, 1, 20, 8, 0, 11, 2, 20, 5, 13][i]),
            ..request(p, i as u64)
        })
        .collect();
    let together = generate(&model, &ckpt.tokenizer, &batch, &params).unwrap();
    for (req, want) in batch.iter().zip(&together) {
        let budget = req.max_new_tokens.unwrap();
        assert!(want.token_ids.len() <= budget);
        assert!(want.finish != FinishReason::Length || want.token_ids.len() == budget);
        let got = generate(&model, &ckpt.tokenizer, std::slice::from_ref(req), &params).unwrap();
        assert_eq!(
            got[0].token_ids, want.token_ids,
            "sample {}",
            req.sample_index
        );
        assert_eq!(got[0].finish, want.finish);
        for (a, b) in got[0].logprobs.iter().zip(&want.logprobs) {
            assert!((a - b).abs() < 1e-4, "logprob {a} vs {b}");
        }
    }
    assert!(together[5].token_ids.is_empty());
    assert_eq!(
        generate(&model, &ckpt.tokenizer, &batch, &params).unwrap(),
        together
    );
}

#[test]
fn later_rounds_of_one_group_share_their_prefix_and_sample_as_each_does_alone() {
    let ckpt = tiny_checkpoint(&tiny_config("llama", false), 31);
    let model = ckpt.model().unwrap();
    let params = SamplingParams {
        temperature: 1.0,
        max_new_tokens: 12,
        seed: 9,
        ..Default::default()
    };
    // A group's second round: its prompt, then each sample's own first turn and tool result
    // (distinct lengths, one sharing its first token with another), beside another group.
    let task: Vec<u32> = (0..40).map(|i| (i * 11 + 5) % 250).collect();
    let tails: [&[u32]; 4] = [&[7, 8, 9], &[7, 100, 3, 4, 5, 6], &[200], &[31, 32]];
    let mut batch: Vec<Request> = tails
        .iter()
        .enumerate()
        .map(|(s, tail)| Request {
            round: 1,
            ..Request::new([task.clone(), tail.to_vec()].concat(), 0, s as u64)
        })
        .collect();
    batch.insert(2, request(1, 0));
    let together = generate(&model, &ckpt.tokenizer, &batch, &params).unwrap();
    for (req, want) in batch.iter().zip(&together) {
        let got = generate(&model, &ckpt.tokenizer, std::slice::from_ref(req), &params).unwrap();
        assert_eq!(
            got[0].token_ids, want.token_ids,
            "sample {}",
            req.sample_index
        );
        for (a, b) in got[0].logprobs.iter().zip(&want.logprobs) {
            assert!((a - b).abs() < 1e-4, "logprob {a} vs {b}");
        }
        // The first token's log-probability is the full forward's (no cache, no sharing).
        let logits = alone(&model, &req.prompt_ids);
        let last = logits.get(req.prompt_ids.len() - 1).unwrap();
        let logp = tz_trainer::candle_nn::ops::log_softmax(&last, 0).unwrap();
        if let Some(&first) = want.token_ids.first() {
            let lp = logp
                .get(first as usize)
                .unwrap()
                .to_scalar::<f32>()
                .unwrap();
            assert!(
                (lp - want.logprobs[0]).abs() < 1e-4,
                "{lp} vs {}",
                want.logprobs[0]
            );
        }
    }
}

#[test]
fn greedy_sampling_follows_the_full_forward_argmax_and_reports_its_logprobs() {
    let ckpt = tiny_checkpoint(&tiny_config("llama", true), 17);
    let model = ckpt.model().unwrap();
    let params = SamplingParams {
        temperature: 0.0,
        max_new_tokens: 8,
        ..Default::default()
    };
    let out = generate(&model, &ckpt.tokenizer, &[request(1, 0)], &params)
        .unwrap()
        .remove(0);
    let mut seq = seqs()[1].clone();
    for (i, &tok) in out.token_ids.iter().enumerate() {
        let logits = alone(&model, &seq);
        let last = logits.get(seq.len() - 1).unwrap();
        let logp = tz_trainer::candle_nn::ops::log_softmax(&last, 0).unwrap();
        let best = last.argmax(0).unwrap().to_scalar::<u32>().unwrap();
        assert_eq!(tok, best, "step {i}");
        let lp = logp.get(tok as usize).unwrap().to_scalar::<f32>().unwrap();
        assert!((lp - out.logprobs[i]).abs() < 1e-4);
        seq.push(tok);
    }
}

#[test]
fn stop_strings_eos_and_the_token_budget_end_completions() {
    let ckpt = tiny_checkpoint(&tiny_config("llama", true), 19);
    let model = ckpt.model().unwrap();
    let base = SamplingParams {
        temperature: 1.5,
        max_new_tokens: 40,
        seed: 1,
        ..Default::default()
    };
    let free = generate(&model, &ckpt.tokenizer, &[request(0, 0)], &base)
        .unwrap()
        .remove(0);
    assert_eq!(free.token_ids.len(), free.logprobs.len());
    assert!(free.finish == FinishReason::Length || free.token_ids.last() == Some(&EOS));
    // A stop string taken from the free text cuts the same sequence there.
    let text = free.text.clone();
    let stop: String = text.chars().skip(3).take(2).collect();
    let cut = text.find(&stop).unwrap();
    let params = SamplingParams {
        stop: vec![stop],
        ..base.clone()
    };
    let stopped = generate(&model, &ckpt.tokenizer, &[request(0, 0)], &params)
        .unwrap()
        .remove(0);
    assert_eq!(stopped.finish, FinishReason::Stop);
    assert_eq!(stopped.text, text[..cut]);
    assert_eq!(stopped.token_ids, free.token_ids[..stopped.token_ids.len()]);
    // Declaring the third sampled token an EOS token ends the same sequence right there.
    let mut tokenizer = ckpt.tokenizer.clone();
    tokenizer.eos_ids = vec![free.token_ids[2]];
    let first = free
        .token_ids
        .iter()
        .position(|t| *t == free.token_ids[2])
        .unwrap();
    let ended = generate(&model, &tokenizer, &[request(0, 0)], &base)
        .unwrap()
        .remove(0);
    assert_eq!(ended.finish, FinishReason::Eos);
    assert_eq!(ended.token_ids, free.token_ids[..=first]);
    let zero = SamplingParams {
        max_new_tokens: 0,
        ..Default::default()
    };
    let none = generate(&model, &ckpt.tokenizer, &[request(0, 0)], &zero).unwrap();
    assert!(none[0].token_ids.is_empty() && none[0].finish == FinishReason::Length);
}

#[test]
fn the_training_forward_reproduces_the_sampler_logprobs() {
    let ckpt = tiny_checkpoint(&tiny_config("qwen2", false), 23);
    let model = ckpt.model().unwrap();
    let params = SamplingParams {
        temperature: 0.7,
        max_new_tokens: 12,
        seed: 9,
        ..Default::default()
    };
    let reqs = [request(0, 0), request(1, 0)];
    let out = generate(&model, &ckpt.tokenizer, &reqs, &params).unwrap();
    let full: Vec<Vec<u32>> = reqs
        .iter()
        .zip(&out)
        .map(|(r, c)| [r.prompt_ids.clone(), c.token_ids.clone()].concat())
        .collect();
    let batch = Batch::new(&full, 0, Padding::Right, &Device::Cpu).unwrap();
    let lp = model
        .token_logprobs(&batch, 0.7)
        .unwrap()
        .to_vec2::<f32>()
        .unwrap();
    for ((r, c), row) in reqs.iter().zip(&out).zip(&lp) {
        let start = r.prompt_ids.len() - 1;
        for (i, want) in c.logprobs.iter().enumerate() {
            assert!(
                (row[start + i] - want).abs() < 1e-4,
                "token {i}: {} vs {want}",
                row[start + i]
            );
        }
    }
}

#[test]
fn rope_scaling_changes_rotations_after_position_zero_only() {
    let plain_cfg = tiny_config("llama", false);
    let mut scaled_cfg = plain_cfg.clone();
    // head_dim 8, theta 1e4: wavelengths 6.3 to ~6300; with an original context of 64 the
    // lowest frequencies are divided by 4, the highest kept.
    scaled_cfg.rope_scaling = Some(serde_json::json!({"rope_type": "llama3", "factor": 4.0,
        "low_freq_factor": 1.0, "high_freq_factor": 4.0, "original_max_position_embeddings": 64}));
    let plain = tiny_checkpoint(&plain_cfg, 3);
    let mut scaled = plain.clone();
    scaled.config = scaled_cfg;
    let batch = Batch::new(&seqs(), 0, Padding::Right, &Device::Cpu).unwrap();
    let a = plain.model().unwrap().forward(&batch).unwrap();
    let b = scaled.model().unwrap().forward(&batch).unwrap();
    let first = |t: &Tensor| t.narrow(1, 0, 1).unwrap();
    assert_eq!(
        max_diff(&first(&a), &first(&b)),
        0.0,
        "position 0 is not rotated"
    );
    assert!(
        max_diff(&a, &b) > 1e-4,
        "scaling must change later positions"
    );
}
