//! Mixed precision for training ("autocast", as `torch.autocast` does it): the master weights,
//! their gradients and the optimizer's moments stay f32; the matrix products of the training
//! forward and backward run in a lower precision. With [`Precision::Bf16`] every projection
//! (`x Wᵀ`, LoRA adapters excepted) and the output head's `h Wᵀ` cast both operands to bf16,
//! multiply, and cast the product back to f32. Everything else stays f32: the residual stream,
//! RMSNorm, rope, the attention scores and softmax (on the CPU one fused op; elsewhere the
//! composed f32 ops), the log-softmax over the vocabulary and the loss.
//!
//! The casts are ordinary autograd ops: the backward of `to_dtype` casts the incoming gradient
//! back to its operand's dtype, so the products' backward (`dX = dY W`, `dW = dYᵀ X`) also run
//! in bf16 and the gradients that reach the f32 `Var`s are f32 (accumulated in f32 wherever one
//! tensor feeds several products, as `x` feeds q, k and v).
//!
//! bf16 keeps f32's exponent range (no loss scaling is needed, unlike f16) with 8 bits of
//! mantissa: a product's relative error is ~2⁻⁸. On the CPU candle has no bf16 matrix kernel
//! (it widens to f32, multiplies and rounds back), so bf16 there is slower than f32 and only
//! exists to check the numerics; the speed is the GPU's (tensor cores).

use std::fmt;
use std::str::FromStr;

use candle_core::{DType, Tensor};
use serde::{Deserialize, Serialize};

use super::layers::matmul_t;
use crate::{Error, Result};

/// The precision of the training forward and backward's matrix products (`[train] dtype`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// Everything in f32 (the default).
    #[default]
    F32,
    /// Products in bf16 with f32 master weights (see the module doc).
    Bf16,
}

impl Precision {
    /// The dtype products are cast to; `None`: the operands' own.
    pub fn compute(self) -> Option<DType> {
        match self {
            Precision::F32 => None,
            Precision::Bf16 => Some(DType::BF16),
        }
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Precision::F32 => "f32",
            Precision::Bf16 => "bf16",
        })
    }
}

impl FromStr for Precision {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "f32" => Ok(Precision::F32),
            "bf16" => Ok(Precision::Bf16),
            _ => Err(Error::Config(format!(
                "unknown dtype `{s}`: expected `f32` or `bf16`"
            ))),
        }
    }
}

/// `x Wᵀ` ([`matmul_t`]) with both operands cast to `compute` and the product cast back to
/// `x`'s dtype; a plain [`matmul_t`] when `compute` is `None` or already `x`'s dtype.
pub(crate) fn matmul_t_in(x: &Tensor, w: &Tensor, compute: Option<DType>) -> Result<Tensor> {
    match compute {
        Some(dt) if dt != x.dtype() => {
            let y = matmul_t(&x.to_dtype(dt)?, &w.to_dtype(dt)?)?;
            Ok(y.to_dtype(x.dtype())?)
        }
        _ => matmul_t(x, w),
    }
}

/// `t` cast to `compute` (itself when `None` or already of that dtype). Returns candle's
/// result, as the ops' backward passes do.
pub(crate) fn cast(t: &Tensor, compute: Option<DType>) -> candle_core::Result<Tensor> {
    Ok(match compute {
        Some(dt) => t.to_dtype(dt)?,
        None => t.clone(),
    })
}

/// `a b` with both operands cast to `compute` and the product cast back to `a`'s dtype; a
/// plain `a b` when `compute` is `None` or already `a`'s dtype (the output head's products, in
/// its op's forward and backward).
pub(crate) fn matmul_in(
    a: &Tensor,
    b: &Tensor,
    compute: Option<DType>,
) -> candle_core::Result<Tensor> {
    match compute {
        Some(dt) if dt != a.dtype() => a
            .to_dtype(dt)?
            .matmul(&b.to_dtype(dt)?)?
            .to_dtype(a.dtype()),
        _ => a.matmul(b),
    }
}

#[cfg(test)]
mod tests {
    use candle_core::Device;

    use super::*;

    #[test]
    fn precision_names_parse_print_back_and_map_to_their_dtype() {
        for (s, p, dt) in [
            ("f32", Precision::F32, None),
            ("bf16", Precision::Bf16, Some(DType::BF16)),
        ] {
            let parsed: Precision = s.parse().unwrap();
            assert_eq!(
                (parsed, parsed.to_string().as_str(), parsed.compute()),
                (p, s, dt)
            );
        }
        let err = "fp16".parse::<Precision>().unwrap_err().to_string();
        assert!(err.contains("expected `f32` or `bf16`"), "{err}");
    }

    #[test]
    fn a_bf16_product_is_the_product_of_the_rounded_operands_returned_in_f32() {
        let dev = Device::Cpu;
        let x = Tensor::randn(0f32, 1.0, (5, 40), &dev).unwrap();
        let w = Tensor::randn(0f32, 1.0, (7, 40), &dev).unwrap();
        let got = matmul_t_in(&x, &w, Some(DType::BF16)).unwrap();
        assert_eq!(got.dtype(), DType::F32);
        let round = |t: &Tensor| t.to_dtype(DType::BF16).unwrap();
        let want = round(&x).matmul(&round(&w).t().unwrap()).unwrap();
        let want = want.to_dtype(DType::F32).unwrap();
        let diff = (&got - &want).unwrap().abs().unwrap().max_all().unwrap();
        assert_eq!(diff.to_scalar::<f32>().unwrap(), 0.0);
        // It differs from the f32 product, by about bf16's resolution.
        let exact = x.matmul(&w.t().unwrap()).unwrap();
        let err = (&got - &exact).unwrap().abs().unwrap().max_all().unwrap();
        let err = err.to_scalar::<f32>().unwrap();
        assert!(err > 0.0 && err < 0.5, "{err}");
        // No compute dtype (or x's own): the plain product, bit for bit.
        let plain = matmul_t_in(&x, &w, None).unwrap();
        let same = matmul_t_in(&x, &w, Some(DType::F32)).unwrap();
        for t in [plain, same] {
            let d = (&t - &exact).unwrap().abs().unwrap().max_all().unwrap();
            assert_eq!(d.to_scalar::<f32>().unwrap(), 0.0);
        }
    }
}
