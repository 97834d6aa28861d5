//! A short GRPO run of the `calls` fixture for the training tests (stopping, resuming,
//! comparing checkpoints), shared by the full fine-tuning and the LoRA tests.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tz_env::episode::EpisodeConfig;
use tz_trainer::SamplingParams;
use tz_trainer::candle_core::Var;
use tz_trainer::candle_nn::VarMap;
use tz_trainer::train::checkpoint;
use tz_trainer::train::config::{GrpoConfig, TrainConfig};
use tz_trainer::train::data::{Mixture, TaskSet};
use tz_trainer::train::{Metrics, Observer, Run};

use super::calls;

/// A var map's variables by name, sorted.
pub fn named_vars(varmap: &VarMap) -> Vec<(String, Var)> {
    let mut v: Vec<(String, Var)> = varmap
        .data()
        .lock()
        .expect("var map")
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// Stops the run when `at` steps are done; records each step's sampler/trainer log-prob gap.
pub struct StopAt(pub u64, pub Arc<AtomicBool>, pub Vec<f64>);

impl Observer for StopAt {
    fn step(&mut self, step: u64, _: u64, m: &Metrics) {
        if let Some(gap) = m.get("logprob_gap/max") {
            self.2.push(*gap);
        }
        if step + 1 == self.0 {
            self.1.store(true, Ordering::SeqCst);
        }
    }
    fn note(&mut self, _: &str) {}
}

/// A short run of the `calls` fixture (KL to the initial policy, a checkpoint every two steps);
/// `model` is the base also when resuming, as `tz train --resume` passes it.
pub fn fixture_run<'r>(
    registry: &'r tz_env::registry::Registry,
    dir: &Path,
    steps: u64,
    resume: Option<checkpoint::Loaded>,
) -> Run<'r> {
    let (train_tasks, test_tasks) = calls::tasks();
    let episode = EpisodeConfig {
        max_tokens: 8,
        match_by_execution: false,
        ..EpisodeConfig::default()
    };
    let base = calls::random_model(calls::tokenizer(&calls::system_turn(registry, &episode)), 4);
    Run {
        model: base.clone(),
        reference: Some(base),
        base_name: "random".into(),
        registry,
        mixture: Mixture::new(
            vec![TaskSet {
                name: "t".into(),
                tasks: train_tasks,
                weight: 1.0,
            }],
            9,
            4,
        ),
        eval_tasks: test_tasks[..4].to_vec(),
        episode,
        sampling: SamplingParams {
            temperature: 1.0,
            max_new_tokens: 2,
            ..SamplingParams::default()
        },
        train: TrainConfig {
            seed: 9,
            steps,
            prompts_per_step: 4,
            lr: 1e-3,
            warmup_steps: 1,
            eval_every: 0,
            eval_tasks: 4,
            checkpoint_every: 2,
            samples_per_step: 1,
            ..TrainConfig::default()
        },
        grpo: GrpoConfig {
            group_size: 8,
            kl_coef: 0.05,
            ..GrpoConfig::default()
        },
        run_dir: dir.to_path_buf(),
        config_toml: "[train]\n".into(),
        code_version: "test".into(),
        resume,
        stop: Arc::new(AtomicBool::new(false)),
    }
}

/// The newest checkpoint's weights by name, sorted.
pub fn weights(dir: &Path) -> Vec<(String, Vec<f32>)> {
    let loaded = checkpoint::load(
        &checkpoint::latest(dir).expect("a checkpoint"),
        &tz_trainer::candle_core::Device::Cpu,
    )
    .expect("it loads");
    let mut w: Vec<(String, Vec<f32>)> = loaded
        .model
        .tensors
        .iter()
        .map(|(k, t)| {
            (
                k.clone(),
                t.flatten_all().and_then(|t| t.to_vec1()).expect("f32"),
            )
        })
        .collect();
    w.sort_by(|a, b| a.0.cmp(&b.0));
    w
}
