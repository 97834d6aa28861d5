//! Tests of shot selection: offered functions only, never the task itself, stable picks.

use serde_json::json;

use super::*;
use crate::checker::ExpectedCall;
use crate::task::{ToolRef, Turn};

/// A single-turn task offering `tools` whose answer calls `calls` (name, argument `x`).
fn task(id: &str, request: &str, tools: &[&str], calls: &[(&str, i64)]) -> Task {
    let answer: Vec<ExpectedCall> = calls
        .iter()
        .map(|(name, x)| serde_json::from_value(json!({ *name: {"x": [x]} })).expect("call"))
        .collect();
    Task {
        id: id.into(),
        source: None,
        category: None,
        messages: vec![Message::user(request)],
        demonstrations: Vec::new(),
        tools: tools.iter().map(|t| ToolRef::Named((*t).into())).collect(),
        tool_config: Default::default(),
        turns: vec![Turn {
            ground_truth: if answer.is_empty() {
                vec![]
            } else {
                vec![answer]
            },
            ..Turn::default()
        }],
        single_step: false,
    }
}

fn pool() -> Vec<Task> {
    vec![
        task("p-add", "add 1", &["add", "mul"], &[("add", 1)]),
        task("p-mul", "multiply by 2", &["mul"], &[("mul", 2)]),
        task(
            "p-both",
            "add 3, multiply by 4",
            &["add", "mul"],
            &[("add", 3), ("mul", 4)],
        ),
        task("p-sub", "subtract 5", &["sub"], &[("sub", 5)]),
        task("p-none", "hello", &["add"], &[]),
    ]
}

fn called(task: &Task) -> Vec<String> {
    task.demonstrations
        .iter()
        .flat_map(|m| m.tool_calls.iter().map(|c| c.name.clone()))
        .collect()
}

#[test]
fn shots_call_only_offered_functions_and_never_show_the_task_itself() {
    let pool = pool();
    let mut tasks = vec![
        task("t-add", "add 9", &["add"], &[("add", 9)]),
        task("t-sub", "subtract 1", &["sub", "add"], &[("sub", 1)]),
        task("p-mul", "multiply by 2", &["mul"], &[("mul", 2)]),
        task("t-div", "divide by 2", &["div"], &[("div", 2)]),
    ];
    let report = attach(&mut tasks, &pool, 5);
    assert_eq!(report.candidates, 4, "p-none calls nothing");
    // t-add offers only `add`: p-add is the one candidate (p-both also calls `mul`).
    assert_eq!(called(&tasks[0]), vec!["add"]);
    assert_eq!(tasks[0].demonstrations[0].content, "add 1");
    assert_eq!(tasks[0].demonstrations[0].role, Role::User);
    let answer = &tasks[0].demonstrations[1];
    assert_eq!(answer.role, Role::Assistant);
    assert_eq!(
        answer.content,
        "<think>The user asks for this; the add function does it.</think>"
    );
    assert_eq!(
        answer.tool_calls,
        vec![ToolCall::new("add", json!({"x": 1}))]
    );
    // t-sub offers sub and add: p-add and p-sub fit.
    let mut got = called(&tasks[1]);
    got.sort();
    assert_eq!(got, vec!["add", "sub"]);
    // The pool's own p-mul is not its own shot, and nothing else calls only `mul`.
    assert!(tasks[2].demonstrations.is_empty());
    assert!(tasks[3].demonstrations.is_empty());
    assert_eq!(
        report,
        ShotReport {
            candidates: 4,
            full: 0,
            partial: 2,
            none: 2,
            unplayable: 0
        }
    );
    for t in &tasks {
        assert!(t.problems().is_empty(), "{:?}", t.problems());
    }
}

#[test]
fn shots_are_a_stable_choice_of_k_and_k_zero_clears_them() {
    let pool = pool();
    let target = || {
        task(
            "t",
            "add 2 and multiply by 3",
            &["add", "mul"],
            &[("add", 2)],
        )
    };
    let mut one = vec![target()];
    let mut again = vec![target()];
    assert_eq!(attach(&mut one, &pool, 2).full, 1);
    attach(&mut again, &pool, 2);
    assert_eq!(one, again, "the same files give the same shots");
    assert_eq!(
        one[0].demonstrations.len(),
        4,
        "two shots, two messages each"
    );
    // Reversing the pool does not change the choice (it hangs on the ids only).
    let mut reversed_pool = pool.clone();
    reversed_pool.reverse();
    let mut reversed = vec![target()];
    attach(&mut reversed, &reversed_pool, 2);
    assert_eq!(one, reversed);
    // The multi-function shot names both functions in its thought.
    let mut all = vec![target()];
    attach(&mut all, &pool, 3);
    let thoughts: Vec<&str> = all[0]
        .demonstrations
        .iter()
        .filter(|m| m.role == Role::Assistant)
        .map(|m| m.content.as_str())
        .collect();
    assert!(
        thoughts.contains(&"<think>The user asks for this; the functions add, mul do it.</think>"),
        "{thoughts:?}"
    );
    // A different target id draws its own order.
    let orders: BTreeSet<Vec<String>> = (0..8)
        .map(|i| {
            let mut t = vec![Task {
                id: format!("t{i}"),
                ..target()
            }];
            attach(&mut t, &pool, 3);
            t[0].demonstrations
                .iter()
                .map(|m| m.content.clone())
                .collect()
        })
        .collect();
    assert!(
        orders.len() > 1,
        "every target saw the same order: {orders:?}"
    );
    attach(&mut all, &pool, 0);
    assert!(all[0].demonstrations.is_empty());
}

#[test]
fn reference_calls_are_the_shot_of_a_state_checked_task() {
    let mut p = task("p-ref", "buy oat milk", &["add_to_cart"], &[]);
    p.turns[0].reference_calls = Some(vec![ToolCall::new(
        "add_to_cart",
        json!({"product_id": "oat-milk"}),
    )]);
    let mut tasks = vec![task("t", "buy tea", &["add_to_cart", "view_cart"], &[])];
    attach(&mut tasks, &[p], 1);
    assert_eq!(called(&tasks[0]), vec!["add_to_cart"]);
    assert_eq!(
        tasks[0].demonstrations[1].tool_calls[0].arguments,
        json!({"product_id": "oat-milk"})
    );
}

#[test]
fn demonstrations_round_trip_through_a_task_line_and_a_system_one_is_a_problem() {
    let mut tasks = vec![task("t", "add 9", &["add"], &[("add", 9)])];
    attach(&mut tasks, &pool(), 1);
    let line = crate::task::to_line(&tasks[0]).expect("line");
    assert!(line.contains("\"demonstrations\""), "{line}");
    let back: Task = serde_json::from_str(&line).expect("parses");
    assert_eq!(back, tasks[0]);
    let plain = crate::task::to_line(&task("u", "x", &["add"], &[])).expect("line");
    assert!(
        !plain.contains("demonstrations"),
        "empty stays out: {plain}"
    );
    let mut bad = tasks[0].clone();
    bad.demonstrations[0].role = Role::System;
    let problems = bad.problems();
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("demonstration 0: a system message")),
        "{problems:?}"
    );
}
