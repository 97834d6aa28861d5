//! Python's string built-ins that BFCL's Java and JavaScript converters lean on: `str.strip()`,
//! slicing off the first and last character, `int(s)` and `float(s)`.
//!
//! Python reads any Unicode decimal digit (category Nd) as a digit, in `int()`, `float()` and
//! `\d`; so does this module, with Python 3.11's Unicode 14 table ([`ND_ZEROS`]).
//!
//! Differences (none reachable from BFCL's data): an int beyond 64 bits becomes the nearest
//! float; a non-finite float, which JSON cannot hold, becomes ±`f64::MAX`, which equals no
//! answer value either.

use serde_json::{Number, Value};

/// Python's `str.isspace()` for one character.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{1c}'..='\u{1f}')
}

/// Python's `s.strip()`.
pub fn strip(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// Python's `s[1:-1]` (by characters; empty for strings shorter than two).
pub fn inner(s: &str) -> &str {
    let mut chars = s.char_indices();
    let start = chars.nth(1).map_or(s.len(), |(i, _)| i);
    let end = s.char_indices().last().map_or(0, |(i, _)| i);
    s.get(start..end.max(start)).unwrap_or_default()
}

/// `s` with its last character removed when it is `suffix` (either case), also just before a
/// final newline, as `re.sub(r"[fF]$", "", s)` does.
pub fn strip_suffix_ci(s: &str, suffix: char) -> String {
    let (body, newline) = s.strip_suffix('\n').map_or((s, ""), |b| (b, "\n"));
    match body.strip_suffix([suffix, suffix.to_ascii_uppercase()]) {
        Some(b) => format!("{b}{newline}"),
        None => s.to_string(),
    }
}

/// The zero of every run of ten Unicode decimal digits (category Nd, Unicode 14 as in Python
/// 3.11): `unicodedata.category(c) == "Nd" and unicodedata.decimal(c) == 0`.
const ND_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// The ASCII digit of a Unicode decimal digit, as Python's `int()` reads it.
fn ascii_digit(c: char) -> Option<char> {
    let code = u32::from(c);
    let zero = ND_ZEROS.iter().rev().find(|z| **z <= code)?;
    char::from_digit(code - zero, 10)
}

/// `s` with every Unicode decimal digit written as its ASCII digit.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                c
            } else {
                ascii_digit(c).unwrap_or(c)
            }
        })
        .collect()
}

/// Digits with single `_` between them, as Python's `int()` and `float()` allow.
fn valid_underscores(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.iter().enumerate().all(|(i, c)| {
        *c != b'_'
            || (i > 0 && i + 1 < b.len() && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit())
    })
}

/// Python's `int(s)` (base 10): `None` where Python raises `ValueError`.
pub fn int(s: &str) -> Option<Value> {
    let s = ascii_digits(strip(s));
    let s = s.as_str();
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty()
        || !digits.bytes().all(|c| c.is_ascii_digit() || c == b'_')
        || !valid_underscores(digits)
    {
        return None;
    }
    let digits = digits.replace('_', "");
    let signed = if negative {
        format!("-{digits}")
    } else {
        digits.clone()
    };
    if let Ok(n) = signed.parse::<i64>() {
        return Some(Value::from(n));
    }
    if let (false, Ok(n)) = (negative, digits.parse::<u64>()) {
        return Some(Value::from(n));
    }
    signed.parse::<f64>().ok().map(float_value)
}

/// Python's `float(s)`: `None` where Python raises `ValueError`.
pub fn float(s: &str) -> Option<f64> {
    let s = ascii_digits(strip(s));
    let s = s.as_str();
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let lower = body.to_ascii_lowercase();
    if matches!(lower.as_str(), "inf" | "infinity" | "nan") {
        return s.to_ascii_lowercase().parse::<f64>().ok();
    }
    let ok_chars = body
        .bytes()
        .all(|c| c.is_ascii_digit() || matches!(c, b'_' | b'.' | b'e' | b'E' | b'-' | b'+'));
    let parts_ok = body
        .split(['.', 'e', 'E', '-', '+'])
        .all(|p| p.is_empty() || valid_underscores(p));
    if !ok_chars || !parts_ok || !body.bytes().any(|c| c.is_ascii_digit()) {
        return None;
    }
    s.replace('_', "").parse::<f64>().ok()
}

/// A Python float as JSON: itself when finite, else ±`f64::MAX` (see the module doc).
pub fn float_value(f: f64) -> Value {
    let finite = if f.is_nan() {
        f64::MAX
    } else {
        f.clamp(-f64::MAX, f64::MAX)
    };
    Number::from_f64(finite).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn int_accepts_what_python_int_accepts() {
        assert_eq!(int(" -12 "), Some(json!(-12)));
        assert_eq!(int("+1_000"), Some(json!(1000)));
        assert_eq!(int("007"), Some(json!(7)));
        assert_eq!(
            int("18446744073709551615"),
            Some(json!(18446744073709551615u64))
        );
        for bad in ["", "-", "1.0", "1__0", "_1", "1_", "0x10", "12n", "1e3"] {
            assert_eq!(int(bad), None, "{bad}");
        }
    }

    #[test]
    fn float_accepts_what_python_float_accepts() {
        assert_eq!(float("1.5"), Some(1.5));
        assert_eq!(float(" .5 "), Some(0.5));
        assert_eq!(float("١.٥"), Some(1.5));
        assert_eq!(float("5."), Some(5.0));
        assert_eq!(float("-1_0.5e1_0"), Some(-10.5e10));
        assert_eq!(float("Infinity"), Some(f64::INFINITY));
        assert!(float("nan").is_some_and(f64::is_nan));
        for bad in ["", ".", "1.5f", "1__0", "e5", "1e", "0x1p3", "abc"] {
            assert_eq!(float(bad), None, "{bad}");
        }
        assert_eq!(float_value(f64::INFINITY), json!(f64::MAX));
    }

    #[test]
    fn inner_and_suffix_stripping_follow_python() {
        assert_eq!(inner("\"ab\""), "ab");
        assert_eq!(inner("\""), "");
        assert_eq!(inner("éxé"), "x");
        assert_eq!(strip_suffix_ci("1.5f", 'f'), "1.5");
        assert_eq!(strip_suffix_ci("1.5F\n", 'f'), "1.5\n");
        assert_eq!(strip_suffix_ci("15", 'f'), "15");
        assert_eq!(strip(" \u{1f}x\n"), "x");
    }
}
