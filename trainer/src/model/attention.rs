//! Causal self-attention for training on the CPU as one op: from the outputs of the q, k and v
//! projections (`[b·t, heads·d]`, `[b·t, kv_heads·d]` twice) to the heads' concatenated output
//! (`[b·t, heads·d]`), rope, the `1/√d` scale, the mask, the softmax and grouped-query
//! attention inside.
//!
//! Composed from candle ops, one layer's attention was about twenty graph nodes (reshapes,
//! transposes, rope's narrow/neg/cat/products, the scale, a contiguous copy, the softmax op, the
//! value product, and the output's transpose back), and candle's backward pass allocates a
//! zeroed tensor for every node's input gradient and adds into it; the nodes over `[b, heads, t,
//! t]` cost most. Here the graph has one node with three inputs.
//!
//! ```text
//! forward:   Q = α·rope(q),  K = rope(k),  V = v         (heads moved in front of time)
//!            P = softmax(Q Kᵀ + bias),  O = P V           (P kept for the backward pass)
//! backward:  dV = Pᵀ G,  dP = G Vᵀ,  dS = P ⊙ (dP − Σ_j dP ⊙ P)
//!            dQ = dS K,  dK = dSᵀ Q,  dq = α·ropeᵀ(dQ),  dk = ropeᵀ(dK)
//! rope:      per head, halves x = [x₁, x₂]:  y₁ = x₁ c₁ − x₂ s₁,  y₂ = x₂ c₂ + x₁ s₂
//!            ropeᵀ:  ∂x₁ = g₁ c₁ + g₂ s₂,  ∂x₂ = g₂ c₂ − g₁ s₁
//! ```
//!
//! Grouped-query attention folds the `n_rep` query heads of one key/value head into the time
//! axis (`[b, kv_heads, n_rep·t, d]`), as the composed path does, so keys and values are never
//! copied per query head. The products are candle matmuls (gemm); the layout moves, rope, the
//! masked softmax and its backward are single passes over independent rows, so the results do
//! not depend on the thread split. Other devices and dtypes, and the KV-cached sampling path,
//! keep the composed ops ([`super::Model`]).

use std::sync::Mutex;

use candle_core::{CpuStorage, CustomOp3, Device, InplaceOp1, InplaceOp2, Layout, Shape, Tensor};
use rayon::prelude::*;

use super::fused::{slice, with_host};

/// Rows per rayon task in the row passes.
const ROWS_PER_TASK: usize = 16;

/// The shape of one attention call.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Heads {
    pub(crate) b: usize,
    pub(crate) t: usize,
    pub(crate) heads: usize,
    pub(crate) kv_heads: usize,
    pub(crate) d: usize,
}

impl Heads {
    pub(super) fn n_rep(&self) -> usize {
        self.heads / self.kv_heads
    }
}

/// Causal attention over the projections `q` `[b·t, heads·d]`, `k`, `v` `[b·t, kv_heads·d]`
/// (contiguous f32 CPU) with rope tables `cos`, `sin` `[b, 1, t, d]`, the additive mask `bias`
/// `[b, 1, 1, t, t]` and `scale` (`1/√d`); returns `[b·t, heads·d]`. See the module doc.
pub(crate) fn attention(
    (q, k, v): (&Tensor, &Tensor, &Tensor),
    (cos, sin): (&Tensor, &Tensor),
    bias: &Tensor,
    shape: Heads,
    scale: f64,
) -> candle_core::Result<Tensor> {
    let Heads { b, t, d, .. } = shape;
    if !shape.heads.is_multiple_of(shape.kv_heads)
        || !d.is_multiple_of(2)
        || bias.elem_count() != b * t * t
    {
        return Err(candle_core::Error::Msg(format!(
            "tz-attention: {shape:?} with a mask of {:?}",
            bias.dims()
        )));
    }
    let op = AttentionOp {
        shape,
        scale: scale as f32,
        cos: cos.detach().contiguous()?,
        sin: sin.detach().contiguous()?,
        bias: bias.detach().contiguous()?,
        saved: Mutex::new(None),
    };
    q.apply_op3(k, v, op)
}

/// How a layout move treats each head's `d` values.
#[derive(Clone, Copy)]
pub(super) enum Rotate {
    /// Copied as they are.
    No,
    /// Rope at the row's position, times the factor.
    Rope(f32),
    /// The transpose of rope (its backward), times the factor.
    RopeT(f32),
}

impl Rotate {
    fn apply(self, y: &mut [f32], x: &[f32], c: &[f32], s: &[f32]) {
        let half = x.len() / 2;
        match self {
            Rotate::No => y.copy_from_slice(x),
            Rotate::Rope(a) => {
                for i in 0..half {
                    let (x1, x2) = (x[i], x[i + half]);
                    y[i] = a * (x1 * c[i] - x2 * s[i]);
                    y[i + half] = a * (x2 * c[i + half] + x1 * s[i + half]);
                }
            }
            Rotate::RopeT(a) => {
                for i in 0..half {
                    let (g1, g2) = (x[i], x[i + half]);
                    y[i] = a * (g1 * c[i] + g2 * s[i + half]);
                    y[i + half] = a * (g2 * c[i + half] - g1 * s[i]);
                }
            }
        }
    }
}

/// `x` `[b·t, n_heads·d]` (rows by position) to `[b, kv_heads, (n_heads / kv_heads)·t, d]`.
pub(super) fn to_heads(
    x: &[f32],
    shape: Heads,
    n_heads: usize,
    tables: (&[f32], &[f32]),
    r: Rotate,
) -> Vec<f32> {
    let Heads { t, kv_heads, d, .. } = shape;
    let n_rep = n_heads / kv_heads;
    let mut y = vec![0f32; x.len()];
    // One task per (sequence, kv head, repeat): t rows of d, read from t positions.
    y.par_chunks_mut(t * d).enumerate().for_each(|(block, y)| {
        let (bi, kv, rep) = (
            block / (kv_heads * n_rep),
            block / n_rep % kv_heads,
            block % n_rep,
        );
        let head = kv * n_rep + rep;
        for (i, y) in y.chunks_mut(d).enumerate() {
            let row = bi * t + i;
            let src = &x[(row * n_heads + head) * d..][..d];
            let tab = row * d..(row + 1) * d;
            r.apply(y, src, &tables.0[tab.clone()], &tables.1[tab]);
        }
    });
    y
}

/// The inverse layout move of [`to_heads`]: `[b, kv_heads, n_rep·t, d]` to `[b·t, n_heads·d]`.
pub(super) fn from_heads(
    x: &[f32],
    shape: Heads,
    n_heads: usize,
    tables: (&[f32], &[f32]),
    r: Rotate,
) -> Vec<f32> {
    let Heads { t, kv_heads, d, .. } = shape;
    let n_rep = n_heads / kv_heads;
    let mut y = vec![0f32; x.len()];
    y.par_chunks_mut(n_heads * d)
        .with_min_len(ROWS_PER_TASK)
        .enumerate()
        .for_each(|(row, y)| {
            let (bi, i) = (row / t, row % t);
            let tab = row * d..(row + 1) * d;
            for (head, y) in y.chunks_mut(d).enumerate() {
                let (kv, rep) = (head / n_rep, head % n_rep);
                let src = &x[(((bi * kv_heads + kv) * n_rep + rep) * t + i) * d..][..d];
                r.apply(y, src, &tables.0[tab.clone()], &tables.1[tab.clone()]);
            }
        });
    y
}

/// What the forward pass keeps for the backward pass, in the heads-first layout.
struct Saved {
    q: Tensor,
    k: Tensor,
    v: Tensor,
    p: Tensor,
}

struct AttentionOp {
    shape: Heads,
    scale: f32,
    cos: Tensor,
    sin: Tensor,
    bias: Tensor,
    saved: Mutex<Option<Saved>>,
}

impl AttentionOp {
    fn heads_tensor(&self, data: Vec<f32>, rows: usize) -> candle_core::Result<Tensor> {
        let Heads { b, kv_heads, d, .. } = self.shape;
        Tensor::from_vec(data, (b, kv_heads, rows, d), &Device::Cpu)
    }
}

impl CustomOp3 for AttentionOp {
    fn name(&self) -> &'static str {
        "tz-attention"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
        s3: &CpuStorage,
        l3: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let shape = self.shape;
        let Heads { b, t, heads, d, .. } = shape;
        let inputs = [(s1, l1), (s2, l2), (s3, l3)];
        let [qh, kh, vh] =
            inputs_to_heads(self.name(), shape, self.scale, &self.cos, &self.sin, inputs)?;
        let rt = shape.n_rep() * t;
        let (qh, kh, vh) = (
            self.heads_tensor(qh, rt)?,
            self.heads_tensor(kh, t)?,
            self.heads_tensor(vh, t)?,
        );
        let p = qh.matmul(&kh.t()?)?; // [b, kv_heads, n_rep·t, t]
        with_host([&self.bias], |[bias]| {
            p.inplace_op1(&MaskedSoftmax { bias, b, t })
        })??;
        let o = p.matmul(&vh)?;
        let out = with_host([&o, &self.cos], |[o, c]| {
            from_heads(o, shape, heads, (c, c), Rotate::No)
        })?;
        *self.saved.lock().map_err(|_| poisoned())? = Some(Saved {
            q: qh,
            k: kh,
            v: vh,
            p,
        });
        Ok((CpuStorage::F32(out), Shape::from((b * t, heads * d))))
    }

    fn bwd(
        &self,
        q: &Tensor,
        k: &Tensor,
        v: &Tensor,
        _: &Tensor,
        grad: &Tensor,
    ) -> candle_core::Result<(Option<Tensor>, Option<Tensor>, Option<Tensor>)> {
        let shape = self.shape;
        let Heads { t, heads, .. } = shape;
        let saved = self.saved.lock().map_err(|_| poisoned())?;
        let Some(Saved {
            q: qh,
            k: kh,
            v: vh,
            p,
        }) = saved.as_ref()
        else {
            return Err(candle_core::Error::Msg(
                "tz-attention: backward before forward".into(),
            ));
        };
        let rt = shape.n_rep() * t;
        let gh = with_host([grad, &self.cos], |[g, c]| {
            to_heads(g, shape, heads, (c, c), Rotate::No)
        })?;
        let gh = self.heads_tensor(gh, rt)?;
        let dv = p.t()?.matmul(&gh)?; // [b, kv_heads, t, d]
        let ds = gh.matmul(&vh.t()?)?; // dP, overwritten with dS
        ds.inplace_op2(p, &SoftmaxBackward { t })?;
        let dq = ds.matmul(kh)?;
        let dk = ds.t()?.matmul(qh)?;
        let grads = with_host([&dq, &dk, &dv], |[dq, dk, dv]| {
            grads_from_heads(
                shape,
                self.scale,
                &self.cos,
                &self.sin,
                [dq, dk, dv],
                [q, k, v],
            )
        })??;
        Ok(grads)
    }
}

/// The inputs of an attention op (`q` `[b·t, heads·d]`, `k`, `v` `[b·t, kv_heads·d]`), checked
/// against `shape` and moved heads first: q with rope and `scale`, k with rope, v as it is.
pub(super) fn inputs_to_heads(
    op: &str,
    shape: Heads,
    scale: f32,
    cos: &Tensor,
    sin: &Tensor,
    inputs: [(&CpuStorage, &Layout); 3],
) -> candle_core::Result<[Vec<f32>; 3]> {
    let Heads {
        b,
        t,
        heads,
        kv_heads,
        d,
    } = shape;
    let [q, k, v] = inputs.map(|(s, l)| slice(s, l, op));
    let (q, k, v) = (q?, k?, v?);
    if q.len() != b * t * heads * d || k.len() != b * t * kv_heads * d || v.len() != k.len() {
        return Err(candle_core::Error::Msg(format!(
            "{op}: inputs of {}, {}, {} values for {shape:?}",
            q.len(),
            k.len(),
            v.len()
        )));
    }
    with_host([cos, sin], |[c, s]| {
        [
            to_heads(q, shape, heads, (c, s), Rotate::Rope(scale)),
            to_heads(k, shape, kv_heads, (c, s), Rotate::Rope(1.0)),
            to_heads(v, shape, kv_heads, (c, s), Rotate::No),
        ]
    })
}

/// The gradients of an attention op's inputs `like` (q, k, v) from their heads-first
/// gradients: the transposes of [`inputs_to_heads`]' moves.
pub(super) fn grads_from_heads(
    shape: Heads,
    scale: f32,
    cos: &Tensor,
    sin: &Tensor,
    [dq, dk, dv]: [&[f32]; 3],
    like: [&Tensor; 3],
) -> candle_core::Result<(Option<Tensor>, Option<Tensor>, Option<Tensor>)> {
    let Heads {
        heads, kv_heads, ..
    } = shape;
    let [dq, dk, dv] = with_host([cos, sin], |[c, s]| {
        [
            from_heads(dq, shape, heads, (c, s), Rotate::RopeT(scale)),
            from_heads(dk, shape, kv_heads, (c, s), Rotate::RopeT(1.0)),
            from_heads(dv, shape, kv_heads, (c, s), Rotate::No),
        ]
    })?;
    let [q, k, v] = like;
    Ok((
        Some(Tensor::from_vec(dq, q.shape(), q.device())?),
        Some(Tensor::from_vec(dk, k.shape(), k.device())?),
        Some(Tensor::from_vec(dv, v.shape(), v.device())?),
    ))
}

fn poisoned() -> candle_core::Error {
    candle_core::Error::Msg("tz-attention: a thread panicked holding its saved tensors".into())
}

/// Rows of `[b, kv_heads, n_rep·t, t]` scores: each row plus its mask row, then its softmax, in
/// place. Row `i` of a time block uses the mask of position `i` of its sequence.
struct MaskedSoftmax<'a> {
    bias: &'a [f32],
    b: usize,
    t: usize,
}

impl InplaceOp1 for MaskedSoftmax<'_> {
    fn name(&self) -> &'static str {
        "tz-masked-softmax"
    }

    fn cpu_fwd(&self, storage: &mut CpuStorage, layout: &Layout) -> candle_core::Result<()> {
        let scores = slice_mut(storage, layout, self.name())?;
        let t = self.t;
        let rows_per_seq = scores.len() / t / self.b;
        scores
            .par_chunks_mut(t)
            .with_min_len(ROWS_PER_TASK)
            .enumerate()
            .for_each(|(row, s)| {
                let (bi, i) = (row / rows_per_seq, row % t);
                let bias = &self.bias[(bi * t + i) * t..][..t];
                let mut max = f32::NEG_INFINITY;
                for (s, m) in s.iter_mut().zip(bias) {
                    *s += m;
                    max = max.max(*s);
                }
                let mut sum = 0f32;
                for s in s.iter_mut() {
                    *s = (*s - max).exp();
                    sum += *s;
                }
                let inv = 1.0 / sum;
                s.iter_mut().for_each(|s| *s *= inv);
            });
        Ok(())
    }
}

/// `dS = P ⊙ (dP − Σ_j dP ⊙ P)` row by row, written over `dP`.
struct SoftmaxBackward {
    t: usize,
}

impl InplaceOp2 for SoftmaxBackward {
    fn name(&self) -> &'static str {
        "tz-softmax-backward"
    }

    fn cpu_fwd(
        &self,
        s1: &mut CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> candle_core::Result<()> {
        let dp = slice_mut(s1, l1, self.name())?;
        let p = slice(s2, l2, self.name())?;
        dp.par_chunks_mut(self.t)
            .with_min_len(ROWS_PER_TASK)
            .zip(p.par_chunks(self.t))
            .for_each(|(g, p)| {
                let inner: f32 = g.iter().zip(p).map(|(g, p)| g * p).sum();
                g.iter_mut().zip(p).for_each(|(g, p)| *g = p * (*g - inner));
            });
        Ok(())
    }
}

fn slice_mut<'a>(
    s: &'a mut CpuStorage,
    l: &Layout,
    op: &str,
) -> candle_core::Result<&'a mut [f32]> {
    match (s, l.contiguous_offsets()) {
        (CpuStorage::F32(v), Some((a, b))) => Ok(&mut v[a..b]),
        _ => Err(candle_core::Error::Msg(format!(
            "{op} needs a contiguous f32 tensor"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::layers::{MASKED, Rope, apply_rope};
    use crate::model::test_util::{assert_same_grads, max_diff, uniform};
    use candle_core::{D, Var};

    /// The composed path of [`super::super::Model`]'s attention on the same inputs.
    fn composed(
        (q, k, v): (&Tensor, &Tensor, &Tensor),
        (cos, sin): (&Tensor, &Tensor),
        bias: &Tensor,
        s: Heads,
        scale: f64,
    ) -> Tensor {
        let Heads {
            b,
            t,
            heads: h,
            kv_heads: kvh,
            d,
        } = s;
        let q = q.reshape((b, t, h, d)).unwrap().transpose(1, 2).unwrap();
        let k = k.reshape((b, t, kvh, d)).unwrap().transpose(1, 2).unwrap();
        let v = v.reshape((b, t, kvh, d)).unwrap().transpose(1, 2).unwrap();
        let q = (apply_rope(&q, cos, sin).unwrap() * scale).unwrap();
        let k = apply_rope(&k, cos, sin).unwrap().contiguous().unwrap();
        let q = q
            .contiguous()
            .unwrap()
            .reshape((b, kvh, h / kvh * t, d))
            .unwrap();
        let scores = q.matmul(&k.t().unwrap()).unwrap();
        let scores = scores
            .reshape((b, kvh, h / kvh, t, t))
            .unwrap()
            .broadcast_add(bias)
            .unwrap()
            .reshape((b, kvh, h / kvh * t, t))
            .unwrap();
        let p = candle_nn::ops::softmax(&scores, D::Minus1).unwrap();
        p.matmul(&v.contiguous().unwrap())
            .unwrap()
            .reshape((b, h, t, d))
            .unwrap()
            .transpose(1, 2)
            .unwrap()
            .reshape((b * t, h * d))
            .unwrap()
    }

    #[test]
    fn fused_attention_equals_the_composed_ops_in_value_and_gradient() {
        // Grouped queries (3 per kv head), left padding in one sequence, shifted positions.
        let s = Heads {
            b: 2,
            t: 7,
            heads: 6,
            kv_heads: 2,
            d: 8,
        };
        let Heads {
            b,
            t,
            heads,
            kv_heads,
            d,
        } = s;
        let rope = Rope::new(&[1.0, 0.3, 0.1, 0.01], 32, &Device::Cpu).unwrap();
        let pos: Vec<u32> = (0..b * t).map(|i| (i % t + 3 * (i / t)) as u32).collect();
        let pos = Tensor::from_vec(pos, (b, t), &Device::Cpu).unwrap();
        let (cos, sin) = rope.at(&pos).unwrap();
        let mut bias = vec![0f32; b * t * t];
        for (n, m) in bias.iter_mut().enumerate() {
            let (bi, i, j) = (n / (t * t), n / t % t, n % t);
            if j > i || (bi == 1 && j < 2) {
                *m = MASKED as f32;
            }
        }
        let bias = Tensor::from_vec(bias, (b, 1, 1, t, t), &Device::Cpu).unwrap();
        let var = |n, seed| Var::from_tensor(&uniform(&[b * t, n * d], seed, 1.0)).unwrap();
        let (q, k, v) = (var(heads, 1), var(kv_heads, 2), var(kv_heads, 3));
        let inputs = (q.as_tensor(), k.as_tensor(), v.as_tensor());
        let scale = 1.0 / (d as f64).sqrt();
        let fused = attention(inputs, (&cos, &sin), &bias, s, scale).unwrap();
        let want = composed(inputs, (&cos, &sin), &bias, s, scale);
        assert!(
            max_diff(&fused, &want) < 1e-5,
            "values differ by {}",
            max_diff(&fused, &want)
        );
        let mix = uniform(&[b * t, heads * d], 4, 1.0);
        let named = [
            ("q", q.as_tensor()),
            ("k", k.as_tensor()),
            ("v", v.as_tensor()),
        ];
        let g1 = assert_same_grads(&fused, &want, &mix, &named, 1e-5);
        for (name, x) in named {
            let a = g1.get(x).unwrap();
            assert!(
                max_diff(a, &a.zeros_like().unwrap()) > 1e-3,
                "d{name} is zero"
            );
        }
    }
}
