//! A fixture for training from zero: requests to four shipped functions about twelve values, a
//! word-level tokenizer in which a complete call is two tokens, and a randomly initialised tiny
//! Llama over it.
//!
//! The tokenizer: a word-level vocabulary for the requests; the rendered system turn (the same
//! for every task) as one special token; one token per function for
//! `<think>ok</think><tool_call>[{"name": "F", "arguments": {"P": "` and one per value for
//! `V"}}]</tool_call>`. A random policy then writes a readable call now and then, so the reward
//! has something to grade, while which function and which value must be read from the request.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;

use tokenizers::models::wordlevel::WordLevel;
use tokenizers::pre_tokenizers::whitespace::Whitespace;
use tokenizers::{AddedToken, DecoderWrapper};
use tz_env::episode::EpisodeConfig;
use tz_env::registry::Registry;
use tz_env::sandbox::SandboxConfig;
use tz_env::task::Task;
use tz_trainer::candle_core::{DType, Device};
use tz_trainer::candle_nn::{VarBuilder, VarMap};
use tz_trainer::{Checkpoint, GenerationConfig, Model, ModelConfig, TokenIds, Tokenizer};

/// The functions, their parameter and two phrasings each (the value is the request's last word).
pub const FUNCTIONS: [(&str, &str, [&str; 2]); 4] = [
    (
        "country_capital",
        "country",
        ["What is the capital of {}?", "Name the capital city of {}."],
    ),
    (
        "country_info",
        "country",
        ["Tell me everything about {}.", "Give me the facts on {}."],
    ),
    (
        "text_length",
        "text",
        [
            "How many characters are in {}?",
            "Measure the length of the text {}.",
        ],
    ),
    (
        "word_count",
        "text",
        ["Count the words in {}.", "How many words are there in {}?"],
    ),
];

/// The values (country names, also used as texts).
pub const VALUES: [&str; 12] = [
    "France", "Japan", "Brazil", "Kenya", "Canada", "Peru", "Norway", "Egypt", "India", "Chile",
    "Spain", "Ghana",
];

const THINK: &str = "<think>ok</think>";

/// The token that opens a call of `f`, up to its argument's value.
pub fn header(f: &str, param: &str) -> String {
    format!(r#"{THINK}<tool_call>[{{"name": "{f}", "arguments": {{"{param}": ""#)
}

/// The token of value `v` with the JSON and tag that close the call.
pub fn value_out(v: &str) -> String {
    format!(r#"{v}"}}}}]</tool_call>"#)
}

/// The shipped tools (`tools-wasm/*.wasm`), failing clearly when they were not built.
pub fn tools_dir() -> PathBuf {
    let dir = super::workspace_root().join("tools-wasm");
    assert!(
        dir.join("countries.wasm").is_file(),
        "missing built tools in {}: run scripts/build-tools.sh (the README set-up does)",
        dir.display()
    );
    dir
}

/// The shipped tools loaded with a test compile cache.
pub fn registry() -> Registry {
    Registry::load_dir(
        &tools_dir(),
        SandboxConfig {
            cache_dir: Some(super::workspace_root().join("target/test-cache")),
            ..SandboxConfig::default()
        },
    )
    .expect("shipped tools load")
}

/// Every (function, value, phrasing) task, single-step; held out (second list): the
/// combinations with (function + value) % 4 == 0, so every function and every value is trained,
/// but never together.
pub fn tasks() -> (Vec<Task>, Vec<Task>) {
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for (fi, (f, param, phrasings)) in FUNCTIONS.iter().enumerate() {
        for (vi, v) in VALUES.iter().enumerate() {
            for (pi, phrasing) in phrasings.iter().enumerate() {
                let task: Task = serde_json::from_value(serde_json::json!({
                    "id": format!("{f}-{v}-{pi}"),
                    "messages": [{"role": "user", "content": phrasing.replace("{}", v)}],
                    "tools": FUNCTIONS.iter().map(|(n, _, _)| serde_json::json!({"name": n})).collect::<Vec<_>>(),
                    "turns": [{"ground_truth": [[{*f: {*param: [v]}}]]}],
                    "single_step": true,
                }))
                .expect("task");
                if (fi + vi) % 4 == 0 {
                    test.push(task);
                } else {
                    train.push(task);
                }
            }
        }
    }
    (train, test)
}

/// The system turn the base template renders for these tasks (identical for all of them).
pub fn system_turn(registry: &Registry, episode: &EpisodeConfig) -> String {
    let (train, _) = tasks();
    let specs = train[0]
        .resolve_tools(&registry.specs())
        .expect("tools resolve");
    let prompt = tz_env::prompt::render_task(episode.template, &train[0], &specs);
    prompt[..prompt.find("User:").expect("a user turn")].to_string()
}

/// The fixture tokenizer (see the module doc). `system` is the rendered system turn.
pub fn tokenizer(system: &str) -> Tokenizer {
    let mut words: Vec<String> = ["<pad>", "<eos>", "<unk>", "User", "Assistant", ":"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for (_, _, phrasings) in FUNCTIONS {
        for p in phrasings {
            words.extend(
                p.replace("{}", " ")
                    .split(|c: char| !c.is_alphanumeric())
                    .map(String::from),
            );
            words.extend(
                p.chars()
                    .filter(|c| c.is_ascii_punctuation() && *c != '{' && *c != '}')
                    .map(String::from),
            );
        }
    }
    words.extend(VALUES.iter().map(|v| v.to_string()));
    words.retain(|w| !w.is_empty());
    let mut vocab: Vec<(String, u32)> = Vec::new();
    for w in words {
        if !vocab.iter().any(|(x, _)| *x == w) {
            let id = vocab.len() as u32;
            vocab.push((w, id));
        }
    }
    let vocab: HashMap<String, u32> = vocab.into_iter().collect();
    let model = WordLevel::builder()
        .vocab(vocab.into_iter().collect())
        .unk_token("<unk>".into())
        .build()
        .expect("word level");
    let mut inner = tokenizers::Tokenizer::new(model);
    inner.with_pre_tokenizer(Some(Whitespace {}));
    inner.with_decoder(Some(DecoderWrapper::Fuse(
        tokenizers::decoders::fuse::Fuse::new(),
    )));
    let mut chunks: Vec<String> = FUNCTIONS.iter().map(|(f, p, _)| header(f, p)).collect();
    chunks.extend(VALUES.iter().map(|v| value_out(v)));
    inner
        .add_tokens(chunks.into_iter().map(|c| AddedToken::from(c, false)))
        .expect("added tokens");
    // The system turn is a special token: generated, it decodes to nothing (it holds the format
    // description's `<answer>…</answer>` example, which must not be a way to be read).
    inner
        .add_special_tokens([
            AddedToken::from("<eos>", true),
            AddedToken::from("<pad>", true),
            AddedToken::from(system, true),
        ])
        .expect("special tokens");
    let eos = inner.token_to_id("<eos>").expect("eos");
    let pad = inner.token_to_id("<pad>").expect("pad");
    Tokenizer::new(inner, vec![eos], None, Some(pad), None).expect("tokenizer")
}

/// A randomly initialised tiny Llama over `tokenizer`, seeded: normal weights with the usual
/// scales (embedding σ = 0.02, projections σ = 1/√fan_in, norms 1), from a ChaCha stream.
pub fn random_model(tokenizer: Tokenizer, seed: u64) -> Checkpoint {
    use rand::{Rng, SeedableRng};
    let config: ModelConfig = serde_json::from_value(serde_json::json!({
        "model_type": "llama",
        "vocab_size": tokenizer.vocab_size(),
        "hidden_size": 64,
        "intermediate_size": 128,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "max_position_embeddings": 64,
        "rms_norm_eps": 1e-5,
        "tie_word_embeddings": true,
        "eos_token_id": tokenizer.eos_ids[0],
    }))
    .expect("config");
    let varmap = VarMap::new();
    let model = Model::new(
        &config,
        VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu),
    )
    .expect("model");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut normal = move || {
        let u1 = ((rng.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
        let u2 = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    };
    let mut named = model.named_tensors();
    named.sort_by(|a, b| a.0.cmp(&b.0));
    let tensors = named
        .into_iter()
        .map(|(name, t)| {
            let dims = t.dims().to_vec();
            let values: Vec<f32> = if name.ends_with("norm.weight") {
                vec![1.0; t.elem_count()]
            } else {
                let std = if name.contains("embed_tokens") {
                    0.02
                } else {
                    1.0 / (dims[dims.len() - 1] as f64).sqrt()
                };
                (0..t.elem_count())
                    .map(|_| (normal() * std) as f32)
                    .collect()
            };
            let tensor = tz_trainer::candle_core::Tensor::from_vec(values, dims, &Device::Cpu)
                .expect("tensor");
            (name, tensor)
        })
        .collect();
    Checkpoint {
        config,
        tensors,
        generation: GenerationConfig {
            eos_token_id: Some(TokenIds::One(tokenizer.eos_ids[0])),
            ..Default::default()
        },
        tokenizer,
        source: PathBuf::from("random"),
    }
}
