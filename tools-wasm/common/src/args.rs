//! Defensive reading of a call's JSON arguments object.
//!
//! The host validates arguments against the schema before a call, but tools never trust
//! that: every accessor returns `Err(message)` on a missing or mistyped value instead of
//! panicking, and the message names the parameter and the expected type.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

/// A parsed arguments object.
///
/// The members are kept as a list, not a map: calls carry a handful of arguments, a linear
/// search over them is cheaper than building a B-tree per call, and this is the hot path of
/// every tool call. A repeated key reads as its last value, as with a map.
#[derive(Debug, Clone)]
pub struct Args {
    members: Vec<(String, Value)>,
}

/// The members of a JSON object, in order.
struct Members(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut members = Vec::with_capacity(map.size_hint().unwrap_or(4));
                while let Some(member) = map.next_entry::<String, Value>()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(MembersVisitor)
    }
}

impl Args {
    /// Parses `arguments`, which must be a JSON object text.
    pub fn parse(arguments: &str) -> Result<Self, String> {
        if let Ok(Members(members)) = serde_json::from_str::<Members>(arguments) {
            return Ok(Self { members });
        }
        // Not an object: parse again only to say what it is instead.
        match serde_json::from_str::<Value>(arguments) {
            Ok(other) => Err(format!(
                "arguments must be a JSON object, got {}",
                type_name(&other)
            )),
            Err(e) => Err(format!("arguments are not valid JSON: {e}")),
        }
    }

    /// The raw value of `key`, if present and not null.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.members
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|v| !v.is_null())
    }

    /// A required string.
    pub fn str(&self, key: &str) -> Result<&str, String> {
        self.opt_str(key)?.ok_or_else(|| missing(key, "string"))
    }

    /// An optional string.
    pub fn opt_str(&self, key: &str) -> Result<Option<&str>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(v) => Err(mistyped(key, "string", v)),
        }
    }

    /// A required number.
    pub fn f64(&self, key: &str) -> Result<f64, String> {
        self.opt_f64(key)?.ok_or_else(|| missing(key, "number"))
    }

    /// An optional number.
    pub fn opt_f64(&self, key: &str) -> Result<Option<f64>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) => n
                .as_f64()
                .map(Some)
                .ok_or_else(|| format!("parameter '{key}' is not a representable number")),
            Some(v) => Err(mistyped(key, "number", v)),
        }
    }

    /// A required integer (a JSON number with no fractional part, e.g. `3` or `3.0`).
    pub fn i64(&self, key: &str) -> Result<i64, String> {
        self.opt_i64(key)?.ok_or_else(|| missing(key, "integer"))
    }

    /// An optional integer.
    pub fn opt_i64(&self, key: &str) -> Result<Option<i64>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) => {
                if let Some(i) = n.as_i64() {
                    return Ok(Some(i));
                }
                match n.as_f64() {
                    Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(Some(f as i64)),
                    _ => Err(format!(
                        "parameter '{key}' must be an integer in range, got {n}"
                    )),
                }
            }
            Some(v) => Err(mistyped(key, "integer", v)),
        }
    }

    /// An optional boolean.
    pub fn opt_bool(&self, key: &str) -> Result<Option<bool>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(mistyped(key, "boolean", v)),
        }
    }

    /// A required array of numbers.
    pub fn f64_array(&self, key: &str) -> Result<Vec<f64>, String> {
        match self.get(key) {
            None => Err(missing(key, "array of numbers")),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    v.as_f64().ok_or_else(|| {
                        format!(
                            "parameter '{key}' must hold only numbers; item {i} is {}",
                            type_name(v)
                        )
                    })
                })
                .collect(),
            Some(v) => Err(mistyped(key, "array of numbers", v)),
        }
    }
}

fn missing(key: &str, expected: &str) -> String {
    format!("missing required parameter '{key}' ({expected})")
}

fn mistyped(key: &str, expected: &str, got: &Value) -> String {
    format!(
        "parameter '{key}' must be a {expected}, got {}",
        type_name(got)
    )
}

/// The JSON type name of a value, for error messages.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_objects_and_rejects_everything_else() {
        assert!(Args::parse("{}").is_ok());
        assert_eq!(
            Args::parse("[1]").unwrap_err(),
            "arguments must be a JSON object, got array"
        );
        assert!(
            Args::parse("{oops")
                .unwrap_err()
                .starts_with("arguments are not valid JSON")
        );
    }

    #[test]
    fn a_repeated_key_reads_as_its_last_value_like_a_map() {
        let args = Args::parse(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap();
        assert_eq!(args.i64("a").unwrap(), 3);
        assert_eq!(args.i64("b").unwrap(), 2);
        let map: serde_json::Map<String, Value> =
            serde_json::from_str(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap();
        assert_eq!(map["a"], 3);
    }

    #[test]
    fn accessors_read_typed_values() {
        let a = Args::parse(r#"{"s":"x","n":2.5,"i":3,"f":4.0,"b":true,"l":[1,2.5],"z":null}"#)
            .unwrap();
        assert_eq!(a.str("s").unwrap(), "x");
        assert_eq!(a.f64("n").unwrap(), 2.5);
        assert_eq!(a.f64("i").unwrap(), 3.0);
        assert_eq!(a.i64("i").unwrap(), 3);
        assert_eq!(a.i64("f").unwrap(), 4);
        assert_eq!(a.opt_bool("b").unwrap(), Some(true));
        assert_eq!(a.f64_array("l").unwrap(), vec![1.0, 2.5]);
        assert_eq!(a.opt_str("z").unwrap(), None, "null reads as absent");
        assert_eq!(a.opt_i64("absent").unwrap(), None);
    }

    #[test]
    fn accessors_explain_missing_and_mistyped_values() {
        let a = Args::parse(r#"{"s":"x","n":2.5,"l":[1,"a"]}"#).unwrap();
        assert_eq!(
            a.str("q").unwrap_err(),
            "missing required parameter 'q' (string)"
        );
        assert_eq!(
            a.f64("s").unwrap_err(),
            "parameter 's' must be a number, got string"
        );
        assert_eq!(
            a.i64("n").unwrap_err(),
            "parameter 'n' must be an integer in range, got 2.5"
        );
        assert_eq!(
            a.opt_bool("n").unwrap_err(),
            "parameter 'n' must be a boolean, got number"
        );
        assert_eq!(
            a.f64_array("l").unwrap_err(),
            "parameter 'l' must hold only numbers; item 1 is string"
        );
        assert_eq!(
            a.f64_array("s").unwrap_err(),
            "parameter 's' must be a array of numbers, got string"
        );
    }
}
