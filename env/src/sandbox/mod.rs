//! The sandbox: a wasmtime engine and linker configured so that tool components run
//! deterministically, in bounded fuel, memory, time and output, with no ambient authority.
//!
//! * [`config`]: the limits ([`SandboxConfig`]).
//! * [`engine`]: the engine (fuel, epochs, NaN canonicalization, pooling allocator).
//! * [`host`]: per-store state: deny-by-default WASI, seeded random, memory limiter.
//! * [`clock`]: virtual clocks and virtual sleep.
//! * [`cache`]: compiled-code cache on disk.
//! * [`precheck`]: bounds on a component's code, checked before compiling it.
//! * [`tool`]: loading a component and calling into an instance.
//! * [`outcome`]: typed call outcomes.

pub mod bindings;
pub mod cache;
pub mod clock;
pub mod config;
pub mod engine;
pub mod host;
pub mod outcome;
pub mod precheck;
pub mod seed;
pub mod tool;

use std::path::{Path, PathBuf};

use wasmtime::Engine;
use wasmtime::component::Linker;

pub use cache::CacheStatus;
pub use config::SandboxConfig;
pub use outcome::{CallOutcome, DeadlineClock, Outcome};
pub use tool::{LoadedTool, ToolInstance, ToolKind};

use crate::error::{Error, Result};
use engine::EpochTicker;
use host::HostState;

/// An engine, a linker and the limits every store gets.
pub struct Sandbox {
    engine: Engine,
    linker: Linker<HostState>,
    config: SandboxConfig,
    cache_dir: Option<PathBuf>,
    _ticker: EpochTicker,
}

impl Sandbox {
    /// Builds a sandbox for `config` (validated first).
    pub fn new(config: SandboxConfig) -> Result<Self> {
        config.validate().map_err(Error::Config)?;
        let engine = engine::build_engine(&config)?;
        let mut linker = Linker::new(&engine);
        host::add_to_linker(&mut linker).map_err(|e| Error::Engine(format!("{e:#}")))?;
        let ticker = EpochTicker::start(&engine);
        let cache_dir = config.resolved_cache_dir();
        Ok(Self {
            engine,
            linker,
            config,
            cache_dir,
            _ticker: ticker,
        })
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The linker holding the WASI host functions.
    pub fn linker(&self) -> &Linker<HostState> {
        &self.linker
    }

    /// The limits.
    pub fn config(&self) -> &SandboxConfig {
        &self.config
    }

    /// The compile cache's directory, if caching.
    pub fn cache_dir(&self) -> Option<&Path> {
        self.cache_dir.as_deref()
    }

    /// Loads one component file.
    pub fn load(&self, path: &Path) -> Result<LoadedTool> {
        LoadedTool::load(self, path)
    }
}
