//! Baseline rewards for the ablations: ToolRL and Tool-N1.
//!
//! **ToolRL** (Qian et al. 2025, "ToolRL: Reward is All Tool Learning Needs"):
//! `R = R_format + R_correct`, `R_format ∈ {0, 1}` (1 iff well formatted), and
//!
//! ```text
//! R_correct = 6 · S / S_max − 3 ∈ [−3, 3]
//! S     = J(names(P), names(G)) + Σ_{g ∈ G matched to p} ( J(keys(p), keys(g)) + Σ_{k ∈ keys(g)} 1[p[k] = g[k]] )
//! S_max = 1 + Σ_{g ∈ G} (1 + |keys(g)|)
//! ```
//!
//! with `J` the multiset Jaccard index (1 when both lists are equal, including both empty) and
//! the matching greedy as in ToolRL's code: each ground-truth call in order takes the unused
//! predicted call of the same name with the highest positive `J + matches`. Ground truth
//! alternatives are written as calls by their first values (`""`-optional parameters left out);
//! a value matches when it equals (Python `==`) any listed alternative; the best alternative
//! counts. Deviation: a completion with no calls earns `S / S_max = 1` on a no-call task only if
//! it answers (the no-call rule of [`super`]), else `R_correct = −3`.
//!
//! **Tool-N1** (Zhang et al. 2025, "Nemotron-Research-Tool-N1"): `R = 1` iff the completion is
//! well formatted and its calls are correct (BFCL checker, or answering without calling on a
//! no-call task), else 0.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{GroundTruth, RewardBreakdown, answers_without_calling, canonical_calls};
use crate::checker::{ExpectedCall, value::py_in};
use crate::parse::Parsed;
use crate::spec::{FunctionSpec, ToolCall};

/// ToolRL's reward (see the module doc). Parts: `format`, `correctness`.
pub fn tool_rl(parsed: &Parsed, specs: &[FunctionSpec], truth: &GroundTruth) -> RewardBreakdown {
    let format = if parsed.is_well_formatted() { 1.0 } else { 0.0 };
    let ratio = truth
        .iter()
        .map(|alt| {
            if alt.is_empty() {
                return if answers_without_calling(parsed) {
                    1.0
                } else {
                    0.0
                };
            }
            tool_rl_ratio(&parsed.calls, alt, &canonical_calls(specs, alt))
        })
        .fold(0.0, f64::max);
    let correctness = 6.0 * ratio - 3.0;
    RewardBreakdown::new(
        format + correctness,
        &[("format", format), ("correctness", correctness)],
    )
}

fn names(calls: &[ToolCall]) -> Vec<&str> {
    calls.iter().map(|c| c.name.as_str()).collect()
}

/// S / S_max for one alternative.
fn tool_rl_ratio(predicted: &[ToolCall], expected: &[ExpectedCall], truth: &[ToolCall]) -> f64 {
    let mut score = jaccard(&names(predicted), &names(truth));
    let mut max = 1.0;
    let mut used = vec![false; predicted.len()];
    for (g, e) in truth.iter().zip(expected) {
        let g_args = g.arguments.as_object().cloned().unwrap_or_default();
        max += 1.0 + g_args.len() as f64;
        let g_keys: Vec<&str> = g_args.keys().map(String::as_str).collect();
        let mut best: Option<(usize, f64)> = None;
        for (i, p) in predicted.iter().enumerate() {
            if used[i] || p.name != g.name {
                continue;
            }
            let empty = serde_json::Map::new();
            let p_args = p.arguments.as_object().unwrap_or(&empty);
            let p_keys: Vec<&str> = p_args.keys().map(String::as_str).collect();
            let values = g_keys
                .iter()
                .filter(|k| {
                    p_args
                        .get(**k)
                        .is_some_and(|v| value_matches(v, e.alternatives(k)))
                })
                .count() as f64;
            let s = jaccard(&p_keys, &g_keys) + values;
            if s > best.map_or(0.0, |(_, b)| b) {
                best = Some((i, s));
            }
        }
        if let Some((i, s)) = best {
            used[i] = true;
            score += s;
        }
    }
    score / max
}

fn value_matches(v: &Value, alts: &[Value]) -> bool {
    py_in(v, alts)
}

/// Multiset Jaccard index |A ∩ B| / |A ∪ B|; 1 when the lists are equal (both empty included),
/// 0 when exactly one is empty (ToolRL's `match_score`).
fn jaccard(a: &[&str], b: &[&str]) -> f64 {
    if a == b {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    a.iter().for_each(|x| counts.entry(x).or_default().0 += 1);
    b.iter().for_each(|x| counts.entry(x).or_default().1 += 1);
    let inter: usize = counts
        .values()
        .map(|(p, q)| p.min(q))
        .copied()
        .sum::<usize>();
    let union = a.len() + b.len() - inter;
    inter as f64 / union as f64
}

/// Tool-N1's binary reward (see the module doc). Parts: `format`, `correct`.
pub fn tool_n1(parsed: &Parsed, specs: &[FunctionSpec], truth: &GroundTruth) -> RewardBreakdown {
    let format = if parsed.is_well_formatted() { 1.0 } else { 0.0 };
    let (matched, _, _) = super::tool_zero::strict_terms(parsed, specs, truth);
    let total = format * matched;
    RewardBreakdown::new(total, &[("format", format), ("correct", matched)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaccard_counts_multisets_and_treats_two_empty_lists_as_equal() {
        assert_eq!(jaccard(&[], &[]), 1.0);
        assert_eq!(jaccard(&["a"], &[]), 0.0);
        assert_eq!(jaccard(&["a", "a", "b"], &["a", "c"]), 1.0 / 4.0);
    }
}
