//! Tool Zero's staged generalization reward ("Tool Zero: Training Tool-Augmented LLMs via Pure
//! RL from Scratch", 2025):
//!
//! ```text
//! R        = R_format + R_tool
//! R_tool   = σ(t)·r_strict + (1 − σ(t))·r_general
//! σ(t)     = 1 / (1 + exp(−κ(t − m))),  κ = 0.1, m = 25, t = global optimizer step
//! r_general = −0.5 + |Y ∩ Y*| / |Y*|      (multisets of call tokens, see `call_tokens`)
//! r_strict  = match + bonus + penalty ∈ {−0.3, 0, 1, 1.3}
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
//! * `match` = 1 when the calls pass the BFCL checker against some alternative; `bonus` = +0.3
//!   when a matched alternative has two or more calls (parallel calls fully matched); `penalty`
//!   = −0.3 when nothing matched but some call names a ground-truth function and fails it only on
//!   a value or its type ([`CheckError::is_wrong_value`](crate::checker::CheckError::is_wrong_value)) and
//!   passes no other expected call of its name — worse than a wrong function (0),
//!   because a near miss that would execute with a wrong value is the costlier error for a tool
//!   user, and it keeps exact values worth learning once names are right. The three add up;
//!   match and penalty exclude each other.
//! * No-call ground truth: `match` = 1 (and r_general = +0.5) iff the completion answers without
//!   calling; otherwise `match` = 0 and r_general = −0.5. Y* is empty there, so the overlap ratio
//!   is replaced by the only meaningful signal, "did it abstain".
//! * Several alternatives: `match`/`bonus` from the best matched alternative, r_general the
//!   maximum over alternatives (each alternative written as calls by its first values).

use std::borrow::Cow;
use std::cmp::Ordering;

use serde_json::Value;

use super::{GroundTruth, RewardBreakdown, answers_without_calling, canonical_calls};
use crate::checker::{self, check_call, find_spec};
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
/// r_strict bonus for a fully matched ground truth of several calls.
pub const PARALLEL_BONUS: f64 = 0.3;
/// r_strict penalty for the right function with a wrong parameter value.
pub const WRONG_VALUE_PENALTY: f64 = -0.3;

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

/// r_strict's terms: (match, bonus, penalty).
pub fn strict_terms(
    parsed: &Parsed,
    specs: &[FunctionSpec],
    truth: &GroundTruth,
) -> (f64, f64, f64) {
    let mut best: Option<usize> = None;
    for alt in truth.iter() {
        let ok = if alt.is_empty() {
            answers_without_calling(parsed)
        } else {
            checker::check(specs, &parsed.calls, alt).valid
        };
        if ok {
            best = best.max(Some(alt.len()));
        }
    }
    match best {
        Some(n) => (1.0, if n >= 2 { PARALLEL_BONUS } else { 0.0 }, 0.0),
        None if right_function_wrong_value(&parsed.calls, specs, truth) => {
            (0.0, 0.0, WRONG_VALUE_PENALTY)
        }
        None => (0.0, 0.0, 0.0),
    }
}

/// Some call fails every expected call of its function (in some alternative), at least one of
/// them only on a value or its type. A call that passes one expected call of its name (a
/// correct part of an incomplete parallel answer) is not penalized.
fn right_function_wrong_value(
    calls: &[ToolCall],
    specs: &[FunctionSpec],
    truth: &GroundTruth,
) -> bool {
    truth.iter().any(|alt| {
        calls.iter().any(|call| {
            let mut wrong_value = false;
            for expected in alt.iter().filter(|e| e.name == call.name) {
                let Some(spec) = find_spec(specs, &expected.name) else {
                    continue;
                };
                match check_call(spec, call, expected) {
                    Ok(()) => return false,
                    Err(e) => wrong_value |= e.is_wrong_value(),
                }
            }
            wrong_value
        })
    })
}

/// r_general = −0.5 + |Y ∩ Y*| / |Y*|, the best over alternatives (no-call rule in the module
/// doc).
pub fn general(parsed: &Parsed, specs: &[FunctionSpec], truth: &GroundTruth) -> f64 {
    let mut predicted = Vec::new();
    parsed
        .calls
        .iter()
        .for_each(|c| call_tokens(c, &mut predicted));
    predicted.sort_unstable();
    truth
        .iter()
        .map(|alt| {
            if alt.is_empty() {
                return if answers_without_calling(parsed) {
                    0.5
                } else {
                    -0.5
                };
            }
            let truth_calls = canonical_calls(specs, alt);
            let mut expected = Vec::new();
            truth_calls
                .iter()
                .for_each(|c| call_tokens(c, &mut expected));
            expected.sort_unstable();
            if expected.is_empty() {
                return 0.5;
            }
            -0.5 + overlap(&predicted, &expected) as f64 / expected.len() as f64
        })
        .fold(f64::NEG_INFINITY, f64::max)
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
) -> RewardBreakdown {
    let format = format_reward(parsed);
    let (matched, bonus, penalty) = strict_terms(parsed, specs, truth);
    let strict = matched + bonus + penalty;
    let general = general(parsed, specs, truth);
    let tool = sigma * strict + (1.0 - sigma) * general;
    RewardBreakdown::new(
        format + tool,
        &[
            ("format", format),
            ("strict_match", matched),
            ("strict_bonus", bonus),
            ("strict_penalty", penalty),
            ("strict", strict),
            ("general", general),
            ("sigma", sigma),
            ("tool", tool),
        ],
    )
}
