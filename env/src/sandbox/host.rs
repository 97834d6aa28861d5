//! Per-store host state: a deny-by-default WASI context with virtual clocks and seeded random,
//! bounded stdout/stderr capture, and a memory limiter that caps the store's *total* memory.

use std::time::Duration;

use rand_chacha::ChaCha12Rng;
use rand_chacha::rand_core::SeedableRng;
use wasmtime::component::{Linker, ResourceTable};
use wasmtime::{ResourceLimiter, Result as WtResult};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use super::clock::{ClockView, VirtualClocks, VirtualTime};
use super::config::SandboxConfig;
use super::seed::{Purpose, derive};

/// Everything a tool's store holds on the host side.
pub struct HostState {
    wasi: WasiCtx,
    table: ResourceTable,
    /// The store's virtual time.
    pub time: VirtualTime,
    /// The store's memory limiter.
    pub limiter: TotalMemoryLimiter,
    /// Captured standard output (bounded).
    pub stdout: MemoryOutputPipe,
    /// Captured standard error (bounded).
    pub stderr: MemoryOutputPipe,
}

impl HostState {
    /// A fresh state for one store of the episode seeded with `seed`.
    pub fn new(cfg: &SandboxConfig, seed: u64) -> Self {
        let time = VirtualTime::new(seed, Duration::from_millis(cfg.timeout_ms));
        let stdout = MemoryOutputPipe::new(cfg.max_stdio_bytes);
        let stderr = MemoryOutputPipe::new(cfg.max_stdio_bytes);
        let wasi = WasiCtxBuilder::new()
            .stdout(stdout.clone())
            .stderr(stderr.clone())
            .wall_clock(time.wall_clock())
            .monotonic_clock(time.monotonic_clock())
            .secure_random(ChaCha12Rng::seed_from_u64(derive(
                seed,
                Purpose::SecureRandom,
            )))
            .insecure_random(ChaCha12Rng::seed_from_u64(derive(
                seed,
                Purpose::InsecureRandom,
            )))
            .insecure_random_seed(u128::from(derive(seed, Purpose::InsecureSeed)))
            .allow_tcp(false)
            .allow_udp(false)
            .allow_ip_name_lookup(false)
            .socket_addr_check(|_, _| Box::pin(async { false }))
            .build();
        Self {
            wasi,
            table: ResourceTable::new(),
            time,
            limiter: TotalMemoryLimiter::new(cfg.memory_bytes()),
            stdout,
            stderr,
        }
    }
}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

/// Adds WASI preview 2 to `linker`, with the monotonic clock replaced by the virtual one.
///
/// Filesystem functions exist but there are no preopened directories, so every open fails;
/// sockets exist but every address is refused; environment and arguments are empty; stdin is
/// closed. Components must import nothing else.
pub fn add_to_linker(linker: &mut Linker<HostState>) -> WtResult<()> {
    wasmtime_wasi::p2::add_to_linker_sync(linker)?;
    linker.allow_shadowing(true);
    wasmtime_wasi::p2::bindings::clocks::monotonic_clock::add_to_linker::<_, VirtualClocks>(
        linker,
        |s: &mut HostState| ClockView {
            time: &s.time,
            table: &mut s.table,
        },
    )?;
    linker.allow_shadowing(false);
    Ok(())
}

/// Caps the total bytes of every linear memory in a store (wasmtime's own `memory_size`
/// limit caps each memory separately). Growth past the cap traps with [`MemoryLimit`].
#[derive(Debug)]
pub struct TotalMemoryLimiter {
    cap: usize,
    used: usize,
    /// Set when a growth was refused.
    pub hit: bool,
}

/// The trap raised when a store's memory would exceed its cap.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("memory limit: the tool asked for {requested} bytes in total; the cap is {cap}")]
pub struct MemoryLimit {
    /// Total bytes the growth would have reached.
    pub requested: usize,
    /// The cap.
    pub cap: usize,
}

impl TotalMemoryLimiter {
    /// A limiter with a cap of `cap` bytes.
    pub fn new(cap: usize) -> Self {
        Self {
            cap,
            used: 0,
            hit: false,
        }
    }
}

impl ResourceLimiter for TotalMemoryLimiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> WtResult<bool> {
        let total = self.used.saturating_sub(current).saturating_add(desired);
        if total > self.cap {
            self.hit = true;
            return Err(wasmtime::Error::new(MemoryLimit {
                requested: total,
                cap: self.cap,
            }));
        }
        self.used = total;
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> WtResult<bool> {
        Ok(desired <= 1_000_000)
    }

    fn instances(&self) -> usize {
        super::engine::STORE_QUOTA.core_instances as usize
    }

    fn tables(&self) -> usize {
        super::engine::STORE_QUOTA.tables as usize
    }

    fn memories(&self) -> usize {
        super::engine::STORE_QUOTA.memories as usize
    }
}
