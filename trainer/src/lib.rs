//! Tool Zero trainer: the candle policy (model families, loading), the exact tokenizer and the
//! KV-cached, seeded, batched sampler. Knows nothing of wasmtime: it reaches the environment
//! through `tz-env`'s plain Rust API (text in, episodes out).
#![warn(missing_docs)]
