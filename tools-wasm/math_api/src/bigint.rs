//! Arbitrary-precision integers, just enough of Python's `int` for MathAPI: exact sums and
//! products, `int ** int`, floor division and shifts as Python does them (toward minus
//! infinity), integer square roots, decimal text, and correctly rounded conversion to `f64`.
//!
//! Written here rather than taken from a crate so the tool adds nothing to the shared
//! lock file. Magnitudes are little-endian `u32` limbs; schoolbook multiplication and Knuth's
//! division (algorithm D) are plenty for the few thousand bits MathAPI's precisions reach.

use std::cmp::Ordering;

/// A non-negative integer: little-endian 32-bit limbs, no high zero limbs (zero is empty).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Nat(Vec<u32>);

impl Nat {
    /// Zero.
    pub const fn zero() -> Self {
        Nat(Vec::new())
    }

    /// `n`.
    pub fn from_u64(n: u64) -> Self {
        Nat(vec![n as u32, (n >> 32) as u32]).trimmed()
    }

    /// `n`.
    pub fn from_u128(n: u128) -> Self {
        let limbs = (0..4).map(|i| (n >> (32 * i)) as u32).collect();
        Nat(limbs).trimmed()
    }

    /// The number written by hexadecimal digits (others are skipped).
    pub fn from_hex(digits: &str) -> Nat {
        let mut limbs = Vec::new();
        let nibbles: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(16)).collect();
        for chunk in nibbles.rchunks(8) {
            limbs.push(chunk.iter().fold(0u32, |acc, &d| (acc << 4) | d));
        }
        Nat(limbs).trimmed()
    }

    /// `2 ** k`.
    pub fn pow2(k: u64) -> Self {
        Nat::from_u64(1).shl(k)
    }

    /// `10 ** k`.
    pub fn pow10(k: u64) -> Self {
        Nat::from_u64(10).pow(k)
    }

    fn trimmed(mut self) -> Self {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
        self
    }

    /// Whether this is zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    /// The value, if it fits in 128 bits.
    pub fn to_u128(&self) -> Option<u128> {
        if self.0.len() > 4 {
            return None;
        }
        Some(
            self.0
                .iter()
                .enumerate()
                .fold(0u128, |acc, (i, &l)| acc | (u128::from(l) << (32 * i))),
        )
    }

    /// Python's `int.bit_length()`.
    pub fn bits(&self) -> u64 {
        match self.0.last() {
            None => 0,
            Some(&top) => 32 * (self.0.len() as u64 - 1) + u64::from(32 - top.leading_zeros()),
        }
    }

    /// Bit `i` (the `2 ** i` place).
    pub fn bit(&self, i: u64) -> bool {
        let limb = (i / 32) as usize;
        limb < self.0.len() && (self.0[limb] >> (i % 32)) & 1 == 1
    }

    /// Whether any of the `k` lowest bits is set.
    pub fn low_bits_nonzero(&self, k: u64) -> bool {
        let whole = (k / 32) as usize;
        let part = (k % 32) as u32;
        if self.0.iter().take(whole).any(|&l| l != 0) {
            return true;
        }
        part > 0 && whole < self.0.len() && self.0[whole] & ((1u32 << part) - 1) != 0
    }

    /// How many low zero bits (0 for zero).
    pub fn trailing_zeros(&self) -> u64 {
        for (i, &l) in self.0.iter().enumerate() {
            if l != 0 {
                return 32 * i as u64 + u64::from(l.trailing_zeros());
            }
        }
        0
    }

    /// `self + other`.
    pub fn add(&self, other: &Nat) -> Nat {
        let (long, short) = if self.0.len() >= other.0.len() {
            (self, other)
        } else {
            (other, self)
        };
        let mut out = Vec::with_capacity(long.0.len() + 1);
        let mut carry = 0u64;
        for (i, &l) in long.0.iter().enumerate() {
            let s = u64::from(l) + u64::from(short.0.get(i).copied().unwrap_or(0)) + carry;
            out.push(s as u32);
            carry = s >> 32;
        }
        if carry > 0 {
            out.push(carry as u32);
        }
        Nat(out)
    }

    /// `self - other`, which must not be negative (saturates at zero if it would be).
    pub fn sub(&self, other: &Nat) -> Nat {
        if self.cmp(other) != Ordering::Greater {
            return Nat::zero();
        }
        let mut out = Vec::with_capacity(self.0.len());
        let mut borrow = 0i64;
        for (i, &l) in self.0.iter().enumerate() {
            let mut d = i64::from(l) - i64::from(other.0.get(i).copied().unwrap_or(0)) - borrow;
            borrow = 0;
            if d < 0 {
                d += 1 << 32;
                borrow = 1;
            }
            out.push(d as u32);
        }
        Nat(out).trimmed()
    }

    /// `self += other`.
    pub fn add_assign(&mut self, other: &Nat) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        let mut carry = 0u64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            if i >= other.0.len() && carry == 0 {
                break;
            }
            let s = u64::from(*limb) + u64::from(other.0.get(i).copied().unwrap_or(0)) + carry;
            *limb = s as u32;
            carry = s >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    /// `self //= d` for a small nonzero `d`, returning the remainder (zero `d`: no change).
    pub fn div_small_assign(&mut self, d: u32) -> u32 {
        if d == 0 {
            return 0;
        }
        let mut rem = 0u64;
        for limb in self.0.iter_mut().rev() {
            let cur = (rem << 32) | u64::from(*limb);
            *limb = (cur / u64::from(d)) as u32;
            rem = cur % u64::from(d);
        }
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
        rem as u32
    }

    /// `self * other` (schoolbook, Karatsuba for long operands).
    pub fn mul(&self, other: &Nat) -> Nat {
        Nat(mul_limbs(&self.0, &other.0)).trimmed()
    }

    /// `self * m` for a small `m`.
    pub fn mul_small(&self, m: u32) -> Nat {
        self.mul(&Nat::from_u64(u64::from(m)))
    }

    /// `self ** e` by repeated squaring.
    pub fn pow(&self, mut e: u64) -> Nat {
        let mut base = self.clone();
        let mut out = Nat::from_u64(1);
        while e > 0 {
            if e & 1 == 1 {
                out = out.mul(&base);
            }
            e >>= 1;
            if e > 0 {
                base = base.mul(&base);
            }
        }
        out
    }

    /// `self << k`.
    pub fn shl(&self, k: u64) -> Nat {
        if self.is_zero() {
            return Nat::zero();
        }
        let limbs = (k / 32) as usize;
        let bits = (k % 32) as u32;
        let mut out = vec![0u32; limbs];
        if bits == 0 {
            out.extend_from_slice(&self.0);
        } else {
            let mut carry = 0u32;
            for &l in &self.0 {
                out.push((l << bits) | carry);
                carry = l >> (32 - bits);
            }
            out.push(carry);
        }
        Nat(out).trimmed()
    }

    /// `self >> k` (floor).
    pub fn shr(&self, k: u64) -> Nat {
        let limbs = (k / 32) as usize;
        if limbs >= self.0.len() {
            return Nat::zero();
        }
        let bits = (k % 32) as u32;
        let src = &self.0[limbs..];
        let out = if bits == 0 {
            src.to_vec()
        } else {
            (0..src.len())
                .map(|i| {
                    let high = src.get(i + 1).map_or(0, |&h| h << (32 - bits));
                    (src[i] >> bits) | high
                })
                .collect()
        };
        Nat(out).trimmed()
    }

    /// `(self // d, self % d)` for a small nonzero `d` (zero `d` gives zeros).
    pub fn divmod_small(&self, d: u32) -> (Nat, u32) {
        if d == 0 {
            return (Nat::zero(), 0);
        }
        let mut out = vec![0u32; self.0.len()];
        let mut rem = 0u64;
        for i in (0..self.0.len()).rev() {
            let cur = (rem << 32) | u64::from(self.0[i]);
            out[i] = (cur / u64::from(d)) as u32;
            rem = cur % u64::from(d);
        }
        (Nat(out).trimmed(), rem as u32)
    }

    /// `(self // d, self % d)`; a zero `d` gives `(0, 0)` (callers check first).
    pub fn divmod(&self, d: &Nat) -> (Nat, Nat) {
        if d.is_zero() {
            return (Nat::zero(), Nat::zero());
        }
        if self.cmp(d) == Ordering::Less {
            return (Nat::zero(), self.clone());
        }
        if d.0.len() == 1 {
            let (q, r) = self.divmod_small(d.0[0]);
            return (q, Nat::from_u64(u64::from(r)));
        }
        knuth_divmod(self, d)
    }

    /// `floor(sqrt(self))` by Newton's iteration from above.
    pub fn isqrt(&self) -> Nat {
        if self.is_zero() {
            return Nat::zero();
        }
        let mut x = Nat::pow2(self.bits().div_ceil(2));
        loop {
            let y = x.add(&self.divmod(&x).0).shr(1);
            if y.cmp(&x) != Ordering::Less {
                return x;
            }
            x = y;
        }
    }

    /// Decimal digits (`"0"` for zero).
    pub fn to_decimal(&self) -> String {
        if self.is_zero() {
            return "0".into();
        }
        let mut chunks = Vec::new();
        let mut n = self.clone();
        while !n.is_zero() {
            let (q, r) = n.divmod_small(1_000_000_000);
            chunks.push(r);
            n = q;
        }
        let mut out = String::new();
        for (i, c) in chunks.iter().rev().enumerate() {
            if i == 0 {
                out.push_str(&c.to_string());
            } else {
                out.push_str(&format!("{c:09}"));
            }
        }
        out
    }

    /// The integer part of a finite, non-negative float (Python's `int(f)` for `f >= 0`).
    pub fn from_f64_trunc(f: f64) -> Nat {
        if !f.is_finite() || f < 1.0 {
            return Nat::zero();
        }
        let (man, exp) = decompose(f);
        if exp >= 0 {
            Nat::from_u64(man).shl(exp as u64)
        } else {
            Nat::from_u64(man >> (-exp).min(63) as u32)
        }
    }

    /// The float nearest `self * 2**exp` (ties to even), `inf` past the largest float.
    /// `sticky` says the true value is a little above `self * 2**exp` (a nonzero remainder
    /// below the last bit given), which breaks ties upward.
    pub fn to_f64_scaled(&self, exp: i64, sticky: bool) -> f64 {
        let bits = self.bits() as i64;
        if bits == 0 {
            return 0.0;
        }
        let top = bits - 1 + exp;
        if top > 1023 {
            return f64::INFINITY;
        }
        // The exponent of the last place kept: 53 significant bits, or fewer when subnormal.
        let lsb = (top - 52).max(-1074);
        let shift = lsb - exp;
        let mut man = if shift <= 0 {
            self.shl((-shift) as u64).to_u128().unwrap_or(0) as u64
        } else {
            let kept = self.shr(shift as u64).to_u128().unwrap_or(0) as u64;
            let half = self.bit(shift as u64 - 1);
            let rest = sticky || self.low_bits_nonzero(shift as u64 - 1);
            if half && (rest || kept & 1 == 1) {
                kept + 1
            } else {
                kept
            }
        };
        let mut lsb = lsb;
        if man == 1 << 53 {
            man >>= 1;
            lsb += 1;
        }
        if lsb + 52 > 1023 && man >= 1 << 52 {
            return f64::INFINITY;
        }
        ldexp(man, lsb)
    }

    /// The float nearest `self` (Python's `float(int)`, `inf` if too large).
    pub fn to_f64(&self) -> f64 {
        self.to_f64_scaled(0, false)
    }
}

impl PartialOrd for Nat {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Nat {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

/// Operands at least this long (in limbs, both) are multiplied by Karatsuba's method.
const KARATSUBA_LIMBS: usize = 64;

/// The product of two little-endian limb slices (may have high zero limbs).
fn mul_limbs(a: &[u32], b: &[u32]) -> Vec<u32> {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let half = a.len().max(b.len()) / 2;
    if a.len() < KARATSUBA_LIMBS || b.len() < KARATSUBA_LIMBS || a.len() <= half || b.len() <= half
    {
        return schoolbook(a, b);
    }
    // a = a1 * B**half + a0, b likewise: a*b = z2 B**2half + (z1 - z2 - z0) B**half + z0.
    let part = |x: &[u32]| Nat(x.to_vec()).trimmed();
    let (a0, a1) = (part(&a[..half]), part(&a[half..]));
    let (b0, b1) = (part(&b[..half]), part(&b[half..]));
    let z0 = Nat(mul_limbs(&a0.0, &b0.0)).trimmed();
    let z2 = Nat(mul_limbs(&a1.0, &b1.0)).trimmed();
    let z1 = Nat(mul_limbs(&a0.add(&a1).0, &b0.add(&b1).0))
        .trimmed()
        .sub(&z0)
        .sub(&z2);
    let shift = 32 * half as u64;
    let mut out = z2.shl(2 * shift);
    out.add_assign(&z1.shl(shift));
    out.add_assign(&z0);
    out.0
}

fn schoolbook(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = vec![0u32; a.len() + b.len()];
    for (i, &x) in a.iter().enumerate() {
        if x == 0 {
            continue;
        }
        let mut carry = 0u64;
        let row = &mut out[i..i + b.len()];
        for (slot, &y) in row.iter_mut().zip(b) {
            let t = u64::from(x) * u64::from(y) + u64::from(*slot) + carry;
            *slot = t as u32;
            carry = t >> 32;
        }
        out[i + b.len()] = carry as u32;
    }
    out
}

/// Knuth's algorithm D (as in Hacker's Delight `divmnu`) for a divisor of two or more limbs.
fn knuth_divmod(u: &Nat, v: &Nat) -> (Nat, Nat) {
    let n = v.0.len();
    let m = u.0.len() - n;
    let s = v.0[n - 1].leading_zeros() as u64;
    let vn = v.shl(s).0;
    let mut un = u.shl(s).0;
    un.resize(u.0.len() + 1, 0);
    let mut q = vec![0u32; m + 1];
    let base = 1u64 << 32;
    for j in (0..=m).rev() {
        let num = (u64::from(un[j + n]) << 32) | u64::from(un[j + n - 1]);
        let mut qhat = num / u64::from(vn[n - 1]);
        let mut rhat = num % u64::from(vn[n - 1]);
        while qhat >= base
            || qhat * u64::from(vn[n - 2]) > ((rhat << 32) | u64::from(un[j + n - 2]))
        {
            qhat -= 1;
            rhat += u64::from(vn[n - 1]);
            if rhat >= base {
                break;
            }
        }
        let mut k: i64 = 0;
        for i in 0..n {
            let p = qhat * u64::from(vn[i]);
            let t = i64::from(un[i + j]) - k - (p & 0xFFFF_FFFF) as i64;
            un[i + j] = t as u32;
            k = (p >> 32) as i64 - (t >> 32);
        }
        let t = i64::from(un[j + n]) - k;
        un[j + n] = t as u32;
        q[j] = qhat as u32;
        if t < 0 {
            q[j] = q[j].wrapping_sub(1);
            let mut k: i64 = 0;
            for i in 0..n {
                let t = i64::from(un[i + j]) + i64::from(vn[i]) + k;
                un[i + j] = t as u32;
                k = t >> 32;
            }
            un[j + n] = (i64::from(un[j + n]) + k) as u32;
        }
    }
    un.truncate(n);
    (Nat(q).trimmed(), Nat(un).trimmed().shr(s))
}

/// A finite nonzero float's magnitude as `man * 2**exp` with `man < 2**53`.
pub fn decompose(f: f64) -> (u64, i64) {
    let bits = f.abs().to_bits();
    let biased = (bits >> 52) as i64;
    let frac = bits & ((1 << 52) - 1);
    if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), biased - 1075)
    }
}

/// `man * 2**exp` for a result that is exactly representable (`man < 2**53`, the value within
/// the float range, `exp >= -1074`).
fn ldexp(man: u64, exp: i64) -> f64 {
    let pow2 = |e: i64| f64::from_bits(((e + 1023) as u64) << 52);
    let mut x = man as f64;
    let mut e = exp;
    while e > 1000 {
        x *= pow2(1000);
        e -= 1000;
    }
    while e < -1000 {
        // Exact: `x` stays a multiple of the smallest subnormal until the last step.
        x *= pow2(-1000);
        e += 1000;
    }
    if e >= -1022 {
        x * pow2(e)
    } else {
        x * pow2(-1022) * pow2(e + 1022)
    }
}

/// A signed integer with Python's semantics for `>>` and `//` (both round toward minus
/// infinity). Zero is never negative.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Int {
    neg: bool,
    mag: Nat,
}

impl Int {
    /// Zero.
    pub fn zero() -> Self {
        Int::default()
    }

    /// `sign * mag` (`neg` is ignored for zero).
    pub fn new(neg: bool, mag: Nat) -> Self {
        Int {
            neg: neg && !mag.is_zero(),
            mag,
        }
    }

    /// `n`.
    pub fn from_i64(n: i64) -> Self {
        Int::new(n < 0, Nat::from_u64(n.unsigned_abs()))
    }

    /// `n`.
    pub fn from_i128(n: i128) -> Self {
        Int::new(n < 0, Nat::from_u128(n.unsigned_abs()))
    }

    /// The value, if it fits in an `i64`.
    pub fn to_i64(&self) -> Option<i64> {
        let m = self.mag.to_u128()?;
        if self.neg {
            (m <= 1u128 << 63).then(|| (m as i128).wrapping_neg() as i64)
        } else {
            i64::try_from(m).ok()
        }
    }

    /// Whether this is below zero.
    pub fn is_neg(&self) -> bool {
        self.neg
    }

    /// Whether this is zero.
    pub fn is_zero(&self) -> bool {
        self.mag.is_zero()
    }

    /// `abs(self)`.
    pub fn mag(&self) -> &Nat {
        &self.mag
    }

    /// `-self`.
    pub fn neg(&self) -> Int {
        Int::new(!self.neg, self.mag.clone())
    }

    /// `self + other`.
    pub fn add(&self, other: &Int) -> Int {
        if self.neg == other.neg {
            return Int::new(self.neg, self.mag.add(&other.mag));
        }
        match self.mag.cmp(&other.mag) {
            Ordering::Less => Int::new(other.neg, other.mag.sub(&self.mag)),
            _ => Int::new(self.neg, self.mag.sub(&other.mag)),
        }
    }

    /// `self - other`.
    pub fn sub(&self, other: &Int) -> Int {
        self.add(&other.neg())
    }

    /// `self * other`.
    pub fn mul(&self, other: &Int) -> Int {
        Int::new(self.neg != other.neg, self.mag.mul(&other.mag))
    }

    /// `self << k`.
    pub fn shl(&self, k: u64) -> Int {
        Int::new(self.neg, self.mag.shl(k))
    }

    /// Python's `self >> k`: floor division by `2 ** k`.
    pub fn shr(&self, k: u64) -> Int {
        if !self.neg {
            return Int::new(false, self.mag.shr(k));
        }
        // -(ceil(|x| / 2**k))
        let q = self.mag.shr(k);
        let q = if self.mag.low_bits_nonzero(k) {
            q.add(&Nat::from_u64(1))
        } else {
            q
        };
        Int::new(true, q)
    }

    /// `self << k` for `k >= 0`, `self >> -k` otherwise (mpmath's `lshift`).
    pub fn shift(&self, k: i64) -> Int {
        if k >= 0 {
            self.shl(k as u64)
        } else {
            self.shr(k.unsigned_abs())
        }
    }

    /// Python's `self // d` (floor); a zero `d` gives zero (callers check first).
    pub fn floordiv(&self, d: &Int) -> Int {
        let (q, r) = self.mag.divmod(&d.mag);
        if self.neg == d.neg {
            Int::new(false, q)
        } else if r.is_zero() {
            Int::new(true, q)
        } else {
            Int::new(true, q.add(&Nat::from_u64(1)))
        }
    }

    /// Decimal text (`-` for negatives).
    pub fn to_decimal(&self) -> String {
        let digits = self.mag.to_decimal();
        if self.neg {
            format!("-{digits}")
        } else {
            digits
        }
    }

    /// The float nearest `self` (`±inf` if too large).
    pub fn to_f64(&self) -> f64 {
        let f = self.mag.to_f64();
        if self.neg { -f } else { f }
    }

    /// The exact integer value of a finite float with no fractional part.
    pub fn from_integral_f64(f: f64) -> Int {
        Int::new(f < 0.0, Nat::from_f64_trunc(f.abs()))
    }
}

impl PartialOrd for Int {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Int {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.neg, other.neg) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.mag.cmp(&other.mag),
            (true, true) => other.mag.cmp(&self.mag),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nat(s: &str) -> Nat {
        s.bytes().fold(Nat::zero(), |acc, b| {
            acc.mul_small(10).add(&Nat::from_u64(u64::from(b - b'0')))
        })
    }

    #[test]
    fn long_division_matches_known_quotients() {
        let a = nat("123456789012345678901234567890123456789012345678901234567890");
        let b = nat("98765432109876543210987");
        let (q, r) = a.divmod(&b);
        assert_eq!(q.to_decimal(), "1249999988609375000142391093749550070");
        assert_eq!(r.to_decimal(), "29599966484956903948800");
        assert_eq!(q.mul(&b).add(&r), a);
    }

    #[test]
    fn python_shift_and_floor_division_round_toward_minus_infinity() {
        let x = Int::from_i64(-7);
        assert_eq!(x.shr(1), Int::from_i64(-4));
        assert_eq!(x.floordiv(&Int::from_i64(2)), Int::from_i64(-4));
        assert_eq!(
            Int::from_i64(7).floordiv(&Int::from_i64(-2)),
            Int::from_i64(-4)
        );
        assert_eq!(Int::from_i64(-8).shr(2), Int::from_i64(-2));
    }

    #[test]
    fn karatsuba_products_equal_schoolbook_products() {
        let a = Nat::pow10(900).sub(&Nat::from_u64(12345));
        let b = Nat::pow10(700).add(&Nat::pow2(2000));
        assert!(a.0.len() >= KARATSUBA_LIMBS && b.0.len() >= KARATSUBA_LIMBS);
        assert_eq!(a.mul(&b), Nat(schoolbook(&a.0, &b.0)).trimmed());
        assert_eq!(a.mul(&a), Nat(schoolbook(&a.0, &a.0)).trimmed());
    }

    #[test]
    fn integer_square_roots_are_floors() {
        let n = Nat::pow10(41);
        assert_eq!(n.isqrt().to_decimal(), "316227766016837933199");
        assert_eq!(Nat::from_u64(99).isqrt(), Nat::from_u64(9));
    }

    #[test]
    fn conversion_to_float_rounds_half_to_even() {
        assert_eq!(Nat::from_u64((1 << 53) + 1).to_f64(), 9007199254740992.0);
        assert_eq!(Nat::from_u64((1 << 53) + 3).to_f64(), 9007199254740996.0);
        assert_eq!(Nat::from_u64(1).to_f64_scaled(-1074, false), 5e-324);
        assert_eq!(Nat::from_u64(1).to_f64_scaled(-1075, true), 5e-324);
        assert_eq!(Nat::from_u64(1).to_f64_scaled(-1075, false), 0.0);
        assert_eq!(Nat::pow2(1024).to_f64(), f64::INFINITY);
        assert_eq!(
            Nat::from_f64_trunc(1e20).to_decimal(),
            "100000000000000000000"
        );
    }
}
