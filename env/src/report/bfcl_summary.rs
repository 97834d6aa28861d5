//! BFCL's summary scores, computed as the official leaderboard computes them
//! (`bfcl_eval/eval_checker/eval_runner_helper.py`, `generate_leaderboard_csv`, bfcl-eval
//! 2026.3.23):
//!
//! * **non-live** = unweighted mean of four: *simple* (itself the unweighted mean of
//!   simple_python, simple_java, simple_javascript), multiple, parallel, parallel_multiple;
//! * **live** = mean of live_simple, live_multiple, live_parallel, live_parallel_multiple
//!   weighted by their example counts;
//! * **irrelevance** = unweighted mean of irrelevance and live_irrelevance; **relevance** =
//!   live_relevance;
//! * **multi-turn** = unweighted mean of multi_turn_base, multi_turn_miss_func,
//!   multi_turn_miss_param and multi_turn_long_context (`overall_accuracy_multi_turn`).
//!
//! As upstream, a missing category counts as 0 in an unweighted mean and the score is marked
//! incomplete (upstream displays "N/A"); a weighted mean simply has no examples from it. The
//! overall BFCL v4 score also weighs agentic (40%) categories, which this harness does not run,
//! so it is not reported.

use serde::{Deserialize, Serialize};

use super::CategoryScore;

/// One summary score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// The score in [0, 1].
    pub accuracy: f64,
    /// Examples behind it.
    pub examples: usize,
    /// Every category it is made of was evaluated (upstream shows "N/A" otherwise).
    pub complete: bool,
}

/// BFCL's summary scores (see the module docs); `None` when none of a score's categories
/// was evaluated.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Summary {
    /// Non-live AST.
    pub non_live: Option<Score>,
    /// Live AST.
    pub live: Option<Score>,
    /// Hallucination: irrelevance and live_irrelevance.
    pub irrelevance: Option<Score>,
    /// live_relevance.
    pub relevance: Option<Score>,
    /// Multi-turn: base, miss_func, miss_param, long_context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_turn: Option<Score>,
}

fn find<'a>(scores: &'a [CategoryScore], name: &str) -> Option<&'a CategoryScore> {
    scores.iter().find(|s| s.category == name)
}

fn leaf(scores: &[CategoryScore], name: &str) -> Option<Score> {
    find(scores, name).map(|s| Score {
        accuracy: s.accuracy,
        examples: s.examples,
        complete: true,
    })
}

/// Unweighted mean; a missing part counts as 0 and makes the result incomplete.
fn unweighted(parts: &[Option<Score>]) -> Option<Score> {
    if parts.iter().all(Option::is_none) {
        return None;
    }
    Some(Score {
        accuracy: parts.iter().flatten().map(|p| p.accuracy).sum::<f64>() / parts.len() as f64,
        examples: parts.iter().flatten().map(|p| p.examples).sum(),
        complete: parts.iter().all(|p| p.as_ref().is_some_and(|p| p.complete)),
    })
}

/// Mean weighted by example counts.
fn weighted(parts: &[Option<Score>]) -> Option<Score> {
    let examples: usize = parts.iter().flatten().map(|p| p.examples).sum();
    if examples == 0 {
        return None;
    }
    Some(Score {
        accuracy: parts
            .iter()
            .flatten()
            .map(|p| p.accuracy * p.examples as f64)
            .sum::<f64>()
            / examples as f64,
        examples,
        complete: parts.iter().all(|p| p.as_ref().is_some_and(|p| p.complete)),
    })
}

/// The summary of per-category scores.
pub fn summarize(scores: &[CategoryScore]) -> Summary {
    let l = |name| leaf(scores, name);
    let simple = unweighted(&[l("simple_python"), l("simple_java"), l("simple_javascript")]);
    let non_live = [simple, l("multiple"), l("parallel"), l("parallel_multiple")];
    let live = [
        l("live_simple"),
        l("live_multiple"),
        l("live_parallel"),
        l("live_parallel_multiple"),
    ];
    Summary {
        non_live: unweighted(&non_live),
        live: weighted(&live),
        irrelevance: unweighted(&[l("irrelevance"), l("live_irrelevance")]),
        relevance: l("live_relevance"),
        multi_turn: unweighted(&[
            l("multi_turn_base"),
            l("multi_turn_miss_func"),
            l("multi_turn_miss_param"),
            l("multi_turn_long_context"),
        ]),
    }
}
