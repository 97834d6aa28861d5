//! Parity of the real default model (SmolLM2-135M-Instruct GGUF, dequantized to f32) with
//! PyTorch + transformers, against `../shared/reference/smollm2-135m-torch.json`.
//!
//! The reference was produced with transformers 5.24 / torch 2.15 on CPU, roughly:
//! ```python
//! tok = AutoTokenizer.from_pretrained(dir, gguf_file=f)
//! model = AutoModelForCausalLM.from_pretrained(dir, gguf_file=f, torch_dtype=torch.float32)
//! ids = tok(prompt, add_special_tokens=False).input_ids
//! logits = model(torch.tensor([ids])).logits[0, -1]
//! greedy = model.generate(torch.tensor([ids]), do_sample=False, max_new_tokens=32)
//! test_ids = tok(tokenizer_test_string, add_special_tokens=False).input_ids
//! sha256(",".join(map(str, test_ids)))
//! ```
//! These tests need the model (`scripts/fetch-model.sh`) and the reference file; they fail,
//! saying which is missing, rather than pass silently.

#![allow(clippy::unwrap_used)]

mod common;

use std::sync::OnceLock;

use serde_json::Value;
use sha2::{Digest, Sha256};
use tz_trainer::candle_core::Device;
use tz_trainer::{Batch, ChatMessage, Checkpoint, Padding, Request, SamplingParams, generate};

fn reference() -> &'static Value {
    static REF: OnceLock<Value> = OnceLock::new();
    REF.get_or_init(|| {
        let path = common::workspace_root().join("../shared/reference/smollm2-135m-torch.json");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!("reference numbers missing at {}: {e}; they live in the shared folder next to the repository", path.display())
        });
        serde_json::from_str(&text).expect("reference json")
    })
}

fn checkpoint() -> &'static Checkpoint {
    static CKPT: OnceLock<Checkpoint> = OnceLock::new();
    CKPT.get_or_init(|| {
        Checkpoint::load("default", &Device::Cpu)
            .unwrap_or_else(|e| panic!("{e} (run scripts/fetch-model.sh before the tests)"))
    })
}

fn ids(v: &Value) -> Vec<u32> {
    v.as_array()
        .expect("id list")
        .iter()
        .map(|x| x.as_u64().expect("id") as u32)
        .collect()
}

#[test]
fn the_chat_template_and_tokenizer_reproduce_the_reference_prompt_ids() {
    let r = reference();
    let tok = &checkpoint().tokenizer;
    let prompt = r["prompt"].as_str().unwrap();
    assert_eq!(tok.encode(prompt).unwrap(), ids(&r["prompt_ids"]));
    let rendered = tok
        .apply_chat_template(
            &[ChatMessage::new("user", "What is the capital of France?")],
            true,
        )
        .unwrap();
    assert_eq!(rendered, prompt);
}

#[test]
fn multilingual_text_tokenizes_exactly_as_transformers_does() {
    let r = reference();
    let tok = &checkpoint().tokenizer;
    let got = tok
        .encode(r["tokenizer_test_string"].as_str().unwrap())
        .unwrap();
    assert_eq!(
        got.len() as u64,
        r["tokenizer_test_n_ids"].as_u64().unwrap()
    );
    assert_eq!(got[..16], ids(&r["tokenizer_test_first16"])[..]);
    let joined = got.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
    let digest: String = Sha256::digest(joined.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(digest, r["tokenizer_test_ids_sha256"].as_str().unwrap());
    assert_eq!(
        tok.decode(&got, false).unwrap(),
        r["tokenizer_test_string"].as_str().unwrap()
    );
}

#[test]
fn last_position_logits_match_pytorch_within_1e_3() {
    let r = reference();
    let ckpt = checkpoint();
    let model = ckpt.model().unwrap();
    let batch = Batch::new(&[ids(&r["prompt_ids"])], 0, Padding::Right, &Device::Cpu).unwrap();
    let logits = model.forward(&batch).unwrap().squeeze(0).unwrap();
    let t = logits.dim(0).unwrap();
    let last: Vec<f32> = logits.get(t - 1).unwrap().to_vec1().unwrap();
    let want: Vec<f32> = r["last_position_logits_first5"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap() as f32)
        .collect();
    let mut worst = 0f32;
    for (g, w) in last.iter().zip(&want) {
        worst = worst.max((g - w).abs());
    }
    let max = last.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    worst = worst.max((max - r["last_position_logits_max"].as_f64().unwrap() as f32).abs());
    eprintln!("max |logit diff| vs PyTorch: {worst:.2e}");
    assert!(worst < 1e-3, "logits differ from PyTorch by {worst}");
    let argmax = last
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .unwrap()
        .0;
    assert_eq!(argmax as u64, r["last_position_argmax"].as_u64().unwrap());
}

#[test]
fn greedy_generation_matches_pytorch() {
    let r = reference();
    let ckpt = checkpoint();
    let model = ckpt.model().unwrap();
    let want = ids(&r["greedy_ids_first32"]);
    // The reference kept generating past `<|im_end|>` (transformers' `min_new_tokens`).
    let params = SamplingParams {
        temperature: 0.0,
        max_new_tokens: want.len(),
        min_new_tokens: want.len(),
        ..Default::default()
    };
    let req = Request::new(ids(&r["prompt_ids"]), 0, 0);
    let out = generate(&model, &ckpt.tokenizer, &[req], &params).unwrap();
    assert_eq!(out[0].token_ids, want, "text: {:?}", out[0].text);
}
