//! Tool `math_api` (stateful world `session-tool`, though the class keeps no state): BFCL's
//! `MathAPI` (arithmetic, statistics, unit conversion), written in Rust to give the same
//! result texts and exceptions as the official Python class under CPython 3.11 with
//! mpmath 1.3.0. Replayed against traces of the Python class in `traces.jsonl` (see
//! [`tz_tool_common::bfcl::trace`]); `spec.json` is BFCL's function docs for the class.
//!
//! State: none (`vars(MathAPI())` holds only `_api_description`), so `state()` is `{}`.
//!
//! Python's numbers are modelled exactly ([`num`]): ints are unbounded (`power(2, 100)` is
//! exact; more than 4300 digits raises Python 3.11's `ValueError` on printing), int / int
//! is correctly rounded, `sum` adds left to right as CPython 3.11 does (no compensated
//! summation: that came in 3.12), `round` rounds the exact binary value half to even, and a
//! negative base to a fractional power gives Python's `complex`. `logarithm` ports the part of
//! mpmath it runs ([`mpf`]) and `square_root` the part of `decimal` ([`decimal`]); their
//! results print as Python prints them (`{'result': mpf('4.51947')}`,
//! `{'result': Decimal('1.414')}`), since `json.dumps` cannot write those values.
//!
//! Known differences from the Python class:
//! * Precision limits: `logarithm` computes up to a working precision of 2500 bits (about 700
//!   digits; mpmath switches to another algorithm above) and `square_root` up to 1000 digits;
//!   beyond these the call raises an error saying so, where Python computes the result.
//! * `power(int, int)` whose result certainly has more than 4300 digits raises the 4300-digit
//!   `ValueError` without computing it; Python computes it first (or, for astronomically large
//!   exponents, runs out of memory and raises `MemoryError` instead).
//! * Non-number arguments (which the host's schema check rejects before a call) are handled
//!   as Python handles strs, lists, dicts and `None` (the `TypeError` branches, `add`
//!   concatenating strs or lists, `min_value` comparing strs or lists); other exotic cases
//!   (e.g. a dict as `numbers`) follow the same rules but are not traced.
//! * An int argument beyond 64 bits reaches the class as a float (the framework's JSON
//!   reading), where Python would keep an int.
//! * The C library's `pow`, `sin` and `cos` (`power`, complex powers, and the squares in
//!   `standard_deviation`) are computed here correctly rounded ([`libm`]), the same on every
//!   platform. CPython calls glibc's, which are not always correctly rounded: against
//!   glibc 2.36 (x86-64, FMA) about 0.09% of random `pow` calls (`x ** 2` included) and 0.3%
//!   of `sin`/`cos` calls differ in the last bit, and so would the result text here.
//!   Matching those would mean carrying glibc's own algorithms and tables.
//! * mpmath memoizes `ln 2` and `pi` per process, truncated from whatever precision came
//!   first; this uses their exact floors ([`consts`]), which can differ in a last bit that
//!   decides a rounding about once in a million calls (see [`mpf`]).
//!
//! Cost: most calls take well under a million units of fuel; `logarithm` near its 700-digit
//! limit takes about 36 million (the sandbox's default per-call limit is 50 million), and
//! `square_root` at 1000 digits about 8 million.
#![warn(missing_docs)]

pub mod bigint;
pub mod consts;
pub mod decimal;
pub mod libm;
pub mod mpf;
pub mod num;

use tz_tool_common::bfcl::pyops::{Cmp, check_args, compare, hashable, iterate, parse_int, to_int};
use tz_tool_common::bfcl::{ApiClass, no_method};
use tz_tool_common::py::{PyVal, json_dumps, py_str, repr};

use num::{Num, Power};

/// The functions, as BFCL documents them (`multi_turn_func_doc/math_api.json`).
pub const SPEC: &str = include_str!("../spec.json");

tz_tool_common::bfcl_component!(crate::MathApi, crate::SPEC);
tz_tool_common::bfcl_class_tests!(crate::MathApi, traces >= 50, calls >= 950);

/// The largest `precision` `square_root` computes (digits).
pub const MAX_DECIMAL_PREC: u64 = 1000;

/// BFCL's `MathAPI`.
#[derive(Debug, Clone, Default)]
pub struct MathApi;

/// The parameters of each method, in order, and how many are required.
fn signature(name: &str) -> Option<(&'static [&'static str], usize)> {
    Some(match name {
        "logarithm" => (&["value", "base", "precision"], 3),
        "mean" | "standard_deviation" | "min_value" | "max_value" | "sum_values" => {
            (&["numbers"], 1)
        }
        "si_unit_conversion" | "imperial_si_conversion" => (&["value", "unit_in", "unit_out"], 3),
        "add" | "subtract" | "multiply" | "divide" => (&["a", "b"], 2),
        "power" => (&["base", "exponent"], 2),
        "square_root" => (&["number", "precision"], 2),
        "absolute_value" => (&["number"], 1),
        "round_number" => (&["number", "decimal_places"], 1),
        "percentage" => (&["part", "whole"], 2),
        _ => return None,
    })
}

/// `{"result": n}` as `json.dumps` writes it. Results are returned as their text: ints may
/// exceed 64 bits.
fn result(n: &Num) -> Result<PyVal, String> {
    Ok(PyVal::Str(format!("{{\"result\": {}}}", n.json_text()?)))
}

/// `{"result": value}` for a value passed through (an element of `numbers`, an argument).
fn result_value(value: PyVal) -> PyVal {
    PyVal::Str(json_dumps(&PyVal::one("result", value)))
}

/// `{'result': x}` as `str(dict)` writes it, for values `json.dumps` cannot write.
fn repr_result(text: &str) -> PyVal {
    PyVal::Str(format!("{{'result': {text}}}"))
}

/// `sum(values)`: `None` where Python raises `TypeError` (a non-number).
fn py_sum(values: &[PyVal]) -> Result<Option<Num>, String> {
    let mut total = Num::int(0);
    for v in values {
        let Some(x) = Num::from_py(v) else {
            return Ok(None);
        };
        total = num::add(&total, &x)?;
    }
    Ok(Some(total))
}

/// `int(value)` as mpmath's `mp.dps = value` takes it; `Err` is the exception's text.
fn python_int(value: &PyVal) -> Result<i128, String> {
    // Past 64 bits only the magnitude matters (it is refused as too precise).
    match (value, value.as_str().and_then(parse_int)) {
        (PyVal::Float(f), _) if f.is_finite() => Ok(f.trunc().clamp(-1e38, 1e38) as i128),
        (_, Some(n)) => Ok(n),
        _ => to_int(value).map(i128::from),
    }
}

/// mpmath's conversion of an argument: `Err` is the `TypeError` text.
fn to_mpf(value: &PyVal) -> Result<mpf::Mpf, String> {
    match value {
        PyVal::Int(i) => Ok(mpf::from_int(*i)),
        PyVal::Bool(b) => Ok(mpf::from_int(i64::from(*b))),
        PyVal::Float(f) => Ok(mpf::from_float(*f)),
        other => Err(format!("cannot create mpf from {}", repr(other))),
    }
}

impl MathApi {
    fn logarithm(&self, value: &PyVal, base: &PyVal, precision: &PyVal) -> Result<PyVal, String> {
        let prec = match python_int(precision) {
            Ok(n) => mpf::dps_to_prec(n),
            Err(e) => return Ok(PyVal::error(e)),
        };
        let (x, b) = match (to_mpf(value), to_mpf(base)) {
            (Err(e), _) | (_, Err(e)) => return Ok(PyVal::error(e)),
            (Ok(x), Ok(b)) => (x, b),
        };
        // Refused before any work: mpf_log needs 20 bits more than `prec`.
        if prec.saturating_add(20) > mpf::LOG_TAYLOR_PREC {
            return Err(mpf::too_precise(prec.saturating_add(20)));
        }
        let num = mpf::ln(&x, prec)?;
        let den = mpf::ln(&b, prec)?;
        match mpf::divide(&num, &den, prec) {
            // mpmath raises a bare ZeroDivisionError, whose text is empty.
            None => Ok(PyVal::error("")),
            Some(q) => Ok(repr_result(&mpf::repr(&q, prec)?)),
        }
    }

    fn mean_or_deviation(&self, numbers: &PyVal, deviation: bool) -> Result<PyVal, String> {
        const NOT_NUMBERS: &str = "All elements in the list must be numbers";
        if !numbers.truthy() {
            return Ok(PyVal::error(if deviation {
                "Cannot calculate standard deviation of an empty list"
            } else {
                "Cannot calculate mean of an empty list"
            }));
        }
        let Some(values) = iterate(numbers).ok() else {
            return Ok(PyVal::error(NOT_NUMBERS));
        };
        let Some(total) = py_sum(&values)? else {
            return Ok(PyVal::error(NOT_NUMBERS));
        };
        let count = Num::int(values.len() as i64);
        let mean = num::true_div(&total, &count)?;
        if !deviation {
            return result(&mean);
        }
        let mut squares = Num::int(0);
        for v in &values {
            let x = Num::from_py(v).ok_or(NOT_NUMBERS)?;
            let d = num::sub(&x, &mean)?;
            let Power::Real(sq) = num::pow(&d, &Num::int(2))? else {
                return Err("unexpected complex square".into());
            };
            squares = num::add(&squares, &sq)?;
        }
        let variance = num::true_div(&squares, &count)?;
        result(&Num::Float(variance.to_f64()?.sqrt()))
    }

    fn min_max(&self, numbers: &PyVal, max: bool) -> Result<PyVal, String> {
        if !numbers.truthy() {
            return Ok(PyVal::error(if max {
                "Cannot find maximum of an empty list"
            } else {
                "Cannot find minimum of an empty list"
            }));
        }
        let not_numbers = || Ok(PyVal::error("All elements in the list must be numbers"));
        let Some(values) = iterate(numbers).ok() else {
            return not_numbers();
        };
        let mut best = values[0].clone();
        for v in &values[1..] {
            let better = if max {
                compare(&best, Cmp::Lt, v)
            } else {
                compare(v, Cmp::Lt, &best)
            };
            match better {
                Ok(true) => best = v.clone(),
                Ok(false) => {}
                Err(_) => return not_numbers(),
            }
        }
        Ok(result_value(best))
    }

    fn si_unit_conversion(
        &self,
        value: &PyVal,
        unit_in: &PyVal,
        unit_out: &PyVal,
    ) -> Result<PyVal, String> {
        let factor = |unit: &str| -> Option<Num> {
            Some(match unit {
                "km" => Num::int(1000),
                "m" => Num::int(1),
                "cm" => Num::Float(0.01),
                "mm" => Num::Float(0.001),
                "um" => Num::Float(1e-6),
                "nm" => Num::Float(1e-9),
                _ => return None,
            })
        };
        let Some(v) = Num::from_py(value) else {
            return Ok(PyVal::error("Value must be a number"));
        };
        // `unit_in not in to_meters or unit_out not in from_meters`, short-circuiting.
        let Some(to_m) = lookup(unit_in, factor)? else {
            return Ok(unsupported_conversion(unit_in, unit_out));
        };
        let Some(out_factor) = lookup(unit_out, factor)? else {
            return Ok(unsupported_conversion(unit_in, unit_out));
        };
        let from_m = num::true_div(&Num::int(1), &out_factor)?;
        let meters = num::mul(&v, &to_m)?;
        result(&num::mul(&meters, &from_m)?)
    }

    fn imperial_si_conversion(
        &self,
        value: &PyVal,
        unit_in: &PyVal,
        unit_out: &PyVal,
    ) -> Result<PyVal, String> {
        let Some(v) = Num::from_py(value) else {
            return Ok(PyVal::error("Value must be a number"));
        };
        if unit_in.py_eq(unit_out) {
            return Ok(result_value(value.clone()));
        }
        let key = format!("{}_to_{}", py_str(unit_in), py_str(unit_out));
        let factor = match key.as_str() {
            "cm_to_in" => 0.393701,
            "in_to_cm" => 2.54,
            "m_to_ft" => 3.28084,
            "ft_to_m" => 0.3048,
            "m_to_yd" => 1.09361,
            "yd_to_m" => 0.9144,
            "km_to_miles" => 0.621371,
            "miles_to_km" => 1.60934,
            "kg_to_lb" => 2.20462,
            "lb_to_kg" => 0.453592,
            "celsius_to_fahrenheit" => 1.8,
            "fahrenheit_to_celsius" => 5.0 / 9.0,
            _ => return Ok(unsupported_conversion(unit_in, unit_out)),
        };
        let factor = Num::Float(factor);
        let (unit_in, unit_out) = (unit_in.as_str(), unit_out.as_str());
        let out = if unit_in == Some("celsius") && unit_out == Some("fahrenheit") {
            num::add(&num::mul(&v, &factor)?, &Num::int(32))?
        } else if unit_in == Some("fahrenheit") && unit_out == Some("celsius") {
            num::mul(&num::sub(&v, &Num::int(32))?, &factor)?
        } else {
            num::mul(&v, &factor)?
        };
        result(&out)
    }

    fn binary(&self, name: &str, a: &PyVal, b: &PyVal) -> Result<PyVal, String> {
        let both = || -> Result<PyVal, String> { Ok(PyVal::error("Both inputs must be numbers")) };
        // `divide` and `percentage` test `b == 0` before dividing (only a number equals 0).
        let zero = Num::from_py(b).is_some_and(|y| y.is_zero());
        match name {
            "divide" if zero => return Ok(PyVal::error("Cannot divide by zero")),
            "percentage" if zero => return Ok(PyVal::error("Whole value cannot be zero")),
            _ => {}
        }
        let (Some(x), Some(y)) = (Num::from_py(a), Num::from_py(b)) else {
            // `+` also concatenates two strs or two lists.
            return match (name, a, b) {
                ("add", PyVal::Str(x), PyVal::Str(y)) => {
                    Ok(result_value(PyVal::Str(format!("{x}{y}"))))
                }
                ("add", PyVal::List(x), PyVal::List(y)) => Ok(result_value(PyVal::List(
                    x.iter().chain(y).cloned().collect(),
                ))),
                _ => both(),
            };
        };
        match name {
            "add" => result(&num::add(&x, &y)?),
            "subtract" => result(&num::sub(&x, &y)?),
            "multiply" => result(&num::mul(&x, &y)?),
            "divide" => result(&num::true_div(&x, &y)?),
            "percentage" => result(&num::mul(&num::true_div(&x, &y)?, &Num::int(100))?),
            _ => match num::pow(&x, &y)? {
                Power::Real(n) => result(&n),
                Power::Complex(re, im) => Ok(repr_result(&num::complex_repr(re, im))),
            },
        }
    }

    fn square_root(&self, number: &PyVal, precision: &PyVal) -> Result<PyVal, String> {
        let Some(x) = Num::from_py(number) else {
            return Ok(PyVal::error(
                "Input must be a number or computation resulted in an invalid operation",
            ));
        };
        if num::lt(&x, &Num::int(0)) {
            return Ok(PyVal::error(
                "Cannot calculate square root of a negative number",
            ));
        }
        let prec = match precision {
            PyVal::Int(p) => *p,
            PyVal::Bool(b) => i64::from(*b),
            _ => {
                return Ok(PyVal::error(
                    "Input must be a number or computation resulted in an invalid operation",
                ));
            }
        };
        if !(1..=999_999_999_999_999_999).contains(&prec) {
            return Err("valid range for prec is [1, MAX_PREC]".into());
        }
        if prec as u64 > MAX_DECIMAL_PREC {
            return Err(format!(
                "square_root: a precision of {prec} digits is above the {MAX_DECIMAL_PREC} \
                 this implementation computes"
            ));
        }
        let d = match &x {
            Num::Int(i) => decimal::Decimal::from_int(i),
            Num::Float(f) if f.is_finite() => decimal::Decimal::from_f64(*f),
            Num::Float(_) => {
                return Err("square_root: infinite or NaN input is not supported here".into());
            }
        };
        Ok(repr_result(&d.sqrt(prec as u64).repr()))
    }

    fn round_number(&self, number: &PyVal, places: Option<&PyVal>) -> Result<PyVal, String> {
        let bad = || -> Result<PyVal, String> {
            Ok(PyVal::error(
                "First input must be a number, second input must be an integer",
            ))
        };
        let ndigits = match places {
            None => Some(0),
            Some(PyVal::None) => None,
            Some(PyVal::Int(n)) => Some(*n),
            Some(PyVal::Bool(b)) => Some(i64::from(*b)),
            Some(_) => return bad(),
        };
        let Some(x) = Num::from_py(number) else {
            return bad();
        };
        result(&num::round(&x, ndigits)?)
    }

    fn sum_values(&self, numbers: &PyVal) -> Result<PyVal, String> {
        if !numbers.truthy() {
            return Ok(PyVal::error("Cannot calculate sum of an empty list"));
        }
        match iterate(numbers)
            .ok()
            .map(|v| py_sum(&v))
            .transpose()?
            .flatten()
        {
            Some(total) => result(&total),
            None => Ok(PyVal::error("All elements in the list must be numbers")),
        }
    }
}

/// A unit looked up in a conversion table: `Err` for a key Python cannot hash.
fn lookup(unit: &PyVal, table: impl Fn(&str) -> Option<Num>) -> Result<Option<Num>, String> {
    hashable(unit)?;
    Ok(unit.as_str().and_then(table))
}

fn unsupported_conversion(unit_in: &PyVal, unit_out: &PyVal) -> PyVal {
    PyVal::error(format!(
        "Conversion from '{}' to '{}' is not supported",
        py_str(unit_in),
        py_str(unit_out)
    ))
}

impl ApiClass for MathApi {
    const CLASS: &'static str = "MathAPI";

    fn load(_scenario: &PyVal, _long_context: bool) -> Result<Self, String> {
        Ok(MathApi)
    }

    fn call(&mut self, name: &str, args: &PyVal) -> Result<PyVal, String> {
        let Some((params, required)) = signature(name) else {
            return Err(no_method(self, name));
        };
        check_args(args, Self::CLASS, name, params, required)?;
        let arg = |i: usize| args.get_or(params[i], PyVal::None);
        match name {
            "logarithm" => self.logarithm(&arg(0), &arg(1), &arg(2)),
            "mean" => self.mean_or_deviation(&arg(0), false),
            "standard_deviation" => self.mean_or_deviation(&arg(0), true),
            "si_unit_conversion" => self.si_unit_conversion(&arg(0), &arg(1), &arg(2)),
            "imperial_si_conversion" => self.imperial_si_conversion(&arg(0), &arg(1), &arg(2)),
            "add" | "subtract" | "multiply" | "divide" | "percentage" | "power" => {
                self.binary(name, &arg(0), &arg(1))
            }
            "square_root" => self.square_root(&arg(0), &arg(1)),
            "absolute_value" => match Num::from_py(&arg(0)) {
                Some(x) => result(&num::abs(&x)),
                None => Ok(PyVal::error("Input must be a number")),
            },
            "round_number" => self.round_number(&arg(0), args.get("decimal_places")),
            "min_value" => self.min_max(&arg(0), false),
            "max_value" => self.min_max(&arg(0), true),
            "sum_values" => self.sum_values(&arg(0)),
            _ => Err(no_method(self, name)),
        }
    }

    fn state(&self) -> PyVal {
        PyVal::Dict(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, args: &str) -> Result<String, String> {
        let args = PyVal::parse(args).expect("JSON");
        MathApi
            .call(name, &args)
            .map(|v| tz_tool_common::py::bfcl_text(&v))
    }

    #[test]
    fn precisions_beyond_the_computed_range_are_refused_with_an_error() {
        let log = call("logarithm", r#"{"value": 5, "base": 3, "precision": 800}"#);
        assert!(matches!(&log, Err(e) if e.contains("2500 bits")), "{log:?}");
        for huge in [
            "9223372036854775807",
            "1e300",
            "\"99999999999999999999999999\"",
        ] {
            let args = format!(r#"{{"value": 8, "base": 2, "precision": {huge}}}"#);
            let out = call("logarithm", &args);
            assert!(matches!(&out, Err(e) if e.contains("2500 bits")), "{out:?}");
        }
        let root = call("square_root", r#"{"number": 2, "precision": 1001}"#);
        assert!(matches!(&root, Err(e) if e.contains("1000")), "{root:?}");
        assert!(call("square_root", r#"{"number": 2, "precision": 1000}"#).is_ok());
    }

    #[test]
    fn huge_integer_powers_fail_fast_as_python_fails_to_print_them() {
        let out = call("power", r#"{"base": 3, "exponent": 9000000000000000000}"#);
        assert_eq!(out, Err(num::INT_DIGITS_ERROR.to_string()));
        assert_eq!(
            call("power", r#"{"base": -1, "exponent": 9000000000000000001}"#),
            Ok(r#"{"result": -1}"#.to_string())
        );
    }
}
