//! BFCL v4 importer: question files plus `possible_answer/` files to tasks.
//!
//! Files are JSON Lines despite their `.json` name. The category comes from the file name
//! (`BFCL_v4_<category>.json`, also `BFCL_v3_`); answers are joined to questions by `id`.
//! * question `{"id", "question": [[{"role", "content"}...]], "function": [funcdoc...]}` → task with
//!   `source: "bfcl"`, the first (only) turn's messages, every funcdoc as an inline tool;
//! * possible answer `{"id", "ground_truth": [{"func": {"param": [values]}}...]}` → one alternative
//!   holding every listed call (parallel categories list several), each a
//!   [`checker::ExpectedCall`](crate::checker::ExpectedCall) with its parameters in the answer's
//!   order, the order the checker walks them in as upstream does (a task file writes them in
//!   name order, see [`crate::task`]);
//! * `irrelevance` / `live_irrelevance` have no answers: ground truth `[]` ("call nothing");
//!   `live_relevance` has none either: `any_call: true`.
//!
//! Specs keep BFCL's own types (`dict`, `float`, `tuple`, `any`, Java/JavaScript type names) inside
//! `properties`, as the checker expects; only the top-level `parameters` is made a JSON Schema object
//! (`"type": "dict"` becomes `"object"`, a missing `properties` becomes `{}`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{DataError, ImportReport, Result, SkipReason, Skipped, read_text};
use crate::checker::{ExpectedCall, PossibleAnswer};
use crate::spec::FunctionSpec;
use crate::task::{Message, Role, Task, ToolRef, Turn};

/// The single-turn AST categories BFCL v4 defines, in BFCL's order.
pub const CATEGORIES: &[&str] = &[
    "simple_python",
    "simple_java",
    "simple_javascript",
    "multiple",
    "parallel",
    "parallel_multiple",
    "irrelevance",
    "live_simple",
    "live_multiple",
    "live_parallel",
    "live_parallel_multiple",
    "live_irrelevance",
    "live_relevance",
];

/// Categories without possible answers.
fn has_answers(category: &str) -> bool {
    !matches!(
        category,
        "irrelevance" | "live_irrelevance" | "live_relevance"
    )
}

/// The category a question file holds, from its name (`BFCL_v4_multiple.json` → `multiple`).
pub fn category_of(path: &Path) -> Option<&'static str> {
    category_in(path, CATEGORIES)
}

/// The category of `categories` a question file's name (`BFCL_v4_<category>.json`, also
/// `BFCL_v3_`) names.
pub fn category_in(path: &Path, categories: &[&'static str]) -> Option<&'static str> {
    let stem = path.file_name()?.to_str()?.strip_suffix(".json")?;
    let rest = stem
        .strip_prefix("BFCL_v4_")
        .or_else(|| stem.strip_prefix("BFCL_v3_"))?;
    categories.iter().copied().find(|c| *c == rest)
}

#[derive(Deserialize)]
struct Question {
    id: String,
    question: Vec<Vec<QuestionMessage>>,
    function: Vec<Value>,
}

/// One message of a BFCL question turn (single- and multi-turn files alike).
#[derive(Deserialize)]
pub(super) struct QuestionMessage {
    pub(super) role: Role,
    pub(super) content: String,
}

#[derive(Deserialize)]
struct Answer {
    id: String,
    ground_truth: Vec<Map<String, Value>>,
}

/// Imports every known category file in `dir` (answers from `dir/possible_answer/`), in
/// [`CATEGORIES`] order: `BFCL_v4_<category>.json`, else the v3 name `BFCL_v3_<category>.json`.
/// Files of other names are ignored; a folder with no category file at all is an error.
pub fn import_dir(dir: &Path) -> Result<ImportReport> {
    if !dir.is_dir() {
        return Err(DataError::Io {
            path: dir.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder"),
        });
    }
    let mut report = ImportReport::default();
    let mut found = 0;
    for category in CATEGORIES {
        if let Some(path) = category_file(dir, category) {
            found += 1;
            report.extend(import_file(&path)?);
        }
    }
    if let Some(multi) = super::bfcl_multi_turn::import_dir(dir)? {
        found += 1;
        report.extend(multi);
    }
    if found == 0 {
        return Err(DataError::NoBfclFiles {
            path: dir.to_path_buf(),
            known: known_categories(),
        });
    }
    Ok(report)
}

/// Every category this importer reads, single- and multi-turn, comma-separated.
fn known_categories() -> String {
    CATEGORIES
        .iter()
        .chain(super::bfcl_multi_turn::CATEGORIES)
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

/// The question file of `category` in `dir`: `BFCL_v4_<category>.json`, else the v3 name.
pub fn category_file(dir: &Path, category: &str) -> Option<PathBuf> {
    ["BFCL_v4_", "BFCL_v3_"]
        .iter()
        .map(|v| dir.join(format!("{v}{category}.json")))
        .find(|p| p.is_file())
}

/// Imports one question file; its answers are read from `possible_answer/<same name>` beside it
/// (and, for a multi-turn category, the classes' docs from `multi_turn_func_doc/` beside it).
pub fn import_file(path: &Path) -> Result<ImportReport> {
    if let Some(category) = super::bfcl_multi_turn::category_of(path) {
        return super::bfcl_multi_turn::import_one(path, category);
    }
    let category = category_of(path).ok_or_else(|| DataError::UnknownCategory {
        path: path.to_path_buf(),
        known: known_categories(),
    })?;
    let answers = if has_answers(category) {
        let answer_path = answer_path(path);
        if !answer_path.is_file() {
            return Err(DataError::MissingAnswers {
                path: answer_path,
                category: category.to_string(),
            });
        }
        Some(answer_path)
    } else {
        None
    };
    import_files(path, answers.as_deref(), category)
}

/// Where the possible answers of a question file are: `possible_answer/<same name>` beside it.
pub fn answer_path(question: &Path) -> PathBuf {
    let name = question.file_name().unwrap_or_default();
    question
        .parent()
        .unwrap_or(Path::new("."))
        .join("possible_answer")
        .join(name)
}

/// Imports a question file and (for categories that have them) its answer file.
pub fn import_files(
    questions: &Path,
    answers: Option<&Path>,
    category: &str,
) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    let mut by_id = BTreeMap::new();
    let mut duplicates = std::collections::BTreeSet::new();
    let mut questions_seen: BTreeMap<String, String> = BTreeMap::new();
    if let Some(answer_path) = answers {
        for (i, line) in read_text(answer_path)?.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let at = format!("{}:{}", answer_path.display(), i + 1);
            match serde_json::from_str::<Answer>(line) {
                Ok(answer) => {
                    if let Some((first, _)) = by_id.get(&answer.id) {
                        duplicates.insert(answer.id.clone());
                        report.skipped.push(Skipped {
                            at,
                            reason: SkipReason::DuplicateId,
                            detail: format!(
                                "possible answer `{}` was already given at {first}; its question is skipped",
                                answer.id
                            ),
                        });
                        continue;
                    }
                    by_id.insert(answer.id.clone(), (at, answer));
                }
                Err(e) => report.skipped.push(Skipped {
                    at,
                    reason: SkipReason::MalformedRow,
                    detail: format!("expected {{\"id\", \"ground_truth\"}} ({e})"),
                }),
            }
        }
    }
    for (i, line) in read_text(questions)?.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("{}:{}", questions.display(), i + 1);
        let answer = match serde_json::from_str::<Question>(line) {
            Ok(q) if duplicates.contains(&q.id) => Err((
                SkipReason::DuplicateId,
                format!("`{}` has several possible answers", q.id),
            )),
            Ok(q) if questions_seen.contains_key(&q.id) => Err((
                SkipReason::DuplicateId,
                format!(
                    "question `{}` was already given at {}",
                    q.id, questions_seen[&q.id]
                ),
            )),
            Ok(q) => {
                questions_seen.insert(q.id.clone(), at.clone());
                let answer = by_id.remove(&q.id).map(|(_, a)| a);
                convert(q, answer, category)
            }
            Err(e) => Err((
                SkipReason::MalformedRow,
                format!("expected {{\"id\", \"question\", \"function\"}} ({e})"),
            )),
        };
        match answer {
            Ok(task) => report.tasks.push(task),
            Err((reason, detail)) => report.skipped.push(Skipped { at, reason, detail }),
        }
    }
    for (id, (at, _)) in by_id {
        if duplicates.contains(&id) || questions_seen.contains_key(&id) {
            continue;
        }
        report.skipped.push(Skipped {
            at,
            reason: SkipReason::NoAnswer,
            detail: format!("possible answer `{id}` has no question"),
        });
    }
    Ok(report)
}

type Convert<T> = std::result::Result<T, (SkipReason, String)>;

fn convert(q: Question, answer: Option<Answer>, category: &str) -> Convert<Task> {
    let mut turns_in = q.question.into_iter();
    let first = turns_in.next().ok_or((
        SkipReason::MalformedRow,
        "`question` has no turn".to_string(),
    ))?;
    if turns_in.next().is_some() {
        return Err((
            SkipReason::MultiTurn,
            format!(
                "`{}` has several turns; multi-turn BFCL is not imported",
                q.id
            ),
        ));
    }
    let messages = first
        .into_iter()
        .map(|m| Message::new(m.role, m.content))
        .collect();
    let tools = q
        .function
        .into_iter()
        .map(|f| spec_from_bfcl(f).map(ToolRef::Inline))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| (SkipReason::BadTools, e))?;
    let turn = match (has_answers(category), answer) {
        (false, _) if category == "live_relevance" => Turn {
            any_call: true,
            ..Turn::default()
        },
        (false, _) => Turn::default(),
        (true, None) => {
            return Err((
                SkipReason::NoAnswer,
                format!("no possible answer for `{}`", q.id),
            ));
        }
        (true, Some(a)) => Turn {
            ground_truth: vec![call_set(a.ground_truth).map_err(|e| (SkipReason::BadCall, e))?],
            ..Turn::default()
        },
    };
    Ok(Task {
        tool_config: Default::default(),
        id: q.id,
        demonstrations: Vec::new(),
        source: Some("bfcl".into()),
        category: Some(category.into()),
        messages,
        tools,
        turns: vec![turn],
        single_step: true,
    })
}

/// A BFCL funcdoc as a spec whose `parameters` is an object schema (inner types kept as given).
pub fn spec_from_bfcl(doc: Value) -> std::result::Result<FunctionSpec, String> {
    let Value::Object(mut doc) = doc else {
        return Err(
            "a function must be an object {\"name\", \"description\", \"parameters\"}".into(),
        );
    };
    let name = match doc.remove("name") {
        Some(Value::String(n)) if !n.is_empty() => n,
        _ => return Err("a function needs a non-empty string `name`".into()),
    };
    let description = match doc.remove("description") {
        Some(Value::String(d)) => d,
        None => String::new(),
        Some(_) => return Err(format!("function `{name}`: `description` must be a string")),
    };
    let mut parameters = match doc.remove("parameters") {
        Some(Value::Object(p)) => p,
        None => Map::new(),
        Some(_) => return Err(format!("function `{name}`: `parameters` must be an object")),
    };
    match parameters.get("type").and_then(Value::as_str) {
        None | Some("dict" | "object") => {}
        Some(other) => {
            return Err(format!(
                "function `{name}`: `parameters` must be a dict/object schema, found type `{other}`"
            ));
        }
    }
    parameters.insert("type".into(), Value::String("object".into()));
    if !parameters.get("properties").is_some_and(Value::is_object) {
        parameters.insert("properties".into(), Value::Object(Map::new()));
    }
    Ok(FunctionSpec {
        name,
        description,
        parameters: Value::Object(parameters),
    })
}

/// A BFCL `ground_truth` list as one possible answer, each call's parameters in the answer's
/// order.
pub fn call_set(
    ground_truth: Vec<Map<String, Value>>,
) -> std::result::Result<PossibleAnswer, String> {
    ground_truth
        .into_iter()
        .map(|call| {
            let value = Value::Object(call);
            serde_json::from_value::<ExpectedCall>(value.clone())
                .map_err(|e| format!("bad expected call {value}: {e}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_category_comes_from_the_file_name() {
        assert_eq!(
            category_of(Path::new("d/BFCL_v4_simple_python.json")),
            Some("simple_python")
        );
        assert_eq!(
            category_of(Path::new("BFCL_v3_live_relevance.json")),
            Some("live_relevance")
        );
        assert_eq!(category_of(Path::new("BFCL_v4_unknown.json")), None);
        assert_eq!(category_of(Path::new("multiple.jsonl")), None);
    }

    #[test]
    fn a_dict_schema_becomes_an_object_schema_with_inner_types_kept() {
        let spec = spec_from_bfcl(json!({"name": "f", "description": "d", "parameters":
            {"type": "dict", "properties": {"x": {"type": "float"}, "t": {"type": "tuple"}}, "required": ["x"]}}))
        .expect("valid");
        assert_eq!(spec.parameters["type"], "object");
        assert_eq!(spec.parameters["properties"]["x"]["type"], "float");
        assert_eq!(spec.parameters["properties"]["t"]["type"], "tuple");
        assert_eq!(spec.required(), vec!["x"]);
    }

    #[test]
    fn a_function_without_parameters_gets_an_empty_object_schema() {
        let spec = spec_from_bfcl(json!({"name": "f"})).expect("valid");
        assert_eq!(spec.parameters, json!({"type": "object", "properties": {}}));
        assert!(spec_from_bfcl(json!({"name": "f", "parameters": {"type": "string"}})).is_err());
    }

    fn write(dir: &Path, name: &str, lines: &[&str]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, lines.join("\n")).expect("writes");
        path
    }

    const Q: &str = r#"{"id": "simple_python_0", "question": [[{"role": "user", "content": "q"}]], "function": [{"name": "f", "description": "d", "parameters": {"type": "dict", "properties": {"a": {"type": "integer"}}, "required": ["a"]}}]}"#;

    #[test]
    fn bad_rows_and_unmatched_answers_are_skipped_with_reasons() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("possible_answer")).expect("mkdir");
        let lonely = Q.replace("simple_python_0", "simple_python_1");
        let questions = write(
            dir.path(),
            "BFCL_v4_simple_python.json",
            &[Q, "{oops", &lonely],
        );
        write(
            &dir.path().join("possible_answer"),
            "BFCL_v4_simple_python.json",
            &[
                r#"{"id": "simple_python_0", "ground_truth": [{"f": {"a": [1]}}]}"#,
                r#"{"id": "simple_python_9", "ground_truth": []}"#,
            ],
        );
        let report = import_file(&questions).expect("imports");
        assert_eq!(report.tasks.len(), 1);
        assert_eq!(
            report.tasks[0].turns[0].ground_truth[0][0].alternatives("a"),
            [json!(1)]
        );
        let reasons: Vec<(SkipReason, String)> = report
            .skipped
            .iter()
            .map(|s| {
                (
                    s.reason,
                    s.at.rsplit('/').next().unwrap_or_default().to_string(),
                )
            })
            .collect();
        assert_eq!(
            reasons,
            [
                (
                    SkipReason::MalformedRow,
                    "BFCL_v4_simple_python.json:2".to_string()
                ),
                (
                    SkipReason::NoAnswer,
                    "BFCL_v4_simple_python.json:3".to_string()
                ),
                (
                    SkipReason::NoAnswer,
                    "BFCL_v4_simple_python.json:2".to_string()
                ),
            ]
        );
    }

    #[test]
    fn relevance_categories_need_no_answers() {
        let dir = tempfile::tempdir().expect("tempdir");
        let irrelevance = write(dir.path(), "BFCL_v4_live_irrelevance.json", &[Q]);
        let relevance = write(dir.path(), "BFCL_v4_live_relevance.json", &[Q]);
        let none = import_file(&irrelevance).expect("imports");
        assert!(none.tasks[0].turns[0].accepts_no_call());
        let any = import_file(&relevance).expect("imports");
        assert!(any.tasks[0].turns[0].any_call);
        assert!(any.tasks[0].problems().is_empty());
        let unknown = write(dir.path(), "BFCL_v4_exec_simple.json", &[Q]);
        assert!(matches!(
            import_file(&unknown),
            Err(DataError::UnknownCategory { .. })
        ));
    }

    #[test]
    fn an_expected_call_with_two_names_is_a_bad_call() {
        let gt = vec![
            json!({"f": {"a": [1]}, "g": {}})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        ];
        assert!(call_set(gt).is_err());
    }

    #[test]
    fn an_imported_answer_keeps_bfcl_order_for_the_checker_and_a_task_file_sorts_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("possible_answer")).expect("mkdir");
        let question = r#"{"id": "live_simple_0", "question": [[{"role": "user", "content": "q"}]], "function": [{"name": "get_user_info", "parameters": {"type": "dict", "properties": {"user_id": {"type": "integer"}, "special": {"type": "string"}}, "required": []}}]}"#;
        let questions = write(dir.path(), "BFCL_v4_live_simple.json", &[question]);
        write(
            &dir.path().join("possible_answer"),
            "BFCL_v4_live_simple.json",
            &[
                r#"{"id": "live_simple_0", "ground_truth": [{"get_user_info": {"user_id": [7890], "special": ["black"]}}]}"#,
            ],
        );
        let imported = import_file(&questions).expect("imports").tasks.remove(0);
        let names = |task: &Task| -> Vec<String> {
            task.turns[0].ground_truth[0][0]
                .params
                .keys()
                .cloned()
                .collect()
        };
        // Upstream's `simple_function_checker` names the first answer parameter, in the
        // answer's order, that the model left out and may not omit.
        let specs = imported.resolve_tools(&[]).expect("inline tools");
        let empty_call = [crate::spec::ToolCall::new("get_user_info", json!({}))];
        let missing = |task: &Task| match crate::checker::check(
            &specs,
            &empty_call,
            &task.turns[0].ground_truth[0],
        )
        .reason
        {
            Some(crate::checker::CheckError::MissingOptional { param, .. }) => param,
            other => panic!("expected a missing parameter, got {other:?}"),
        };
        assert_eq!(names(&imported), ["user_id", "special"]);
        assert_eq!(missing(&imported), "user_id");
        // A task file holds the answer in name order, and so does the task read back: the
        // same answer, walked in another order.
        let line = crate::task::to_line(&imported).expect("serializes");
        assert!(
            line.contains(r#"{"get_user_info":{"special":["black"],"user_id":[7890]}}"#),
            "{line}"
        );
        let read_back: Task = serde_json::from_str(&line).expect("reads back");
        assert_eq!(names(&read_back), ["special", "user_id"]);
        assert_eq!(missing(&read_back), "special");
        assert_eq!(read_back, imported);
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;

    const Q: &str = r#"{"id": "simple_python_0", "question": [[{"role": "user", "content": "q"}]], "function": [{"name": "f", "description": "d", "parameters": {"type": "dict", "properties": {"a": {"type": "integer"}}, "required": ["a"]}}]}"#;

    fn folder(version: &str, answers: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("possible_answer")).expect("mkdir");
        let name = format!("BFCL_{version}_simple_python.json");
        std::fs::write(dir.path().join(&name), Q).expect("writes");
        std::fs::write(
            dir.path().join("possible_answer").join(&name),
            answers.join("\n"),
        )
        .expect("writes");
        dir
    }

    #[test]
    fn a_v3_named_folder_imports_and_a_folder_without_category_files_is_an_error() {
        let v3 = folder(
            "v3",
            &[r#"{"id": "simple_python_0", "ground_truth": [{"f": {"a": [1]}}]}"#],
        );
        assert_eq!(import_dir(v3.path()).expect("imports").tasks.len(), 1);
        let empty = tempfile::tempdir().expect("tempdir");
        std::fs::write(empty.path().join("notes.txt"), "x").expect("writes");
        let err = import_dir(empty.path()).expect_err("no category file");
        assert!(matches!(err, DataError::NoBfclFiles { .. }), "{err}");
    }

    #[test]
    fn duplicate_answer_ids_skip_the_question_and_name_both_lines() {
        let dir = folder(
            "v4",
            &[
                r#"{"id": "simple_python_0", "ground_truth": [{"f": {"a": [1]}}]}"#,
                r#"{"id": "simple_python_0", "ground_truth": [{"f": {"a": [2]}}]}"#,
            ],
        );
        let report = import_dir(dir.path()).expect("imports");
        assert!(report.tasks.is_empty());
        let dup: Vec<&Skipped> = report
            .skipped
            .iter()
            .filter(|s| s.reason == SkipReason::DuplicateId)
            .collect();
        assert_eq!(dup.len(), 2, "{:?}", report.skipped);
        assert!(dup[0].at.ends_with("BFCL_v4_simple_python.json:2"));
        assert!(dup[0].detail.contains("BFCL_v4_simple_python.json:1"));
        assert!(report.tasks.iter().all(|t| t.single_step));
    }

    #[test]
    fn imported_tasks_are_single_step() {
        let dir = folder(
            "v4",
            &[r#"{"id": "simple_python_0", "ground_truth": [{"f": {"a": [1]}}]}"#],
        );
        let report = import_dir(dir.path()).expect("imports");
        assert!(report.tasks[0].single_step);
    }
}
