//! GRPO training against the real environment, top to bottom: set-up, then per step
//! rollouts → rewards → advantages → loss and backward by micro-batch → clip → AdamW → log,
//! with evaluation and checkpoints on a schedule.
//!
//! One optimizer step (μ = 1):
//! 1. take this step's `prompts_per_step` tasks from the data mix ([`data::Mixture`]);
//! 2. play each `group_size` times with the current policy through the sandbox, all episodes in
//!    lockstep batches, keeping exact token ids ([`crate::rollout`]); group members share the
//!    task's sandbox seed, so they face the same environment;
//! 3. reward each episode with the configured reward at this optimizer step (σ(t) follows the
//!    global step), and normalize within each group ([`crate::grpo::group_advantages`]);
//! 4. weight each model token by the batch-wide aggregation ([`crate::grpo::token_weights`]);
//! 5. compute the clipped surrogate on model tokens only, micro-batch by micro-batch, summing
//!    gradients ([`loss`]); π_old is the sampler's own log-probability (a no-grad forward of
//!    the trainer when μ > 1 or under bf16 autocast, `train.dtype`);
//! 6. clip the global gradient norm, take an AdamW step at the scheduled learning rate;
//! 7. log TRL-named metrics, a few full episodes, and the plot.
//!
//! With `train.lora_rank > 0` the base weights stay frozen and only LoRA adapters on the
//! targeted projections are trained ([`crate::model::LoraConfig`]); sampling, the loss and the
//! optimizer see the adapters, and checkpoints merge them into the saved weights.
//!
//! A step whose loss or gradient is not finite is skipped (no update) and logged; after
//! `max_bad_steps` in a row the run stops with its last good checkpoint intact. A stop request
//! (Ctrl-C) ends the run after the current step with a checkpoint.

pub mod checkpoint;
pub mod config;
pub mod data;
pub mod loss;
mod metrics;
pub mod pack;
pub mod plot;
mod runlog;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use candle_core::{Tensor, Var};
use tz_env::episode::EpisodeConfig;
use tz_env::registry::Registry;
use tz_env::task::Task;

use crate::eval::{EvalReport, evaluate};
use crate::grpo;
use crate::load::Checkpoint;
use crate::model::{AdapterInit, Model, Precision};
use crate::optim::{AdamW, AdamWConfig, clip_grad_norm, cosine_lr};
use crate::rollout::{self, Job, Trajectory};
use crate::sampler::SamplingParams;
use crate::{Error, Result};
use config::{GrpoConfig, TrainConfig};
use data::{Mixture, keyed_rng};
use loss::{LossSettings, Scored};
use metrics::episode_metrics;
pub use runlog::RunLog;

/// One row of `metrics.jsonl`: metric name to value (TRL's names where one exists).
pub type Metrics = BTreeMap<String, f64>;

/// Everything a run needs.
pub struct Run<'r> {
    /// The base model and tokenizer. A resumed run trains the checkpoint's weights (full
    /// fine-tuning) or adapters (LoRA, on these frozen weights) from `resume`.
    pub model: Checkpoint,
    /// The initial policy, kept as the KL reference when `grpo.kl_coef > 0` (default: `model`).
    pub reference: Option<Checkpoint>,
    /// How the base model was named (`default`, a path, a hub id), for the record.
    pub base_name: String,
    /// The tool directory's registry.
    pub registry: &'r Registry,
    /// The training tasks.
    pub mixture: Mixture,
    /// Held-out tasks for evaluation.
    pub eval_tasks: Vec<Task>,
    /// Episode settings (template, rounds, token budget, reward).
    pub episode: EpisodeConfig,
    /// Rollout sampling (temperature, nucleus, tokens per model turn).
    pub sampling: SamplingParams,
    /// `[train]`.
    pub train: TrainConfig,
    /// `[grpo]`.
    pub grpo: GrpoConfig,
    /// Where everything is written.
    pub run_dir: PathBuf,
    /// The resolved config (TOML), saved with every checkpoint.
    pub config_toml: String,
    /// The code version, saved with every checkpoint.
    pub code_version: String,
    /// Optimizer state and step to continue from.
    pub resume: Option<checkpoint::Loaded>,
    /// Set to stop after the current step (with a checkpoint).
    pub stop: Arc<AtomicBool>,
}

/// Progress reports while a run goes.
pub trait Observer {
    /// A step finished (or, for `step == steps`, the final evaluation).
    fn step(&mut self, step: u64, steps: u64, metrics: &Metrics);
    /// Something worth telling the user (a checkpoint, a skipped step).
    fn note(&mut self, message: &str);
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Optimizer steps completed in total.
    pub steps: u64,
    /// The last checkpoint written.
    pub checkpoint: Option<PathBuf>,
    /// Whether a stop request ended it early.
    pub stopped: bool,
    /// Held-out results: the first evaluation this process ran (the zero baseline of a fresh
    /// run; on a resume the first scheduled one, if any), and the one after the last step.
    pub eval: (Option<EvalReport>, Option<EvalReport>),
}

/// The run's state between steps.
struct Trainer<'r> {
    run: Run<'r>,
    model: Model,
    vars: Vec<(String, Var)>,
    opt: AdamW,
    reference: Option<Model>,
}

/// Trains; see the module doc for what a step does.
pub fn train(run: Run<'_>, observer: &mut dyn Observer) -> Result<Summary> {
    let problems: Vec<String> = run
        .train
        .problems()
        .into_iter()
        .chain(run.grpo.problems())
        .collect();
    if !problems.is_empty() {
        return Err(Error::Config(problems.join("; ")));
    }
    if run.sampling.temperature <= 0.0 {
        return Err(Error::Config(
            "sampler.temperature must be > 0 for training (GRPO needs samples that differ)".into(),
        ));
    }
    // Set-up: trainable weights (or adapters), the optimizer (its moments restored on resume),
    // the reference.
    let (model, varmap) = trainable(&run)?;
    let model = model.with_precision(run.train.dtype);
    let vars = named_vars(&varmap)?;
    let adam = AdamWConfig {
        beta1: run.train.adam_beta1,
        beta2: run.train.adam_beta2,
        eps: run.train.adam_eps,
        weight_decay: run.train.weight_decay,
    };
    let mut opt = AdamW::new(vars.clone(), adam)?;
    let start = match &run.resume {
        Some(loaded) => {
            opt.load_state(&loaded.optimizer, loaded.state.step)?;
            loaded.state.step
        }
        None => 0,
    };
    let reference = match (&run.reference, run.grpo.kl_coef > 0.0) {
        (Some(r), true) => Some(r.model()?),
        (None, true) => Some(run.model.model()?),
        _ => None,
    }
    .map(|r| r.with_precision(run.train.dtype));
    let mut log = RunLog::open(&run.run_dir, start)?;
    let mut t = Trainer {
        run,
        model,
        vars,
        opt,
        reference,
    };
    let steps = t.run.train.steps;
    let mut summary = Summary {
        steps: start,
        checkpoint: None,
        stopped: false,
        eval: (None, None),
    };
    let mut bad = 0;
    let mut last_lr = None;
    let mut unsaved = false; // steps done since the last checkpoint
    for step in start..steps {
        if t.run.stop.load(Ordering::SeqCst) {
            // Asked to stop between steps: keep what the steps since the last checkpoint did.
            if unsaved {
                let dir = t.checkpoint(summary.steps, last_lr)?;
                observer.note(&format!("checkpoint {}", dir.display()));
                summary.checkpoint = Some(dir);
            }
            summary.stopped = true;
            return Ok(summary);
        }
        let mut metrics = Metrics::new();
        metrics.insert("step".into(), step as f64);
        // The zero baseline before the first step, then the schedule. A resumed run evaluates
        // only on the schedule: its earlier evaluations are in the log it continues, and so its
        // `eval/*` lines are those of the same run without a stop.
        let every = t.run.train.eval_every;
        if step == 0 || (every > 0 && step % every == 0) {
            let report = t.evaluate(&mut metrics)?;
            summary.eval.0.get_or_insert(report);
        }
        match t.step(step, &mut metrics, &mut log) {
            Ok(()) => bad = 0,
            Err(Error::NonFinite(what)) => {
                bad += 1;
                metrics.insert("skipped".into(), 1.0);
                observer.note(&format!(
                    "step {step}: {what}; step skipped ({bad} in a row)"
                ));
                if bad >= t.run.train.max_bad_steps {
                    log.metrics(&metrics)?;
                    return Err(Error::NonFinite(format!(
                        "{bad} steps in a row had a non-finite loss or gradient; the run stops (last checkpoint: {})",
                        summary
                            .checkpoint
                            .as_ref()
                            .map_or("none".into(), |p| p.display().to_string())
                    )));
                }
            }
            Err(e) => return Err(e),
        }
        summary.steps = step + 1;
        last_lr = metrics.get("learning_rate").copied();
        unsaved = true;
        log.metrics(&metrics)?;
        observer.step(step, steps, &metrics);
        let every = t.run.train.checkpoint_every;
        let stop = t.run.stop.load(Ordering::SeqCst);
        if (every > 0 && (step + 1) % every == 0) || step + 1 == steps || stop {
            let dir = t.checkpoint(step + 1, last_lr)?;
            observer.note(&format!("checkpoint {}", dir.display()));
            summary.checkpoint = Some(dir);
            unsaved = false;
        }
        if stop {
            summary.stopped = true;
            return Ok(summary);
        }
    }
    // The final held-out evaluation, after the last update.
    let mut metrics = Metrics::from([("step".to_string(), summary.steps as f64)]);
    summary.eval.1 = Some(t.evaluate(&mut metrics)?);
    log.metrics(&metrics)?;
    observer.step(summary.steps, steps, &metrics);
    Ok(summary)
}

impl Trainer<'_> {
    /// One optimizer step on one batch of rollouts (μ updates when `updates_per_batch > 1`).
    fn step(&mut self, step: u64, m: &mut Metrics, log: &mut RunLog) -> Result<()> {
        let started = Instant::now();
        let (train, grpo) = (&self.run.train, &self.run.grpo);
        let g = grpo.group_size;
        // 1. This step's tasks, each to be played G times.
        let tasks = self.run.mixture.step_tasks(step);
        let jobs: Vec<Job<'_>> = tasks
            .iter()
            .enumerate()
            .flat_map(|(p, (_, _, task))| {
                let env_seed =
                    rand::Rng::next_u64(&mut keyed_rng(train.seed, step, p as u64, b"envseed\0"));
                (0..g).map(move |s| Job {
                    task,
                    env_seed,
                    prompt: p,
                    sample: s,
                })
            })
            .collect();
        // 2. Rollouts with the current policy, through the sandbox, scored at step `step`.
        let params = SamplingParams {
            seed: rand::Rng::next_u64(&mut keyed_rng(train.seed, step, 0, b"sampling")),
            ..self.run.sampling.clone()
        };
        let (trajs, times) = rollout::play(
            &self.model,
            &self.run.model.tokenizer,
            self.run.registry,
            &jobs,
            &self.run.episode,
            &params,
            step,
        )?;
        // 3. Rewards and group-normalized advantages (zero for a group with equal rewards).
        let rewards: Vec<f64> = trajs.iter().map(|t| t.episode.reward.total).collect();
        let advantages = grpo::group_advantages(&rewards, g, grpo.scale_advantages);
        // 4. Per-token loss weights from the batch-wide aggregation.
        let lengths: Vec<usize> = trajs.iter().map(Trajectory::model_tokens).collect();
        let weights = grpo::token_weights(grpo.aggregation, &lengths, self.run.episode.max_tokens);
        let settings = LossSettings {
            temperature: params.temperature as f64,
            clip_low: grpo.clip_low,
            clip_high: grpo.clip_high,
            kl_coef: grpo.kl_coef,
            micro_batch_tokens: train.micro_batch_tokens,
            logprob_chunk: train.logprob_chunk,
            recompute: train.recompute,
            share_prefixes: train.share_prefixes,
        };
        let pad = self.run.model.tokenizer.pad_id;
        let sampled: Vec<Scored<'_>> = trajs
            .iter()
            .zip(&advantages)
            .zip(&weights)
            .map(|((t, a), w)| Scored {
                ids: &t.ids,
                trained: &t.trained,
                old: &t.sampler_logprobs,
                advantage: *a,
                weight: *w,
            })
            .collect();
        // 5. π_old (the sampler's, or a no-grad forward when μ > 1 or under bf16) and π_ref for
        //    the KL term.
        let t_forward = Instant::now();
        // Under bf16 autocast the sampler (f32) and the trainer differ by the products'
        // rounding, so π_old comes from the trainer's own numerics, as in verl.
        let recomputed = if grpo.updates_per_batch > 1 || train.dtype != Precision::F32 {
            Some(loss::logprobs_no_grad(
                &self.model,
                pad,
                &sampled,
                &settings,
            )?)
        } else {
            None
        };
        let reference = match &self.reference {
            Some(r) => Some(loss::logprobs_no_grad(r, pad, &sampled, &settings)?),
            None => None,
        };
        let forward_s = t_forward.elapsed().as_secs_f64();
        let scored: Vec<Scored<'_>> = match &recomputed {
            Some(old) => sampled
                .iter()
                .zip(old)
                .map(|(s, o)| Scored { old: o, ..*s })
                .collect(),
            None => sampled,
        };
        // Without a KL term a sequence with zero advantage adds exactly nothing to the loss
        // (its surrogate is ρ·0) or the gradient, so it skips the loss pass: a group whose
        // samples all scored the same (most groups early in RL from zero) costs no forward or
        // backward. Vars left without a gradient get a zero one, so AdamW steps as it would.
        let scored: Vec<Scored<'_>> = if self.reference.is_none() {
            scored.into_iter().filter(|s| s.advantage != 0.0).collect()
        } else {
            scored
        };
        m.insert("sequences_trained".into(), scored.len() as f64);
        // 6. μ updates: gradient over micro-batches, clip, AdamW at the scheduled lr.
        let lr = cosine_lr(
            step,
            train.steps,
            train.warmup_steps,
            train.lr,
            train.min_lr_ratio,
        );
        let (mut first, mut grad_norm, mut backward_s, mut optimizer_s) = (None, 0.0, 0.0, 0.0);
        for _ in 0..grpo.updates_per_batch {
            let t_backward = Instant::now();
            let mut grads: HashMap<String, Tensor> = HashMap::new();
            let stats = loss::loss_and_gradients(
                &self.model,
                &self.vars,
                pad,
                &scored,
                reference.as_deref(),
                &settings,
                &mut grads,
            )?;
            for (name, var) in &self.vars {
                if !grads.contains_key(name) {
                    grads.insert(name.clone(), var.as_tensor().zeros_like()?);
                }
            }
            grad_norm = clip_grad_norm(&mut grads, train.max_grad_norm)?;
            backward_s += t_backward.elapsed().as_secs_f64();
            if !grad_norm.is_finite() {
                return Err(Error::NonFinite(format!("gradient norm {grad_norm}")));
            }
            let t_opt = Instant::now();
            self.opt.step(&grads, lr)?;
            optimizer_s += t_opt.elapsed().as_secs_f64();
            first.get_or_insert(stats);
        }
        let stats = first.unwrap_or_default();
        // 7. Metrics (TRL's names), the sampler/trainer log-prob gap, samples and timings.
        // The sampler/trainer gap over the sequences whose log-probabilities were recomputed
        // (absent from the metrics when none were).
        let gap = match &recomputed {
            Some(old) => Some(max_gap(&trajs, old)),
            None => (stats.tokens > 0).then_some(stats.max_logprob_gap),
        };
        episode_metrics(m, &trajs, &rewards, g, &self.run.episode);
        m.insert("loss".into(), stats.loss);
        m.insert("entropy".into(), stats.entropy);
        m.insert("clip_ratio/low_mean".into(), stats.clip_low);
        m.insert("clip_ratio/high_mean".into(), stats.clip_high);
        m.insert(
            "clip_ratio/region_mean".into(),
            stats.clip_low + stats.clip_high,
        );
        if self.reference.is_some() {
            m.insert("kl".into(), stats.kl);
        }
        m.insert("grad_norm".into(), grad_norm);
        m.insert("learning_rate".into(), lr);
        m.insert("sigma".into(), self.run.episode.reward.sigma(step));
        if let Some(gap) = gap {
            m.insert("logprob_gap/max".into(), gap);
        }
        m.insert("time/sampling".into(), times.sampling.as_secs_f64());
        m.insert("time/sandbox".into(), times.sandbox.as_secs_f64());
        m.insert("time/scoring".into(), times.scoring.as_secs_f64());
        m.insert("time/logprob_forward".into(), forward_s);
        m.insert("time/forward_backward".into(), backward_s);
        m.insert("time/optimizer".into(), optimizer_s);
        m.insert("time/step".into(), started.elapsed().as_secs_f64());
        log.samples(step, &trajs, &advantages, train.samples_per_step)?;
        Ok(())
    }

    /// Greedy strict accuracy on the held-out tasks, into `m` as `eval/*`.
    fn evaluate(&self, m: &mut Metrics) -> Result<EvalReport> {
        let n = self.run.train.eval_tasks.min(self.run.eval_tasks.len());
        if n == 0 {
            return Ok(EvalReport::default());
        }
        let (report, _) = evaluate(
            &self.model,
            &self.run.model.tokenizer,
            self.run.registry,
            &self.run.eval_tasks[..n],
            &self.run.episode,
            &self.run.sampling,
            self.run.train.seed,
        )?;
        m.insert("eval/strict_accuracy".into(), report.strict_accuracy);
        m.insert("eval/accuracy".into(), report.accuracy);
        m.insert("eval/format_ok".into(), report.format_ok);
        m.insert("eval/solved".into(), report.solved);
        m.insert("eval/reward".into(), report.reward);
        m.insert("eval/mean_length".into(), report.mean_length);
        Ok(report)
    }

    /// Writes the checkpoint of `step` (the number of updates done).
    fn checkpoint(&self, step: u64, lr: Option<f64>) -> Result<PathBuf> {
        let vars: HashMap<String, Tensor> = self
            .vars
            .iter()
            .map(|(n, v)| (n.clone(), v.as_tensor().detach()))
            .collect();
        let trained = match self.run.train.lora() {
            None => checkpoint::Trained::Weights(vars),
            Some(lora) => checkpoint::Trained::Lora(lora, vars),
        };
        let state = checkpoint::TrainState {
            step,
            seed: self.run.train.seed,
            data_cursor: self.run.mixture.cursor(step),
            learning_rate: lr.unwrap_or(0.0),
            code_version: self.run.code_version.clone(),
            base_model: self.run.base_name.clone(),
        };
        checkpoint::save(
            &self.run.run_dir,
            &self.run.model,
            trained,
            &self.opt,
            &state,
            &self.run.config_toml,
            self.run.train.keep_checkpoints,
        )
    }
}

/// The model to train and its variables: every weight (the checkpoint's when resuming), or with
/// LoRA the frozen base weights with adapters (new, or the checkpoint's on the checked base).
fn trainable(run: &Run<'_>) -> Result<(Model, candle_nn::VarMap)> {
    let Some(loaded) = &run.resume else {
        return match run.train.lora() {
            None => run.model.trainable(),
            Some(lora) => run.model.trainable_lora(
                &lora,
                AdapterInit::Fresh {
                    seed: run.train.seed,
                },
            ),
        };
    };
    let dir = loaded.dir.display();
    match (run.train.lora(), &loaded.lora) {
        (None, None) => loaded.model.trainable(),
        (None, Some(_)) => Err(Error::Config(format!(
            "{dir} holds LoRA adapters; resume it with its own train.lora_rank"
        ))),
        (Some(_), None) => Err(Error::Config(format!(
            "{dir} was trained without LoRA; resume it with train.lora_rank = 0"
        ))),
        (Some(lora), Some((saved, adapters))) => {
            let sorted = |t: &[String]| {
                let mut t = t.to_vec();
                t.sort();
                t
            };
            if (saved.rank, saved.alpha, sorted(&saved.targets))
                != (lora.rank, lora.alpha, sorted(&lora.targets))
            {
                return Err(Error::Config(format!(
                    "{dir} has adapters of rank {} and alpha {} on {}, the config asks for rank \
                     {} and alpha {} on {}; resume with the run's own train.lora_* settings",
                    saved.rank,
                    saved.alpha,
                    saved.targets.join(", "),
                    lora.rank,
                    lora.alpha,
                    lora.targets.join(", ")
                )));
            }
            loaded.check_lora_base(&run.model)?;
            run.model
                .trainable_lora(&lora, AdapterInit::Saved(adapters))
        }
    }
}

/// The var map's variables by name, sorted.
fn named_vars(varmap: &candle_nn::VarMap) -> Result<Vec<(String, Var)>> {
    let data = varmap
        .data()
        .lock()
        .map_err(|_| Error::Config("var map lock poisoned".into()))?;
    let mut vars: Vec<(String, Var)> = data.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    vars.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(vars)
}

/// Largest |sampler − recomputed| log-probability over model tokens.
fn max_gap(trajs: &[Trajectory], recomputed: &[Vec<f32>]) -> f64 {
    trajs
        .iter()
        .zip(recomputed)
        .flat_map(|(t, r)| {
            t.trained
                .iter()
                .zip(t.sampler_logprobs.iter().zip(r))
                .filter(|(m, _)| **m)
                .map(|(_, (a, b))| (*a as f64 - *b as f64).abs())
        })
        .fold(0.0, f64::max)
}
