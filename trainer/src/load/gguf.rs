//! GGUF loading: metadata -> [`ModelConfig`], tensors dequantized to f32 and renamed to Hugging Face
//! names (Llama's Q/K rows un-permuted for rotate-half rope), tokenizer rebuilt from metadata.

use std::collections::HashMap;
use std::path::Path;

use candle_core::quantized::gguf_file::{Content, Value};
use candle_core::{Device, Tensor};

use crate::model_config::{GenerationConfig, ModelConfig, TokenIds};
use crate::tokenizer::Tokenizer;
use crate::{Error, Result};

use super::Checkpoint;

struct Meta<'a> {
    md: &'a HashMap<String, Value>,
    source: String,
}

impl Meta<'_> {
    fn get(&self, key: &str) -> Result<&Value> {
        self.md
            .get(key)
            .ok_or_else(|| Error::missing(format!("metadata key {key}"), &self.source))
    }

    fn usize(&self, key: &str) -> Result<usize> {
        let v = self.get(key)?;
        let n = v
            .to_u64()
            .or_else(|_| v.to_u32().map(u64::from))
            .or_else(|_| v.to_i32().map(|x| x.max(0) as u64))
            .map_err(|_| Error::Config(format!("metadata {key} is not an integer")))?;
        Ok(n as usize)
    }

    fn opt_usize(&self, key: &str) -> Option<usize> {
        self.md
            .contains_key(key)
            .then(|| self.usize(key).ok())
            .flatten()
    }

    fn f64(&self, key: &str) -> Result<f64> {
        let v = self.get(key)?;
        v.to_f32()
            .map(f64::from)
            .or_else(|_| v.to_f64())
            .map_err(|_| Error::Config(format!("metadata {key} is not a float")))
    }

    fn strings(&self, key: &str) -> Result<Vec<String>> {
        self.get(key)?
            .to_vec()?
            .iter()
            .map(|v| Ok(v.to_string()?.clone()))
            .collect()
    }
}

/// Renames a GGUF tensor to its Hugging Face name.
fn hf_name(gguf: &str) -> Option<String> {
    match gguf {
        "token_embd.weight" => return Some("model.embed_tokens.weight".into()),
        "output_norm.weight" => return Some("model.norm.weight".into()),
        "output.weight" => return Some("lm_head.weight".into()),
        _ => {}
    }
    let rest = gguf.strip_prefix("blk.")?;
    let (layer, rest) = rest.split_once('.')?;
    let (part, kind) = rest.rsplit_once('.')?;
    let hf = match part {
        "attn_norm" => "input_layernorm",
        "ffn_norm" => "post_attention_layernorm",
        "attn_q" => "self_attn.q_proj",
        "attn_k" => "self_attn.k_proj",
        "attn_v" => "self_attn.v_proj",
        "attn_output" => "self_attn.o_proj",
        "ffn_gate" => "mlp.gate_proj",
        "ffn_up" => "mlp.up_proj",
        "ffn_down" => "mlp.down_proj",
        _ => return None,
    };
    Some(format!("model.layers.{layer}.{hf}.{kind}"))
}

/// Undoes llama.cpp's interleaving of Q/K rows: `(heads, d/2, 2, in) -> (heads, 2, d/2, in)`.
fn unpermute(w: &Tensor, heads: usize) -> Result<Tensor> {
    let (out, inp) = w.dims2()?;
    Ok(w.reshape((heads, out / heads / 2, 2, inp))?
        .transpose(1, 2)?
        .reshape((out, inp))?)
}

fn config_from(meta: &Meta, arch: &str, n_tokens: usize, tied: bool) -> Result<ModelConfig> {
    let k = |s: &str| format!("{arch}.{s}");
    let heads = meta.usize(&k("attention.head_count"))?;
    let hidden = meta.usize(&k("embedding_length"))?;
    Ok(ModelConfig {
        model_type: arch.to_string(),
        vocab_size: meta.opt_usize(&k("vocab_size")).unwrap_or(n_tokens),
        hidden_size: hidden,
        intermediate_size: meta.usize(&k("feed_forward_length"))?,
        num_hidden_layers: meta.usize(&k("block_count"))?,
        num_attention_heads: heads,
        num_key_value_heads: meta.opt_usize(&k("attention.head_count_kv")),
        head_dim: meta.opt_usize(&k("attention.key_length")),
        max_position_embeddings: meta.opt_usize(&k("context_length")).unwrap_or(2048),
        rms_norm_eps: meta.f64(&k("attention.layer_norm_rms_epsilon"))?,
        rope_theta: meta.f64(&k("rope.freq_base")).unwrap_or(10_000.0),
        tie_word_embeddings: tied,
        attention_bias: false,
        rope_scaling: rope_scaling_from(meta, arch)?,
        rope_parameters: None,
        bos_token_id: meta
            .opt_usize("tokenizer.ggml.bos_token_id")
            .map(|x| x as u32),
        eos_token_id: meta
            .opt_usize("tokenizer.ggml.eos_token_id")
            .map(|x| TokenIds::One(x as u32)),
        architectures: None,
    })
}

/// `rope_scaling` from llama.cpp's `{arch}.rope.scaling.*` keys: none, or linear.
fn rope_scaling_from(meta: &Meta, arch: &str) -> Result<Option<serde_json::Value>> {
    let kind = meta
        .get(&format!("{arch}.rope.scaling.type"))
        .and_then(|v| Ok(v.to_string()?.clone()))
        .unwrap_or_else(|_| "none".into());
    match kind.as_str() {
        "none" => Ok(None),
        "linear" => {
            let factor = meta.f64(&format!("{arch}.rope.scaling.factor"))?;
            Ok(Some(
                serde_json::json!({"rope_type": "linear", "factor": factor}),
            ))
        }
        other => Err(Error::Config(format!(
            "GGUF rope scaling {other:?} is not supported (supported: none, linear); load the \
             Hugging Face directory instead if its config.json uses \"llama3\" scaling"
        ))),
    }
}

/// Loads a GGUF checkpoint, dequantizing every tensor to f32 on `device`.
pub(crate) fn load(path: &Path, device: &Device) -> Result<Checkpoint> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let content = Content::read(&mut file)?;
    let meta = Meta {
        md: &content.metadata,
        source: path.display().to_string(),
    };
    let arch = meta.get("general.architecture")?.to_string()?.clone();
    if !matches!(arch.as_str(), "llama" | "qwen2") {
        return Err(Error::Config(format!(
            "GGUF architecture {arch:?} (expected llama or qwen2)"
        )));
    }
    let tokens = meta.strings("tokenizer.ggml.tokens")?;
    let tied = !content.tensor_infos.contains_key("output.weight");
    if content.tensor_infos.contains_key("rope_freqs.weight") {
        // llama.cpp's form of Llama 3.1 rope scaling: per-frequency divisors. Ignoring them
        // would silently change every position's rotation.
        return Err(Error::Config(format!(
            "{} carries rope_freqs (Llama 3.1-style rope scaling), which the GGUF loader does \
             not apply yet; load the model's Hugging Face directory, whose \"llama3\" \
             rope_scaling is supported",
            path.display()
        )));
    }
    let config = config_from(&meta, &arch, tokens.len(), tied)?;
    config.validate()?;

    let mut names: Vec<&String> = content.tensor_infos.keys().collect();
    names.sort();
    let mut tensors = HashMap::new();
    for name in names {
        let Some(hf) = hf_name(name) else { continue };
        let mut t = content
            .tensor(&mut file, name, device)?
            .dequantize(device)?;
        // llama.cpp permutes Q/K rows for its interleaved rope only for the llama architecture.
        if arch == "llama" && t.rank() == 2 {
            if name.ends_with("attn_q.weight") {
                t = unpermute(&t, config.num_attention_heads)?;
            } else if name.ends_with("attn_k.weight") {
                t = unpermute(&t, config.kv_heads())?;
            }
        }
        tensors.insert(hf, t);
    }

    let model = meta.get("tokenizer.ggml.model")?.to_string()?.clone();
    if model != "gpt2" {
        return Err(Error::Tokenizer(format!(
            "GGUF tokenizer model {model:?} (only byte-level BPE, \"gpt2\", is supported)"
        )));
    }
    let merges = meta.strings("tokenizer.ggml.merges")?;
    let types: Vec<i32> = meta
        .get("tokenizer.ggml.token_type")?
        .to_vec()?
        .iter()
        .map(|v| v.to_i32())
        .collect::<std::result::Result<_, _>>()?;
    let pre = meta
        .get("tokenizer.ggml.pre")
        .and_then(|v| Ok(v.to_string()?.clone()))
        .unwrap_or_default();
    let inner = Tokenizer::from_bpe_parts(&tokens, &merges, &types, &pre)?;
    let eos: Vec<u32> = config
        .eos_token_id
        .iter()
        .flat_map(|e| e.to_vec())
        .collect();
    let pad = meta
        .opt_usize("tokenizer.ggml.padding_token_id")
        .map(|x| x as u32);
    let template = meta
        .get("tokenizer.chat_template")
        .ok()
        .and_then(|v| v.to_string().ok().cloned());
    let tokenizer = Tokenizer::new(inner, eos.clone(), config.bos_token_id, pad, template)?;
    let generation = GenerationConfig {
        eos_token_id: Some(TokenIds::Many(eos)),
        ..Default::default()
    };
    Ok(Checkpoint {
        config,
        tensors,
        tokenizer,
        generation,
        source: path.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gguf_names_map_to_hugging_face_names() {
        assert_eq!(
            hf_name("blk.12.attn_q.weight").as_deref(),
            Some("model.layers.12.self_attn.q_proj.weight")
        );
        assert_eq!(
            hf_name("blk.0.attn_k.bias").as_deref(),
            Some("model.layers.0.self_attn.k_proj.bias")
        );
        assert_eq!(hf_name("output.weight").as_deref(), Some("lm_head.weight"));
        assert_eq!(hf_name("rope_freqs.weight"), None);
    }

    #[test]
    fn unpermute_restores_rotate_half_row_order() {
        // One head of width 4: llama.cpp stores rows [0, 2, 1, 3] of the HF matrix.
        let gguf = Tensor::new(&[[0f32], [2.], [1.], [3.]], &Device::Cpu).unwrap();
        let hf = unpermute(&gguf, 1).unwrap();
        assert_eq!(
            hf.flatten_all().unwrap().to_vec1::<f32>().unwrap(),
            vec![0., 1., 2., 3.]
        );
    }
}
