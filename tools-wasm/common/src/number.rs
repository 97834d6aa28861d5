//! Deterministic number formatting for tool results.
//!
//! Results are JSON numbers: integral values (below 2^53 in magnitude) become JSON integers
//! (`7`, not `7.0`); everything else is rounded to 12 significant digits so that float noise
//! such as `0.1 + 0.2 = 0.30000000000000004` reads `0.3`.

use serde_json::Value;

/// Significant digits kept in results.
pub const SIGNIFICANT_DIGITS: usize = 12;

/// Rounds `x` to `digits` significant digits (non-finite values are returned unchanged).
///
/// Fast path: when the shortest text that reads back as `x` has at most `digits` significant
/// digits, `x` is already on the `digits`-digit decimal grid (a double's own rounding error is
/// far below that grid's spacing), so it is returned as is. Only values such as 1/3 take the
/// exact (slower) formatting route.
pub fn round_significant(x: f64, digits: usize) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if shortest_significant_digits(x) <= digits {
        return x;
    }
    let text = format!("{:.*e}", digits.saturating_sub(1), x);
    text.parse().unwrap_or(x)
}

/// Significant digits in the shortest round-trip text of finite `x` (written without
/// allocating into a stack buffer; `{:e}` gives e.g. `-3.0000000000000004e-1`).
fn shortest_significant_digits(x: f64) -> usize {
    use std::fmt::Write;
    let mut buf = StackText::default();
    if write!(buf, "{x:e}").is_err() {
        return usize::MAX;
    }
    buf.significant_digits()
}

/// A fixed buffer long enough for any `{:e}` text of an `f64` (at most 24 bytes).
#[derive(Default)]
struct StackText {
    bytes: [u8; 32],
    len: usize,
}

impl StackText {
    /// The text written so far.
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }

    /// Significant digits of the number written: the mantissa's digits (before any
    /// exponent), leading zeros not counted (`0.00125` has 3).
    fn significant_digits(&self) -> usize {
        self.bytes[..self.len]
            .iter()
            .take_while(|&&b| b != b'e' && b != b'E')
            .filter(|b| b.is_ascii_digit())
            .skip_while(|&&b| b == b'0')
            .count()
    }
}

impl std::fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let dst = self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// `x` as a JSON number: an integer when integral, else rounded to 12 significant digits.
/// Non-finite values (which tools report as errors before this point) become `null`.
pub fn json_number(x: f64) -> Value {
    if !x.is_finite() {
        return Value::Null;
    }
    // Integers below 10^12 have at most 12 digits: nothing to round (the common case).
    if x.fract() == 0.0 && x.abs() < 1e12 {
        return Value::from(x as i64);
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
    let mut out = String::new();
    push_number(&mut out, x);
    out
}

/// Appends `x` to `out` as `json_number` writes it, without building a `Value`.
///
/// Fast path for a non-integral `x`: its shortest JSON text (what `json_number` would print
/// when no rounding is needed) is written once; if it has at most 12 significant digits it
/// is the answer, else the rounding route runs.
pub fn push_number(out: &mut String, x: f64) {
    use std::fmt::Write;
    if x.is_finite()
        && x.fract() != 0.0
        && let Some(n) = serde_json::Number::from_f64(x)
    {
        let mut buf = StackText::default();
        if write!(buf, "{n}").is_ok() && buf.significant_digits() <= SIGNIFICANT_DIGITS {
            out.push_str(buf.as_str());
            return;
        }
    }
    // Writing to a String cannot fail.
    let _ = match json_number(x) {
        Value::Number(n) => write!(out, "{n}"),
        _ => write!(out, "null"),
    };
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

    /// 20,000 seeded values (xorshift64): raw bit patterns (subnormals, huge, tiny), thousandths,
    /// small multiples of 1e-9 and reciprocals.
    fn samples(mut state: u64) -> impl Iterator<Item = f64> {
        (0..20_000u32).map(move |i| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            match i % 4 {
                0 => f64::from_bits(state),
                1 => (state % 1_000_000) as f64 / 1000.0,
                2 => (state % 10_000) as f64 * 1e-9 - 5e-6,
                _ => 1.0 / ((state % 997) as f64 + 1.0),
            }
        })
    }

    #[test]
    fn push_number_writes_what_json_number_prints() {
        for x in samples(0x9E37_79B9_7F4A_7C15) {
            let mut out = String::new();
            push_number(&mut out, x);
            assert_eq!(out, json_number(x).to_string(), "{x:e}");
        }
    }

    #[test]
    fn integers_keep_at_most_twelve_digits() {
        assert_eq!(format_number(999_999_999_999.0), "999999999999");
        assert_eq!(format_number(1_234_567_890_123.0), "1234567890120");
        assert_eq!(format_number(-1e12), "-1000000000000");
        assert_eq!(format_number(1e300), "1e+300");
    }

    #[test]
    fn fast_path_agrees_with_exact_rounding() {
        // Values whose shortest text is short take the fast path; the exact route must agree.
        let exact =
            |x: f64, d: usize| -> f64 { format!("{:.*e}", d - 1, x).parse().unwrap_or(f64::NAN) };
        for x in samples(0x2545_F491_4F6C_DD1D) {
            if !x.is_finite() || x == 0.0 {
                continue;
            }
            for d in [1, 2, 6, 12, 15] {
                assert_eq!(
                    round_significant(x, d).to_bits(),
                    exact(x, d).to_bits(),
                    "{x:e} to {d}"
                );
            }
        }
        assert_eq!(shortest_significant_digits(-0.30000000000000004), 17);
        assert_eq!(shortest_significant_digits(4.25), 3);
        assert_eq!(shortest_significant_digits(f64::MIN_POSITIVE), 17);
    }
}
