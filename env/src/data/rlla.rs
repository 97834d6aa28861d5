//! ToolRL rlla importer: rows of `rlla_sft.jsonl` (`{instruction, input, output}`) or of the
//! processed veRL split (`test.jsonl`, the same three strings under `extra_info`) to tasks.
//!
//! * `instruction` (ToolRL's system prompt) is not kept: only its `**Available Tools**` list,
//!   `N. Name: …` / `Description: …` / `Parameters: {"p": {"description", "type", "default"}}`,
//!   becomes inline tools. Types map to JSON Schema: `str`/`string` → `string`, `int` → `integer`,
//!   `float` → `number`, `bool` → `boolean`, `list`/`List[…]`/`array`/`tuple`/`set` → `array`
//!   (with `items` for `List[int|float|str|bool]`), `dict` → `object`; anything else gets no
//!   `type` (any value). A parameter is required unless its type says `optional` or it has a
//!   non-empty `default`; a non-empty default is kept as `default`.
//! * `input` (`**Dialogue Records History**` then `<user>`, `<think>`, `<tool_call>`,
//!   `<response>`, `<obs>` blocks) becomes `messages`: user messages; assistant messages with
//!   content `<think>…</think>` (plus `<answer>…</answer>` for a response) and their calls as
//!   `tool_calls`; one tool message per `<obs>` entry `{"name", "results"}` with the results as
//!   compact JSON.
//! * string arguments of non-string parameters (`"2025.0"` for a number, `"[1, 2]"` for a list)
//!   are read as the declared type when they parse as it ([`coerce`]), in the ground truth and in
//!   the history's calls alike; values that do not parse stay as they are (the parseability filter
//!   then drops the task).
//! * `output` (after its last `</think>`) is the ground truth: the `<tool_call>` lines
//!   `{"name", "parameters"}` become one alternative, each value its only acceptable value; no call
//!   means "call nothing"; a `<response>` becomes `expected_answer`. Category: `single`,
//!   `parallel` or `no_call`.
//!
//! Ids are `rlla_<file stem without "rlla_">_<0-based line>`, e.g. `rlla_sft_0`, `rlla_test_3`.
//!
//! Skipped rows: `malformed_row` (not JSON, or a field missing), `bad_tools` (no tool list, a
//! `Parameters:` line that is not a JSON object, or a tool listed twice: one SFT row),
//! `bad_history`, `bad_call` (a `<tool_call>` line that is not `{"name", "parameters"}` JSON),
//! `no_target`.
//!
//! Limits: ToolRL marks no parameter as required, so `required` above is a reading of its
//! `optional`/`default` fields; 37 SFT ground-truth calls omit such a parameter and the
//! parseability filter drops them. Under BFCL rules a parameter the ground truth does not list must
//! not be given, which is stricter than ToolRL's partial-credit reward on the same rows.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value, json};

use super::{ImportReport, Result, SkipReason, Skipped, read_text};
use crate::checker::ExpectedCall;
use crate::spec::{FunctionSpec, ToolCall};
use crate::task::{Message, Role, Task, ToolRef, Turn};

type Convert<T> = std::result::Result<T, (SkipReason, String)>;

/// Imports every row of an rlla JSON Lines file (raw or processed).
pub fn import(path: &Path) -> Result<ImportReport> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("rows");
    let prefix = format!("rlla_{}", stem.strip_prefix("rlla_").unwrap_or(stem));
    let mut report = ImportReport::default();
    for (i, line) in read_text(path)?.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("{}:{}", path.display(), i + 1);
        let converted = serde_json::from_str::<Value>(line)
            .map_err(|e| (SkipReason::MalformedRow, format!("not JSON ({e})")))
            .and_then(|row| convert_row(&format!("{prefix}_{i}"), &row));
        match converted {
            Ok(task) => report.tasks.push(task),
            Err((reason, detail)) => report.skipped.push(Skipped { at, reason, detail }),
        }
    }
    Ok(report)
}

/// One row (raw or processed) as a task with id `id`.
pub fn convert_row(id: &str, row: &Value) -> std::result::Result<Task, (SkipReason, String)> {
    let raw = row.get("extra_info").unwrap_or(row);
    let field = |name: &str| {
        raw.get(name).and_then(Value::as_str).ok_or((
            SkipReason::MalformedRow,
            format!("expected string fields `instruction`, `input`, `output` (or under `extra_info`); `{name}` missing"),
        ))
    };
    let tools = parse_tools(field("instruction")?).map_err(|e| (SkipReason::BadTools, e))?;
    let mut messages = parse_history(field("input")?)?;
    let (mut calls, answer) = parse_target(field("output")?)?;
    let history_calls = messages.iter_mut().flat_map(|m| m.tool_calls.iter_mut());
    for call in calls.iter_mut().chain(history_calls) {
        coerce_call(call, &tools);
    }
    let category = match calls.len() {
        0 => "no_call",
        1 => "single",
        _ => "parallel",
    };
    let ground_truth = if calls.is_empty() {
        Vec::new()
    } else {
        vec![calls.into_iter().map(|c| expected(c, &tools)).collect()]
    };
    Ok(Task {
        tool_config: Default::default(),
        id: id.to_string(),
        demonstrations: Vec::new(),
        source: Some("rlla".into()),
        category: Some(category.into()),
        messages,
        tools: tools.into_iter().map(ToolRef::Inline).collect(),
        turns: vec![Turn {
            ground_truth,
            expected_answer: answer,
            ..Turn::default()
        }],
        single_step: true,
    })
}

/// Reads string arguments of non-string parameters as their declared type (see [`coerce`]).
fn coerce_call(call: &mut ToolCall, tools: &[FunctionSpec]) {
    let Some(spec) = tools.iter().find(|t| t.name == call.name) else {
        return;
    };
    let Value::Object(args) = &mut call.arguments else {
        return;
    };
    for (param, value) in args.iter_mut() {
        let declared = spec
            .properties()
            .and_then(|p| p.get(param))
            .and_then(|s| s.get("type"))
            .and_then(Value::as_str);
        *value = coerce(std::mem::take(value), declared);
    }
}

/// A string value read as the parameter's declared type when it parses as one: ToolACE rows
/// often write `"2025.0"` for a number, `"5"` for an integer, `"true"` for a boolean, or a JSON
/// list/object as a string. Any other value is returned unchanged.
pub fn coerce(value: Value, declared: Option<&str>) -> Value {
    let Value::String(text) = &value else {
        return value;
    };
    let t = text.trim();
    let integer = || t.parse::<i64>().ok().map(Value::from);
    let parsed = match declared {
        Some("integer") => integer(),
        Some("number") => integer().or_else(|| {
            t.parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(Value::from)
        }),
        Some("boolean") => match t.to_ascii_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        Some("array") => serde_json::from_str::<Value>(t)
            .ok()
            .filter(Value::is_array),
        Some("object") => serde_json::from_str::<Value>(t)
            .ok()
            .filter(Value::is_object),
        _ => None,
    };
    parsed.unwrap_or(value)
}

/// A ground-truth call as a BFCL expected call: each value its only acceptable value, written
/// as BFCL writes possible answers. A value of a parameter declared `object` is a dict whose keys
/// map to lists of acceptable values (`{"k": [v]}`), and each dict of an `array` whose `items`
/// are objects likewise; the checker reads those inner lists as alternatives, so an unwrapped
/// dict holding a list could never match. Parameters keep the row's order, as a BFCL answer
/// keeps its own.
fn expected(call: ToolCall, tools: &[FunctionSpec]) -> ExpectedCall {
    let spec = tools.iter().find(|t| t.name == call.name);
    let declared = |param: &str, path: &[&str]| -> Option<String> {
        let mut schema = spec?.properties()?.get(param)?;
        for key in path {
            schema = schema.get(key)?;
        }
        schema.get("type")?.as_str().map(str::to_string)
    };
    let params = match call.arguments {
        Value::Object(args) => args
            .into_iter()
            .map(|(k, v)| {
                let is_dict = |t: Option<String>| matches!(t.as_deref(), Some("object" | "dict"));
                let v = match v {
                    Value::Object(map) if is_dict(declared(&k, &[])) => wrap_dict(map),
                    Value::Array(items) if is_dict(declared(&k, &["items"])) => Value::Array(
                        items
                            .into_iter()
                            .map(|item| match item {
                                Value::Object(map) => wrap_dict(map),
                                other => other,
                            })
                            .collect(),
                    ),
                    other => other,
                };
                (k, vec![v])
            })
            .collect(),
        _ => Vec::new(),
    };
    ExpectedCall::new(call.name, params)
}

/// `{"k": v}` as BFCL's `{"k": [v]}`.
fn wrap_dict(map: Map<String, Value>) -> Value {
    Value::Object(map.into_iter().map(|(k, v)| (k, json!([v]))).collect())
}

/// The `**Available Tools**` section of a ToolRL system prompt as specs.
pub fn parse_tools(instruction: &str) -> std::result::Result<Vec<FunctionSpec>, String> {
    static NAME: LazyLock<Regex> = LazyLock::new(|| constant_regex(r"^\d+\. Name: (.*)$"));
    let section = instruction
        .split_once("**Available Tools**")
        .map(|(_, rest)| rest.split("**Steps for Each Turn**").next().unwrap_or(rest))
        .ok_or("no `**Available Tools**` section")?;
    let mut tools: Vec<(String, Vec<String>, Option<String>)> = Vec::new();
    for line in section.lines() {
        if let Some(c) = NAME.captures(line) {
            tools.push((c[1].trim().to_string(), Vec::new(), None));
        } else if let Some((_, desc, params)) = tools.last_mut() {
            if let Some(p) = line.strip_prefix("Parameters: ") {
                *params = Some(p.to_string());
            } else if let Some(d) = line.strip_prefix("Description: ") {
                desc.push(d.to_string());
            } else if !line.trim().is_empty() && params.is_none() {
                desc.push(line.to_string());
            }
        }
    }
    if tools.is_empty() {
        return Err("the `**Available Tools**` section lists no tool".into());
    }
    let mut seen = BTreeSet::new();
    let mut specs = Vec::new();
    for (name, desc, params) in tools {
        if !seen.insert(name.clone()) {
            return Err(format!("tool `{name}` is listed twice"));
        }
        let params = params.ok_or(format!("tool `{name}` has no `Parameters:` line"))?;
        let params: Map<String, Value> = serde_json::from_str(&params)
            .map_err(|e| format!("tool `{name}`: `Parameters:` is not a JSON object ({e})"))?;
        specs.push(FunctionSpec {
            parameters: object_schema(&name, params)?,
            name,
            description: desc.join("\n"),
        });
    }
    Ok(specs)
}

fn object_schema(name: &str, params: Map<String, Value>) -> std::result::Result<Value, String> {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (param, doc) in params {
        let Value::Object(doc) = doc else {
            return Err(format!(
                "tool `{name}`: parameter `{param}` is not an object"
            ));
        };
        let type_text = match doc.get("type") {
            Some(Value::String(t)) => t.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let (mut schema, optional) = schema_for_type(&type_text);
        if let Some(d) = doc.get("description") {
            schema.insert("description".into(), d.clone());
        }
        let default = doc.get("default").filter(|d| *d != "" && !d.is_null());
        if let Some(d) = default {
            schema.insert("default".into(), d.clone());
        }
        if !optional && default.is_none() {
            required.push(Value::String(param.clone()));
        }
        properties.insert(param, Value::Object(schema));
    }
    Ok(json!({"type": "object", "properties": properties, "required": required}))
}

/// A ToolRL type string as a JSON Schema fragment, and whether it says `optional`.
fn schema_for_type(text: &str) -> (Map<String, Value>, bool) {
    let lower = text.to_ascii_lowercase();
    let optional = lower.contains("optional");
    let base = lower.split(',').next().unwrap_or("").trim();
    let simple = |t: &str| match t {
        "str" | "string" => Some("string"),
        "int" | "integer" => Some("integer"),
        "float" | "number" | "double" => Some("number"),
        "bool" | "boolean" => Some("boolean"),
        _ => None,
    };
    let mut schema = Map::new();
    if let Some(t) = simple(base) {
        schema.insert("type".into(), json!(t));
    } else if ["list", "array", "tuple", "set"]
        .iter()
        .any(|p| base.starts_with(p))
    {
        schema.insert("type".into(), json!("array"));
        let inner = base
            .strip_prefix("list[")
            .and_then(|r| r.strip_suffix(']'))
            .and_then(simple);
        if let Some(item) = inner {
            schema.insert("items".into(), json!({"type": item}));
        }
    } else if base.starts_with("dict") || base == "object" {
        schema.insert("type".into(), json!("object"));
    }
    (schema, optional)
}

static BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    constant_regex(
        r"(?s)<(user|think|tool_call|response|obs)>(.*?)</(user|think|tool_call|response|obs)>",
    )
});

/// A constant pattern (not reachable by input): compiling it cannot fail at run time.
fn constant_regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("constant regex is valid")
}

/// The `**Dialogue Records History**` of `input` as messages.
fn parse_history(input: &str) -> Convert<Vec<Message>> {
    let bad = |m: String| (SkipReason::BadHistory, m);
    let body = input.trim_start();
    let body = body
        .strip_prefix("**Dialogue Records History**")
        .unwrap_or(body);
    let mut messages: Vec<Message> = Vec::new();
    let mut end = 0;
    for c in BLOCK.captures_iter(body) {
        let (open, text, close) = (&c[1], c[2].trim(), &c[3]);
        let whole = c.get(0).map_or(0..0, |m| m.range());
        if open != close {
            return Err(bad(format!("`<{open}>` closed by `</{close}>`")));
        }
        if !body[end..whole.start].trim().is_empty() {
            return Err(bad(format!(
                "text outside blocks: {:?}",
                &body[end..whole.start]
            )));
        }
        end = whole.end;
        let in_turn = messages.last().is_some_and(|m| m.role == Role::Assistant);
        match open {
            "user" => messages.push(Message::user(text)),
            "think" => messages.push(Message::new(
                Role::Assistant,
                format!("<think>{text}</think>"),
            )),
            "tool_call" | "response" if !in_turn => {
                return Err(bad(format!("`<{open}>` without a preceding `<think>`")));
            }
            "tool_call" => {
                let calls = parse_calls(text).map_err(bad)?;
                if let Some(m) = messages.last_mut() {
                    m.tool_calls.extend(calls);
                }
            }
            "response" => {
                if let Some(m) = messages.last_mut() {
                    m.content.push_str(&format!("\n<answer>{text}</answer>"));
                }
            }
            _ => messages.extend(parse_obs(text).map_err(bad)?),
        }
    }
    if !body[end..].trim().is_empty() {
        return Err(bad(format!("text outside blocks: {:?}", &body[end..])));
    }
    match messages.last() {
        Some(m) if matches!(m.role, Role::User | Role::Tool) => Ok(messages),
        _ => Err(bad(
            "the history does not end with a `<user>` or `<obs>` block".into(),
        )),
    }
}

fn parse_obs(text: &str) -> std::result::Result<Vec<Message>, String> {
    let entries: Vec<Map<String, Value>> = serde_json::from_str(text)
        .map_err(|e| format!("`<obs>` is not a JSON list of {{\"name\", \"results\"}} ({e})"))?;
    entries
        .into_iter()
        .map(|mut e| {
            let name = match e.remove("name") {
                Some(Value::String(n)) => n,
                _ => return Err("an `<obs>` entry has no string `name`".to_string()),
            };
            let results = e.remove("results").unwrap_or(Value::Object(e));
            Ok(Message::tool(name, results.to_string()))
        })
        .collect()
}

/// The lines of a `<tool_call>` block, each `{"name", "parameters"}` (or `"arguments"`).
pub fn parse_calls(block: &str) -> std::result::Result<Vec<ToolCall>, String> {
    let mut calls = Vec::new();
    for line in block.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut obj: Map<String, Value> = serde_json::from_str(line)
            .map_err(|e| format!("call line is not a JSON object ({e}): {line}"))?;
        let name = match obj.remove("name") {
            Some(Value::String(n)) => n,
            _ => return Err(format!("call has no string `name`: {line}")),
        };
        let arguments = obj
            .remove("parameters")
            .or_else(|| obj.remove("arguments"))
            .unwrap_or(Value::Object(Map::new()));
        if !arguments.is_object() {
            return Err(format!("call `{name}`: `parameters` is not an object"));
        }
        calls.push(ToolCall::new(name, arguments));
    }
    Ok(calls)
}

/// The target `output`: its calls and its response, read after the last `</think>`.
fn parse_target(output: &str) -> Convert<(Vec<ToolCall>, Option<String>)> {
    let rest = output.rsplit_once("</think>").map_or(output, |(_, r)| r);
    let block = |tag: &str| {
        let (_, after) = rest.split_once(&format!("<{tag}>"))?;
        let (inside, _) = after.split_once(&format!("</{tag}>"))?;
        Some(inside.trim().to_string())
    };
    let calls = match block("tool_call") {
        Some(text) => parse_calls(&text).map_err(|e| (SkipReason::BadCall, e))?,
        None => Vec::new(),
    };
    let answer = block("response");
    if calls.is_empty() && answer.is_none() {
        return Err((
            SkipReason::NoTarget,
            "`output` has neither a `<tool_call>` with calls nor a `<response>`".into(),
        ));
    }
    Ok((calls, answer))
}

#[cfg(test)]
#[path = "rlla_tests.rs"]
mod tests;
