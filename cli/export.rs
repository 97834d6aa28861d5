//! `tz export CHECKPOINT -o DIR`: a training checkpoint as a plain Hugging Face model
//! directory (`config.json`, `model.safetensors`, `tokenizer.json`, `tokenizer_config.json`,
//! `generation_config.json`) that `tz generate --model DIR` and transformers load, without the
//! optimizer state. A run directory exports its newest checkpoint. A LoRA checkpoint's weights
//! already have the adapters merged in (`W + (α/r)·B A`, when it was saved), so its export is a
//! plain model too: no adapter tensors, no adapter files.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, anyhow};
use clap::Args;
use tz_trainer::Checkpoint;
use tz_trainer::train::checkpoint;

use crate::Failure;

/// `tz export` arguments.
#[derive(Args)]
pub struct ExportArgs {
    /// A checkpoint directory (`RUN/checkpoints/step-N`) or a run directory (its newest).
    checkpoint: PathBuf,
    /// The model directory to write (created; existing files are replaced).
    #[arg(short, long)]
    output: PathBuf,
}

/// Runs `tz export`.
pub fn run(args: &ExportArgs) -> Result<ExitCode, Failure> {
    let dir = if args.checkpoint.join("state.json").is_file() {
        args.checkpoint.clone()
    } else {
        checkpoint::latest(&args.checkpoint).map_err(|e| Failure::Usage(anyhow!(e)))?
    };
    let ckpt = Checkpoint::from_hf_dir(&dir, &tz_trainer::candle_core::Device::Cpu)
        .with_context(|| format!("cannot load checkpoint {}", dir.display()))?;
    ckpt.save_hf_dir(&args.output)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    eprintln!("exported {} to {}", dir.display(), args.output.display());
    Ok(ExitCode::SUCCESS)
}
