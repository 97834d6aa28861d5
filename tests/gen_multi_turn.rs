//! The generator's state-checked categories end to end, and its `stats` requests against the
//! Python component. `class_multi_turn`: a few hundred generated scripts on BFCL's API
//! classes, played through the class components in the real sandbox. Every reference call
//! succeeds (an `ok` result that is not an error the class returned), every task offers every
//! function of its classes, an oracle that makes each turn's reference calls passes the state
//! check, and dropping a call or changing the state fails it. `cart_multi_turn`: the same for
//! scripts on the JavaScript `cart` component, whose catalog must equal the generator's copy
//! and whose results must hold the answers the generator computed. `stats`: every alternative
//! of every ground-truth call runs, the alternatives of a call give the same result, and the
//! result holds the generator's `expected_answer`. Needs the built tools
//! (`scripts/build-tools.sh`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use tz_env::data::filter;
use tz_env::data::r#gen::{self, GenConfig, Kind, KindWeights};
use tz_env::episode::state_check;
use tz_env::registry::Registry;
use tz_env::sandbox::Outcome;
use tz_env::spec::ToolCall;
use tz_env::task::Task;

use crate::common::{assert_every_state_check_passed, play, play_all, shipped_registry};

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
        kinds: KindWeights::only(Kind::ClassMultiTurn),
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
    assert_every_state_check_passed(&episodes);
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

/// 300 cart scripts (train and test splits together).
fn cart_tasks() -> Vec<Task> {
    let out = r#gen::generate(&GenConfig {
        n: 300,
        seed: 19,
        kinds: KindWeights::only(Kind::CartMultiTurn),
        ..GenConfig::default()
    });
    out.train.into_iter().chain(out.test).collect()
}

/// The `ok` text of calling `name` with `args` in `tools`, or a panic naming `context`.
fn ok_text(
    tools: &mut tz_env::registry::EpisodeTools<'_>,
    name: &str,
    args: &str,
    context: &str,
) -> String {
    let out = tools.call(name, args).expect("the host calls");
    match out.outcome {
        Outcome::Ok { result } => result,
        other => panic!("{context}: {name} {args} gave {other:?}"),
    }
}

/// Every number and string in a JSON text, as JSON writes them (`12.5`, `"ORD-0001"`
/// unquoted).
fn leaves(text: &str) -> BTreeSet<String> {
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::Array(items) => items.iter().for_each(|x| walk(x, out)),
            Value::Object(map) => map.values().for_each(|x| walk(x, out)),
            Value::String(s) => {
                out.insert(s.clone());
            }
            other => {
                out.insert(other.to_string());
            }
        }
    }
    let mut out = BTreeSet::new();
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        walk(&v, &mut out);
    }
    out
}

#[test]
fn the_generators_cart_catalog_is_the_components() {
    let reg = shipped_registry();
    let mut tools = reg.episode(7);
    let text = ok_text(&mut tools, "search_products", r#"{"query": ""}"#, "catalog");
    let listed: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(listed["products"], r#gen::cart_catalog());
    for name in r#gen::shipped_function_names() {
        assert!(reg.functions().contains_key(*name), "{name} is not shipped");
    }
}

#[test]
fn every_generated_cart_script_runs_and_its_answers_are_in_its_results() {
    let reg = shipped_registry();
    let specs = reg.specs();
    let (mut calls, mut answers) = (0, 0);
    let mut configured = 0;
    for task in cart_tasks() {
        assert_eq!(filter::problems(&task, &specs), vec![], "{}", task.id);
        let mut tools = reg.episode(7);
        state_check::configure(&mut tools, &task).expect("the start state loads");
        configured += usize::from(!task.tool_config.is_empty());
        for (k, turn) in task.turns.iter().enumerate() {
            let mut found = BTreeSet::new();
            for call in turn.reference_calls.iter().flatten() {
                let context = format!("{} turn {k}", task.id);
                let args = call.arguments.to_string();
                found.extend(leaves(&ok_text(&mut tools, &call.name, &args, &context)));
                calls += 1;
            }
            if let Some(answer) = &turn.expected_answer {
                for part in answer.split("; ") {
                    assert!(
                        found.contains(part),
                        "{} turn {k}: {part} not in {found:?}",
                        task.id
                    );
                }
                answers += 1;
            }
        }
    }
    assert!(calls > 800, "{calls} reference calls");
    assert!(answers > 300, "{answers} answers checked");
    assert!(
        configured > 60,
        "{configured} scripts start from a loaded state"
    );
}

#[test]
fn an_oracle_making_the_reference_calls_passes_every_generated_cart_script() {
    let reg = shipped_registry();
    let tasks = cart_tasks();
    let episodes = play_all(&reg, &tasks, |_, calls| calls);
    assert_every_state_check_passed(&episodes);
    for e in &episodes {
        for turn in &e.turns {
            assert!(turn.state_check.is_some(), "{}: unchecked turn", e.task_id);
            assert_eq!(turn.reward.get("strict_match"), Some(1.0), "{}", e.task_id);
        }
    }
    // A call missing, or one more unit of a product in the last turn: the turn fails.
    let edited: Vec<&Task> = tasks.iter().filter(|t| droppable(t)).take(60).collect();
    assert!(edited.len() >= 40, "{}", edited.len());
    for task in edited {
        let e = play(&reg, task, drop_last);
        assert_eq!(e.state_verdict().map(|v| v.0), Some(false), "{}", task.id);
    }
    for task in tasks.iter().take(40) {
        let last = task.turns.len() - 1;
        let extra = move |k: usize, mut calls: Vec<ToolCall>| {
            if k == last {
                let add = serde_json::json!({"product_id": "pasta", "quantity": 1});
                calls.push(ToolCall::new("add_to_cart", add));
            }
            calls
        };
        let e = play(&reg, task, extra);
        let (ok, error) = e.state_verdict().expect("state-checked");
        assert!(!ok, "{}", task.id);
        assert_eq!(
            error.as_deref(),
            Some("multi_turn:instance_state_mismatch"),
            "{}",
            task.id
        );
    }
}

/// The calls a ground-truth call accepts, one per alternative of each parameter (the others
/// at their first alternative; `""` leaves the parameter out).
fn variants(call: &tz_env::checker::ExpectedCall) -> Vec<ToolCall> {
    let first = |alts: &[Value]| alts.first().cloned();
    let build = |swap: Option<(&str, &Value)>| {
        let mut args = serde_json::Map::new();
        for (name, alts) in &call.params {
            let alts = alts.as_array().map(Vec::as_slice).unwrap_or_default();
            let value = match swap {
                Some((p, v)) if p == name => Some(v.clone()),
                _ => first(alts),
            };
            if let Some(v) = value.filter(|v| v != "") {
                args.insert(name.clone(), v);
            }
        }
        ToolCall::new(call.name.clone(), Value::Object(args))
    };
    let mut out = vec![build(None)];
    for (name, alts) in &call.params {
        for alt in alts.as_array().into_iter().flatten().skip(1) {
            out.push(build(Some((name, alt))));
        }
    }
    out
}

#[test]
fn stats_ground_truths_run_agree_and_hold_the_expected_answers() {
    let reg = shipped_registry();
    let stats: BTreeSet<&str> = functions_of(&reg, "stats");
    assert_eq!(stats.len(), 6, "{stats:?}");
    let out = r#gen::generate(&GenConfig {
        n: 4000,
        seed: 21,
        ..GenConfig::default()
    });
    let mut tools = reg.episode(7);
    let mut results: BTreeMap<String, String> = BTreeMap::new();
    let mut run = |c: &ToolCall, context: &str| {
        let args = c.arguments.to_string();
        let key = format!("{}{args}", c.name);
        if let Some(r) = results.get(&key) {
            return r.clone();
        }
        let r = ok_text(&mut tools, &c.name, &args, context);
        results.insert(key, r.clone());
        r
    };
    let (mut checked, mut answered) = (0, 0);
    for task in out.train.iter().chain(&out.test) {
        let turn = &task.turns[0];
        for set in &turn.ground_truth {
            for expected in set.iter().filter(|c| stats.contains(c.name.as_str())) {
                let texts: BTreeSet<String> = variants(expected)
                    .iter()
                    .map(|c| run(c, &task.id))
                    .collect();
                assert_eq!(
                    texts.len(),
                    1,
                    "{}: alternatives differ: {texts:?}",
                    task.id
                );
                checked += 1;
            }
        }
        // Answers, one per call, where every call is a stats call and has one.
        let Some(first) = turn.ground_truth.first() else {
            continue;
        };
        let parts: Vec<&str> = turn
            .expected_answer
            .as_deref()
            .map(|a| a.split("; ").collect())
            .unwrap_or_default();
        if parts.len() != first.len() {
            continue;
        }
        for (part, expected) in parts.iter().zip(first) {
            if stats.contains(expected.name.as_str()) {
                let text = run(&variants(expected)[0], &task.id);
                assert!(
                    leaves(&text).contains(*part),
                    "{}: {part} not in {text}",
                    task.id
                );
                answered += 1;
            }
        }
    }
    assert!(checked > 600, "{checked} stats calls checked");
    assert!(answered > 250, "{answered} stats answers checked");
}
