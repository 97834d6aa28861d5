//! The optimizer: AdamW with its state in the open (so checkpoints hold it), a weight-decay mask,
//! global-norm gradient clipping and a cosine learning-rate schedule with linear warm-up.
//!
//! AdamW (Loshchilov & Hutter 2019, as `torch.optim.AdamW`), per parameter θ with gradient g at
//! step t (from 1):
//!
//! ```text
//! θ ← θ − lr·λ·θ                        (decoupled weight decay, decayed parameters only)
//! m ← β₁·m + (1 − β₁)·g
//! v ← β₂·v + (1 − β₂)·g²
//! θ ← θ − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
//! ```
//!
//! Decay mask: weight decay applies to matrices (projections) only, not to 1-D parameters
//! (norm weights, biases) nor to the embedding, as is usual for transformers (GPT-2, nanoGPT).
//! On the CPU the update runs as one fused loop over each parameter's values (no temporary
//! tensors); elsewhere with tensor ops.

use std::collections::HashMap;

use candle_core::{DType, Tensor, Var};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// AdamW's hyper-parameters (the learning rate comes from the schedule at each step).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AdamWConfig {
    /// β₁.
    pub beta1: f64,
    /// β₂.
    pub beta2: f64,
    /// ε.
    pub eps: f64,
    /// λ, decoupled weight decay.
    pub weight_decay: f64,
}

impl Default for AdamWConfig {
    fn default() -> Self {
        Self {
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
        }
    }
}

/// One optimized parameter with its moments.
struct Slot {
    name: String,
    var: Var,
    decay: bool,
    m: Vec<f32>,
    v: Vec<f32>,
}

/// AdamW over named variables, state exposed for checkpoints.
pub struct AdamW {
    cfg: AdamWConfig,
    slots: Vec<Slot>,
    step: u64,
}

/// Whether a parameter is decayed: matrices other than the embedding.
pub fn decays(name: &str, rank: usize) -> bool {
    rank >= 2 && !name.contains("embed_tokens")
}

impl AdamW {
    /// An optimizer over `vars` (sorted by name, so state order never depends on a hash map).
    pub fn new(mut vars: Vec<(String, Var)>, cfg: AdamWConfig) -> Result<Self> {
        vars.sort_by(|a, b| a.0.cmp(&b.0));
        let slots = vars
            .into_iter()
            .map(|(name, var)| {
                let n = var.as_tensor().elem_count();
                Slot {
                    decay: decays(&name, var.as_tensor().rank()),
                    name,
                    var,
                    m: vec![0.0; n],
                    v: vec![0.0; n],
                }
            })
            .collect();
        Ok(Self {
            cfg,
            slots,
            step: 0,
        })
    }

    /// Optimizer steps taken.
    pub fn step_count(&self) -> u64 {
        self.step
    }

    /// The parameters, by name, in the optimizer's order.
    pub fn vars(&self) -> impl Iterator<Item = (&str, &Var)> {
        self.slots.iter().map(|s| (s.name.as_str(), &s.var))
    }

    /// Applies one update with learning rate `lr` from `grads` (by parameter name; a parameter
    /// without a gradient is left alone and its moments are not advanced).
    pub fn step(&mut self, grads: &HashMap<String, Tensor>, lr: f64) -> Result<()> {
        self.step += 1;
        let t = self.step as i32;
        let c = self.cfg;
        let bc1 = 1.0 - c.beta1.powi(t);
        let bc2 = 1.0 - c.beta2.powi(t);
        for slot in &mut self.slots {
            let Some(g) = grads.get(&slot.name) else {
                continue;
            };
            let g: Vec<f32> = g.to_dtype(DType::F32)?.flatten_all()?.to_vec1()?;
            let theta = slot.var.as_tensor();
            let mut p: Vec<f32> = theta.to_dtype(DType::F32)?.flatten_all()?.to_vec1()?;
            if g.len() != p.len() {
                return Err(Error::Config(format!(
                    "gradient of {} has {} values, the parameter {}",
                    slot.name,
                    g.len(),
                    p.len()
                )));
            }
            let decay = if slot.decay { lr * c.weight_decay } else { 0.0 };
            let (b1, b2, eps) = (c.beta1 as f32, c.beta2 as f32, c.eps as f32);
            let (lr32, decay32) = (lr as f32, decay as f32);
            let (bc1, bc2) = (bc1 as f32, bc2 as f32);
            p.par_chunks_mut(1 << 14)
                .zip(slot.m.par_chunks_mut(1 << 14))
                .zip(slot.v.par_chunks_mut(1 << 14))
                .zip(g.par_chunks(1 << 14))
                .for_each(|(((p, m), v), g)| {
                    for i in 0..p.len() {
                        let gi = g[i];
                        p[i] -= decay32 * p[i];
                        m[i] = b1 * m[i] + (1.0 - b1) * gi;
                        v[i] = b2 * v[i] + (1.0 - b2) * gi * gi;
                        let mh = m[i] / bc1;
                        let vh = v[i] / bc2;
                        p[i] -= lr32 * mh / (vh.sqrt() + eps);
                    }
                });
            let updated =
                Tensor::from_vec(p, theta.shape(), theta.device())?.to_dtype(theta.dtype())?;
            slot.var.set(&updated)?;
        }
        Ok(())
    }

    /// The moments as named tensors (`<name>.exp_avg`, `<name>.exp_avg_sq`, PyTorch's names).
    pub fn state_tensors(&self) -> Result<Vec<(String, Tensor)>> {
        let mut out = Vec::with_capacity(self.slots.len() * 2);
        for s in &self.slots {
            let shape = s.var.as_tensor().shape();
            let dev = &candle_core::Device::Cpu;
            out.push((
                format!("{}.exp_avg", s.name),
                Tensor::from_slice(&s.m, shape, dev)?,
            ));
            out.push((
                format!("{}.exp_avg_sq", s.name),
                Tensor::from_slice(&s.v, shape, dev)?,
            ));
        }
        Ok(out)
    }

    /// Restores the moments saved by [`AdamW::state_tensors`] and the step count.
    pub fn load_state(&mut self, tensors: &HashMap<String, Tensor>, step: u64) -> Result<()> {
        for s in &mut self.slots {
            for (suffix, dst) in [("exp_avg", &mut s.m), ("exp_avg_sq", &mut s.v)] {
                let key = format!("{}.{suffix}", s.name);
                let t = tensors
                    .get(&key)
                    .ok_or_else(|| Error::missing(key.clone(), "the optimizer state"))?;
                let values: Vec<f32> = t.flatten_all()?.to_vec1()?;
                if values.len() != dst.len() {
                    return Err(Error::Config(format!(
                        "optimizer state {key} has {} values, the parameter {}",
                        values.len(),
                        dst.len()
                    )));
                }
                *dst = values;
            }
        }
        self.step = step;
        Ok(())
    }
}

/// Scales `grads` in place so their global L2 norm is at most `max_norm` (when `max_norm > 0`);
/// returns the norm before clipping, `√Σ‖g‖²`.
pub fn clip_grad_norm(grads: &mut HashMap<String, Tensor>, max_norm: f64) -> Result<f64> {
    let mut names: Vec<&String> = grads.keys().collect();
    names.sort();
    let mut total = 0.0f64;
    for name in names {
        let sq = grads[name]
            .sqr()?
            .sum_all()?
            .to_dtype(DType::F64)?
            .to_scalar::<f64>()?;
        total += sq;
    }
    let norm = total.sqrt();
    if max_norm > 0.0 && norm > max_norm && norm.is_finite() {
        let scale = max_norm / (norm + 1e-6);
        for g in grads.values_mut() {
            *g = (&*g * scale)?;
        }
    }
    Ok(norm)
}

/// Learning rate at optimizer step `step` (0-based): linear warm-up from 0 over `warmup` steps,
/// then cosine decay from `peak` to `peak · min_ratio` at `total` steps (constant after).
pub fn cosine_lr(step: u64, total: u64, warmup: u64, peak: f64, min_ratio: f64) -> f64 {
    if step < warmup {
        return peak * (step + 1) as f64 / warmup as f64;
    }
    let span = total.saturating_sub(warmup).max(1) as f64;
    let progress = ((step - warmup) as f64 / span).min(1.0);
    let floor = peak * min_ratio;
    floor + (peak - floor) * 0.5 * (1.0 + (std::f64::consts::PI * progress).cos())
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::Device;

    #[test]
    fn adamw_matches_the_reference_update_for_two_steps() {
        let var = Var::from_slice(&[1.0f32, -2.0, 0.5, 3.0], (2, 2), &Device::Cpu).unwrap();
        let cfg = AdamWConfig {
            weight_decay: 0.1,
            ..AdamWConfig::default()
        };
        let mut opt = AdamW::new(vec![("w".into(), var.clone())], cfg).unwrap();
        let grads = |g: [f32; 4]| {
            HashMap::from([(
                "w".to_string(),
                Tensor::from_slice(&g, (2, 2), &Device::Cpu).unwrap(),
            )])
        };
        opt.step(&grads([0.1, -0.2, 0.3, 0.0]), 0.01).unwrap();
        opt.step(&grads([0.2, 0.1, -0.1, 0.4]), 0.01).unwrap();
        // torch.optim.AdamW([w], lr=0.01, weight_decay=0.1) on the same gradients.
        let want = [0.978_359_2f32, -1.983_348_7, 0.485_008_3, 2.986_561_8];
        let got: Vec<f32> = var.as_tensor().flatten_all().unwrap().to_vec1().unwrap();
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-6, "{got:?} vs {want:?}");
        }
    }

    #[test]
    fn only_matrices_other_than_the_embedding_decay() {
        assert!(decays("model.layers.0.mlp.up_proj.weight", 2));
        assert!(!decays("model.layers.0.input_layernorm.weight", 1));
        assert!(!decays("model.embed_tokens.weight", 2));
    }

    #[test]
    fn clipping_scales_to_the_max_norm_and_reports_the_norm_before() {
        let mut g = HashMap::from([
            (
                "a".to_string(),
                Tensor::new(&[3.0f32], &Device::Cpu).unwrap(),
            ),
            (
                "b".to_string(),
                Tensor::new(&[4.0f32], &Device::Cpu).unwrap(),
            ),
        ]);
        let norm = clip_grad_norm(&mut g, 1.0).unwrap();
        assert!((norm - 5.0).abs() < 1e-9);
        let a = g["a"].to_vec1::<f32>().unwrap()[0];
        assert!((a - 0.6).abs() < 1e-5, "{a}");
    }

    #[test]
    fn the_schedule_warms_up_linearly_then_decays_by_a_cosine() {
        assert!((cosine_lr(0, 100, 10, 1.0, 0.0) - 0.1).abs() < 1e-12);
        assert!((cosine_lr(9, 100, 10, 1.0, 0.0) - 1.0).abs() < 1e-12);
        assert!((cosine_lr(10, 100, 10, 1.0, 0.0) - 1.0).abs() < 1e-12);
        assert!((cosine_lr(55, 100, 10, 1.0, 0.0) - 0.5).abs() < 1e-12);
        assert!((cosine_lr(100, 100, 10, 1.0, 0.1) - 0.1).abs() < 1e-12);
        assert!((cosine_lr(500, 100, 10, 1.0, 0.1) - 0.1).abs() < 1e-12);
    }
}
