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
//! let req = Request::new(ids, 0, 0);
//! let out = generate(&model, &ckpt.tokenizer, &[req], &SamplingParams::default())?;
//! println!("{}", out[0].text);
//! # Ok::<(), tz_trainer::Error>(())
//! ```
#![warn(missing_docs)]
// Tests state expectations with unwrap(); library code paths return errors instead.
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod alloc;
pub mod device;
mod error;
pub mod eval;
pub mod grpo;
pub mod load;
pub mod model;
pub mod model_config;
pub mod optim;
pub mod rollout;
pub mod sampler;
pub mod tokenizer;
pub mod train;

pub use candle_core;
pub use candle_nn;
pub use device::DeviceChoice;
pub use error::{Error, Result};
pub use load::{Checkpoint, ModelSource, default_model_path, resolve};
pub use model::{Batch, KvCache, Model, Padding, Precision};
pub use model_config::{Family, GenerationConfig, ModelConfig, Rope, RopeScaling, TokenIds};
pub use sampler::{Completion, FinishReason, Request, SamplingParams, generate, sequence_rng};
pub use tokenizer::{ChatMessage, Tokenizer};
