//! Tool Zero environment: the WebAssembly tool sandbox and everything that turns a task and a
//! tool set into a scored episode. Text in, an episode with a reward breakdown out; no tensors.
//!
//! * [`sandbox`]: wasmtime engine, limits, deterministic WASI, compiled-code cache, outcomes.
//! * [`registry`]: loads a directory of tool components, validates specs and arguments.
//! * [`schema`]: argument schemas with bounded validation work (a tool's schema is untrusted).
//! * [`spec`]: function specs (`{name, description, parameters}`) and parsed tool calls.
//! * [`parse`]: the model output format (`<think>`, `<tool_call>`, `<answer>`) parser.
//! * [`checker`]: the BFCL AST checker shared by rewards and evaluation.
//! * [`reward`]: Tool Zero's staged reward and the baseline rewards.
//! * [`task`], [`data`], [`prompt`]: the task format, importers, generator and prompt templates.
//! * [`report`]: evaluation reports: verdicts, per-category and BFCL summary scores, comparison.
//! * [`episode`]: the multi-turn loop: generate, parse, run calls, score; fully recorded.
#![warn(missing_docs)]

pub mod checker;
pub mod data;
pub mod episode;
pub mod error;
pub mod parse;
pub mod prompt;
pub mod registry;
pub mod report;
pub mod reward;
pub mod sandbox;
pub mod schema;
pub mod spec;
pub mod task;
#[cfg(test)]
mod test_support;

pub use error::{Error, Result};
