//! The trainer's settings: the `[train]` and `[grpo]` sections of a run config.
//!
//! Defaults follow the Tool Zero paper where it says (G = 8 samples per prompt, clip ε = 0.2, no
//! KL term, cosine learning-rate decay; its rollout temperature 0.8 is the `[sampler]` default).
//! Its 128 prompts per step and learning rate 5e-7 were for 7B models on 40 NPUs; the defaults
//! here are scaled for a ~100M-parameter model on a CPU: 8 prompts per step (64 episodes) and a
//! peak learning rate of 1e-5 (small models tolerate, and on a budget of tens of steps need, a
//! larger step; TRL's GRPO default is 1e-6 for billion-parameter models).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::grpo::Aggregation;
use crate::model::{LORA_TARGETS, LoraConfig, Precision};

/// `[train]`: the run's length, optimizer, data, evaluation and checkpoints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TrainConfig {
    /// Root of every random stream of the run (data order, sampling, sandbox seeds).
    pub seed: u64,
    /// Optimizer steps to run.
    pub steps: u64,
    /// Distinct tasks (GRPO groups) per optimizer step.
    pub prompts_per_step: usize,
    /// Peak learning rate.
    pub lr: f64,
    /// Linear warm-up steps before the cosine decay.
    pub warmup_steps: u64,
    /// The cosine decays to `lr · min_lr_ratio` at the last step.
    pub min_lr_ratio: f64,
    /// AdamW's decoupled weight decay (matrices other than the embedding only).
    pub weight_decay: f64,
    /// AdamW β₁.
    pub adam_beta1: f64,
    /// AdamW β₂.
    pub adam_beta2: f64,
    /// AdamW ε.
    pub adam_eps: f64,
    /// Global gradient-norm clip (0 disables it).
    pub max_grad_norm: f64,
    /// Padded tokens per micro-batch of the loss (gradients accumulate over micro-batches).
    pub micro_batch_tokens: usize,
    /// Rows of the output projection computed at once for log-probabilities.
    pub logprob_chunk: usize,
    /// Activation checkpointing: keep only each layer's input in the forward pass and
    /// recompute the layer in the backward pass (one more forward, a fraction of the memory).
    pub recompute: bool,
    /// Pack the samples of a group into one row that computes their shared prompt once in the
    /// loss's forward and backward passes ([`super::pack`]); the gradient is the same up to
    /// float summation order.
    pub share_prefixes: bool,
    /// Precision of the training forward and backward's matrix products: `f32`, or `bf16`
    /// autocast with f32 master weights, gradients and optimizer state (see
    /// [`crate::model::Precision`]). Sampling and evaluation stay f32. With `bf16` the old
    /// log-probabilities come from a no-grad forward at this precision, as when μ > 1.
    pub dtype: Precision,
    /// Task files (JSON Lines) to train on; empty: tasks generated for the shipped tools.
    pub data: Vec<PathBuf>,
    /// Mixing weights of `data`, one per file (empty: equal weights).
    pub data_weights: Vec<f64>,
    /// Tasks to generate when `data` is empty (train and test split together).
    pub generated_tasks: usize,
    /// Weight of the generator's `class_multi_turn` category (state-checked scripts on BFCL's
    /// API class tools) in the generated mix, next to the default categories' weights, which
    /// sum to 1; 0 leaves it out.
    pub generated_class_multi_turn: f64,
    /// Held-out task file for evaluation; empty with generated data: the generated test split.
    pub eval_data: Option<PathBuf>,
    /// Few-shot demonstrations per task, train and held-out alike: solved training tasks that
    /// call only functions the task offers (`tz_env::data::shots`), shown after any
    /// `[env] demonstrations`. Prompt text, never trained; 0 (the default): none, the paper's
    /// zero setting.
    pub shots: usize,
    /// What a shot shows after its request: `call` (the calling message, cut there) or `turn`
    /// (also the calls' real results, run in the sandbox, and an answer, so the model sees what
    /// follows a result).
    pub shot_style: tz_env::data::shots::ShotStyle,
    /// Held-out tasks evaluated (greedy) at each evaluation.
    pub eval_tasks: usize,
    /// Evaluate every this many steps (also before the first step and after the last); 0: only
    /// before and after. A resumed run does not repeat the evaluation at the step it resumes.
    pub eval_every: u64,
    /// Write a checkpoint every this many steps (and at the end); 0: only at the end.
    pub checkpoint_every: u64,
    /// Checkpoints kept (the oldest are removed).
    pub keep_checkpoints: usize,
    /// Full episodes written to `samples.jsonl` per step: the best of each group, then the
    /// worst, then the rest.
    pub samples_per_step: usize,
    /// Consecutive steps with a non-finite loss or gradient that stop the run.
    pub max_bad_steps: usize,
    /// LoRA rank r (Hu et al. 2021): 0 trains every weight; r > 0 freezes the base weights and
    /// trains a rank-r adapter on each of `lora_targets` (see [`crate::model::LoraConfig`]).
    pub lora_rank: usize,
    /// LoRA α: an adapter's update is scaled by α / r.
    pub lora_alpha: f64,
    /// The projections of every decoder layer that get an adapter (Hugging Face names).
    pub lora_targets: Vec<String>,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            seed: 0,
            steps: 50,
            prompts_per_step: 8,
            lr: 1e-5,
            warmup_steps: 2,
            min_lr_ratio: 0.1,
            weight_decay: 0.0,
            adam_beta1: 0.9,
            adam_beta2: 0.999,
            adam_eps: 1e-8,
            max_grad_norm: 1.0,
            micro_batch_tokens: 4096,
            logprob_chunk: 256,
            recompute: true,
            share_prefixes: true,
            dtype: Precision::F32,
            data: Vec::new(),
            data_weights: Vec::new(),
            generated_tasks: 2000,
            generated_class_multi_turn: 0.0,
            eval_data: None,
            shots: 0,
            shot_style: tz_env::data::shots::ShotStyle::Call,
            eval_tasks: 64,
            eval_every: 10,
            checkpoint_every: 10,
            keep_checkpoints: 3,
            samples_per_step: 4,
            max_bad_steps: 3,
            lora_rank: 0,
            lora_alpha: 16.0,
            lora_targets: LORA_TARGETS.iter().map(|t| t.to_string()).collect(),
        }
    }
}

/// `[grpo]`: the policy-gradient objective (see [`crate::grpo`] for the formulas).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GrpoConfig {
    /// Samples per prompt, G.
    pub group_size: usize,
    /// ε_low: the ratio may not fall below 1 − ε_low where the advantage is negative.
    pub clip_low: f64,
    /// ε_high: the ratio may not rise above 1 + ε_high where the advantage is positive (DAPO's
    /// "clip-higher" uses 0.28).
    pub clip_high: f64,
    /// β of the k3 KL penalty to the initial policy (0: no reference model is kept).
    pub kl_coef: f64,
    /// How token losses are summed: `grpo`, `dapo` or `dr_grpo`.
    pub aggregation: Aggregation,
    /// Divide advantages by the group's reward std (off for Dr. GRPO).
    pub scale_advantages: bool,
    /// Optimizer steps per batch of rollouts, μ (with μ > 1 the old log-probabilities come
    /// from one no-grad forward before the first update; with μ = 1 they are the sampler's).
    pub updates_per_batch: usize,
}

impl Default for GrpoConfig {
    fn default() -> Self {
        Self {
            group_size: 8,
            clip_low: 0.2,
            clip_high: 0.2,
            kl_coef: 0.0,
            aggregation: Aggregation::Grpo,
            scale_advantages: true,
            updates_per_batch: 1,
        }
    }
}

impl TrainConfig {
    /// Every problem of the section, one message each.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut need = |ok: bool, msg: &str| {
            if !ok {
                out.push(msg.to_string());
            }
        };
        need(self.steps > 0, "train.steps must be > 0");
        need(
            self.prompts_per_step > 0,
            "train.prompts_per_step must be > 0",
        );
        need(self.lr.is_finite() && self.lr > 0.0, "train.lr must be > 0");
        need(
            (0.0..=1.0).contains(&self.min_lr_ratio),
            "train.min_lr_ratio must be in [0, 1]",
        );
        need(
            self.weight_decay.is_finite() && self.weight_decay >= 0.0,
            "train.weight_decay must be >= 0",
        );
        need(
            (0.0..1.0).contains(&self.adam_beta1) && (0.0..1.0).contains(&self.adam_beta2),
            "train.adam_beta1 and train.adam_beta2 must be in [0, 1)",
        );
        need(self.adam_eps > 0.0, "train.adam_eps must be > 0");
        need(
            self.max_grad_norm >= 0.0,
            "train.max_grad_norm must be >= 0",
        );
        need(
            self.micro_batch_tokens > 0,
            "train.micro_batch_tokens must be > 0",
        );
        need(self.logprob_chunk > 0, "train.logprob_chunk must be > 0");
        need(
            self.data_weights.is_empty() || self.data_weights.len() == self.data.len(),
            "train.data_weights needs one weight per train.data file",
        );
        need(
            self.data_weights.iter().all(|w| w.is_finite() && *w >= 0.0)
                && (self.data_weights.is_empty() || self.data_weights.iter().any(|w| *w > 0.0)),
            "train.data_weights must be >= 0 with at least one > 0",
        );
        need(
            self.keep_checkpoints > 0,
            "train.keep_checkpoints must be > 0",
        );
        need(self.max_bad_steps > 0, "train.max_bad_steps must be > 0");
        need(
            self.lora_alpha.is_finite() && self.lora_alpha > 0.0,
            "train.lora_alpha must be > 0",
        );
        let unknown: Vec<&str> = self
            .lora_targets
            .iter()
            .map(String::as_str)
            .filter(|t| !LORA_TARGETS.contains(t))
            .collect();
        if self.lora_targets.is_empty() || !unknown.is_empty() {
            out.push(format!(
                "train.lora_targets must be a non-empty subset of {}{}",
                LORA_TARGETS.join(", "),
                if unknown.is_empty() {
                    String::new()
                } else {
                    format!(" (unknown: {})", unknown.join(", "))
                }
            ));
        }
        out
    }

    /// The LoRA settings when `lora_rank > 0`; `None` means full fine-tuning.
    pub fn lora(&self) -> Option<LoraConfig> {
        (self.lora_rank > 0).then(|| LoraConfig {
            rank: self.lora_rank,
            alpha: self.lora_alpha,
            targets: self.lora_targets.clone(),
        })
    }
}

impl GrpoConfig {
    /// Every problem of the section, one message each.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.group_size < 2 {
            out.push("grpo.group_size must be >= 2 (advantages compare samples of a group)".into());
        }
        if !(self.clip_low > 0.0 && self.clip_low < 1.0) {
            out.push("grpo.clip_low must be in (0, 1)".into());
        }
        if !(self.clip_high > 0.0 && self.clip_high.is_finite()) {
            out.push("grpo.clip_high must be > 0".into());
        }
        if !(self.kl_coef >= 0.0 && self.kl_coef.is_finite()) {
            out.push("grpo.kl_coef must be >= 0".into());
        }
        if self.updates_per_batch == 0 {
            out.push("grpo.updates_per_batch must be >= 1".into());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid_and_bad_values_are_all_reported() {
        assert!(TrainConfig::default().problems().is_empty());
        assert!(GrpoConfig::default().problems().is_empty());
        let bad = TrainConfig {
            steps: 0,
            lr: -1.0,
            data_weights: vec![1.0],
            ..TrainConfig::default()
        };
        assert_eq!(bad.problems().len(), 3, "{:?}", bad.problems());
        let g = GrpoConfig {
            group_size: 1,
            updates_per_batch: 0,
            ..GrpoConfig::default()
        };
        assert_eq!(g.problems().len(), 2);
    }

    #[test]
    fn lora_is_off_by_default_and_its_bad_keys_are_named() {
        let cfg = TrainConfig::default();
        assert_eq!(cfg.lora(), None, "rank 0 is full fine-tuning");
        let on = TrainConfig {
            lora_rank: 8,
            lora_targets: vec!["q_proj".into(), "v_proj".into()],
            ..TrainConfig::default()
        };
        assert!(on.problems().is_empty());
        let lora = on.lora().unwrap();
        assert_eq!((lora.rank, lora.scale()), (8, 2.0));
        let bad = TrainConfig {
            lora_alpha: 0.0,
            lora_targets: vec!["q_proj".into(), "lm_head".into()],
            ..TrainConfig::default()
        };
        let problems = bad.problems();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("train.lora_alpha"), "{problems:?}");
        assert!(
            problems[1].contains("train.lora_targets") && problems[1].contains("lm_head"),
            "{problems:?}"
        );
        let empty = TrainConfig {
            lora_targets: Vec::new(),
            ..TrainConfig::default()
        };
        assert!(empty.problems()[0].contains("train.lora_targets"));
    }
}
