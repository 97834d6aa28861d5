//! Building blocks written only with differentiable candle ops (no fused candle-nn kernels, which
//! record no backward): linear, RMSNorm, rotate-half rope, grouped-query attention, SwiGLU MLP.

use candle_core::{D, DType, Tensor};
use candle_nn::VarBuilder;

use super::autocast::matmul_t_in;
use super::fused;
use super::lora::Adapter;
use crate::Result;

/// Finite "minus infinity" for masked attention scores: a fully masked query row (a padding
/// position) then gets a uniform, finite distribution instead of NaN, and masked keys still get
/// exactly zero weight (`exp(-1e9)` underflows to 0).
pub(crate) const MASKED: f64 = -1e9;

/// `x Wᵀ` for `x` `[n, in]` and `W` `[out, in]`. gemm, given a row-major result, works on its
/// transpose, so with `W` in the Hugging Face layout it repacks all of `W` at every call; for the
/// few rows of a decoding step that repacking costs more than the product. On the CPU this
/// computes `(W xᵀ)ᵀ` instead, where gemm reads `W` in place and packs only `x`, for 2-16 rows,
/// and up to 64 rows when `W` fits in cache (at most 2^20 entries: a projection, not the
/// vocabulary head, which gemm would then stream from memory once per block of rows). Measured
/// with candle 0.11 / gemm 0.19 on SmolLM2's shapes, alternating, on a loaded 2-core machine:
/// 1.2-1.9x faster at 2-16 rows, 1.0-1.6x for the projections at 24-64 rows; the head was
/// 0.66-0.96x from 24 rows on. Values identical bit for bit. One row already takes gemm's
/// matrix-vector path; the training forward (hundreds of rows) is left alone.
pub(crate) fn matmul_t(x: &Tensor, w: &Tensor) -> Result<Tensor> {
    let rows = if x.rank() == 2 { x.dim(0)? } else { 0 };
    let few = (2..=16).contains(&rows) || ((2..=64).contains(&rows) && w.elem_count() <= 1 << 20);
    if few && x.device().is_cpu() {
        Ok(w.matmul(&x.t()?)?.t()?.contiguous()?)
    } else {
        Ok(x.matmul(&w.t()?)?)
    }
}

/// `y = x W^T + b`, plus a LoRA adapter's update when it has one (see [`super::lora`]).
#[derive(Debug, Clone)]
pub(crate) struct Linear {
    /// `[out, in]`, Hugging Face layout.
    pub(crate) weight: Tensor,
    pub(crate) bias: Option<Tensor>,
    pub(crate) lora: Option<Adapter>,
    /// The dtype the product runs in under autocast ([`super::autocast`]); `None`: the
    /// weight's own.
    pub(crate) compute: Option<DType>,
}

impl Linear {
    pub(crate) fn load(vb: &VarBuilder, in_dim: usize, out_dim: usize, bias: bool) -> Result<Self> {
        let init = candle_nn::init::DEFAULT_KAIMING_NORMAL;
        let weight = vb.get_with_hints((out_dim, in_dim), "weight", init)?;
        let bias = if bias {
            Some(vb.get_with_hints(out_dim, "bias", candle_nn::Init::Const(0.0))?)
        } else {
            None
        };
        Ok(Self {
            weight,
            bias,
            lora: None,
            compute: None,
        })
    }

    /// `x`: `[n, in]` -> `[n, out]`.
    pub(crate) fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let y = matmul_t_in(x, &self.weight, self.compute)?;
        let y = match &self.lora {
            Some(adapter) => (y + adapter.forward(x)?)?,
            None => y,
        };
        Ok(match &self.bias {
            Some(b) => y.broadcast_add(b)?,
            None => y,
        })
    }

    pub(crate) fn map(&self, f: &impl Fn(&Tensor) -> Tensor) -> Self {
        Self {
            weight: f(&self.weight),
            bias: self.bias.as_ref().map(f),
            lora: self.lora.as_ref().map(|l| l.map(f)),
            compute: self.compute,
        }
    }
}

/// RMSNorm, `y = x / sqrt(mean(x^2) + eps) * w` (Zhang & Sennrich 2019), over the last dim; one
/// fused op on the CPU ([`fused`]), composed ops elsewhere.
#[derive(Debug, Clone)]
pub(crate) struct RmsNorm {
    pub(crate) weight: Tensor,
    pub(crate) eps: f64,
}

impl RmsNorm {
    pub(crate) fn load(vb: &VarBuilder, dim: usize, eps: f64) -> Result<Self> {
        let weight = vb.get_with_hints(dim, "weight", candle_nn::Init::Const(1.0))?;
        Ok(Self { weight, eps })
    }

    pub(crate) fn forward(&self, x: &Tensor) -> Result<Tensor> {
        if fused::fusable(x) && fused::fusable(&self.weight) {
            return Ok(fused::rms_norm(x, &self.weight, self.eps)?);
        }
        let ms = x.sqr()?.mean_keepdim(D::Minus1)?;
        let inv = (ms + self.eps)?.sqrt()?.recip()?;
        Ok(x.broadcast_mul(&inv)?.broadcast_mul(&self.weight)?)
    }

    pub(crate) fn map(&self, f: &impl Fn(&Tensor) -> Tensor) -> Self {
        Self {
            weight: f(&self.weight),
            eps: self.eps,
        }
    }
}

/// Rope tables `cos`, `sin`: `[max_positions, head_dim]`, each half repeated (HF rotate-half
/// layout): angle `p * inv_freq_i`, with `inv_freq_i = base^(-2i/d)` before any scaling (Su
/// et al. 2021, RoFormer; scaling in [`crate::model_config::Rope::inv_freq`]).
#[derive(Debug, Clone)]
pub(crate) struct Rope {
    cos: Tensor,
    sin: Tensor,
}

impl Rope {
    pub(crate) fn new(
        inv_freq: &[f64],
        max_positions: usize,
        device: &candle_core::Device,
    ) -> Result<Self> {
        let head_dim = inv_freq.len() * 2;
        let mut cos = Vec::with_capacity(max_positions * head_dim);
        let mut sin = Vec::with_capacity(max_positions * head_dim);
        for p in 0..max_positions {
            let row: Vec<f64> = inv_freq.iter().map(|f| p as f64 * f).collect();
            for _ in 0..2 {
                cos.extend(row.iter().map(|a| a.cos() as f32));
                sin.extend(row.iter().map(|a| a.sin() as f32));
            }
        }
        let shape = (max_positions, head_dim);
        Ok(Self {
            cos: Tensor::from_vec(cos, shape, device)?,
            sin: Tensor::from_vec(sin, shape, device)?,
        })
    }

    /// The `cos` and `sin` tables, `[max_positions, head_dim]` each.
    pub(crate) fn tables(&self) -> (&Tensor, &Tensor) {
        (&self.cos, &self.sin)
    }

    pub(crate) fn max_positions(&self) -> usize {
        self.cos.dim(0).unwrap_or(0)
    }

    /// Gathers the tables at `positions` (`[b, t]` u32) -> two `[b, 1, t, head_dim]` tensors.
    pub(crate) fn at(&self, positions: &Tensor) -> Result<(Tensor, Tensor)> {
        let (b, t) = positions.dims2()?;
        let flat = positions.flatten_all()?;
        let d = self.cos.dim(1)?;
        let cos = self.cos.index_select(&flat, 0)?.reshape((b, 1, t, d))?;
        let sin = self.sin.index_select(&flat, 0)?.reshape((b, 1, t, d))?;
        Ok((cos, sin))
    }
}

/// `x * cos + rotate_half(x) * sin`, `rotate_half([x1, x2]) = [-x2, x1]`; `x`: `[b, h, t, d]`.
pub(crate) fn apply_rope(x: &Tensor, cos: &Tensor, sin: &Tensor) -> Result<Tensor> {
    let half = x.dim(D::Minus1)? / 2;
    let x1 = x.narrow(D::Minus1, 0, half)?;
    let x2 = x.narrow(D::Minus1, half, half)?;
    let rotated = Tensor::cat(&[&x2.neg()?, &x1], D::Minus1)?;
    Ok((x.broadcast_mul(cos)? + rotated.broadcast_mul(sin)?)?)
}

/// SwiGLU MLP, `down(silu(gate(x)) * up(x))` (Shazeer 2020); the product is one fused op on
/// the CPU ([`fused`]).
#[derive(Debug, Clone)]
pub(crate) struct Mlp {
    pub(crate) gate: Linear,
    pub(crate) up: Linear,
    pub(crate) down: Linear,
}

impl Mlp {
    pub(crate) fn load(vb: &VarBuilder, hidden: usize, inner: usize) -> Result<Self> {
        Ok(Self {
            gate: Linear::load(&vb.pp("gate_proj"), hidden, inner, false)?,
            up: Linear::load(&vb.pp("up_proj"), hidden, inner, false)?,
            down: Linear::load(&vb.pp("down_proj"), inner, hidden, false)?,
        })
    }

    pub(crate) fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let (gate, up) = (self.gate.forward(x)?, self.up.forward(x)?);
        let h = if fused::fusable(&gate) && fused::fusable(&up) {
            fused::swiglu(&gate, &up)?
        } else {
            (gate.silu()? * up)?
        };
        self.down.forward(&h)
    }

    pub(crate) fn map(&self, f: &impl Fn(&Tensor) -> Tensor) -> Self {
        Self {
            gate: self.gate.map(f),
            up: self.up.map(f),
            down: self.down.map(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use candle_core::Device;

    use super::*;

    #[test]
    fn matmul_t_equals_x_times_w_transposed_on_either_path() {
        let dev = Device::Cpu;
        // A projection-sized and a head-sized weight (over 2^20 entries), on both sides of
        // every row threshold.
        for (out, inp) in [(96, 40), (4100, 256)] {
            let w = Tensor::randn(0f32, 1.0, (out, inp), &dev).unwrap();
            for rows in [1, 2, 16, 17, 64, 65] {
                let x = Tensor::randn(0f32, 1.0, (rows, inp), &dev).unwrap();
                let want = x.matmul(&w.t().unwrap()).unwrap();
                let got = matmul_t(&x, &w).unwrap();
                assert_eq!(got.dims(), &[rows, out]);
                let diff = (got - &want)
                    .unwrap()
                    .abs()
                    .unwrap()
                    .max_all()
                    .unwrap()
                    .to_scalar::<f32>()
                    .unwrap();
                assert!(diff < 1e-4, "{out}x{inp}, {rows} rows: {diff}");
            }
        }
    }
}
