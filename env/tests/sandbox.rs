//! Sandbox integration tests: hostile guests (inline component text and a Rust guest),
//! limits, determinism, loading policy and parallel isolation.

#[path = "sandbox/common.rs"]
mod common;
#[path = "sandbox/determinism.rs"]
mod determinism;
#[path = "sandbox/hardening.rs"]
mod hardening;
#[path = "sandbox/hostile_rust.rs"]
mod hostile_rust;
#[path = "sandbox/hostile_wat.rs"]
mod hostile_wat;
#[path = "sandbox/loading.rs"]
mod loading;
