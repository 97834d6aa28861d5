//! BFCL's `js_type_converter` (`bfcl_eval/eval_checker/ast_eval/type_convertor/
//! js_type_converter.py`, bfcl-eval 2026.3.23), ported line by line: a JavaScript argument is
//! its source text, converted to a Python value by the declared type, or left a string when the
//! text does not look like that type.
//!
//! Upstream's quirks are kept: arrays are read up to the first `]` and split on every comma;
//! a two-dimensional array ignores the item type; object literals are read up to the first `}`
//! and split into `key: value` pairs by upstream's pattern with a look-ahead
//! (`([^:]+):\s*(.*?)(?:,\s*(?=[^,]+:)|$)`), which the `regex` crate cannot express and
//! [`pairs`] reproduces by hand.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};

use super::pystr;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a constant pattern that the tests compile")
}

static INT: LazyLock<Regex> = LazyLock::new(|| re(r"^-?\d+\n?\z"));
static FLOAT: LazyLock<Regex> = LazyLock::new(|| re(r"^-?\d+(\.\d+)?\n?\z"));
static BIGINT: LazyLock<Regex> = LazyLock::new(|| re(r"^-?\d+n\n?\z"));
static ARRAY_2D: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:\[\s*\[.*?\]\s*(?:,\s*\[.*?\]\s*)*\]|\bnew\s+Array\(\s*\[.*?\]\s*(?:,\s*\[.*?\]\s*)*\))",
    )
});
static INNER: LazyLock<Regex> = LazyLock::new(|| re(r"\[(.*?)\]"));
static ARRAY: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:\[(.*?)\]|\bnew\s+Array\((.*?)\))"));
static OBJECT: LazyLock<Regex> = LazyLock::new(|| re(r"^\{(.*?)\}"));

/// `js_type_converter(value, expected_type, nested_type)`: `None` where upstream raises (an
/// unknown type, or a `Bigint` it cannot read).
pub fn convert(value: &str, ty: &str, nested: Option<&str>) -> Option<Value> {
    let text = || Some(Value::String(value.to_string()));
    match ty {
        "String" if quoted(value) => Some(Value::String(pystr::inner(value).to_string())),
        // a digit Rust's `\d` knows but Python 3.11's does not: upstream's pattern fails
        "integer" if INT.is_match(value) => pystr::int(value).or_else(text),
        "float" if FLOAT.is_match(value) => {
            pystr::float(value).map(pystr::float_value).or_else(text)
        }
        // upstream drops the last character: with a final newline `int("12n")` raises
        "Bigint" if BIGINT.is_match(value) => match value.strip_suffix('n') {
            Some(digits) => pystr::int(digits).or_else(text),
            None => None,
        },
        "Boolean" if value == "true" || value == "false" => Some(Value::Bool(value == "true")),
        "String" | "integer" | "float" | "Bigint" | "Boolean" | "any" => text(),
        "dict" => Some(parse_object(pystr::strip(value))),
        "array" => Some(parse_array(pystr::strip(value), nested)),
        _ => None,
    }
}

/// Starts and ends with the same quote, `"` or `'` (a lone quote counts, as in Python).
fn quoted(s: &str) -> bool {
    (s.starts_with('"') && s.ends_with('"')) || (s.starts_with('\'') && s.ends_with('\''))
}

/// `parse_js_collection(code, "array", nested_type)`; anything upstream would raise inside its
/// `try` gives back the text.
fn parse_array(code: &str, nested: Option<&str>) -> Value {
    let text = || Value::String(code.to_string());
    if let Some(whole) = ARRAY_2D.find(code) {
        let rows = INNER
            .captures_iter(whole.as_str())
            .enumerate()
            .map(|(i, c)| {
                let row = pystr::strip(c.get(1).map_or("", |m| m.as_str()));
                let row = if i == 0 {
                    row.strip_prefix('[').unwrap_or(row)
                } else {
                    row
                };
                Value::Array(
                    row.split(',')
                        .map(|e| parse_value(pystr::strip(e)))
                        .collect(),
                )
            });
        return Value::Array(rows.collect());
    }
    let Some(caps) = ARRAY.captures(code) else {
        return text();
    };
    let body = caps
        .get(1)
        .or_else(|| caps.get(2))
        .map_or("", |m| m.as_str());
    let body = pystr::strip(body);
    let elements: Vec<&str> = if body.is_empty() {
        Vec::new()
    } else {
        body.split(',').map(pystr::strip).collect()
    };
    let converted = match nested {
        Some(ty) => elements
            .iter()
            .map(|e| {
                let inner = (e.starts_with('\'') || e.starts_with('"')).then_some("String");
                convert(e, ty, inner)
            })
            .collect::<Option<Vec<_>>>(),
        None => Some(elements.iter().map(|e| parse_value(e)).collect()),
    };
    converted.map_or_else(text, Value::Array)
}

/// `parse_js_collection(code, "dict")`: `{key: value, ...}` up to the first `}`.
fn parse_object(code: &str) -> Value {
    if code == "{}" {
        return Value::Object(Map::new());
    }
    let Some(content) = OBJECT.captures(code).and_then(|c| c.get(1)) else {
        return Value::String(code.to_string());
    };
    let unquote = |s: &str| s.trim_matches(['\'', '"']).to_string();
    let mut map = Map::new();
    for (key, value) in pairs(content.as_str()) {
        let value = pystr::strip(&value);
        let parsed = if value.starts_with('[') && value.ends_with(']') {
            parse_array(value, None)
        } else if value.starts_with('{') && value.ends_with('}') {
            parse_object(value)
        } else {
            parse_value(&unquote(value))
        };
        map.insert(unquote(pystr::strip(&key)), parsed);
    }
    Value::Object(map)
}

/// `re.findall(r"([^:]+):\s*(.*?)(?:,\s*(?=[^,]+:)|$)", s)`: non-overlapping matches from left
/// to right, each tried at every start position in turn.
pub fn pairs(s: &str) -> Vec<(String, String)> {
    let c: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut p = 0;
    while p < c.len() {
        match pair_at(&c, p) {
            Some((key, value, end)) => {
                out.push((key, value));
                p = end;
            }
            None => p += 1,
        }
    }
    out
}

/// The match starting at `p`: key, value and where the match ends. `[^:]+` can only end right
/// before the first colon, and a greedy `\s*` never loses a match that a shorter one finds, so
/// the only search is the lazy value's end.
fn pair_at(c: &[char], p: usize) -> Option<(String, String, usize)> {
    let n = c.len();
    let colon = p + c.get(p..)?.iter().position(|&x| x == ':')?;
    if colon == p {
        return None;
    }
    let mut start = colon + 1;
    while start < n && pystr::is_space(c[start]) {
        start += 1;
    }
    let text = |a: usize, b: usize| c[a..b].iter().collect::<String>();
    for t in start..=n {
        if c.get(t) == Some(&',')
            && let Some(end) = comma_then_key(c, t)
        {
            return Some((text(p, colon), text(start, t), end));
        }
        if t == n || (t + 1 == n && c[t] == '\n') {
            return Some((text(p, colon), text(start, t), t));
        }
        if c[t] == '\n' {
            return None;
        }
    }
    None
}

/// `,\s*(?=[^,]+:)` at the comma `t`: where the match ends (after the longest run of spaces
/// that still leaves a colon ahead before the next comma, at least one character on).
fn comma_then_key(c: &[char], t: usize) -> Option<usize> {
    let n = c.len();
    let mut spaces_end = t + 1;
    while spaces_end < n && pystr::is_space(c[spaces_end]) {
        spaces_end += 1;
    }
    (t + 1..=spaces_end).rev().find(|&u| {
        let next_comma = c[u..].iter().position(|&x| x == ',').map_or(n, |k| u + k);
        (u + 1..next_comma).any(|v| c[v] == ':')
    })
}

/// `parse_js_value`: an element or object value without a declared type.
fn parse_value(s: &str) -> Value {
    let s = pystr::strip(s);
    match s {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ if quoted(s) => Value::String(pystr::inner(s).to_string()),
        _ => pystr::int(s)
            .or_else(|| pystr::float(s).map(pystr::float_value))
            .unwrap_or_else(|| Value::String(s.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The cases of upstream's own tests of `js_type_converter`.
    #[test]
    fn javascript_values_convert_as_upstream_converts_them() {
        let cases = [
            ("true", "Boolean", None, json!(true)),
            ("123", "integer", None, json!(123)),
            ("2.75", "float", None, json!(2.75)),
            ("60", "float", None, json!(60.0)),
            ("123n", "Bigint", None, json!(123)),
            ("'abc'", "String", None, json!("abc")),
            ("abc", "String", None, json!("abc")),
            ("[1, 2, 3]", "array", None, json!([1, 2, 3])),
            ("new Array(1, 2, 3)", "array", None, json!([1, 2, 3])),
            ("[]", "array", None, json!([])),
            ("[1, 'two', true]", "array", None, json!([1, "two", true])),
            ("[1.1, 2.2]", "array", Some("float"), json!([1.1, 2.2])),
            ("[1n, 2n]", "array", Some("Bigint"), json!([1, 2])),
            ("['a', \"b\"]", "array", Some("String"), json!(["a", "b"])),
            (
                " [ [ 1, 2 ], [ 3,   4], [5, 6]]",
                "array",
                Some("array"),
                json!([[1, 2], [3, 4], [5, 6]]),
            ),
            (
                "new Array([1, 2], [3, 4])",
                "array",
                Some("array"),
                json!([[1, 2], [3, 4]]),
            ),
            ("myList", "array", Some("String"), json!("myList")),
            ("{}", "dict", None, json!({})),
            ("{'key': 'value'}", "dict", None, json!({"key": "value"})),
            (
                "{'key1': 123, 'key2': 'value', 'key3': false}",
                "dict",
                None,
                json!({"key1": 123, "key2": "value", "key3": false}),
            ),
        ];
        for (value, ty, nested, want) in cases {
            assert_eq!(convert(value, ty, nested), Some(want), "{value} as {ty}");
        }
        assert_eq!(convert("x", "Set", None), None);
    }

    #[test]
    fn object_literals_split_into_pairs_as_upstreams_look_ahead_does() {
        let dict = convert(
            "{\"initialState\": initialStateObject, \"reducers\": reducersMap, \"middlewares\": [\"loggerMiddleware\"], \"enhancers\": [\"applyMiddleware\", \"myMiddleWare\"]}",
            "dict",
            None,
        );
        assert_eq!(
            dict,
            Some(
                json!({"initialState": "initialStateObject", "reducers": "reducersMap",
                "middlewares": ["loggerMiddleware"], "enhancers": ["applyMiddleware", "myMiddleWare"]})
            )
        );
        // Verified with Python's `re.findall` on the same strings.
        let p = |s: &str| pairs(s);
        let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
        assert_eq!(p("a: 1, b: 2"), [pair("a", "1"), pair("b", "2")]);
        assert_eq!(p("a: x, y, b: 2"), [pair("a", "x, y"), pair("b", "2")]);
        assert_eq!(p("a: 1,  :2"), [pair("a", "1"), pair(" ", "2")]);
        assert_eq!(p("a: 1\nb: 2"), [pair(" 1\nb", "2")]);
        assert_eq!(p("a:1,b"), [pair("a", "1,b")]);
        assert_eq!(p("a: 1\n"), [pair("a", "1")]);
        assert_eq!(p("k: v,\n  j: w"), [pair("k", "v"), pair("j", "w")]);
        assert_eq!(
            p("a: \"x:y\", b: 1"),
            [pair("a", "\"x:y\""), pair("b", "1")]
        );
        assert_eq!(p(":a"), Vec::<(String, String)>::new());
    }
}
