//! Attention over packed rows ([`crate::train::pack`]) on the CPU that computes only the blocks
//! a row's mask allows.
//!
//! A GRPO group packs into one row: the shared prompt, then each sample's own tokens. A dense
//! mask (`[t, t]`) makes every query score every key and zeroes the pairs of different samples
//! afterwards; with SmolLM2's tool prompts (~700 tokens) and 8 samples of ~250 own tokens the
//! row is ~2,700 columns, and about two thirds of the `t²` scores (and of the softmax rows the
//! backward pass keeps) are masked. Here a row is a list of [`Span`]s, each a run of queries and
//! the keys it sees (every shared key, and its own run causally), and each span's scores are a
//! `[len, shared + len]` block:
//!
//! ```text
//! S = Q [K_shared; K_own]ᵀ,  P = softmax(S + causal mask on the own part),  O = P [V_shared; V_own]
//! dV += Pᵀ G,  dP = G Vᵀ,  dS = P ⊙ (dP − Σ_j dP ⊙ P),  dQ = dS K,  dK += dSᵀ Q
//! ```
//!
//! The layout moves (heads first, rope, the `1/√d` scale, grouped-query folding) are the dense
//! op's ([`super::attention`]). Each (sequence, kv head, repeat, span) is one task whose
//! products run single-threaded in gemm; the shared keys' gradients are summed over the tasks
//! that read them in task order, so no value depends on the thread split.

use std::sync::Mutex;

use candle_core::{CpuStorage, CustomOp3, Layout, Shape, Tensor};
use rayon::prelude::*;

use super::attention::{Heads, Rotate, from_heads, grads_from_heads, inputs_to_heads, to_heads};
use super::fused::with_host;

/// A run of a packed row's queries and the keys it may attend: queries `start..start + len`
/// see every key `0..shared` and, causally, their own run (query `i` sees `start..=i`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The first query (and own key) column.
    pub start: usize,
    /// Queries in the run (> 0).
    pub len: usize,
    /// Leading keys every query of the run sees (≤ `start`).
    pub shared: usize,
}

impl Span {
    /// Keys a query of the span scores: the shared ones and the run.
    fn keys(&self) -> usize {
        self.shared + self.len
    }
}

/// Checks that every row's `spans` cover its `t` columns in order, each seeing only keys before
/// it; the message says what is wrong.
pub(crate) fn check_spans(spans: &[Vec<Span>], t: usize) -> Result<(), String> {
    for (r, row) in spans.iter().enumerate() {
        let mut next = 0;
        for s in row {
            if s.start != next || s.len == 0 || s.shared > s.start {
                return Err(format!("row {r}: span {s:?} after column {next}"));
            }
            next += s.len;
        }
        if next != t {
            return Err(format!("row {r}: spans cover {next} of {t} columns"));
        }
    }
    Ok(())
}

/// The dense mask of `spans` (`[t, t]`, 1 where query `i` may attend key `j`), for the paths
/// that take one (other devices and dtypes).
pub(crate) fn dense_allowed(spans: &[Span], t: usize) -> Vec<f32> {
    let mut out = vec![0f32; t * t];
    for s in spans {
        for i in s.start..s.start + s.len {
            let row = &mut out[i * t..(i + 1) * t];
            row[..s.shared].fill(1.0);
            row[s.start..=i].fill(1.0);
        }
    }
    out
}

/// Attention over the projections `q` `[b·t, heads·d]`, `k`, `v` `[b·t, kv_heads·d]`
/// (contiguous f32 CPU) with rope tables `cos`, `sin` `[b, 1, t, d]` and `scale`, each row's
/// queries seeing the keys its `spans` allow (checked with [`check_spans`]); returns
/// `[b·t, heads·d]`.
pub(crate) fn attention_spans(
    (q, k, v): (&Tensor, &Tensor, &Tensor),
    (cos, sin): (&Tensor, &Tensor),
    spans: &[Vec<Span>],
    shape: Heads,
    scale: f64,
) -> candle_core::Result<Tensor> {
    if !shape.heads.is_multiple_of(shape.kv_heads)
        || !shape.d.is_multiple_of(2)
        || spans.len() != shape.b
    {
        return Err(candle_core::Error::Msg(format!(
            "tz-attention-spans: {shape:?} with spans for {} rows",
            spans.len()
        )));
    }
    check_spans(spans, shape.t).map_err(candle_core::Error::Msg)?;
    let mut tasks = Vec::new();
    let mut blocks = Vec::new();
    let mut offset = 0;
    for (b, row) in spans.iter().enumerate() {
        for kv in 0..shape.kv_heads {
            blocks.push(tasks.len()..tasks.len() + shape.n_rep() * row.len());
            for rep in 0..shape.n_rep() {
                for &span in row {
                    tasks.push(Task {
                        b,
                        kv,
                        rep,
                        span,
                        probs: offset,
                    });
                    offset += span.len * span.keys();
                }
            }
        }
    }
    let op = SpansOp {
        shape,
        scale: scale as f32,
        cos: cos.detach().contiguous()?,
        sin: sin.detach().contiguous()?,
        tasks,
        blocks,
        probs_len: offset,
        saved: Mutex::new(None),
    };
    q.apply_op3(k, v, op)
}

/// One span of one (sequence, kv head, repeat), and where its probabilities start in the
/// saved buffer.
#[derive(Debug, Clone, Copy)]
struct Task {
    b: usize,
    kv: usize,
    rep: usize,
    span: Span,
    probs: usize,
}

/// The forward pass's heads-first q, k, v and every task's probabilities, for the backward.
struct Saved {
    q: Vec<f32>,
    k: Vec<f32>,
    v: Vec<f32>,
    p: Vec<f32>,
}

struct SpansOp {
    shape: Heads,
    scale: f32,
    cos: Tensor,
    sin: Tensor,
    tasks: Vec<Task>,
    /// The tasks of each (sequence, kv head), in order.
    blocks: Vec<std::ops::Range<usize>>,
    probs_len: usize,
    saved: Mutex<Option<Saved>>,
}

impl SpansOp {
    /// Task `task`'s query rows (`[len, d]`) in a heads-first `[b, kv, n_rep·t, d]` buffer.
    fn query_rows<'a>(&self, x: &'a [f32], task: &Task) -> &'a [f32] {
        let Heads { t, kv_heads, d, .. } = self.shape;
        let block = ((task.b * kv_heads + task.kv) * self.shape.n_rep() + task.rep) * t;
        &x[(block + task.span.start) * d..][..task.span.len * d]
    }

    /// The `[t, d]` key (or value) block of task's (sequence, kv head).
    fn key_block<'a>(&self, x: &'a [f32], task: &Task) -> &'a [f32] {
        let Heads { t, kv_heads, d, .. } = self.shape;
        &x[(task.b * kv_heads + task.kv) * t * d..][..t * d]
    }

    /// Each task's rows of a heads-first query-shaped buffer, as disjoint mutable slices in
    /// task order (spans cover each block's `t` rows in order).
    fn split_rows<'a>(&self, mut x: &'a mut [f32]) -> Vec<&'a mut [f32]> {
        let d = self.shape.d;
        let mut out = Vec::with_capacity(self.tasks.len());
        for task in &self.tasks {
            let (head, rest) = std::mem::take(&mut x).split_at_mut(task.span.len * d);
            out.push(head);
            x = rest;
        }
        out
    }

    /// Each task's probabilities, as disjoint slices in task order.
    fn split_probs<'a>(&self, mut p: &'a mut [f32]) -> Vec<&'a mut [f32]> {
        let mut out = Vec::with_capacity(self.tasks.len());
        for task in &self.tasks {
            let (head, rest) =
                std::mem::take(&mut p).split_at_mut(task.span.len * task.span.keys());
            out.push(head);
            p = rest;
        }
        out
    }
}

impl CustomOp3 for SpansOp {
    fn name(&self) -> &'static str {
        "tz-attention-spans"
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
        let mut oh = vec![0f32; qh.len()];
        let mut p = vec![0f32; self.probs_len];
        let outs = self.split_rows(&mut oh);
        let probs = self.split_probs(&mut p);
        self.tasks
            .par_iter()
            .zip(outs)
            .zip(probs)
            .for_each(|((task, o), p)| {
                let Span { start, len, shared } = task.span;
                let n = task.span.keys();
                let q = self.query_rows(&qh, task);
                let (kb, vb) = (self.key_block(&kh, task), self.key_block(&vh, task));
                // S = Q [K_shared; K_own]ᵀ, row stride n.
                mm(p, n, (len, shared, d), (q, d, 1), (kb, 1, d), false);
                let own = (&kb[start * d..], 1, d);
                mm(&mut p[shared..], n, (len, len, d), (q, d, 1), own, false);
                for (r, row) in p.chunks_mut(n).enumerate() {
                    softmax_prefix(row, shared + r + 1);
                }
                // O = P [V_shared; V_own].
                mm(o, d, (len, d, shared), (p, n, 1), (vb, d, 1), false);
                let own = (&vb[start * d..], d, 1);
                mm(o, d, (len, d, len), (&p[shared..], n, 1), own, shared > 0);
            });
        let out = with_host([&self.cos], |[c]| {
            from_heads(&oh, shape, heads, (c, c), Rotate::No)
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
        let Heads { t, heads, d, .. } = shape;
        let saved = self.saved.lock().map_err(|_| poisoned())?;
        let Some(Saved {
            q: qh,
            k: kh,
            v: vh,
            p,
        }) = saved.as_ref()
        else {
            return Err(candle_core::Error::Msg(
                "tz-attention-spans: backward before forward".into(),
            ));
        };
        let gh = with_host([grad, &self.cos], |[g, c]| {
            to_heads(g, shape, heads, (c, c), Rotate::No)
        })?;
        let mut dqh = vec![0f32; qh.len()];
        let dqs = self.split_rows(&mut dqh);
        // Per task: dQ into its rows, and its partial dK, dV over the keys it saw
        // (`[shared + len, d]`), summed below.
        let partials: Vec<(Vec<f32>, Vec<f32>)> = self
            .tasks
            .par_iter()
            .zip(dqs)
            .map(|(task, dq)| {
                let Span { start, len, shared } = task.span;
                let n = task.span.keys();
                let q = self.query_rows(qh, task);
                let g = self.query_rows(&gh, task);
                let p = &p[task.probs..][..len * n];
                let (kb, vb) = (self.key_block(kh, task), self.key_block(vh, task));
                let (k_own, v_own) = (&kb[start * d..], &vb[start * d..]);
                let mut dk = vec![0f32; n * d];
                let mut dv = vec![0f32; n * d];
                // dV = Pᵀ G.
                mm(&mut dv, d, (shared, d, len), (p, 1, n), (g, d, 1), false);
                let p_own = (&p[shared..], 1, n);
                mm(
                    &mut dv[shared * d..],
                    d,
                    (len, d, len),
                    p_own,
                    (g, d, 1),
                    false,
                );
                // dP = G Vᵀ, then dS over it.
                let mut ds = vec![0f32; len * n];
                mm(&mut ds, n, (len, shared, d), (g, d, 1), (vb, 1, d), false);
                mm(
                    &mut ds[shared..],
                    n,
                    (len, len, d),
                    (g, d, 1),
                    (v_own, 1, d),
                    false,
                );
                for (g, p) in ds.chunks_mut(n).zip(p.chunks(n)) {
                    let inner: f32 = g.iter().zip(p).map(|(g, p)| g * p).sum();
                    g.iter_mut().zip(p).for_each(|(g, p)| *g = p * (*g - inner));
                }
                // dQ = dS K, dK = dSᵀ Q.
                mm(dq, d, (len, d, shared), (&ds, n, 1), (kb, d, 1), false);
                let ds_own = (&ds[shared..], n, 1);
                mm(dq, d, (len, d, len), ds_own, (k_own, d, 1), shared > 0);
                mm(&mut dk, d, (shared, d, len), (&ds, 1, n), (q, d, 1), false);
                let ds_own_t = (&ds[shared..], 1, n);
                mm(
                    &mut dk[shared * d..],
                    d,
                    (len, d, len),
                    ds_own_t,
                    (q, d, 1),
                    false,
                );
                (dk, dv)
            })
            .collect();
        // Sum the partials per (sequence, kv head), in task order.
        let mut dkh = vec![0f32; kh.len()];
        let mut dvh = vec![0f32; vh.len()];
        dkh.par_chunks_mut(t * d)
            .zip(dvh.par_chunks_mut(t * d))
            .zip(self.blocks.par_iter())
            .for_each(|((dk, dv), block)| {
                let parts = &partials[block.clone()];
                for (task, (pk, pv)) in self.tasks[block.clone()].iter().zip(parts) {
                    let Span { start, shared, .. } = task.span;
                    let (sh, own) = (shared * d, task.span.len * d);
                    add(&mut dk[..sh], &pk[..sh]);
                    add(&mut dv[..sh], &pv[..sh]);
                    add(&mut dk[start * d..][..own], &pk[sh..]);
                    add(&mut dv[start * d..][..own], &pv[sh..]);
                }
            });
        let heads_first = [dqh.as_slice(), &dkh, &dvh];
        grads_from_heads(
            shape,
            self.scale,
            &self.cos,
            &self.sin,
            heads_first,
            [q, k, v],
        )
    }
}

fn poisoned() -> candle_core::Error {
    candle_core::Error::Msg("tz-attention-spans: a thread panicked holding its saved state".into())
}

/// `y += x`, element by element.
fn add(y: &mut [f32], x: &[f32]) {
    y.iter_mut().zip(x).for_each(|(y, x)| *y += x);
}

/// The softmax of `row[..valid]` in place, and zeros after it (the masked keys).
fn softmax_prefix(row: &mut [f32], valid: usize) {
    let (live, masked) = row.split_at_mut(valid);
    let max = live.iter().fold(f32::NEG_INFINITY, |m, &s| m.max(s));
    let mut sum = 0f32;
    for s in live.iter_mut() {
        *s = (*s - max).exp();
        sum += *s;
    }
    let inv = 1.0 / sum;
    live.iter_mut().for_each(|s| *s *= inv);
    masked.fill(0.0);
}

/// A strided matrix operand: its values, row stride and column stride.
type Operand<'a> = (&'a [f32], usize, usize);

/// `dst = A B` (or `dst += A B` with `accumulate`) for `(m, n, k)`: `dst` row-major with row
/// stride `dst_rs`, `A` `[m, k]` and `B` `[k, n]` read through their strides. One thread.
fn mm(
    dst: &mut [f32],
    dst_rs: usize,
    (m, n, k): (usize, usize, usize),
    (a, a_rs, a_cs): Operand<'_>,
    (b, b_rs, b_cs): Operand<'_>,
    accumulate: bool,
) {
    if m == 0 || n == 0 {
        return;
    }
    let last = |rows: usize, cols: usize, rs: usize, cs: usize| (rows - 1) * rs + (cols - 1) * cs;
    assert!(
        last(m, n, dst_rs, 1) < dst.len(),
        "mm: dst of {} values for [{m}, {n}] with row stride {dst_rs}",
        dst.len()
    );
    if k == 0 {
        if !accumulate {
            for row in 0..m {
                dst[row * dst_rs..][..n].fill(0.0);
            }
        }
        return;
    }
    assert!(
        last(m, k, a_rs, a_cs) < a.len() && last(k, n, b_rs, b_cs) < b.len(),
        "mm: operands of {} and {} values for ({m}, {n}, {k})",
        a.len(),
        b.len()
    );
    // SAFETY: the asserts above keep every index gemm reads ((m−1)·rs + (k−1)·cs and the like)
    // and writes inside the three slices; `dst` is borrowed mutably, so it aliases neither
    // operand.
    #[allow(unsafe_code)]
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            dst.as_mut_ptr(),
            1,
            dst_rs as isize,
            accumulate,
            a.as_ptr(),
            a_cs as isize,
            a_rs as isize,
            b.as_ptr(),
            b_cs as isize,
            b_rs as isize,
            1.0f32,
            1.0f32,
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
}

#[cfg(test)]
mod tests;
