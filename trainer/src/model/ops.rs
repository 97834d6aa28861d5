//! Two custom autograd ops that keep training memory in check, each with its backward written
//! out (candle's fused kernels record no backward, and its composed ops keep every intermediate
//! tensor alive until the backward pass):
//!
//! * [`token_logprobs`]: `log softmax(h Wᵀ / T)[y]` for selected rows of `h`, computed in chunks
//!   of rows. No `[tokens × vocab]` tensor survives to the backward pass: the forward keeps one
//!   number per token, and the backward recomputes each chunk's softmax.
//! * [`attention_probs`]: `softmax(q kᵀ + bias)` as one op. The graph keeps its inputs `q`, `k`
//!   (kept anyway) and its output; the backward needs only the output:
//!   `dS = P ⊙ (dP − Σ_j dP ⊙ P)`, `dq = dS k`, `dk = dSᵀ q`. The composed form kept the
//!   scores, the masked scores, their exponentials and the row sums besides.
//!
//! Both compute their forward with ordinary tensor ops on detached inputs, so they run on every
//! device; the op only attaches the hand-written backward (on CUDA the attention op is not
//! used, see [`super::Model`]).

use candle_core::backend::BackendStorage;
use candle_core::{
    CpuStorage, CudaStorage, CustomOp2, CustomOp3, D, DType, InplaceOp1, Layout, Shape, Tensor,
};

use super::autocast::{Precision, cast, matmul_in};
use super::{fused, vocab_rows};

use crate::Result;

/// Per-token log-probabilities and entropies from [`token_logprobs`].
pub struct TokenLogprobs {
    /// `[n]` log-probabilities of the targets, differentiable with respect to `h` and `w`.
    pub logprobs: Tensor,
    /// Per row, the entropy of `softmax(h Wᵀ / T)` (no gradient), in nats.
    pub entropy: Vec<f32>,
}

/// `log softmax(h Wᵀ / temperature)[targets]` for the rows of `h` (`[n, d]`) against the output
/// matrix `w` (`[vocab, d]`), `chunk` rows at a time (see the module doc). Under
/// [`Precision::Bf16`] the products `h Wᵀ`, `G W` and `Gᵀ h` run in bf16 and everything over
/// the vocabulary in f32 ([`super::autocast`]).
pub fn token_logprobs(
    h: &Tensor,
    w: &Tensor,
    targets: &[u32],
    temperature: f64,
    chunk: usize,
    precision: Precision,
) -> Result<TokenLogprobs> {
    let (n, _) = h.dims2()?;
    let chunk = chunk.max(1);
    let compute = precision.compute();
    let (hd, wd) = (h.detach(), w.detach());
    let wt = cast(&wd, compute)?.t()?; // cast once, not per chunk
    let mut lp = Vec::with_capacity(n);
    let mut entropy = Vec::with_capacity(n);
    // On the CPU each chunk's rows take one pass (`vocab_rows`), and log Z is kept for the
    // backward pass, which then needs no max or sum over the vocabulary.
    let cpu = h.device().is_cpu() && h.dtype() == DType::F32 && w.dtype() == DType::F32;
    let mut log_z = cpu.then(|| Vec::with_capacity(n));
    let mut start = 0;
    while start < n {
        let len = chunk.min(n - start);
        let rows = &targets[start..start + len];
        let logits = matmul_in(&hd.narrow(0, start, len)?, &wt, compute)?; // [c, V]
        if let Some(log_z) = &mut log_z {
            let vocab = logits.dim(1)?;
            let stats = fused::with_host([&logits], |[l]| {
                vocab_rows::forward_rows(l, vocab, rows, temperature)
            })?;
            lp.extend(stats.iter().map(|s| s.logprob));
            log_z.extend(stats.iter().map(|s| s.log_z));
            entropy.extend(stats.iter().map(|s| s.entropy));
        } else {
            let logits = (logits / temperature)?;
            let lse = logits.max_keepdim(D::Minus1)?;
            let shifted = logits.broadcast_sub(&lse)?;
            let sum = shifted.exp()?.sum_keepdim(D::Minus1)?;
            let log_z = (sum.log()? + lse)?; // [c, 1]
            let logp = logits.broadcast_sub(&log_z)?; // [c, V]
            let idx = Tensor::from_slice(rows, (len, 1), h.device())?;
            lp.extend(logp.gather(&idx, 1)?.flatten_all()?.to_vec1::<f32>()?);
            let ent = (logp.exp()? * &logp)?.sum(D::Minus1)?.neg()?;
            entropy.extend(ent.to_vec1::<f32>()?);
        }
        start += len;
    }
    let values = Tensor::from_vec(lp, n, h.device())?;
    let op = LogprobOp {
        targets: targets.to_vec(),
        temperature,
        chunk,
        log_z,
        compute,
    };
    Ok(TokenLogprobs {
        logprobs: h.apply_op3(w, &values, op)?,
        entropy,
    })
}

/// Overwrites a chunk of logits with their gradient ([`vocab_rows::grad_rows`]) in place.
struct GradRows<'a> {
    targets: &'a [u32],
    log_z: &'a [f32],
    g: &'a [f32],
    temperature: f64,
}

impl InplaceOp1 for GradRows<'_> {
    fn name(&self) -> &'static str {
        "tz-logit-gradient"
    }

    fn cpu_fwd(&self, storage: &mut CpuStorage, layout: &Layout) -> candle_core::Result<()> {
        let (CpuStorage::F32(v), Some((a, b))) = (storage, layout.contiguous_offsets()) else {
            return Err(candle_core::Error::Msg(
                "tz-logit-gradient needs contiguous f32 logits".into(),
            ));
        };
        let vocab = layout.dims()[1];
        let data = &mut v[a..b];
        vocab_rows::grad_rows(
            data,
            vocab,
            self.targets,
            self.log_z,
            self.g,
            self.temperature,
        );
        Ok(())
    }
}

/// The backward of [`token_logprobs`]; its forward passes the precomputed values through.
struct LogprobOp {
    targets: Vec<u32>,
    temperature: f64,
    chunk: usize,
    /// Per row, log Z from the forward pass (the CPU path).
    log_z: Option<Vec<f32>>,
    /// The products' dtype under autocast (the forward's, so the recomputed logits match).
    compute: Option<DType>,
}

impl CustomOp3 for LogprobOp {
    fn name(&self) -> &'static str {
        "tz-token-logprobs"
    }

    fn cpu_fwd(
        &self,
        _: &CpuStorage,
        _: &Layout,
        _: &CpuStorage,
        _: &Layout,
        values: &CpuStorage,
        layout: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        Ok((values.try_clone(layout)?, layout.shape().clone()))
    }

    fn cuda_fwd(
        &self,
        _: &CudaStorage,
        _: &Layout,
        _: &CudaStorage,
        _: &Layout,
        values: &CudaStorage,
        layout: &Layout,
    ) -> candle_core::Result<(CudaStorage, Shape)> {
        Ok((values.try_clone(layout)?, layout.shape().clone()))
    }

    /// With `G = g/T ⊙ (onehot(y) − softmax(h Wᵀ / T))` per chunk: `dh = G W`, `dW = Gᵀ h`.
    /// `dW` is skipped when `W` records no gradient (frozen under LoRA): candle's own ops
    /// compute every operand's gradient, but a `[vocab × d]` one nobody reads is worth saving.
    fn bwd(
        &self,
        h: &Tensor,
        w: &Tensor,
        _: &Tensor,
        _: &Tensor,
        grad: &Tensor,
    ) -> candle_core::Result<(Option<Tensor>, Option<Tensor>, Option<Tensor>)> {
        let trained_w = w.track_op();
        let (h, w) = (h.detach(), w.detach());
        let wc = cast(&w, self.compute)?; // the products' operand, cast once
        let (n, _) = h.dims2()?;
        if let Some(log_z) = &self.log_z {
            // dh = G W and dW = Gᵀ h, with G from one in-place pass over each chunk's logits.
            let g: Vec<f32> = grad.detach().to_vec1()?;
            let (mut dh, mut dw) = (Vec::new(), None::<Tensor>);
            let mut start = 0;
            while start < n {
                let len = self.chunk.min(n - start);
                let hc = h.narrow(0, start, len)?;
                let gmat = matmul_in(&hc, &wc.t()?, self.compute)?; // logits, then G in place
                let rows = start..start + len;
                gmat.inplace_op1(&GradRows {
                    targets: &self.targets[rows.clone()],
                    log_z: &log_z[rows.clone()],
                    g: &g[rows],
                    temperature: self.temperature,
                })?;
                dh.push(matmul_in(&gmat, &wc, self.compute)?);
                if trained_w {
                    let part = matmul_in(&gmat.t()?, &hc, self.compute)?;
                    dw = Some(match dw {
                        Some(acc) => (acc + part)?,
                        None => part,
                    });
                }
                start += len;
            }
            return Ok((Some(Tensor::cat(&dh, 0)?), dw, None));
        }
        let g = (grad.detach() / self.temperature)?; // [n]
        let mut dh = Vec::new();
        let mut dw = if trained_w {
            Some(w.zeros_like()?)
        } else {
            None
        };
        let mut start = 0;
        while start < n {
            let len = self.chunk.min(n - start);
            let hc = h.narrow(0, start, len)?;
            let gc = g.narrow(0, start, len)?.unsqueeze(1)?; // [c, 1]
            let logits = (matmul_in(&hc, &wc.t()?, self.compute)? / self.temperature)?;
            let p = candle_nn::ops::softmax_last_dim(&logits)?; // [c, V]
            let gp = p.broadcast_mul(&gc)?; // g ⊙ P
            let idx = Tensor::from_slice(&self.targets[start..start + len], len, h.device())?;
            let rows = w.index_select(&idx, 0)?; // W[y], [c, d]
            dh.push((rows.broadcast_mul(&gc)? - matmul_in(&gp, &wc, self.compute)?)?);
            if let Some(dw) = &mut dw {
                let scaled = hc.broadcast_mul(&gc)?; // g ⊙ h, [c, d]
                let gph = matmul_in(&gp.t()?, &hc, self.compute)?;
                *dw = (dw.index_add(&idx, &scaled, 0)? - gph)?;
            }
            start += len;
        }
        let dh = Tensor::cat(&dh, 0)?;
        Ok((Some(dh), dw, None))
    }
}

/// `softmax(q kᵀ + bias)` over the last dim as one op (see the module doc). `q`:
/// `[b, kv_heads, n_rep * t, d]` (already scaled by `1/√d`), `k`: `[b, kv_heads, T, d]`, `bias`:
/// `[b, 1, 1, t, T]` additive; returns `[b, kv_heads, n_rep * t, T]`.
pub fn attention_probs(q: &Tensor, k: &Tensor, bias: &Tensor) -> Result<Tensor> {
    Ok(q.apply_op2(
        k,
        AttentionProbs {
            bias: bias.detach(),
        },
    )?)
}

struct AttentionProbs {
    bias: Tensor,
}

impl AttentionProbs {
    fn probs(&self, q: &Tensor, k: &Tensor) -> candle_core::Result<Tensor> {
        let (b, kvh, rt, _) = q.dims4()?;
        let (t, kt) = (self.bias.dim(3)?, self.bias.dim(4)?);
        let scores = q.matmul(&k.t()?)?; // [b, kvh, rt, T]
        let scores = scores
            .reshape((b, kvh, rt / t, t, kt))?
            .broadcast_add(&self.bias)?
            .reshape((b, kvh, rt, kt))?;
        candle_nn::ops::softmax_last_dim(&scores)
    }
}

impl CustomOp2 for AttentionProbs {
    fn name(&self) -> &'static str {
        "tz-attention-probs"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let q = cpu_tensor(s1, l1)?;
        let k = cpu_tensor(s2, l2)?;
        let p = self.probs(&q, &k)?;
        let shape = p.shape().clone();
        Ok((CpuStorage::F32(p.flatten_all()?.to_vec1::<f32>()?), shape))
    }

    /// `dS = P ⊙ (dP − Σ_j dP ⊙ P)`, `dq = dS k`, `dk = dSᵀ q`.
    fn bwd(
        &self,
        q: &Tensor,
        k: &Tensor,
        p: &Tensor,
        grad: &Tensor,
    ) -> candle_core::Result<(Option<Tensor>, Option<Tensor>)> {
        let (q, k, p, g) = (q.detach(), k.detach(), p.detach(), grad.detach());
        let inner = (&g * &p)?.sum_keepdim(D::Minus1)?;
        let ds = (p * g.broadcast_sub(&inner)?)?;
        let dq = ds.matmul(&k)?;
        let dk = ds.t()?.matmul(&q)?;
        Ok((Some(dq), Some(dk)))
    }
}

/// A CPU tensor holding a copy of a contiguous storage's elements.
fn cpu_tensor(storage: &CpuStorage, layout: &Layout) -> candle_core::Result<Tensor> {
    let CpuStorage::F32(data) = storage else {
        return Err(candle_core::Error::UnsupportedDTypeForOp(
            storage.dtype(),
            "tz-attention-probs",
        ));
    };
    match layout.contiguous_offsets() {
        Some((start, end)) => {
            Tensor::from_slice(&data[start..end], layout.shape(), &candle_core::Device::Cpu)
        }
        None => Err(candle_core::Error::Msg(
            "tz-attention-probs needs contiguous q and k".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_util::{assert_same_grads, grads_of, max_diff, uniform};
    use candle_core::{Device, Var};

    /// Uniform values in [−1, 1).
    fn randn(shape: &[usize], seed: u64) -> Tensor {
        uniform(shape, seed, 1.0)
    }

    #[test]
    fn chunked_token_logprobs_equal_the_composed_ones_and_a_frozen_w_gets_no_gradient() {
        let h = Var::from_tensor(&randn(&[7, 5], 1)).unwrap();
        let w = Var::from_tensor(&randn(&[11, 5], 2)).unwrap();
        let targets = [3u32, 0, 10, 3, 7, 1, 2];
        let scale = randn(&[7], 3);
        let t = 0.7;
        let ours =
            token_logprobs(h.as_tensor(), w.as_tensor(), &targets, t, 3, Precision::F32).unwrap();
        let logits = (h.as_tensor().matmul(&w.as_tensor().t().unwrap()).unwrap() / t).unwrap();
        let logp = candle_nn::ops::log_softmax(&logits, D::Minus1).unwrap();
        let idx = Tensor::new(&targets, &Device::Cpu)
            .unwrap()
            .unsqueeze(1)
            .unwrap();
        let theirs = logp.gather(&idx, 1).unwrap().squeeze(1).unwrap();
        assert!(max_diff(&ours.logprobs, &theirs) < 1e-5);
        let p = candle_nn::ops::softmax(&logits, D::Minus1).unwrap();
        let ent: Vec<f32> = (p * &logp)
            .unwrap()
            .sum(1)
            .unwrap()
            .neg()
            .unwrap()
            .to_vec1()
            .unwrap();
        for (a, b) in ours.entropy.iter().zip(&ent) {
            assert!((a - b).abs() < 1e-5);
        }
        let named = [("h", h.as_tensor()), ("w", w.as_tensor())];
        let g1 = assert_same_grads(&ours.logprobs, &theirs, &scale, &named, 1e-5);
        // A frozen output matrix (a plain tensor, as under LoRA) gets no gradient; h's is the same.
        let frozen = w.as_tensor().detach();
        let lp = token_logprobs(h.as_tensor(), &frozen, &targets, t, 3, Precision::F32).unwrap();
        let g3 = grads_of(&lp.logprobs, &scale);
        assert!(g3.get(&frozen).is_none());
        let dh = g3.get(h.as_tensor()).unwrap();
        assert_eq!(max_diff(dh, g1.get(h.as_tensor()).unwrap()), 0.0);
    }

    #[test]
    fn bf16_token_logprobs_equal_the_composed_ops_on_bf16_products_in_value_and_gradient() {
        let h = Var::from_tensor(&randn(&[9, 6], 4)).unwrap();
        let w = Var::from_tensor(&randn(&[13, 6], 5)).unwrap();
        let targets = [3u32, 0, 12, 3, 7, 1, 2, 9, 9];
        let scale = randn(&[9], 6);
        let t = 0.8;
        let bf16 = |x: &Tensor| x.to_dtype(DType::BF16).unwrap();
        let logits = bf16(h.as_tensor())
            .matmul(&bf16(w.as_tensor()).t().unwrap())
            .unwrap()
            .to_dtype(DType::F32)
            .unwrap();
        let logp = candle_nn::ops::log_softmax(&(logits / t).unwrap(), D::Minus1).unwrap();
        let idx = Tensor::new(&targets, &Device::Cpu).unwrap();
        let theirs = logp
            .gather(&idx.unsqueeze(1).unwrap(), 1)
            .unwrap()
            .squeeze(1)
            .unwrap();
        let named = [("h", h.as_tensor()), ("w", w.as_tensor())];
        // One chunk: per-chunk products would round dW's partial sums to bf16 separately.
        let ours = token_logprobs(
            h.as_tensor(),
            w.as_tensor(),
            &targets,
            t,
            9,
            Precision::Bf16,
        );
        let ours = ours.unwrap();
        assert!(max_diff(&ours.logprobs, &theirs) < 1e-5);
        let g = assert_same_grads(&ours.logprobs, &theirs, &scale, &named, 2e-3);
        for (_, x) in named {
            assert_eq!(g.get(x).unwrap().dtype(), DType::F32);
        }
        // The products really ran in bf16: the f32 op gives other values and gradients.
        let exact = token_logprobs(h.as_tensor(), w.as_tensor(), &targets, t, 9, Precision::F32);
        let exact = exact.unwrap();
        let off = max_diff(&ours.logprobs, &exact.logprobs);
        assert!(
            off > 1e-4 && off < 0.05,
            "bf16 vs f32 log-probabilities: {off}"
        );
        let dw = grads_of(&exact.logprobs, &scale);
        let dw_off = max_diff(
            g.get(w.as_tensor()).unwrap(),
            dw.get(w.as_tensor()).unwrap(),
        );
        assert!(dw_off > 0.0 && dw_off < 0.05, "bf16 vs f32 dW: {dw_off}");
    }

    #[test]
    fn fused_attention_probabilities_equal_the_composed_ones_in_value_and_gradient() {
        let (b, kvh, rep, t, d) = (2, 2, 2, 3, 4);
        let q = Var::from_tensor(&randn(&[b, kvh, rep * t, d], 4)).unwrap();
        let k = Var::from_tensor(&randn(&[b, kvh, t, d], 5)).unwrap();
        let causal: Vec<f32> = (0..b * t * t)
            .map(|i| if (i % t) <= (i / t) % t { 0.0 } else { -1e9 })
            .collect();
        let bias = Tensor::from_vec(causal, (b, 1, 1, t, t), &Device::Cpu).unwrap();
        let mix = randn(&[b, kvh, rep * t, t], 6);
        let ours = attention_probs(q.as_tensor(), k.as_tensor(), &bias).unwrap();
        let scores = q
            .as_tensor()
            .matmul(&k.as_tensor().t().unwrap())
            .unwrap()
            .reshape((b, kvh, rep, t, t))
            .unwrap()
            .broadcast_add(&bias)
            .unwrap()
            .reshape((b, kvh, rep * t, t))
            .unwrap();
        let theirs = candle_nn::ops::softmax(&scores, D::Minus1).unwrap();
        assert!(max_diff(&ours, &theirs) < 1e-6);
        let named = [("q", q.as_tensor()), ("k", k.as_tensor())];
        assert_same_grads(&ours, &theirs, &mix, &named, 1e-5);
    }
}
