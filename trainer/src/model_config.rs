//! Model configuration: the fields of a Hugging Face `config.json` for the Llama and Qwen2
//! families, plus `generation_config.json`.

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// A model family; both share one implementation (Qwen2 = Llama + q/k/v biases).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Llama 2/3, SmolLM, SmolLM2 (`model_type = "llama"`).
    Llama,
    /// Qwen2, Qwen2.5 (`model_type = "qwen2"`).
    Qwen2,
}

/// One or several token ids (HF configs write `eos_token_id` either way).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TokenIds {
    /// A single id.
    One(u32),
    /// Several ids.
    Many(Vec<u32>),
}

impl TokenIds {
    /// The ids as a vector.
    pub fn to_vec(&self) -> Vec<u32> {
        match self {
            TokenIds::One(id) => vec![*id],
            TokenIds::Many(ids) => ids.clone(),
        }
    }
}

/// The checkpoint's `config.json` (only the fields this implementation reads; others are ignored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelConfig {
    /// `"llama"` or `"qwen2"`.
    pub model_type: String,
    /// Vocabulary size (rows of the embedding).
    pub vocab_size: usize,
    /// Residual stream width.
    pub hidden_size: usize,
    /// MLP inner width.
    pub intermediate_size: usize,
    /// Number of decoder layers.
    pub num_hidden_layers: usize,
    /// Number of query heads.
    pub num_attention_heads: usize,
    /// Number of key/value heads (grouped-query attention); defaults to the query heads.
    #[serde(default)]
    pub num_key_value_heads: Option<usize>,
    /// Per-head width; defaults to `hidden_size / num_attention_heads`.
    #[serde(default)]
    pub head_dim: Option<usize>,
    /// Longest sequence the rope tables cover.
    #[serde(default = "default_max_positions")]
    pub max_position_embeddings: usize,
    /// RMSNorm epsilon.
    #[serde(default = "default_rms_eps")]
    pub rms_norm_eps: f64,
    /// Rope base frequency.
    #[serde(default = "default_rope_theta")]
    pub rope_theta: f64,
    /// Whether the output projection reuses the embedding matrix.
    #[serde(default)]
    pub tie_word_embeddings: bool,
    /// Llama's switch for q/k/v/o biases (Qwen2 always has q/k/v biases).
    #[serde(default)]
    pub attention_bias: bool,
    /// Rope scaling (`rope_type` `"linear"` or Llama 3.1's `"llama3"`; see [`RopeScaling`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rope_scaling: Option<serde_json::Value>,
    /// transformers 5's spelling of the rope settings: `rope_theta` and the scaling fields in
    /// one object. Read when present; [`ModelConfig::rope_scaling`] wins if both are given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rope_parameters: Option<serde_json::Value>,
    /// Beginning-of-sequence id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bos_token_id: Option<u32>,
    /// End-of-sequence id(s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eos_token_id: Option<TokenIds>,
    /// `["LlamaForCausalLM"]` etc., written for transformers' sake.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub architectures: Option<Vec<String>>,
}

fn default_max_positions() -> usize {
    2048
}
fn default_rms_eps() -> f64 {
    1e-6
}
fn default_rope_theta() -> f64 {
    10_000.0
}

impl ModelConfig {
    /// The family named by `model_type`.
    pub fn family(&self) -> Result<Family> {
        match self.model_type.as_str() {
            "llama" => Ok(Family::Llama),
            "qwen2" => Ok(Family::Qwen2),
            other => Err(Error::Config(format!(
                "model_type {other:?} (expected \"llama\" or \"qwen2\")"
            ))),
        }
    }

    /// Number of key/value heads.
    pub fn kv_heads(&self) -> usize {
        self.num_key_value_heads.unwrap_or(self.num_attention_heads)
    }

    /// Per-head width.
    pub fn head_dim(&self) -> usize {
        self.head_dim
            .unwrap_or(self.hidden_size / self.num_attention_heads.max(1))
    }

    /// Whether q/k/v projections carry a bias.
    pub fn qkv_bias(&self) -> bool {
        self.attention_bias || self.model_type == "qwen2"
    }

    /// Whether the output projection carries a bias.
    pub fn o_bias(&self) -> bool {
        self.attention_bias && self.model_type == "llama"
    }

    /// Checks the fields this implementation relies on.
    pub fn validate(&self) -> Result<()> {
        self.family()?;
        let mut errors = Vec::new();
        if self.num_attention_heads == 0 || self.kv_heads() == 0 {
            errors.push("head counts must be positive".to_string());
        } else if !self.num_attention_heads.is_multiple_of(self.kv_heads()) {
            errors.push(format!(
                "num_attention_heads {} is not a multiple of num_key_value_heads {}",
                self.num_attention_heads,
                self.kv_heads()
            ));
        }
        if !self.head_dim().is_multiple_of(2) {
            errors.push(format!(
                "head_dim {} must be even for rope",
                self.head_dim()
            ));
        }
        match self.rope() {
            Err(Error::Config(m)) => errors.push(m),
            Err(e) => errors.push(e.to_string()),
            Ok(_) => {}
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Config(errors.join("; ")))
        }
    }
}

/// How rope frequencies are rescaled for long contexts.
#[derive(Debug, Clone, PartialEq)]
pub enum RopeScaling {
    /// Plain rope: `theta_i = base^(-2i/d)`.
    None,
    /// Position interpolation (Chen et al. 2023): every frequency divided by `factor`.
    Linear {
        /// The divisor.
        factor: f64,
    },
    /// Llama 3.1's scheme: low frequencies divided by `factor`, high ones kept, a smooth
    /// blend between (transformers' `_compute_llama3_parameters`).
    Llama3 {
        /// Divisor of the low frequencies.
        factor: f64,
        /// Wavelengths above `original / low_freq_factor` are scaled fully.
        low_freq_factor: f64,
        /// Wavelengths below `original / high_freq_factor` are kept.
        high_freq_factor: f64,
        /// The context length the model was pretrained with.
        original_max_position_embeddings: f64,
    },
}

/// The rope settings of a config: base and scaling.
#[derive(Debug, Clone, PartialEq)]
pub struct Rope {
    /// Base frequency (`rope_theta`).
    pub theta: f64,
    /// Scaling.
    pub scaling: RopeScaling,
}

impl Rope {
    /// The `head_dim / 2` inverse frequencies, scaled.
    pub fn inv_freq(&self, head_dim: usize) -> Vec<f64> {
        let base: Vec<f64> = (0..head_dim / 2)
            .map(|i| self.theta.powf(-((2 * i) as f64) / head_dim as f64))
            .collect();
        match self.scaling {
            RopeScaling::None => base,
            RopeScaling::Linear { factor } => base.iter().map(|f| f / factor).collect(),
            RopeScaling::Llama3 {
                factor,
                low_freq_factor: low,
                high_freq_factor: high,
                original_max_position_embeddings: original,
            } => base
                .iter()
                .map(|&f| {
                    let wavelen = 2.0 * std::f64::consts::PI / f;
                    if wavelen < original / high {
                        f
                    } else if wavelen > original / low {
                        f / factor
                    } else {
                        let smooth = (original / wavelen - low) / (high - low);
                        (1.0 - smooth) * f / factor + smooth * f
                    }
                })
                .collect(),
        }
    }
}

fn scaling_from(v: &serde_json::Value) -> std::result::Result<RopeScaling, String> {
    let kind = v
        .get("rope_type")
        .or_else(|| v.get("type"))
        .and_then(|t| t.as_str())
        .unwrap_or("default");
    let num = |key: &str| -> std::result::Result<f64, String> {
        match v.get(key).and_then(serde_json::Value::as_f64) {
            Some(x) if x.is_finite() && x > 0.0 => Ok(x),
            _ => Err(format!(
                "rope_scaling {kind:?} needs a positive number {key:?}"
            )),
        }
    };
    match kind {
        "default" => Ok(RopeScaling::None),
        "linear" => Ok(RopeScaling::Linear {
            factor: num("factor")?,
        }),
        "llama3" => {
            let (low, high) = (num("low_freq_factor")?, num("high_freq_factor")?);
            if high <= low {
                return Err(format!(
                    "rope_scaling \"llama3\" needs high_freq_factor ({high}) above low_freq_factor ({low})"
                ));
            }
            Ok(RopeScaling::Llama3 {
                factor: num("factor")?,
                low_freq_factor: low,
                high_freq_factor: high,
                original_max_position_embeddings: num("original_max_position_embeddings")?,
            })
        }
        other => Err(format!(
            "rope_scaling type {other:?} is not supported (supported: \"linear\", \"llama3\")"
        )),
    }
}

impl ModelConfig {
    /// The rope base and scaling, from `rope_theta`/`rope_scaling` or `rope_parameters`.
    pub fn rope(&self) -> Result<Rope> {
        let params = self.rope_parameters.as_ref().filter(|v| !v.is_null());
        let theta = params
            .and_then(|p| p.get("rope_theta"))
            .and_then(serde_json::Value::as_f64)
            .unwrap_or(self.rope_theta);
        let scaling = match self
            .rope_scaling
            .as_ref()
            .filter(|v| !v.is_null())
            .or(params)
        {
            None => RopeScaling::None,
            Some(v) => scaling_from(v).map_err(Error::Config)?,
        };
        Ok(Rope { theta, scaling })
    }
}

/// The fields of `generation_config.json` the sampler uses as defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GenerationConfig {
    /// End-of-sequence id(s) that stop generation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eos_token_id: Option<TokenIds>,
    /// Default temperature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f32>,
    /// Default nucleus mass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_p: Option<f32>,
    /// Default top-k.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_k: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_qwen2_config_json_parses_with_defaults_and_biases() {
        let json = r#"{"model_type":"qwen2","vocab_size":10,"hidden_size":8,"intermediate_size":16,
            "num_hidden_layers":1,"num_attention_heads":2,"num_key_value_heads":1,
            "eos_token_id":[1,2],"rope_theta":1000000.0,"use_sliding_window":false}"#;
        let cfg: ModelConfig = serde_json::from_str(json).unwrap();
        cfg.validate().unwrap();
        assert_eq!(cfg.family().unwrap(), Family::Qwen2);
        assert!(cfg.qkv_bias() && !cfg.o_bias());
        assert_eq!(cfg.head_dim(), 4);
        assert_eq!(cfg.eos_token_id.unwrap().to_vec(), vec![1, 2]);
    }

    #[test]
    fn validation_reports_every_problem_at_once() {
        let json = r#"{"model_type":"llama","vocab_size":10,"hidden_size":9,"intermediate_size":16,
            "num_hidden_layers":1,"num_attention_heads":3,"num_key_value_heads":2,
            "rope_scaling":{"rope_type":"yarn","factor":4.0}}"#;
        let cfg: ModelConfig = serde_json::from_str(json).unwrap();
        let msg = cfg.validate().unwrap_err().to_string();
        assert!(msg.contains("multiple") && msg.contains("even") && msg.contains("\"yarn\""));
    }

    fn close(got: f64, want: f64) {
        assert!(
            (got - want).abs() <= 1e-6 * want.abs(),
            "got {got:e}, want {want:e}"
        );
    }

    /// Reference values from transformers 5.24 (`ROPE_INIT_FUNCTIONS["llama3"]` with Llama
    /// 3.1 8B's settings; f32, hence the 1e-6 relative tolerance).
    #[test]
    fn llama3_scaling_matches_transformers() {
        let json = r#"{"model_type":"llama","vocab_size":10,"hidden_size":4096,"intermediate_size":16,
            "num_hidden_layers":1,"num_attention_heads":32,"rope_theta":500000.0,
            "rope_scaling":{"rope_type":"llama3","factor":8.0,"low_freq_factor":1.0,
            "high_freq_factor":4.0,"original_max_position_embeddings":8192}}"#;
        let cfg: ModelConfig = serde_json::from_str(json).unwrap();
        cfg.validate().unwrap();
        let inv = cfg.rope().unwrap().inv_freq(cfg.head_dim());
        assert_eq!(inv.len(), 64);
        for (i, want) in [
            (0, 1.0),
            (10, 0.128_687_381_744_384_77),
            (20, 0.016_560_440_883_040_428),
            (30, 0.001_371_893_682_517_111_3),
            (40, 3.428_102_354_519_069e-5),
            (45, 1.229_763_893_206_836_7e-5),
            (50, 4.411_534_519_022_098e-6),
            (63, 3.068_925_877_869_333e-7),
        ] {
            close(inv[i], want);
        }
    }

    #[test]
    fn linear_scaling_and_the_transformers_5_spelling() {
        let json = r#"{"model_type":"llama","vocab_size":10,"hidden_size":64,"intermediate_size":16,
            "num_hidden_layers":1,"num_attention_heads":4,
            "rope_parameters":{"rope_type":"linear","factor":4.0,"rope_theta":10000.0}}"#;
        let cfg: ModelConfig = serde_json::from_str(json).unwrap();
        let rope = cfg.rope().unwrap();
        assert_eq!(rope.scaling, RopeScaling::Linear { factor: 4.0 });
        let inv = rope.inv_freq(cfg.head_dim());
        // transformers: ROPE_INIT_FUNCTIONS["linear"] gives 0.25, 7.905694656074047e-3, 7.905694656074047e-5.
        close(inv[0], 0.25);
        close(inv[3], 0.007_905_694_656_074_047);
        close(inv[7], 7.905_694_656_074_047e-5);
        let plain = r#"{"model_type":"llama","vocab_size":10,"hidden_size":64,"intermediate_size":16,
            "num_hidden_layers":1,"num_attention_heads":4,"rope_scaling":null,
            "rope_parameters":{"rope_type":"default","rope_theta":500000.0}}"#;
        let cfg: ModelConfig = serde_json::from_str(plain).unwrap();
        let rope = cfg.rope().unwrap();
        assert_eq!((rope.theta, rope.scaling), (500000.0, RopeScaling::None));
    }
}
