//! Tool Zero tool `{{name}}` (stateless): the logic, plain Rust, tested natively with
//! `cargo test`. `component.rs` exports it as `tz:tool/stateless` (wasm32 only).

#[cfg(target_arch = "wasm32")]
mod component;

use serde_json::{Value, json};

/// The functions, as the JSON array the host reads: name, description, JSON Schema parameters.
pub fn spec() -> String {
    json!([{
        "name": "{{name}}_greet",
        "description": "Greets a person by name and returns {\"greeting\": text}.",
        "parameters": {
            "type": "object",
            "properties": {
                "name": {"type": "string", "description": "The person's name, e.g. 'Ada'"},
                "excited": {"type": "boolean", "description": "End with '!' instead of '.' (default false)"}
            },
            "required": ["name"],
            "additionalProperties": false
        }
    }])
    .to_string()
}

/// Calls function `name` with `arguments` (a JSON object the host validated against the
/// schema). `Err` is a message for the model: say what was wrong and how to fix the call.
pub fn call(name: &str, arguments: &str) -> Result<String, String> {
    let args: Value =
        serde_json::from_str(arguments).map_err(|e| format!("arguments are not JSON: {e}"))?;
    match name {
        "{{name}}_greet" => {
            let who = args["name"].as_str().unwrap_or_default().trim();
            if who.is_empty() {
                return Err("name must not be empty; pass the person's name".to_string());
            }
            let end = if args["excited"].as_bool().unwrap_or(false) { "!" } else { "." };
            Ok(json!({"greeting": format!("Hello, {who}{end}")}).to_string())
        }
        other => Err(format!("unknown function '{other}'")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greets_by_name() {
        assert_eq!(
            call("{{name}}_greet", r#"{"name": "Ada", "excited": true}"#),
            Ok(r#"{"greeting":"Hello, Ada!"}"#.to_string())
        );
    }

    #[test]
    fn an_empty_name_is_an_error_for_the_model() {
        let err = call("{{name}}_greet", r#"{"name": " "}"#).unwrap_err();
        assert!(err.contains("must not be empty"), "{err}");
    }

    #[test]
    fn the_spec_is_a_json_array_naming_every_function() {
        let spec: Value = serde_json::from_str(&spec()).unwrap();
        assert_eq!(spec[0]["name"], "{{name}}_greet");
    }
}
