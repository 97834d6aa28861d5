//! Executable specs of the `stats` requests: every function is asked for, arguments fit the
//! schemas and the tool's rules, alternatives are the equivalent calls, and answers are given
//! where the request asks for one number (`tests/gen_multi_turn.rs` checks them against the
//! component's results).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::rng::Rng;
use super::{Request, Split, stats};
use crate::checker::ExpectedCall;

/// `n` single and `n` parallel requests of both splits.
fn requests(n: usize) -> Vec<Request> {
    let mut rng = Rng::new(11, 3);
    let mut out = Vec::new();
    for i in 0..n {
        let split = if i % 4 == 0 {
            Split::Test
        } else {
            Split::Train
        };
        out.push(stats::request(&mut rng, split));
        out.push(stats::parallel(&mut rng, split));
    }
    out
}

/// The first alternative of `param`.
fn arg<'a>(call: &'a ExpectedCall, param: &str) -> &'a Value {
    &call.alternatives(param)[0]
}

/// A list argument's items, checked to be 1..=12 numbers, all integers or all floats.
fn numbers(v: &Value) -> Vec<f64> {
    let items = v.as_array().expect("an array");
    assert!((1..=12).contains(&items.len()), "{v}");
    let ints = items.iter().filter(|x| x.is_i64()).count();
    assert!(ints == 0 || ints == items.len(), "mixed list {v}");
    items
        .iter()
        .map(|x| x.as_f64().expect("a number"))
        .collect()
}

#[test]
fn every_stats_function_is_asked_for_with_arguments_the_tool_accepts() {
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for req in requests(600) {
        assert!(
            !req.text.contains('{') && !req.text.contains('}'),
            "{}",
            req.text
        );
        assert!((1..=3).contains(&req.calls.len()));
        for call in req.calls.iter().map(|alts| &alts[0]) {
            *used.entry(call.name.clone()).or_default() += 1;
            match call.name.as_str() {
                "percentile" => {
                    let xs = numbers(arg(call, "values"));
                    assert!(xs.len() >= 3);
                    let p = arg(call, "percentile").as_f64().expect("number");
                    assert!(p > 0.0 && p < 100.0 && p != 50.0, "{p}");
                }
                "linear_regression" | "correlation" => {
                    let (x, y) = (numbers(arg(call, "x")), numbers(arg(call, "y")));
                    assert!(x.len() == y.len() && x.len() >= 3);
                    assert!(x.iter().any(|v| *v != x[0]) && y.iter().any(|v| *v != y[0]));
                }
                "zscores" => {
                    let xs = numbers(arg(call, "values"));
                    assert!(xs.iter().any(|v| *v != xs[0]));
                }
                "moving_average" => {
                    let n = numbers(arg(call, "values")).len() as i64;
                    let w = arg(call, "window").as_i64().expect("integer");
                    assert!(w >= 2 && w < n, "window {w} of {n}");
                }
                "weighted_mean" => {
                    let xs = numbers(arg(call, "values"));
                    for ws in call.alternatives("weights") {
                        let ws = numbers(ws);
                        assert_eq!(ws.len(), xs.len());
                        assert!(ws.iter().all(|w| *w >= 0.0) && ws.iter().sum::<f64>() > 0.0);
                    }
                }
                other => panic!("unexpected {other}"),
            }
        }
    }
    let names: BTreeSet<&str> = used.keys().map(String::as_str).collect();
    let want = [
        "correlation",
        "linear_regression",
        "moving_average",
        "percentile",
        "weighted_mean",
        "zscores",
    ];
    assert_eq!(names, want.into_iter().collect());
    assert!(used.values().all(|n| *n > 60), "{used:?}");
}

#[test]
fn alternatives_are_the_equivalent_calls() {
    let (mut swapped, mut scaled, mut spearman) = (0, 0, 0);
    for req in requests(600) {
        for alts in &req.calls {
            let first = &alts[0];
            if first.name == "correlation" {
                assert_eq!(alts.len(), 2, "x and y in either order");
                assert_eq!(arg(&alts[1], "x"), arg(first, "y"));
                assert_eq!(arg(&alts[1], "y"), arg(first, "x"));
                let method = first.alternatives("method");
                if method == [Value::from("spearman")] {
                    spearman += 1;
                } else {
                    assert_eq!(method, [Value::from(""), Value::from("pearson")]);
                }
                swapped += 1;
            }
            if first.name == "weighted_mean" && first.alternatives("weights").len() == 2 {
                let w = first.alternatives("weights");
                let (a, b) = (numbers(&w[0]), numbers(&w[1]));
                assert!(a.iter().zip(&b).all(|(p, f)| (p / 100.0 - f).abs() < 1e-12));
                assert!((a.iter().sum::<f64>() - 100.0).abs() < 1e-9, "percentages");
                scaled += 1;
            }
        }
    }
    assert!(
        swapped > 100 && spearman > 50 && scaled > 30,
        "{swapped} {spearman} {scaled}"
    );
}

#[test]
fn one_number_requests_have_answers_and_list_requests_do_not() {
    let mut answered = 0;
    for req in requests(400) {
        let names: Vec<&str> = req.calls.iter().map(|a| a[0].name.as_str()).collect();
        match names.as_slice() {
            ["percentile"] | ["correlation"] | ["weighted_mean"] => {
                assert!(req.answer.is_some(), "{}", req.text);
                answered += 1;
            }
            ["moving_average"] | ["moving_average", "moving_average"] => {
                assert!(req.answer.is_none(), "{}", req.text)
            }
            [_, _] | [_, _, _] if names[0] != "moving_average" => {
                let answer = req.answer.as_deref().expect("parallel answers");
                assert_eq!(answer.split("; ").count(), names.len(), "{answer}");
            }
            _ => {}
        }
    }
    assert!(answered > 150, "{answered}");
}
