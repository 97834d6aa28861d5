//! Parity with the official BFCL pipeline on every BFCL v4 single-turn category.
//!
//! `fixtures/bfcl_parity.jsonl` is written by `scripts/bfcl_parity.py` (its header gives the
//! set-up and the command; bfcl-eval 2026.3.23, seeded). Each line is one task, self-contained:
//! its category and language, its functions (trimmed to what the checker reads), its possible
//! answer, and seeded model outputs with the official verdict and error type: in JSON form
//! (calls, as a function-calling model's decoded output) and in Python form (text, decoded by
//! [`parse_python_calls`] here and by BFCL's own Python decoder there). Every verdict and error
//! type must agree, except the cases listed in [`KNOWN_DISAGREEMENTS`].

use std::collections::BTreeMap;

use serde::Deserialize;

use super::*;
use crate::parse::parse_python_calls;

/// Cases where agreement is impossible, as (task id, case index, reason). None so far.
const KNOWN_DISAGREEMENTS: [(&str, usize, &str); 0] = [];

#[derive(Deserialize)]
struct Task {
    id: String,
    category: String,
    language: Language,
    functions: Vec<FunctionSpec>,
    answer: PossibleAnswer,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    form: String,
    calls: Option<Vec<ToolCall>>,
    text: Option<String>,
    valid: bool,
    error_type: Option<String>,
}

/// The checker category of a BFCL test category.
fn category_of(name: &str) -> Category {
    match name {
        n if n.ends_with("irrelevance") => Category::Irrelevance,
        n if n.ends_with("relevance") => Category::Relevance,
        n if n.ends_with("parallel_multiple") => Category::ParallelMultiple,
        n if n.ends_with("parallel") => Category::Parallel,
        n if n.ends_with("multiple") => Category::Multiple,
        _ => Category::Simple,
    }
}

fn error_type(category: Category, reason: &CheckError) -> &'static str {
    reason.bfcl_error_type_in(category)
}

/// Our verdict on one case, as the official runner reports it: (valid, error type).
fn check(task: &Task, case: &Case) -> (bool, Option<&'static str>) {
    let category = category_of(&task.category);
    let calls = match (&case.calls, &case.text) {
        (Some(calls), _) => calls.clone(),
        (None, text) => match parse_python_calls(text.as_deref().unwrap_or_default()) {
            Ok(calls) => calls,
            Err(_) => {
                return match category {
                    Category::Irrelevance => (true, None),
                    Category::Relevance => (false, Some("relevance_error:decoder_failed")),
                    _ => (false, Some("ast_decoder:decoder_failed")),
                };
            }
        },
    };
    let verdict = check_category_in(
        task.language,
        category,
        &task.functions,
        &calls,
        &task.answer,
    );
    let kind = verdict.reason.as_ref().map(|r| error_type(category, r));
    (verdict.valid, kind)
}

#[test]
fn verdicts_agree_with_the_official_pipeline_on_every_single_turn_category() {
    let tasks: Vec<Task> = include_str!("fixtures/bfcl_parity.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad parity line: {e}")))
        .collect();
    let mut counts = BTreeMap::<(String, String), (usize, usize)>::new();
    let mut disagreements = Vec::new();
    for task in &tasks {
        for (index, case) in task.cases.iter().enumerate() {
            let got = check(task, case);
            let agree = got == (case.valid, case.error_type.as_deref());
            let known = KNOWN_DISAGREEMENTS
                .iter()
                .any(|(id, i, _)| *id == task.id && *i == index);
            let entry = counts
                .entry((task.category.clone(), case.form.clone()))
                .or_default();
            entry.1 += 1;
            if agree {
                entry.0 += 1;
            } else if !known {
                disagreements.push(format!(
                    "{} #{index} ({}): ours {got:?}, official {:?} {:?} for {}",
                    task.id,
                    case.form,
                    case.valid,
                    case.error_type,
                    case.text.clone().unwrap_or_else(|| {
                        serde_json::to_string(&case.calls).unwrap_or_default()
                    })
                ));
            }
        }
    }
    for ((category, form), (agree, total)) in &counts {
        println!("{category:24} {form:6} {agree:4}/{total:4}");
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    assert_eq!(counts.len(), 26, "every category in both forms: {counts:?}");
    assert!(
        counts.values().all(|(_, total)| *total >= 100),
        "at least 100 cases per category and form: {counts:?}"
    );
}
