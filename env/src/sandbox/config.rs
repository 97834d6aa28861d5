//! Sandbox limits and settings: the `[sandbox]` section of a run config.
//!
//! Units are in the field names. Defaults suit the shipped Rust tools with room for
//! interpreter-based tools (Python, JavaScript components need tens of MiB).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Limits and settings for running tool components.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SandboxConfig {
    /// Fuel (roughly, wasm instructions) one call may burn: the deterministic limit.
    pub fuel_per_call: u64,
    /// Fuel for instantiating a tool and, for stateful tools, constructing its session.
    pub fuel_per_instantiate: u64,
    /// Total linear memory one store (one tool in one episode) may hold, in MiB.
    pub memory_mib: u64,
    /// Wall-clock backstop per call, in milliseconds. It also bounds the *virtual* time a
    /// guest may sleep per call (sleeping is virtual and costs no wall time).
    pub timeout_ms: u64,
    /// Largest result (`ok` or `err` text) a call may return, in bytes.
    pub max_output_bytes: usize,
    /// Largest state text a session's `state` may return, in bytes (state-based checking of
    /// multi-turn episodes reads it).
    pub max_state_bytes: usize,
    /// Bytes of stdout and of stderr kept per store; further writes fail in the guest.
    pub max_stdio_bytes: usize,
    /// Most stores alive at once (bounds the pooling allocator's reservations).
    pub max_live_stores: u32,
    /// Where compiled components are cached; `None` means `$TZ_CACHE_DIR/components`,
    /// else `$XDG_CACHE_HOME/tz/components`, else `~/.cache/tz/components`.
    pub cache_dir: Option<PathBuf>,
    /// Disable the on-disk compile cache (every load compiles).
    pub no_cache: bool,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            fuel_per_call: 50_000_000,
            fuel_per_instantiate: 500_000_000,
            memory_mib: 128,
            timeout_ms: 2_000,
            max_output_bytes: 64 * 1024,
            max_state_bytes: 16 << 20,
            max_stdio_bytes: 64 * 1024,
            max_live_stores: 256,
            cache_dir: None,
            no_cache: false,
        }
    }
}

impl SandboxConfig {
    /// Reports every invalid field at once, one message per problem.
    pub fn validate(&self) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        if self.fuel_per_call == 0 {
            problems.push("sandbox.fuel_per_call must be > 0".to_string());
        }
        if self.fuel_per_instantiate == 0 {
            problems.push("sandbox.fuel_per_instantiate must be > 0".to_string());
        }
        if self.memory_mib == 0 || self.memory_mib > 4096 {
            problems.push(format!(
                "sandbox.memory_mib must be in 1..=4096 (got {})",
                self.memory_mib
            ));
        }
        if self.timeout_ms == 0 {
            problems.push("sandbox.timeout_ms must be > 0".to_string());
        }
        if self.max_output_bytes == 0 {
            problems.push("sandbox.max_output_bytes must be > 0".to_string());
        }
        if self.max_state_bytes == 0 {
            problems.push("sandbox.max_state_bytes must be > 0".to_string());
        }
        if self.max_live_stores == 0 || self.max_live_stores > 100_000 {
            problems.push(format!(
                "sandbox.max_live_stores must be in 1..=100000 (got {})",
                self.max_live_stores
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The memory limit in bytes.
    pub fn memory_bytes(&self) -> usize {
        usize::try_from(self.memory_mib.saturating_mul(1 << 20)).unwrap_or(usize::MAX)
    }

    /// The cache directory this config resolves to (see [`SandboxConfig::cache_dir`]).
    pub fn resolved_cache_dir(&self) -> Option<PathBuf> {
        if self.no_cache {
            return None;
        }
        if let Some(dir) = &self.cache_dir {
            return Some(dir.clone());
        }
        let base = std::env::var_os("TZ_CACHE_DIR")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("tz")))
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/tz")))?;
        Some(base.join("components"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        assert_eq!(SandboxConfig::default().validate(), Ok(()));
    }

    #[test]
    fn validate_reports_every_problem_at_once() {
        let cfg = SandboxConfig {
            fuel_per_call: 0,
            memory_mib: 0,
            timeout_ms: 0,
            ..SandboxConfig::default()
        };
        let problems = cfg.validate().expect_err("three problems");
        assert_eq!(problems.len(), 3, "{problems:?}");
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let err = toml::from_str::<SandboxConfig>("fuel = 3").map(|_| ());
        assert!(err.is_err());
    }
}
