//! Function specs and tool calls: the data every layer shares.
//!
//! A [`FunctionSpec`] is one entry of a tool's `spec` JSON array (the OpenAI / BFCL
//! function-calling convention); a [`ToolCall`] is one call a model made.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One function a tool provides: `{"name", "description", "parameters"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionSpec {
    /// Unique function name (unique across a whole tool directory).
    pub name: String,
    /// What the function does, written for the model.
    #[serde(default)]
    pub description: String,
    /// A JSON Schema object (`"type": "object"`) describing the arguments.
    pub parameters: Value,
}

impl FunctionSpec {
    /// The names listed in the schema's `required` array, in order.
    pub fn required(&self) -> Vec<&str> {
        self.parameters
            .get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// The schema's `properties` object, if any.
    pub fn properties(&self) -> Option<&serde_json::Map<String, Value>> {
        self.parameters.get("properties").and_then(Value::as_object)
    }
}

/// One call a model made: a function name and its arguments (a JSON object).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolCall {
    /// The function's name.
    pub name: String,
    /// The arguments, normally a JSON object.
    #[serde(default = "empty_object")]
    pub arguments: Value,
}

fn empty_object() -> Value {
    Value::Object(serde_json::Map::new())
}

impl ToolCall {
    /// A call of `name` with `arguments`.
    pub fn new(name: impl Into<String>, arguments: Value) -> Self {
        Self {
            name: name.into(),
            arguments,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn required_lists_the_schema_required_names_in_order() {
        let spec = FunctionSpec {
            name: "f".into(),
            description: String::new(),
            parameters: json!({"type": "object", "properties": {"a": {}, "b": {}}, "required": ["b", "a"]}),
        };
        assert_eq!(spec.required(), vec!["b", "a"]);
        assert_eq!(spec.properties().map(|p| p.len()), Some(2));
    }

    #[test]
    fn a_call_without_arguments_gets_an_empty_object() {
        let call: ToolCall = serde_json::from_str(r#"{"name": "f"}"#).expect("valid call");
        assert_eq!(call.arguments, json!({}));
    }
}
