//! The decoder-only transformer shared by the Llama and Qwen2 families, written with
//! differentiable ops so the same weights serve training (logits at every position, gradients)
//! and sampling (a KV-cached path over detached weights that builds no autograd graph).
//!
//! Conventions: activations are kept flat as `[b * t, hidden]` between layers; attention works on
//! `[b, heads, t, head_dim]`; grouped-query attention folds the query heads of one key/value head
//! into the time axis (`[b, kv_heads, n_rep * t, d]`) instead of copying keys and values.

mod attention;
mod attention_spans;
mod autocast;
mod batch;
mod cache;
mod fused;
mod kernels;
mod layers;
mod lora;
pub mod ops;
mod step;
#[cfg(test)]
mod test_util;
mod vocab_rows;

pub use autocast::Precision;
pub use batch::{Batch, Padding};
pub use cache::KvCache;
pub use lora::{
    AdapterInit, LORA_TARGETS, LoraConfig, adapted_modules, adapter_parts, merge, merged_weight,
};

use candle_core::{D, DType, Device, Tensor};
use candle_nn::VarBuilder;

use crate::model_config::ModelConfig;
use crate::{Error, Result};
pub(crate) use attention_spans::Span;
#[cfg(test)]
pub(crate) use attention_spans::dense_allowed;
use layers::{Linear, MASKED, Mlp, RmsNorm, Rope, apply_rope};

#[derive(Debug, Clone)]
struct Attention {
    q: Linear,
    k: Linear,
    v: Linear,
    o: Linear,
    heads: usize,
    kv_heads: usize,
    head_dim: usize,
}

impl Attention {
    fn load(vb: &VarBuilder, cfg: &ModelConfig) -> Result<Self> {
        let (h, kvh, d) = (cfg.num_attention_heads, cfg.kv_heads(), cfg.head_dim());
        let hidden = cfg.hidden_size;
        Ok(Self {
            q: Linear::load(&vb.pp("q_proj"), hidden, h * d, cfg.qkv_bias())?,
            k: Linear::load(&vb.pp("k_proj"), hidden, kvh * d, cfg.qkv_bias())?,
            v: Linear::load(&vb.pp("v_proj"), hidden, kvh * d, cfg.qkv_bias())?,
            o: Linear::load(&vb.pp("o_proj"), h * d, hidden, cfg.o_bias())?,
            heads: h,
            kv_heads: kvh,
            head_dim: d,
        })
    }

    /// `x`: `[b * t, hidden]` under `ctx`; returns `[b * t, hidden]`.
    fn forward(
        &self,
        x: &Tensor,
        ctx: &LayerContext,
        cache: Option<(&mut KvCache, usize)>,
    ) -> Result<Tensor> {
        let (b, t, cos, sin) = (ctx.b, ctx.t, &ctx.cos, &ctx.sin);
        let (h, kvh, d) = (self.heads, self.kv_heads, self.head_dim);
        let n_rep = h / kvh;
        let scale = 1.0 / (d as f64).sqrt();
        let q = self.q.forward(x)?;
        if cache.is_none() && fused::fusable(&q) {
            // Training on the CPU: one op from the projections to the heads' output.
            let (k, v) = (
                self.k.forward(x)?.contiguous()?,
                self.v.forward(x)?.contiguous()?,
            );
            let shape = attention::Heads {
                b,
                t,
                heads: h,
                kv_heads: kvh,
                d,
            };
            let out = match &ctx.keys {
                Keys::Spans(spans, _) => {
                    attention_spans::attention_spans((&q, &k, &v), (cos, sin), spans, shape, scale)?
                }
                Keys::Bias(bias) => {
                    attention::attention((&q, &k, &v), (cos, sin), bias, shape, scale)?
                }
            };
            return self.o.forward(&out);
        }
        let bias = ctx.bias(x.device())?;
        let q = q.reshape((b, t, h, d))?.transpose(1, 2)?; // [b, h, t, d]
        let k = self
            .k
            .forward(x)?
            .reshape((b, t, kvh, d))?
            .transpose(1, 2)?; // [b, kvh, t, d]
        let v = self
            .v
            .forward(x)?
            .reshape((b, t, kvh, d))?
            .transpose(1, 2)?;
        // Scale q (a [b, h, t, d] tensor), not the [b, h, t, T] scores.
        let q = (apply_rope(&q, cos, sin)? * scale)?;
        let k = apply_rope(&k, cos, sin)?;
        let training = cache.is_none();
        let (k, v) = match cache {
            Some((cache, layer)) => cache.append(layer, &k, &v)?, // [b, kvh, T, d]
            None => (k.contiguous()?, v.contiguous()?),
        };
        let kt = k.dim(2)?;
        let q = q.contiguous()?.reshape((b, kvh, n_rep * t, d))?;
        let probs = if training && q.device().is_cpu() {
            // One op whose backward needs only its output (see `ops`).
            ops::attention_probs(&q, &k, bias)?
        } else {
            let scores = q.matmul(&k.t()?)?; // [b, kvh, n_rep*t, T]
            let scores = scores
                .reshape((b, kvh, n_rep, t, kt))?
                .broadcast_add(bias)?
                .reshape((b, kvh, n_rep * t, kt))?;
            if training {
                candle_nn::ops::softmax(&scores, D::Minus1)?
            } else {
                // Sampling records no gradient: the fused kernel is fine.
                candle_nn::ops::softmax_last_dim(&scores)?
            }
        };
        let out = probs.matmul(&v)?; // [b, kvh, n_rep*t, d]
        let out = out
            .reshape((b, h, t, d))?
            .transpose(1, 2)?
            .reshape((b * t, h * d))?;
        self.o.forward(&out)
    }

    fn map(&self, f: &impl Fn(&Tensor) -> Tensor) -> Self {
        Self {
            q: self.q.map(f),
            k: self.k.map(f),
            v: self.v.map(f),
            o: self.o.map(f),
            ..*self
        }
    }
}

/// What the layers of one forward pass share (see [`Model::context`]).
pub(crate) struct LayerContext {
    b: usize,
    t: usize,
    /// The keys each query may attend.
    keys: Keys,
    cos: Tensor,
    sin: Tensor,
}

/// The keys each query of a forward pass may attend.
enum Keys {
    /// An additive bias `[b, 1, 1, t, T]`: 0 where allowed, [`MASKED`] elsewhere.
    Bias(Tensor),
    /// Packed rows' spans (one list per row); the CPU f32 path computes only the blocks they
    /// allow, other paths take their dense bias, built on the first use.
    Spans(Vec<Vec<Span>>, std::sync::OnceLock<Tensor>),
}

impl LayerContext {
    /// The additive bias `[b, 1, 1, t, T]` of the keys, built from spans when they are given.
    fn bias(&self, device: &Device) -> Result<&Tensor> {
        match &self.keys {
            Keys::Bias(bias) => Ok(bias),
            Keys::Spans(spans, dense) => {
                if let Some(bias) = dense.get() {
                    return Ok(bias);
                }
                let (b, t) = (self.b, self.t);
                let bias: Vec<f32> = spans
                    .iter()
                    .flat_map(|row| attention_spans::dense_allowed(row, t))
                    .map(|a| if a > 0.0 { 0.0 } else { MASKED as f32 })
                    .collect();
                let bias = Tensor::from_vec(bias, (b, 1, 1, t, t), device)?;
                Ok(dense.get_or_init(|| bias))
            }
        }
    }
}

#[derive(Debug, Clone)]
struct Block {
    attn_norm: RmsNorm,
    attn: Attention,
    mlp_norm: RmsNorm,
    mlp: Mlp,
}

/// A Llama/Qwen2 causal language model. Build it with [`Model::new`] from a `VarBuilder` over
/// tensors in Hugging Face naming (`model.layers.N.self_attn.q_proj.weight` ...): a `VarMap`
/// builder gives trainable `Var`s, a tensor-map builder gives plain inference weights.
#[derive(Debug, Clone)]
pub struct Model {
    cfg: ModelConfig,
    embed: Tensor,
    blocks: Vec<Block>,
    norm: RmsNorm,
    lm_head: Option<Linear>,
    rope: Rope,
    /// The training forward's product precision ([`autocast`]).
    precision: Precision,
}

impl Model {
    /// Reads (or, for a `VarMap` builder, initialises) every weight named by `cfg`.
    pub fn new(cfg: &ModelConfig, vb: VarBuilder) -> Result<Self> {
        cfg.validate()?;
        let init = candle_nn::Init::Randn {
            mean: 0.0,
            stdev: 0.02,
        };
        let m = vb.pp("model");
        let embed = m.get_with_hints(
            (cfg.vocab_size, cfg.hidden_size),
            "embed_tokens.weight",
            init,
        )?;
        let blocks = (0..cfg.num_hidden_layers)
            .map(|i| {
                let l = m.pp(format!("layers.{i}"));
                let eps = cfg.rms_norm_eps;
                Ok(Block {
                    attn_norm: RmsNorm::load(&l.pp("input_layernorm"), cfg.hidden_size, eps)?,
                    attn: Attention::load(&l.pp("self_attn"), cfg)?,
                    mlp_norm: RmsNorm::load(
                        &l.pp("post_attention_layernorm"),
                        cfg.hidden_size,
                        eps,
                    )?,
                    mlp: Mlp::load(&l.pp("mlp"), cfg.hidden_size, cfg.intermediate_size)?,
                })
            })
            .collect::<Result<_>>()?;
        let norm = RmsNorm::load(&m.pp("norm"), cfg.hidden_size, cfg.rms_norm_eps)?;
        let lm_head = if cfg.tie_word_embeddings {
            None
        } else {
            Some(Linear::load(
                &vb.pp("lm_head"),
                cfg.hidden_size,
                cfg.vocab_size,
                false,
            )?)
        };
        let rope = Rope::new(
            &cfg.rope()?.inv_freq(cfg.head_dim()),
            cfg.max_position_embeddings,
            vb.device(),
        )?;
        Ok(Self {
            cfg: cfg.clone(),
            embed,
            blocks,
            norm,
            lm_head,
            rope,
            precision: Precision::F32,
        })
    }

    /// The configuration it was built from.
    pub fn config(&self) -> &ModelConfig {
        &self.cfg
    }

    /// The device holding the weights.
    pub fn device(&self) -> &Device {
        self.embed.device()
    }

    /// The same weights (and LoRA adapters) with no autograd history: sampling from it builds no
    /// graph. The storage is shared, so optimizer updates of the original `Var`s show through.
    pub fn detached(&self) -> Model {
        let f = |t: &Tensor| t.detach();
        Model {
            cfg: self.cfg.clone(),
            embed: self.embed.detach(),
            blocks: self
                .blocks
                .iter()
                .map(|b| Block {
                    attn_norm: b.attn_norm.map(&f),
                    attn: b.attn.map(&f),
                    mlp_norm: b.mlp_norm.map(&f),
                    mlp: b.mlp.map(&f),
                })
                .collect(),
            norm: self.norm.map(&f),
            lm_head: self.lm_head.as_ref().map(|l| l.map(&f)),
            rope: self.rope.clone(),
            precision: self.precision,
        }
    }

    /// The same weights (shared, with their autograd identity) whose matrix products run at
    /// `precision` ([`autocast`]): the training forward of a `--dtype bf16` run. Sampling uses
    /// `Precision::F32`.
    pub fn with_precision(&self, precision: Precision) -> Model {
        let mut model = self.clone();
        let compute = precision.compute();
        for block in &mut model.blocks {
            for (_, linear) in lora::projections(block) {
                linear.compute = compute;
            }
        }
        if let Some(head) = &mut model.lm_head {
            head.compute = compute;
        }
        model.precision = precision;
        model
    }

    /// The precision of the matrix products ([`Self::with_precision`]).
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// An empty KV cache for `batch` rows of up to `capacity` tokens.
    pub fn new_cache(&self, batch: usize, capacity: usize) -> Result<KvCache> {
        KvCache::new(
            self.cfg.num_hidden_layers,
            batch,
            self.cfg.kv_heads(),
            capacity,
            self.cfg.head_dim(),
            self.device(),
        )
    }

    /// Logits at every position, `[b, t, vocab]`, differentiable with respect to the weights.
    pub fn forward(&self, batch: &Batch) -> Result<Tensor> {
        let hidden = self.forward_hidden(&batch.ids, &batch.positions, &batch.mask, None)?;
        self.logits(&hidden)
    }

    /// Log-probabilities of each next token, `[b, t - 1]`: entry `j` is
    /// `log softmax(logits[j] / temperature)[ids[j + 1]]`, differentiable (GRPO's per-token
    /// `log pi(o_t | q, o_<t)`). Entries whose target is padding are meaningless; mask them.
    pub fn token_logprobs(&self, batch: &Batch, temperature: f64) -> Result<Tensor> {
        let logits = self.forward(batch)?; // [b, t, vocab]
        let (b, t, _) = logits.dims3()?;
        let logits = (logits.narrow(1, 0, t - 1)? / temperature)?;
        let logp = candle_nn::ops::log_softmax(&logits, D::Minus1)?;
        let targets = batch.ids.narrow(1, 1, t - 1)?.unsqueeze(2)?; // [b, t-1, 1]
        Ok(logp
            .gather(&targets.contiguous()?, 2)?
            .reshape((b, t - 1))?)
    }

    /// The final-norm hidden states `[b, t, hidden]` for `ids` (`[b, t]` u32) at `positions`
    /// (`[b, t]` u32). `mask` (`[b, T]` f32, 1 = attend) covers the cached tokens and the new
    /// ones, `T = cache.len() + t`; attention is also causal by column. With a cache, keys and
    /// values are appended to it (inference only: the cache records no gradient).
    pub fn forward_hidden(
        &self,
        ids: &Tensor,
        positions: &Tensor,
        mask: &Tensor,
        cache: Option<&mut KvCache>,
    ) -> Result<Tensor> {
        self.check_positions(positions)?;
        self.hidden(ids, positions, mask, cache)
    }

    /// [`Self::forward_hidden`] with positions already checked.
    fn hidden(
        &self,
        ids: &Tensor,
        positions: &Tensor,
        mask: &Tensor,
        cache: Option<&mut KvCache>,
    ) -> Result<Tensor> {
        let offset = cache.as_ref().map_or(0, |c| c.len());
        let ctx = self.layer_context(ids, positions, mask, offset)?;
        self.layers_in(ids, &ctx, cache)
    }

    /// Every layer on `ids` under `ctx`, then the final norm: `[b, t, hidden]`. With a cache,
    /// keys and values are appended to it.
    fn layers_in(
        &self,
        ids: &Tensor,
        ctx: &LayerContext,
        mut cache: Option<&mut KvCache>,
    ) -> Result<Tensor> {
        let mut x = self.embed_ids(ids)?;
        for i in 0..self.blocks.len() {
            x = self.block(i, &x, ctx, cache.as_deref_mut().map(|c| (c, i)))?;
        }
        if let Some(c) = cache {
            c.advance(ctx.t);
        }
        self.final_norm(&x, ctx)
    }

    /// What every layer shares for packed rows ([`crate::train::pack`]), whose queries see
    /// the keys their `spans` allow (one list per row, covering its `t` columns in order). No
    /// KV cache.
    pub(crate) fn masked_context(
        &self,
        ids: &Tensor,
        positions: &Tensor,
        spans: Vec<Vec<Span>>,
    ) -> Result<LayerContext> {
        self.check_positions(positions)?;
        let (b, t) = ids.dims2()?;
        if spans.len() != b {
            return Err(Error::Sampling(format!(
                "spans for {} rows but the batch has {b}",
                spans.len()
            )));
        }
        attention_spans::check_spans(&spans, t).map_err(Error::Sampling)?;
        let (cos, sin) = self.rope.at(positions)?;
        Ok(LayerContext {
            b,
            t,
            keys: Keys::Spans(spans, std::sync::OnceLock::new()),
            cos,
            sin,
        })
    }

    /// The final-norm hidden states `[b, t, hidden]` of `ids` under `ctx` (no cache).
    pub(crate) fn hidden_in(&self, ids: &Tensor, ctx: &LayerContext) -> Result<Tensor> {
        self.layers_in(ids, ctx, None)
    }

    /// What every layer of one forward pass shares: the shape, the additive attention bias and
    /// the rope tables of the positions, for a key `mask` (causal by column) and `offset`
    /// tokens already in the KV cache. Positions already checked.
    fn layer_context(
        &self,
        ids: &Tensor,
        positions: &Tensor,
        mask: &Tensor,
        offset: usize,
    ) -> Result<LayerContext> {
        let (b, t) = ids.dims2()?;
        let (mb, kt) = mask.dims2()?;
        if mb != b || kt != offset + t {
            return Err(Error::Sampling(format!(
                "mask is [{mb}, {kt}] but the batch needs [{b}, {}]",
                offset + t
            )));
        }
        self.context_from(&self.allowed_keys(mask, t, offset)?, positions)
    }

    /// The context of queries at `positions` whose attention `allowed` (`[b, t, T]` f32) is 1
    /// where query `i` may see key `j`: the additive bias `[b, 1, 1, t, T]` (0 there,
    /// [`MASKED`] elsewhere) and the rope tables.
    fn context_from(&self, allowed: &Tensor, positions: &Tensor) -> Result<LayerContext> {
        let (b, t, kt) = allowed.dims3()?;
        let bias = allowed.affine(-MASKED, MASKED)?.reshape((b, 1, 1, t, kt))?;
        let (cos, sin) = self.rope.at(positions)?;
        Ok(LayerContext {
            b,
            t,
            keys: Keys::Bias(bias),
            cos,
            sin,
        })
    }

    /// The embeddings of `ids` (`[b, t]`), flat: `[b * t, hidden]`.
    pub(crate) fn embed_ids(&self, ids: &Tensor) -> Result<Tensor> {
        Ok(self.embed.index_select(&ids.flatten_all()?, 0)?)
    }

    /// Decoder layer `i` on `x` (`[b * t, hidden]`), returning the residual stream after it.
    pub(crate) fn block(
        &self,
        i: usize,
        x: &Tensor,
        ctx: &LayerContext,
        cache: Option<(&mut KvCache, usize)>,
    ) -> Result<Tensor> {
        let block = &self.blocks[i];
        let h = block.attn_norm.forward(x)?;
        let h = block.attn.forward(&h, ctx, cache)?;
        let x = (x + h)?;
        let h = block.mlp.forward(&block.mlp_norm.forward(&x)?)?;
        Ok((x + h)?)
    }

    /// The number of decoder layers.
    pub(crate) fn layers(&self) -> usize {
        self.blocks.len()
    }

    /// The final norm of the residual stream, reshaped to `[b, t, hidden]`.
    pub(crate) fn final_norm(&self, x: &Tensor, ctx: &LayerContext) -> Result<Tensor> {
        Ok(self
            .norm
            .forward(x)?
            .reshape((ctx.b, ctx.t, self.cfg.hidden_size))?)
    }

    /// The output projection `[vocab, hidden]`: `lm_head`, or the embedding when tied.
    pub fn output_weight(&self) -> &Tensor {
        self.lm_head.as_ref().map_or(&self.embed, |h| &h.weight)
    }

    /// Projects hidden states (`[..., hidden]`) to logits (`[..., vocab]`).
    pub fn logits(&self, hidden: &Tensor) -> Result<Tensor> {
        let mut dims = hidden.dims().to_vec();
        let n: usize = dims[..dims.len() - 1].iter().product();
        let flat = hidden.reshape((n, self.cfg.hidden_size))?;
        let logits = match &self.lm_head {
            Some(head) => head.forward(&flat)?,
            None => autocast::matmul_t_in(&flat, &self.embed, self.precision.compute())?,
        };
        if let Some(last) = dims.last_mut() {
            *last = self.cfg.vocab_size;
        }
        Ok(logits.reshape(dims)?)
    }

    /// One KV-cached step: runs `ids` (`[b, t]`) and returns the last column's logits `[b, vocab]`.
    pub fn forward_last(
        &self,
        ids: &Tensor,
        positions: &Tensor,
        mask: &Tensor,
        cache: &mut KvCache,
    ) -> Result<Tensor> {
        if ids.dim(1)? == 1 && step::applies(self, cache) {
            // One column: the same host step as `forward_step`, so the two agree bit for bit.
            let ids = ids.flatten_all()?.to_vec1::<u32>()?;
            let positions = positions.flatten_all()?.to_vec1::<u32>()?;
            return self.forward_step(&ids, &positions, mask, cache);
        }
        let hidden = self.forward_hidden(ids, positions, mask, Some(cache))?;
        let t = hidden.dim(1)?;
        self.logits(&hidden.narrow(1, t - 1, 1)?.squeeze(1)?)
    }

    /// [`Self::forward_last`] for one new token per cache row, with ids and positions on the
    /// host (`[b]` each, `b = cache.batch()`): positions are checked there, so a decoding step
    /// reads nothing back from the device before its logits.
    pub fn forward_step(
        &self,
        ids: &[u32],
        positions: &[u32],
        mask: &Tensor,
        cache: &mut KvCache,
    ) -> Result<Tensor> {
        let b = cache.batch();
        if ids.len() != b || positions.len() != b {
            return Err(Error::Sampling(format!(
                "{} ids and {} positions for {b} cache rows",
                ids.len(),
                positions.len()
            )));
        }
        let max = positions.iter().copied().max().unwrap_or(0) as usize;
        self.check_position(max)?;
        if step::applies(self, cache) {
            return step::decode_step(self, ids, positions, mask, cache);
        }
        let device = self.device();
        let ids = Tensor::from_slice(ids, (b, 1), device)?;
        let positions = Tensor::from_slice(positions, (b, 1), device)?;
        let hidden = self.hidden(&ids, &positions, mask, Some(cache))?; // [b, 1, hidden]
        self.logits(&hidden.squeeze(1)?)
    }

    /// Every named weight, in Hugging Face naming (for saving or building a `VarMap`); LoRA
    /// adapters are not weights here (see [`merge`]).
    pub fn named_tensors(&self) -> Vec<(String, Tensor)> {
        let mut out = vec![("model.embed_tokens.weight".to_string(), self.embed.clone())];
        let mut lin = |name: String, l: &Linear| {
            out.push((format!("{name}.weight"), l.weight.clone()));
            if let Some(b) = &l.bias {
                out.push((format!("{name}.bias"), b.clone()));
            }
        };
        for (i, b) in self.blocks.iter().enumerate() {
            let p = format!("model.layers.{i}");
            lin(format!("{p}.self_attn.q_proj"), &b.attn.q);
            lin(format!("{p}.self_attn.k_proj"), &b.attn.k);
            lin(format!("{p}.self_attn.v_proj"), &b.attn.v);
            lin(format!("{p}.self_attn.o_proj"), &b.attn.o);
            lin(format!("{p}.mlp.gate_proj"), &b.mlp.gate);
            lin(format!("{p}.mlp.up_proj"), &b.mlp.up);
            lin(format!("{p}.mlp.down_proj"), &b.mlp.down);
        }
        if let Some(head) = &self.lm_head {
            lin("lm_head".to_string(), head);
        }
        for (i, b) in self.blocks.iter().enumerate() {
            let p = format!("model.layers.{i}");
            out.push((
                format!("{p}.input_layernorm.weight"),
                b.attn_norm.weight.clone(),
            ));
            out.push((
                format!("{p}.post_attention_layernorm.weight"),
                b.mlp_norm.weight.clone(),
            ));
        }
        out.push(("model.norm.weight".to_string(), self.norm.weight.clone()));
        out
    }

    fn check_positions(&self, positions: &Tensor) -> Result<()> {
        self.check_position(positions.flatten_all()?.max(0)?.to_scalar::<u32>()? as usize)
    }

    fn check_position(&self, max: usize) -> Result<()> {
        if max >= self.rope.max_positions() {
            return Err(Error::Sampling(format!(
                "position {max} exceeds the model's max_position_embeddings {}",
                self.rope.max_positions()
            )));
        }
        Ok(())
    }

    /// `[b, t, T]` f32: 1 where query `i` (column `offset + i`) may see key `j` (`mask[j] = 1`
    /// and `j <= offset + i`), 0 elsewhere.
    fn allowed_keys(&self, mask: &Tensor, t: usize, offset: usize) -> Result<Tensor> {
        let (b, kt) = mask.dims2()?;
        let causal: Vec<f32> = (0..t)
            .flat_map(|i| (0..kt).map(move |j| if j <= offset + i { 1.0 } else { 0.0 }))
            .collect();
        let causal = Tensor::from_vec(causal, (1, t, kt), mask.device())?;
        Ok(causal.broadcast_mul(&mask.to_dtype(DType::F32)?.reshape((b, 1, kt))?)?)
    }
}
