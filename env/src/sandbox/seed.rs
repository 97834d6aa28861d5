//! Seed derivation: every random stream of a store comes from (episode seed, purpose).

/// What a derived stream is for; distinct purposes give independent streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub enum Purpose {
    /// Origin of the virtual monotonic clock.
    MonotonicClock = 1,
    /// Origin of the virtual wall clock.
    WallClock = 2,
    /// `wasi:random/random`.
    SecureRandom = 3,
    /// `wasi:random/insecure`.
    InsecureRandom = 4,
    /// `wasi:random/insecure-seed`.
    InsecureSeed = 5,
}

/// SplitMix64 finalizer: a fast, well-mixed 64-bit hash.
pub fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The 64-bit seed of stream `purpose` for episode seed `seed`.
pub fn derive(seed: u64, purpose: Purpose) -> u64 {
    splitmix64(splitmix64(seed) ^ (purpose as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_give_different_streams() {
        assert_ne!(
            derive(0, Purpose::SecureRandom),
            derive(0, Purpose::InsecureRandom)
        );
        assert_eq!(derive(3, Purpose::WallClock), derive(3, Purpose::WallClock));
    }
}
