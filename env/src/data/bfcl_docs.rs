//! The function docs a BFCL task shows the model, made as BFCL makes them.
//!
//! Upstream (`bfcl_eval/utils.py`, `_func_doc_language_specific_pre_processing`, bfcl-eval
//! 2026.3.23) rewrites every function doc before generation, never for checking:
//!
//! * every description gets a hint: " Note that the provided function is in Python 3 syntax."
//!   (Java: "Java 8 SDK syntax", JavaScript: "JavaScript syntax");
//! * Java and JavaScript parameters all become `"type": "string"`, their description saying the
//!   original type ("This is Java int type parameter in string representation.", "... any type
//!   of Java object ..."), lists naming their element type (the `items` dropped), JavaScript
//!   dicts listing their entries' schema as `json.dumps` writes it (the `properties` dropped).
//!
//! The task keeps the original docs: the checker reads values by their original types.

use serde_json::Value;

use crate::spec::FunctionSpec;
use crate::task::Task;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Python,
    Java,
    JavaScript,
}

fn lang_of(category: &str) -> Lang {
    if category.contains("javascript") {
        Lang::JavaScript
    } else if category.contains("java") {
        Lang::Java
    } else {
        Lang::Python
    }
}

/// The docs `task` shows the model: BFCL's rewrite for a BFCL task (`source: "bfcl"`), else
/// `specs` unchanged.
pub fn shown_specs(task: &Task, specs: &[FunctionSpec]) -> Vec<FunctionSpec> {
    match (task.source.as_deref(), task.category.as_deref()) {
        (Some("bfcl"), Some(category)) => specs
            .iter()
            .map(|s| rewrite(s, lang_of(category)))
            .collect(),
        _ => specs.to_vec(),
    }
}

fn rewrite(spec: &FunctionSpec, lang: Lang) -> FunctionSpec {
    let mut spec = spec.clone();
    spec.description.push_str(match lang {
        Lang::Python => " Note that the provided function is in Python 3 syntax.",
        Lang::Java => " Note that the provided function is in Java 8 SDK syntax.",
        Lang::JavaScript => " Note that the provided function is in JavaScript syntax.",
    });
    if lang == Lang::Python {
        return spec;
    }
    let name = if lang == Lang::Java {
        "Java"
    } else {
        "JavaScript"
    };
    if let Some(props) = spec
        .parameters
        .get_mut("properties")
        .and_then(Value::as_object_mut)
    {
        for value in props.values_mut() {
            if let Some(obj) = value.as_object_mut() {
                rewrite_param(obj, lang, name);
            }
        }
    }
    spec
}

fn rewrite_param(value: &mut serde_json::Map<String, Value>, lang: Lang, name: &str) {
    let ty = value
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let mut note = if ty == "any" {
        format!(" This parameter can be of any type of {name} object in string representation.")
    } else {
        format!(" This is {name} {ty} type parameter in string representation.")
    };
    let is_list = match lang {
        Lang::Java => ty == "ArrayList" || ty == "Array",
        _ => ty == "array",
    };
    if is_list {
        let element = value
            .get("items")
            .and_then(|i| i.get("type"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        note.push_str(&format!(
            " The list elements are of type {element}; they are not in string representation."
        ));
        value.remove("items");
    }
    if lang == Lang::JavaScript
        && ty == "dict"
        && let Some(props) = value.remove("properties")
    {
        note.push_str(&format!(
            " The dictionary entries have the following schema; they are not in string representation. {}",
            python_dumps(&props)
        ));
    }
    let description = value
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    value.insert("description".into(), Value::from(description + &note));
    value.insert("type".into(), Value::from("string"));
}

/// `json.dumps(value)` as Python writes it: `", "` and `": "` separators, non-ASCII as `\uXXXX`.
pub fn python_dumps(value: &Value) -> String {
    let mut out = String::new();
    dump(value, &mut out);
    out
}

fn dump(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                dump_str(k, out);
                out.push_str(": ");
                dump(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                dump(v, out);
            }
            out.push(']');
        }
        Value::String(s) => dump_str(s, out),
        other => out.push_str(&other.to_string()),
    }
}

fn dump_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn task(category: &str) -> Task {
        serde_json::from_value(json!({
            "id": "x", "source": "bfcl", "category": category,
            "messages": [{"role": "user", "content": "q"}], "tools": [], "turns": []
        }))
        .expect("task")
    }

    fn spec(properties: Value) -> FunctionSpec {
        FunctionSpec {
            name: "f".into(),
            description: "Does f.".into(),
            parameters: json!({"type": "object", "properties": properties}),
        }
    }

    #[test]
    fn python_docs_only_get_the_syntax_hint() {
        let s = spec(json!({"a": {"type": "integer", "description": "A."}}));
        let shown = shown_specs(&task("simple_python"), std::slice::from_ref(&s));
        assert_eq!(
            shown[0].description,
            "Does f. Note that the provided function is in Python 3 syntax."
        );
        assert_eq!(shown[0].parameters, s.parameters);
        let ours = Task {
            source: None,
            ..task("simple_python")
        };
        assert_eq!(shown_specs(&ours, std::slice::from_ref(&s))[0], s);
    }

    #[test]
    fn java_parameters_become_strings_that_name_their_type() {
        let s = spec(json!({
            "n": {"type": "int", "description": "N."},
            "xs": {"type": "ArrayList", "description": "Xs.", "items": {"type": "String"}},
            "o": {"type": "any", "description": "O."}
        }));
        let shown = &shown_specs(&task("simple_java"), &[s])[0];
        assert!(shown.description.ends_with("Java 8 SDK syntax."));
        let p = &shown.parameters["properties"];
        assert_eq!(
            p["n"],
            json!({"type": "string", "description": "N. This is Java int type parameter in string representation."})
        );
        assert_eq!(
            p["xs"],
            json!({"type": "string", "description": "Xs. This is Java ArrayList type parameter in string representation. The list elements are of type String; they are not in string representation."})
        );
        assert_eq!(
            p["o"]["description"],
            "O. This parameter can be of any type of Java object in string representation."
        );
    }

    #[test]
    fn javascript_dicts_list_their_schema_as_python_dumps_it() {
        let s = spec(json!({
            "d": {"type": "dict", "description": "D.", "properties": {"k": {"type": "String", "description": "é"}}}
        }));
        let shown = &shown_specs(&task("simple_javascript"), &[s])[0];
        assert_eq!(
            shown.parameters["properties"]["d"],
            json!({"type": "string", "description": "D. This is JavaScript dict type parameter in string representation. The dictionary entries have the following schema; they are not in string representation. {\"k\": {\"type\": \"String\", \"description\": \"\\u00e9\"}}"})
        );
    }
}
