//! Calls written back in BFCL's Python syntax, the inverse of [`super::parse_python_calls`].

use serde_json::Value;

use crate::spec::ToolCall;

/// Renders calls in BFCL's Python syntax (`[f(a=1, b='x')]`); the inverse of
/// [`super::parse_python_calls`] for arguments whose keys are identifiers (not reserved words).
pub fn render_python_calls(calls: &[ToolCall]) -> String {
    let mut out = String::from("[");
    for (i, call) in calls.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&call.name);
        out.push('(');
        if let Some(args) = call.arguments.as_object() {
            for (j, (k, v)) in args.iter().enumerate() {
                if j > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push('=');
                render_value(v, &mut out);
            }
        }
        out.push(')');
    }
    out.push(']');
    out
}

fn render_value(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Number(n) => match (n.is_f64(), n.as_f64()) {
            (true, Some(f)) => out.push_str(&format!("{f:?}")),
            _ => out.push_str(&n.to_string()),
        },
        // JSON string escapes are valid Python escapes.
        Value::String(s) => out.push_str(&Value::String(s.clone()).to_string()),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                render_value(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push_str(": ");
                render_value(item, out);
            }
            out.push('}');
        }
    }
}
