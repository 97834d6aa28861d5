//! Test helpers shared by the model's op tests: seeded inputs, the largest difference, and the
//! gradient comparison of a fused op against the composed ops it replaces.

use candle_core::backprop::GradStore;
use candle_core::{Device, Tensor};

/// A CPU tensor of `shape` with values uniform in `[−half_width, half_width)` from an xorshift
/// stream seeded by `seed` (no RNG crate, so the inputs never change with a dependency).
pub(crate) fn uniform(shape: &[usize], seed: u64, half_width: f32) -> Tensor {
    let n: usize = shape.iter().product();
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let values: Vec<f32> = (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            ((x >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * 2.0 * half_width
        })
        .collect();
    Tensor::from_vec(values, shape, &Device::Cpu).unwrap()
}

/// The largest `|a − b|` over all entries.
pub(crate) fn max_diff(a: &Tensor, b: &Tensor) -> f32 {
    (a - b)
        .unwrap()
        .abs()
        .unwrap()
        .flatten_all()
        .unwrap()
        .max(0)
        .unwrap()
        .to_scalar()
        .unwrap()
}

/// The gradients of `Σ y ⊙ mix` (a fixed random mix, so every output entry weighs differently).
pub(crate) fn grads_of(y: &Tensor, mix: &Tensor) -> GradStore {
    (y * mix).unwrap().sum_all().unwrap().backward().unwrap()
}

/// Asserts that the gradients of `Σ fused ⊙ mix` and `Σ composed ⊙ mix` with respect to each
/// named input agree within `tol`; returns the fused side's gradients for further checks.
pub(crate) fn assert_same_grads(
    fused: &Tensor,
    composed: &Tensor,
    mix: &Tensor,
    inputs: &[(&str, &Tensor)],
    tol: f32,
) -> GradStore {
    let (g1, g2) = (grads_of(fused, mix), grads_of(composed, mix));
    for (name, x) in inputs {
        let (a, b) = (g1.get(x).unwrap(), g2.get(x).unwrap());
        let diff = max_diff(a, b);
        assert!(diff < tol, "d{name} differs by {diff}");
    }
    g1
}
