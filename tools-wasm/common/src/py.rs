//! Python values as BFCL's multi-turn API classes return them, and the exact text BFCL makes
//! of them: `json.dumps(value)` for a dict, the value itself for a str, `str(value)` otherwise
//! (see [`bfcl_text`]). The classes' results are compared as strings by BFCL's multi-turn
//! checker, so the text must match Python's byte for byte: `json.dumps`' default separators
//! (`", "`, `": "`) and ASCII escaping, Python's float `repr` (shortest round-trip digits,
//! `1e-05`, `1e+16`), `repr` of strings (quote choice, escapes) and of containers.
//!
//! Limitation: [`repr`] decides which non-ASCII characters are printable with a short list
//! (C1 controls, no-break and other Unicode spaces, zero-width and bidi format characters,
//! line and paragraph separators, private use, non-characters); Python consults the whole
//! Unicode database. The classes' data and the tasks' arguments are ASCII in practice.

use std::fmt::Write;

use serde_json::Value;

/// A Python value: what a BFCL API method returns, and what its state holds.
#[derive(Debug, Clone, PartialEq)]
pub enum PyVal {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An `int` (the classes' ints fit in 64 bits).
    Int(i64),
    /// A `float`.
    Float(f64),
    /// A `str`.
    Str(String),
    /// A `list`.
    List(Vec<PyVal>),
    /// A `tuple`.
    Tuple(Vec<PyVal>),
    /// A `dict`, in insertion order (Python dicts keep it, and `json.dumps` writes it).
    Dict(Vec<(PyVal, PyVal)>),
}

impl PyVal {
    /// A `str`.
    pub fn str(s: impl Into<String>) -> Self {
        Self::Str(s.into())
    }

    /// A dict with string keys, in the given order.
    pub fn dict<K: Into<String>>(items: impl IntoIterator<Item = (K, PyVal)>) -> Self {
        Self::Dict(
            items
                .into_iter()
                .map(|(k, v)| (PyVal::Str(k.into()), v))
                .collect(),
        )
    }

    /// A one-entry dict `{key: value}`: the shape most API results take.
    pub fn one(key: &str, value: PyVal) -> Self {
        Self::dict([(key, value)])
    }

    /// `{"error": message}`: how the classes report most failures (as a result, not an
    /// exception).
    pub fn error(message: impl Into<String>) -> Self {
        Self::one("error", PyVal::Str(message.into()))
    }

    /// A list of strings.
    pub fn strs<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Self {
        Self::List(items.into_iter().map(|s| PyVal::Str(s.into())).collect())
    }

    /// `self[key]` for a dict with a string key `key`.
    pub fn get(&self, key: &str) -> Option<&PyVal> {
        match self {
            Self::Dict(items) => items
                .iter()
                .find(|(k, _)| matches!(k, PyVal::Str(s) if s == key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// `self.get(key, default)` for a dict with a string key `key` (a copy of the value).
    pub fn get_or(&self, key: &str, default: PyVal) -> PyVal {
        self.get(key).cloned().unwrap_or(default)
    }

    /// `&mut self[key]` for a dict with a string key `key`.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut PyVal> {
        match self {
            Self::Dict(items) => items
                .iter_mut()
                .find(|(k, _)| matches!(k, PyVal::Str(s) if s == key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// `self[key] = value` for a dict: replaces in place (keeping the key's position, as
    /// Python does) or appends. No effect on a non-dict.
    pub fn set(&mut self, key: &str, value: PyVal) {
        if let Some(slot) = self.get_mut(key) {
            *slot = value;
        } else if let Self::Dict(items) = self {
            items.push((PyVal::Str(key.to_string()), value));
        }
    }

    /// `self[key] = value` for a dict and any key (compared with [`PyVal::py_eq`]).
    pub fn set_key(&mut self, key: PyVal, value: PyVal) {
        if let Self::Dict(items) = self {
            match items.iter_mut().find(|(k, _)| k.py_eq(&key)) {
                Some(slot) => slot.1 = value,
                None => items.push((key, value)),
            }
        }
    }

    /// The text of a `str`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value of an `int` (or of a `bool`, which is an int in Python).
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Self::Int(i) => Some(*i),
            Self::Bool(b) => Some(i64::from(*b)),
            _ => None,
        }
    }

    /// The value of a number as a float.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Self::Float(f) => Some(*f),
            other => other.as_int().map(|i| i as f64),
        }
    }

    /// Python truthiness: `None`, `False`, zero, and empty strings and containers are false.
    pub fn truthy(&self) -> bool {
        match self {
            Self::None => false,
            Self::Bool(b) => *b,
            Self::Int(i) => *i != 0,
            Self::Float(f) => *f != 0.0,
            Self::Str(s) => !s.is_empty(),
            Self::List(v) | Self::Tuple(v) => !v.is_empty(),
            Self::Dict(v) => !v.is_empty(),
        }
    }

    /// Python `==`: numbers by value across int, float and bool; lists and tuples never
    /// equal each other; dicts regardless of order.
    pub fn py_eq(&self, other: &PyVal) -> bool {
        use PyVal::*;
        match (self, other) {
            (None, None) => true,
            (Str(a), Str(b)) => a == b,
            (List(a), List(b)) | (Tuple(a), Tuple(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.py_eq(y))
            }
            (Dict(a), Dict(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, v)| b.iter().any(|(k2, v2)| k.py_eq(k2) && v.py_eq(v2)))
            }
            (a, b) => match (a.as_int(), b.as_int()) {
                (Some(x), Some(y)) => x == y,
                _ => match (a.as_f64(), b.as_f64()) {
                    (Some(x), Some(y)) => x == y,
                    _ => false,
                },
            },
        }
    }

    /// The value of a JSON document as Python's `json.loads` would give it (arrays are lists,
    /// integers that fit are ints, other numbers floats).
    pub fn from_json(value: &Value) -> Self {
        match value {
            Value::Null => Self::None,
            Value::Bool(b) => Self::Bool(*b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => Self::Int(i),
                None => Self::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => Self::Str(s.clone()),
            Value::Array(items) => Self::List(items.iter().map(Self::from_json).collect()),
            Value::Object(map) => Self::Dict(
                map.iter()
                    .map(|(k, v)| (Self::Str(k.clone()), Self::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// A JSON value for state comparison: tuples become arrays, dict keys their `str`
    /// (an int key `1` becomes `"1"`), non-finite floats strings (`"inf"`, `"nan"`).
    pub fn to_json(&self) -> Value {
        match self {
            Self::None => Value::Null,
            Self::Bool(b) => Value::Bool(*b),
            Self::Int(i) => Value::from(*i),
            Self::Float(f) => serde_json::Number::from_f64(*f)
                .map(Value::Number)
                .unwrap_or_else(|| Value::String(float_repr(*f))),
            Self::Str(s) => Value::String(s.clone()),
            Self::List(items) | Self::Tuple(items) => {
                Value::Array(items.iter().map(Self::to_json).collect())
            }
            Self::Dict(items) => Value::Object(
                items
                    .iter()
                    .map(|(k, v)| (py_str(k), v.to_json()))
                    .collect(),
            ),
        }
    }
}

impl<'de> serde::Deserialize<'de> for PyVal {
    /// Reads JSON as `json.loads` does, keeping object keys in document order (a `Value`
    /// would sort them here, where serde_json's `preserve_order` is off).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PyValVisitor)
    }
}

struct PyValVisitor;

impl<'de> serde::de::Visitor<'de> for PyValVisitor {
    type Value = PyVal;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<PyVal, E> {
        Ok(PyVal::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<PyVal, E> {
        Ok(PyVal::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<PyVal, E> {
        Ok(i64::try_from(v).map_or(PyVal::Float(v as f64), PyVal::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<PyVal, E> {
        Ok(PyVal::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<PyVal, E> {
        Ok(PyVal::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<PyVal, E> {
        Ok(PyVal::Str(v))
    }
    fn visit_unit<E>(self) -> Result<PyVal, E> {
        Ok(PyVal::None)
    }
    fn visit_none<E>(self) -> Result<PyVal, E> {
        Ok(PyVal::None)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<PyVal, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(PyVal::List(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<PyVal, A::Error> {
        let mut items: Vec<(PyVal, PyVal)> = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, PyVal>()? {
            // A repeated key keeps its first position and its last value, as `json.loads`.
            match items
                .iter_mut()
                .find(|(k, _)| k.as_str() == Some(key.as_str()))
            {
                Some(slot) => slot.1 = value,
                None => items.push((PyVal::Str(key), value)),
            }
        }
        Ok(PyVal::Dict(items))
    }
}

impl PyVal {
    /// Parses JSON text as `json.loads` would (object keys in document order).
    pub fn parse(text: &str) -> Result<PyVal, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

/// The result text BFCL's executor makes of a method's return value: a `str` as is, a dict
/// through `json.dumps`, anything else through `str()`.
pub fn bfcl_text(value: &PyVal) -> String {
    match value {
        PyVal::Str(s) => s.clone(),
        PyVal::Dict(_) => json_dumps(value),
        other => repr(other),
    }
}

/// Python's `str(value)`: a `str` itself, anything else its [`repr`].
pub fn py_str(value: &PyVal) -> String {
    match value {
        PyVal::Str(s) => s.clone(),
        other => repr(other),
    }
}

/// Python's `json.dumps(value)` with its defaults (`ensure_ascii=True`, separators `", "` and
/// `": "`, `NaN` / `Infinity` allowed, non-string keys converted as `json.dumps` converts them).
pub fn json_dumps(value: &PyVal) -> String {
    let mut out = String::new();
    dumps_into(&mut out, value);
    out
}

fn dumps_into(out: &mut String, value: &PyVal) {
    match value {
        PyVal::None => out.push_str("null"),
        PyVal::Bool(true) => out.push_str("true"),
        PyVal::Bool(false) => out.push_str("false"),
        PyVal::Int(i) => {
            let _ = write!(out, "{i}");
        }
        PyVal::Float(f) => out.push_str(&json_float(*f)),
        PyVal::Str(s) => dumps_str(out, s),
        PyVal::List(items) | PyVal::Tuple(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                dumps_into(out, item);
            }
            out.push(']');
        }
        PyVal::Dict(items) => {
            out.push('{');
            for (i, (k, v)) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let key = match k {
                    PyVal::Str(s) => s.clone(),
                    PyVal::Float(f) => json_float(*f),
                    PyVal::Bool(true) => "true".into(),
                    PyVal::Bool(false) => "false".into(),
                    PyVal::None => "null".into(),
                    other => repr(other),
                };
                dumps_str(out, &key);
                out.push_str(": ");
                dumps_into(out, v);
            }
            out.push('}');
        }
    }
}

/// A float as `json.dumps` writes it: its `repr`, or `NaN`, `Infinity`, `-Infinity`.
fn json_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        float_repr(f)
    }
}

/// A JSON string literal with `ensure_ascii`: `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, other
/// controls and every non-ASCII character as `\uXXXX` (UTF-16 surrogate pairs above U+FFFF).
fn dumps_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

/// Python's `repr(value)`.
pub fn repr(value: &PyVal) -> String {
    let mut out = String::new();
    repr_into(&mut out, value);
    out
}

fn repr_into(out: &mut String, value: &PyVal) {
    match value {
        PyVal::None => out.push_str("None"),
        PyVal::Bool(true) => out.push_str("True"),
        PyVal::Bool(false) => out.push_str("False"),
        PyVal::Int(i) => {
            let _ = write!(out, "{i}");
        }
        PyVal::Float(f) => out.push_str(&float_repr(*f)),
        PyVal::Str(s) => out.push_str(&str_repr(s)),
        PyVal::List(items) => {
            out.push('[');
            repr_items(out, items);
            out.push(']');
        }
        PyVal::Tuple(items) => {
            out.push('(');
            repr_items(out, items);
            if items.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        PyVal::Dict(items) => {
            out.push('{');
            for (i, (k, v)) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                repr_into(out, k);
                out.push_str(": ");
                repr_into(out, v);
            }
            out.push('}');
        }
    }
}

fn repr_items(out: &mut String, items: &[PyVal]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        repr_into(out, item);
    }
}

/// Python's `repr` of a `str`: single quotes unless the text holds `'` and no `"`; escapes
/// for the backslash, the quote, `\n` `\r` `\t`, and non-printable characters (`\xNN`,
/// `\uNNNN`, `\UNNNNNNNN`).
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if !printable(c) => {
                let code = c as u32;
                let _ = if code < 0x100 {
                    write!(out, "\\x{code:02x}")
                } else if code < 0x10000 {
                    write!(out, "\\u{code:04x}")
                } else {
                    write!(out, "\\U{code:08x}")
                };
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Whether Python's `str.isprintable` holds for `c` (approximated; see the module docs).
fn printable(c: char) -> bool {
    let code = c as u32;
    match code {
        0x20..=0x7e => true,
        0..=0x1f | 0x7f..=0xa0 | 0xad => false,
        0x1680 | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x206f | 0x3000 => false,
        0xd800..=0xf8ff | 0xfeff | 0xfff9..=0xfffb | 0xfffe | 0xffff => false,
        0xf0000.. => false,
        _ => true,
    }
}

/// Python's `repr(float)`: the shortest digits that round-trip, positional when the decimal
/// exponent is in -4..16 (with `.0` when integral), scientific otherwise (`1e-05`, `1.5e+16`).
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    // Rust's `{:e}` gives the shortest round-trip digit *count*: "-1.2345e16", "1e-5". Where
    // two strings of that length round-trip it may not pick the one nearest the value, as
    // Python does; `{:.N$e}` rounds the exact value to that many digits, which is nearest.
    let shortest = format!("{f:e}");
    let count = shortest
        .split_once('e')
        .map_or(1, |(m, _)| m.chars().filter(char::is_ascii_digit).count());
    let sci = format!("{f:.prec$e}", prec = count.saturating_sub(1));
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if (-4..16).contains(&exp) {
        let n = digits.len() as i32;
        let body = if exp < 0 {
            format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
        } else if exp + 1 >= n {
            format!("{}{}.0", digits, "0".repeat((exp + 1 - n) as usize))
        } else {
            let (int, frac) = digits.split_at((exp + 1) as usize);
            format!("{int}.{frac}")
        };
        format!("{sign}{body}")
    } else {
        let exp_sign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{mantissa}e{exp_sign}{:02}", exp.abs())
    }
}

/// Python's `round(x, ndigits)` for `ndigits >= 0`: the float nearest the exact binary
/// value rounded half to even at `ndigits` decimals (Rust's `{:.N}` rounds the same way).
pub fn py_round(x: f64, ndigits: u32) -> f64 {
    if !x.is_finite() || ndigits > 300 {
        return x;
    }
    format!("{x:.prec$}", prec = ndigits as usize)
        .parse()
        .unwrap_or(x)
}

#[cfg(test)]
mod tests;
