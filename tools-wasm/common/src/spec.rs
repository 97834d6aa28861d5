//! Building a tool's `spec` (the OpenAI / BFCL function-calling convention) and checking it.
//!
//! Each function is `{"name", "description", "parameters"}` where `parameters` is a JSON
//! Schema object with typed, described properties, a `required` list and
//! `"additionalProperties": false`. [`check_spec`] enforces exactly that shape; every tool's
//! tests run it over the tool's spec.

use serde_json::{Map, Value, json};

/// One parameter of a function.
#[derive(Debug, Clone)]
pub struct Param {
    name: &'static str,
    schema: Map<String, Value>,
    required: bool,
}

impl Param {
    fn typed(name: &'static str, ty: &str, description: &str) -> Self {
        let mut schema = Map::new();
        schema.insert("type".into(), json!(ty));
        schema.insert("description".into(), json!(description));
        Self {
            name,
            schema,
            required: true,
        }
    }

    /// A required string parameter.
    pub fn string(name: &'static str, description: &str) -> Self {
        Self::typed(name, "string", description)
    }

    /// A required number parameter.
    pub fn number(name: &'static str, description: &str) -> Self {
        Self::typed(name, "number", description)
    }

    /// A required integer parameter.
    pub fn integer(name: &'static str, description: &str) -> Self {
        Self::typed(name, "integer", description)
    }

    /// A required boolean parameter.
    pub fn boolean(name: &'static str, description: &str) -> Self {
        Self::typed(name, "boolean", description)
    }

    /// A required string parameter restricted to `values`.
    pub fn one_of(name: &'static str, description: &str, values: &[&str]) -> Self {
        Self::typed(name, "string", description).with("enum", json!(values))
    }

    /// A required array parameter whose items have JSON type `item_type`.
    pub fn array(name: &'static str, description: &str, item_type: &str) -> Self {
        Self::typed(name, "array", description).with("items", json!({ "type": item_type }))
    }

    /// Makes the parameter optional.
    pub fn optional(mut self) -> Self {
        self.required = false;
        self
    }

    /// Adds a JSON Schema keyword (`minimum`, `maxLength`, `default`, ...).
    pub fn with(mut self, keyword: &str, value: Value) -> Self {
        self.schema.insert(keyword.into(), value);
        self
    }
}

/// One function of a tool.
#[derive(Debug, Clone)]
pub struct FunctionSpec {
    /// The function's name, unique across every tool the host loads.
    pub name: &'static str,
    description: &'static str,
    params: Vec<Param>,
}

impl FunctionSpec {
    /// A function with a description written for the model and its parameters.
    pub fn new(name: &'static str, description: &'static str, params: Vec<Param>) -> Self {
        Self {
            name,
            description,
            params,
        }
    }

    /// The function as a spec entry.
    pub fn to_json(&self) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for p in &self.params {
            properties.insert(p.name.into(), Value::Object(p.schema.clone()));
            if p.required {
                required.push(json!(p.name));
            }
        }
        json!({
            "name": self.name,
            "description": self.description,
            "parameters": {
                "type": "object",
                "properties": properties,
                "required": required,
                "additionalProperties": false,
            }
        })
    }
}

/// The spec text (a JSON array) for `functions`.
pub fn spec_json(functions: &[FunctionSpec]) -> String {
    crate::json_text(&Value::Array(
        functions.iter().map(FunctionSpec::to_json).collect(),
    ))
}

/// Checks that `spec` is a well-formed spec and returns its function names in order.
pub fn check_spec(spec: &str) -> Result<Vec<String>, String> {
    let value: Value = serde_json::from_str(spec).map_err(|e| format!("spec is not JSON: {e}"))?;
    let functions = value.as_array().ok_or("spec must be a JSON array")?;
    let mut names: Vec<String> = Vec::new();
    for f in functions {
        let name = check_function(f)?;
        if names.contains(&name) {
            return Err(format!("function '{name}' appears twice"));
        }
        names.push(name);
    }
    Ok(names)
}

fn check_function(f: &Value) -> Result<String, String> {
    let obj = f.as_object().ok_or("each function must be an object")?;
    let name = obj
        .get("name")
        .and_then(Value::as_str)
        .ok_or("function without a string 'name'")?;
    let snake = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !snake {
        return Err(format!("function name '{name}' is not snake_case"));
    }
    let described = |v: Option<&Value>| v.and_then(Value::as_str).is_some_and(|s| !s.is_empty());
    if !described(obj.get("description")) {
        return Err(format!("function '{name}' has no description"));
    }
    let params = obj
        .get("parameters")
        .and_then(Value::as_object)
        .ok_or_else(|| format!("function '{name}' has no parameters object"))?;
    if params.get("type") != Some(&json!("object")) {
        return Err(format!(
            "function '{name}': parameters must have type object"
        ));
    }
    if params.get("additionalProperties") != Some(&json!(false)) {
        return Err(format!(
            "function '{name}': additionalProperties must be false"
        ));
    }
    let props = params
        .get("properties")
        .and_then(Value::as_object)
        .ok_or_else(|| format!("function '{name}' has no properties object"))?;
    for (pname, p) in props {
        if !p.get("type").is_some_and(Value::is_string) || !described(p.get("description")) {
            return Err(format!(
                "function '{name}': property '{pname}' needs a type and a description"
            ));
        }
    }
    let required = params
        .get("required")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("function '{name}' has no required array"))?;
    for r in required {
        let r = r.as_str().unwrap_or_default();
        if !props.contains_key(r) {
            return Err(format!(
                "function '{name}': required '{r}' is not a property"
            ));
        }
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> FunctionSpec {
        FunctionSpec::new(
            "add_days",
            "Adds days to a date.",
            vec![
                Param::string("date", "ISO date"),
                Param::integer("days", "days to add")
                    .optional()
                    .with("minimum", json!(0)),
            ],
        )
    }

    #[test]
    fn to_json_writes_a_closed_object_schema() {
        let v = sample().to_json();
        assert_eq!(v["parameters"]["type"], "object");
        assert_eq!(v["parameters"]["required"], json!(["date"]));
        assert_eq!(v["parameters"]["additionalProperties"], false);
        assert_eq!(v["parameters"]["properties"]["days"]["minimum"], 0);
        assert_eq!(
            Param::one_of("c", "case", &["a", "b"]).schema["enum"],
            json!(["a", "b"])
        );
        assert_eq!(
            Param::array("xs", "numbers", "number").schema["items"],
            json!({"type": "number"})
        );
        assert_eq!(Param::boolean("b", "flag").schema["type"], "boolean");
        assert_eq!(Param::number("n", "number").schema["type"], "number");
    }

    #[test]
    fn check_spec_accepts_built_specs_and_returns_names() {
        let text = spec_json(&[sample()]);
        assert_eq!(check_spec(&text).unwrap(), vec!["add_days"]);
        assert_eq!(check_spec("[]").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn check_spec_rejects_malformed_specs() {
        let bad = |v: Value| check_spec(&v.to_string()).unwrap_err();
        assert_eq!(bad(json!({})), "spec must be a JSON array");
        assert_eq!(
            bad(json!([{"name": "BadName", "description": "x", "parameters": {}}])),
            "function name 'BadName' is not snake_case"
        );
        assert_eq!(
            bad(json!([{"name": "f", "description": "", "parameters": {}}])),
            "function 'f' has no description"
        );
        let mut open = sample().to_json();
        open["parameters"]["additionalProperties"] = json!(true);
        assert_eq!(
            bad(json!([open])),
            "function 'add_days': additionalProperties must be false"
        );
        let mut undocumented = sample().to_json();
        undocumented["parameters"]["properties"]["date"] = json!({"type": "string"});
        assert_eq!(
            bad(json!([undocumented])),
            "function 'add_days': property 'date' needs a type and a description"
        );
        let mut dangling = sample().to_json();
        dangling["parameters"]["required"] = json!(["nope"]);
        assert_eq!(
            bad(json!([dangling])),
            "function 'add_days': required 'nope' is not a property"
        );
        let twice = json!([sample().to_json(), sample().to_json()]);
        assert_eq!(bad(twice), "function 'add_days' appears twice");
    }
}
