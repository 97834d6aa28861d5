//! Python's numbers as MathAPI's arithmetic sees them: an `int` (exact, unbounded) or a
//! `float`, with CPython 3.11's rules for mixing them: `int + float` converts the int to the
//! nearest float (or raises `OverflowError`), `int / int` is the correctly rounded quotient,
//! `float ** float` follows `float_pow`'s special cases and turns complex for a negative base
//! with a fractional exponent, `round()` rounds the exact binary value half to even, and
//! comparisons between ints and floats are exact.

use std::cmp::Ordering;

use tz_tool_common::py::{PyVal, float_repr, json_dumps};

use crate::bigint::{Int, Nat, decompose};

/// `str(OverflowError)` when the C library's `pow` overflows (`errno` 34, `ERANGE`).
pub const RANGE_ERROR: &str = "(34, 'Numerical result out of range')";

/// The `ValueError` Python 3.11 raises when writing an int of more than 4300 digits.
pub const INT_DIGITS_ERROR: &str = "Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit";

/// Python 3.11's default `sys.get_int_max_str_digits()`.
pub const MAX_INT_DIGITS: usize = 4300;

/// A Python `int` or `float` (a `bool` is read as the int it is).
#[derive(Clone, Debug, PartialEq)]
pub enum Num {
    /// An `int`.
    Int(Int),
    /// A `float`.
    Float(f64),
}

/// What `**` gives: a number, or a `complex` (real, imaginary).
#[derive(Clone, Debug, PartialEq)]
pub enum Power {
    /// An int or float.
    Real(Num),
    /// A complex number.
    Complex(f64, f64),
}

impl Num {
    /// The number a Python value is, if it is one (`int`, `float` or `bool`).
    pub fn from_py(value: &PyVal) -> Option<Num> {
        match value {
            PyVal::Int(i) => Some(Num::Int(Int::from_i64(*i))),
            PyVal::Bool(b) => Some(Num::Int(Int::from_i64(i64::from(*b)))),
            PyVal::Float(f) => Some(Num::Float(*f)),
            _ => None,
        }
    }

    /// An int.
    pub fn int(n: i64) -> Num {
        Num::Int(Int::from_i64(n))
    }

    /// `float(self)`: `OverflowError` for an int beyond the float range.
    pub fn to_f64(&self) -> Result<f64, String> {
        match self {
            Num::Float(f) => Ok(*f),
            Num::Int(i) => {
                let f = i.to_f64();
                if f.is_finite() {
                    Ok(f)
                } else {
                    Err("int too large to convert to float".into())
                }
            }
        }
    }

    /// `self == 0`.
    pub fn is_zero(&self) -> bool {
        match self {
            Num::Int(i) => i.is_zero(),
            Num::Float(f) => *f == 0.0,
        }
    }

    /// The value as Python writes it in `json.dumps` (an int of more than 4300 digits raises).
    pub fn json_text(&self) -> Result<String, String> {
        match self {
            Num::Float(f) => Ok(json_dumps(&PyVal::Float(*f))),
            Num::Int(i) => {
                let text = i.to_decimal();
                if text.trim_start_matches('-').len() > MAX_INT_DIGITS {
                    Err(INT_DIGITS_ERROR.into())
                } else {
                    Ok(text)
                }
            }
        }
    }
}

/// Applies `int_op` to two ints, else `float_op` to both as floats.
fn arith(
    a: &Num,
    b: &Num,
    int_op: impl Fn(&Int, &Int) -> Int,
    float_op: impl Fn(f64, f64) -> f64,
) -> Result<Num, String> {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => Ok(Num::Int(int_op(x, y))),
        _ => Ok(Num::Float(float_op(a.to_f64()?, b.to_f64()?))),
    }
}

/// `a + b`.
pub fn add(a: &Num, b: &Num) -> Result<Num, String> {
    arith(a, b, Int::add, |x, y| x + y)
}

/// `a - b`.
pub fn sub(a: &Num, b: &Num) -> Result<Num, String> {
    arith(a, b, Int::sub, |x, y| x - y)
}

/// `a * b`.
pub fn mul(a: &Num, b: &Num) -> Result<Num, String> {
    arith(a, b, Int::mul, |x, y| x * y)
}

/// `a / b` (true division).
pub fn true_div(a: &Num, b: &Num) -> Result<Num, String> {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => int_true_div(x, y).map(Num::Float),
        _ => {
            let (x, y) = (a.to_f64()?, b.to_f64()?);
            if y == 0.0 {
                return Err("float division by zero".into());
            }
            Ok(Num::Float(x / y))
        }
    }
}

/// `a / b` for ints: the float nearest the exact quotient (CPython's `long_true_divide`).
fn int_true_div(a: &Int, b: &Int) -> Result<f64, String> {
    if b.is_zero() {
        return Err("division by zero".into());
    }
    let negative = a.is_neg() != b.is_neg();
    let (num, den) = (a.mag(), b.mag());
    let shift = (55 + den.bits() as i64 - num.bits() as i64).max(0) as u64;
    let (q, r) = num.shl(shift).divmod(den);
    let f = q.to_f64_scaled(-(shift as i64), !r.is_zero());
    if f.is_infinite() {
        return Err("integer division result too large for a float".into());
    }
    Ok(if negative { -f } else { f })
}

/// The float nearest `num / den` (both non-negative, `den` nonzero).
pub fn ratio_to_f64(num: &Nat, den: &Nat) -> f64 {
    int_true_div(&Int::new(false, num.clone()), &Int::new(false, den.clone())).unwrap_or(0.0)
}

/// `a < b`, exactly across ints and floats (false when a NaN is involved).
pub fn lt(a: &Num, b: &Num) -> bool {
    cmp(a, b) == Some(Ordering::Less)
}

/// Exact comparison of two numbers (`None` when a NaN is involved).
pub fn cmp(a: &Num, b: &Num) -> Option<Ordering> {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => Some(x.cmp(y)),
        (Num::Float(x), Num::Float(y)) => x.partial_cmp(y),
        (Num::Int(x), Num::Float(y)) => cmp_int_float(x, *y),
        (Num::Float(x), Num::Int(y)) => cmp_int_float(y, *x).map(Ordering::reverse),
    }
}

fn cmp_int_float(i: &Int, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    if f == 0.0 {
        return Some(i.cmp(&Int::zero()));
    }
    let (man, exp) = decompose(f);
    let fm = Int::new(f < 0.0, Nat::from_u64(man));
    Some(if exp >= 0 {
        i.cmp(&fm.shl(exp as u64))
    } else {
        i.shl(exp.unsigned_abs()).cmp(&fm)
    })
}

/// `abs(a)`.
pub fn abs(a: &Num) -> Num {
    match a {
        Num::Int(i) => Num::Int(Int::new(false, i.mag().clone())),
        Num::Float(f) => Num::Float(f.abs()),
    }
}

/// `a ** b`.
pub fn pow(a: &Num, b: &Num) -> Result<Power, String> {
    if let (Num::Int(x), Num::Int(y)) = (a, b)
        && !y.is_neg()
    {
        return int_pow(x, y).map(|i| Power::Real(Num::Int(i)));
    }
    float_pow(a.to_f64()?, b.to_f64()?)
}

/// `x ** y` for ints with `y >= 0`. A result certain to exceed 4300 digits is refused with the
/// error Python gives when it writes it (without computing it).
fn int_pow(x: &Int, y: &Int) -> Result<Int, String> {
    let Some(e) = y.mag().to_u128() else {
        return small_base_pow(x, y).ok_or_else(|| INT_DIGITS_ERROR.to_string());
    };
    if let Some(small) = small_base_pow(x, y) {
        return Ok(small);
    }
    // |x| >= 2: |x| ** e >= 2 ** (e * (bits - 1)); 2 ** 14300 has over 4300 digits.
    let floor_bits = e.saturating_mul(u128::from(x.mag().bits() - 1));
    if floor_bits >= 14_300 {
        return Err(INT_DIGITS_ERROR.into());
    }
    let mag = x.mag().pow(e as u64);
    Ok(Int::new(x.is_neg() && e & 1 == 1, mag))
}

/// `x ** y` when `|x| <= 1` (any size of exponent).
fn small_base_pow(x: &Int, y: &Int) -> Option<Int> {
    let odd = y.mag().bit(0);
    match x.to_i64() {
        Some(0) => Some(Int::from_i64(i64::from(y.is_zero()))),
        Some(1) => Some(Int::from_i64(1)),
        Some(-1) => Some(Int::from_i64(if odd { -1 } else { 1 })),
        _ => None,
    }
}

/// CPython 3.11's `float_pow` for finite or infinite `iv ** iw`.
pub fn float_pow(iv: f64, iw: f64) -> Result<Power, String> {
    let real = |f: f64| Ok(Power::Real(Num::Float(f)));
    let is_odd_integer = |x: f64| (x.abs() % 2.0) == 1.0;
    if iw == 0.0 {
        return real(1.0);
    }
    if iv.is_nan() {
        return real(iv);
    }
    if iw.is_nan() {
        return real(if iv == 1.0 { 1.0 } else { iw });
    }
    if iw.is_infinite() {
        let v = iv.abs();
        return real(if v == 1.0 {
            1.0
        } else if (iw > 0.0) == (v > 1.0) {
            iw.abs()
        } else {
            0.0
        });
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return real(if iw > 0.0 {
            if odd { iv } else { iv.abs() }
        } else if odd {
            0.0f64.copysign(iv)
        } else {
            0.0
        });
    }
    if iv == 0.0 {
        if iw < 0.0 {
            return Err("0.0 cannot be raised to a negative power".into());
        }
        return real(if is_odd_integer(iw) { iv } else { 0.0 });
    }
    let mut base = iv;
    let mut negate = false;
    if iv < 0.0 {
        if iw != iw.floor() {
            return complex_pow_negative_real(iv, iw);
        }
        base = -iv;
        negate = is_odd_integer(iw);
    }
    if base == 1.0 {
        return real(if negate { -1.0 } else { 1.0 });
    }
    // The C library's `pow` (correctly rounded here); an infinite result is an overflow.
    let ix = crate::libm::pow(base, iw);
    if ix.is_infinite() {
        return Err(RANGE_ERROR.into());
    }
    real(if negate { -ix } else { ix })
}

/// CPython's `complex ** complex` for `complex(iv) ** complex(iw)` with `iv < 0` and a
/// non-integral `iw` (`_Py_c_pow`): `|iv| ** iw * (cos + i sin)(pi * iw)`.
fn complex_pow_negative_real(iv: f64, iw: f64) -> Result<Power, String> {
    let len = crate::libm::pow(iv.abs(), iw);
    let phase = std::f64::consts::PI * iw;
    let (sin, cos) = crate::libm::sin_cos(phase);
    let (re, im) = (len * cos, len * sin);
    if re.is_infinite() || im.is_infinite() {
        return Err("complex exponentiation".into());
    }
    Ok(Power::Complex(re, im))
}

/// Python's `repr(complex(re, im))`: `(1.5+2j)`, or `2j` when the real part is `+0.0`.
pub fn complex_repr(re: f64, im: f64) -> String {
    // Format code 'r' without the ".0" that float's own repr adds.
    let short = |f: f64| {
        let text = float_repr(f);
        match text.strip_suffix(".0") {
            Some(stem) => stem.to_string(),
            None => text,
        }
    };
    if re == 0.0 && re.is_sign_positive() {
        return format!("{}j", short(im));
    }
    let sign = if im.is_sign_negative() && !im.is_nan() {
        ""
    } else {
        "+"
    };
    format!("({}{sign}{}j)", short(re), short(im))
}

/// `round(a, ndigits)` (`ndigits` None: round to an int).
pub fn round(a: &Num, ndigits: Option<i64>) -> Result<Num, String> {
    match (a, ndigits) {
        (Num::Int(_), None) => Ok(a.clone()),
        (Num::Float(f), None) => {
            if f.is_nan() {
                return Err("cannot convert float NaN to integer".into());
            }
            if f.is_infinite() {
                return Err("cannot convert float infinity to integer".into());
            }
            Ok(Num::Int(Int::from_integral_f64(f.round_ties_even())))
        }
        (Num::Int(i), Some(n)) => Ok(Num::Int(round_int(i, n))),
        (Num::Float(f), Some(n)) => round_float(*f, n).map(Num::Float),
    }
}

/// `round(int, n)`: unchanged for `n >= 0`, else the nearest multiple of `10 ** -n` (ties to
/// the even multiple).
fn round_int(i: &Int, n: i64) -> Int {
    if n >= 0 {
        return i.clone();
    }
    let k = n.unsigned_abs();
    if k > 40 {
        // 10 ** k is more than twice any int an argument can hold.
        return Int::zero();
    }
    let unit = Nat::pow10(k);
    let q = round_half_even(i.mag(), &unit);
    Int::new(i.is_neg(), q.mul(&unit))
}

/// `num / den` rounded to the nearest integer, ties to even.
fn round_half_even(num: &Nat, den: &Nat) -> Nat {
    let (q, r) = num.divmod(den);
    let twice = r.shl(1);
    match twice.cmp(den) {
        Ordering::Greater => q.add(&Nat::from_u64(1)),
        Ordering::Equal if q.bit(0) => q.add(&Nat::from_u64(1)),
        _ => q,
    }
}

/// CPython's `round(float, n)`: the exact binary value rounded half to even at `n` decimals
/// (`n` may be negative), read back as the nearest float.
fn round_float(x: f64, n: i64) -> Result<f64, String> {
    const NDIGITS_MAX: i64 = 323;
    const NDIGITS_MIN: i64 = -308;
    if !x.is_finite() || n > NDIGITS_MAX {
        return Ok(x);
    }
    if n < NDIGITS_MIN {
        return Ok(0.0 * x);
    }
    if x == 0.0 {
        return Ok(x);
    }
    let (man, exp) = decompose(x);
    let mut num = Nat::from_u64(man);
    let mut den = Nat::from_u64(1);
    if exp >= 0 {
        num = num.shl(exp as u64);
    } else {
        den = den.shl(exp.unsigned_abs());
    }
    if n >= 0 {
        num = num.mul(&Nat::pow10(n as u64));
    } else {
        den = den.mul(&Nat::pow10(n.unsigned_abs()));
    }
    let rounded = round_half_even(&num, &den);
    let magnitude = if n >= 0 {
        ratio_to_f64(&rounded, &Nat::pow10(n as u64))
    } else {
        let f = rounded.mul(&Nat::pow10(n.unsigned_abs())).to_f64();
        if f.is_infinite() {
            return Err("rounded value too large to represent".into());
        }
        f
    };
    Ok(if x < 0.0 { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_division_is_correctly_rounded() {
        let q = |a: i128, b: i128| int_true_div(&Int::from_i128(a), &Int::from_i128(b));
        assert_eq!(q(1, 3), Ok(1.0 / 3.0));
        assert_eq!(q(100000000000000000000, 3), Ok(3.333333333333333e19));
        assert_eq!(q(0, -5).map(f64::is_sign_negative), Ok(true));
        assert_eq!(q(i64::MAX as i128, 7), Ok(1.3176245766935393e18));
    }

    #[test]
    fn rounding_works_on_the_exact_binary_value() {
        assert_eq!(round_float(2.675, 2), Ok(2.67));
        assert_eq!(round_float(0.125, 2), Ok(0.12));
        assert_eq!(round_float(0.375, 2), Ok(0.38));
        assert_eq!(round_float(1234.5, -2), Ok(1200.0));
        assert_eq!(round_float(-0.001, 2).map(f64::is_sign_negative), Ok(true));
        assert!(round_float(1.7e308, -308).is_err());
        assert_eq!(round_int(&Int::from_i64(-25), -1), Int::from_i64(-20));
    }

    #[test]
    fn complex_results_print_as_python_prints_them() {
        assert_eq!(complex_repr(1.0, -2.5), "(1-2.5j)");
        assert_eq!(complex_repr(0.0, 2.0), "2j");
        assert_eq!(complex_repr(-0.0, -0.0), "(-0-0j)");
    }
}
