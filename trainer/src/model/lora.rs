//! LoRA adapters (Hu et al. 2021, "LoRA: Low-Rank Adaptation of Large Language Models"): a
//! frozen projection `W` (`[out, in]`) gets a trainable low-rank update,
//!
//! ```text
//! y = x Wᵀ + (α / r) · (x Aᵀ) Bᵀ        A: [r, in], B: [out, r]
//! ```
//!
//! initialised as PEFT does: `B = 0`, so the adapted model starts equal to the base, and `A`
//! Kaiming-uniform with `a = √5` (`U(−1/√in, 1/√in)`), drawn from a stream keyed by the run seed,
//! the layer and the projection. Names follow PEFT (`<module>.lora_A.weight`,
//! `<module>.lora_B.weight`, `<module>` as in the checkpoint: `model.layers.0.self_attn.q_proj`),
//! and merging is `W' = W + (α / r) · B A`, after which the adapter is gone.

use std::collections::HashMap;

use candle_core::{DType, Device, Tensor, Var};
use candle_nn::VarMap;
use rand::RngExt;

use super::{Block, Model};
use crate::model::layers::Linear;
use crate::train::data::keyed_rng;
use crate::{Error, Result};

/// The projections an adapter may be put on, in each decoder layer (Hugging Face names).
pub const LORA_TARGETS: [&str; 7] = [
    "q_proj",
    "k_proj",
    "v_proj",
    "o_proj",
    "gate_proj",
    "up_proj",
    "down_proj",
];

/// Rank, α and the targeted projections (see the module doc).
#[derive(Debug, Clone, PartialEq)]
pub struct LoraConfig {
    /// r, the rank of the update (> 0).
    pub rank: usize,
    /// α; the update is scaled by α / r.
    pub alpha: f64,
    /// Which of [`LORA_TARGETS`] get an adapter, in every layer.
    pub targets: Vec<String>,
}

impl LoraConfig {
    /// `α / r`.
    pub fn scale(&self) -> f64 {
        self.alpha / self.rank as f64
    }
}

/// Where the adapters' first values come from.
pub enum AdapterInit<'a> {
    /// New adapters (`A` Kaiming-uniform from a stream keyed by `seed`, `B = 0`).
    Fresh {
        /// The run seed.
        seed: u64,
    },
    /// A checkpoint's adapters, by name (`model.layers.0.self_attn.q_proj.lora_A.weight` ...).
    Saved(&'a HashMap<String, Tensor>),
}

/// The trainable update of one projection.
#[derive(Debug, Clone)]
pub(crate) struct Adapter {
    /// `[r, in]`.
    a: Tensor,
    /// `[out, r]`.
    b: Tensor,
    /// `α / r`.
    scale: f64,
}

impl Adapter {
    /// `x`: `[n, in]` -> `(α / r) · (x Aᵀ) Bᵀ`: `[n, out]`.
    pub(crate) fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let h = x.matmul(&self.a.t()?)?; // [n, r]
        Ok((h.matmul(&self.b.t()?)? * self.scale)?)
    }

    pub(crate) fn map(&self, f: &impl Fn(&Tensor) -> Tensor) -> Self {
        Self {
            a: f(&self.a),
            b: f(&self.b),
            scale: self.scale,
        }
    }
}

/// The targetable projections of a layer, with their module names inside the layer.
pub(super) fn projections(block: &mut Block) -> [(&'static str, &mut Linear); 7] {
    let (a, m) = (&mut block.attn, &mut block.mlp);
    [
        ("self_attn.q_proj", &mut a.q),
        ("self_attn.k_proj", &mut a.k),
        ("self_attn.v_proj", &mut a.v),
        ("self_attn.o_proj", &mut a.o),
        ("mlp.gate_proj", &mut m.gate),
        ("mlp.up_proj", &mut m.up),
        ("mlp.down_proj", &mut m.down),
    ]
}

impl Model {
    /// This model with an adapter on each targeted projection of every layer. The adapters are
    /// `Var`s inserted into `varmap` under their PEFT names; the weights stay as they are
    /// (built from plain tensors, they get no gradient). Sampling from [`Model::detached`] sees
    /// the adapters' updates, as it does the weights'.
    pub fn with_lora(
        &self,
        cfg: &LoraConfig,
        init: AdapterInit<'_>,
        varmap: &VarMap,
    ) -> Result<Model> {
        let mut model = self.clone();
        let mut data = varmap
            .data()
            .lock()
            .map_err(|_| Error::Config("var map lock poisoned".into()))?;
        for (i, block) in model.blocks.iter_mut().enumerate() {
            for (j, (name, linear)) in projections(block).into_iter().enumerate() {
                let target = name.rsplit('.').next().unwrap_or(name);
                if !cfg.targets.iter().any(|t| t == target) {
                    continue;
                }
                let module = format!("model.layers.{i}.{name}");
                let (out, inp) = linear.weight.dims2()?;
                let device = linear.weight.device();
                let (a, b) = match &init {
                    AdapterInit::Fresh { seed } => {
                        let mut rng = keyed_rng(*seed, i as u64, j as u64, b"lora_A\0\0");
                        let bound = 1.0 / (inp as f32).sqrt();
                        let a: Vec<f32> = (0..cfg.rank * inp)
                            .map(|_| (rng.random::<f32>() * 2.0 - 1.0) * bound)
                            .collect();
                        (
                            Tensor::from_vec(a, (cfg.rank, inp), device)?,
                            Tensor::zeros((out, cfg.rank), DType::F32, device)?,
                        )
                    }
                    AdapterInit::Saved(saved) => (
                        saved_tensor(saved, &format!("{module}.lora_A.weight"), (cfg.rank, inp))?,
                        saved_tensor(saved, &format!("{module}.lora_B.weight"), (out, cfg.rank))?,
                    ),
                };
                // Var::from_tensor copies: the adapters never share storage with `saved`.
                let (a, b) = (
                    Var::from_tensor(&a.to_device(device)?)?,
                    Var::from_tensor(&b.to_device(device)?)?,
                );
                linear.lora = Some(Adapter {
                    a: a.as_tensor().clone(),
                    b: b.as_tensor().clone(),
                    scale: cfg.scale(),
                });
                data.insert(format!("{module}.lora_A.weight"), a);
                data.insert(format!("{module}.lora_B.weight"), b);
            }
        }
        Ok(model)
    }
}

fn saved_tensor(
    saved: &HashMap<String, Tensor>,
    name: &str,
    shape: (usize, usize),
) -> Result<Tensor> {
    let t = saved
        .get(name)
        .ok_or_else(|| Error::missing(name, "the checkpoint's adapters"))?;
    if t.dims() != [shape.0, shape.1] {
        return Err(Error::Config(format!(
            "adapter {name} is {:?}, expected {shape:?} (is train.lora_rank the checkpoint's?)",
            t.dims()
        )));
    }
    Ok(t.to_dtype(DType::F32)?)
}

/// `W + scale · B A` (`[out, in]`), in `W`'s dtype.
pub fn merged_weight(w: &Tensor, a: &Tensor, b: &Tensor, scale: f64) -> Result<Tensor> {
    let delta = (b.matmul(a)? * scale)?; // [out, in]
    Ok((w + delta.to_dtype(w.dtype())?)?)
}

/// The module names (`model.layers.0.self_attn.q_proj`) of the adapters in `adapters`, sorted.
pub fn adapted_modules(adapters: &HashMap<String, Tensor>) -> Vec<&str> {
    let mut out: Vec<&str> = adapters
        .keys()
        .filter_map(|k| k.strip_suffix(".lora_A.weight"))
        .collect();
    out.sort_unstable();
    out
}

/// `base` (by Hugging Face name) with every adapter of `adapters` merged into its weight,
/// `W + scale · B A`; the adapters themselves are not in the result. The merged weights are put
/// on `device` one at a time (the CPU when saving, so an accelerator holds one at a time); the
/// others stay where they are.
pub fn merge(
    base: &HashMap<String, Tensor>,
    adapters: &HashMap<String, Tensor>,
    scale: f64,
    device: &Device,
) -> Result<HashMap<String, Tensor>> {
    let mut out = base.clone();
    for module in adapted_modules(adapters) {
        let (a, b, key) = adapter_parts(base, adapters, module)?;
        let merged = merged_weight(&base[&key], a, b, scale)?.to_device(device)?;
        out.insert(key, merged);
    }
    Ok(out)
}

/// `A`, `B` and the weight's name of `module`, each checked present.
pub fn adapter_parts<'t>(
    base: &HashMap<String, Tensor>,
    adapters: &'t HashMap<String, Tensor>,
    module: &str,
) -> Result<(&'t Tensor, &'t Tensor, String)> {
    let get = |name: String| {
        adapters
            .get(&name)
            .ok_or_else(|| Error::missing(name, "the adapters"))
    };
    let a = get(format!("{module}.lora_A.weight"))?;
    let b = get(format!("{module}.lora_B.weight"))?;
    let key = format!("{module}.weight");
    if !base.contains_key(&key) {
        return Err(Error::missing(key, "the base weights"));
    }
    Ok((a, b, key))
}
