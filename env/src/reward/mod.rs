//! Rewards: pure functions from a completion, the task's function specs, its [`GroundTruth`] and
//! the global optimizer step to a [`RewardBreakdown`] (a total plus named parts), selected by a
//! serde [`RewardKind`].
//!
//! * [`RewardKind::ToolZero`] (default): the staged reward of "Tool Zero: Training
//!   Tool-Augmented LLMs via Pure RL from Scratch" (2025), `R = R_format + R_tool` with
//!   `R_tool = σ(t)·r_strict + (1 − σ(t))·r_general`; see [`tool_zero`] for every formula and
//!   the values chosen where the paper leaves them open.
//! * Baselines for the paper's ablations ([`baselines`]): ToolRL (Qian et al. 2025), Tool-N1
//!   (Zhang et al. 2025), strict-only (σ ≡ 1, "vanilla GRPO") and general-only (σ ≡ 0).
//!
//! Rules shared by every kind, so that they are compared on equal terms:
//! * the calls scored are [`Parsed::calls`](crate::parse::Parsed); leniencies the parser notes
//!   (a single object, `parameters`, string arguments) do not cost correctness;
//! * "calling nothing" is credited only to a completion that *answers* (`<answer>` present and
//!   no call): an unparseable completion also has no calls, and must not earn the no-call reward.

pub mod baselines;
pub mod tool_zero;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::checker::{ExpectedCall, PossibleAnswer};
use crate::parse::{Parsed, parse};
use crate::spec::FunctionSpec;

/// The ground truth of one turn: the acceptable call sets, any one of which is right.
///
/// Serialized as a JSON list of BFCL possible answers, e.g.
/// `[[{"get_weather": {"city": ["Paris", "paris"], "unit": ["", "celsius"]}}]]`: each
/// alternative is a list of expected calls (several = parallel calls, matched in any order),
/// each call maps its parameters to their acceptable values, and `""` among them marks a
/// parameter that may be omitted. `[]` (no alternatives) or `[[]]` means "call nothing".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GroundTruth {
    /// The acceptable call sets.
    pub alternatives: Vec<PossibleAnswer>,
}

impl GroundTruth {
    /// "Call nothing".
    pub fn no_call() -> Self {
        Self::default()
    }

    /// A single acceptable call set.
    pub fn one(answer: PossibleAnswer) -> Self {
        Self {
            alternatives: vec![answer],
        }
    }

    /// True when every alternative is "call nothing".
    pub fn expects_no_call(&self) -> bool {
        self.alternatives.iter().all(Vec::is_empty)
    }

    /// The alternatives, with "no alternatives" read as one empty call set.
    pub fn iter(&self) -> impl Iterator<Item = &[ExpectedCall]> {
        let none: &[ExpectedCall] = &[];
        let empty = self.alternatives.is_empty().then_some(none);
        self.alternatives.iter().map(Vec::as_slice).chain(empty)
    }
}

/// Which reward to compute (the `[reward]` config section), e.g. `kind = "tool_zero"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RewardKind {
    /// Tool Zero's staged reward (see [`tool_zero`]).
    ToolZero {
        /// Steepness κ of the schedule σ(t) (default 0.1).
        #[serde(default = "default_kappa")]
        kappa: f64,
        /// Midpoint m of σ(t), in optimizer steps (default 25).
        #[serde(default = "default_midpoint")]
        midpoint: f64,
    },
    /// ToolRL (Qian et al. 2025): format ∈ {0, 1} plus correctness ∈ [−3, 3].
    ToolRl,
    /// Tool-N1 (Zhang et al. 2025): 1 iff well formatted and every call correct, else 0.
    ToolN1,
    /// Tool Zero's reward with σ ≡ 1: format + r_strict.
    StrictOnly,
    /// Tool Zero's reward with σ ≡ 0: format + r_general.
    GeneralOnly,
}

fn default_kappa() -> f64 {
    tool_zero::KAPPA
}

fn default_midpoint() -> f64 {
    tool_zero::MIDPOINT
}

impl Default for RewardKind {
    fn default() -> Self {
        RewardKind::ToolZero {
            kappa: tool_zero::KAPPA,
            midpoint: tool_zero::MIDPOINT,
        }
    }
}

/// A reward: the total and its named parts, in a fixed order (log the parts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RewardBreakdown {
    /// The scalar reward.
    pub total: f64,
    /// Named components, in a fixed order per kind.
    pub parts: Vec<(String, f64)>,
}

impl RewardBreakdown {
    fn new(total: f64, parts: &[(&str, f64)]) -> Self {
        Self {
            total,
            parts: parts.iter().map(|(k, v)| ((*k).to_string(), *v)).collect(),
        }
    }

    /// The value of the part called `name`.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.parts.iter().find(|(k, _)| k == name).map(|(_, v)| *v)
    }
}

/// Parses a completion and scores it (see [`score_parsed`]).
pub fn score(
    kind: &RewardKind,
    completion: &str,
    specs: &[FunctionSpec],
    truth: &GroundTruth,
    step: u64,
) -> RewardBreakdown {
    score_parsed(kind, &parse(completion), specs, truth, step)
}

/// Scores a parsed completion against the ground truth at global optimizer step `step`.
pub fn score_parsed(
    kind: &RewardKind,
    parsed: &Parsed,
    specs: &[FunctionSpec],
    truth: &GroundTruth,
    step: u64,
) -> RewardBreakdown {
    match *kind {
        RewardKind::ToolZero { kappa, midpoint } => {
            let sigma = tool_zero::sigma(step as f64, kappa, midpoint);
            tool_zero::score(parsed, specs, truth, sigma)
        }
        RewardKind::StrictOnly => tool_zero::score(parsed, specs, truth, 1.0),
        RewardKind::GeneralOnly => tool_zero::score(parsed, specs, truth, 0.0),
        RewardKind::ToolRl => baselines::tool_rl(parsed, specs, truth),
        RewardKind::ToolN1 => baselines::tool_n1(parsed, specs, truth),
    }
}

/// The no-call rule shared by every kind: an empty call set is matched only by a completion
/// that answers without calling.
fn answers_without_calling(parsed: &Parsed) -> bool {
    parsed.calls.is_empty() && parsed.answer.is_some()
}

/// The ground truth's alternative written as model calls (first acceptable value of each
/// parameter, `""`-optional ones left out; see [`ExpectedCall::canonical_call`]).
fn canonical_calls(specs: &[FunctionSpec], answer: &[ExpectedCall]) -> Vec<crate::spec::ToolCall> {
    answer
        .iter()
        .map(|e| {
            let required = crate::checker::find_spec(specs, &e.name)
                .map(FunctionSpec::required)
                .unwrap_or_default();
            e.canonical_call(&required)
        })
        .collect()
}
