//! Python's conversions of values a scenario or a call gives: `int(x)` and `float(x)` (of
//! numbers, and of strs as CPython parses them: surrounding whitespace, a sign, `_` between
//! digits, Unicode decimal digits), and the digit predicates `str.isdigit` and
//! `unicodedata.decimal`, and `str.isspace`.
//!
//! The digit tables are those of CPython 3.11 (Unicode 14.0), printed by
//! `[c for c in range(0x110000) if unicodedata.decimal(chr(c), -1) == 0]` (the zeros of the
//! decimal digit runs, each ten code points long) and by
//! `[c for c in range(0x110000) if chr(c).isdigit() and not chr(c).isdecimal()]` (digits that
//! `int()` rejects: superscripts, circled digits ...). Which other characters count as
//! whitespace is Rust's `char::is_whitespace`, close to Python's `str.isspace`.

use super::{INT_OVERFLOW, type_name};
use crate::py::{PyVal, repr};

/// The first code point of each run of ten Unicode decimal digits (general category Nd).
const DECIMAL_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66,
    0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90,
    0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
    0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50,
    0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// Ranges of characters that are `isdigit()` but not decimal (`int()` rejects them).
const OTHER_DIGITS: [(u32, u32); 20] = [
    (0xb2, 0xb3),
    (0xb9, 0xb9),
    (0x1369, 0x1371),
    (0x19da, 0x19da),
    (0x2070, 0x2070),
    (0x2074, 0x2079),
    (0x2080, 0x2089),
    (0x2460, 0x2468),
    (0x2474, 0x247c),
    (0x2488, 0x2490),
    (0x24ea, 0x24ea),
    (0x24f5, 0x24fd),
    (0x24ff, 0x24ff),
    (0x2776, 0x277e),
    (0x2780, 0x2788),
    (0x278a, 0x2792),
    (0x10a40, 0x10a43),
    (0x10e60, 0x10e68),
    (0x11052, 0x1105a),
    (0x1f100, 0x1f10a),
];

/// The value of a Unicode decimal digit (`unicodedata.decimal`), `None` for other characters.
pub fn decimal_value(c: char) -> Option<u8> {
    let code = c as u32;
    let at = DECIMAL_ZEROS.partition_point(|&zero| zero <= code);
    let zero = DECIMAL_ZEROS[at.checked_sub(1)?];
    let digit = code - zero;
    (digit < 10).then_some(digit as u8)
}

/// Python's `c.isdigit()` for one character.
pub fn is_digit(c: char) -> bool {
    let code = c as u32;
    decimal_value(c).is_some() || OTHER_DIGITS.iter().any(|(a, b)| (*a..=*b).contains(&code))
}

/// Python's `int(value)`: an int (or bool) itself, a float truncated toward zero, a str as
/// [`parse_int`] reads it. `Err` is the text of the exception Python raises (an int outside
/// 64 bits is [`INT_OVERFLOW`]).
pub fn to_int(value: &PyVal) -> Result<i64, String> {
    match value {
        PyVal::Float(f) if f.is_nan() => Err("cannot convert float NaN to integer".into()),
        PyVal::Float(f) if f.is_infinite() => {
            Err("cannot convert float infinity to integer".into())
        }
        PyVal::Float(f) => {
            let t = f.trunc();
            if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&t) {
                Ok(t as i64)
            } else {
                Err(INT_OVERFLOW.into())
            }
        }
        PyVal::Str(s) => match parse_int(s) {
            Some(n) => i64::try_from(n).map_err(|_| INT_OVERFLOW.to_string()),
            None => Err(format!(
                "invalid literal for int() with base 10: {}",
                repr(value)
            )),
        },
        other => other.as_int().ok_or_else(|| {
            format!(
                "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                type_name(other)
            )
        }),
    }
}

/// Python's `float(value)`: a number converted, a str as [`parse_float`] reads it. `Err` is
/// the text of the exception Python raises.
pub fn to_float(value: &PyVal) -> Result<f64, String> {
    match value {
        PyVal::Float(f) => Ok(*f),
        PyVal::Str(s) => parse_float(s)
            .ok_or_else(|| format!("could not convert string to float: {}", repr(value))),
        other => other.as_f64().ok_or_else(|| {
            format!(
                "float() argument must be a string or a real number, not '{}'",
                type_name(other)
            )
        }),
    }
}

/// `int(text)` for a str as CPython 3.11 parses it (base 10): surrounding whitespace, one
/// optional sign, decimal digits (any Unicode decimal digit) with single underscores between
/// them. `None` where Python raises `ValueError`; a value beyond `i128` saturates.
pub fn parse_int(text: &str) -> Option<i128> {
    let ascii = to_ascii(text)?;
    let t = ascii.trim_matches(py_space);
    let (negative, digits) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let mut n: i128 = 0;
    for c in digits.chars().filter(|c| *c != '_') {
        let d = i128::from(c.to_digit(10)?);
        n = n.saturating_mul(10).saturating_add(d);
    }
    Some(if negative { -n } else { n })
}

/// `float(text)` for a str as CPython 3.11 parses it: surrounding whitespace, `_` only between
/// two digits, a decimal number with an optional sign, fraction and exponent (any Unicode
/// decimal digit), or `inf`, `infinity`, `nan` in any case. `None` where Python raises
/// `ValueError`.
pub fn parse_float(text: &str) -> Option<f64> {
    let ascii = to_ascii(text)?;
    let t = ascii.trim_matches(py_space);
    let mut plain = String::with_capacity(t.len());
    let mut prev = '\0';
    for c in t.chars() {
        if c == '_' {
            if !prev.is_ascii_digit() {
                return None;
            }
        } else {
            if prev == '_' && !c.is_ascii_digit() {
                return None;
            }
            plain.push(c);
        }
        prev = c;
    }
    if prev == '_' {
        return None;
    }
    // Rust reads the same syntax; keep it from reading anything else Python refuses.
    let body = plain.strip_prefix(['+', '-']).unwrap_or(&plain);
    let word = body.to_ascii_lowercase();
    let special = matches!(word.as_str(), "inf" | "infinity" | "nan");
    let numeric = body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
    if !(special || numeric) {
        return None;
    }
    plain.parse().ok()
}

/// Python's `str.isspace()` for one character (what `\s` matches in a `str` regex):
/// Unicode `White_Space` plus `\x1c`..`\x1f`, which Python counts as whitespace
/// (bidirectional class B or S) and Unicode does not.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The whitespace CPython strips around a number (`Py_ISSPACE`: ASCII only).
fn py_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r')
}

/// CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII`, which `int()` and `float()` apply
/// first: ASCII kept, other whitespace as a space, decimal digits as ASCII digits; `None` for
/// any other character (the parse then fails).
fn to_ascii(text: &str) -> Option<String> {
    text.chars()
        .map(|c| match c {
            c if c.is_ascii() => Some(c),
            c if is_space(c) => Some(' '),
            c => decimal_value(c).map(|d| char::from(b'0' + d)),
        })
        .collect()
}
