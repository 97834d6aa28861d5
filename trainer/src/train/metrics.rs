//! The per-step episode metrics of `metrics.jsonl`: reward and its parts, group statistics
//! (TRL's names), strict accuracy, completion lengths and how often rollouts call tools.

use std::collections::BTreeMap;

use tz_env::episode::EpisodeConfig;
use tz_env::sandbox::Outcome;

use super::Metrics;
use crate::grpo;
use crate::rollout::Trajectory;

/// Reward, reward parts, group statistics, strict accuracy, completion lengths and tool calls of
/// a batch. Per episode: `tool_calls/mean` counts every call the model wrote (parsed);
/// `known_mean` those the environment answered that named a function the episode offers, and
/// `ok_mean` those that returned a result (not an error). A turn's last allowed round gets no
/// results, so its calls count in `mean` only. `after_ok_mean` counts the calls written in a
/// later round of a turn than one of its calls that returned a result: on a task one call
/// solves, a model that answers a result by calling again (which fails strict matching, as
/// every call of a turn is scored) shows here; a task that needs calls in sequence counts its
/// later calls too.
pub(super) fn episode_metrics(
    m: &mut Metrics,
    trajs: &[Trajectory],
    rewards: &[f64],
    g: usize,
    episode: &EpisodeConfig,
) {
    let n = trajs.len().max(1) as f64;
    let (mean, _) = grpo::mean_std(rewards);
    let group_std: Vec<f64> = rewards
        .chunks(g.max(1))
        .map(|c| grpo::mean_std(c).1)
        .collect();
    m.insert("reward".into(), mean);
    m.insert("reward_std".into(), grpo::mean_std(&group_std).0);
    m.insert(
        "frac_reward_zero_std".into(),
        grpo::frac_zero_std(rewards, g),
    );
    let mut parts: BTreeMap<&str, f64> = BTreeMap::new();
    for t in trajs {
        for (name, v) in &t.episode.reward.parts {
            *parts.entry(name.as_str()).or_default() += v / n;
        }
    }
    for (name, v) in &parts {
        m.insert(format!("rewards/{name}"), *v);
    }
    if let Some(strict) = parts.get("strict_match") {
        m.insert("strict_accuracy".into(), *strict);
    }
    let lens: Vec<f64> = trajs.iter().map(|t| t.model_tokens() as f64).collect();
    m.insert(
        "completions/mean_length".into(),
        lens.iter().sum::<f64>() / n,
    );
    m.insert(
        "completions/min_length".into(),
        lens.iter().copied().fold(f64::INFINITY, f64::min),
    );
    m.insert(
        "completions/max_length".into(),
        lens.iter().copied().fold(0.0, f64::max),
    );
    let clipped = trajs
        .iter()
        .filter(|t| t.truncated || t.episode.end == tz_env::episode::EndReason::TokenBudget)
        .count();
    m.insert("completions/clipped_ratio".into(), clipped as f64 / n);
    // Whether rollouts call at all: RL from zero reinforces calls only once some appear.
    let parsed: Vec<usize> = trajs
        .iter()
        .map(|t| t.episode.turns.iter().map(|turn| turn.calls.len()).sum())
        .collect();
    m.insert(
        "tool_calls/frac_episodes".into(),
        parsed.iter().filter(|c| **c > 0).count() as f64 / n,
    );
    m.insert(
        "tool_calls/mean".into(),
        parsed.iter().sum::<usize>() as f64 / n,
    );
    let answered = |keep: fn(&Outcome) -> bool| {
        trajs
            .iter()
            .flat_map(|t| &t.episode.calls)
            .filter(|c| keep(&c.outcome.outcome))
            .count() as f64
            / n
    };
    m.insert(
        "tool_calls/known_mean".into(),
        answered(|o| !matches!(o, Outcome::UnknownTool { .. })),
    );
    m.insert(
        "tool_calls/ok_mean".into(),
        answered(|o| matches!(o, Outcome::Ok { .. })),
    );
    let after_ok: usize = trajs.iter().map(|t| calls_after_ok(&t.episode)).sum();
    m.insert("tool_calls/after_ok_mean".into(), after_ok as f64 / n);
    m.insert("episode/max_tokens".into(), episode.max_tokens as f64);
}

/// The calls of `episode` written in a later round of their turn than the turn's first call
/// that returned a result. The environment answers every round but a turn's last allowed
/// one, so a turn's calls beyond those answered are its last round's, later than any answer.
fn calls_after_ok(episode: &tz_env::episode::Episode) -> usize {
    episode
        .turns
        .iter()
        .map(|turn| {
            let answered: Vec<_> = episode
                .calls
                .iter()
                .filter(|c| c.turn == turn.turn)
                .collect();
            let first_ok = answered
                .iter()
                .filter(|c| matches!(c.outcome.outcome, Outcome::Ok { .. }))
                .map(|c| c.round)
                .min();
            match first_ok {
                Some(r) => {
                    answered.iter().filter(|c| c.round > r).count()
                        + turn.calls.len().saturating_sub(answered.len())
                }
                None => 0,
            }
        })
        .sum()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;
    use tz_env::episode::{CallRecord, EndReason, Episode, TurnRecord};
    use tz_env::reward::RewardBreakdown;
    use tz_env::sandbox::CallOutcome;
    use tz_env::spec::ToolCall;

    /// A trajectory of group `prompt` with reward `reward` whose one turn wrote `calls` calls.
    pub(crate) fn traj(prompt: usize, sample: usize, reward: f64, calls: usize) -> Trajectory {
        let reward = RewardBreakdown {
            total: reward,
            parts: vec![("strict_match".into(), 0.0)],
        };
        Trajectory {
            prompt,
            sample,
            ids: vec![1, 2, 3],
            trained: vec![false, true, true],
            sampler_logprobs: vec![0.0; 3],
            episode: Episode {
                task_id: format!("t{prompt}"),
                seed: 0,
                step: 0,
                segments: vec![],
                calls: vec![],
                turns: vec![TurnRecord {
                    turn: 0,
                    completions: vec![],
                    calls: vec![ToolCall::new("f", json!({})); calls],
                    violations: vec![],
                    reward: reward.clone(),
                    state_check: None,
                }],
                reward,
                end: EndReason::NoCall,
                tokens: 2,
            },
            truncated: false,
        }
    }

    #[test]
    fn tool_call_metrics_count_episodes_and_calls() {
        let mut trajs = [
            traj(0, 0, 1.0, 2),
            traj(0, 1, 0.0, 0),
            traj(1, 0, 0.5, 1),
            traj(1, 1, 0.5, 0),
        ];
        let mut m = Metrics::new();
        let rewards: Vec<f64> = trajs.iter().map(|t| t.episode.reward.total).collect();
        episode_metrics(&mut m, &trajs, &rewards, 2, &EpisodeConfig::default());
        assert_eq!(m["tool_calls/frac_episodes"], 0.5);
        assert_eq!(m["tool_calls/mean"], 0.75);
        assert_eq!(m["tool_calls/known_mean"], 0.0, "nothing was answered");
        // The environment's answers: a result, an unknown function, a tool's error.
        let answered = |outcome| CallRecord {
            turn: 0,
            round: 0,
            call: ToolCall::new("f", json!({})),
            outcome: CallOutcome {
                outcome,
                fuel_used: 0,
            },
        };
        trajs[0].episode.calls = vec![
            answered(Outcome::Ok { result: "1".into() }),
            answered(Outcome::UnknownTool {
                name: "f".into(),
                suggestions: vec![],
            }),
        ];
        trajs[2].episode.calls = vec![answered(Outcome::ToolError {
            message: "no".into(),
        })];
        episode_metrics(&mut m, &trajs, &rewards, 2, &EpisodeConfig::default());
        assert_eq!(
            m["tool_calls/known_mean"], 0.5,
            "two of three named a function"
        );
        assert_eq!(m["tool_calls/ok_mean"], 0.25, "one returned a result");
        assert_eq!(m["tool_calls/after_ok_mean"], 0.0, "all in one round");
        // A result answered by calling again: the first episode's second round calls `f`
        // (answered, an error) and its last round once more (not answered); the unknown
        // function called in the round of the first result does not count.
        let mut later = answered(Outcome::ToolError {
            message: "no".into(),
        });
        later.round = 1;
        trajs[0].episode.calls.push(later);
        trajs[0].episode.turns[0]
            .calls
            .push(ToolCall::new("f", json!({})));
        trajs[0].episode.turns[0]
            .calls
            .push(ToolCall::new("f", json!({})));
        episode_metrics(&mut m, &trajs, &rewards, 2, &EpisodeConfig::default());
        assert_eq!(
            m["tool_calls/after_ok_mean"], 0.5,
            "two calls in four episodes"
        );
        // With no result in the turn, nothing counts.
        trajs[0].episode.calls[0].outcome.outcome = Outcome::ToolError {
            message: "no".into(),
        };
        episode_metrics(&mut m, &trajs, &rewards, 2, &EpisodeConfig::default());
        assert_eq!(m["tool_calls/after_ok_mean"], 0.0);
        assert_eq!(m["frac_reward_zero_std"], 0.5, "the second group tied");
        assert_eq!(m["completions/mean_length"], 2.0);
    }
}
