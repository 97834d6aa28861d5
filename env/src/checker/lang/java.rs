//! BFCL's `java_type_converter` (`bfcl_eval/eval_checker/ast_eval/type_convertor/
//! java_type_converter.py`, bfcl-eval 2026.3.23), ported line by line: a Java argument is its
//! source text, converted to a Python value by the declared type, or left a string when the
//! text does not look like that type.
//!
//! Upstream's quirks are kept: the `char` pattern can never match (a `char` stays a string); an
//! `Array` of `String` keeps each element's quotes (`new String[]{"a"}` gives `["\"a\""]`),
//! while an `ArrayList` of `String` drops them; collections are found by regular-expression
//! *search* anywhere in the text and split on every comma. Python's `re` patterns become Rust
//! ones with the same leftmost-first semantics; `$` (end, or before a final newline) becomes
//! `\n?\z`.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};

use super::pystr;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a constant pattern that the tests compile")
}

static INT: LazyLock<Regex> = LazyLock::new(|| re(r"^-?\d+\n?\z"));
static FLOAT: LazyLock<Regex> = LazyLock::new(|| re(r"^-?\d+(\.\d+)?([eE][+-]?\d+)?[fF]\n?\z"));
static DOUBLE: LazyLock<Regex> = LazyLock::new(|| re(r"^-?\d+(\.\d+)?([eE][+-]?\d+)?\n?\z"));
static LONG: LazyLock<Regex> = LazyLock::new(|| re(r"^-?\d+[lL]\n?\z"));
static AS_LIST: LazyLock<Regex> =
    LazyLock::new(|| re(r"new\s+ArrayList<\w*>\(Arrays\.asList\((.+?)\)\)"));
static ADDS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?s)new\s+ArrayList<\w*>\(\)\s*\{\{\s*(.+?)\s*\}\}"));
static ADD: LazyLock<Regex> = LazyLock::new(|| re(r"add\((.+?)\)"));
static EMPTY_LIST: LazyLock<Regex> = LazyLock::new(|| re(r"new\s+ArrayList<\w*>\(\)"));
static ARRAY: LazyLock<Regex> = LazyLock::new(|| re(r"new\s+\w+\[\]\s*\{(.*?)\}"));
static PUTS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?s)new\s+HashMap<.*?>\s*\(\)\s*\{\s*\{?\s*(.*?)\s*\}?\s*\}"));
static PUT: LazyLock<Regex> = LazyLock::new(|| re(r#"put\("(.*?)",\s*(.*?)\)"#));
static EMPTY_MAP: LazyLock<Regex> = LazyLock::new(|| re(r"new\s+HashMap<.*?>\s*\(\)"));

/// `java_type_converter(value, expected_type, nested_type)`: `None` where upstream raises
/// (`Set`, `Hashtable`, `Queue`, `Stack`, an unknown type, or an int it cannot read).
pub fn convert(value: &str, ty: &str, nested: Option<&str>) -> Option<Value> {
    let text = || Some(Value::String(value.to_string()));
    match ty {
        // a digit Rust's `\d` knows but Python 3.11's does not: upstream's pattern fails
        "byte" | "short" | "integer" if INT.is_match(value) => pystr::int(value).or_else(text),
        "float" if FLOAT.is_match(value) => pystr::float(&pystr::strip_suffix_ci(value, 'f'))
            .map(pystr::float_value)
            .or_else(text),
        "double" if DOUBLE.is_match(value) => {
            pystr::float(value).map(pystr::float_value).or_else(text)
        }
        "long" if LONG.is_match(value) => {
            pystr::int(&pystr::strip_suffix_ci(value, 'l')).or_else(text)
        }
        "boolean" if value == "true" || value == "false" => Some(Value::Bool(value == "true")),
        "byte" | "short" | "integer" | "float" | "double" | "long" | "boolean" | "char" => text(),
        "Array" => parse_array(value, nested),
        "ArrayList" => parse_array_list(value, nested),
        "HashMap" => Some(parse_hash_map(value)),
        "String" | "any" => text(),
        _ => None,
    }
}

/// One element of an `ArrayList`: quotes dropped for `char` and `String`, else converted.
fn list_element(element: &str, nested: Option<&str>) -> Option<Value> {
    match nested {
        Some("char" | "String") => Some(Value::String(pystr::inner(element).to_string())),
        Some(ty) => convert(element, ty, None),
        None => Some(parse_value(element)),
    }
}

fn parse_array_list(input: &str, nested: Option<&str>) -> Option<Value> {
    if let Some(elements) = AS_LIST.captures(input).and_then(|c| c.get(1)) {
        return elements
            .as_str()
            .split(',')
            .map(|e| list_element(pystr::strip(e), nested))
            .collect::<Option<Vec<_>>>()
            .map(Value::Array);
    }
    if let Some(adds) = ADDS.captures(input).and_then(|c| c.get(1)) {
        return ADD
            .captures_iter(adds.as_str())
            .filter_map(|c| c.get(1))
            .map(|m| list_element(pystr::strip(m.as_str()), nested))
            .collect::<Option<Vec<_>>>()
            .map(Value::Array);
    }
    if EMPTY_LIST.is_match(input) {
        return Some(Value::Array(Vec::new()));
    }
    Some(Value::String(input.to_string()))
}

fn parse_array(input: &str, nested: Option<&str>) -> Option<Value> {
    let Some(elements) = ARRAY.captures(input).and_then(|c| c.get(1)) else {
        return Some(Value::String(input.to_string()));
    };
    elements
        .as_str()
        .split(',')
        .map(pystr::strip)
        .filter(|e| !e.is_empty())
        .map(|e| match nested {
            Some(ty) => convert(e, ty, None),
            None => Some(parse_value(e)),
        })
        .collect::<Option<Vec<_>>>()
        .map(Value::Array)
}

fn parse_hash_map(input: &str) -> Value {
    if let Some(puts) = PUTS.captures(input).and_then(|c| c.get(1)) {
        let mut map = Map::new();
        for put in PUT.captures_iter(puts.as_str()) {
            let (Some(key), Some(value)) = (put.get(1), put.get(2)) else {
                continue;
            };
            map.insert(
                key.as_str().to_string(),
                parse_value(pystr::strip(value.as_str())),
            );
        }
        return Value::Object(map);
    }
    if EMPTY_MAP.is_match(input) {
        return Value::Object(Map::new());
    }
    Value::String(input.to_string())
}

/// `parse_java_value`: a collection element without a declared type.
fn parse_value(s: &str) -> Value {
    match s {
        "true" => return Value::Bool(true),
        "false" => return Value::Bool(false),
        _ => {}
    }
    if s.starts_with('"') && s.ends_with('"') {
        return Value::String(pystr::inner(s).to_string());
    }
    if LONG.is_match(s)
        && let Some(v) = pystr::int(pystr::strip_suffix_ci(s, 'l').as_str())
    {
        return v;
    }
    if FLOAT.is_match(s)
        && let Some(f) = pystr::float(&pystr::strip_suffix_ci(s, 'f'))
    {
        return pystr::float_value(f);
    }
    pystr::int(s)
        .or_else(|| pystr::float(s).map(pystr::float_value))
        .unwrap_or_else(|| Value::String(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn conv(value: &str, ty: &str, nested: Option<&str>) -> Option<Value> {
        convert(value, ty, nested)
    }

    /// The cases of upstream's own `test_java_type_converter`, plus its quirks.
    #[test]
    fn java_values_convert_as_upstream_converts_them() {
        assert_eq!(conv("true", "boolean", None), Some(json!(true)));
        assert_eq!(conv("True", "boolean", None), Some(json!("True")));
        assert_eq!(conv("-123", "integer", None), Some(json!(-123)));
        assert_eq!(conv("123L", "integer", None), Some(json!("123L")));
        assert_eq!(conv("2.5f", "float", None), Some(json!(2.5)));
        assert_eq!(conv("3e-3F", "float", None), Some(json!(3e-3)));
        assert_eq!(conv("3.14", "float", None), Some(json!("3.14")));
        assert_eq!(conv("3.14e2", "double", None), Some(json!(314.0)));
        assert_eq!(conv("-123L", "long", None), Some(json!(-123)));
        assert_eq!(conv("a", "char", None), Some(json!("a")));
        assert_eq!(conv("123", "any", None), Some(json!("123")));
        assert_eq!(conv("x", "Set", None), None);
        assert_eq!(
            conv("new int[] { 1, 2, 3 }", "Array", Some("integer")),
            Some(json!([1, 2, 3]))
        );
        assert_eq!(
            conv("new long[]{1L, 2, 3L}", "Array", Some("long")),
            Some(json!([1, "2", 3]))
        );
        assert_eq!(
            conv("new String[]{\"a\", \"b\"}", "Array", Some("String")),
            Some(json!(["\"a\"", "\"b\""]))
        );
        assert_eq!(
            conv(
                "new ArrayList<>(Arrays.asList(\"a\", \"b\"))",
                "ArrayList",
                Some("String")
            ),
            Some(json!(["a", "b"]))
        );
        assert_eq!(
            conv(
                "new ArrayList<Float>() {{ add(1.0f); add(2.0f); }}",
                "ArrayList",
                Some("float")
            ),
            Some(json!([1.0, 2.0]))
        );
        assert_eq!(
            conv("new ArrayList<>()", "ArrayList", None),
            Some(json!([]))
        );
        assert_eq!(conv("myList", "ArrayList", None), Some(json!("myList")));
        assert_eq!(
            conv(
                "new HashMap<String, Object>() {{ put(\"key1\", 123); put(\"key2\", true); put(\"k\", \"v 1\"); }}",
                "HashMap",
                None
            ),
            Some(json!({"key1": 123, "key2": true, "k": "v 1"}))
        );
        assert_eq!(
            conv("new HashMap<>() {{ }}", "HashMap", None),
            Some(json!({}))
        );
        assert_eq!(conv("new HashMap<>()", "HashMap", None), Some(json!({})));
        assert_eq!(conv("m", "HashMap", None), Some(json!("m")));
        assert_eq!(
            conv("new Object[]{1, \"abc\", true, 2.5f, 7L}", "Array", None),
            Some(json!([1, "abc", true, 2.5, 7]))
        );
    }
}
