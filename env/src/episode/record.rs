//! What an episode records: the transcript by origin, every call with its outcome, each
//! turn's score, and the episode's reward. Serializes to byte-identical JSON for one seed.

use serde::{Deserialize, Serialize};

use crate::reward::RewardBreakdown;
use crate::sandbox::CallOutcome;
use crate::spec::ToolCall;

/// Who wrote a piece of the transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The rendered prompt or a scripted user turn (not trained on).
    Prompt,
    /// The model's own text (trained on).
    Model,
    /// Tool results and template glue around them (not trained on).
    Tool,
}

/// A piece of the transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// Who wrote it.
    pub origin: Origin,
    /// The text.
    pub text: String,
}

impl Segment {
    /// A segment of `origin`.
    pub fn new(origin: Origin, text: String) -> Self {
        Self { origin, text }
    }
}

/// One executed call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallRecord {
    /// User turn index.
    pub turn: usize,
    /// Model round within the turn.
    pub round: usize,
    /// The call as parsed.
    pub call: ToolCall,
    /// What the sandbox said.
    pub outcome: CallOutcome,
}

/// One user turn's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnRecord {
    /// User turn index.
    pub turn: usize,
    /// The model's completions in this turn, each as the parser read it: the configured
    /// prefill the model continued (`assistant_prefill`, or `result_prefill` after tool
    /// results), then the text it generated.
    pub completions: Vec<String>,
    /// Every call the model made in the turn (all rounds).
    pub calls: Vec<ToolCall>,
    /// Names of the format violations found.
    pub violations: Vec<String>,
    /// The turn's reward.
    pub reward: RewardBreakdown,
    /// The verdict of a state-checked turn (BFCL multi-turn; see
    /// [`super::state_check`]); absent for other turns and turns with nothing to check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_check: Option<super::state_check::TurnCheck>,
}

/// Why an episode ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The last turn ended with an `<answer>`.
    Answered,
    /// The last turn ended with neither calls nor an answer.
    NoCall,
    /// The model was still calling tools after `max_rounds_per_turn` generations.
    MaxRounds,
    /// A single-step turn ended on its calls (see [`crate::task::Task::single_step`]).
    Called,
    /// The episode's token budget ran out.
    TokenBudget,
}

/// A finished episode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Episode {
    /// The task's id.
    pub task_id: String,
    /// The episode seed (sandbox clocks, random, session state).
    pub seed: u64,
    /// The optimizer step the reward was computed at.
    pub step: u64,
    /// The whole transcript, piece by piece.
    pub segments: Vec<Segment>,
    /// Every executed call.
    pub calls: Vec<CallRecord>,
    /// Each user turn's score.
    pub turns: Vec<TurnRecord>,
    /// The episode's reward: the mean of the turns', part by part.
    pub reward: RewardBreakdown,
    /// Why it ended.
    pub end: EndReason,
    /// Tokens the model generated.
    pub tokens: usize,
}

impl Episode {
    /// The verdict of a state-checked episode: `Some((true, None))` when every checked turn
    /// passed, `Some((false, error_type))` with the first failure's error type, `None` when no
    /// turn was state-checked.
    pub fn state_verdict(&self) -> Option<(bool, Option<String>)> {
        let mut checks = self
            .turns
            .iter()
            .filter_map(|t| t.state_check.as_ref())
            .peekable();
        checks.peek()?;
        match checks.find(|c| !c.valid) {
            Some(failed) => Some((false, failed.error_type.clone())),
            None => Some((true, None)),
        }
    }

    /// The transcript's text of `origin` pieces, in order.
    pub fn text_of(&self, origin: Origin) -> String {
        self.segments
            .iter()
            .filter(|s| s.origin == origin)
            .map(|s| s.text.as_str())
            .collect()
    }
}

/// The mean of the turns' rewards, total and part by part (parts in the first turn's order).
pub fn mean_reward(turns: &[TurnRecord]) -> RewardBreakdown {
    let n = turns.len().max(1) as f64;
    let total = turns.iter().map(|t| t.reward.total).sum::<f64>() / n;
    let parts = turns
        .first()
        .map(|first| {
            first
                .reward
                .parts
                .iter()
                .map(|(name, _)| {
                    let sum: f64 = turns.iter().filter_map(|t| t.reward.get(name)).sum();
                    (name.clone(), sum / n)
                })
                .collect()
        })
        .unwrap_or_default();
    RewardBreakdown { total, parts }
}
