//! API-Bank (levels 1-3) in ToolRL's processed form, prompted and scored as ToolRL does
//! (`../shared/data/apibank/generate.py` and `evaluate.py`, ToolRL @ 8cee13e).
//!
//! A file `level-N-api_processed.json` is a JSON array of `{"system", "user", "answer",
//! "other"}`; `answer` is a Python dict literal `{'name': …, 'parameters': {…}}`. The model gets
//! `[system, user]` through its chat template. Its output (stripped) is cut as ToolRL cuts it:
//! the text after the last `<tool_call>` up to the next `</tool_call>` (the whole output when
//! there is none), one JSON value per line, lines that are not JSON dropped. The example counts
//! when one call has the answer's `name` and `parameters` equal to the answer's by Python's
//! `==` (so `1 == 1.0` and `True == 1`); a call without `name` or `parameters` is taken whole as
//! the parameters of the answer's function, and a call upstream would raise on (a number, a
//! string naming both keys) ends the scan, as upstream's `try` around the loop does.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use super::{DataError, Result, read_text};
use crate::parse::parse_python_literal;

/// One API-Bank example.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiBankExample {
    /// `Level<N>_<index>`, ToolRL's key.
    pub id: String,
    /// `level-<N>`.
    pub level: String,
    /// ToolRL's system prompt (tools and output format).
    pub system: String,
    /// The dialogue so far.
    pub user: String,
    /// The expected call's name.
    pub answer_name: String,
    /// The expected call's parameters.
    pub answer_parameters: Value,
}

#[derive(Deserialize)]
struct Row {
    system: String,
    user: String,
    answer: Value,
}

/// The level files found in `dir` (`level-1-api_processed.json` … level 3), in level order.
pub fn level_files(dir: &Path) -> Vec<(u8, PathBuf)> {
    (1..=3)
        .map(|n| (n, dir.join(format!("level-{n}-api_processed.json"))))
        .filter(|(_, p)| p.is_file())
        .collect()
}

/// Rows of a level file that are not examples: (row index, why).
pub type BadRows = Vec<(usize, String)>;

/// Reads one level file; rows whose answer cannot be read are returned as [`BadRows`].
pub fn read_level(path: &Path, level: u8) -> Result<(Vec<ApiBankExample>, BadRows)> {
    let text = read_text(path)?;
    let rows: Vec<Value> = serde_json::from_str(&text).map_err(|e| DataError::Json {
        path: path.to_path_buf(),
        message: format!("expected a JSON array of API-Bank rows: {e}"),
    })?;
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for (i, row) in rows.into_iter().enumerate() {
        match example(row, level, i) {
            Ok(e) => out.push(e),
            Err(why) => bad.push((i, why)),
        }
    }
    Ok((out, bad))
}

fn example(row: Value, level: u8, index: usize) -> std::result::Result<ApiBankExample, String> {
    let row: Row = serde_json::from_value(row)
        .map_err(|e| format!("expected {{system, user, answer}}: {e}"))?;
    let answer = match row.answer {
        Value::String(s) => parse_python_literal(&s).map_err(|e| format!("answer: {e}"))?,
        other => other,
    };
    // ToolRL: `if type(answer) == list: answer = answer[0]`.
    let answer = match answer {
        Value::Array(mut a) if !a.is_empty() => a.swap_remove(0),
        other => other,
    };
    let name = answer
        .get("name")
        .and_then(Value::as_str)
        .ok_or("answer has no `name`")?;
    let parameters = answer
        .get("parameters")
        .cloned()
        .ok_or("answer has no `parameters`")?;
    Ok(ApiBankExample {
        id: format!("Level{level}_{index}"),
        level: format!("level-{level}"),
        system: row.system,
        user: row.user,
        answer_name: name.to_string(),
        answer_parameters: parameters,
    })
}

/// The calls in `output` as ToolRL's `generate.py` extracts them.
pub fn toolrl_calls(output: &str) -> Vec<Value> {
    let output = output.trim();
    let after = output.rsplit("<tool_call>").next().unwrap_or(output);
    let inside = after.split("</tool_call>").next().unwrap_or(after).trim();
    inside
        .split('\n')
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// Python's `==` on JSON values: numbers (and bools, as 0 and 1) by value.
pub fn python_eq(a: &Value, b: &Value) -> bool {
    let num = |v: &Value| match v {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    };
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| python_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| python_eq(v, w)))
        }
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Null, Value::Null) => true,
        _ => match (num(a), num(b)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

/// ToolRL's verdict on `calls` for `example` (see the module docs).
pub fn toolrl_correct(example: &ApiBankExample, calls: &[Value]) -> bool {
    for call in calls {
        let predict = match call {
            Value::String(s) => match serde_json::from_str::<Value>(s) {
                Ok(v) => v,
                Err(_) => return false,
            },
            other => other.clone(),
        };
        let has = |key: &str| match &predict {
            Value::Object(m) => Some(m.contains_key(key)),
            Value::Array(items) => Some(items.iter().any(|i| i.as_str() == Some(key))),
            Value::String(s) => Some(s.contains(key)),
            _ => None, // `in` on a number, bool or None raises
        };
        let (Some(has_name), Some(has_parameters)) = (has("name"), has("parameters")) else {
            return false;
        };
        let (name, parameters) = if !has_name || !has_parameters {
            (example.answer_name.as_str(), &predict)
        } else {
            match &predict {
                Value::Object(m) => match (m.get("name"), m.get("parameters")) {
                    (Some(Value::String(n)), Some(p)) => (n.as_str(), p),
                    (Some(_), Some(_)) => continue, // a non-string name never equals
                    _ => return false,
                },
                _ => return false, // indexing a list or string by a key raises
            }
        };
        if name == example.answer_name && python_eq(parameters, &example.answer_parameters) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn ex() -> ApiBankExample {
        ApiBankExample {
            id: "Level2_0".into(),
            level: "level-2".into(),
            system: String::new(),
            user: String::new(),
            answer_name: "SymptomSearch".into(),
            answer_parameters: json!({"symptom": "rash", "n": 1}),
        }
    }

    #[test]
    fn calls_are_cut_from_the_last_tool_call_block_one_json_per_line() {
        let out = "<think>x</think>\n<tool_call>\n{\"a\": 1}\n</tool_call>\n<tool_call>\n{\"name\": \"F\", \"parameters\": {}}\nnot json\n{\"b\": 2}\n</tool_call>";
        assert_eq!(
            toolrl_calls(out),
            vec![json!({"name": "F", "parameters": {}}), json!({"b": 2})]
        );
        assert_eq!(toolrl_calls("{\"x\": 1}\nhello"), vec![json!({"x": 1})]);
    }

    #[test]
    fn a_call_matches_by_name_and_python_equality_of_parameters() {
        let e = ex();
        assert!(toolrl_correct(
            &e,
            &[json!({"name": "SymptomSearch", "parameters": {"n": 1.0, "symptom": "rash"}})]
        ));
        assert!(toolrl_correct(
            &e,
            &[json!({"name": "SymptomSearch", "parameters": {"n": true, "symptom": "rash"}})]
        ));
        assert!(!toolrl_correct(
            &e,
            &[json!({"name": "SymptomSearch", "parameters": {"n": "1", "symptom": "rash"}})]
        ));
        // Without `name`, the call is read as the answer's parameters.
        assert!(toolrl_correct(&e, &[json!({"symptom": "rash", "n": 1})]));
        // A number raises upstream and ends the scan before a later correct call.
        assert!(!toolrl_correct(
            &e,
            &[
                json!(3),
                json!({"name": "SymptomSearch", "parameters": {"symptom": "rash", "n": 1}})
            ]
        ));
    }

    #[test]
    fn the_shared_level_2_file_reads_with_python_literal_answers() {
        let dir = std::env::var_os("TZ_SHARED_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
            .join("data/apibank");
        assert!(
            dir.is_dir(),
            "missing shared data at {}: set TZ_SHARED_DIR to the shared folder",
            dir.display()
        );
        let files = level_files(&dir);
        assert_eq!(files.iter().map(|(n, _)| *n).collect::<Vec<_>>(), vec![2]);
        let (examples, bad) = read_level(&files[0].1, 2).expect("reads");
        assert_eq!((examples.len(), bad.len()), (67, 0));
        assert_eq!(examples[0].answer_name, "SymptomSearch");
        assert_eq!(examples[0].answer_parameters, json!({"symptom": "rash"}));
    }
}
