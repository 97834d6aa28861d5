//! Hugging Face model directories: `config.json`, `model.safetensors` or shards listed in
//! `model.safetensors.index.json`, `tokenizer.json`, `tokenizer_config.json` (chat template,
//! special tokens) and `generation_config.json`; reading and writing.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use candle_core::{DType, Device, Tensor};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::model_config::{GenerationConfig, ModelConfig};
use crate::tokenizer::Tokenizer;
use crate::{Error, Result};

use super::Checkpoint;

fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_str(&text).map_err(|source| Error::Json {
        path: path.to_path_buf(),
        source,
    })
}

fn write_json(path: &Path, value: &impl serde::Serialize) -> Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(|source| Error::Json {
        path: path.to_path_buf(),
        source,
    })?;
    std::fs::write(path, text).map_err(|e| Error::io(path, e))
}

/// A special token in `tokenizer_config.json`: a string or `{"content": ...}`.
fn token_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("content")?.as_str().map(str::to_string),
        _ => None,
    }
}

/// The chat template: `chat_template.jinja`, or `tokenizer_config.json`'s `chat_template` (a
/// string, or a list of named templates of which `default` is taken).
fn chat_template(dir: &Path, tok_cfg: &Value) -> Option<String> {
    if let Ok(t) = std::fs::read_to_string(dir.join("chat_template.jinja")) {
        return Some(t);
    }
    match tok_cfg.get("chat_template")? {
        Value::String(s) => Some(s.clone()),
        Value::Array(list) => list
            .iter()
            .find(|t| t.get("name").and_then(Value::as_str) == Some("default"))
            .and_then(|t| t.get("template")?.as_str().map(str::to_string)),
        _ => None,
    }
}

fn load_tensors(dir: &Path, device: &Device) -> Result<HashMap<String, Tensor>> {
    let single = dir.join("model.safetensors");
    let files: Vec<_> = if single.exists() {
        vec![single]
    } else {
        let index_path = dir.join("model.safetensors.index.json");
        if !index_path.exists() {
            return Err(Error::missing(
                "model.safetensors or model.safetensors.index.json",
                dir.display().to_string(),
            ));
        }
        let index: Value = read_json(&index_path)?;
        let map = index
            .get("weight_map")
            .and_then(Value::as_object)
            .ok_or_else(|| Error::missing("weight_map", index_path.display().to_string()))?;
        let shards: BTreeSet<&str> = map.values().filter_map(Value::as_str).collect();
        shards.into_iter().map(|s| dir.join(s)).collect()
    };
    let mut tensors = HashMap::new();
    for file in files {
        let loaded = candle_core::safetensors::load(&file, device)
            .map_err(|e| Error::Config(format!("cannot read {}: {e}", file.display())))?;
        for (name, t) in loaded {
            tensors.insert(name, t.to_dtype(DType::F32)?);
        }
    }
    Ok(tensors)
}

/// Loads a Hugging Face model directory, converting weights to f32 on `device`.
pub(crate) fn load(dir: &Path, device: &Device) -> Result<Checkpoint> {
    let config: ModelConfig = read_json(&dir.join("config.json"))?;
    config.validate()?;
    let generation: GenerationConfig = if dir.join("generation_config.json").exists() {
        read_json(&dir.join("generation_config.json"))?
    } else {
        GenerationConfig::default()
    };
    let tok_cfg: Value = if dir.join("tokenizer_config.json").exists() {
        read_json(&dir.join("tokenizer_config.json"))?
    } else {
        Value::Null
    };
    let tok_path = dir.join("tokenizer.json");
    if !tok_path.exists() {
        return Err(Error::missing("tokenizer.json", dir.display().to_string()));
    }
    let inner = tokenizers::Tokenizer::from_file(&tok_path)
        .map_err(|e| Error::Tokenizer(format!("cannot read {}: {e}", tok_path.display())))?;
    let id_of = |key: &str| token_text(tok_cfg.get(key)).and_then(|t| inner.token_to_id(&t));
    let mut eos: Vec<u32> = generation
        .eos_token_id
        .as_ref()
        .or(config.eos_token_id.as_ref())
        .map(|e| e.to_vec())
        .unwrap_or_default();
    if let Some(id) = id_of("eos_token").filter(|id| !eos.contains(id)) {
        eos.push(id);
    }
    let bos = config.bos_token_id.or_else(|| id_of("bos_token"));
    let pad = id_of("pad_token");
    let template = chat_template(dir, &tok_cfg);
    let tokenizer = Tokenizer::new(inner, eos, bos, pad, template)?;
    let tensors = load_tensors(dir, device)?;
    Ok(Checkpoint {
        config,
        tensors,
        tokenizer,
        generation,
        source: dir.to_path_buf(),
    })
}

/// Writes `config.json`, `model.safetensors`, `tokenizer.json`, `tokenizer_config.json` and
/// `generation_config.json` into `dir` (created if needed), loadable by transformers too.
pub(crate) fn save(
    dir: &Path,
    config: &ModelConfig,
    tensors: &HashMap<String, Tensor>,
    tokenizer: &Tokenizer,
    generation: &GenerationConfig,
) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut config = config.clone();
    if config.architectures.is_none() {
        let arch = match config.model_type.as_str() {
            "qwen2" => "Qwen2ForCausalLM",
            _ => "LlamaForCausalLM",
        };
        config.architectures = Some(vec![arch.to_string()]);
    }
    write_json(&dir.join("config.json"), &config)?;
    write_json(&dir.join("generation_config.json"), generation)?;
    let tensors: HashMap<String, Tensor> = tensors
        .iter()
        .map(|(k, v)| Ok((k.clone(), v.contiguous()?)))
        .collect::<Result<_>>()?;
    candle_core::safetensors::save(&tensors, dir.join("model.safetensors"))?;
    let tok_path = dir.join("tokenizer.json");
    tokenizer
        .inner()
        .save(&tok_path, false)
        .map_err(|e| Error::Tokenizer(format!("cannot write {}: {e}", tok_path.display())))?;
    let name = |id: Option<u32>| id.and_then(|i| tokenizer.inner().id_to_token(i));
    // `PreTrainedTokenizerFast` reads tokenizer.json as it is, as we do: BOS and EOS come from
    // the chat template (and tokenizer.json's own post-processor when transformers is asked
    // to add special tokens), never from a class default.
    let tok_cfg = json!({
        "tokenizer_class": "PreTrainedTokenizerFast",
        "clean_up_tokenization_spaces": false,
        "chat_template": tokenizer.chat_template,
        "bos_token": name(tokenizer.bos_id),
        "eos_token": name(tokenizer.eos_ids.first().copied()),
        "pad_token": name(Some(tokenizer.pad_id)),
    });
    write_json(&dir.join("tokenizer_config.json"), &tok_cfg)
}
