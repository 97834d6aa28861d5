//! The CPU decoding step: one new token per cache row through every layer, computed on the
//! weights' own host storage with the kernels of [`super::kernels`] instead of candle ops.
//!
//! A decoding step is small (1-64 rows), so candle's cost per op (dispatch, allocation, gemm's
//! packing) outweighs the arithmetic; written out, a step is one pass over the weights on both
//! cores plus a few vector loops. The maths is that of the candle path in [`super::Model`]
//! (rotate-half rope, `q` scaled after rope, additive [`MASKED`] bias, RMSNorm, SwiGLU), with
//! different rounding (fused multiply-adds, another summation order): the two agree to ~1e-6,
//! and the tests hold the step to the full forward within 1e-4.
//!
//! Used when the model and cache are on the CPU, every weight is f32, and no LoRA adapter is
//! attached (adapters take the candle path). The weights are read through their storage's read
//! lock each step, so a trained model's `Var`s updated by the optimizer show through.

use std::ops::Range;

use candle_core::{CpuStorage, DType, Storage, StorageRef, Tensor};
use pulp::Arch;
use rayon::prelude::*;

use super::kernels::{Product, attend, matmul_t};
use super::layers::{Linear, MASKED, RmsNorm};
use super::{KvCache, Model};
use crate::{Error, Result};

/// Whether [`decode_step`] can run this model and cache (see the module doc).
pub(crate) fn applies(model: &Model, cache: &KvCache) -> bool {
    let f32_linear = |l: &Linear| {
        l.lora.is_none()
            && l.weight.dtype() == DType::F32
            && l.bias.as_ref().is_none_or(|b| b.dtype() == DType::F32)
    };
    cache.is_host()
        && model.device().is_cpu()
        && model.embed.dtype() == DType::F32
        && model.norm.weight.dtype() == DType::F32
        && model.lm_head.as_ref().is_none_or(f32_linear)
        && model.blocks.iter().all(|b| {
            [&b.attn.q, &b.attn.k, &b.attn.v, &b.attn.o]
                .into_iter()
                .chain([&b.mlp.gate, &b.mlp.up, &b.mlp.down])
                .all(f32_linear)
                && b.attn_norm.weight.dtype() == DType::F32
                && b.mlp_norm.weight.dtype() == DType::F32
        })
}

/// A tensor's f32 elements on the host, borrowed under its storage's read lock.
struct Host<'a> {
    guard: StorageRef<'a>,
    range: Range<usize>,
}

impl<'a> Host<'a> {
    fn of(t: &'a Tensor) -> Result<Self> {
        let (guard, layout) = t.storage_and_layout();
        let (start, end) = layout
            .contiguous_offsets()
            .ok_or_else(|| Error::Sampling("decoding step: a weight is not contiguous".into()))?;
        Ok(Self {
            guard,
            range: start..end,
        })
    }

    fn slice(&self) -> Result<&[f32]> {
        match &*self.guard {
            Storage::Cpu(CpuStorage::F32(v)) => Ok(&v[self.range.clone()]),
            _ => Err(Error::Sampling(
                "decoding step: a weight is not an f32 CPU tensor".into(),
            )),
        }
    }
}

/// `out_i = x W_iᵀ + b_i` for `rows` rows of `x` and each layer `i`, in one parallel region.
fn linear(arch: Arch, x: &[f32], rows: usize, layers: &mut [(&Linear, &mut [f32])]) -> Result<()> {
    let weights = layers
        .iter()
        .map(|(l, _)| {
            Ok((
                Host::of(&l.weight)?,
                l.bias.as_ref().map(Host::of).transpose()?,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut products = Vec::with_capacity(layers.len());
    for ((w, b), (_, out)) in weights.iter().zip(layers.iter_mut()) {
        products.push(Product {
            w: w.slice()?,
            bias: b.as_ref().map(Host::slice).transpose()?,
            out,
        });
    }
    matmul_t(arch, x, rows, &mut products);
    Ok(())
}

/// RMSNorm of each row of `x` into `out`: `x / sqrt(mean(x²) + eps) * w`.
fn rms_norm(x: &[f32], norm: &RmsNorm, out: &mut [f32]) -> Result<()> {
    let w = Host::of(&norm.weight)?;
    let w = w.slice()?;
    let n = w.len();
    for (row, o) in x.chunks_exact(n).zip(out.chunks_exact_mut(n)) {
        let ms = row.iter().map(|v| v * v).sum::<f32>() / n as f32;
        let inv = 1.0 / (ms + norm.eps as f32).sqrt();
        for ((o, v), w) in o.iter_mut().zip(row).zip(w) {
            *o = v * inv * w;
        }
    }
    Ok(())
}

/// Rotate-half rope of one head vector in place, then a scale: `(x cos + rotate_half(x) sin) s`.
fn rope(x: &mut [f32], cos: &[f32], sin: &[f32], scale: f32) {
    let half = x.len() / 2;
    for i in 0..half {
        let (a, b) = (x[i], x[i + half]);
        x[i] = (a * cos[i] + -b * sin[i]) * scale;
        x[i + half] = (b * cos[i + half] + a * sin[i + half]) * scale;
    }
}

/// One KV-cached decoding step (see the module doc); the caller checked the batch size and
/// positions. Returns the logits `[b, vocab]`.
pub(crate) fn decode_step(
    model: &Model,
    ids: &[u32],
    positions: &[u32],
    mask: &Tensor,
    cache: &mut KvCache,
) -> Result<Tensor> {
    let arch = Arch::new();
    let cfg = model.config();
    let b = ids.len();
    let (hidden, heads, inner, vocab) = (
        cfg.hidden_size,
        cfg.num_attention_heads,
        cfg.intermediate_size,
        cfg.vocab_size,
    );
    let (kvh, d) = cache.head_shape();
    let n_rep = heads / kvh;
    let (len, cap) = (cache.len(), cache.capacity());
    if len + 1 > cap {
        return Err(Error::Sampling(format!(
            "kv cache full: {len} + 1 tokens exceed its capacity {cap}"
        )));
    }
    let (mb, kt) = mask.dims2()?;
    if mb != b || kt != len + 1 {
        return Err(Error::Sampling(format!(
            "mask is [{mb}, {kt}] but the batch needs [{b}, {}]",
            len + 1
        )));
    }
    let t = len + 1;
    let mask = mask.to_dtype(DType::F32)?.contiguous()?;
    let mask = Host::of(&mask)?;
    // Additive bias per row and key: 0 where the mask attends, MASKED elsewhere (the candle
    // path's `mask * -MASKED + MASKED`).
    let bias: Vec<f32> = mask
        .slice()?
        .iter()
        .map(|&m| if m != 0.0 { 0.0 } else { MASKED as f32 })
        .collect();

    let embed = Host::of(&model.embed)?;
    let embed = embed.slice()?;
    let mut x = vec![0f32; b * hidden];
    for (row, &id) in x.chunks_exact_mut(hidden).zip(ids) {
        let id = id as usize;
        if id >= vocab {
            return Err(Error::Sampling(format!(
                "token id {id} is outside the vocabulary of {vocab}"
            )));
        }
        row.copy_from_slice(&embed[id * hidden..(id + 1) * hidden]);
    }
    let (cos, sin) = model.rope.tables();
    let (cos, sin) = (Host::of(cos)?, Host::of(sin)?);
    let (cos, sin) = (cos.slice()?, sin.slice()?);
    let scale = (1.0 / (d as f64).sqrt()) as f32;

    let mut h = vec![0f32; b * hidden];
    let mut q = vec![0f32; b * heads * d];
    let mut k = vec![0f32; b * kvh * d];
    let mut v = vec![0f32; b * kvh * d];
    let mut att = vec![0f32; b * heads * d];
    let mut proj = vec![0f32; b * hidden];
    let mut gate = vec![0f32; b * inner];
    let mut up = vec![0f32; b * inner];
    for (layer, block) in model.blocks.iter().enumerate() {
        rms_norm(&x, &block.attn_norm, &mut h)?;
        let (wq, wk, wv) = (&block.attn.q, &block.attn.k, &block.attn.v);
        linear(arch, &h, b, &mut [(wq, &mut q), (wk, &mut k), (wv, &mut v)])?;
        for (r, &p) in positions.iter().enumerate() {
            let p = p as usize;
            let (c, s) = (&cos[p * d..(p + 1) * d], &sin[p * d..(p + 1) * d]);
            for head in q[r * heads * d..(r + 1) * heads * d].chunks_exact_mut(d) {
                rope(head, c, s, scale);
            }
            for head in k[r * kvh * d..(r + 1) * kvh * d].chunks_exact_mut(d) {
                rope(head, c, s, 1.0);
            }
        }
        let (ck, cv) = cache.host_layer(layer).ok_or_else(|| {
            Error::Sampling("decoding step: the kv cache is not on the host".into())
        })?;
        for block in 0..b * kvh {
            let at = (block * cap + len) * d;
            ck[at..at + d].copy_from_slice(&k[block * d..(block + 1) * d]);
            cv[at..at + d].copy_from_slice(&v[block * d..(block + 1) * d]);
        }
        let (ck, cv) = (&*ck, &*cv);
        let one = |scores: &mut Vec<f32>, (i, out): (usize, &mut [f32])| {
            let (r, head) = (i / heads, i % heads);
            let at = ((r * kvh + head / n_rep) * cap) * d;
            attend(
                arch,
                &q[i * d..(i + 1) * d],
                &ck[at..at + t * d],
                &cv[at..at + t * d],
                &bias[r * t..(r + 1) * t],
                scores,
                out,
            );
        };
        // A fork-join costs more than a short attention (measured at batch 1).
        if b * heads * t * d < 1 << 18 {
            let mut scores = Vec::new();
            att.chunks_mut(d)
                .enumerate()
                .for_each(|c| one(&mut scores, c));
        } else {
            att.par_chunks_mut(d)
                .enumerate()
                .for_each_init(Vec::new, one);
        }
        linear(arch, &att, b, &mut [(&block.attn.o, &mut proj)])?;
        x.iter_mut().zip(&proj).for_each(|(x, p)| *x += p);

        rms_norm(&x, &block.mlp_norm, &mut h)?;
        let (wg, wu) = (&block.mlp.gate, &block.mlp.up);
        linear(arch, &h, b, &mut [(wg, &mut gate), (wu, &mut up)])?;
        for (g, u) in gate.iter_mut().zip(&up) {
            *g = *g / (1.0 + (-*g).exp()) * u; // silu(g) * u
        }
        linear(arch, &gate, b, &mut [(&block.mlp.down, &mut proj)])?;
        x.iter_mut().zip(&proj).for_each(|(x, p)| *x += p);
    }
    cache.advance(1);
    rms_norm(&x, &model.norm, &mut h)?;
    let mut logits = vec![0f32; b * vocab];
    match &model.lm_head {
        Some(head) => linear(arch, &h, b, &mut [(head, &mut logits)])?,
        None => matmul_t(
            arch,
            &h,
            b,
            &mut [Product {
                w: embed,
                bias: None,
                out: &mut logits,
            }],
        ),
    }
    Ok(Tensor::from_vec(logits, (b, vocab), model.device())?)
}
