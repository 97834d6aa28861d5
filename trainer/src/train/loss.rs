//! The GRPO loss over a batch of trajectories and its gradient, micro-batch by micro-batch.
//!
//! Only model tokens enter the loss: the log-probability of token `p + 1` is computed from the
//! hidden state at `p` exactly where `trained[p + 1]`, so prompt and tool tokens are never
//! selected and cannot contribute (their logits are not even computed). Each selected token
//! carries its sequence's advantage, its loss weight (from the batch-wide aggregation) and its
//! old log-probability. Sequences that share a prefix (a GRPO group's prompt) are packed into
//! one row that computes the prefix once ([`super::pack`]); rows form micro-batches by a
//! padded-token budget; every micro-batch's loss is a part of the one batch loss (the weights
//! already hold the batch-wide denominators), so summing their gradients gives the full
//! batch's gradient.

use std::collections::HashMap;

use candle_core::backprop::GradStore;
use candle_core::{DType, Tensor, Var};

use super::pack::{self, Row};
use crate::grpo;
use crate::model::ops::token_logprobs;
use crate::model::{LayerContext, Model};
use crate::{Error, Result};

/// One sequence of the batch as the loss sees it.
pub struct Scored<'a> {
    /// Its token ids.
    pub ids: &'a [u32],
    /// Per token: a model token (trained).
    pub trained: &'a [bool],
    /// Per token: log π_old (used where trained).
    pub old: &'a [f32],
    /// Its advantage A_i.
    pub advantage: f64,
    /// The loss weight w_i of each of its model tokens.
    pub weight: f64,
}

/// The loss's settings.
#[derive(Debug, Clone, Copy)]
pub struct LossSettings {
    /// Sampling temperature T (log-probabilities are of `softmax(logits / T)`).
    pub temperature: f64,
    /// ε_low.
    pub clip_low: f64,
    /// ε_high.
    pub clip_high: f64,
    /// β of the k3 KL term.
    pub kl_coef: f64,
    /// Padded tokens per micro-batch.
    pub micro_batch_tokens: usize,
    /// Rows per log-probability chunk.
    pub logprob_chunk: usize,
    /// Recompute each layer's activations in the backward pass instead of keeping them
    /// (activation checkpointing; see [`loss_and_gradients`]).
    pub recompute: bool,
    /// Pack sequences that share a prefix (a group's prompt) into one row that computes the
    /// prefix once ([`super::pack`]); the loss and gradient are the same either way, up to
    /// float summation order.
    pub share_prefixes: bool,
}

/// What one pass over the batch measured.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LossStats {
    /// The batch loss L.
    pub loss: f64,
    /// Model tokens scored.
    pub tokens: usize,
    /// Mean policy entropy per model token (nats).
    pub entropy: f64,
    /// Share of tokens clipped below (ρ < 1 − ε_low, A < 0).
    pub clip_low: f64,
    /// Share of tokens clipped above (ρ > 1 + ε_high, A > 0).
    pub clip_high: f64,
    /// Mean k3 KL to the reference (0 without one).
    pub kl: f64,
    /// Largest |log π_θ − log π_old| over model tokens (with μ = 1 before the update: the gap
    /// between the sampler's and the trainer's log-probabilities).
    pub max_logprob_gap: f64,
    /// Per sequence, its trainer log-probabilities at model tokens (position-aligned, 0 elsewhere).
    pub logprobs: Vec<Vec<f32>>,
}

/// Micro-batches: consecutive sequences whose padded size stays within `budget` tokens.
pub fn micro_batches(lengths: &[usize], budget: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < lengths.len() {
        let mut end = start + 1;
        let mut longest = lengths[start];
        while end < lengths.len() {
            let l = longest.max(lengths[end]);
            if l * (end + 1 - start) > budget {
                break;
            }
            longest = l;
            end += 1;
        }
        out.push(start..end);
        start = end;
    }
    out
}

/// A selected token: its row in the flattened `[b·t]` hidden states, its target id, its
/// sequence's index in the batch and its position there.
type Selected = (u32, u32, usize, usize);

/// One micro-batch as the model takes it: packed rows ([`super::pack`]), right-padded.
struct Micro {
    ids: Tensor,
    ctx: LayerContext,
    /// The positions `p` whose next token is a model token, scored from the hidden state at
    /// `p`'s column.
    sel: Vec<Selected>,
}

/// The micro-batches of `seqs`: packed rows (sharing prefixes when `settings.share_prefixes`),
/// then consecutive rows whose padded size stays within the token budget.
fn plan(seqs: &[Scored<'_>], settings: &LossSettings) -> Vec<Vec<Row>> {
    let ids: Vec<&[u32]> = seqs.iter().map(|s| s.ids).collect();
    let rows = pack::pack(&ids, settings.micro_batch_tokens, settings.share_prefixes);
    let lengths: Vec<usize> = rows.iter().map(|r| r.len).collect();
    micro_batches(&lengths, settings.micro_batch_tokens)
        .into_iter()
        .map(|range| rows[range].to_vec())
        .collect()
}

/// The model's inputs for `rows`, right-padded with `pad_id`, and the selected tokens; `None`
/// when the rows hold no model token to score.
fn inputs(model: &Model, pad_id: u32, seqs: &[Scored<'_>], rows: &[Row]) -> Result<Option<Micro>> {
    let cols = rows.iter().map(|r| r.len).max().unwrap_or(0);
    let mut sel = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for m in &row.members {
            let s = &seqs[m.seq];
            for p in 0..s.ids.len().saturating_sub(1) {
                if s.trained[p + 1] {
                    let flat = r * cols + row.column(m, p);
                    sel.push((flat as u32, s.ids[p + 1], m.seq, p + 1));
                }
            }
        }
    }
    if sel.is_empty() {
        return Ok(None);
    }
    let ids: Vec<&[u32]> = seqs.iter().map(|s| s.ids).collect();
    let b = rows.len();
    let (mut tokens, mut positions) = (vec![pad_id; b * cols], vec![0u32; b * cols]);
    let mut spans = Vec::with_capacity(b);
    for (r, row) in rows.iter().enumerate() {
        let columns = row.columns(&ids);
        for (c, (id, pos, _)) in columns.iter().enumerate() {
            tokens[r * cols + c] = *id;
            positions[r * cols + c] = *pos;
        }
        spans.push(row.spans(cols));
    }
    let device = model.device();
    let tokens = Tensor::from_vec(tokens, (b, cols), device)?;
    let positions = Tensor::from_vec(positions, (b, cols), device)?;
    let ctx = model.masked_context(&tokens, &positions, spans)?;
    Ok(Some(Micro {
        ids: tokens,
        ctx,
        sel,
    }))
}

/// Final-norm hidden states `[b·t, hidden]` of a micro-batch.
fn flat_hidden(model: &Model, micro: &Micro) -> Result<Tensor> {
    let hidden = model.hidden_in(&micro.ids, &micro.ctx)?;
    let (b, t, h) = hidden.dims3()?;
    Ok(hidden.reshape((b * t, h))?)
}

/// Adds `loss`'s gradient with respect to every var into `into`.
fn accumulate(
    loss: &Tensor,
    vars: &[(String, Var)],
    into: &mut HashMap<String, Tensor>,
) -> Result<()> {
    add_gradients(&loss.backward()?, vars, into)?;
    Ok(())
}

/// Adds the gradients in `grads` of every var into `into` (by name); returns `grads`.
fn add_gradients<'g>(
    grads: &'g GradStore,
    vars: &[(String, Var)],
    into: &mut HashMap<String, Tensor>,
) -> Result<&'g GradStore> {
    for (name, var) in vars {
        if let Some(g) = grads.get(var.as_tensor()) {
            let g = g.detach();
            match into.get_mut(name) {
                Some(acc) => *acc = (&*acc + g)?,
                None => {
                    into.insert(name.clone(), g);
                }
            }
        }
    }
    Ok(grads)
}

/// Log-probabilities of the selected tokens under `model`, no gradient, per sequence and
/// position-aligned (the old policy for μ > 1, or the reference policy for the KL term).
pub fn logprobs_no_grad(
    model: &Model,
    pad_id: u32,
    seqs: &[Scored<'_>],
    settings: &LossSettings,
) -> Result<Vec<Vec<f32>>> {
    let model = model.detached();
    let mut out: Vec<Vec<f32>> = seqs.iter().map(|s| vec![0.0; s.ids.len()]).collect();
    for rows in plan(seqs, settings) {
        let Some(micro) = inputs(&model, pad_id, seqs, &rows)? else {
            continue;
        };
        let hidden = flat_hidden(&model, &micro)?;
        let sel = &micro.sel;
        let rows: Vec<u32> = sel.iter().map(|s| s.0).collect();
        let targets: Vec<u32> = sel.iter().map(|s| s.1).collect();
        let h = hidden.index_select(&Tensor::new(rows.as_slice(), hidden.device())?, 0)?;
        let lp = token_logprobs(
            &h,
            model.output_weight(),
            &targets,
            settings.temperature,
            settings.logprob_chunk,
            model.precision(),
        )?;
        let values: Vec<f32> = lp.logprobs.to_vec1()?;
        for ((_, _, i, p), v) in sel.iter().zip(values) {
            out[*i][*p] = v;
        }
    }
    Ok(out)
}

/// What the loss head computed for one micro-batch: the loss (a scalar with its graph back to
/// the hidden states), and per selected token its log-probability, old log-probability,
/// advantage and entropy.
struct Head {
    loss: Tensor,
    kl: f64,
    logprobs: Vec<f32>,
    old: Vec<f32>,
    adv: Vec<f32>,
    entropy: Vec<f32>,
}

/// The GRPO loss of the selected tokens `sel` of `seqs` (the whole batch) from a micro-batch's
/// final-norm hidden states `[b·t, hidden]`.
fn head(
    model: &Model,
    hidden: &Tensor,
    seqs: &[Scored<'_>],
    sel: &[Selected],
    reference: Option<&[Vec<f32>]>,
    settings: &LossSettings,
) -> Result<Head> {
    let device = hidden.device().clone();
    let rows: Vec<u32> = sel.iter().map(|s| s.0).collect();
    let targets: Vec<u32> = sel.iter().map(|s| s.1).collect();
    debug_assert!(rows.iter().all(|r| (*r as usize) < hidden.dims()[0]));
    let h = hidden.index_select(&Tensor::new(rows.as_slice(), &device)?, 0)?; // [n, hidden]
    let lp = token_logprobs(
        &h,
        model.output_weight(),
        &targets,
        settings.temperature,
        settings.logprob_chunk,
        model.precision(),
    )?;
    let old: Vec<f32> = sel.iter().map(|(_, _, i, p)| seqs[*i].old[*p]).collect();
    let adv: Vec<f32> = sel
        .iter()
        .map(|(_, _, i, _)| seqs[*i].advantage as f32)
        .collect();
    let weight: Vec<f32> = sel
        .iter()
        .map(|(_, _, i, _)| seqs[*i].weight as f32)
        .collect();
    let n = sel.len();
    let old_t = Tensor::from_vec(old.clone(), n, &device)?;
    let adv_t = Tensor::from_vec(adv.clone(), n, &device)?;
    let w_t = Tensor::from_vec(weight, n, &device)?;
    // ℓ = −min(ρ·A, clip(ρ, 1 − ε_low, 1 + ε_high)·A), ρ = exp(log π_θ − log π_old).
    let ratio = (&lp.logprobs - &old_t)?.exp()?;
    let unclipped = (&ratio * &adv_t)?;
    let clipped = (ratio.clamp(1.0 - settings.clip_low, 1.0 + settings.clip_high)? * &adv_t)?;
    let mut per_token = unclipped.minimum(&clipped)?.neg()?;
    let mut kl = 0.0;
    if let (Some(reference), true) = (reference, settings.kl_coef > 0.0) {
        let r: Vec<f32> = sel.iter().map(|(_, _, i, p)| reference[*i][*p]).collect();
        let d = (Tensor::from_vec(r, n, &device)? - &lp.logprobs)?; // log π_ref − log π_θ
        let k3 = ((d.exp()? - &d)? - 1.0)?;
        kl = k3.sum_all()?.to_dtype(DType::F64)?.to_scalar::<f64>()?;
        per_token = (per_token + (k3 * settings.kl_coef)?)?;
    }
    Ok(Head {
        loss: (per_token * w_t)?.sum_all()?,
        kl,
        logprobs: lp.logprobs.to_vec1()?,
        old,
        adv,
        entropy: lp.entropy,
    })
}

/// The batch loss's gradient, accumulated over micro-batches into `grads` (by var name).
/// `reference`: the reference policy's log-probabilities for the KL term (position-aligned).
///
/// With `settings.recompute`, each micro-batch's forward pass keeps only the input of every
/// decoder layer (no autograd graph), and the backward pass runs layer by layer from the top,
/// recomputing one layer's forward with its graph at a time (activation checkpointing): the
/// gradient of layer `i` comes from the scalar `sum(y_i ⊙ g_i)`, whose gradient with respect
/// to the layer's input and weights is the vector–Jacobian product with `g_i = ∂L/∂y_i`. The
/// gradient is the same as without recomputation (up to float summation order); the peak
/// memory is one layer's graph instead of all of them, for one more forward pass.
pub fn loss_and_gradients(
    model: &Model,
    vars: &[(String, Var)],
    pad_id: u32,
    seqs: &[Scored<'_>],
    reference: Option<&[Vec<f32>]>,
    settings: &LossSettings,
    grads: &mut HashMap<String, Tensor>,
) -> Result<LossStats> {
    let mut stats = LossStats {
        logprobs: seqs.iter().map(|s| vec![0.0; s.ids.len()]).collect(),
        ..LossStats::default()
    };
    let (mut entropy, mut low, mut high, mut kl) = (0.0, 0usize, 0usize, 0.0);
    let detached = settings.recompute.then(|| model.detached());
    for rows in plan(seqs, settings) {
        let Some(micro) = inputs(model, pad_id, seqs, &rows)? else {
            continue;
        };
        let sel = &micro.sel;
        let out = match &detached {
            None => {
                let hidden = flat_hidden(model, &micro)?;
                let out = head(model, &hidden, seqs, sel, reference, settings)?;
                accumulate(&out.loss, vars, grads)?;
                out
            }
            Some(detached) => recomputed(model, detached, &micro, vars, grads, |hidden| {
                head(model, hidden, seqs, sel, reference, settings)
            })?,
        };
        stats.loss += out.loss.to_dtype(DType::F64)?.to_scalar::<f64>()?;
        kl += out.kl;
        for (n, (_, _, i, p)) in sel.iter().enumerate() {
            let (v, old) = (out.logprobs[n] as f64, out.old[n] as f64);
            stats.logprobs[*i][*p] = out.logprobs[n];
            stats.max_logprob_gap = stats.max_logprob_gap.max((v - old).abs());
            let (lo, hi) = grpo::clip_side(
                (v - old).exp(),
                out.adv[n] as f64,
                settings.clip_low,
                settings.clip_high,
            );
            low += usize::from(lo);
            high += usize::from(hi);
        }
        entropy += out.entropy.iter().map(|e| *e as f64).sum::<f64>();
        stats.tokens += sel.len();
    }
    if !stats.loss.is_finite() {
        return Err(Error::NonFinite(format!("loss {}", stats.loss)));
    }
    let t = stats.tokens.max(1) as f64;
    stats.entropy = entropy / t;
    stats.clip_low = low as f64 / t;
    stats.clip_high = high as f64 / t;
    stats.kl = kl / t;
    Ok(stats)
}

/// One micro-batch's loss and gradient with activation checkpointing (see
/// [`loss_and_gradients`]): a graph-free forward through `detached` keeping each layer's input,
/// the head's backward from the top layer's output, then one layer at a time downwards, and
/// last the embedding lookup.
fn recomputed(
    model: &Model,
    detached: &Model,
    micro: &Micro,
    vars: &[(String, Var)],
    grads: &mut HashMap<String, Tensor>,
    head: impl FnOnce(&Tensor) -> Result<Head>,
) -> Result<Head> {
    let ctx = &micro.ctx;
    let mut inputs: Vec<Tensor> = Vec::with_capacity(model.layers());
    let mut x = detached.embed_ids(&micro.ids)?;
    for i in 0..model.layers() {
        let next = detached.block(i, &x, ctx, None)?;
        inputs.push(x);
        x = next;
    }
    let top = Var::from_tensor(&x)?;
    drop(x);
    let hidden = model.final_norm(top.as_tensor(), ctx)?;
    let (b, t, h) = hidden.dims3()?;
    let out = head(&hidden.reshape((b * t, h))?)?;
    let mut g = accumulate_with_input(&out.loss, top.as_tensor(), vars, grads)?;
    for (i, input) in inputs.into_iter().enumerate().rev() {
        let input = Var::from_tensor(&input)?;
        let y = model.block(i, input.as_tensor(), ctx, None)?;
        let surrogate = (y * &g)?.sum_all()?;
        g = accumulate_with_input(&surrogate, input.as_tensor(), vars, grads)?;
    }
    let surrogate = (model.embed_ids(&micro.ids)? * &g)?.sum_all()?;
    accumulate(&surrogate, vars, grads)?;
    Ok(out)
}

/// [`accumulate`], also returning the gradient with respect to `input` (zeros when the loss
/// does not depend on it).
fn accumulate_with_input(
    loss: &Tensor,
    input: &Tensor,
    vars: &[(String, Var)],
    into: &mut HashMap<String, Tensor>,
) -> Result<Tensor> {
    let g = add_gradients(&loss.backward()?, vars, into)?
        .get(input)
        .map(Tensor::detach);
    match g {
        Some(g) => Ok(g),
        None => Ok(input.zeros_like()?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn micro_batches_pack_consecutive_sequences_within_the_padded_budget() {
        assert_eq!(micro_batches(&[4, 4, 4, 10, 2], 12), vec![0..3, 3..4, 4..5]);
        assert_eq!(
            micro_batches(&[20], 8),
            vec![0..1],
            "an oversized sequence goes alone"
        );
        assert!(micro_batches(&[], 8).is_empty());
    }
}
