//! Helpers for the crate's unit tests (compiled only under `cfg(test)`).

use proptest::test_runner::{Config, RngSeed};

/// A property-test configuration with a fixed seed (256 cases, no failure files), so every
/// run explores the same inputs: tests stay deterministic, like everything else here.
pub fn proptest_config(seed: u64) -> Config {
    Config {
        cases: 256,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..Config::default()
    }
}
