//! `tz generate`: load a model (`default`, a GGUF file or a Hugging Face directory), sample one
//! completion of a prompt and print it.

use anyhow::Context;
use tz_trainer::{Checkpoint, DeviceChoice, Message, Request, SamplingParams, generate};

/// Arguments of `tz generate`.
#[derive(Debug, Clone, clap::Args)]
pub struct GenerateArgs {
    /// `default` (SmolLM2-135M from scripts/fetch-model.sh), a .gguf file or a model directory.
    #[arg(long, default_value = "default")]
    pub model: String,
    /// The prompt text.
    #[arg(long)]
    pub prompt: String,
    /// Seed of the sampler's RNG.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Most tokens to generate.
    #[arg(long, default_value_t = 128)]
    pub max_new_tokens: usize,
    /// Softmax temperature; 0 is greedy.
    #[arg(long, default_value_t = 0.8)]
    pub temperature: f32,
    /// Nucleus mass in (0, 1]; 1 disables top-p.
    #[arg(long, default_value_t = 1.0)]
    pub top_p: f32,
    /// Keep the k most likely tokens; 0 disables top-k.
    #[arg(long, default_value_t = 0)]
    pub top_k: usize,
    /// Stop when the text contains this string (repeatable).
    #[arg(long)]
    pub stop: Vec<String>,
    /// `cpu`, `cuda` or `cuda:N` (CUDA needs a build with `--features cuda`).
    #[arg(long, default_value = "cpu")]
    pub device: DeviceChoice,
    /// Wrap the prompt as a user message in the model's chat template.
    #[arg(long)]
    pub chat: bool,
}

/// Runs `tz generate`: prints the completion's text on stdout.
pub fn run(args: &GenerateArgs) -> anyhow::Result<()> {
    let device = args.device.device()?;
    let ckpt = Checkpoint::load(&args.model, &device)
        .with_context(|| format!("loading model {:?}", args.model))?;
    let model = ckpt.model()?;
    let prompt = if args.chat {
        ckpt.tokenizer
            .apply_chat_template(&[Message::new("user", &args.prompt)], true)?
    } else {
        args.prompt.clone()
    };
    let request = Request {
        prompt_ids: ckpt.tokenizer.encode(&prompt)?,
        prompt_index: 0,
        sample_index: 0,
    };
    let params = SamplingParams {
        temperature: args.temperature,
        top_p: args.top_p,
        top_k: args.top_k,
        max_new_tokens: args.max_new_tokens,
        min_new_tokens: 0,
        stop: args.stop.clone(),
        stop_ids: Vec::new(),
        seed: args.seed,
    };
    let completion = generate(&model, &ckpt.tokenizer, &[request], &params)?;
    if let Some(c) = completion.first() {
        println!("{}", c.text);
    }
    Ok(())
}
