//! RL from zero, literally: a tiny randomly initialised model, trained only by the GRPO loop
//! through the real episodes, the real WASM tools in the sandbox and Tool Zero's reward, learns
//! to answer requests with a complete, well-formed
//! `<think>…</think><tool_call>[{"name": …, "arguments": {…}}]</tool_call>` whose function (one
//! of four shipped functions) and argument (one of twelve values) depend on the request, and
//! solves held-out (function, value) combinations it never trained on, greedily.
//!
//! The fixture is in `common/calls.rs`. Settings, and why:
//! * Tool Zero's reward with its defaults (κ = 0.1, m = 25, partial credit +0.3 for the right
//!   function with wrong arguments); execution matching off, because `word_count("Ghana")`
//!   returns what `word_count("Kenya")` does and this test is about reading the value;
//! * a k3 KL term (β = 0.05) to the random initial policy: without it the value the model
//!   writes collapses onto one country for every request while the format is being learned
//!   (the policy gradient of "any value makes the call readable" favours the most likely value),
//!   and no sample ever shows the right value again;
//! * a constant learning rate 1e-3 (the value is learned last, after the format and the
//!   function), G = 16 samples for each of 8 tasks per step, DAPO's clip-higher ε_high = 0.28,
//!   and two new tokens per turn (a call is two tokens; the episode then ends);
//! * 900 steps: held-out accuracy is still climbing at step 700 (seeds that end at 0.75-0.79
//!   there reach 1.0 by step 850), so a numerically different but equally right sampler can
//!   move a seed across the bar at 700; 900 leaves the margin.
//!
//! `cargo test --release -p tz-trainer --test learn -- --nocapture` prints the learning curve;
//! `TZ_LEARN_SEED` and `TZ_LEARN_STEPS` change the seed and the length (the closing note of the
//! change that added this test lists the seeds tried); `TZ_LEARN_LORA=r` trains rank-r LoRA
//! adapters on the frozen random model instead (not expected to reach the bar: see the note of
//! the change that added it).

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use common::calls::{self, VALUES};
use tz_env::episode::EpisodeConfig;
use tz_trainer::SamplingParams;
use tz_trainer::train::config::{GrpoConfig, TrainConfig};
use tz_trainer::train::data::{Mixture, TaskSet};
use tz_trainer::train::{self, Metrics, Observer, Run};

/// Prints one line per 25 steps and every evaluation.
struct Curve;

impl Observer for Curve {
    fn step(&mut self, step: u64, _: u64, m: &Metrics) {
        if !step.is_multiple_of(25) && !m.contains_key("eval/solved") {
            return;
        }
        let get = |k: &str| m.get(k).map_or("-".to_string(), |v| format!("{v:.3}"));
        println!(
            "step {step:4} reward {} format {} strict {} right-function {} held-out solved {}",
            get("reward"),
            get("rewards/format"),
            get("strict_accuracy"),
            get("rewards/strict_wrong_arguments"),
            get("eval/solved"),
        );
    }

    fn note(&mut self, message: &str) {
        println!("{message}");
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Trains the fixture model from zero for `steps` and returns the summary.
pub fn from_zero(seed: u64, steps: u64, dir: &Path, observer: &mut dyn Observer) -> train::Summary {
    let registry = calls::registry();
    let (train_tasks, test_tasks) = calls::tasks();
    let episode = EpisodeConfig {
        max_tokens: 8,
        match_by_execution: false,
        ..EpisodeConfig::default()
    };
    let model = calls::random_model(
        calls::tokenizer(&calls::system_turn(&registry, &episode)),
        seed,
    );
    let run = Run {
        model,
        reference: None,
        base_name: "random".into(),
        registry: &registry,
        mixture: Mixture::new(
            vec![TaskSet {
                name: "train".into(),
                tasks: train_tasks,
                weight: 1.0,
            }],
            seed,
            8,
        ),
        eval_tasks: test_tasks,
        episode,
        sampling: SamplingParams {
            temperature: 1.0,
            max_new_tokens: 2,
            ..SamplingParams::default()
        },
        train: TrainConfig {
            seed,
            steps,
            prompts_per_step: 8,
            lr: 1e-3,
            warmup_steps: 5,
            min_lr_ratio: 1.0,
            eval_every: 50,
            eval_tasks: 24,
            checkpoint_every: 0,
            samples_per_step: 1,
            lora_rank: env_u64("TZ_LEARN_LORA", 0) as usize,
            ..TrainConfig::default()
        },
        grpo: GrpoConfig {
            group_size: 16,
            kl_coef: 0.05,
            clip_high: 0.28,
            ..GrpoConfig::default()
        },
        run_dir: dir.to_path_buf(),
        config_toml: String::new(),
        code_version: "test".into(),
        resume: None,
        stop: Arc::new(AtomicBool::new(false)),
    };
    train::train(run, observer).unwrap()
}

#[test]
fn a_random_tiny_model_learns_to_call_the_right_function_with_the_right_value_by_rl_alone() {
    let dir = tempfile::tempdir().unwrap();
    let seed = env_u64("TZ_LEARN_SEED", 1);
    let steps = env_u64("TZ_LEARN_STEPS", 900);
    let summary = from_zero(seed, steps, dir.path(), &mut Curve);
    let (before, after) = summary.eval;
    let (before, after) = (before.unwrap(), after.unwrap());
    println!(
        "seed {seed}: held-out solved {:.3} -> {:.3} ({} tasks, {} values)",
        before.solved,
        after.solved,
        after.episodes,
        VALUES.len()
    );
    assert!(
        before.solved < 0.1,
        "a random model solves held-out tasks: {before:?}"
    );
    assert!(
        after.solved >= 0.8,
        "held-out solved {} < 0.8: {after:?}",
        after.solved
    );
}
