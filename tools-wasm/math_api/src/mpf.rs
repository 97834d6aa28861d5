//! The part of mpmath 1.3.0 (pure-Python backend; mpmath is BSD-3-Clause licensed) that
//! `MathAPI.logarithm` runs:
//! `mpmath.log(value) / mpmath.log(base)` at `mp.dps = precision`, printed with `repr`.
//!
//! Values are mpmath's raw `mpf`s: `(-1)**sign * man * 2**exp` with an odd mantissa, or one
//! of the specials zero, `+inf`, `-inf`, `nan`. The functions below are line-by-line ports of
//! `libmpf` / `libelefun` / `libmpc` (`normalize`, `mpf_add`, `mpf_mul`, `mpf_div`,
//! `mpf_log` with its cached Taylor series and the pure-Python `isqrt_fast`, `mpc_div`,
//! `to_str`), always rounding to nearest as mpmath's default context does, so the digits
//! and the last bits agree with mpmath, including its quirks (`log(0.25000000000000006)` at
//! low precision is `2.2e-16`, as mpmath computes it).
//!
//! Limits (documented differences):
//! * Only `mpf_log`'s Taylor branch is ported: a working precision above 2500 bits (about
//!   740 digits, less for values very close to 1) is refused with an error, where mpmath
//!   switches to its AGM algorithm.
//! * The constants `ln 2` and `pi` are the exact `floor(c * 2**wp)` ([`crate::consts`]).
//!   mpmath memoizes them at the highest precision asked so far in the process and shifts
//!   down, which can differ in the last bit in rare cases; the effect on a printed result
//!   needs that bit to decide a rounding, about one case in a million.
//! * `isqrt_fast` starts from Python's `x ** 0.5` / `x ** -0.5`, computed here correctly
//!   rounded ([`crate::libm`]), as glibc's `pow` gives them in all but rare cases.

use std::cmp::Ordering;

use crate::bigint::{Int, Nat, decompose};
use crate::consts;

/// `math.log(10, 2)` as Python computes it (mpmath's `prec_to_dps` and `to_digits_exp` use it).
const LOG2_10: f64 = 3.3219280948873626;

/// mpmath's `LOG_TAYLOR_PREC`: the largest working precision of the Taylor branch.
pub const LOG_TAYLOR_PREC: u64 = 2500;

/// mpmath's `LOG_TAYLOR_SHIFT`: cached logarithms are at steps of `2**-9`.
const LOG_TAYLOR_SHIFT: u64 = 9;

/// A raw mpf.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mpf {
    /// `fzero`.
    Zero,
    /// `finf`.
    Inf,
    /// `fninf`.
    NInf,
    /// `fnan`.
    NaN,
    /// `(-1)**neg * man * 2**exp`, `man` odd.
    Fin {
        /// The sign bit.
        neg: bool,
        /// The odd mantissa.
        man: Nat,
        /// The binary exponent.
        exp: i64,
    },
}

/// An mpmath number: an `mpf`, or an `mpc` (real part, imaginary part).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MpNum {
    /// An `mpf`.
    Real(Mpf),
    /// An `mpc`.
    Complex(Mpf, Mpf),
}

/// `mpmath.libmp.dps_to_prec` for an integer `n` (what `mp.dps = n` sets `mp.prec` to).
pub fn dps_to_prec(n: i128) -> u64 {
    let bits = (n.saturating_add(1) as f64 * LOG2_10).round_ties_even();
    if bits < 1.0 {
        1
    } else if bits >= u64::MAX as f64 {
        u64::MAX
    } else {
        bits as u64
    }
}

/// `mpmath.libmp.repr_dps`: the digits `repr` prints at binary precision `prec`.
pub fn repr_dps(prec: u64) -> u64 {
    let dps = ((prec as f64 / LOG2_10).round_ties_even() - 1.0).max(1.0) as u64;
    if dps == 15 { 17 } else { dps + 3 }
}

/// `normalize(sign, man, exp, bitcount(man), prec, round_nearest)`.
pub fn normalize(neg: bool, man: Nat, exp: i64, prec: u64) -> Mpf {
    if man.is_zero() {
        return Mpf::Zero;
    }
    let bc = man.bits();
    let (mut man, mut exp) = (man, exp);
    if bc > prec {
        let n = bc - prec;
        let t = man.shr(n - 1);
        man = if t.bit(0) && (t.bit(1) || man.low_bits_nonzero(n - 1)) {
            t.shr(1).add(&Nat::from_u64(1))
        } else {
            t.shr(1)
        };
        exp += n as i64;
    }
    let tz = man.trailing_zeros();
    Mpf::Fin {
        neg,
        man: man.shr(tz),
        exp: exp + tz as i64,
    }
}

/// `from_man_exp(man, exp, prec)`; `prec` None stores the mantissa exactly.
pub fn from_man_exp(man: &Int, exp: i64, prec: Option<u64>) -> Mpf {
    let bits = man.mag().bits();
    normalize(man.is_neg(), man.mag().clone(), exp, prec.unwrap_or(bits))
}

/// `from_int(n)`.
pub fn from_int(n: i64) -> Mpf {
    from_man_exp(&Int::from_i64(n), 0, None)
}

/// `from_float(x)` (exact: 53 bits).
pub fn from_float(x: f64) -> Mpf {
    if x.is_nan() {
        return Mpf::NaN;
    }
    if x.is_infinite() {
        return if x > 0.0 { Mpf::Inf } else { Mpf::NInf };
    }
    if x == 0.0 {
        return Mpf::Zero;
    }
    let (man, exp) = decompose(x);
    normalize(x < 0.0, Nat::from_u64(man), exp, 64)
}

impl Mpf {
    fn sign(&self) -> i32 {
        match self {
            Mpf::Inf => 1,
            Mpf::NInf => -1,
            Mpf::Zero | Mpf::NaN => 0,
            Mpf::Fin { neg, .. } => {
                if *neg {
                    -1
                } else {
                    1
                }
            }
        }
    }

    fn signed_inf(sign: i32) -> Mpf {
        if sign > 0 { Mpf::Inf } else { Mpf::NInf }
    }

    /// Whether this is `+inf`, `-inf` or `nan` (mpmath: no mantissa, nonzero exponent).
    fn is_special(&self) -> bool {
        matches!(self, Mpf::Inf | Mpf::NInf | Mpf::NaN)
    }
}

/// `mpf_neg`.
pub fn neg(s: &Mpf) -> Mpf {
    match s {
        Mpf::Inf => Mpf::NInf,
        Mpf::NInf => Mpf::Inf,
        Mpf::Fin { neg, man, exp } => Mpf::Fin {
            neg: !neg,
            man: man.clone(),
            exp: *exp,
        },
        other => other.clone(),
    }
}

/// `mpf_abs`.
pub fn abs(s: &Mpf) -> Mpf {
    match s {
        Mpf::NInf => Mpf::Inf,
        Mpf::Fin { man, exp, .. } => Mpf::Fin {
            neg: false,
            man: man.clone(),
            exp: *exp,
        },
        other => other.clone(),
    }
}

/// `mpf_pos(s, prec)`: `s` rounded to `prec` bits.
fn pos(s: &Mpf, prec: u64) -> Mpf {
    match s {
        Mpf::Fin { neg, man, exp } => normalize(*neg, man.clone(), *exp, prec),
        other => other.clone(),
    }
}

fn signed(neg: bool, man: &Nat) -> Int {
    Int::new(neg, man.clone())
}

/// `mpf_add(s, t, prec)`; `prec` 0 adds exactly.
pub fn add(s: &Mpf, t: &Mpf, prec: u64) -> Mpf {
    let (
        Mpf::Fin {
            neg: sneg,
            man: sman,
            exp: sexp,
        },
        Mpf::Fin {
            neg: tneg,
            man: tman,
            exp: texp,
        },
    ) = (s, t)
    else {
        return add_special(s, t, prec);
    };
    let (sbc, tbc) = (sman.bits() as i64, tman.bits() as i64);
    let offset = sexp - texp;
    // The operand with the larger exponent is shifted onto the other's exponent.
    let (hi_neg, hi_man, hi_exp, hi_bc, lo_neg, lo_man, lo_exp, lo_bc) = if offset >= 0 {
        (sneg, sman, *sexp, sbc, tneg, tman, *texp, tbc)
    } else {
        (tneg, tman, *texp, tbc, sneg, sman, *sexp, sbc)
    };
    let offset = offset.abs();
    if offset > 100 && prec > 0 {
        let delta = hi_bc + hi_exp - lo_bc - lo_exp;
        if delta > prec as i64 + 4 {
            // The smaller term only perturbs the last bits.
            let offset = prec + 4;
            let shifted = hi_man.shl(offset);
            let man = if hi_neg == lo_neg {
                shifted.add(&Nat::from_u64(1))
            } else {
                shifted.sub(&Nat::from_u64(1))
            };
            return normalize(*hi_neg, man, hi_exp - offset as i64, prec);
        }
    }
    let sum = signed(*hi_neg, hi_man)
        .shl(offset as u64)
        .add(&signed(*lo_neg, lo_man));
    let bits = sum.mag().bits();
    let p = if prec > 0 { prec } else { bits };
    normalize(sum.is_neg(), sum.mag().clone(), lo_exp, p)
}

/// `mpf_add` when an operand is zero or special (ported branch for branch).
fn add_special(s: &Mpf, t: &Mpf, prec: u64) -> Mpf {
    let round = |x: &Mpf| match x {
        Mpf::Fin { man, .. } => pos(x, if prec > 0 { prec } else { man.bits() }),
        other => other.clone(),
    };
    if !matches!(s, Mpf::Fin { .. }) {
        if s.is_special() {
            if s == t || matches!(t, Mpf::Fin { .. } | Mpf::Zero) {
                return s.clone();
            }
            return Mpf::NaN;
        }
        // s is zero.
        return round(t);
    }
    if t.is_special() {
        return t.clone();
    }
    round(s)
}

/// `mpf_sub(s, t, prec)`.
pub fn sub(s: &Mpf, t: &Mpf, prec: u64) -> Mpf {
    add(s, &neg(t), prec)
}

/// `mpf_mul(s, t, prec)`; `prec` 0 multiplies exactly.
pub fn mul(s: &Mpf, t: &Mpf, prec: u64) -> Mpf {
    match (s, t) {
        (
            Mpf::Fin {
                neg: sn,
                man: sm,
                exp: se,
            },
            Mpf::Fin {
                neg: tn,
                man: tm,
                exp: te,
            },
        ) => {
            let man = sm.mul(tm);
            let p = if prec > 0 { prec } else { man.bits() };
            normalize(sn != tn, man, se + te, p)
        }
        _ => {
            if !s.is_special() && !t.is_special() {
                return Mpf::Zero;
            }
            if *s == Mpf::NaN || *t == Mpf::NaN {
                return Mpf::NaN;
            }
            let (s, t) = if t.is_special() { (t, s) } else { (s, t) };
            if *t == Mpf::Zero {
                return Mpf::NaN;
            }
            Mpf::signed_inf(s.sign() * t.sign())
        }
    }
}

/// `mpf_div(s, t, prec)`; `None` where mpmath raises `ZeroDivisionError`.
pub fn div(s: &Mpf, t: &Mpf, prec: u64) -> Option<Mpf> {
    let (
        Mpf::Fin {
            neg: sn,
            man: sm,
            exp: se,
        },
        Mpf::Fin {
            neg: tn,
            man: tm,
            exp: te,
        },
    ) = (s, t)
    else {
        if *s == Mpf::Zero {
            return match t {
                Mpf::Zero => None,
                Mpf::NaN => Some(Mpf::NaN),
                _ => Some(Mpf::Zero),
            };
        }
        if *t == Mpf::Zero {
            return None;
        }
        if s.is_special() && t.is_special() {
            return Some(Mpf::NaN);
        }
        if *s == Mpf::NaN || *t == Mpf::NaN {
            return Some(Mpf::NaN);
        }
        if !t.is_special() {
            return Some(Mpf::signed_inf(s.sign() * t.sign()));
        }
        return Some(Mpf::Zero);
    };
    let neg = sn != tn;
    if tm.bits() == 1 {
        return Some(normalize(neg, sm.clone(), se - te, prec));
    }
    let extra = (prec as i64 - sm.bits() as i64 + tm.bits() as i64 + 5).max(5) as u64;
    let (quot, rem) = sm.shl(extra).divmod(tm);
    if rem.is_zero() {
        return Some(normalize(neg, quot, se - te - extra as i64, prec));
    }
    let quot = quot.shl(1).add(&Nat::from_u64(1));
    Some(normalize(neg, quot, se - te - extra as i64 - 1, prec))
}

/// `floor(c * 2**prec)` for `c = sum(coef * atan[h](1/n))` by the Taylor series, with 64
/// guard bits.
fn machin_floor(terms: &[(i64, u32)], hyperbolic: bool, prec: u64) -> Nat {
    const GUARD: u64 = 64;
    let wp = prec + GUARD;
    let mut total = Int::zero();
    for &(coef, n) in terms {
        let n2 = n * n;
        let (mut plus, mut minus) = (Nat::zero(), Nat::zero());
        let mut power = Nat::pow2(wp);
        power.div_small_assign(n);
        let mut term = Nat::zero();
        let mut k = 1u32;
        let mut negative = false;
        while !power.is_zero() {
            term.clone_from(&power);
            term.div_small_assign(k);
            if negative {
                minus.add_assign(&term);
            } else {
                plus.add_assign(&term);
            }
            power.div_small_assign(n2);
            k += 2;
            negative = !hyperbolic && !negative;
        }
        let sum = Int::new(false, plus).sub(&Int::new(false, minus));
        total = total.add(&sum.mul(&Int::from_i64(coef)));
    }
    total.shr(GUARD).mag().clone()
}

thread_local! {
    /// The most precise `floor(ln 2 * 2**p)` and `floor(pi * 2**p)` known, as `(p, value)`
    /// (empty until first used). Lower precisions shift it down, which gives the exact floor
    /// again, so results do not depend on what was computed before (unlike mpmath's memo).
    static CONSTANTS: std::cell::RefCell<[(u64, Nat); 2]> =
        const { std::cell::RefCell::new([(0, Nat::zero()), (0, Nat::zero())]) };
}

/// `floor(c * 2**prec)` for constant `which` (0: ln 2, 1: pi): from the 4096-bit tables of
/// [`crate::consts`], or by the series beyond them.
fn constant_floor(which: usize, prec: u64) -> Nat {
    let cached = CONSTANTS.with(|c| {
        let mut c = c.borrow_mut();
        let slot = &mut c[which];
        if slot.1.is_zero() {
            let table = if which == 0 {
                consts::LN2_HEX
            } else {
                consts::PI_HEX
            };
            *slot = (consts::BITS, Nat::from_hex(&table.concat()));
        }
        (slot.0 >= prec).then(|| slot.1.shr(slot.0 - prec))
    });
    if let Some(v) = cached {
        return v;
    }
    let v = if which == 0 {
        machin_floor(&[(2, 3)], true, prec)
    } else {
        machin_floor(&[(16, 5), (-4, 239)], false, prec)
    };
    CONSTANTS.with(|c| c.borrow_mut()[which] = (prec, v.clone()));
    v
}

/// `ln2_fixed(prec)`: `floor(ln(2) * 2**prec)`, by `ln 2 = 2 atanh(1/3)`.
fn ln2_fixed(prec: u64) -> Int {
    Int::new(false, constant_floor(0, prec))
}

/// `pi_fixed(prec)`: `floor(pi * 2**prec)`, by Machin's formula.
fn pi_fixed(prec: u64) -> Nat {
    constant_floor(1, prec)
}

/// `mpf_pi(prec)`.
pub fn pi(prec: u64) -> Mpf {
    let wp = prec + 20;
    normalize(false, pi_fixed(wp), -(wp as i64), prec)
}

/// mpmath's `giant_steps(start, target)`: the precisions of a Newton iteration.
fn giant_steps(start: u64, target: u64) -> Vec<u64> {
    let mut steps = vec![target];
    while let Some(&last) = steps.last() {
        if last <= start * 2 {
            break;
        }
        steps.push(last / 2 + 2);
    }
    steps.reverse();
    steps
}

/// mpmath's pure-Python `isqrt_fast`: `floor(sqrt(x))`, occasionally one too small.
fn isqrt_fast(x: &Nat) -> Nat {
    let bits = x.bits();
    if bits <= 800 {
        // `int(x ** 0.5)`: pow(x, 0.5) correctly rounded is the square root.
        let mut y = Nat::from_f64_trunc(x.to_f64().sqrt());
        for threshold in [100, 200, 400] {
            if bits <= threshold || y.is_zero() {
                break;
            }
            y = y.add(&x.divmod(&y).0).shr(1);
        }
        return y;
    }
    const GUARD: u64 = 10;
    let x = x.shl(2 * GUARD);
    let mut bc = bits + 2 * GUARD;
    bc += bc & 1;
    let hbc = bc / 2;
    let start = hbc.min(50);
    let head = x.shr(bc - 2 * start).to_f64();
    let mut r = Int::new(
        false,
        Nat::from_f64_trunc(2f64.powi(2 * start as i32) * crate::libm::pow(head, -0.5)),
    );
    let mut pp = start;
    let mut p = start;
    for step in giant_steps(start, hbc) {
        p = step;
        let r2 = r.mul(&r).shr(2 * pp - p);
        let xr2 = Int::new(false, x.shr(bc - p)).mul(&r2).shr(p);
        r = r.mul(&Int::from_i64(3).shl(p).sub(&xr2)).shr(pp + 1);
        pp = p;
    }
    r.mul(&Int::new(false, x.shr(hbc)))
        .shr(p + GUARD)
        .mag()
        .clone()
}

/// The series `2 * (v + v**3/3 + v**5/5 + ...)` in mpmath's two-accumulator form.
fn atanh_series(v: &Nat, prec: u64) -> Nat {
    let v2 = v.mul(v).shr(prec);
    let v4 = v2.mul(&v2).shr(prec);
    let mut s0 = v.clone();
    let mut s1 = v.divmod_small(3).0;
    let mut v = v.mul(&v4).shr(prec);
    let mut k = 5u32;
    let mut term = Nat::zero();
    while !v.is_zero() {
        term.clone_from(&v);
        term.div_small_assign(k);
        s0.add_assign(&term);
        k += 2;
        term.clone_from(&v);
        term.div_small_assign(k);
        s1.add_assign(&term);
        v = v.mul(&v4).shr(prec);
        k += 2;
    }
    let s1 = s1.mul(&v2).shr(prec);
    s0.add(&s1)
}

/// `log_taylor(x, prec, r)`: fixed-point `log(x)` after `r` square roots.
fn log_taylor(x: &Nat, prec: u64, r: u32) -> Int {
    let mut x = x.clone();
    for _ in 0..r {
        x = isqrt_fast(&x.shl(prec));
    }
    let one = Nat::pow2(prec);
    let xi = Int::new(false, x.clone());
    let num = xi.sub(&Int::new(false, one.clone())).shl(prec);
    let v = num.floordiv(&Int::new(false, x.add(&one)));
    let s = atanh_series(v.mag(), prec).shl(1 + u64::from(r));
    Int::new(v.is_neg(), s)
}

/// `cache_prec_steps[prec]`: the precision at which `log_taylor_cached` caches.
fn cached_prec(prec: u64) -> u64 {
    if prec < 2 {
        return 22;
    }
    let k = 64 - (prec - 1).leading_zeros();
    (1u64 << k).min(LOG_TAYLOR_PREC) + 20
}

/// `log_taylor_cached(x, prec)`: fixed-point `log(x)` for `x` in `(0.5, 2)`.
fn log_taylor_cached(x: &Nat, prec: u64) -> Int {
    let n = x.shr(prec - LOG_TAYLOR_SHIFT);
    let cached = cached_prec(prec);
    let dprec = cached - prec;
    let a = n.shl(cached - LOG_TAYLOR_SHIFT);
    let log_a = log_taylor(&a, cached, 8).shr(dprec);
    let a = a.shr(dprec);
    let u = x.sub(&a).shl(prec).divmod(&a).0;
    let v = u.shl(prec).divmod(&Nat::pow2(prec + 1).add(&u)).0;
    log_a.add(&Int::new(false, atanh_series(&v, prec).shl(1)))
}

/// `mpf_log(x, prec)`: `Ok(None)` where mpmath raises `ComplexResult` (a negative `x`).
pub fn log(x: &Mpf, prec: u64) -> Result<Option<Mpf>, String> {
    let (man, exp) = match x {
        Mpf::Zero => return Ok(Some(Mpf::NInf)),
        Mpf::Inf => return Ok(Some(Mpf::Inf)),
        Mpf::NaN => return Ok(Some(Mpf::NaN)),
        Mpf::NInf | Mpf::Fin { neg: true, .. } => return Ok(None),
        Mpf::Fin { man, exp, .. } => (man, *exp),
    };
    if prec + 20 > LOG_TAYLOR_PREC {
        return Err(too_precise(prec + 20));
    }
    let mut wp = prec + 20;
    let ln2_times = |k: i64, wp: u64| {
        from_man_exp(
            &ln2_fixed(wp).mul(&Int::from_i64(k)),
            -(wp as i64),
            Some(prec),
        )
    };
    if man.bits() == 1 {
        return Ok(Some(if exp == 0 {
            Mpf::Zero
        } else {
            ln2_times(exp, wp)
        }));
    }
    let bc = man.bits() as i64;
    let mag = exp + bc;
    let abs_mag = mag.abs();
    if abs_mag <= 1 {
        let tsign = abs_mag == 0;
        let tman = if tsign {
            Nat::pow2(bc as u64).sub(man)
        } else {
            man.sub(&Nat::pow2(bc as u64 - 1))
        };
        let tbc = tman.bits() as i64;
        let cancellation = bc - tbc;
        if cancellation > wp as i64 {
            let t = normalize(tsign, tman, abs_mag - bc, tbc as u64);
            return Ok(Some(pos(&t, prec)));
        }
        wp += cancellation as u64;
    }
    if abs_mag > 10000 && 64 - abs_mag.leading_zeros() as u64 > wp {
        return Ok(Some(ln2_times(exp, wp)));
    }
    if wp > LOG_TAYLOR_PREC {
        return Err(too_precise(wp));
    }
    let fixed = Int::new(false, man.clone()).shift(wp as i64 - bc);
    let mut m = log_taylor_cached(fixed.mag(), wp);
    if mag != 0 {
        m = m.add(&ln2_fixed(wp).mul(&Int::from_i64(mag)));
    }
    Ok(Some(from_man_exp(&m, -(wp as i64), Some(prec))))
}

/// The error for a working precision beyond the ported Taylor branch.
pub fn too_precise(wp: u64) -> String {
    format!(
        "logarithm: a working precision of {wp} bits is above the {LOG_TAYLOR_PREC} bits this \
         implementation computes (use a precision of at most about 700 digits)"
    )
}

/// `mpmath.ln(x)` at precision `prec`: an mpf, or an mpc for a negative `x`.
pub fn ln(x: &Mpf, prec: u64) -> Result<MpNum, String> {
    match log(x, prec)? {
        Some(real) => Ok(MpNum::Real(real)),
        // mpc_log((x, 0)): (log |x|, atan2(0, x)) with x < 0, i.e. (log |x|, pi).
        None => {
            let re = log(&abs(x), prec)?.unwrap_or(Mpf::NaN);
            Ok(MpNum::Complex(re, pi(prec)))
        }
    }
}

/// `a / b` at precision `prec` for mpf / mpc operands; `None` for `ZeroDivisionError`.
pub fn divide(a: &MpNum, b: &MpNum, prec: u64) -> Option<MpNum> {
    match (a, b) {
        (MpNum::Real(s), MpNum::Real(t)) => div(s, t, prec).map(MpNum::Real),
        (MpNum::Complex(re, im), MpNum::Real(p)) => {
            Some(MpNum::Complex(div(re, p, prec)?, div(im, p, prec)?))
        }
        (MpNum::Real(p), MpNum::Complex(a, b)) => {
            // mpc_mpf_div
            let m = add(&mul(a, a, 0), &mul(b, b, 0), prec + 10);
            let re = div(&mul(a, p, 0), &m, prec)?;
            let im = div(&neg(&mul(b, p, 0)), &m, prec)?;
            Some(MpNum::Complex(re, im))
        }
        (MpNum::Complex(a, b), MpNum::Complex(c, d)) => {
            // mpc_div
            let wp = prec + 10;
            let mag = add(&mul(c, c, 0), &mul(d, d, 0), wp);
            let t = add(&mul(a, c, 0), &mul(b, d, 0), wp);
            let u = sub(&mul(b, c, 0), &mul(a, d, 0), wp);
            Some(MpNum::Complex(div(&t, &mag, prec)?, div(&u, &mag, prec)?))
        }
    }
}

/// `to_digits_exp(s, dps)` for a finite nonzero `s`: sign, digits (rounded toward zero),
/// decimal exponent.
fn to_digits_exp(neg: bool, man: &Nat, exp: i64, dps: u64) -> Result<(bool, String, i64), String> {
    let bc = man.bits() as i64;
    let bitprec = (dps as f64 * LOG2_10) as i64 + 10;
    if (exp + bc).abs() > 3500 {
        return Err(
            "logarithm: a result beyond 2**3500 is not printed by this implementation".into(),
        );
    }
    let fixprec = (bitprec - exp - bc).max(0);
    let fixdps = (fixprec as f64 / LOG2_10 + 0.5) as u64;
    let sf = Int::new(false, man.clone()).shift(exp + fixprec);
    let sd = sf.mag().mul(&Nat::pow10(fixdps)).shr(fixprec as u64);
    let digits = sd.to_decimal();
    let exponent = digits.len() as i64 - fixdps as i64 - 1;
    Ok((neg, digits, exponent))
}

/// `to_str(s, dps)` with its defaults (`strip_zeros`, fixed notation for exponents strictly
/// between `min(-(dps // 3), -5)` and `dps`).
pub fn to_str(s: &Mpf, dps: u64) -> Result<String, String> {
    let (neg, man, exp) = match s {
        Mpf::Zero => return Ok("0.0".into()),
        Mpf::Inf => return Ok("+inf".into()),
        Mpf::NInf => return Ok("-inf".into()),
        Mpf::NaN => return Ok("nan".into()),
        Mpf::Fin { neg, man, exp } => (*neg, man, *exp),
    };
    let dps_i = dps as i64;
    let min_fixed = (-(dps_i / 3)).min(-5);
    let max_fixed = dps_i;
    let (neg, digits, mut exponent) = to_digits_exp(neg, man, exp, dps + 3)?;
    let d = dps as usize;
    let mut digits: Vec<u8> = digits.into_bytes();
    if digits.len() > d && digits[d] >= b'5' {
        digits.truncate(d);
        match digits.iter().rposition(|&c| c != b'9') {
            Some(i) => {
                digits[i] += 1;
                for c in &mut digits[i + 1..] {
                    *c = b'0';
                }
            }
            None => {
                digits = vec![b'0'; d];
                digits[0] = b'1';
                exponent += 1;
            }
        }
    } else {
        digits.truncate(d);
    }
    let mut split = 1usize;
    if min_fixed < exponent && exponent < max_fixed {
        if exponent < 0 {
            let mut padded = vec![b'0'; (-exponent) as usize];
            padded.extend_from_slice(&digits);
            digits = padded;
        } else {
            split = exponent as usize + 1;
            if split > d {
                digits.resize(digits.len() + split - d, b'0');
            }
        }
        exponent = 0;
    }
    let split = split.min(digits.len());
    let text = String::from_utf8_lossy(&digits).into_owned();
    let mut body = format!("{}.{}", &text[..split], &text[split..]);
    while body.ends_with('0') {
        body.pop();
    }
    if body.ends_with('.') {
        body.push('0');
    }
    let sign = if neg { "-" } else { "" };
    Ok(match exponent.cmp(&0) {
        Ordering::Equal => format!("{sign}{body}"),
        Ordering::Greater => format!("{sign}{body}e+{exponent}"),
        Ordering::Less => format!("{sign}{body}e{exponent}"),
    })
}

/// `repr(x)` at binary precision `prec`: `mpf('2.5')` or `mpc(real='1.0', imag='2.0')`.
pub fn repr(x: &MpNum, prec: u64) -> Result<String, String> {
    let dps = repr_dps(prec);
    Ok(match x {
        MpNum::Real(r) => format!("mpf('{}')", to_str(r, dps)?),
        MpNum::Complex(re, im) => format!(
            "mpc(real='{}', imag='{}')",
            to_str(re, dps)?,
            to_str(im, dps)?
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log_text(value: f64, base: f64, dps: i128) -> String {
        let prec = dps_to_prec(dps);
        let a = ln(&from_float(value), prec).expect("ln");
        let b = ln(&from_float(base), prec).expect("ln");
        divide(&a, &b, prec)
            .map(|q| repr(&q, prec).expect("repr"))
            .unwrap_or_default()
    }

    #[test]
    fn logarithms_print_as_mpmath_prints_them() {
        assert_eq!(log_text(3287.0, 6.0, 4), "mpf('4.51947')");
        assert_eq!(log_text(36.0, 6.0, 4), "mpf('2.0')");
        assert_eq!(log_text(980.0, 20.0, 10), "mpf('2.299121531134')");
    }

    #[test]
    fn the_constants_have_their_leading_bits() {
        assert_eq!(pi_fixed(30).to_decimal(), "3373259426");
        assert_eq!(ln2_fixed(30).to_decimal(), "744261117");
    }

    #[test]
    fn the_constant_tables_agree_with_the_series() {
        let bits = consts::BITS;
        assert_eq!(constant_floor(0, bits), machin_floor(&[(2, 3)], true, bits));
        assert_eq!(
            constant_floor(1, bits),
            machin_floor(&[(16, 5), (-4, 239)], false, bits)
        );
        // Beyond the tables the series takes over, and shifting down stays exact.
        let more = constant_floor(0, bits + 100);
        assert_eq!(more.shr(100), constant_floor(0, bits));
    }
}
