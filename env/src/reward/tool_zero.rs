//! Tool Zero's staged generalization reward ("Tool Zero: Training Tool-Augmented LLMs via Pure
//! RL from Scratch", 2025):
//!
//! ```text
//! R        = R_format + R_tool
//! R_tool   = σ(t)·r_strict + (1 − σ(t))·r_general
//! σ(t)     = 1 / (1 + exp(−κ(t − m))),  κ = 0.1, m = 25, t = global optimizer step
//! r_general = −0.5 + |Y ∩ Y*| / |Y*|      (multisets of call tokens, see `call_tokens`)
//! r_strict  = match + bonus + wrong_arguments ∈ {0, 0.3, 1, 1.3}
//! ```
//!
//! Early (σ(0) ≈ 0.076) the smooth token overlap dominates, so a model that has never produced
//! a correct call still gets a gradient toward the right function and arguments; late
//! (σ(50) ≈ 0.924) exact BFCL correctness dominates.
//!
//! Choices the paper leaves open, and why:
//! * `R_format` = [`FORMAT_OK`] (+0.2) when [`Parsed::is_well_formatted`]; 0 when something was
//!   read (calls or an answer) but the format was broken; [`FORMAT_UNPARSEABLE`] (−0.5) when
//!   nothing was read. +0.2 is small next to a correct call (1) so format cannot be farmed, yet
//!   it separates otherwise-equal samples of a GRPO group; −0.5 puts an unparseable completion
//!   (total −1) below every parseable one (≥ −0.5), so the first thing learned is to be read.
//! * `match` = 1 when the calls pass the BFCL checker against some alternative (or, where the
//!   episode consulted execution, against the alternative widened by execution; the part
//!   `strict_by_execution` is then 1). A state-checked turn (BFCL multi-turn) has no calls to
//!   match: `match` is its state check's verdict ([`GroundTruth::state_verdict`]), with no bonus
//!   and no wrong-arguments term, and `strict_by_execution` is 1 when it passed; `bonus` = [`PARALLEL_BONUS`] (+0.3) when a matched
//!   alternative has two or more calls (parallel calls fully matched).
//! * `wrong_arguments` = [`WRONG_ARGUMENTS`] (+0.3, configurable, either sign) when nothing
//!   matched and some call names a function of an alternative but passes none of that
//!   alternative's expected calls of its name: the right function with wrong arguments,
//!   whichever way they are wrong (a value or type, a missing or an unexpected parameter). It is
//!   decided from the whole call, so it does not depend on argument order, and omitting an
//!   argument is never better than getting it wrong. The paper's summaries write this term both
//!   as "+0.3" and as a "penalty". The default is the partial credit, because it orders outcomes
//!   the way learning has to climb them: no call or a wrong function (0) < the right function
//!   (+0.3) < the right call (1). Measured with the from-scratch learning test
//!   (`trainer/tests/learn.rs`): with −0.3, calling the right function with a value not yet
//!   learned scores below calling an unrelated one, and the policy learned to avoid the right
//!   function (right-function share 9% → 1% over 800 steps, no held-out task solved); with
//!   +0.3 it reached 92–100% of held-out tasks.
//!   The three add up; match and wrong_arguments exclude each other.
//! * Optional parameters (`""` anywhere among the accepted values) are expected only when the
//!   model supplies them with an accepted value ([`ExpectedCall::canonical_call`](crate::checker::ExpectedCall::canonical_call)),
//!   so a correct call that omits one earns r_general 0.5, as the checker passes it. Each
//!   expected value is written as the model's own value where the answer accepts it, so any
//!   accepted spelling earns full overlap.
//! * No-call ground truth: `match` = 1 (and r_general = +0.5) iff the completion answers without
//!   calling; otherwise `match` = 0 and r_general = −0.5. Y* is empty there, so the overlap ratio
//!   is replaced by the only meaningful signal, "did it abstain".
//! * Any-call ground truth (BFCL relevance): `match` = 1 and r_general = +0.5 iff at least one
//!   call was read, else 0 and −0.5; no bonus (calling twice earns nothing more).
//! * Several alternatives: `match`/`bonus` from the best matched alternative, r_general the
//!   maximum over alternatives.
//! * `general_precision` = |Y ∩ Y*| / |Y| (for the alternative that sets r_general) is logged
//!   beside the recall, not rewarded: a completion that stuffs its calls with every word of the
//!   request raises recall but shows as low precision.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde_json::Value;

use super::{GroundTruth, RewardBreakdown, answers_without_calling, canonical_calls};
use crate::checker::{self, Language, PossibleAnswer, check_call_in, find_spec};
use crate::parse::Parsed;
use crate::spec::{FunctionSpec, ToolCall};

/// Default steepness κ of σ(t).
pub const KAPPA: f64 = 0.1;
/// Default midpoint m of σ(t), in optimizer steps.
pub const MIDPOINT: f64 = 25.0;
/// R_format of a well-formatted completion.
pub const FORMAT_OK: f64 = 0.2;
/// R_format of a completion with violations from which calls or an answer were still read.
pub const FORMAT_BROKEN: f64 = 0.0;
/// R_format of a completion from which nothing was read.
pub const FORMAT_UNPARSEABLE: f64 = -0.5;
/// Default r_strict bonus for a fully matched ground truth of several calls.
pub const PARALLEL_BONUS: f64 = 0.3;
/// Default r_strict term for the right function with wrong arguments (partial credit).
pub const WRONG_ARGUMENTS: f64 = 0.3;

/// The configurable r_strict terms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Terms {
    /// Added when a parallel answer is fully matched.
    pub parallel_bonus: f64,
    /// Added when the right function is called with wrong arguments.
    pub wrong_arguments: f64,
}

impl Default for Terms {
    fn default() -> Self {
        Self {
            parallel_bonus: PARALLEL_BONUS,
            wrong_arguments: WRONG_ARGUMENTS,
        }
    }
}

/// σ(t) = 1 / (1 + exp(−κ(t − m))): the weight of r_strict at step `t`.
pub fn sigma(t: f64, kappa: f64, midpoint: f64) -> f64 {
    1.0 / (1.0 + (-kappa * (t - midpoint)).exp())
}

/// R_format (see the module doc).
pub fn format_reward(parsed: &Parsed) -> f64 {
    if parsed.is_well_formatted() {
        FORMAT_OK
    } else if parsed.is_parseable() {
        FORMAT_BROKEN
    } else {
        FORMAT_UNPARSEABLE
    }
}

/// r_strict's terms for one completion.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Strict {
    /// 1 when the calls match an alternative.
    pub matched: f64,
    /// The parallel bonus, when a matched alternative has several calls.
    pub bonus: f64,
    /// The wrong-arguments term, when nothing matched but a right function was called wrongly.
    pub wrong_arguments: f64,
    /// Whether the match needed execution (the plain checker alone rejected it).
    pub by_execution: bool,
}

impl Strict {
    /// `match + bonus + wrong_arguments`.
    pub fn total(&self) -> f64 {
        self.matched + self.bonus + self.wrong_arguments
    }
}

/// The length of the best (longest) alternative the completion matches.
fn best_match<'a>(
    language: Language,
    parsed: &Parsed,
    specs: &[FunctionSpec],
    alts: impl Iterator<Item = &'a [checker::ExpectedCall]>,
) -> Option<usize> {
    let mut best = None;
    for alt in alts {
        let ok = if alt.is_empty() {
            answers_without_calling(parsed)
        } else {
            checker::check_in(language, specs, &parsed.calls, alt).valid
        };
        if ok {
            best = best.max(Some(alt.len()));
        }
    }
    best
}

/// The alternatives scoring should use for overlap and wrong arguments: the ones widened by
/// execution when present.
fn widest(truth: &GroundTruth) -> &[PossibleAnswer] {
    if truth.by_execution.is_empty() {
        &truth.alternatives
    } else {
        &truth.by_execution
    }
}

/// r_strict's terms (see the module doc).
pub fn strict_terms(
    parsed: &Parsed,
    specs: &[FunctionSpec],
    truth: &GroundTruth,
    terms: Terms,
) -> Strict {
    if truth.any_call {
        let matched = if parsed.calls.is_empty() { 0.0 } else { 1.0 };
        return Strict {
            matched,
            ..Strict::default()
        };
    }
    if let Some(valid) = truth.state_verdict {
        return Strict {
            matched: if valid { 1.0 } else { 0.0 },
            by_execution: valid,
            ..Strict::default()
        };
    }
    let language = truth.language;
    let plain = best_match(language, parsed, specs, truth.iter());
    let executed = match plain {
        None if !truth.by_execution.is_empty() => best_match(
            language,
            parsed,
            specs,
            truth.by_execution.iter().map(Vec::as_slice),
        ),
        _ => None,
    };
    match plain.or(executed) {
        Some(n) => Strict {
            matched: 1.0,
            bonus: if n >= 2 { terms.parallel_bonus } else { 0.0 },
            wrong_arguments: 0.0,
            by_execution: executed.is_some(),
        },
        None if right_function_wrong_arguments(language, &parsed.calls, specs, widest(truth)) => {
            Strict {
                wrong_arguments: terms.wrong_arguments,
                ..Strict::default()
            }
        }
        None => Strict::default(),
    }
}

/// Some call names a function of an alternative and passes none of that alternative's
/// expected calls of its name. A call that passes one (a correct part of an incomplete
/// parallel answer) is not wrong.
fn right_function_wrong_arguments(
    language: Language,
    calls: &[ToolCall],
    specs: &[FunctionSpec],
    alternatives: &[PossibleAnswer],
) -> bool {
    alternatives.iter().any(|alt| {
        calls.iter().any(|call| {
            let mut named = alt.iter().filter(|e| e.name == call.name).peekable();
            named.peek().is_some()
                && named.all(|expected| {
                    find_spec(specs, &expected.name)
                        .is_some_and(|spec| check_call_in(language, spec, call, expected).is_err())
                })
        })
    })
}

/// The token overlap of a completion's calls with the ground truth's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Overlap {
    /// |Y ∩ Y*| / |Y*| (the no-call and any-call rules give 1 or 0).
    pub recall: f64,
    /// |Y ∩ Y*| / |Y| (0 when the completion made no call; the rules above give 1 or 0).
    pub precision: f64,
}

/// The overlap with the alternative of highest recall (no-call and any-call rules in the module
/// doc). r_general = −0.5 + recall.
pub fn overlap_with(parsed: &Parsed, specs: &[FunctionSpec], truth: &GroundTruth) -> Overlap {
    let rule = |hit: bool| {
        let v = if hit { 1.0 } else { 0.0 };
        Overlap {
            recall: v,
            precision: v,
        }
    };
    if truth.any_call {
        return rule(!parsed.calls.is_empty());
    }
    let mut predicted = Vec::new();
    parsed
        .calls
        .iter()
        .for_each(|c| call_tokens(c, &mut predicted));
    predicted.sort_unstable();
    let alternatives = widest(truth);
    let none: &[checker::ExpectedCall] = &[];
    let empty = alternatives.is_empty().then_some(none);
    alternatives
        .iter()
        .map(Vec::as_slice)
        .chain(empty)
        .map(|alt| {
            if alt.is_empty() {
                return rule(answers_without_calling(parsed));
            }
            let truth_calls = canonical_calls(truth.language, specs, alt, &parsed.calls);
            let mut expected = Vec::new();
            truth_calls
                .iter()
                .for_each(|c| call_tokens(c, &mut expected));
            expected.sort_unstable();
            let hits = overlap(&predicted, &expected) as f64;
            Overlap {
                recall: if expected.is_empty() {
                    1.0
                } else {
                    hits / expected.len() as f64
                },
                precision: if predicted.is_empty() {
                    0.0
                } else {
                    hits / predicted.len() as f64
                },
            }
        })
        .fold(None, |best: Option<Overlap>, o| match best {
            Some(b) if b.recall >= o.recall => Some(b),
            _ => Some(o),
        })
        .unwrap_or(Overlap {
            recall: 0.0,
            precision: 0.0,
        })
}

/// r_general = −0.5 + |Y ∩ Y*| / |Y*|, the best over alternatives (see [`overlap_with`]).
pub fn general(parsed: &Parsed, specs: &[FunctionSpec], truth: &GroundTruth) -> f64 {
    -0.5 + overlap_with(parsed, specs, truth).recall
}

/// |A ∩ B| of two sorted multisets.
fn overlap(a: &[Cow<'_, str>], b: &[Cow<'_, str>]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The token multiset of a call, for r_general: the function name, then every argument key and
/// value, walked in order (object keys included at every depth), each text split into maximal
/// runs of alphanumeric characters and lowercased. Numbers are written canonically first
/// (an integral float as an integer, so `10` and `10.0` agree); booleans and null as
/// `true`/`false`/`null`. E.g. `get_weather(city="San Francisco", days=3)` →
/// `get weather city san francisco days 3`.
pub fn call_tokens<'a>(call: &'a ToolCall, out: &mut Vec<Cow<'a, str>>) {
    split_words(&call.name, out);
    value_tokens(&call.arguments, out);
}

fn value_tokens<'a>(v: &'a Value, out: &mut Vec<Cow<'a, str>>) {
    match v {
        Value::Null => out.push(Cow::Borrowed("null")),
        Value::Bool(b) => out.push(Cow::Borrowed(if *b { "true" } else { "false" })),
        Value::Number(n) => match (n.is_f64(), n.as_f64()) {
            (true, Some(f)) if f.fract() == 0.0 && f.abs() < 1e15 => {
                split_owned(&format!("{f:.0}"), out)
            }
            _ => split_owned(&n.to_string(), out),
        },
        Value::String(s) => split_words(s, out),
        Value::Array(items) => items.iter().for_each(|x| value_tokens(x, out)),
        Value::Object(map) => map.iter().for_each(|(k, x)| {
            split_words(k, out);
            value_tokens(x, out);
        }),
    }
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Words of a borrowed text: borrowed when already lowercase, the usual case.
fn split_words<'a>(s: &'a str, out: &mut Vec<Cow<'a, str>>) {
    for word in words(s) {
        if word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            out.push(Cow::Borrowed(word));
        } else {
            out.push(Cow::Owned(word.to_lowercase()));
        }
    }
}

/// Words of a temporary text (a formatted number).
fn split_owned(s: &str, out: &mut Vec<Cow<'_, str>>) {
    out.extend(words(s).map(|w| Cow::Owned(w.to_lowercase())));
}

/// The Tool Zero reward with a given σ (σ ≡ 1: strict-only; σ ≡ 0: general-only).
pub fn score(
    parsed: &Parsed,
    specs: &[FunctionSpec],
    truth: &GroundTruth,
    sigma: f64,
    terms: Terms,
) -> RewardBreakdown {
    let format = format_reward(parsed);
    let s = strict_terms(parsed, specs, truth, terms);
    let strict = s.total();
    let overlap = overlap_with(parsed, specs, truth);
    let general = -0.5 + overlap.recall;
    let tool = sigma * strict + (1.0 - sigma) * general;
    RewardBreakdown::new(
        format + tool,
        &[
            ("format", format),
            ("strict_match", s.matched),
            ("strict_bonus", s.bonus),
            ("strict_wrong_arguments", s.wrong_arguments),
            ("strict", strict),
            (
                "strict_by_execution",
                if s.by_execution { 1.0 } else { 0.0 },
            ),
            ("general", general),
            ("general_precision", overlap.precision),
            ("sigma", sigma),
            ("tool", tool),
        ],
    )
}
