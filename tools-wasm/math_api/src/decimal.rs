//! The part of Python's `decimal` module that `MathAPI.square_root` runs:
//! `Decimal(number).sqrt()` under a context of precision `prec` (rounding half to even), and
//! `repr` of the result (`Decimal('1.414')`).
//!
//! `Decimal(float)` is the float's exact value (`Decimal(0.1)` has 55 digits), and `sqrt` is
//! correctly rounded with the ideal exponent for exact roots, as the General Decimal
//! Arithmetic specification (and CPython's `_pydecimal.Decimal.sqrt`, ported here) defines it.
//! The exponent limits of the default context (`Emax = 999999`) are far from anything a float
//! or an int argument reaches, so overflow and subnormal handling are left out.

use crate::bigint::{Int, Nat, decompose};

/// A finite decimal: `(-1)**neg * coef * 10**exp`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decimal {
    neg: bool,
    coef: Nat,
    exp: i64,
}

impl Decimal {
    /// `Decimal(int)`.
    pub fn from_int(i: &Int) -> Decimal {
        Decimal {
            neg: i.is_neg(),
            coef: i.mag().clone(),
            exp: 0,
        }
    }

    /// `Decimal(float)` for a finite float: its exact value (`-0.0` keeps its sign).
    pub fn from_f64(f: f64) -> Decimal {
        let neg = f.is_sign_negative();
        if f == 0.0 {
            return Decimal {
                neg,
                coef: Nat::zero(),
                exp: 0,
            };
        }
        let (man, exp) = decompose(f);
        let man = Nat::from_u64(man);
        if exp >= 0 {
            return Decimal {
                neg,
                coef: man.shl(exp as u64),
                exp: 0,
            };
        }
        // n / 2**k in lowest terms is n * 5**k / 10**k.
        let tz = man.trailing_zeros().min(exp.unsigned_abs());
        let n = man.shr(tz);
        let k = exp.unsigned_abs() - tz;
        Decimal {
            neg,
            coef: n.mul(&Nat::from_u64(5).pow(k)),
            exp: -(k as i64),
        }
    }

    /// The number of digits of the coefficient (`len(self._int)`; 1 for zero).
    fn digits(&self) -> u64 {
        if self.coef.is_zero() {
            1
        } else {
            self.coef.to_decimal().len() as u64
        }
    }

    /// `self.sqrt()` at precision `prec` for a non-negative (or negative-zero) value.
    pub fn sqrt(&self, prec: u64) -> Decimal {
        if self.coef.is_zero() {
            return Decimal {
                neg: self.neg,
                coef: Nat::zero(),
                exp: self.exp.div_euclid(2),
            };
        }
        let prec1 = prec + 1;
        let len = self.digits();
        let mut e = self.exp.div_euclid(2);
        let (c, l) = if self.exp.rem_euclid(2) == 1 {
            (self.coef.mul_small(10), (len >> 1) + 1)
        } else {
            (self.coef.clone(), (len + 1) >> 1)
        };
        let shift = prec1 as i64 - l as i64;
        let (c, mut exact) = if shift >= 0 {
            (c.mul(&Nat::pow10(2 * shift as u64)), true)
        } else {
            let (q, r) = c.divmod(&Nat::pow10(2 * shift.unsigned_abs()));
            (q, r.is_zero())
        };
        e -= shift;
        let mut n = c.isqrt();
        exact = exact && n.mul(&n) == c;
        if exact {
            if shift >= 0 {
                n = n.divmod(&Nat::pow10(shift as u64)).0;
            } else {
                n = n.mul(&Nat::pow10(shift.unsigned_abs()));
            }
            e += shift;
        } else if n.divmod_small(5).1 == 0 {
            n = n.add(&Nat::from_u64(1));
        }
        Decimal {
            neg: false,
            coef: n,
            exp: e,
        }
        .fix(prec)
    }

    /// `_fix(context)`: rounds the coefficient to `prec` digits, half to even.
    fn fix(self, prec: u64) -> Decimal {
        let len = self.digits();
        if len <= prec {
            return self;
        }
        let drop = len - prec;
        let unit = Nat::pow10(drop);
        let (q, r) = self.coef.divmod(&unit);
        let twice = r.shl(1);
        let up = match twice.cmp(&unit) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Equal => q.bit(0),
            std::cmp::Ordering::Less => false,
        };
        let mut coef = if up { q.add(&Nat::from_u64(1)) } else { q };
        let mut exp = self.exp + drop as i64;
        if coef.to_decimal().len() as u64 > prec {
            coef = coef.divmod_small(10).0;
            exp += 1;
        }
        Decimal {
            neg: self.neg,
            coef,
            exp,
        }
    }

    /// `str(self)`: scientific notation when the exponent is positive or the number is
    /// below `1e-6` (`1.0E+5`, `1.00E-150`), positional otherwise.
    pub fn to_sci_string(&self) -> String {
        let int = self.coef.to_decimal();
        let n = int.len() as i64;
        let leftdigits = self.exp + n;
        let dotplace = if self.exp <= 0 && leftdigits > -6 {
            leftdigits
        } else {
            1
        };
        let (intpart, fracpart) = if dotplace <= 0 {
            (
                "0".to_string(),
                format!(".{}{int}", "0".repeat(dotplace.unsigned_abs() as usize)),
            )
        } else if dotplace >= n {
            (
                format!("{int}{}", "0".repeat((dotplace - n) as usize)),
                String::new(),
            )
        } else {
            let (a, b) = int.split_at(dotplace as usize);
            (a.to_string(), format!(".{b}"))
        };
        let exp = if leftdigits == dotplace {
            String::new()
        } else {
            format!("E{:+}", leftdigits - dotplace)
        };
        let sign = if self.neg { "-" } else { "" };
        format!("{sign}{intpart}{fracpart}{exp}")
    }

    /// `repr(self)`: `Decimal('...')`.
    pub fn repr(&self) -> String {
        format!("Decimal('{}')", self.to_sci_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(f: f64, prec: u64) -> String {
        Decimal::from_f64(f).sqrt(prec).repr()
    }

    #[test]
    fn square_roots_print_as_python_prints_them() {
        assert_eq!(root(2.0, 1), "Decimal('1')");
        assert_eq!(root(1e10, 2), "Decimal('1.0E+5')");
        assert_eq!(root(0.1, 30), "Decimal('0.316227766016837941976973025885')");
        assert_eq!(root(-0.0, 3), "Decimal('-0')");
        assert_eq!(root(1e-300, 3), "Decimal('1.00E-150')");
        assert_eq!(root(16.0, 28), "Decimal('4')");
        assert_eq!(root(0.25, 5), "Decimal('0.5')");
    }
}
