//! `tz generate`: load a model (`[model]`: `default`, a GGUF file, a Hugging Face directory or a
//! hub id), sample one completion of a prompt with the `[sampler]` settings (flags override
//! them) and print it.

use std::process::ExitCode;

use anyhow::{Context, anyhow};
use tz_trainer::{ChatMessage, Checkpoint, DeviceChoice, Request, generate};

use crate::Failure;
use crate::config::ConfigArgs;
use crate::out::Out;

/// Arguments of `tz generate` (unset flags take the config's values).
#[derive(Debug, Clone, clap::Args)]
pub struct GenerateArgs {
    /// `default` (SmolLM2-135M from scripts/fetch-model.sh), a .gguf file, a model directory or
    /// a hub id [model.name].
    #[arg(long)]
    pub model: Option<String>,
    /// The prompt text.
    #[arg(long)]
    pub prompt: String,
    /// Seed of the sampler's RNG.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Most tokens to generate [sampler.max_new_tokens].
    #[arg(long)]
    pub max_new_tokens: Option<usize>,
    /// Softmax temperature; 0 is greedy [sampler.temperature].
    #[arg(long)]
    pub temperature: Option<f32>,
    /// Nucleus mass in (0, 1]; 1 disables top-p [sampler.top_p].
    #[arg(long)]
    pub top_p: Option<f32>,
    /// Keep the k most likely tokens; 0 disables top-k [sampler.top_k].
    #[arg(long)]
    pub top_k: Option<usize>,
    /// Stop when the text contains this string (repeatable).
    #[arg(long)]
    pub stop: Vec<String>,
    /// `cpu`, `cuda` or `cuda:N` (CUDA needs a build with `--features cuda`) [model.device].
    #[arg(long)]
    pub device: Option<String>,
    /// Wrap the prompt as a user message in the model's chat template.
    #[arg(long)]
    pub chat: bool,
}

/// Runs `tz generate`: prints the completion's text on stdout.
pub fn run(args: &GenerateArgs, config: &ConfigArgs) -> Result<ExitCode, Failure> {
    let cfg = config.load()?;
    let mut params = cfg.sampler.clone();
    if let Some(v) = args.temperature {
        params.temperature = v;
    }
    if let Some(v) = args.top_p {
        params.top_p = v;
    }
    if let Some(v) = args.top_k {
        params.top_k = v;
    }
    if let Some(v) = args.max_new_tokens {
        params.max_new_tokens = v;
    }
    params.stop = args.stop.clone();
    params.seed = args.seed;
    params
        .validate()
        .map_err(|e| Failure::Usage(anyhow!("{e} (check --temperature, --top-p, --stop)")))?;
    let device_name = args.device.clone().unwrap_or(cfg.model.device.clone());
    let device: DeviceChoice = device_name
        .parse()
        .map_err(|e| Failure::Usage(anyhow!("--device: {e}")))?;
    let device = device.device().map_err(|e| anyhow!(e))?;
    let name = args.model.clone().unwrap_or(cfg.model.name.clone());
    let ckpt =
        Checkpoint::load(&name, &device).with_context(|| format!("loading model {name:?}"))?;
    let model = ckpt.model().map_err(|e| anyhow!(e))?;
    let prompt = if args.chat {
        ckpt.tokenizer
            .apply_chat_template(&[ChatMessage::new("user", &args.prompt)], true)
            .map_err(|e| Failure::Usage(anyhow!(e)))?
    } else {
        args.prompt.clone()
    };
    let ids = ckpt.tokenizer.encode(&prompt).map_err(|e| anyhow!(e))?;
    if ids.is_empty() {
        return Err(Failure::Usage(anyhow!("--prompt encodes to no tokens")));
    }
    let completion = generate(&model, &ckpt.tokenizer, &[Request::new(ids, 0, 0)], &params)
        .map_err(|e| anyhow!(e))?;
    let mut out = Out::stdout();
    if let Some(c) = completion.first() {
        out.line(crate::terminal::text(&c.text))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
