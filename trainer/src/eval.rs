//! Evaluation on held-out tasks: one greedy episode per task through the real environment, scored
//! strictly (BFCL correctness, σ ≡ 1), so numbers compare across runs whatever reward trained
//! them. `tz train` calls it before the first step, every N steps and after the last.

use tz_env::episode::EpisodeConfig;
use tz_env::registry::Registry;
use tz_env::reward::RewardKind;
use tz_env::reward::tool_zero::FORMAT_OK;
use tz_env::task::Task;

use crate::Result;
use crate::model::Model;
use crate::rollout::{self, Job, Trajectory};
use crate::sampler::SamplingParams;
use crate::tokenizer::Tokenizer;
use crate::train::data::keyed_rng;

/// Held-out results.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EvalReport {
    /// Episodes evaluated.
    pub episodes: usize,
    /// Mean over episodes of the share of turns whose calls match the ground truth exactly.
    pub strict_accuracy: f64,
    /// Share of episodes whose every completion was well formatted.
    pub format_ok: f64,
    /// Share of episodes solved outright: every turn well formatted and exactly right.
    pub solved: f64,
    /// Mean strict reward (format + r_strict).
    pub reward: f64,
    /// Mean model tokens per episode.
    pub mean_length: f64,
    /// Share of episodes that pass `tz eval`'s verdict ([`tz_env::report::judge`]: BFCL's
    /// checker for single-step BFCL tasks, every turn matched exactly for the others), so a
    /// training run's held-out number is the number `tz eval --bench tasks` reports.
    pub accuracy: f64,
}

/// A turn's strict match (1 or 0) from a strict-only reward's parts.
fn strict_of(episode: &tz_env::episode::Episode) -> f64 {
    let turns = &episode.turns;
    if turns.is_empty() {
        return 0.0;
    }
    turns
        .iter()
        .map(|t| t.reward.get("strict_match").unwrap_or(0.0))
        .sum::<f64>()
        / turns.len() as f64
}

/// Plays each task once, greedily (temperature 0), and scores it strictly. Sandbox seeds come
/// from (seed, task index), so a report is the same for the same weights, tasks and seed.
pub fn evaluate(
    model: &Model,
    tokenizer: &Tokenizer,
    registry: &Registry,
    tasks: &[Task],
    episode: &EpisodeConfig,
    sampling: &SamplingParams,
    seed: u64,
) -> Result<(EvalReport, Vec<Trajectory>)> {
    evaluate_from(
        model, tokenizer, registry, tasks, 0, episode, sampling, seed,
    )
}

/// [`evaluate`] of `tasks` that are a slice starting at index `first` of a longer list: the
/// sandbox seeds come from the index in the whole list, so evaluating in chunks gives the same
/// episodes as evaluating at once.
#[allow(clippy::too_many_arguments)]
pub fn evaluate_from(
    model: &Model,
    tokenizer: &Tokenizer,
    registry: &Registry,
    tasks: &[Task],
    first: usize,
    episode: &EpisodeConfig,
    sampling: &SamplingParams,
    seed: u64,
) -> Result<(EvalReport, Vec<Trajectory>)> {
    let cfg = EpisodeConfig {
        reward: RewardKind::StrictOnly,
        ..episode.clone()
    };
    let params = SamplingParams {
        temperature: 0.0,
        seed,
        ..sampling.clone()
    };
    let jobs: Vec<Job<'_>> = tasks
        .iter()
        .enumerate()
        .map(|(i, task)| Job {
            task,
            env_seed: rand::Rng::next_u64(&mut keyed_rng(seed, (first + i) as u64, 0, b"evalseed")),
            prompt: i,
            sample: 0,
        })
        .collect();
    let (trajectories, _) = rollout::play(model, tokenizer, registry, &jobs, &cfg, &params, 0)?;
    let n = trajectories.len().max(1) as f64;
    let named = registry.specs();
    let passed = trajectories
        .iter()
        .filter(|t| {
            let task = &tasks[t.prompt];
            let specs = task.resolve_tools(&named).unwrap_or_default();
            tz_env::report::judge(task, &specs, &t.episode).valid
        })
        .count();
    let report = EvalReport {
        episodes: trajectories.len(),
        strict_accuracy: trajectories
            .iter()
            .map(|t| strict_of(&t.episode))
            .sum::<f64>()
            / n,
        format_ok: trajectories
            .iter()
            .filter(|t| {
                t.episode
                    .turns
                    .iter()
                    .all(|turn| turn.reward.get("format") == Some(FORMAT_OK))
            })
            .count() as f64
            / n,
        solved: trajectories
            .iter()
            .filter(|t| {
                t.episode.turns.iter().all(|turn| {
                    turn.reward.get("format") == Some(FORMAT_OK)
                        && turn.reward.get("strict_match") == Some(1.0)
                })
            })
            .count() as f64
            / n,
        reward: trajectories
            .iter()
            .map(|t| t.episode.reward.total)
            .sum::<f64>()
            / n,
        mean_length: trajectories
            .iter()
            .map(|t| t.model_tokens() as f64)
            .sum::<f64>()
            / n,
        accuracy: passed as f64 / n,
    };
    Ok((report, trajectories))
}
