//! BFCL v4 multi-turn importer: `BFCL_v4_multi_turn_<kind>.json` (base, miss_func, miss_param,
//! long_context) plus `possible_answer/` to state-checked tasks that run on the BFCL class
//! components of `tools-wasm/` (`gorilla_file_system`, `math_api`, `message_api`,
//! `posting_api`, `ticket_api`, `trading_bot`, `travel_booking`, `vehicle_control`).
//!
//! An entry `{"id", "question": [[messages] per turn], "initial_config", "involved_classes",
//! "excluded_function"?, "missed_function"?}` with its answer `{"id", "ground_truth": [[call
//! strings] per turn]}` becomes a task with:
//! * `tools`: every function of every involved class (the class's tool, by name), minus
//!   `excluded_function`, minus the missed functions, which are the `new_tools` of their turn;
//! * `tool_config`: for every involved class except the stateless MathAPI, `{"scenario":
//!   initial_config[class] or {}, "long_context": <category is long_context>}`, as BFCL loads
//!   each class (`_load_scenario(initial_config.get(class, {}), long_context=...)`);
//! * `messages`: turn 0's messages; `turns[k].user`: turn k's user message. A missed-function
//!   turn (empty in the data) gets the message BFCL's prompting handlers send: the new
//!   functions' docs (here as JSON, where BFCL prints a Python list) and "I have updated some
//!   more functions you can choose from. What about now?";
//! * `turns[k].reference_calls`: the ground truth's calls, positional arguments named from the
//!   function's documented parameter order (as Python binds them); `turns[k].ground_truth`: the
//!   same calls as one exact possible answer, for the reward's partial credit.
//!
//! An entry of a class without a component here (BFCL's web-search and memory classes) or with
//! a call string that does not parse is skipped with a reason.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::bfcl::QuestionMessage;
use super::{DataError, ImportReport, Result, SkipReason, Skipped, read_text};
use crate::checker::{ExpectedCall, PossibleAnswer};
use crate::parse::python::parse_python_calls;
use crate::spec::ToolCall;
use crate::task::{Message, Task, ToolRef, Turn};

/// The multi-turn categories, in BFCL's order.
pub const CATEGORIES: &[&str] = &[
    "multi_turn_base",
    "multi_turn_miss_func",
    "multi_turn_miss_param",
    "multi_turn_long_context",
];

/// BFCL class -> the tool (file stem of its component, and of its function-doc file).
pub const CLASS_TOOLS: &[(&str, &str)] = &[
    ("GorillaFileSystem", "gorilla_file_system"),
    ("MathAPI", "math_api"),
    ("MessageAPI", "message_api"),
    ("TwitterAPI", "posting_api"),
    ("TicketAPI", "ticket_api"),
    ("TradingBot", "trading_bot"),
    ("TravelAPI", "travel_booking"),
    ("VehicleControlAPI", "vehicle_control"),
];

/// Classes BFCL never loads a scenario into.
const STATELESS_CLASSES: &[&str] = &["MathAPI"];

/// What BFCL's prompting handlers say when they add the missed functions.
pub const ADDED_FUNCTIONS_PROMPT: &str =
    "I have updated some more functions you can choose from. What about now?";

/// The tool of BFCL class `class`.
pub fn tool_of(class: &str) -> Option<&'static str> {
    CLASS_TOOLS
        .iter()
        .find(|(c, _)| *c == class)
        .map(|(_, t)| *t)
}

#[derive(Deserialize)]
struct Entry {
    id: String,
    question: Vec<Vec<QuestionMessage>>,
    #[serde(default)]
    initial_config: Map<String, Value>,
    involved_classes: Vec<String>,
    #[serde(default)]
    excluded_function: Vec<String>,
    #[serde(default)]
    missed_function: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
struct Answer {
    id: String,
    ground_truth: Vec<Vec<String>>,
}

/// The functions of one class: name -> (doc as BFCL gives it, parameter names in order).
type ClassDocs = BTreeMap<String, (Value, Vec<String>)>;

/// Reads `multi_turn_func_doc/<tool>.json` for every class (a missing file leaves the class
/// without docs: its entries are skipped).
fn read_docs(dir: &Path) -> Result<BTreeMap<&'static str, (ClassDocs, Vec<String>)>> {
    let mut out = BTreeMap::new();
    for (class, tool) in CLASS_TOOLS {
        let path = dir.join("multi_turn_func_doc").join(format!("{tool}.json"));
        if !path.is_file() {
            continue;
        }
        let mut docs = ClassDocs::new();
        let mut order = Vec::new();
        for (i, line) in read_text(&path)?.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let doc: Value = serde_json::from_str(line).map_err(|e| DataError::Json {
                path: path.clone(),
                message: format!("line {}: {e}", i + 1),
            })?;
            let name = doc["name"].as_str().unwrap_or_default().to_string();
            let params = doc["parameters"]["properties"]
                .as_object()
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default();
            order.push(name.clone());
            docs.insert(name, (doc, params));
        }
        out.insert(*class, (docs, order));
    }
    Ok(out)
}

/// Imports every multi-turn category file in `dir` (BFCL's layout: question files, their
/// `possible_answer/` files and `multi_turn_func_doc/`). Returns `None` when there is none.
pub fn import_dir(dir: &Path) -> Result<Option<ImportReport>> {
    let files: Vec<_> = CATEGORIES
        .iter()
        .filter_map(|c| super::bfcl::category_file(dir, c).map(|p| (*c, p)))
        .collect();
    if files.is_empty() {
        return Ok(None);
    }
    let docs = read_docs(dir)?;
    let mut report = ImportReport::default();
    for (category, path) in files {
        report.extend(import_file(&path, category, &docs)?);
    }
    Ok(Some(report))
}

/// The multi-turn category a question file holds, from its name.
pub fn category_of(path: &Path) -> Option<&'static str> {
    super::bfcl::category_in(path, CATEGORIES)
}

/// Imports one multi-turn question file of `category` (docs from `multi_turn_func_doc/`
/// beside it).
pub fn import_one(path: &Path, category: &str) -> Result<ImportReport> {
    let dir = path.parent().unwrap_or(Path::new("."));
    import_file(path, category, &read_docs(dir)?)
}

fn import_file(
    path: &Path,
    category: &str,
    docs: &BTreeMap<&'static str, (ClassDocs, Vec<String>)>,
) -> Result<ImportReport> {
    let answer_path = super::bfcl::answer_path(path);
    if !answer_path.is_file() {
        return Err(DataError::MissingAnswers {
            path: answer_path,
            category: category.to_string(),
        });
    }
    let file = path.display().to_string();
    let mut report = ImportReport::default();
    let mut answers: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    for (i, line) in read_text(&answer_path)?.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Answer>(line) {
            Ok(a) => {
                answers.insert(a.id, a.ground_truth);
            }
            Err(e) => report.skipped.push(Skipped {
                at: format!("{}:{}", answer_path.display(), i + 1),
                reason: SkipReason::MalformedRow,
                detail: e.to_string(),
            }),
        }
    }
    let long_context = category.contains("long_context");
    for (i, line) in read_text(path)?.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("{file}:{}", i + 1);
        let skip = |reason, detail: String| Skipped {
            at: at.clone(),
            reason,
            detail,
        };
        let entry = match serde_json::from_str::<Entry>(line) {
            Ok(e) => e,
            Err(e) => {
                report
                    .skipped
                    .push(skip(SkipReason::MalformedRow, e.to_string()));
                continue;
            }
        };
        let Some(truth) = answers.get(&entry.id) else {
            report.skipped.push(skip(
                SkipReason::NoAnswer,
                format!("no possible answer for {}", entry.id),
            ));
            continue;
        };
        match entry_task(&entry, truth, category, long_context, docs) {
            Ok(task) => report.tasks.push(task),
            Err((reason, detail)) => report
                .skipped
                .push(skip(reason, format!("{}: {detail}", entry.id))),
        }
    }
    Ok(report)
}

fn entry_task(
    entry: &Entry,
    truth: &[Vec<String>],
    category: &str,
    long_context: bool,
    docs: &BTreeMap<&'static str, (ClassDocs, Vec<String>)>,
) -> std::result::Result<Task, (SkipReason, String)> {
    if truth.len() != entry.question.len() {
        return Err((
            SkipReason::NoAnswer,
            format!(
                "{} turns of questions but {} of ground truth",
                entry.question.len(),
                truth.len()
            ),
        ));
    }
    let mut by_name: BTreeMap<&str, &(Value, Vec<String>)> = BTreeMap::new();
    let mut functions = Vec::new();
    let mut tool_config = BTreeMap::new();
    for class in &entry.involved_classes {
        let (Some(tool), Some((class_docs, order))) = (tool_of(class), docs.get(class.as_str()))
        else {
            return Err((
                SkipReason::BadTools,
                format!("class {class} has no component or no function docs here"),
            ));
        };
        for name in order {
            by_name.insert(name, &class_docs[name]);
            functions.push(name.clone());
        }
        if !STATELESS_CLASSES.contains(&class.as_str()) {
            let scenario = entry
                .initial_config
                .get(class)
                .cloned()
                .unwrap_or_else(|| json!({}));
            tool_config.insert(
                tool.to_string(),
                json!({"scenario": scenario, "long_context": long_context}),
            );
        }
    }
    let excluded: BTreeSet<&str> = entry.excluded_function.iter().map(String::as_str).collect();
    let missed: BTreeSet<&str> = entry
        .missed_function
        .values()
        .flatten()
        .map(String::as_str)
        .collect();
    let tools = functions
        .iter()
        .filter(|f| !excluded.contains(f.as_str()) && !missed.contains(f.as_str()))
        .map(|f| ToolRef::Named(f.clone()))
        .collect();
    let mut messages = Vec::new();
    let mut turns = Vec::new();
    for (k, (question, calls)) in entry.question.iter().zip(truth).enumerate() {
        let new_tools = entry
            .missed_function
            .get(&k.to_string())
            .cloned()
            .unwrap_or_default();
        let text = if new_tools.is_empty() {
            question
                .iter()
                .map(|m| m.content.as_str())
                .collect::<Vec<_>>()
                .join("\n\n")
        } else {
            let shown: Vec<&Value> = new_tools
                .iter()
                .filter_map(|n| by_name.get(n.as_str()).map(|(doc, _)| doc))
                .collect();
            format!(
                "{}\n{ADDED_FUNCTIONS_PROMPT}",
                serde_json::to_string(&shown).unwrap_or_default()
            )
        };
        if k == 0 {
            if new_tools.is_empty() {
                messages.extend(
                    question
                        .iter()
                        .map(|m| Message::new(m.role, m.content.clone())),
                );
            } else {
                messages.push(Message::user(text.clone()));
            }
        }
        let reference: Vec<ToolCall> = calls
            .iter()
            .map(|c| reference_call(c, &by_name))
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| (SkipReason::BadCall, format!("turn {k}: {e}")))?;
        let expected: PossibleAnswer = reference.iter().map(exact_answer).collect();
        turns.push(Turn {
            user: (k > 0).then_some(text),
            ground_truth: if expected.is_empty() {
                Vec::new()
            } else {
                vec![expected]
            },
            expected_answer: None,
            any_call: false,
            reference_calls: Some(reference),
            new_tools,
        });
    }
    if messages.is_empty() {
        return Err((SkipReason::BadHistory, "turn 0 has no message".into()));
    }
    Ok(Task {
        id: entry.id.clone(),
        demonstrations: Vec::new(),
        source: Some("bfcl".into()),
        category: Some(category.to_string()),
        messages,
        tools,
        tool_config,
        turns,
        single_step: false,
    })
}

/// `call` (Python syntax, e.g. `sort('final_report.pdf')`) as a call with named arguments.
pub fn reference_call(
    call: &str,
    docs: &BTreeMap<&str, &(Value, Vec<String>)>,
) -> std::result::Result<ToolCall, String> {
    let open = call
        .find('(')
        .ok_or_else(|| format!("`{call}` is not a call"))?;
    let name = call[..open].trim();
    let params = docs
        .get(name)
        .map(|(_, p)| p.as_slice())
        .ok_or_else(|| format!("`{name}` is not a function of the entry's classes"))?;
    let inner = call[open + 1..]
        .trim_end()
        .strip_suffix(')')
        .ok_or_else(|| format!("`{call}` does not end with `)`"))?;
    let mut named = Vec::new();
    for (i, arg) in split_top_level(inner).into_iter().enumerate() {
        if is_keyword(arg) {
            named.push(arg.trim().to_string());
        } else {
            let param = params
                .get(i)
                .ok_or_else(|| format!("`{call}`: too many positional arguments"))?;
            named.push(format!("{param}={}", arg.trim()));
        }
    }
    let text = format!("{name}({})", named.join(", "));
    let mut calls = parse_python_calls(&text).map_err(|e| format!("`{call}`: {e}"))?;
    match calls.len() {
        1 => Ok(calls.remove(0)),
        n => Err(format!("`{call}` holds {n} calls")),
    }
}

/// The arguments of a call's text split at top-level commas (outside brackets and strings).
fn split_top_level(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(&text[start..]);
    }
    out
}

/// Whether an argument's text is `name=value` (not `==`).
fn is_keyword(arg: &str) -> bool {
    let arg = arg.trim_start();
    let ident: String = arg
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if ident.is_empty() || ident.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let rest = arg[ident.len()..].trim_start();
    rest.starts_with('=') && !rest.starts_with("==")
}

/// A reference call as an expected call accepting exactly its values.
fn exact_answer(call: &ToolCall) -> ExpectedCall {
    let params = call
        .arguments
        .as_object()
        .map(|args| {
            args.iter()
                .map(|(k, v)| (k.clone(), Value::Array(vec![v.clone()])))
                .collect()
        })
        .unwrap_or_default();
    ExpectedCall {
        name: call.name.clone(),
        params,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs() -> BTreeMap<&'static str, &'static (Value, Vec<String>)> {
        let entry: &'static (Value, Vec<String>) = Box::leak(Box::new((
            json!({}),
            vec!["file_name".to_string(), "mode".to_string()],
        )));
        BTreeMap::from([("sort", entry), ("wc", entry)])
    }

    #[test]
    fn positional_arguments_are_named_in_documented_order() {
        let d = docs();
        let c = reference_call("sort('final_report.pdf')", &d).expect("parses");
        assert_eq!(c.arguments, json!({"file_name": "final_report.pdf"}));
        let c = reference_call("wc('a, b.txt', mode='l')", &d).expect("parses");
        assert_eq!(c.arguments, json!({"file_name": "a, b.txt", "mode": "l"}));
        assert!(reference_call("nope(1)", &d).is_err());
        assert!(reference_call("wc(1, 2, 3)", &d).is_err());
    }

    #[test]
    fn keywords_are_told_from_comparisons_and_values() {
        assert!(is_keyword(" mode='l'"));
        assert!(!is_keyword("'a=b'"));
        assert!(!is_keyword("x == 1"));
        assert_eq!(
            split_top_level("[1, 2], {'a': (3, 4)}, 'x,y'"),
            vec!["[1, 2]", " {'a': (3, 4)}", " 'x,y'"]
        );
    }

    fn write(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    #[test]
    fn bad_lines_unknown_classes_and_missing_answers_are_reported_not_fatal() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        write(
            d,
            "multi_turn_func_doc/ticket_api.json",
            r#"{"name": "get_ticket", "description": "d", "parameters": {"type": "dict", "properties": {"ticket_id": {"type": "integer"}}, "required": ["ticket_id"]}}"#,
        );
        let q = [
            r#"{"id": "multi_turn_base_0", "question": [[{"role": "user", "content": "show ticket 3"}], [{"role": "user", "content": "and 4"}]], "initial_config": {"TicketAPI": {"current_user": "a"}}, "involved_classes": ["TicketAPI"]}"#,
            "not json",
            r#"{"id": "multi_turn_base_2", "question": [[{"role": "user", "content": "search"}]], "initial_config": {}, "involved_classes": ["WebSearchAPI"]}"#,
            r#"{"id": "multi_turn_base_3", "question": [[{"role": "user", "content": "x"}]], "initial_config": {}, "involved_classes": ["TicketAPI"]}"#,
        ];
        write(d, "BFCL_v4_multi_turn_base.json", &q.join("\n"));
        let a = [
            r#"{"id": "multi_turn_base_0", "ground_truth": [["get_ticket(3)"], ["get_ticket(ticket_id=4)"]]}"#,
            r#"{"id": "multi_turn_base_2", "ground_truth": [[]]}"#,
        ];
        write(
            d,
            "possible_answer/BFCL_v4_multi_turn_base.json",
            &a.join("\n"),
        );
        let report = import_dir(d).expect("reads").expect("a multi-turn file");
        assert_eq!(report.tasks.len(), 1);
        let task = &report.tasks[0];
        assert!(task.problems().is_empty(), "{:?}", task.problems());
        assert!(task.is_state_checked());
        assert_eq!(
            task.tool_config["ticket_api"],
            json!({"scenario": {"current_user": "a"}, "long_context": false})
        );
        let refs = task.turns[0].reference_calls.as_ref().expect("reference");
        assert_eq!(refs[0].arguments, json!({"ticket_id": 3}));
        assert_eq!(task.turns[1].user.as_deref(), Some("and 4"));
        let reasons: Vec<SkipReason> = report.skipped.iter().map(|s| s.reason).collect();
        assert_eq!(
            reasons,
            vec![
                SkipReason::MalformedRow,
                SkipReason::BadTools,
                SkipReason::NoAnswer
            ]
        );

        std::fs::remove_file(d.join("possible_answer/BFCL_v4_multi_turn_base.json")).expect("rm");
        assert!(matches!(
            import_dir(d),
            Err(DataError::MissingAnswers { .. })
        ));
    }
}
