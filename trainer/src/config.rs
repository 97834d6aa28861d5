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
pub struct Config {
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
    /// Rope scaling (e.g. Llama 3.1's `"llama3"`); only `None` is supported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rope_scaling: Option<serde_json::Value>,
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

impl Config {
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
        if self.rope_scaling.as_ref().is_some_and(|v| !v.is_null()) {
            errors.push("rope_scaling is not supported".to_string());
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Config(errors.join("; ")))
        }
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
        let cfg: Config = serde_json::from_str(json).unwrap();
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
            "rope_scaling":{"rope_type":"llama3"}}"#;
        let cfg: Config = serde_json::from_str(json).unwrap();
        let msg = cfg.validate().unwrap_err().to_string();
        assert!(msg.contains("multiple") && msg.contains("even") && msg.contains("rope_scaling"));
    }
}
