//! Tool Zero tool `{{name}}` (stateful): a notebook whose notes live in one session per
//! episode. The logic is plain Rust, tested natively with `cargo test`; `component.rs`
//! exports it as `tz:tool/stateful` (wasm32 only).

#[cfg(target_arch = "wasm32")]
mod component;

use serde_json::{Value, json};

/// The functions, as the JSON array the host reads: name, description, JSON Schema parameters.
pub fn spec() -> String {
    json!([
        {
            "name": "{{name}}_add_note",
            "description": "Adds a note to the notebook and returns {\"count\": notes now}.",
            "parameters": {
                "type": "object",
                "properties": {"text": {"type": "string", "description": "The note's text"}},
                "required": ["text"],
                "additionalProperties": false
            }
        },
        {
            "name": "{{name}}_list_notes",
            "description": "Lists the notes, oldest first: {\"notes\": [text, ...]}.",
            "parameters": {"type": "object", "properties": {}, "additionalProperties": false}
        }
    ])
    .to_string()
}

/// One episode's state.
#[derive(Debug, Default)]
pub struct Session {
    notes: Vec<String>,
}

impl Session {
    /// Starts an episode. `seed` is the episode's seed: draw any random initial state from it.
    pub fn new(_seed: u64) -> Self {
        Self::default()
    }

    /// Loads the initial state from a task's `tool_config`: `{"notes": [text, ...]}`.
    pub fn load(&mut self, config: &str) -> Result<(), String> {
        let v: Value = serde_json::from_str(config).map_err(|e| format!("config is not JSON: {e}"))?;
        let notes = v["notes"]
            .as_array()
            .ok_or("config must be {\"notes\": [text, ...]}")?;
        self.notes = notes
            .iter()
            .map(|n| n.as_str().map(str::to_string).ok_or("every note must be a string"))
            .collect::<Result<_, _>>()?;
        Ok(())
    }

    /// The observable state, compared by state-based checking.
    pub fn state(&self) -> String {
        json!({"notes": self.notes}).to_string()
    }

    /// Calls function `name` with `arguments` (validated by the host against the schema).
    pub fn call(&mut self, name: &str, arguments: &str) -> Result<String, String> {
        let args: Value =
            serde_json::from_str(arguments).map_err(|e| format!("arguments are not JSON: {e}"))?;
        match name {
            "{{name}}_add_note" => {
                let text = args["text"].as_str().unwrap_or_default().trim();
                if text.is_empty() {
                    return Err("text must not be empty; pass the note's text".to_string());
                }
                self.notes.push(text.to_string());
                Ok(json!({"count": self.notes.len()}).to_string())
            }
            "{{name}}_list_notes" => Ok(json!({"notes": self.notes}).to_string()),
            other => Err(format!("unknown function '{other}'")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_added_are_listed_in_order_and_are_the_state() {
        let mut s = Session::new(0);
        s.load(r#"{"notes": ["first"]}"#).unwrap();
        assert_eq!(s.call("{{name}}_add_note", r#"{"text": "second"}"#).unwrap(), r#"{"count":2}"#);
        assert_eq!(
            s.call("{{name}}_list_notes", "{}").unwrap(),
            r#"{"notes":["first","second"]}"#
        );
        assert_eq!(s.state(), r#"{"notes":["first","second"]}"#);
    }

    #[test]
    fn an_empty_note_and_a_bad_config_are_errors() {
        let mut s = Session::new(0);
        assert!(s.call("{{name}}_add_note", r#"{"text": ""}"#).is_err());
        assert!(s.load(r#"{"notes": [1]}"#).is_err());
    }
}
