//! Checkpoints of a run: the weights as a Hugging Face model directory (loadable by `tz
//! generate --model DIR` and by transformers), the optimizer's moments, and the train state
//! (step, data cursor, schedule position, seed, code version, resolved config).
//!
//! Layout: `RUN/checkpoints/step-000010/` with `config.json`, `model.safetensors`,
//! `tokenizer.json`, `tokenizer_config.json`, `generation_config.json`, `optimizer.safetensors`,
//! `state.json` and `config.toml`. A checkpoint is written into `.step-000010.tmp` and renamed
//! into place only when complete, so a crash or a full disk mid-write never damages an earlier
//! checkpoint, and a half-written one is never taken for a real one. The last K are kept.
//! Every random stream of a run is keyed by (seed, step, ...), and the data order is a function
//! of (seed, step), so the step is all a resume needs to continue exactly.
//!
//! With LoRA, `model.safetensors` holds the base weights with the adapters merged in
//! (`W + (α/r)·B A`, computed when the checkpoint is saved), so `tz generate`, `tz export` and
//! transformers see a plain model. The adapters are kept in `adapter/` in PEFT's format
//! (`adapter_model.safetensors`, names prefixed `base_model.model.`, and `adapter_config.json`),
//! and the optimizer state covers the adapters only. A resumed LoRA run rebuilds its frozen
//! weights from the run's base model (a checkpoint holds no unmerged copy) and first checks
//! that base plus adapters gives the saved weights ([`Loaded::check_lora_base`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use serde::{Deserialize, Serialize};

use crate::load::Checkpoint;
use crate::model::{LoraConfig, adapted_modules, adapter_parts, merge, merged_weight};
use crate::optim::AdamW;
use crate::{Error, Result};

/// The subdirectory of a LoRA checkpoint holding the adapters. Not the checkpoint directory
/// itself: transformers, finding an `adapter_config.json` there, would load the base model it
/// names plus the adapters instead of the merged `model.safetensors` beside them.
pub const ADAPTER_DIR: &str = "adapter";

/// PEFT's prefix of adapter names in `adapter_model.safetensors`.
const PEFT_PREFIX: &str = "base_model.model.";

/// What a run trains, as a checkpoint saves it.
pub enum Trained {
    /// Full fine-tuning: every weight, by Hugging Face name.
    Weights(HashMap<String, Tensor>),
    /// LoRA: the settings and the adapters by name (`model.layers.0.self_attn.q_proj.lora_A.weight`
    /// ...); the checkpoint's weights are the base's with the adapters merged in.
    Lora(LoraConfig, HashMap<String, Tensor>),
}

/// The keys of PEFT's `adapter_config.json` that this reads back.
#[derive(Deserialize)]
struct PeftConfig {
    r: usize,
    lora_alpha: f64,
    target_modules: Vec<String>,
}

/// What `state.json` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainState {
    /// Optimizer steps completed.
    pub step: u64,
    /// The run seed.
    pub seed: u64,
    /// Per dataset, tasks consumed so far (informational: it follows from seed and step).
    pub data_cursor: Vec<usize>,
    /// The learning rate of the last step (the schedule's position).
    pub learning_rate: f64,
    /// The code version that wrote it.
    pub code_version: String,
    /// The model the run started from.
    pub base_model: String,
}

/// The directory of the checkpoint at `step`.
pub fn dir_for(run_dir: &Path, step: u64) -> PathBuf {
    run_dir.join("checkpoints").join(format!("step-{step:06}"))
}

/// Every complete checkpoint of a run, oldest first.
pub fn list(run_dir: &Path) -> Vec<(u64, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(run_dir.join("checkpoints")) else {
        return Vec::new();
    };
    let mut out: Vec<(u64, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let step = name.strip_prefix("step-")?.parse().ok()?;
            e.path()
                .join("state.json")
                .is_file()
                .then(|| (step, e.path()))
        })
        .collect();
    out.sort();
    out
}

/// Writes a checkpoint of what was `trained`, the optimizer and `state`, then removes all but
/// the newest `keep`. `base` gives the configuration and tokenizer and, with LoRA, the frozen
/// weights. Returns its directory.
pub fn save(
    run_dir: &Path,
    base: &Checkpoint,
    trained: Trained,
    optimizer: &AdamW,
    state: &TrainState,
    config_toml: &str,
    keep: usize,
) -> Result<PathBuf> {
    let dir = dir_for(run_dir, state.step);
    let parent = run_dir.join("checkpoints");
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let tmp = parent.join(format!(".step-{:06}.tmp", state.step));
    let _ = std::fs::remove_dir_all(&tmp);
    let written = write_into(&tmp, base, trained, optimizer, state, config_toml);
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::rename(&tmp, &dir).map_err(|e| Error::io(&dir, e))?;
    sync_dir(&parent);
    let all = list(run_dir);
    for (_, old) in all.iter().take(all.len().saturating_sub(keep.max(1))) {
        let _ = std::fs::remove_dir_all(old);
    }
    Ok(dir)
}

fn write_into(
    dir: &Path,
    base: &Checkpoint,
    trained: Trained,
    optimizer: &AdamW,
    state: &TrainState,
    config_toml: &str,
) -> Result<()> {
    let tensors = match trained {
        Trained::Weights(weights) => weights,
        Trained::Lora(cfg, adapters) => {
            let merged = merge(&base.tensors, &adapters, cfg.scale(), &Device::Cpu)?;
            write_adapters(&dir.join(ADAPTER_DIR), &cfg, adapters, &state.base_model)?;
            merged
        }
    };
    let model = Checkpoint {
        tensors,
        ..base.clone()
    };
    model.save_hf_dir(dir)?;
    let opt: HashMap<String, Tensor> = optimizer.state_tensors()?.into_iter().collect();
    let opt_path = dir.join("optimizer.safetensors");
    candle_core::safetensors::save(&opt, &opt_path)?;
    write_synced(&dir.join("config.toml"), config_toml.as_bytes())?;
    let text = serde_json::to_string_pretty(state).map_err(|source| Error::Json {
        path: dir.join("state.json"),
        source,
    })?;
    // state.json last: a directory with it is complete.
    write_synced(&dir.join("state.json"), text.as_bytes())?;
    for name in [
        "model.safetensors",
        "adapter/adapter_model.safetensors",
        "optimizer.safetensors",
        "config.json",
        "tokenizer.json",
    ] {
        if let Ok(f) = std::fs::File::open(dir.join(name)) {
            let _ = f.sync_all();
        }
    }
    sync_dir(&dir.join(ADAPTER_DIR));
    sync_dir(dir);
    Ok(())
}

/// `adapter_model.safetensors` and `adapter_config.json` in `dir` as PEFT writes them (so
/// `PeftModel.from_pretrained(base, dir)` loads the adapters too).
fn write_adapters(
    dir: &Path,
    cfg: &LoraConfig,
    adapters: HashMap<String, Tensor>,
    base_model: &str,
) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let tensors: HashMap<String, Tensor> = adapters
        .into_iter()
        .map(|(k, v)| Ok((format!("{PEFT_PREFIX}{k}"), v.contiguous()?)))
        .collect::<Result<_>>()?;
    candle_core::safetensors::save(&tensors, dir.join("adapter_model.safetensors"))?;
    let config = serde_json::json!({
        "peft_type": "LORA",
        "task_type": "CAUSAL_LM",
        "base_model_name_or_path": base_model,
        "r": cfg.rank,
        "lora_alpha": cfg.alpha,
        "lora_dropout": 0.0,
        "target_modules": cfg.targets,
        "bias": "none",
        "fan_in_fan_out": false,
        "init_lora_weights": true,
        "inference_mode": true,
        "modules_to_save": null,
        "use_rslora": false,
        "use_dora": false,
    });
    let path = dir.join("adapter_config.json");
    let text = serde_json::to_string_pretty(&config).map_err(|source| Error::Json {
        path: path.clone(),
        source,
    })?;
    write_synced(&path, text.as_bytes())
}

/// The adapters in `dir`, a LoRA checkpoint's [`ADAPTER_DIR`] (`None` when there are none),
/// names without PEFT's prefix.
fn read_adapters(
    dir: &Path,
    device: &Device,
) -> Result<Option<(LoraConfig, HashMap<String, Tensor>)>> {
    let path = dir.join("adapter_config.json");
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let peft: PeftConfig = serde_json::from_str(&text).map_err(|source| Error::Json {
        path: path.clone(),
        source,
    })?;
    let file = dir.join("adapter_model.safetensors");
    let tensors = candle_core::safetensors::load(&file, device)
        .map_err(|e| Error::Config(format!("cannot read {}: {e}", file.display())))?
        .into_iter()
        .map(|(k, v)| {
            let name = k
                .strip_prefix(PEFT_PREFIX)
                .map_or(k.clone(), str::to_string);
            (name, v)
        })
        .collect();
    let cfg = LoraConfig {
        rank: peft.r,
        alpha: peft.lora_alpha,
        targets: peft.target_modules,
    };
    Ok(Some((cfg, tensors)))
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut f = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    f.write_all(bytes).map_err(|e| Error::io(path, e))?;
    f.sync_all().map_err(|e| Error::io(path, e))
}

fn sync_dir(dir: &Path) {
    if let Ok(f) = std::fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

/// A checkpoint read back: the model, the adapters, the optimizer moments and the state.
pub struct Loaded {
    /// The weights (with LoRA: merged) and tokenizer.
    pub model: Checkpoint,
    /// With LoRA: the settings and the adapters by name.
    pub lora: Option<(LoraConfig, HashMap<String, Tensor>)>,
    /// The optimizer moments by name.
    pub optimizer: HashMap<String, Tensor>,
    /// The train state.
    pub state: TrainState,
    /// Where it was read from.
    pub dir: PathBuf,
}

/// Reads the checkpoint in `dir` onto `device`.
pub fn load(dir: &Path, device: &Device) -> Result<Loaded> {
    let state_path = dir.join("state.json");
    let text = std::fs::read_to_string(&state_path).map_err(|e| Error::io(&state_path, e))?;
    let state: TrainState = serde_json::from_str(&text).map_err(|source| Error::Json {
        path: state_path.clone(),
        source,
    })?;
    let model = Checkpoint::from_hf_dir(dir, device)?;
    let lora = read_adapters(&dir.join(ADAPTER_DIR), device)?;
    let opt_path = dir.join("optimizer.safetensors");
    let optimizer = candle_core::safetensors::load(&opt_path, &Device::Cpu)
        .map_err(|e| Error::Config(format!("cannot read {}: {e}", opt_path.display())))?;
    Ok(Loaded {
        model,
        lora,
        optimizer,
        state,
        dir: dir.to_path_buf(),
    })
}

impl Loaded {
    /// With LoRA a resumed run takes its frozen weights from the base model, not from the
    /// checkpoint (whose weights have the adapters merged in). Checks that `base` plus the saved
    /// adapters gives the saved weights, tensor by tensor, up to the rounding of a merge on
    /// another device (`|Δ| ≤ 1e-6 · max |W|`): then the run continues on the very weights the
    /// adapters were trained on.
    pub fn check_lora_base(&self, base: &Checkpoint) -> Result<()> {
        let Some((cfg, adapters)) = &self.lora else {
            return Ok(());
        };
        let mine = |name: &str| {
            Error::Config(format!(
                "the base model is not the one this checkpoint's adapters were trained on \
                 ({name} differs); resume with the run's model ({})",
                self.state.base_model
            ))
        };
        let mut names: Vec<&String> = self.model.tensors.keys().collect();
        names.sort();
        if names.len() != base.tensors.len() {
            return Err(mine("the set of weights"));
        }
        let modules = adapted_modules(adapters);
        for name in names {
            let saved = &self.model.tensors[name];
            let w = base.tensors.get(name).ok_or_else(|| mine(name))?;
            let module = name.strip_suffix(".weight");
            let rebuilt = match module.filter(|m| modules.contains(m)) {
                Some(m) => {
                    let (a, b, _) = adapter_parts(&base.tensors, adapters, m)?;
                    merged_weight(w, a, b, cfg.scale())?
                }
                None => w.clone(),
            };
            if rebuilt.dims() != saved.dims() {
                return Err(mine(name));
            }
            let max = |t: &Tensor| -> Result<f64> {
                Ok(t.abs()?
                    .flatten_all()?
                    .max(0)?
                    .to_dtype(DType::F64)?
                    .to_scalar::<f64>()?)
            };
            let diff = max(&(rebuilt.to_dtype(DType::F32)? - saved.to_dtype(DType::F32)?)?)?;
            if diff > 1e-6 * max(saved)? {
                return Err(mine(name));
            }
        }
        Ok(())
    }
}

/// The newest complete checkpoint of `run_dir`.
pub fn latest(run_dir: &Path) -> Result<PathBuf> {
    list(run_dir).pop().map(|(_, dir)| dir).ok_or_else(|| {
        Error::Config(format!(
            "{} has no checkpoint (expected checkpoints/step-NNNNNN/state.json)",
            run_dir.display()
        ))
    })
}
