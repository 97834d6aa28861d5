//! The generator's `class_multi_turn` category end to end: a few hundred generated scripts on
//! BFCL's API classes, played through the class components in the real sandbox. Every
//! reference call succeeds (an `ok` result that is not an error the class returned), every task
//! offers every function of its classes, an oracle that makes each turn's reference calls
//! passes the state check, and dropping a call or changing the state fails it. Needs the built
//! tools (`scripts/build-tools.sh`).

use std::collections::BTreeSet;

use serde_json::Value;
use tz_env::data::filter;
use tz_env::data::r#gen::{self, GenConfig, KindWeights};
use tz_env::episode::state_check;
use tz_env::registry::Registry;
use tz_env::sandbox::Outcome;
use tz_env::spec::ToolCall;
use tz_env::task::Task;

use crate::common::{failed_state_checks, play, play_all, shipped_registry};

/// The components the category scripts.
const CLASS_TOOLS: [&str; 5] = [
    "gorilla_file_system",
    "ticket_api",
    "posting_api",
    "message_api",
    "trading_bot",
];

/// 300 class scripts (train and test splits together).
fn tasks() -> Vec<Task> {
    let out = r#gen::generate(&GenConfig {
        n: 300,
        seed: 18,
        kinds: KindWeights {
            single: 0.0,
            multiple: 0.0,
            parallel: 0.0,
            irrelevant: 0.0,
            multi_turn: 0.0,
            class_multi_turn: 1.0,
        },
        ..GenConfig::default()
    });
    out.train.into_iter().chain(out.test).collect()
}

/// The names of the registry's functions hosted by tool `tool`.
fn functions_of<'r>(reg: &'r Registry, tool: &str) -> BTreeSet<&'r str> {
    reg.functions()
        .iter()
        .filter(|(_, f)| reg.tools()[f.tool].name == tool)
        .map(|(name, _)| name.as_str())
        .collect()
}

/// Why a result text is an error the class returned (`{"error": ...}`, a list of them, or an
/// `Error...` string), if it is one.
fn class_error(text: &str) -> Option<String> {
    let value: Value = serde_json::from_str(text).unwrap_or(Value::String(text.to_string()));
    let is_error =
        |v: &Value| v.get("error").is_some() || v.as_str().is_some_and(|s| s.starts_with("Error"));
    let bad = match &value {
        Value::Array(items) => items.iter().any(is_error),
        v => is_error(v),
    };
    bad.then(|| text.to_string())
}

#[test]
fn every_generated_class_script_offers_whole_classes_and_its_reference_calls_succeed() {
    let reg = shipped_registry();
    let listed: BTreeSet<&str> = r#gen::class_function_names().into_iter().collect();
    let hosted: BTreeSet<&str> = CLASS_TOOLS
        .iter()
        .flat_map(|t| functions_of(&reg, t))
        .collect();
    assert_eq!(
        listed, hosted,
        "the generator's class functions are the components'"
    );
    let specs = reg.specs();
    let mut calls = 0;
    for task in tasks() {
        assert_eq!(filter::problems(&task, &specs), vec![], "{}", task.id);
        let offered: BTreeSet<&str> = task.tools.iter().map(|t| t.name()).collect();
        for tool in task.tool_config.keys() {
            let all = functions_of(&reg, tool);
            assert!(!all.is_empty(), "{}: unknown tool {tool}", task.id);
            assert!(
                all.is_subset(&offered),
                "{}: not all of {tool} offered",
                task.id
            );
        }
        let mut tools = reg.episode(7);
        state_check::configure(&mut tools, &task).expect("scenarios load");
        for (k, turn) in task.turns.iter().enumerate() {
            for call in turn.reference_calls.iter().flatten() {
                let out = tools
                    .call(&call.name, &call.arguments.to_string())
                    .expect("the host calls");
                let Outcome::Ok { result } = &out.outcome else {
                    panic!("{} turn {k}: {} gave {:?}", task.id, call.name, out.outcome);
                };
                if let Some(error) = class_error(result) {
                    panic!(
                        "{} turn {k}: {} {}: {error}",
                        task.id, call.name, call.arguments
                    );
                }
                calls += 1;
            }
        }
    }
    assert!(calls > 1000, "{calls} reference calls");
}

#[test]
fn an_oracle_making_the_reference_calls_passes_every_generated_class_script() {
    let reg = shipped_registry();
    let tasks = tasks();
    let episodes = play_all(&reg, &tasks, |_, calls| calls);
    let failed = failed_state_checks(&episodes);
    assert!(
        failed.is_empty(),
        "{} of {} failed:\n{}",
        failed.len(),
        episodes.len(),
        failed.join("\n")
    );
    for (e, t) in episodes.iter().zip(&tasks) {
        assert_eq!(e.turns.len(), t.turns.len(), "{}", e.task_id);
        for turn in &e.turns {
            assert!(
                turn.state_check.is_some(),
                "{}: a turn went unchecked",
                e.task_id
            );
            assert_eq!(turn.reward.get("strict_match"), Some(1.0), "{}", e.task_id);
        }
    }
}

/// Whether `drop_last` changes a task: turn 2 exists, or turn 1 makes several calls.
fn droppable(t: &Task) -> bool {
    let calls = |k: usize| t.turns[k].reference_calls.as_ref().map_or(0, Vec::len);
    t.turns.len() > 2 || calls(1) > 1
}

/// Drops the last call of turn 2, and of turn 1 when it makes several.
fn drop_last(k: usize, mut calls: Vec<ToolCall>) -> Vec<ToolCall> {
    if k == 2 || k == 1 && calls.len() > 1 {
        calls.pop();
    }
    calls
}

#[test]
fn dropping_a_call_or_adding_a_change_fails_every_generated_class_script() {
    let reg = shipped_registry();
    let tasks: Vec<Task> = tasks().into_iter().take(120).collect();
    // A reference result or state change is missing: the turn fails.
    let dropped = play_all(&reg, &tasks, drop_last);
    let mut edited = 0;
    for (e, t) in dropped.iter().zip(&tasks).filter(|(_, t)| droppable(t)) {
        let (ok, error) = e.state_verdict().expect("state-checked");
        assert!(!ok, "{}: passed without a call", t.id);
        assert!(error.is_some(), "{}", t.id);
        edited += 1;
    }
    assert!(edited >= 80, "{edited} of {} tasks edited", tasks.len());
    // One extra folder in a task with a file system: its state no longer matches.
    let with_files: Vec<&Task> = tasks
        .iter()
        .filter(|t| t.tool_config.contains_key("gorilla_file_system"))
        .collect();
    assert!(with_files.len() >= 10, "{}", with_files.len());
    for task in with_files {
        let last = task.turns.len() - 1;
        let extra = move |k: usize, mut calls: Vec<ToolCall>| {
            if k == last {
                let mkdir = ToolCall::new("mkdir", serde_json::json!({"dir_name": "zz_extra"}));
                calls.push(mkdir);
            }
            calls
        };
        let e = play(&reg, task, extra);
        let (ok, error) = e.state_verdict().expect("state-checked");
        assert!(!ok, "{}", task.id);
        let error = error.as_deref();
        assert_eq!(
            error,
            Some("multi_turn:instance_state_mismatch"),
            "{}",
            task.id
        );
    }
}

#[test]
fn the_same_seed_gives_byte_identical_class_script_episodes() {
    let reg = shipped_registry();
    for task in tasks().iter().take(5) {
        let a = serde_json::to_string(&play(&reg, task, |_, c| c)).expect("json");
        let b = serde_json::to_string(&play(&reg, task, |_, c| c)).expect("json");
        assert_eq!(a, b, "{}", task.id);
    }
}
