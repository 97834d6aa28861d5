//! The wasmtime engine, configured for deterministic, bounded execution, and its epoch ticker.
//!
//! Determinism: fuel metering decides the outcome of long computations; NaN canonicalization
//! and deterministic relaxed SIMD make float results identical across machines. The epoch
//! ticker is the wall-clock backstop only: a background thread advances the engine's epoch
//! every [`TICK`] and each call gets a deadline of `timeout_ms` worth of ticks.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

use super::config::SandboxConfig;
use crate::error::{Error, Result};

/// How often the epoch ticker advances the engine's epoch.
pub const TICK: Duration = Duration::from_millis(10);

/// Builds the engine for `cfg`.
pub fn build_engine(cfg: &SandboxConfig) -> Result<Engine> {
    let mut config = Config::new();
    config
        .wasm_component_model(true)
        .consume_fuel(true)
        .epoch_interruption(true)
        .cranelift_nan_canonicalization(true)
        .relaxed_simd_deterministic(true)
        .max_wasm_stack(512 * 1024);

    let live = cfg.max_live_stores;
    let mut pool = PoolingAllocationConfig::new();
    pool.total_component_instances(live)
        .total_core_instances(live.saturating_mul(32))
        .total_memories(live.saturating_mul(4))
        .total_tables(live.saturating_mul(32))
        .max_memory_size(cfg.memory_bytes())
        .linear_memory_keep_resident(0)
        .table_keep_resident(64 << 10);
    config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    Engine::new(&config).map_err(|e| Error::Engine(format!("{e:#}")))
}

/// Advances an engine's epoch every [`TICK`] until dropped.
pub struct EpochTicker {
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl EpochTicker {
    /// Starts ticking `engine`.
    pub fn start(engine: &Engine) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let engine = engine.clone();
        let handle = std::thread::Builder::new()
            .name("tz-epoch".into())
            .spawn(move || {
                while !flag.load(Ordering::Relaxed) {
                    std::thread::sleep(TICK);
                    engine.increment_epoch();
                }
            })
            .ok();
        Self { stop, handle }
    }
}

impl Drop for EpochTicker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// Epoch ticks that make up `timeout_ms` (at least one).
pub fn deadline_ticks(timeout_ms: u64) -> u64 {
    let tick_ms = u64::try_from(TICK.as_millis()).unwrap_or(1).max(1);
    timeout_ms.div_ceil(tick_ms).max(1)
}
