//! Baseline rewards for the ablations: ToolRL and Tool-N1, as their authors' code computes them
//! (deviations named).
//!
//! **ToolRL** (Qian et al. 2025, "ToolRL: Reward is All Tool Learning Needs", reward code
//! `verl/utils/reward_score/rlla.py` of `qiancheng0/ToolRL`):
//! `R = R_format + R_correct`, `R_format ∈ {min_f, max_f}` (max iff well formatted), and
//!
//! ```text
//! R_correct = (max_c − min_c) · S / S_max + min_c
//! S     = J(names(P), names(G)) + Σ_{g ∈ G matched to p} ( J(keys(p), keys(g)) + Σ_{k ∈ keys(g)} 1[p[k] = g[k]] )
//! S_max = 1 + Σ_{g ∈ G} (1 + |keys(g)|)
//! ```
//!
//! with `J` the multiset Jaccard index (1 when both lists are equal, including both empty) and
//! the matching greedy as in ToolRL's code: each ground-truth call in order takes the unused
//! predicted call of the same name with the highest positive `J + matches`. Ranges: format
//! [0, 1] and correctness [−3, 3]; with `dynamic_scaling` (ToolRL's `SCHEDULEREWARD`) at step
//! t: `max_f = max(1, 2 − t/150)`, `min_f = min(−1, −2 + 2t/150)`, `max_c = min(3, 2 + t/150)`,
//! `min_c = max(−3, −2 − t/150)`. A row whose ground truth calls nothing gets `R_correct = 0`
//! (ToolRL's neutral score: it does not reward or punish calling there).
//!
//! Deviations: "well formatted" is this crate's format check, not ToolRL's regular
//! expressions over its `<response>` tags; ground-truth alternatives are written as calls close
//! to the model's (first accepted values, optional parameters only when the model supplies an
//! accepted value) and a value matches when it equals (Python `==`) any listed alternative;
//! the best alternative counts. An any-call (relevance) truth, absent from ToolRL's data,
//! earns max_c when some call was read and min_c otherwise.
//!
//! **Tool-N1** (Zhang et al. 2025, "Nemotron-Research-Tool-N1"): `R = 1` iff the completion is
//! well formatted and its calls equal the ground truth's as multisets (each call pairs with a
//! distinct expected call: same name, the same parameters except ones the answer marks
//! optional, each value equal under Python `==` to an accepted one; no string normalisation,
//! unlike the BFCL checker), or it answers without calling on a no-call task; else 0.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{GroundTruth, RewardBreakdown, answers_without_calling, canonical_calls};
use crate::checker::{ExpectedCall, value::py_in};
use crate::parse::Parsed;
use crate::spec::{FunctionSpec, ToolCall};

/// Steps over which ToolRL's dynamic scaling moves its ranges.
pub const SCALING_STEPS: f64 = 150.0;

/// ToolRL's reward ranges at `step` (`None`: fixed ranges): (min_f, max_f, min_c, max_c).
pub fn tool_rl_ranges(step: Option<u64>) -> (f64, f64, f64, f64) {
    match step {
        None => (0.0, 1.0, -3.0, 3.0),
        Some(t) => {
            let r = t as f64 / SCALING_STEPS;
            (
                (-2.0 + 2.0 * r).min(-1.0),
                (2.0 - r).max(1.0),
                (-2.0 - r).max(-3.0),
                (2.0 + r).min(3.0),
            )
        }
    }
}

/// ToolRL's reward (see the module doc); `scaling_step` is the step when dynamic scaling is on.
/// Parts: `format`, `correctness`.
pub fn tool_rl(
    parsed: &Parsed,
    specs: &[FunctionSpec],
    truth: &GroundTruth,
    scaling_step: Option<u64>,
) -> RewardBreakdown {
    let (min_f, max_f, min_c, max_c) = tool_rl_ranges(scaling_step);
    let format = if parsed.is_well_formatted() {
        max_f
    } else {
        min_f
    };
    let correctness = if truth.any_call {
        if parsed.calls.is_empty() {
            min_c
        } else {
            max_c
        }
    } else if truth.expects_no_call() {
        0.0
    } else {
        let ratio = truth
            .iter()
            .filter(|alt| !alt.is_empty())
            .map(|alt| {
                tool_rl_ratio(
                    &parsed.calls,
                    alt,
                    &canonical_calls(truth.language, specs, alt, &parsed.calls),
                )
            })
            .fold(0.0, f64::max);
        (max_c - min_c) * ratio + min_c
    };
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
pub fn tool_n1(parsed: &Parsed, _specs: &[FunctionSpec], truth: &GroundTruth) -> RewardBreakdown {
    let format = if parsed.is_well_formatted() { 1.0 } else { 0.0 };
    let correct = if truth.any_call {
        !parsed.calls.is_empty()
    } else if let Some(valid) = truth.state_verdict {
        valid
    } else {
        truth.iter().any(|alt| {
            if alt.is_empty() {
                answers_without_calling(parsed)
            } else {
                exact_multiset(&parsed.calls, alt)
            }
        })
    };
    let correct = if correct { 1.0 } else { 0.0 };
    RewardBreakdown::new(
        format * correct,
        &[("format", format), ("correct", correct)],
    )
}

/// Whether `calls` pair one-to-one with `expected` under [`exact_call`] (an optimal matching:
/// order never matters).
fn exact_multiset(calls: &[ToolCall], expected: &[ExpectedCall]) -> bool {
    fn assign(j: usize, calls: &[ToolCall], expected: &[ExpectedCall], used: &mut [bool]) -> bool {
        let Some(e) = expected.get(j) else {
            return true;
        };
        for i in 0..calls.len() {
            if !used[i] && exact_call(&calls[i], e) {
                used[i] = true;
                if assign(j + 1, calls, expected, used) {
                    return true;
                }
                used[i] = false;
            }
        }
        false
    }
    calls.len() == expected.len() && assign(0, calls, expected, &mut vec![false; calls.len()])
}

/// One call equals one expected call exactly: same name, every given parameter listed with a
/// value equal to an accepted one, every listed parameter given unless marked optional.
fn exact_call(call: &ToolCall, e: &ExpectedCall) -> bool {
    let Some(args) = call.arguments.as_object() else {
        return false;
    };
    call.name == e.name
        && args
            .iter()
            .all(|(k, v)| e.params.contains_key(k) && py_in(v, e.alternatives(k)))
        && e.params
            .keys()
            .all(|k| args.contains_key(k) || e.is_optional(k, &[]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn jaccard_counts_multisets_and_treats_two_empty_lists_as_equal() {
        assert_eq!(jaccard(&[], &[]), 1.0);
        assert_eq!(jaccard(&["a"], &[]), 0.0);
        assert_eq!(jaccard(&["a", "a", "b"], &["a", "c"]), 1.0 / 4.0);
    }

    #[test]
    fn dynamic_scaling_moves_the_ranges_as_toolrl_does() {
        assert_eq!(tool_rl_ranges(None), (0.0, 1.0, -3.0, 3.0));
        assert_eq!(tool_rl_ranges(Some(0)), (-2.0, 2.0, -2.0, 2.0));
        assert_eq!(tool_rl_ranges(Some(75)), (-1.0, 1.5, -2.5, 2.5));
        assert_eq!(tool_rl_ranges(Some(300)), (-1.0, 1.0, -3.0, 3.0));
    }

    fn expected(v: Value) -> ExpectedCall {
        serde_json::from_value(v).expect("valid answer")
    }

    #[test]
    fn tool_n1_matches_call_multisets_in_any_order_without_string_normalisation() {
        let alt = vec![
            expected(json!({"f": {"a": [1]}})),
            expected(json!({"f": {"a": [2], "u": ["", "c"]}})),
        ];
        let c = |a: Value| ToolCall::new("f", a);
        assert!(exact_multiset(
            &[c(json!({"a": 2})), c(json!({"a": 1}))],
            &alt
        ));
        assert!(exact_multiset(
            &[c(json!({"a": 1})), c(json!({"a": 2, "u": "c"}))],
            &alt
        ));
        assert!(!exact_multiset(
            &[c(json!({"a": 1})), c(json!({"a": 1}))],
            &alt
        ));
        let s = vec![expected(json!({"g": {"city": ["Paris"]}}))];
        assert!(!exact_multiset(
            &[ToolCall::new("g", json!({"city": "paris"}))],
            &s
        ));
    }
}
