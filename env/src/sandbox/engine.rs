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

/// Bytes of a returning instance's memory reset in place (only its resident pages, found
/// with Linux's `PAGEMAP_SCAN`, kernel 6.7+) instead of released with `madvise`, so the next
/// instance in that slot takes no page faults. Pages kept are `memset` at every reset from
/// then on, so a slot whose instance once touched a lot of memory pays for up to this much
/// per reset: 1 MiB made the echo component's fresh call 47–56 µs after a long-lived
/// instance had dirtied its memory, against 16–20 µs with 128–256 KiB or with none kept.
/// Fresh calculator call: 60 µs with none kept, 32 µs with 256 KiB
/// (`cargo bench -p tz-env --bench sandbox`).
pub const KEEP_RESIDENT_BYTES: usize = 256 << 10;

/// [`KEEP_RESIDENT_BYTES`] where the kernel has `PAGEMAP_SCAN`, else 0: without the scan
/// wasmtime would `memset` the whole prefix on every reset, touched or not, which measured
/// slower than releasing the pages (1 MiB kept: 103 µs against 70 µs).
pub fn keep_resident_bytes() -> usize {
    if PoolingAllocationConfig::is_pagemap_scan_available() {
        KEEP_RESIDENT_BYTES
    } else {
        0
    }
}

/// What one store (one tool component instance) may hold of the shared instance pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreQuota {
    /// Core module instances (a Rust tool built for wasm32-wasip2 has about 10).
    pub core_instances: u32,
    /// Linear memories (a Rust tool has 1-2; interpreter components a few).
    pub memories: u32,
    /// Tables (one per core module that has one, plus the adapters' shims).
    pub tables: u32,
}

/// The per-store quota (see [`StoreQuota`]); the pool holds `max_live_stores` of them.
pub const STORE_QUOTA: StoreQuota = StoreQuota {
    core_instances: 32,
    memories: 4,
    tables: 32,
};

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
    // Names JIT-compiled guest functions for `perf` (see ARCHITECTURE.md, "Profiling").
    if std::env::var_os("TZ_PERFMAP").is_some() {
        config.profiler(wasmtime::ProfilingStrategy::PerfMap);
    }

    // Every store gets the same quota and the pool holds `max_live_stores` quotas, so no tool
    // can take slots another tool's store needs: a component over its quota fails to load (its
    // own problem), and the pool runs out only when more than `max_live_stores` stores are
    // alive at once (a [`wasmtime::PoolConcurrencyLimitError`], reported as an outcome).
    let live = cfg.max_live_stores;
    let mut pool = PoolingAllocationConfig::new();
    pool.total_component_instances(live)
        .total_core_instances(live.saturating_mul(STORE_QUOTA.core_instances))
        .total_memories(live.saturating_mul(STORE_QUOTA.memories))
        .total_tables(live.saturating_mul(STORE_QUOTA.tables))
        .max_core_instances_per_component(STORE_QUOTA.core_instances)
        .max_memories_per_component(STORE_QUOTA.memories)
        .max_tables_per_component(STORE_QUOTA.tables)
        .max_memory_size(cfg.memory_bytes())
        .linear_memory_keep_resident(keep_resident_bytes())
        .pagemap_scan(wasmtime::Enabled::Auto)
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
