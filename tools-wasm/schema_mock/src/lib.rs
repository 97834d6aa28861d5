//! Tool `schema_mock`: the generic component behind functions that exist only as JSON
//! schemas (e.g. imported BFCL tasks).
//!
//! Its `spec` is `[]`: the host knows those functions from the task data, validates the
//! arguments against their schemas itself, and routes the calls here. `call` answers every
//! function with a deterministic placeholder,
//! `{"function": name, "result_id": "<16 hex digits>", "status": "ok"}`, where `result_id` is
//! the 64-bit FNV-1a hash of the name, a NUL byte and the canonical arguments (object keys
//! sorted at every level, no whitespace). Equal calls get equal ids whatever the key order.
#![warn(missing_docs)]

#[cfg(target_arch = "wasm32")]
mod component;

use serde_json::{Value, json};

/// FNV-1a 64-bit offset basis.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a 64-bit prime.
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The tool's spec: always the empty array.
pub fn spec() -> String {
    "[]".to_string()
}

/// 64-bit FNV-1a (Fowler, Noll, Vo) over `bytes`: for each byte, `h = (h ^ b) * prime`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_OFFSET, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
    })
}

/// `v` as compact JSON with object keys sorted at every level.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push(':');
                write_canonical(&map[k.as_str()], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// The placeholder result of calling `name` with `arguments` (a JSON object text).
pub fn call(name: &str, arguments: &str) -> Result<String, String> {
    if name.is_empty() {
        return Err("function name is empty".into());
    }
    let args: Value = serde_json::from_str(arguments)
        .map_err(|e| format!("arguments are not valid JSON: {e}"))?;
    if !args.is_object() {
        return Err("arguments must be a JSON object".into());
    }
    let mut bytes = name.as_bytes().to_vec();
    bytes.push(0);
    bytes.extend_from_slice(canonical_json(&args).as_bytes());
    let id = format!("{:016x}", fnv1a64(&bytes));
    Ok(tz_tool_common::json_text(
        &json!({ "function": name, "status": "ok", "result_id": id }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_is_an_empty_array() {
        assert_eq!(spec(), "[]");
        assert!(tz_tool_common::check_spec(&spec()).unwrap().is_empty());
    }

    #[test]
    fn fnv1a64_matches_the_reference_vectors() {
        // From the FNV reference test suite (Fowler/Noll/Vo).
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let v: Value =
            serde_json::from_str(r#"{"b": [ {"y":1, "x":2} ], "a": "s\"q", "c": null}"#).unwrap();
        assert_eq!(
            canonical_json(&v),
            r#"{"a":"s\"q","b":[{"x":2,"y":1}],"c":null}"#
        );
    }

    #[test]
    fn call_returns_a_stable_placeholder() {
        let out: Value =
            serde_json::from_str(&call("get_weather", r#"{"city":"Paris","unit":"C"}"#).unwrap())
                .unwrap();
        assert_eq!(out["function"], "get_weather");
        assert_eq!(out["status"], "ok");
        let expected = format!(
            "{:016x}",
            fnv1a64(b"get_weather\0{\"city\":\"Paris\",\"unit\":\"C\"}")
        );
        assert_eq!(out["result_id"], expected);
        assert_eq!(out["result_id"].as_str().unwrap().len(), 16);
    }

    #[test]
    fn equal_calls_get_equal_ids_and_different_calls_different_ids() {
        let id = |n: &str, a: &str| -> Value {
            serde_json::from_str::<Value>(&call(n, a).unwrap()).unwrap()["result_id"].clone()
        };
        assert_eq!(
            id("f", r#"{"a":1,"b":2}"#),
            id("f", r#"{ "b": 2, "a": 1 }"#)
        );
        assert_ne!(id("f", r#"{"a":1}"#), id("f", r#"{"a":2}"#));
        assert_ne!(id("f", r#"{"a":1}"#), id("g", r#"{"a":1}"#));
        assert_ne!(id("f", "{}"), id("f", r#"{"":null}"#));
    }

    #[test]
    fn malformed_calls_are_errors() {
        assert_eq!(call("", "{}").unwrap_err(), "function name is empty");
        assert_eq!(
            call("f", "[1]").unwrap_err(),
            "arguments must be a JSON object"
        );
        assert!(
            call("f", "{")
                .unwrap_err()
                .starts_with("arguments are not valid JSON")
        );
    }
}
