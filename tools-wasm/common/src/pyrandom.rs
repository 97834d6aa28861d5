//! CPython's `random.Random`, bit for bit, for the methods BFCL's API classes call:
//! `Random(seed)` with an int or float seed ([`PyRandom::from_seed`] for a scenario's
//! `random_seed`), `randint`, `random` and `uniform`. The classes draw ids
//! (booking ids, card ids, message ids) from a `Random` seeded by their scenario, and BFCL
//! compares those ids in state and results, so the sequence must be CPython's exactly.
//!
//! The generator is MT19937 (Matsumoto and Nishimura's reference code, as in CPython's
//! `_randommodule.c`): `Random(n)` seeds it with `init_by_array` of |n|'s 32-bit words, least
//! significant first; `randint(a, b)` is `a + _randbelow(b - a + 1)`, which draws
//! `getrandbits(k)` for `k = n.bit_length()` until the draw is below `n`; `random()` builds
//! 53 bits from two outputs (`(a >> 5) * 2^26 + (b >> 6)) / 2^53`; `uniform(a, b)` is
//! `a + (b - a) * random()`. A float seed seeds as its `hash` does, read as an unsigned
//! 64-bit number (`Random(-5.0)` is `Random(2**64 - 5)`).

use crate::py::{PyVal, repr};

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// CPython's `random.Random`.
#[derive(Debug, Clone)]
pub struct PyRandom {
    mt: Box<[u32; N]>,
    index: usize,
}

impl PyRandom {
    /// `random.Random(seed)` for an int `seed`.
    pub fn new(seed: i64) -> Self {
        Self::from_key(seed.unsigned_abs())
    }

    /// `random.Random(value)` for a scenario's `random_seed` (`None` where the scenario has
    /// none): an int (or bool) seeds with its absolute value, a float with its `hash` as
    /// CPython 3.11 does. `None` and `null` take `default`, where Python seeds from the
    /// operating system (a different stream each run). Refused (`Err`): a str (Python seeds
    /// with its SHA-512), a NaN (hashed by identity), a float of magnitude 2^63 or more (an
    /// int literal past 64 bits arrives as one, and Python would seed with the int), and other
    /// types (Python's `TypeError`).
    pub fn from_seed(value: Option<&PyVal>, default: i64) -> Result<Self, String> {
        const TWO_63: f64 = 9_223_372_036_854_775_808.0;
        match value {
            None | Some(PyVal::None) => Ok(Self::new(default)),
            Some(PyVal::Int(i)) => Ok(Self::new(*i)),
            Some(PyVal::Bool(b)) => Ok(Self::new(i64::from(*b))),
            Some(PyVal::Float(f)) if f.abs() < TWO_63 => {
                // `(size_t)hash`: the two's-complement bits of a negative hash.
                Ok(Self::from_key(hash_float(*f) as u64))
            }
            Some(other @ (PyVal::Float(_) | PyVal::Str(_))) => Err(format!(
                "random_seed {}: only int seeds and floats below 2**63 are supported here",
                repr(other)
            )),
            Some(_) => Err(
                "The only supported seed types are: None,\nint, float, str, bytes, and bytearray."
                    .into(),
            ),
        }
    }

    /// `init_by_array` of the 32-bit words of `n`, least significant first.
    fn from_key(mut n: u64) -> Self {
        let mut key = Vec::new();
        while n > 0 {
            key.push(n as u32);
            n >>= 32;
        }
        if key.is_empty() {
            key.push(0);
        }
        let mut r = Self {
            mt: Box::new([0; N]),
            index: N + 1,
        };
        r.init_by_array(&key);
        r
    }

    fn init_genrand(&mut self, s: u32) {
        self.mt[0] = s;
        for i in 1..N {
            let prev = self.mt[i - 1];
            self.mt[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
        }
        self.mt[0] = 0x8000_0000;
    }

    fn twist(&mut self) {
        let mag = |y: u32| if y & 1 == 1 { MATRIX_A } else { 0 };
        for k in 0..N {
            let y = (self.mt[k] & UPPER_MASK) | (self.mt[(k + 1) % N] & LOWER_MASK);
            self.mt[k] = self.mt[(k + M) % N] ^ (y >> 1) ^ mag(y);
        }
        self.index = 0;
    }

    /// The next 32-bit output (`genrand_uint32`).
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.mt[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `getrandbits(k)` for `1 <= k <= 64`: 32-bit words least significant first, the last
    /// one shifted right to keep only its top bits.
    pub fn getrandbits(&mut self, k: u32) -> u64 {
        if k <= 32 {
            return u64::from(self.next_u32() >> (32 - k));
        }
        let low = u64::from(self.next_u32());
        let high = u64::from(self.next_u32() >> (64 - k.min(64)));
        low | (high << 32)
    }

    fn randbelow(&mut self, n: u64) -> u64 {
        if n <= 1 {
            return 0;
        }
        let k = 64 - n.leading_zeros();
        loop {
            let r = self.getrandbits(k);
            if r < n {
                return r;
            }
        }
    }

    /// `randint(a, b)`: an int in `a..=b` (`a` when `b < a`, where Python raises).
    pub fn randint(&mut self, a: i64, b: i64) -> i64 {
        if b < a {
            return a;
        }
        let width = (b as i128 - a as i128 + 1) as u64;
        (a as i128 + self.randbelow(width) as i128) as i64
    }

    /// `random()`: a float in `[0, 1)` with 53 random bits.
    pub fn random(&mut self) -> f64 {
        let a = self.next_u32() >> 5;
        let b = self.next_u32() >> 6;
        (f64::from(a) * 67_108_864.0 + f64::from(b)) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `uniform(a, b)`: `a + (b - a) * random()`.
    pub fn uniform(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.random()
    }
}

/// CPython's `hash(float)` (`_Py_HashDouble`) for a finite `v` (or infinite): the value
/// modulo the Mersenne prime 2^61 - 1, signed as `v` is, `-1` written as `-2`. A NaN, which
/// CPython hashes by identity, gives 0.
fn hash_float(v: f64) -> i64 {
    const BITS: u32 = 61;
    const MODULUS: u64 = (1 << BITS) - 1;
    if v.is_nan() {
        return 0;
    }
    if v.is_infinite() {
        return if v > 0.0 { 314_159 } else { -314_159 };
    }
    let (mut m, mut e) = frexp(v.abs());
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (BITS - 28));
        m *= 268_435_456.0; // 2^28
        e -= 28;
        let y = m as u64; // the integer part (below 2^28)
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    // Reduce the exponent modulo 61 (rotating by it is multiplying by 2^e modulo 2^61 - 1).
    let e = if e >= 0 { e % 61 } else { 60 - (-1 - e) % 61 } as u32;
    x = ((x << e) & MODULUS) | (x >> (BITS - e));
    // `x` is below 2^61, so it fits in an i64 with either sign.
    let h = if v < 0.0 { -(x as i64) } else { x as i64 };
    if h == -1 { -2 } else { h }
}

/// C's `frexp` for a non-negative finite `v`: `(m, e)` with `v = m * 2^e`, `m` in `[0.5, 1)`
/// (`(0, 0)` for zero).
fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 {
        return (v, 0);
    }
    let bits = v.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    if biased == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(v * 18_014_398_509_481_984.0); // 2^54
        return (m, e - 54);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, biased - 1022)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every expected value was printed by CPython 3 (`random.Random(seed)`).
    const EXPECTED_200191: [i64; 3] = [67410, 41772, 24547];
    const EXPECTED_141053_CARD: i64 = 262919693687;
    const EXPECTED_141053_TOKEN: i64 = 966117;
    const EXPECTED_0_RANDOM: f64 = 0.8444218515250481;
    const EXPECTED_BIG_UNIFORM: f64 = 15.219014852092215;

    #[test]
    fn sequences_match_cpython() {
        let mut r = PyRandom::new(200191);
        let got: Vec<i64> = (0..3).map(|_| r.randint(10000, 99999)).collect();
        assert_eq!(got, EXPECTED_200191);
        let mut r = PyRandom::new(141053);
        assert_eq!(r.randint(100000000000, 999999999999), EXPECTED_141053_CARD);
        assert_eq!(r.randint(100000, 999999), EXPECTED_141053_TOKEN);
        let mut r = PyRandom::new(0);
        assert_eq!(r.random(), EXPECTED_0_RANDOM);
        let mut r = PyRandom::new(-(1i64 << 40) - 5);
        assert_eq!(r.uniform(-10.0, 40.0), EXPECTED_BIG_UNIFORM);
    }

    #[test]
    fn floats_hash_as_in_cpython() {
        // `hash(x)` printed by CPython 3.11.
        for (x, hash) in [
            (0.5, 1_152_921_504_606_846_976),
            (-5.0, -5),
            (-1.0, -2),
            (1e300, 1_224_995_262_755_759_164),
            (2.0f64.powi(61), 1),
            (1.5, 1_152_921_504_606_846_977),
            (2.0f64.powi(70), 512),
            (5e-324, 16_777_216),
            (-0.0, 0),
            (1e-300, 482_449_582_752_280_463),
            (123.456, 1_051_464_412_201_451_643),
            (-(2.0f64.powi(62)), -2),
        ] {
            assert_eq!(hash_float(x), hash, "{x}");
        }
    }

    #[test]
    fn scenario_seeds_draw_as_in_cpython() {
        // `random.Random(seed).randint(1, 10**9)` printed by CPython 3.11.
        let draw = |seed: PyVal| {
            PyRandom::from_seed(Some(&seed), 0).map(|mut r| r.randint(1, 1_000_000_000))
        };
        assert_eq!(draw(PyVal::Float(0.5)), Ok(300_103_404));
        assert_eq!(draw(PyVal::Float(-5.0)), Ok(24_802_237));
        assert_eq!(draw(PyVal::Float(-1.0)), Ok(140_869_790));
        assert_eq!(draw(PyVal::Float(123.456)), Ok(484_380_322));
        assert_eq!(draw(PyVal::Float(3.0)), Ok(255_512_576));
        assert_eq!(draw(PyVal::Int(3)), Ok(255_512_576));
        assert_eq!(draw(PyVal::Float(-0.0)), Ok(906_691_060));
        assert!(draw(PyVal::Float(1e300)).is_err());
        assert!(draw(PyVal::str("abc")).is_err());
        assert_eq!(
            draw(PyVal::List(Vec::new())).err().as_deref(),
            Some(
                "The only supported seed types are: None,\nint, float, str, bytes, and bytearray."
            )
        );
        let mut default = PyRandom::new(7);
        let mut null = PyRandom::from_seed(Some(&PyVal::None), 7).expect("null seed");
        assert_eq!(null.randint(1, 100), default.randint(1, 100));
    }
}
