//! Correctly rounded `pow`, `sin` and `cos` for doubles, in place of the C library's.
//!
//! CPython calls the platform `libm`; on the Linux that BFCL runs on that is glibc, whose
//! `pow` and `sin`/`cos` return the correctly rounded result in all but rare cases. Rust's
//! `f64::powf` does not call glibc here (the binary carries its own `pow`, which differs in
//! the last bit about once in a thousand random calls), and the component's `libm` is musl's.
//! So these are computed here, exactly rounded to nearest, the same on every platform: with
//! the fixed-point and mpf arithmetic of [`crate::mpf`], at increasing precision until the
//! error bound leaves one possible double (Ziv's method). Remaining difference from CPython:
//! the rare inputs where glibc itself is not correctly rounded.

use crate::bigint::{Int, Nat, decompose};
use crate::mpf::{self, Mpf};

/// Working precisions tried in turn (bits).
const PRECISIONS: [u64; 4] = [128, 256, 512, 1024];

/// `x ** y` correctly rounded, for finite `x > 0`, `x != 1` and finite `y != 0` (the case
/// CPython's `float_pow` leaves to `pow`). An overflow gives `inf`, an underflow `0.0` or a
/// subnormal.
pub fn pow(x: f64, y: f64) -> f64 {
    if x == 1.0 {
        return 1.0;
    }
    if y == 0.5 {
        return x.sqrt();
    }
    if y == -0.5 {
        return inv_sqrt(x);
    }
    if y == y.trunc() && y.abs() <= 64.0 {
        return int_pow(x, y as i64);
    }
    // Far outside the range of doubles: no need for precision (margins are generous).
    let estimate = y * x.log2();
    if estimate > 1100.0 {
        return f64::INFINITY;
    }
    if estimate < -1100.0 {
        return 0.0;
    }
    let mut last = 0.0;
    for p in PRECISIONS {
        match exp_log(x, y, p) {
            Ok(v) => return v,
            Err(guess) => last = guess,
        }
    }
    last
}

/// `x ** n` for a small integer `n`, exactly then rounded once.
fn int_pow(x: f64, n: i64) -> f64 {
    let (man, exp) = decompose(x);
    let m = Nat::from_u64(man).pow(n.unsigned_abs());
    let e = exp * n;
    if n > 0 {
        return m.to_f64_scaled(e, false);
    }
    // 2**(-e) / m: a quotient with at least 55 significant bits, and a sticky remainder.
    let shift = m.bits() + 55;
    let (q, r) = Nat::pow2(shift).divmod(&m);
    q.to_f64_scaled(e - shift as i64, !r.is_zero())
}

/// `1 / sqrt(x)` correctly rounded (it is exact only for even powers of two, and never a
/// midpoint otherwise).
fn inv_sqrt(x: f64) -> f64 {
    let (man, exp) = decompose(x);
    // x = man * 2**exp; 1/sqrt(x) * 2**k = sqrt(2**(2k - exp) / man), with k large enough
    // for a root of more than 55 bits.
    let k = 64 + (exp.unsigned_abs() as i64 + 1) / 2 + 60;
    let num = Nat::pow2((2 * k - exp) as u64);
    let (q, r) = num.divmod(&Nat::from_u64(man));
    let s = q.isqrt();
    let exact = r.is_zero() && s.mul(&s) == q;
    s.to_f64_scaled(-k, !exact)
}

/// One Ziv step of `exp(y * log(x))` at `p` bits: `Ok` when the rounding is certain, else
/// `Err` with the best guess.
fn exp_log(x: f64, y: f64, p: u64) -> Result<f64, f64> {
    let log = match mpf::log(&mpf::from_float(x), p) {
        Ok(Some(l)) => l,
        _ => return Err(f64::NAN),
    };
    let t = mpf::mul(&log, &mpf::from_float(y), p);
    // |t| < 1100, known to about 2**(12 - p) absolutely.
    let frac = p + 32;
    let t_fixed = to_fixed(&t, frac);
    let (k, r) = reduce(&t_fixed, &ln2(frac));
    let e = exp_fixed(&r, frac);
    // Relative error bound: t's error, ln 2 times k, the series' truncations.
    let err = e.mag().shr(p - 16).add(&Nat::from_u64(1 << 12));
    round_interval(&e, &err, k - frac as i64)
}

/// `ln 2` in fixed point with `frac` bits (floor).
fn ln2(frac: u64) -> Int {
    match mpf::log(&mpf::from_int(2), frac + 8) {
        Ok(Some(l)) => to_fixed(&l, frac),
        _ => Int::zero(),
    }
}

/// `pi / 2` in fixed point with `frac` bits.
fn half_pi(frac: u64) -> Int {
    to_fixed(&mpf::pi(frac + 8), frac - 1)
}

/// An mpf as a fixed-point integer with `frac` fraction bits (floor).
fn to_fixed(x: &Mpf, frac: u64) -> Int {
    match x {
        Mpf::Fin { neg, man, exp } => Int::new(*neg, man.clone()).shift(exp + frac as i64),
        _ => Int::zero(),
    }
}

/// `t = k * c + r` with `k = round(t / c)`, in fixed point.
fn reduce(t: &Int, c: &Int) -> (i64, Int) {
    let k = t.add(&c.shr(1)).floordiv(c);
    let r = t.sub(&k.mul(c));
    (k.to_i64().unwrap_or(0), r)
}

/// `exp(r) * 2**frac` for a fixed-point `|r| <= 1`, by its Taylor series.
fn exp_fixed(r: &Int, frac: u64) -> Int {
    let one = Int::new(false, Nat::pow2(frac));
    let mut sum = one.clone();
    let mut term = one;
    let mut n = 1i64;
    loop {
        term = term.mul(r).shr(frac).floordiv(&Int::from_i64(n));
        if term.is_zero() {
            return sum;
        }
        sum = sum.add(&term);
        n += 1;
    }
}

/// `(sin r, cos r) * 2**frac` for a fixed-point `|r| <= 1`, by their Taylor series.
fn sin_cos_fixed(r: &Int, frac: u64) -> (Int, Int) {
    let r2 = r.mul(r).shr(frac);
    let mut sin = r.clone();
    let mut cos = Int::new(false, Nat::pow2(frac));
    let mut s_term = r.clone();
    let mut c_term = cos.clone();
    let mut n = 1i64;
    loop {
        // s_term: r**(2n+1)/(2n+1)!, c_term: r**(2n)/(2n)!, alternating.
        c_term = c_term
            .mul(&r2)
            .shr(frac)
            .floordiv(&Int::from_i64(2 * n * (2 * n - 1)))
            .neg();
        s_term = s_term
            .mul(&r2)
            .shr(frac)
            .floordiv(&Int::from_i64(2 * n * (2 * n + 1)))
            .neg();
        if c_term.is_zero() && s_term.is_zero() {
            return (sin, cos);
        }
        cos = cos.add(&c_term);
        sin = sin.add(&s_term);
        n += 1;
    }
}

/// The double `v * 2**scale` rounds to, if every value within `err` of `v` rounds to it.
fn round_interval(v: &Int, err: &Nat, scale: i64) -> Result<f64, f64> {
    let sign = if v.is_neg() { -1.0 } else { 1.0 };
    let guess = sign * v.mag().to_f64_scaled(scale, false);
    if v.mag() <= err {
        return Err(guess);
    }
    let lo = v.mag().sub(err).to_f64_scaled(scale, false);
    let hi = v.mag().add(err).to_f64_scaled(scale, false);
    if lo == hi { Ok(sign * lo) } else { Err(guess) }
}

/// `(sin x, cos x)`, each correctly rounded, for a finite `x`.
pub fn sin_cos(x: f64) -> (f64, f64) {
    if x == 0.0 {
        return (x, 1.0);
    }
    if !x.is_finite() {
        return (f64::NAN, f64::NAN);
    }
    let (man, exp) = decompose(x);
    let mut guess = (f64::NAN, f64::NAN);
    for p in PRECISIONS {
        // Enough fraction bits for the reduction's cancellation and for tiny arguments.
        let frac = p + 64 + exp.unsigned_abs() + 53;
        let xf = Int::new(x < 0.0, Nat::from_u64(man)).shift(exp + frac as i64);
        let (q, r) = reduce(&xf, &half_pi(frac));
        let q = Int::from_i64(q);
        let (s, c) = sin_cos_fixed(&r, frac);
        let quadrant = q.shr(2).shl(2);
        let turn = q.sub(&quadrant).to_i64().unwrap_or(0);
        let (sin, cos) = match turn {
            0 => (s, c),
            1 => (c, s.neg()),
            2 => (s.neg(), c.neg()),
            _ => (c.neg(), s),
        };
        // Error: two ulps of pi/2 per multiple taken off, and a few per series term.
        let err = q.mag().shl(1).add(&Nat::from_u64(1 << 10));
        let scale = -(frac as i64);
        match (
            round_interval(&sin, &err, scale),
            round_interval(&cos, &err, scale),
        ) {
            (Ok(a), Ok(b)) => return (a, b),
            (a, b) => guess = (a.unwrap_or_else(|g| g), b.unwrap_or_else(|g| g)),
        }
    }
    guess
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn powers_are_correctly_rounded() {
        assert_eq!(
            pow(1.213202148483984, 181.92513218556792),
            1860172337178248.2
        );
        assert_eq!(pow(1.9, 55.204059781214255), 2445290447132649.5);
        assert_eq!(pow(100000001.0, 2.0), 10000000200000000.0);
        assert_eq!(pow(2.0, -1074.5), 5e-324);
        assert_eq!(pow(10.0, -323.5), 5e-324);
        assert_eq!(pow(1e-300, 1.03), 9.9999999999998e-310);
        assert_eq!(pow(7.0, -0.5), 0.37796447300922725);
        assert_eq!(pow(10.0, 400.0), f64::INFINITY);
    }

    #[test]
    fn sines_and_cosines_are_correctly_rounded() {
        let phase = std::f64::consts::PI * 55.204059781214255;
        assert_eq!(sin_cos(phase), (-0.5980555133834596, -0.8014546792624313));
        assert_eq!(sin_cos(1e-300), (1e-300, 1.0));
    }
}
