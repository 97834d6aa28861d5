//! The run config file (TOML) and how command-line flags override it.
//!
//! Precedence: defaults < `--config file.toml` < flags. Unknown keys are errors.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use serde::{Deserialize, Serialize};
use tz_env::sandbox::SandboxConfig;

/// The whole config file. Sections other than `[sandbox]` arrive with their features.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Tool sandbox limits.
    pub sandbox: SandboxConfig,
}

impl Config {
    /// Reads `path`, or the defaults when `None`.
    pub fn load(path: Option<&Path>) -> anyhow::Result<Config> {
        let Some(path) = path else {
            return Ok(Config::default());
        };
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("invalid config {}", path.display()))
    }
}

/// Sandbox limit flags shared by the `tools` subcommands.
#[derive(Debug, Clone, Args, Default)]
pub struct SandboxFlags {
    /// Config file (TOML); flags override it.
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// Fuel per call (the deterministic instruction budget).
    #[arg(long, global = true)]
    pub fuel: Option<u64>,
    /// Memory cap per store, in MiB.
    #[arg(long, global = true)]
    pub memory_mib: Option<u64>,
    /// Wall-clock backstop per call, in milliseconds.
    #[arg(long, global = true)]
    pub timeout_ms: Option<u64>,
    /// Largest result a call may return, in bytes.
    #[arg(long, global = true)]
    pub max_output_bytes: Option<usize>,
    /// Compiled-component cache directory.
    #[arg(long, global = true)]
    pub cache_dir: Option<PathBuf>,
    /// Compile every component afresh, without the cache.
    #[arg(long, global = true)]
    pub no_cache: bool,
}

impl SandboxFlags {
    /// The sandbox config: file (or defaults) overridden by flags, validated.
    pub fn resolve(&self) -> anyhow::Result<SandboxConfig> {
        let mut cfg = Config::load(self.config.as_deref())?.sandbox;
        if let Some(v) = self.fuel {
            cfg.fuel_per_call = v;
        }
        if let Some(v) = self.memory_mib {
            cfg.memory_mib = v;
        }
        if let Some(v) = self.timeout_ms {
            cfg.timeout_ms = v;
        }
        if let Some(v) = self.max_output_bytes {
            cfg.max_output_bytes = v;
        }
        if let Some(v) = &self.cache_dir {
            cfg.cache_dir = Some(v.clone());
        }
        if self.no_cache {
            cfg.no_cache = true;
        }
        cfg.validate()
            .map_err(|p| anyhow::anyhow!("invalid sandbox settings: {}", p.join("; ")))?;
        Ok(cfg)
    }
}
