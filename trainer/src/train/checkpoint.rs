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

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{Device, Tensor};
use serde::{Deserialize, Serialize};

use crate::load::Checkpoint;
use crate::optim::AdamW;
use crate::{Error, Result};

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

/// Writes a checkpoint of `weights` (by Hugging Face name), the optimizer and `state`, then
/// removes all but the newest `keep`. Returns its directory.
pub fn save(
    run_dir: &Path,
    base: &Checkpoint,
    weights: HashMap<String, Tensor>,
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
    let written = write_into(&tmp, base, weights, optimizer, state, config_toml);
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
    weights: HashMap<String, Tensor>,
    optimizer: &AdamW,
    state: &TrainState,
    config_toml: &str,
) -> Result<()> {
    let model = Checkpoint {
        tensors: weights,
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
        "optimizer.safetensors",
        "config.json",
        "tokenizer.json",
    ] {
        if let Ok(f) = std::fs::File::open(dir.join(name)) {
            let _ = f.sync_all();
        }
    }
    sync_dir(dir);
    Ok(())
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

/// A checkpoint read back: the model, the optimizer moments and the state.
pub struct Loaded {
    /// The weights and tokenizer.
    pub model: Checkpoint,
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
    let opt_path = dir.join("optimizer.safetensors");
    let optimizer = candle_core::safetensors::load(&opt_path, &Device::Cpu)
        .map_err(|e| Error::Config(format!("cannot read {}: {e}", opt_path.display())))?;
    Ok(Loaded {
        model,
        optimizer,
        state,
        dir: dir.to_path_buf(),
    })
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
