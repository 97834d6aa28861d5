//! Helpers shared by the integration tests: tiny random models of each family, a byte-level
//! tokenizer, and locating the real model and the reference numbers.
#![allow(dead_code, missing_docs)]

use std::collections::HashMap;
use std::path::PathBuf;

use rand::{Rng, SeedableRng};
use tz_trainer::candle_core::{DType, Device, Tensor};
use tz_trainer::candle_nn::{VarBuilder, VarMap};
use tz_trainer::{Checkpoint, GenerationConfig, Model, ModelConfig, TokenIds, Tokenizer};

pub const EOS: u32 = 256;

/// A tiny config of the given family (`llama` or `qwen2`), vocabulary = 256 bytes + `<eos>`.
pub fn tiny_config(model_type: &str, tied: bool) -> ModelConfig {
    serde_json::from_value(serde_json::json!({
        "model_type": model_type,
        "vocab_size": 257,
        "hidden_size": 32,
        "intermediate_size": 48,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "max_position_embeddings": 128,
        "rms_norm_eps": 1e-5,
        "rope_theta": 10000.0,
        "tie_word_embeddings": tied,
        "eos_token_id": EOS,
    }))
    .expect("tiny config")
}

/// A byte-level BPE without merges: one token per byte (GPT-2 alphabet order) plus `<eos>`.
pub fn tiny_tokenizer() -> Tokenizer {
    let mut alphabet: Vec<char> = tokenizers::pre_tokenizers::byte_level::ByteLevel::alphabet()
        .into_iter()
        .collect();
    alphabet.sort();
    let mut tokens: Vec<String> = alphabet.iter().map(|c| c.to_string()).collect();
    tokens.push("<eos>".into());
    let mut types = vec![1; 256];
    types.push(3);
    let inner = Tokenizer::from_bpe_parts(&tokens, &[], &types, "").expect("tokenizer");
    let template = "{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}\
                    {% if add_generation_prompt %}<assistant>{% endif %}";
    Tokenizer::new(inner, vec![EOS], None, None, Some(template.into())).expect("tokenizer")
}

/// Deterministic random weights for `cfg` (normal, std 0.3 so logits are far from uniform).
pub fn tiny_checkpoint(cfg: &ModelConfig, seed: u64) -> Checkpoint {
    let varmap = VarMap::new();
    let model = Model::new(
        cfg,
        VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu),
    )
    .expect("model");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut tensors = HashMap::new();
    let mut named = model.named_tensors();
    named.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, t) in named {
        let n = t.elem_count();
        let values: Vec<f32> = (0..n)
            .map(|_| {
                let u = (rng.next_u64() >> 40) as f32 / (1u64 << 24) as f32;
                (u - 0.5) * 1.0
            })
            .map(|v| {
                if name.ends_with("norm.weight") {
                    1.0 + 0.2 * v
                } else {
                    v
                }
            })
            .collect();
        let value = Tensor::from_vec(values, t.shape(), &Device::Cpu).expect("tensor");
        tensors.insert(name, value);
    }
    Checkpoint {
        config: cfg.clone(),
        tensors,
        tokenizer: tiny_tokenizer(),
        generation: GenerationConfig {
            eos_token_id: Some(TokenIds::One(EOS)),
            ..Default::default()
        },
        source: PathBuf::from("tiny"),
    }
}

/// Replaces `dir/model.safetensors` (written by `save_hf_dir`) with two shards and a
/// `model.safetensors.index.json`, as large checkpoints are stored.
pub fn reshard(dir: &std::path::Path, ckpt: &Checkpoint) {
    std::fs::remove_file(dir.join("model.safetensors")).expect("single file");
    let mut names: Vec<&String> = ckpt.tensors.keys().collect();
    names.sort();
    let mut weight_map = serde_json::Map::new();
    for (i, chunk) in names.chunks(names.len().div_ceil(2)).enumerate() {
        let file = format!("model-0000{}-of-00002.safetensors", i + 1);
        let part: HashMap<String, Tensor> = chunk
            .iter()
            .map(|n| ((*n).clone(), ckpt.tensors[*n].clone()))
            .collect();
        tz_trainer::candle_core::safetensors::save(&part, dir.join(&file)).expect("shard");
        for n in chunk {
            weight_map.insert((*n).clone(), file.clone().into());
        }
    }
    let index = serde_json::json!({"metadata": {}, "weight_map": weight_map});
    std::fs::write(dir.join("model.safetensors.index.json"), index.to_string()).expect("index");
}

/// Max absolute difference of two same-shaped tensors.
pub fn max_diff(a: &Tensor, b: &Tensor) -> f32 {
    (a - b)
        .expect("sub")
        .abs()
        .expect("abs")
        .flatten_all()
        .expect("flatten")
        .max(0)
        .expect("max")
        .to_scalar::<f32>()
        .expect("scalar")
}

/// Cosine similarity of two same-shaped tensors (two gradients), summed in f64.
pub fn cosine(a: &Tensor, b: &Tensor) -> f64 {
    let flat = |t: &Tensor| -> Vec<f32> {
        t.flatten_all()
            .and_then(|t| t.to_vec1())
            .expect("f32 values")
    };
    let (a, b) = (flat(a), flat(b));
    let dot: f64 = a.iter().zip(&b).map(|(x, y)| *x as f64 * *y as f64).sum();
    let norm = |v: &[f32]| v.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
    dot / (norm(&a) * norm(&b)).max(1e-30)
}

pub mod calls;
pub mod run;

/// The workspace root (the tests run in `trainer/`).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}
