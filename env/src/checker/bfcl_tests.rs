//! The checker against the shared BFCL v4 data: every possible answer, written as a model
//! answer, passes; systematic perturbations of it fail with the expected reason.
//!
//! Reads `$TZ_SHARED_DIR/data/bfcl` (default: the `shared/` folder beside the workspace) and
//! fails, naming the path, when the data is missing.

use std::path::PathBuf;

use serde::Deserialize;
use serde_json::{Value, json};

use super::value::PyType;
use super::*;

#[derive(Deserialize)]
struct Question {
    id: String,
    function: Vec<FunctionSpec>,
}

#[derive(Deserialize)]
struct Answer {
    id: String,
    ground_truth: PossibleAnswer,
}

fn bfcl_dir() -> PathBuf {
    let shared = std::env::var_os("TZ_SHARED_DIR").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared")),
        PathBuf::from,
    );
    shared.join("data").join("bfcl")
}

fn read_jsonl<T: for<'de> Deserialize<'de>>(path: PathBuf) -> Vec<T> {
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read BFCL data at {} ({e}); set TZ_SHARED_DIR to the shared folder",
            path.display()
        )
    });
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("{} line {}: {e}", path.display(), i + 1))
        })
        .collect()
}

/// (id, specs, ground truth) for a category with possible answers.
fn load(category: &str) -> Vec<(String, Vec<FunctionSpec>, PossibleAnswer)> {
    let dir = bfcl_dir();
    let questions: Vec<Question> = read_jsonl(dir.join(format!("BFCL_v4_{category}.json")));
    let answers: Vec<Answer> = read_jsonl(
        dir.join("possible_answer")
            .join(format!("BFCL_v4_{category}.json")),
    );
    assert_eq!(
        questions.len(),
        answers.len(),
        "{category}: questions and answers differ in count"
    );
    questions
        .into_iter()
        .zip(answers)
        .map(|(q, a)| {
            assert_eq!(q.id, a.id, "{category}: ids out of step");
            (q.id, q.function, a.ground_truth)
        })
        .collect()
}

fn canonical_calls(specs: &[FunctionSpec], answer: &[ExpectedCall]) -> Vec<ToolCall> {
    answer
        .iter()
        .map(|e| e.canonical_call(Language::Python, find_spec(specs, &e.name), None))
        .collect()
}

#[test]
fn every_possible_answer_written_as_a_model_answer_passes() {
    for category in ["simple_python", "multiple"] {
        let rows = load(category);
        assert!(rows.len() >= 200, "{category}: only {} rows", rows.len());
        for (id, specs, answer) in &rows {
            let calls = canonical_calls(specs, answer);
            let verdict = check(specs, &calls, answer);
            assert!(verdict.valid, "{id}: {:?} with {calls:?}", verdict.reason);
        }
    }
}

#[test]
fn irrelevance_questions_pass_without_a_call_and_fail_with_one() {
    let questions: Vec<Question> = read_jsonl(bfcl_dir().join("BFCL_v4_irrelevance.json"));
    assert!(questions.len() >= 200);
    for q in &questions {
        assert!(check(&q.function, &[], &[]).valid, "{}", q.id);
        let call = ToolCall::new(q.function[0].name.clone(), json!({}));
        let v = check_category(Category::Irrelevance, &q.function, &[call], &[]);
        assert_eq!(v.reason.map(|r| r.kind()), Some("wrong_count"), "{}", q.id);
    }
}

fn kind_of(specs: &[FunctionSpec], calls: &[ToolCall], answer: &[ExpectedCall]) -> &'static str {
    check(specs, calls, answer)
        .reason
        .map_or("valid", |r| r.kind())
}

/// A value for a parameter that neither its declared type nor its answer's type admits.
fn wrong_type_value(details: &Value, alts: &[Value]) -> Option<Value> {
    let declared = details
        .get("type")
        .and_then(Value::as_str)
        .and_then(PyType::from_declared)?;
    let answer_type = alts.iter().find(|a| a.as_str() != Some("")).map(PyType::of);
    [json!({"zz_wrong": 1}), json!(null), json!(true)]
        .into_iter()
        .find(|v| {
            let t = PyType::of(v);
            t != declared
                && Some(t) != answer_type
                && !(declared == PyType::Float && t == PyType::Int)
        })
}

/// A value of the same type as the first alternative that no alternative equals.
fn wrong_value(alts: &[Value]) -> Option<Value> {
    let first = alts.iter().find(|a| a.as_str() != Some(""))?;
    let candidate = match first {
        Value::String(_) => json!("zz wrong value qq"),
        Value::Number(n) if n.is_f64() => json!(987654.321),
        Value::Number(_) => json!(987654321),
        Value::Array(_) => json!(["zz wrong value qq"]),
        _ => return None,
    };
    Some(candidate)
}

#[test]
fn perturbed_answers_fail_with_the_matching_reason() {
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for category in ["simple_python", "multiple"] {
        for (id, specs, answer) in load(category) {
            let calls = canonical_calls(&specs, &answer);
            let call = &calls[0];
            let spec = find_spec(&specs, &call.name).expect("answer names a spec");
            let args = call.arguments.as_object().cloned().unwrap_or_default();
            let mut with = |label: &'static str, calls: Vec<ToolCall>, want: &[&str]| {
                let got = kind_of(&specs, &calls, &answer);
                assert!(
                    want.contains(&got),
                    "{id} {label}: got {got}, want {want:?}"
                );
                *counts.entry(label).or_default() += 1;
            };
            with("missing_call", vec![], &["wrong_count"]);
            with(
                "extra_call",
                vec![call.clone(), call.clone()],
                &["wrong_count"],
            );
            let renamed = ToolCall::new(format!("{}_zz", call.name), call.arguments.clone());
            with("wrong_name", vec![renamed], &["wrong_func_name"]);
            let mut extra = args.clone();
            extra.insert("zz_unknown_param".into(), json!(1));
            with(
                "extra_param",
                vec![ToolCall::new(call.name.clone(), Value::Object(extra))],
                &["unexpected_param"],
            );
            if let Some(req) = spec.required().first() {
                let mut fewer = args.clone();
                fewer.remove(*req);
                with(
                    "missing_required",
                    vec![ToolCall::new(call.name.clone(), Value::Object(fewer))],
                    &["missing_required"],
                );
            }
            let props = spec.properties().cloned().unwrap_or_default();
            let typed = args.keys().find_map(|k| {
                wrong_type_value(props.get(k)?, answer[0].alternatives(k)).map(|v| (k.clone(), v))
            });
            if let Some((k, v)) = typed {
                let mut bad = args.clone();
                bad.insert(k, v);
                with(
                    "wrong_type",
                    vec![ToolCall::new(call.name.clone(), Value::Object(bad))],
                    &["type_mismatch"],
                );
            }
            let valued = args
                .keys()
                .find_map(|k| wrong_value(answer[0].alternatives(k)).map(|v| (k.clone(), v)));
            if let Some((k, v)) = valued {
                let mut bad = args.clone();
                bad.insert(k, v);
                let calls = vec![ToolCall::new(call.name.clone(), Value::Object(bad))];
                let reason = check(&specs, &calls, &answer).reason;
                assert!(
                    reason.as_ref().is_some_and(CheckError::is_wrong_value),
                    "{id} wrong_value: {reason:?}"
                );
                *counts.entry("wrong_value").or_default() += 1;
            }
        }
    }
    for (label, min) in [
        ("wrong_name", 600),
        ("missing_required", 550),
        ("wrong_type", 550),
        ("wrong_value", 550),
    ] {
        let n = counts.get(label).copied().unwrap_or(0);
        assert!(
            n >= min,
            "only {n} {label} perturbations (want >= {min}): {counts:?}"
        );
    }
}

#[test]
fn pairs_of_answers_check_as_parallel_calls_in_either_order() {
    let rows = load("simple_python");
    // two different functions that share a name cannot be told apart by any checker: skip them
    for pair in rows
        .chunks_exact(2)
        .filter(|p| p[0].1[0].name != p[1].1[0].name)
    {
        let (specs, answer): (Vec<FunctionSpec>, Vec<ExpectedCall>) = pair
            .iter()
            .map(|(_, s, a)| (s[0].clone(), a[0].clone()))
            .unzip();
        let calls = canonical_calls(&specs, &answer);
        let reversed: Vec<ToolCall> = calls.iter().rev().cloned().collect();
        assert!(check(&specs, &calls, &answer).valid, "{}", pair[0].0);
        assert!(check(&specs, &reversed, &answer).valid, "{}", pair[0].0);
        assert_eq!(kind_of(&specs, &calls[..1], &answer), "wrong_count");
        let twice = vec![calls[0].clone(), calls[0].clone()];
        assert_eq!(
            kind_of(&specs, &twice, &answer),
            "no_match",
            "{}",
            pair[0].0
        );
    }
}
