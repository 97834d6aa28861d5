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

use crate::checker::{ExpectedCall, Language, PossibleAnswer, accepts};
use crate::parse::{Parsed, parse};
use crate::spec::{FunctionSpec, ToolCall};

/// The ground truth of one turn: what the model should call.
///
/// Serialized as a JSON list of BFCL possible answers, e.g.
/// `[[{"get_weather": {"city": ["Paris", "paris"], "unit": ["", "celsius"]}}]]`: each
/// alternative is a list of expected calls (several = parallel calls, matched in any order),
/// each call maps its parameters to their acceptable values, and `""` among them marks a
/// parameter that may be omitted. `[]` (no alternatives) or `[[]]` means "call nothing".
/// BFCL's relevance rule ("any decodable call passes") is the object `{"any_call": true}`.
/// Build it from a task's turn with [`crate::task::Turn::truth`], the one place that reads a
/// task's expectation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "TruthRepr", into = "TruthRepr")]
pub struct GroundTruth {
    /// The acceptable call sets.
    pub alternatives: Vec<PossibleAnswer>,
    /// BFCL `live_relevance`: any decodable call passes and `alternatives` is empty.
    pub any_call: bool,
    /// `alternatives` widened by execution (see [`crate::episode::exec`]): where a model call
    /// returned the same result in the sandbox as an expected call, its values are accepted
    /// too. Empty when execution was not consulted; else one entry per alternative.
    pub by_execution: Vec<PossibleAnswer>,
    /// The language the checker reads values in (BFCL's Java and JavaScript categories).
    pub language: Language,
    /// A verdict decided by execution rather than by matching calls: the BFCL multi-turn state
    /// check of a state-checked turn ([`crate::episode::state_check`]). Where set, it *is* the
    /// strict match (Tool Zero's `strict_match`, Tool-N1's `correct`); partial credit still
    /// reads `alternatives`. Never serialized (it exists only while an episode scores a turn).
    pub state_verdict: Option<bool>,
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum TruthRepr {
    Answers(Vec<PossibleAnswer>),
    Object {
        #[serde(default)]
        alternatives: Vec<PossibleAnswer>,
        #[serde(default)]
        any_call: bool,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        by_execution: Vec<PossibleAnswer>,
        #[serde(default, skip_serializing_if = "is_python")]
        language: Language,
    },
}

fn is_python(language: &Language) -> bool {
    *language == Language::Python
}

impl From<TruthRepr> for GroundTruth {
    fn from(repr: TruthRepr) -> Self {
        match repr {
            TruthRepr::Answers(alternatives) => Self {
                alternatives,
                ..Self::default()
            },
            TruthRepr::Object {
                alternatives,
                any_call,
                by_execution,
                language,
            } => Self {
                alternatives,
                any_call,
                by_execution,
                language,
                state_verdict: None,
            },
        }
    }
}

impl From<GroundTruth> for TruthRepr {
    fn from(truth: GroundTruth) -> Self {
        if truth.any_call || !truth.by_execution.is_empty() || truth.language != Language::Python {
            TruthRepr::Object {
                alternatives: truth.alternatives,
                any_call: truth.any_call,
                by_execution: truth.by_execution,
                language: truth.language,
            }
        } else {
            TruthRepr::Answers(truth.alternatives)
        }
    }
}

impl GroundTruth {
    /// "Call nothing".
    pub fn no_call() -> Self {
        Self::default()
    }

    /// "Any decodable call passes" (BFCL `live_relevance`).
    pub fn any_call() -> Self {
        Self {
            any_call: true,
            ..Self::default()
        }
    }

    /// A single acceptable call set.
    pub fn one(answer: PossibleAnswer) -> Self {
        Self {
            alternatives: vec![answer],
            ..Self::default()
        }
    }

    /// True when every alternative is "call nothing".
    pub fn expects_no_call(&self) -> bool {
        !self.any_call && self.alternatives.iter().all(Vec::is_empty)
    }

    /// The alternatives, with "no alternatives" read as one empty call set (for an `any_call`
    /// truth: none).
    pub fn iter(&self) -> impl Iterator<Item = &[ExpectedCall]> {
        let none: &[ExpectedCall] = &[];
        let empty = (self.alternatives.is_empty() && !self.any_call).then_some(none);
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
        /// r_strict bonus when a parallel answer (two or more calls) is fully matched
        /// (default +0.3).
        #[serde(default = "default_parallel_bonus")]
        parallel_bonus: f64,
        /// r_strict term when the right function is called with wrong arguments (default
        /// +0.3, a partial credit; the rationale is in [`tool_zero`]). Either sign works.
        #[serde(default = "default_wrong_arguments")]
        wrong_arguments: f64,
    },
    /// ToolRL (Qian et al. 2025): format ∈ {0, 1} plus correctness ∈ [−3, 3].
    ToolRl {
        /// ToolRL's dynamic reward scaling (`SCHEDULEREWARD`): the format range shrinks from
        /// [−2, 2] to [−1, 1] and the correctness range widens from [−2, 2] to [−3, 3] over
        /// 150 steps (default off, ToolRL's main setting).
        #[serde(default)]
        dynamic_scaling: bool,
    },
    /// Tool-N1 (Zhang et al. 2025): 1 iff well formatted and the calls equal the ground truth's
    /// as multisets, else 0.
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

fn default_parallel_bonus() -> f64 {
    tool_zero::PARALLEL_BONUS
}

fn default_wrong_arguments() -> f64 {
    tool_zero::WRONG_ARGUMENTS
}

impl Default for RewardKind {
    fn default() -> Self {
        RewardKind::ToolZero {
            kappa: tool_zero::KAPPA,
            midpoint: tool_zero::MIDPOINT,
            parallel_bonus: tool_zero::PARALLEL_BONUS,
            wrong_arguments: tool_zero::WRONG_ARGUMENTS,
        }
    }
}

impl RewardKind {
    /// The kind's name: `tool_zero`, `tool_rl`, `tool_n1`, `strict_only`, `general_only`.
    pub fn name(&self) -> &'static str {
        match self {
            RewardKind::ToolZero { .. } => "tool_zero",
            RewardKind::ToolRl { .. } => "tool_rl",
            RewardKind::ToolN1 => "tool_n1",
            RewardKind::StrictOnly => "strict_only",
            RewardKind::GeneralOnly => "general_only",
        }
    }

    /// Every kind with its default settings, in the order of [`RewardKind::name`].
    pub fn all() -> [RewardKind; 5] {
        [
            RewardKind::default(),
            RewardKind::ToolRl {
                dynamic_scaling: false,
            },
            RewardKind::ToolN1,
            RewardKind::StrictOnly,
            RewardKind::GeneralOnly,
        ]
    }

    /// σ(t), the weight of r_strict at global optimizer step `step` (1 for strict-only and the
    /// baselines, 0 for general-only).
    pub fn sigma(&self, step: u64) -> f64 {
        match *self {
            RewardKind::ToolZero {
                kappa, midpoint, ..
            } => tool_zero::sigma(step as f64, kappa, midpoint),
            RewardKind::GeneralOnly => 0.0,
            _ => 1.0,
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
    let terms = |parallel_bonus, wrong_arguments| tool_zero::Terms {
        parallel_bonus,
        wrong_arguments,
    };
    let defaults = terms(tool_zero::PARALLEL_BONUS, tool_zero::WRONG_ARGUMENTS);
    match *kind {
        RewardKind::ToolZero {
            parallel_bonus,
            wrong_arguments,
            ..
        } => tool_zero::score(
            parsed,
            specs,
            truth,
            kind.sigma(step),
            terms(parallel_bonus, wrong_arguments),
        ),
        RewardKind::StrictOnly => tool_zero::score(parsed, specs, truth, 1.0, defaults),
        RewardKind::GeneralOnly => tool_zero::score(parsed, specs, truth, 0.0, defaults),
        RewardKind::ToolRl { dynamic_scaling } => {
            baselines::tool_rl(parsed, specs, truth, dynamic_scaling.then_some(step))
        }
        RewardKind::ToolN1 => baselines::tool_n1(parsed, specs, truth),
    }
}

/// The no-call rule shared by every kind: an empty call set is matched only by a completion
/// that answers without calling.
fn answers_without_calling(parsed: &Parsed) -> bool {
    parsed.calls.is_empty() && parsed.answer.is_some()
}

/// The ground truth's alternative written as model calls, each as close to the model's own call
/// of its function as the answer allows (see [`ExpectedCall::canonical_call`]): each expected
/// call, in order, is paired with the unused model call of its name of which the answer accepts
/// the most parameters (the first on a tie).
fn canonical_calls(
    language: Language,
    specs: &[FunctionSpec],
    answer: &[ExpectedCall],
    calls: &[ToolCall],
) -> Vec<ToolCall> {
    let mut used = vec![false; calls.len()];
    answer
        .iter()
        .map(|e| {
            let spec = crate::checker::find_spec(specs, &e.name);
            let mut best: Option<(usize, usize)> = None;
            for (i, call) in calls.iter().enumerate() {
                if used[i] || call.name != e.name {
                    continue;
                }
                let n = accepted_params(language, spec, e, call);
                if best.is_none_or(|(_, b)| n > b) {
                    best = Some((i, n));
                }
            }
            let given = best.map(|(i, _)| {
                used[i] = true;
                &calls[i]
            });
            e.canonical_call(language, spec, given)
        })
        .collect()
}

/// How many of `call`'s arguments the expected call accepts.
fn accepted_params(
    language: Language,
    spec: Option<&FunctionSpec>,
    e: &ExpectedCall,
    call: &ToolCall,
) -> usize {
    call.arguments.as_object().map_or(0, |args| {
        args.iter()
            .filter(|(k, v)| {
                e.params.contains_key(*k) && accepts(language, spec, k, v, e.alternatives(k))
            })
            .count()
    })
}
