//! Python value semantics over JSON values, as the BFCL checker sees them.
//!
//! The official checker runs on Python objects decoded from JSON, so three Python behaviours
//! decide verdicts and are reproduced here: `type(x)` (where `bool` is not `int` and `1.0` is a
//! `float`), `==` (where `1 == 1.0 == True`), and `standardize_string` (drop spaces and
//! `,./-_*^`, lowercase, `'` → `"`).

use serde_json::Value;

/// The Python type a JSON value decodes to (`json.loads`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PyType {
    /// `int` (JSON integers).
    Int,
    /// `float` (JSON numbers with a fraction or exponent).
    Float,
    /// `str`.
    Str,
    /// `bool` (distinct from `int` under `type(x) ==`).
    Bool,
    /// `list` (BFCL's "array" and "tuple").
    List,
    /// `dict` (BFCL's "dict", JSON Schema's "object").
    Dict,
    /// `NoneType`.
    None,
}

impl PyType {
    /// The Python type of a JSON value.
    pub fn of(v: &Value) -> Self {
        match v {
            Value::Null => PyType::None,
            Value::Bool(_) => PyType::Bool,
            Value::Number(n) if n.is_f64() => PyType::Float,
            Value::Number(_) => PyType::Int,
            Value::String(_) => PyType::Str,
            Value::Array(_) => PyType::List,
            Value::Object(_) => PyType::Dict,
        }
    }

    /// The Python type a declared parameter type maps to (`PYTHON_TYPE_MAPPING`), accepting both
    /// BFCL's names and JSON Schema's (`object`, `number`). `None` for an unknown type name.
    pub fn from_declared(name: &str) -> Option<Self> {
        Some(match name {
            "string" | "any" => PyType::Str,
            "integer" => PyType::Int,
            "float" | "number" => PyType::Float,
            "boolean" => PyType::Bool,
            "array" | "tuple" => PyType::List,
            "dict" | "object" => PyType::Dict,
            "null" => PyType::None,
            _ => return None,
        })
    }

    /// Python's name for the type, for messages.
    pub fn name(self) -> &'static str {
        match self {
            PyType::Int => "int",
            PyType::Float => "float",
            PyType::Str => "str",
            PyType::Bool => "bool",
            PyType::List => "list",
            PyType::Dict => "dict",
            PyType::None => "NoneType",
        }
    }
}

/// A number (or bool) as Python compares it numerically: `True == 1 == 1.0`.
fn numeric(v: &Value) -> Option<f64> {
    match v {
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        Value::Number(n) => n.as_f64(),
        _ => None,
    }
}

/// Python's `a == b` on decoded JSON values.
pub fn py_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| py_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, p)| y.get(k).is_some_and(|q| py_eq(p, q)))
        }
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(p), Some(q)) => p == q,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(p), Some(q)) => p == q,
                _ => numeric(a) == numeric(b),
            },
        },
        _ => match (numeric(a), numeric(b)) {
            (Some(p), Some(q)) => p == q,
            _ => false,
        },
    }
}

/// Python's `x in alternatives`.
pub fn py_in(x: &Value, alternatives: &[Value]) -> bool {
    alternatives.iter().any(|a| py_eq(x, a))
}

/// BFCL's `standardize_string`: remove spaces and `,./-_*^`, lowercase, `'` → `"`.
pub fn standardize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            ' ' | ',' | '.' | '/' | '-' | '_' | '*' | '^' => {}
            '\'' => out.push('"'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The characters of `standardize(s)`, without allocating.
fn standardized_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| !matches!(c, ' ' | ',' | '.' | '/' | '-' | '_' | '*' | '^'))
        .flat_map(char::to_lowercase)
        .map(|c| if c == '\'' { '"' } else { c })
}

/// `standardize(a) == standardize(b)`, without allocating.
pub fn standardized_eq(a: &str, b: &str) -> bool {
    standardized_chars(a).eq(standardized_chars(b))
}

/// A value with its top-level string standardized (lists, dict values: the callers decide depth).
pub fn standardize_value(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(standardize(s)),
        other => other.clone(),
    }
}

/// True when the value is the empty string, BFCL's "may be omitted" marker.
pub fn is_omit_marker(v: &Value) -> bool {
    matches!(v, Value::String(s) if s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn python_equality_mixes_ints_floats_and_bools() {
        assert!(py_eq(&json!(1), &json!(1.0)));
        assert!(py_eq(&json!(true), &json!(1)));
        assert!(py_eq(&json!([1, {"a": 2.0}]), &json!([1.0, {"a": 2}])));
        assert!(!py_eq(&json!("1"), &json!(1)));
        assert!(!py_eq(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
    }

    #[test]
    fn python_types_keep_bool_apart_from_int() {
        assert_eq!(PyType::of(&json!(true)), PyType::Bool);
        assert_eq!(PyType::of(&json!(3)), PyType::Int);
        assert_eq!(PyType::of(&json!(3.0)), PyType::Float);
        assert_eq!(PyType::from_declared("object"), Some(PyType::Dict));
        assert_eq!(PyType::from_declared("any"), Some(PyType::Str));
    }

    #[test]
    fn standardize_drops_punctuation_and_case() {
        assert_eq!(standardize("April 1, 2024"), "april12024");
        assert_eq!(standardize("New-York_City*^/."), "newyorkcity");
        assert_eq!(standardize("it's"), "it\"s");
        assert!(standardized_eq("New-York City", "newyorkcity"));
        assert!(!standardized_eq("New York", "newyorkc"));
        assert_eq!(
            standardized_chars("ÀB_c'").collect::<String>(),
            standardize("ÀB_c'")
        );
    }
}
