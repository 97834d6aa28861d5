//! Hand-written CPU kernels for the decoding step ([`super::step`]): `x Wᵀ` over a few rows, and
//! the dot products of attention, vectorized with `pulp` (safe SIMD, the instruction set picked
//! at run time: AVX2+FMA on x86-64-v3, AVX-512 where pulp's `x86-v4` feature is on, a scalar
//! fused multiply-add elsewhere) and spread over rayon's pool by blocks of weight rows.
//!
//! Why not candle's matmul: a decoding step multiplies 1-64 rows by every weight matrix, where
//! gemm's packing and candle's per-op dispatch cost more than the product itself (measured in
//! the closing note of #15). Here each weight row is read once per step and dotted with every
//! input row while it is in L1, so the step streams the weights from memory once, on both cores.
//!
//! **Batch invariance.** Every output entry is one reduction of the same shape: one vector
//! accumulator fed the SIMD chunks in order, reduced across lanes, then the scalar tail in order.
//! The tiles of 4 weight rows by 4 input rows perform exactly the same operations per entry as
//! the 1-by-1 kernel, so a row's values are bit-identical alone or in a batch of any size, and for
//! any split over threads.

use pulp::{Arch, Simd, WithSimd};
use rayon::prelude::*;

/// Weight rows per rayon task: 32 rows of SmolLM2's 576 columns are 72 KiB, enough work to
/// amortise a task and small enough to balance the 192-row key/value projections over 2 cores.
const ROWS_PER_TASK: usize = 32;

/// One product of [`matmul_t`]: `out = x Wᵀ (+ bias)`, `w` `[n, k]` (Hugging Face layout),
/// `out` `[rows, n]`.
pub(crate) struct Product<'a> {
    pub(crate) w: &'a [f32],
    pub(crate) bias: Option<&'a [f32]>,
    pub(crate) out: &'a mut [f32],
}

/// Every product's `out = x Wᵀ (+ bias)` for the same `x` (`[rows, k]`, row-major), in one
/// parallel region: the weight rows of all products are split into tasks together, so the
/// query, key and value projections (or gate and up) cost one fork-join, not three.
pub(crate) fn matmul_t(arch: Arch, x: &[f32], rows: usize, products: &mut [Product]) {
    if rows == 0 {
        return;
    }
    let k = x.len() / rows;
    debug_assert_eq!(x.len(), rows * k);
    // With one row, `out` is already in weight-row order; with more, each task writes its weight
    // rows' outputs contiguously (`[n, rows]`) and a transpose puts them in `[rows, n]`.
    let mut transposed: Vec<Vec<f32>> = if rows == 1 {
        Vec::new()
    } else {
        products.iter().map(|p| vec![0f32; p.out.len()]).collect()
    };
    let mut tasks: Vec<(&[f32], &mut [f32])> = Vec::new();
    if rows == 1 {
        for p in products.iter_mut() {
            debug_assert_eq!(p.w.len(), p.out.len() * k);
            let chunks = p.out.chunks_mut(ROWS_PER_TASK);
            tasks.extend(p.w.chunks(ROWS_PER_TASK * k).zip(chunks));
        }
    } else {
        for (p, out_t) in products.iter().zip(transposed.iter_mut()) {
            debug_assert_eq!(p.w.len() * rows, out_t.len() * k);
            let chunks = out_t.chunks_mut(ROWS_PER_TASK * rows);
            tasks.extend(p.w.chunks(ROWS_PER_TASK * k).zip(chunks));
        }
    }
    tasks.into_par_iter().for_each(|(w, out_t)| {
        arch.dispatch(Block {
            x,
            rows,
            k,
            w,
            out_t,
        })
    });
    for (i, p) in products.iter_mut().enumerate() {
        let n = p.out.len() / rows;
        if rows > 1 {
            for (j, col) in transposed[i].chunks_exact(rows).enumerate() {
                for (r, &v) in col.iter().enumerate() {
                    p.out[r * n + j] = v;
                }
            }
        }
        if let Some(bias) = p.bias {
            for row in p.out.chunks_exact_mut(n) {
                for (o, b) in row.iter_mut().zip(bias) {
                    *o += b;
                }
            }
        }
    }
}

/// The outputs of a block of weight rows: `out_t[j * rows + r] = dot(w[j], x[r])`.
struct Block<'a> {
    x: &'a [f32],
    rows: usize,
    k: usize,
    w: &'a [f32],
    out_t: &'a mut [f32],
}

impl WithSimd for Block<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) {
        let Block {
            x,
            rows,
            k,
            w,
            out_t,
        } = self;
        let n = w.len() / k;
        let xrow = |r: usize| &x[r * k..(r + 1) * k];
        let wrow = |j: usize| &w[j * k..(j + 1) * k];
        let mut j = 0;
        while j < n {
            // Tiles of 4 weight rows (1 at the end) by 4 input rows (1 at the end).
            let wn = if j + 4 <= n { 4 } else { 1 };
            let mut r = 0;
            while r < rows {
                let rn = if r + 4 <= rows { 4 } else { 1 };
                let mut put = |jj: usize, rr: usize, v: f32| out_t[(j + jj) * rows + r + rr] = v;
                match (wn, rn) {
                    (4, 4) => {
                        let t = dots::<S, 4, 4>(
                            simd,
                            [0, 1, 2, 3].map(|i| wrow(j + i)),
                            [0, 1, 2, 3].map(|i| xrow(r + i)),
                        );
                        for (jj, row) in t.iter().enumerate() {
                            for (rr, &v) in row.iter().enumerate() {
                                put(jj, rr, v);
                            }
                        }
                    }
                    (4, _) => {
                        let t = dots::<S, 4, 1>(simd, [0, 1, 2, 3].map(|i| wrow(j + i)), [xrow(r)]);
                        for (jj, row) in t.iter().enumerate() {
                            put(jj, 0, row[0]);
                        }
                    }
                    (_, 4) => {
                        let t = dots::<S, 1, 4>(simd, [wrow(j)], [0, 1, 2, 3].map(|i| xrow(r + i)));
                        for (rr, &v) in t[0].iter().enumerate() {
                            put(0, rr, v);
                        }
                    }
                    _ => put(0, 0, dots::<S, 1, 1>(simd, [wrow(j)], [xrow(r)])[0][0]),
                }
                r += rn;
            }
            j += wn;
        }
    }
}

/// `t[j][r] = dot(ws[j], xs[r])` for a tile of `W` weight rows by `R` input rows: one
/// accumulator per entry, fed the SIMD chunks in order, reduced across lanes, then the scalar
/// tail in order. The operations behind one entry do not depend on `W` or `R` (see the module
/// doc); the `W × R` independent accumulators hide the fused multiply-add latency.
#[inline(always)]
fn dots<S: Simd, const W: usize, const R: usize>(
    simd: S,
    ws: [&[f32]; W],
    xs: [&[f32]; R],
) -> [[f32; R]; W] {
    let k = ws[0].len();
    let wsplit = ws.map(|w| S::as_simd_f32s(&w[..k]));
    let xsplit = xs.map(|x| S::as_simd_f32s(&x[..k]));
    let chunks = wsplit[0].0.len();
    // Every slice cut to the same length, so the loop has no bounds checks.
    let wh = wsplit.map(|(h, _)| &h[..chunks]);
    let xh = xsplit.map(|(h, _)| &h[..chunks]);
    let zero = simd.splat_f32s(0.0);
    let mut acc = [[zero; R]; W];
    for i in 0..chunks {
        let wv = wh.map(|h| h[i]);
        for r in 0..R {
            let xv = xh[r][i];
            for j in 0..W {
                acc[j][r] = simd.mul_add_f32s(wv[j], xv, acc[j][r]);
            }
        }
    }
    let mut out = [[0f32; R]; W];
    for j in 0..W {
        for r in 0..R {
            let mut sum = simd.reduce_sum_f32s(acc[j][r]);
            for (a, b) in wsplit[j].1.iter().zip(xsplit[r].1) {
                sum = a.mul_add(*b, sum);
            }
            out[j][r] = sum;
        }
    }
    out
}

/// One query's attention over `len` stored positions: `scores[j] = q · keys[j] + bias[j]`,
/// `p = softmax(scores)`, `out = Σ_j p_j values[j]`, with `keys` and `values` `[len, d]`
/// row-major and `bias[j]` 0 (attend) or [`super::layers::MASKED`]. `scores` is scratch.
pub(crate) fn attend(
    arch: Arch,
    q: &[f32],
    keys: &[f32],
    values: &[f32],
    bias: &[f32],
    scores: &mut Vec<f32>,
    out: &mut [f32],
) {
    arch.dispatch(Attend {
        q,
        keys,
        values,
        bias,
        scores,
        out,
    })
}

struct Attend<'a> {
    q: &'a [f32],
    keys: &'a [f32],
    values: &'a [f32],
    bias: &'a [f32],
    scores: &'a mut Vec<f32>,
    out: &'a mut [f32],
}

impl WithSimd for Attend<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) {
        let Attend {
            q,
            keys,
            values,
            bias,
            scores,
            out,
        } = self;
        let d = q.len();
        scores.clear();
        for (key, b) in keys.chunks_exact(d).zip(bias) {
            scores.push(dots::<S, 1, 1>(simd, [key], [q])[0][0] + b);
        }
        let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut sum = 0f32;
        for s in scores.iter_mut() {
            *s = (*s - max).exp();
            sum += *s;
        }
        out.fill(0.0);
        for (value, s) in values.chunks_exact(d).zip(scores.iter()) {
            let p = s / sum;
            for (o, v) in out.iter_mut().zip(value) {
                *o += p * v;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(n: usize, seed: u64) -> Vec<f32> {
        let mut s = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                ((s >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * 2.0
            })
            .collect()
    }

    fn product<'a>(w: &'a [f32], bias: &'a [f32], out: &'a mut [f32]) -> Product<'a> {
        Product {
            w,
            bias: Some(bias),
            out,
        }
    }

    #[test]
    fn matmul_t_matches_a_plain_product_and_each_row_is_the_same_alone_or_in_a_batch() {
        let arch = Arch::new();
        // Column counts around the SIMD widths (8, 16 lanes) and odd ones; weight rows across
        // task boundaries; batches with and without a four-row remainder.
        for (n, k) in [(1, 1), (5, 7), (33, 17), (70, 64), (65, 576), (97, 1000)] {
            let w = values(n * k, n as u64);
            let bias = values(n, 99);
            for rows in [1usize, 2, 3, 4, 5, 9, 17] {
                let x = values(rows * k, (rows * 31 + k) as u64);
                let mut out = vec![0f32; rows * n];
                let mut twice = vec![0f32; rows * n];
                matmul_t(
                    arch,
                    &x,
                    rows,
                    &mut [product(&w, &bias, &mut out), product(&w, &bias, &mut twice)],
                );
                assert_eq!(out, twice);
                for r in 0..rows {
                    for j in 0..n {
                        let want: f64 = (0..k)
                            .map(|i| x[r * k + i] as f64 * w[j * k + i] as f64)
                            .sum::<f64>()
                            + bias[j] as f64;
                        let got = out[r * n + j] as f64;
                        assert!((got - want).abs() < 1e-4 * (1.0 + want.abs()), "{n}x{k}");
                    }
                    let mut alone = vec![0f32; n];
                    let x = &x[r * k..(r + 1) * k];
                    matmul_t(arch, x, 1, &mut [product(&w, &bias, &mut alone)]);
                    assert_eq!(alone, out[r * n..(r + 1) * n], "row {r} of {rows}, {n}x{k}");
                }
            }
        }
    }
}
