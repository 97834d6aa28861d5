//! Prints, as one JSON object, the token ids of a chat prompt and the logits of every position
//! (the user message in its chat template, or plain text without one) for a model (`default`, a .gguf, a model directory or a checkpoint), so that another
//! implementation can be compared with ours: `scripts/check_export.py` loads a `tz export`
//! directory with transformers and checks its logits against these.
//!
//! Usage: `cargo run --release -p tz-trainer --example logits -- MODEL "user message"`
#![allow(missing_docs)]

use tz_trainer::candle_core::Device;
use tz_trainer::{Batch, ChatMessage, Checkpoint, Padding};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(model), Some(message)) = (args.next(), args.next()) else {
        return Err("usage: logits MODEL \"user message\"".into());
    };
    let ckpt = Checkpoint::load(&model, &Device::Cpu)?;
    // The message in the model's chat template, or as plain text for a model without one.
    let prompt = if ckpt.tokenizer.chat_template.is_some() {
        ckpt.tokenizer
            .apply_chat_template(&[ChatMessage::new("user", &message)], true)?
    } else {
        message
    };
    let ids = ckpt.tokenizer.encode(&prompt)?;
    let batch = Batch::new(std::slice::from_ref(&ids), 0, Padding::Right, &Device::Cpu)?;
    let logits: Vec<Vec<f32>> = ckpt.model()?.forward(&batch)?.squeeze(0)?.to_vec2()?;
    let out = serde_json::json!({ "prompt": prompt, "ids": ids, "logits": logits });
    println!("{out}");
    Ok(())
}
