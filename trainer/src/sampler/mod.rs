//! Batched, seeded sampling with a KV cache: temperature, top-k, top-p, stop strings, EOS and a
//! token budget. Each sequence draws from its own RNG derived from (seed, prompt index, sample
//! index), one uniform per token, so a sequence's tokens do not depend on what else is in the
//! batch. Finished rows leave the batch (and the cache) as they finish.

mod prefill;
mod stop;

use std::collections::HashMap;

use candle_core::Tensor;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::{Model, Precision};
use crate::tokenizer::Tokenizer;
use crate::{Error, Result};
use prefill::{Prefilled, prefill};
use stop::StopStrings;

/// How to sample. The serialized fields are the `[sampler]` config section; the rest is set by
/// the caller per request batch.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SamplingParams {
    /// Softmax temperature; 0 means greedy (argmax). Default 0.8, Tool Zero's rollout
    /// temperature.
    pub temperature: f32,
    /// Nucleus mass in (0, 1]; 1 disables top-p (Holtzman et al. 2020).
    pub top_p: f32,
    /// Keep only the k most likely tokens; 0 disables top-k.
    pub top_k: usize,
    /// Most tokens to generate per sequence (per model turn in an episode).
    pub max_new_tokens: usize,
    /// EOS tokens are masked out (probability 0) until this many tokens were generated.
    #[serde(skip)]
    pub min_new_tokens: usize,
    /// Strings that end a completion; the text is cut before the first one.
    #[serde(skip)]
    pub stop: Vec<String>,
    /// Token ids that end a completion (kept as its last token, like EOS): a chat template's
    /// end-of-turn marker, which decoded text never shows.
    #[serde(skip)]
    pub stop_ids: Vec<u32>,
    /// Root of every sequence's RNG.
    #[serde(skip)]
    pub seed: u64,
}

impl Default for SamplingParams {
    fn default() -> Self {
        Self {
            temperature: 0.8,
            top_p: 1.0,
            top_k: 0,
            max_new_tokens: 256,
            min_new_tokens: 0,
            stop: Vec::new(),
            stop_ids: Vec::new(),
            seed: 0,
        }
    }
}

impl SamplingParams {
    /// Checks every field, reporting all problems at once.
    pub fn validate(&self) -> Result<()> {
        let mut errors = Vec::new();
        if !(self.temperature.is_finite() && self.temperature >= 0.0) {
            errors.push(format!(
                "temperature {} must be finite and >= 0",
                self.temperature
            ));
        }
        if !(self.top_p > 0.0 && self.top_p <= 1.0) {
            errors.push(format!("top_p {} must be in (0, 1]", self.top_p));
        }
        if self.stop.iter().any(String::is_empty) {
            errors.push("stop strings must not be empty".to_string());
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Sampling(errors.join("; ")))
        }
    }
}

/// One sequence to sample: its prompt and where it sits in the (prompt, sample) grid, which
/// names its RNG stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Prompt token ids (non-empty).
    pub prompt_ids: Vec<u32>,
    /// Index of the prompt in the run's prompt list.
    pub prompt_index: u64,
    /// Index of this sample among the prompt's samples (GRPO's group member).
    pub sample_index: u64,
    /// Model turn within the episode (0 for the first generation).
    pub round: u64,
    /// This sequence's token budget, when smaller than the params' `max_new_tokens`.
    pub max_new_tokens: Option<usize>,
}

impl Request {
    /// A first-round request for `prompt_ids` at (prompt, sample).
    pub fn new(prompt_ids: Vec<u32>, prompt_index: u64, sample_index: u64) -> Self {
        Self {
            prompt_ids,
            prompt_index,
            sample_index,
            round: 0,
            max_new_tokens: None,
        }
    }
}

/// Why a completion ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinishReason {
    /// The model emitted an end-of-sequence token or one of the stop ids (kept in `token_ids`).
    Eos,
    /// A stop string appeared in the text.
    Stop,
    /// `max_new_tokens` were generated.
    Length,
}

/// A sampled completion.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    /// Generated ids, including a final EOS token and the token that completed a stop string.
    pub token_ids: Vec<u32>,
    /// Decoded text without special tokens, cut before the first stop string.
    pub text: String,
    /// Per token `log softmax(logits / T)[token]` (T = 1 when greedy): the sampling policy's
    /// log-probability before top-k/top-p truncation, which a trainer can recompute from logits.
    pub logprobs: Vec<f32>,
    /// Why it ended.
    pub finish: FinishReason,
}

/// The RNG of one sequence: ChaCha8 keyed by (seed, prompt index, sample index, round,
/// purpose). A trainer derives `seed` from (run seed, optimizer step), so every sample of every
/// turn of every step has its own stream.
pub fn sequence_rng(seed: u64, prompt_index: u64, sample_index: u64, round: u64) -> ChaCha8Rng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&prompt_index.to_le_bytes());
    key[16..24].copy_from_slice(&sample_index.to_le_bytes());
    key[24..28].copy_from_slice(&(round as u32).to_le_bytes());
    key[28..].copy_from_slice(b"smpl");
    ChaCha8Rng::from_seed(key)
}

/// A uniform draw in [0, 1) with 53 random bits.
fn uniform(rng: &mut impl Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// `log sum exp(x)`.
fn log_sum_exp(x: &[f32]) -> f64 {
    let max = x.iter().copied().fold(f32::NEG_INFINITY, f32::max) as f64;
    max + x.iter().map(|&v| (v as f64 - max).exp()).sum::<f64>().ln()
}

/// Orders token indices by descending logit, ties by ascending id (deterministic).
fn by_logit_desc(logits: &[f32]) -> impl Fn(&u32, &u32) -> std::cmp::Ordering + '_ {
    move |a, b| {
        logits[*b as usize]
            .total_cmp(&logits[*a as usize])
            .then(a.cmp(b))
    }
}

/// The `k` most likely token ids, most likely first.
fn top_ids(logits: &[f32], k: usize) -> Vec<u32> {
    let mut ids: Vec<u32> = (0..logits.len() as u32).collect();
    let cmp = by_logit_desc(logits);
    if k < ids.len() {
        ids.select_nth_unstable_by(k, &cmp);
        ids.truncate(k);
    }
    ids.sort_unstable_by(&cmp);
    ids
}

/// The most likely id, the lowest one among ties: `top_ids(logits, 1)[0]` without sorting.
fn argmax(logits: &[f32]) -> u32 {
    let mut best = 0;
    for (id, l) in logits.iter().enumerate().skip(1) {
        if l.total_cmp(&logits[best]).is_gt() {
            best = id;
        }
    }
    best as u32
}

/// Draws from `ids` in their order with probability `prob(id)` renormalised over them: the
/// first id at which the running mass exceeds `u` times the total (the last one if rounding
/// leaves none).
fn draw(ids: impl Iterator<Item = u32> + Clone, prob: impl Fn(u32) -> f64, u: f64) -> u32 {
    let mass: f64 = ids.clone().map(&prob).sum();
    let target = u * mass;
    let mut acc = 0.0;
    let mut last = 0;
    for id in ids {
        acc += prob(id);
        if acc > target {
            return id;
        }
        last = id;
    }
    last
}

/// Vocabulary-sized buffers that [`sample_token`] reuses from one call to the next.
#[derive(Debug, Default)]
struct Scratch {
    scaled: Vec<f32>,
    weights: Vec<f32>,
}

/// Picks one token from `logits` (one row) and returns it with its log-probability.
pub fn sample_token(logits: &[f32], params: &SamplingParams, rng: &mut impl Rng) -> (u32, f32) {
    sample_with(logits, params, rng, &mut Scratch::default())
}

/// [`sample_token`] with reused buffers.
fn sample_with(
    logits: &[f32],
    params: &SamplingParams,
    rng: &mut impl Rng,
    scratch: &mut Scratch,
) -> (u32, f32) {
    let u = uniform(rng); // drawn even when greedy, so streams stay aligned across settings
    if params.temperature == 0.0 {
        let best = argmax(logits);
        let lp = logits[best as usize] as f64 - log_sum_exp(logits);
        return (best, lp as f32);
    }
    let inv_t = 1.0 / params.temperature;
    let Scratch { scaled, weights } = scratch;
    scaled.clear();
    scaled.extend(logits.iter().map(|&l| l * inv_t));
    let max = scaled.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    // Unnormalised probabilities, one exp per token; p(id) = weights[id] / total.
    weights.clear();
    weights.extend(scaled.iter().map(|&x| (x - max).exp()));
    let total: f64 = weights.iter().map(|&w| w as f64).sum();
    let lse = max as f64 + total.ln();
    let weights = &*weights;
    let prob = |id: u32| weights[id as usize] as f64 / total;
    let vocab = scaled.len();
    let top_k = if params.top_k == 0 {
        vocab
    } else {
        params.top_k.min(vocab)
    };
    let choice = if params.top_p >= 1.0 && top_k == vocab {
        draw(0..vocab as u32, prob, u)
    } else if params.top_p >= 1.0 {
        draw(top_ids(scaled, top_k).into_iter(), prob, u)
    } else {
        // Nucleus: grow a sorted candidate list until it holds `top_p` of the mass.
        let mut k = top_k.min(64);
        let kept = loop {
            let ids = top_ids(scaled, k);
            let mut mass = 0.0;
            let cut = ids.iter().position(|&id| {
                mass += prob(id);
                mass >= params.top_p as f64
            });
            match cut {
                Some(i) => break ids[..=i].to_vec(),
                None if k >= top_k => break ids,
                None => k = (k * 4).min(top_k),
            }
        };
        draw(kept.into_iter(), prob, u)
    };
    (choice, (scaled[choice as usize] as f64 - lse) as f32)
}

struct Row {
    rng: ChaCha8Rng,
    next_position: u32,
    tokens: Vec<u32>,
    logprobs: Vec<f32>,
    /// The text, once cut at a stop string (otherwise decoded when the row finishes).
    text: Option<String>,
    /// Most tokens this row may generate.
    budget: usize,
    finish: Option<FinishReason>,
}

impl Row {
    /// Records `token` and decides whether the row is done (see [`stop`] for how stop strings
    /// are found without decoding the whole completion).
    fn push(
        &mut self,
        token: u32,
        lp: f32,
        tok: &Tokenizer,
        params: &SamplingParams,
        stops: &StopStrings<'_>,
    ) -> Result<()> {
        self.tokens.push(token);
        self.logprobs.push(lp);
        self.next_position += 1;
        if stops.completed_by(tok, &self.tokens)? {
            self.text = Some(stops.cut(tok, &self.tokens)?);
            self.finish = Some(FinishReason::Stop);
        } else if tok.eos_ids.contains(&token) || params.stop_ids.contains(&token) {
            self.finish = Some(FinishReason::Eos);
        } else if self.tokens.len() >= self.budget {
            self.finish = Some(FinishReason::Length);
        }
        Ok(())
    }
}

/// Samples one completion per request, all in one batch: left-padded prompts and a KV cache;
/// identical prompts (a GRPO group) are prefilled once and their cache rows copied, distinct
/// prompts of one `prompt_index` share the prefill of their common prefix; a finished
/// row leaves the batch at once, the last live row moving into its place. Runs on detached
/// weights: no autograd graph is built.
pub fn generate(
    model: &Model,
    tokenizer: &Tokenizer,
    requests: &[Request],
    params: &SamplingParams,
) -> Result<Vec<Completion>> {
    params.validate()?;
    if requests.iter().any(|r| r.prompt_ids.is_empty()) {
        return Err(Error::Sampling(
            "every prompt needs at least one token".into(),
        ));
    }
    if requests.is_empty() {
        return Ok(Vec::new());
    }
    // Sampling runs in f32 whatever the training precision (see `crate::model::Precision`).
    let model = model.detached().with_precision(Precision::F32);
    let longest = requests
        .iter()
        .map(|r| r.prompt_ids.len())
        .max()
        .unwrap_or(0);
    if longest + params.max_new_tokens > model.config().max_position_embeddings {
        return Err(Error::Sampling(format!(
            "prompt of {longest} tokens + {} new tokens exceeds max_position_embeddings {}",
            params.max_new_tokens,
            model.config().max_position_embeddings
        )));
    }
    let mut rows: Vec<Row> = requests
        .iter()
        .map(|r| Row {
            rng: sequence_rng(params.seed, r.prompt_index, r.sample_index, r.round),
            next_position: r.prompt_ids.len() as u32,
            tokens: Vec::new(),
            logprobs: Vec::new(),
            text: None,
            budget: r
                .max_new_tokens
                .map_or(params.max_new_tokens, |m| m.min(params.max_new_tokens)),
            finish: (params.max_new_tokens == 0 || r.max_new_tokens == Some(0))
                .then_some(FinishReason::Length),
        })
        .collect();
    if rows.iter().any(|r| r.finish.is_none()) {
        decode(&model, tokenizer, requests, params, &mut rows)?;
    }
    rows.into_iter()
        .map(|r| {
            let text = match r.text {
                Some(text) => text,
                None => tokenizer.decode(&r.tokens, true)?,
            };
            Ok(Completion {
                token_ids: r.tokens,
                text,
                logprobs: r.logprobs,
                finish: r.finish.unwrap_or(FinishReason::Length),
            })
        })
        .collect()
}

/// The decoding loop of [`generate`]: prefill, then one token per live row per step until every
/// row has finished.
fn decode(
    model: &Model,
    tokenizer: &Tokenizer,
    requests: &[Request],
    params: &SamplingParams,
    rows: &mut [Row],
) -> Result<()> {
    let device = model.device().clone();
    // Identical prompts are prefilled once (`row_of[r]`: the unique prompt of request r), and
    // distinct prompts of one group share their common prefix (see `prefill`).
    let mut unique: Vec<Vec<u32>> = Vec::new();
    let mut groups: Vec<u64> = Vec::new();
    let mut first_seen: HashMap<&[u32], usize> = HashMap::new();
    let row_of: Vec<usize> = requests
        .iter()
        .map(|r| {
            *first_seen.entry(&r.prompt_ids).or_insert_with(|| {
                unique.push(r.prompt_ids.clone());
                groups.push(r.prompt_index);
                unique.len() - 1
            })
        })
        .collect();
    let Prefilled {
        mut cache,
        mask: unique_mask,
        logits,
    } = prefill(
        model,
        tokenizer.pad_id,
        &unique,
        &groups,
        requests.len(),
        params.max_new_tokens,
        prefill::SCORE_BUDGET,
    )?;
    // Copy each prompt's cache rows to its samples, last request first: `row_of[r] <= r`, so
    // no unique row is overwritten before it is read.
    cache.set_rows(requests.len())?;
    for (r, &u) in row_of.iter().enumerate().rev() {
        cache.copy_row(u, r)?;
    }
    let mut mask: Vec<Vec<f32>> = row_of.iter().map(|&u| unique_mask[u].clone()).collect();
    // `slots[i]` is the request whose sequence sits in row i of the cache; `logit_rows[i]` the
    // row of `host` holding its logits.
    let mut slots: Vec<usize> = (0..requests.len()).collect();
    let mut logit_rows = row_of;
    let vocab = logits.dim(1)?;
    let mut host: Vec<f32> = logits.flatten_all()?.to_vec1()?;
    let stops = StopStrings::new(tokenizer, &params.stop);
    let (mut scratch, mut no_eos) = (Scratch::default(), Vec::new());
    loop {
        let mut next = Vec::with_capacity(slots.len());
        for (&r, &l) in slots.iter().zip(&logit_rows) {
            let row = &mut rows[r];
            if row.finish.is_some() {
                // A zero budget: finished before its first token.
                next.push(tokenizer.pad_id);
                continue;
            }
            let mut logits = &host[l * vocab..(l + 1) * vocab];
            if row.tokens.len() < params.min_new_tokens {
                no_eos.clear();
                no_eos.extend_from_slice(logits);
                for &eos in &tokenizer.eos_ids {
                    if let Some(l) = no_eos.get_mut(eos as usize) {
                        *l = f32::NEG_INFINITY;
                    }
                }
                logits = &no_eos;
            }
            let (token, lp) = sample_with(logits, params, &mut row.rng, &mut scratch);
            row.push(token, lp, tokenizer, params, &stops)?;
            next.push(token);
        }
        // Drop finished rows: a hole takes the last live row (one row's filled prefix is
        // copied; the cache is never copied whole).
        let (mut live, mut end) = (0, slots.len());
        while live < end {
            if rows[slots[live]].finish.is_none() {
                live += 1;
                continue;
            }
            end -= 1;
            if rows[slots[end]].finish.is_none() {
                cache.copy_row(end, live)?;
                slots.swap(live, end);
                mask.swap(live, end);
                next.swap(live, end);
                live += 1;
            }
        }
        if live == 0 {
            return Ok(());
        }
        slots.truncate(live);
        mask.truncate(live);
        next.truncate(live);
        cache.set_rows(live)?;
        let positions: Vec<u32> = slots.iter().map(|&r| rows[r].next_position - 1).collect();
        for m in &mut mask {
            m.push(1.0);
        }
        let flat_mask: Vec<f32> = mask.iter().flatten().copied().collect();
        let mask_t = Tensor::from_vec(flat_mask, (live, mask[0].len()), &device)?;
        let logits = model.forward_step(&next, &positions, &mask_t, &mut cache)?;
        host = logits.flatten_all()?.to_vec1()?;
        logit_rows = (0..live).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sampler before it reused buffers (commit 9216581), kept as the reference.
    fn reference(logits: &[f32], params: &SamplingParams, rng: &mut impl Rng) -> (u32, f32) {
        let u = uniform(rng);
        if params.temperature == 0.0 {
            let best = top_ids(logits, 1)[0];
            let lp = logits[best as usize] as f64 - log_sum_exp(logits);
            return (best, lp as f32);
        }
        let inv_t = 1.0 / params.temperature;
        let scaled: Vec<f32> = logits.iter().map(|&l| l * inv_t).collect();
        let max = scaled.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let weights: Vec<f32> = scaled.iter().map(|&x| (x - max).exp()).collect();
        let total: f64 = weights.iter().map(|&w| w as f64).sum();
        let lse = max as f64 + total.ln();
        let prob = |id: u32| weights[id as usize] as f64 / total;
        let vocab = scaled.len();
        let top_k = if params.top_k == 0 {
            vocab
        } else {
            params.top_k.min(vocab)
        };
        let kept: Vec<u32> = if params.top_p >= 1.0 {
            if top_k == vocab {
                (0..vocab as u32).collect()
            } else {
                top_ids(&scaled, top_k)
            }
        } else {
            let mut k = top_k.min(64);
            loop {
                let ids = top_ids(&scaled, k);
                let mut mass = 0.0;
                let cut = ids.iter().position(|&id| {
                    mass += prob(id);
                    mass >= params.top_p as f64
                });
                match cut {
                    Some(i) => break ids[..=i].to_vec(),
                    None if k >= top_k => break ids,
                    None => k = (k * 4).min(top_k),
                }
            }
        };
        let mass: f64 = kept.iter().map(|&id| prob(id)).sum();
        let target = u * mass;
        let mut acc = 0.0;
        let mut choice = kept[kept.len() - 1];
        for &id in &kept {
            acc += prob(id);
            if acc > target {
                choice = id;
                break;
            }
        }
        (choice, (scaled[choice as usize] as f64 - lse) as f32)
    }

    #[test]
    fn sampling_with_reused_buffers_draws_exactly_what_the_reference_draws() {
        let mut data = sequence_rng(3, 0, 0, 0);
        let settings = [
            (0.0, 1.0, 0),
            (1.0, 1.0, 0),
            (0.7, 1.0, 5),
            (1.3, 0.9, 0),
            (0.8, 0.5, 40),
        ];
        let mut scratch = Scratch::default();
        for (temperature, top_p, top_k) in settings {
            let params = SamplingParams {
                temperature,
                top_p,
                top_k,
                ..Default::default()
            };
            for case in 0..50u64 {
                // Ties included: logits on a coarse grid.
                let logits: Vec<f32> = (0..300)
                    .map(|_| ((data.next_u64() % 64) as f32 - 32.0) / 4.0)
                    .collect();
                let mut a = sequence_rng(1, case, 0, 0);
                let mut b = a.clone();
                let want = reference(&logits, &params, &mut a);
                assert_eq!(sample_with(&logits, &params, &mut b, &mut scratch), want);
                assert_eq!(
                    sample_token(&logits, &params, &mut b),
                    reference(&logits, &params, &mut a)
                );
            }
        }
    }
}
