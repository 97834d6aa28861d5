//! Rollouts at the token level: episodes of the environment driven by the batched sampler, kept
//! as the exact token ids the model saw and sampled.
//!
//! Token-in/token-out, by construction: each trajectory is a growing id sequence. The env's
//! prompt and tool segments are tokenized once, as they appear, and appended; the model's turns
//! are appended as the very ids the sampler drew, never decoded and re-encoded (byte-level BPE is
//! not a bijection on text, so re-encoding can change ids and train on tokens nobody sampled).
//! The sampler continues each trajectory from its id sequence, so what is trained is exactly what
//! was sampled. A turn ends on the template's end-of-turn marker id, which is part of the
//! model's tokens and trained; prompt and tool ids carry no loss.
//!
//! All trajectories advance in lockstep: each round samples every unfinished episode in one
//! batch (identical contexts, such as a GRPO group's shared prompt, are prefilled once). Each
//! sequence's RNG is keyed by (seed, step, prompt, sample, round), so no two samples share a
//! stream and a trajectory does not depend on what else is in the batch.

use tz_env::episode::{EpisodeConfig, Generation, Origin, Rollout};
use tz_env::registry::Registry;
use tz_env::task::Task;

use crate::model::Model;
use crate::sampler::{Completion, FinishReason, Request, SamplingParams, generate};
use crate::tokenizer::Tokenizer;
use crate::{Error, Result};

/// One sampled episode as token ids.
#[derive(Debug, Clone)]
pub struct Trajectory {
    /// Index of the task in the step's task list (the GRPO group).
    pub prompt: usize,
    /// Index of the sample within its group.
    pub sample: usize,
    /// Every token of the episode: prompt, model turns, tool results, scripted user turns.
    pub ids: Vec<u32>,
    /// Per token: sampled by the model (trained) or inserted (prompt, tool: no loss).
    pub trained: Vec<bool>,
    /// Per token: the sampler's log-probability (`log softmax(logits / T)`); 0 where not trained.
    pub sampler_logprobs: Vec<f32>,
    /// The episode as the environment recorded it (transcript, calls, reward).
    pub episode: tz_env::episode::Episode,
    /// The episode was cut because the model's context was full.
    pub truncated: bool,
}

impl Trajectory {
    /// Number of model (trained) tokens.
    pub fn model_tokens(&self) -> usize {
        self.trained.iter().filter(|t| **t).count()
    }
}

/// One episode to play: its task, the sandbox seed and its place in the (prompt, sample) grid.
#[derive(Debug, Clone, Copy)]
pub struct Job<'t> {
    /// The task.
    pub task: &'t Task,
    /// Seed of the episode's sandbox (clocks, random, session state).
    pub env_seed: u64,
    /// The group (prompt) index.
    pub prompt: usize,
    /// The member (sample) index.
    pub sample: usize,
}

/// Wall time of one [`play`], by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PlayTimings {
    /// Sampling (the model's forward passes and token choice).
    pub sampling: std::time::Duration,
    /// Running calls in the sandbox.
    pub sandbox: std::time::Duration,
    /// Parsing completions and computing rewards.
    pub scoring: std::time::Duration,
}

struct Live<'r> {
    rollout: Option<Rollout<'r>>,
    ids: Vec<u32>,
    trained: Vec<bool>,
    logprobs: Vec<f32>,
    consumed: usize,
    round: u64,
    truncated: bool,
    episode: Option<tz_env::episode::Episode>,
}

impl Live<'_> {
    /// Tokenizes the segments the environment appended since the last call (the model's own
    /// segments are skipped: their ids are already in place).
    fn absorb(&mut self, tokenizer: &Tokenizer) -> Result<()> {
        let Some(rollout) = &self.rollout else {
            return Ok(());
        };
        for seg in &rollout.segments()[self.consumed..] {
            if seg.origin == Origin::Model {
                continue;
            }
            let ids = tokenizer.encode(&seg.text)?;
            self.trained.extend(std::iter::repeat_n(false, ids.len()));
            self.logprobs.extend(std::iter::repeat_n(0.0, ids.len()));
            self.ids.extend(ids);
        }
        self.consumed = rollout.segments().len();
        Ok(())
    }

    fn finish(&mut self, timings: &mut PlayTimings) {
        if let Some(r) = self.rollout.take() {
            let t = r.timings();
            timings.sandbox += t.sandbox;
            timings.scoring += t.scoring;
            self.episode = Some(r.finish());
        }
    }
}

/// How many sandbox stores an episode of `task` may hold at once: one per tool it offers.
fn stores_needed(registry: &Registry, task: &Task) -> usize {
    let mut tools = std::collections::BTreeSet::new();
    let mut inline = false;
    for t in &task.tools {
        match t {
            tz_env::task::ToolRef::Named(name) => {
                if let Some(f) = registry.functions().get(name) {
                    tools.insert(f.tool);
                }
            }
            tz_env::task::ToolRef::Inline(_) => inline = true,
        }
    }
    tools.len() + usize::from(inline)
}

/// Plays every job to its end and returns the trajectories in job order, with the time spent.
/// `params` gives the sampling settings (its `max_new_tokens` bounds each model turn, its
/// `seed` is the step's stream seed); `step` is the optimizer step the rewards are computed at.
///
/// Episodes run in waves whose sandbox stores fit the pool (`sandbox.max_live_stores`), so a
/// large batch never exhausts it; a wave's episodes are sampled together.
pub fn play(
    model: &Model,
    tokenizer: &Tokenizer,
    registry: &Registry,
    jobs: &[Job<'_>],
    cfg: &EpisodeConfig,
    params: &SamplingParams,
    step: u64,
) -> Result<(Vec<Trajectory>, PlayTimings)> {
    let context = model.config().max_position_embeddings;
    let mut sample =
        |requests: &[Request], p: &SamplingParams| generate(model, tokenizer, requests, p);
    play_with(
        &mut sample,
        tokenizer,
        context,
        registry,
        jobs,
        cfg,
        params,
        step,
    )
}

/// A batch sampler: one completion per request ([`generate`] with a model, or a script in tests).
pub type Sampler<'a> = dyn FnMut(&[Request], &SamplingParams) -> Result<Vec<Completion>> + 'a;

/// [`play`] with any sampler; `context` is the longest sequence it takes.
#[allow(clippy::too_many_arguments)]
pub fn play_with(
    sample: &mut Sampler<'_>,
    tokenizer: &Tokenizer,
    context: usize,
    registry: &Registry,
    jobs: &[Job<'_>],
    cfg: &EpisodeConfig,
    params: &SamplingParams,
    step: u64,
) -> Result<(Vec<Trajectory>, PlayTimings)> {
    let pool = registry.sandbox().config().max_live_stores.max(1) as usize;
    let mut out = Vec::with_capacity(jobs.len());
    let mut timings = PlayTimings::default();
    let mut start = 0;
    while start < jobs.len() {
        let (mut end, mut stores) = (start, 0);
        while end < jobs.len() {
            let need = stores_needed(registry, jobs[end].task);
            if end > start && stores + need > pool {
                break;
            }
            stores += need;
            end += 1;
        }
        let wave = &jobs[start..end];
        let (trajs, t) = play_wave(
            sample, tokenizer, context, registry, wave, cfg, params, step,
        )?;
        out.extend(trajs);
        timings.sampling += t.sampling;
        timings.sandbox += t.sandbox;
        timings.scoring += t.scoring;
        start = end;
    }
    Ok((out, timings))
}

#[allow(clippy::too_many_arguments)]
fn play_wave(
    sample: &mut Sampler<'_>,
    tokenizer: &Tokenizer,
    context: usize,
    registry: &Registry,
    jobs: &[Job<'_>],
    cfg: &EpisodeConfig,
    params: &SamplingParams,
    step: u64,
) -> Result<(Vec<Trajectory>, PlayTimings)> {
    let mut timings = PlayTimings::default();
    let markers: Vec<(u32, &'static str)> = tz_env::prompt::stop_markers(cfg.template)
        .iter()
        .filter_map(|m| tokenizer.token_id(m).map(|id| (id, *m)))
        .collect();
    let mut params = params.clone();
    params.stop = tz_env::prompt::stop_strings(cfg.template)
        .iter()
        .map(|s| (*s).to_string())
        .collect();
    params.stop_ids = markers.iter().map(|(id, _)| *id).collect();
    let mut live = Vec::with_capacity(jobs.len());
    for job in jobs {
        let rollout =
            Rollout::new(registry, job.task, job.env_seed, step, cfg).map_err(Error::env)?;
        let mut l = Live {
            rollout: Some(rollout),
            ids: Vec::new(),
            trained: Vec::new(),
            logprobs: Vec::new(),
            consumed: 0,
            round: 0,
            truncated: false,
            episode: None,
        };
        l.absorb(tokenizer)?;
        live.push(l);
    }
    loop {
        let mut requests = Vec::new();
        let mut owners = Vec::new();
        for (i, l) in live.iter_mut().enumerate() {
            let Some(rollout) = &l.rollout else { continue };
            if rollout.prompt().is_none() {
                l.finish(&mut timings);
                continue;
            }
            let budget = params
                .max_new_tokens
                .min(rollout.tokens_left())
                .min(context.saturating_sub(l.ids.len()));
            if budget == 0 || l.ids.is_empty() {
                l.truncated = rollout.tokens_left() > 0;
                l.finish(&mut timings);
                continue;
            }
            requests.push(Request {
                prompt_ids: l.ids.clone(),
                prompt_index: jobs[i].prompt as u64,
                sample_index: jobs[i].sample as u64,
                round: l.round,
                max_new_tokens: Some(budget),
            });
            owners.push(i);
        }
        if requests.is_empty() {
            break;
        }
        let started = std::time::Instant::now();
        let completions = sample(&requests, &params)?;
        if completions.len() != requests.len() {
            return Err(Error::Sampling(format!(
                "the sampler returned {} completions for {} requests",
                completions.len(),
                requests.len()
            )));
        }
        timings.sampling += started.elapsed();
        for (c, &i) in completions.into_iter().zip(&owners) {
            let l = &mut live[i];
            let end_of_turn = match (c.finish, c.token_ids.last()) {
                (FinishReason::Eos, Some(last)) => markers
                    .iter()
                    .find(|(id, _)| id == last)
                    .map(|(_, m)| (*m).to_string()),
                _ => None,
            };
            l.trained
                .extend(std::iter::repeat_n(true, c.token_ids.len()));
            l.logprobs.extend(&c.logprobs);
            let tokens = c.token_ids.len();
            l.ids.extend(c.token_ids);
            l.round += 1;
            if let Some(rollout) = &mut l.rollout {
                rollout
                    .feed(Generation {
                        text: c.text,
                        tokens,
                        end_of_turn,
                    })
                    .map_err(Error::env)?;
            }
            l.absorb(tokenizer)?;
        }
    }
    let trajectories = live
        .into_iter()
        .zip(jobs)
        .map(|(mut l, job)| {
            l.finish(&mut timings);
            let episode = l
                .episode
                .ok_or_else(|| Error::Config("an episode did not finish".into()))?;
            Ok(Trajectory {
                prompt: job.prompt,
                sample: job.sample,
                ids: l.ids,
                trained: l.trained,
                sampler_logprobs: l.logprobs,
                episode,
                truncated: l.truncated,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((trajectories, timings))
}
