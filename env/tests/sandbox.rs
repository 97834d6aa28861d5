//! Sandbox integration tests: hostile guests (inline component text, and Rust, Python and
//! JavaScript guests), limits, determinism, loading policy and parallel isolation.

#[path = "sandbox/common.rs"]
mod common;
#[path = "sandbox/determinism.rs"]
mod determinism;
#[path = "sandbox/hardening.rs"]
mod hardening;
#[path = "sandbox/hostile_js.rs"]
mod hostile_js;
#[path = "sandbox/hostile_py.rs"]
mod hostile_py;
#[path = "sandbox/hostile_rust.rs"]
mod hostile_rust;
#[path = "sandbox/hostile_wat.rs"]
mod hostile_wat;
#[path = "sandbox/loading.rs"]
mod loading;
#[path = "sandbox/parallel.rs"]
mod parallel;
