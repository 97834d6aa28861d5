//! Tool Zero trainer: the candle policy (model families, loading), the exact tokenizer and the
//! KV-cached, seeded, batched sampler. Knows nothing of wasmtime: it reaches the environment
//! through `tz-env`'s plain Rust API (text in, episodes out).
//!
//! Typical use:
//! ```no_run
//! use tz_trainer::{Checkpoint, Request, SamplingParams, generate};
//! let ckpt = Checkpoint::load("default", &candle_core::Device::Cpu)?;
//! let model = ckpt.model()?;
//! let ids = ckpt.tokenizer.encode("The capital of France is")?;
//! let req = Request { prompt_ids: ids, prompt_index: 0, sample_index: 0 };
//! let out = generate(&model, &ckpt.tokenizer, &[req], &SamplingParams::default())?;
//! println!("{}", out[0].text);
//! # Ok::<(), tz_trainer::Error>(())
//! ```
#![warn(missing_docs)]
// Tests state expectations with unwrap(); library code paths return errors instead.
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod config;
pub mod device;
mod error;
pub mod load;
pub mod model;
pub mod sampler;
pub mod tokenizer;

pub use candle_core;
pub use candle_nn;
pub use config::{Config, Family, GenerationConfig, Rope, RopeScaling, TokenIds};
pub use device::DeviceChoice;
pub use error::{Error, Result};
pub use load::{Checkpoint, ModelSource, default_model_path, resolve};
pub use model::{Batch, KvCache, Model, Padding};
pub use sampler::{Completion, FinishReason, Request, SamplingParams, generate, sequence_rng};
pub use tokenizer::{Message, Tokenizer};
