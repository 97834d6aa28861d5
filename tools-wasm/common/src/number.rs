//! Deterministic number formatting for tool results.
//!
//! Results are JSON numbers: integral values (below 2^53 in magnitude) become JSON integers
//! (`7`, not `7.0`); everything else is rounded to 12 significant digits so that float noise
//! such as `0.1 + 0.2 = 0.30000000000000004` reads `0.3`.

use serde_json::Value;

/// Significant digits kept in results.
pub const SIGNIFICANT_DIGITS: usize = 12;

/// Rounds `x` to `digits` significant digits (non-finite values are returned unchanged).
pub fn round_significant(x: f64, digits: usize) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    let text = format!("{:.*e}", digits.saturating_sub(1), x);
    text.parse().unwrap_or(x)
}

/// `x` as a JSON number: an integer when integral, else rounded to 12 significant digits.
/// Non-finite values (which tools report as errors before this point) become `null`.
pub fn json_number(x: f64) -> Value {
    if !x.is_finite() {
        return Value::Null;
    }
    let r = round_significant(x, SIGNIFICANT_DIGITS);
    if r.fract() == 0.0 && r.abs() < 9.007_199_254_740_992e15 {
        // -0.0 becomes 0.
        return Value::from(r as i64);
    }
    serde_json::Number::from_f64(r).map_or(Value::Null, Value::Number)
}

/// `x` formatted as `json_number` writes it.
pub fn format_number(x: f64) -> String {
    json_number(x).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_print_without_a_fraction() {
        assert_eq!(format_number(7.0), "7");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(-12345678.0), "-12345678");
    }

    #[test]
    fn float_noise_is_rounded_to_twelve_significant_digits() {
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        assert_eq!(format_number(1.0 / 3.0), "0.333333333333");
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(format_number(1e-7), "1e-7");
    }

    #[test]
    fn huge_and_non_finite_values() {
        assert_eq!(format_number(1e20), "1e+20");
        assert_eq!(format_number(f64::NAN), "null");
        assert_eq!(round_significant(f64::INFINITY, 12), f64::INFINITY);
        assert_eq!(round_significant(123.456, 2), 120.0);
    }
}
