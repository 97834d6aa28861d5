//! Executable specs of the generator: determinism, the split, the categories, and ground
//! truths that fit the shipped functions' schemas.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::catalog::{self, FUNCTIONS, NAMES, Ty, function};
use super::*;
use crate::data::filter;
use crate::spec::FunctionSpec;
use crate::task::{Turn, write_tasks};

fn jsonl(tasks: &[Task]) -> Vec<u8> {
    let mut out = Vec::new();
    write_tasks(&mut out, tasks).unwrap_or_else(|e| panic!("writing tasks: {e}"));
    out
}

fn cfg(n: usize, seed: u64) -> GenConfig {
    GenConfig {
        n,
        seed,
        ..GenConfig::default()
    }
}

fn all(out: &GenOutput) -> impl Iterator<Item = &Task> {
    out.train.iter().chain(&out.test)
}

/// The catalog as JSON Schema specs, for the crate's own validators.
fn specs() -> Vec<FunctionSpec> {
    FUNCTIONS
        .iter()
        .map(|f| {
            let mut props = serde_json::Map::new();
            for p in f.params {
                let ty = match p.ty {
                    Ty::Str => "string",
                    Ty::Num => "number",
                    Ty::Int => "integer",
                    Ty::Bool => "boolean",
                    Ty::Arr => "array",
                };
                props.insert(p.name.into(), json!({ "type": ty }));
            }
            let required: Vec<&str> = f
                .params
                .iter()
                .filter(|p| p.required)
                .map(|p| p.name)
                .collect();
            FunctionSpec {
                name: f.name.into(),
                description: String::new(),
                parameters: json!({"type": "object", "properties": props, "required": required}),
            }
        })
        .collect()
}

#[test]
fn the_same_seed_gives_byte_identical_jsonl() {
    let (a, b) = (generate(&cfg(300, 7)), generate(&cfg(300, 7)));
    assert_eq!(jsonl(&a.train), jsonl(&b.train));
    assert_eq!(jsonl(&a.test), jsonl(&b.test));
}

#[test]
fn a_different_seed_gives_different_tasks() {
    let (a, b) = (generate(&cfg(300, 7)), generate(&cfg(300, 8)));
    assert_ne!(jsonl(&a.train), jsonl(&b.train));
    assert_ne!(jsonl(&a.test), jsonl(&b.test));
}

#[test]
fn n_tasks_are_generated_with_the_test_fraction_held_out() {
    let out = generate(&cfg(1000, 0));
    assert_eq!(out.train.len() + out.test.len(), 1000);
    assert!((190..=210).contains(&out.test.len()), "{}", out.test.len());
    let ids: BTreeSet<&str> = all(&out).map(|t| t.id.as_str()).collect();
    assert_eq!(ids.len(), 1000, "ids are unique");
}

#[test]
fn train_and_test_share_no_task_and_no_phrasing() {
    let out = generate(&cfg(1000, 3));
    let key = |t: &Task| dedupe_key(t);
    let train: BTreeSet<String> = out.train.iter().map(key).collect();
    assert!(out.test.iter().all(|t| !train.contains(&key(t))));
    let ids: BTreeSet<&str> = out.train.iter().map(|t| t.id.as_str()).collect();
    assert!(out.test.iter().all(|t| !ids.contains(t.id.as_str())));
    let train_texts: BTreeSet<&str> = out
        .train
        .iter()
        .map(|t| t.messages[0].content.as_str())
        .collect();
    assert!(
        out.test
            .iter()
            .all(|t| !train_texts.contains(t.messages[0].content.as_str()))
    );
}

#[test]
fn every_category_is_present_in_both_splits_from_fifty_tasks() {
    let out = generate(&cfg(50, 11));
    for split in [&out.train, &out.test] {
        let cats: BTreeSet<&str> = split.iter().filter_map(|t| t.category.as_deref()).collect();
        let want: BTreeSet<&str> = Kind::ALL
            .iter()
            .filter(|k| KindWeights::default().get(**k) > 0.0)
            .map(|k| k.as_str())
            .collect();
        assert_eq!(cats, want);
    }
}

#[test]
fn generated_tasks_have_no_structural_problems_and_no_filter_problems() {
    let specs = specs();
    for seed in 0..3 {
        let out = generate(&cfg(600, seed));
        for t in all(&out) {
            assert_eq!(t.problems(), Vec::<String>::new(), "{}", t.id);
            assert_eq!(filter::problems(t, &specs), vec![], "{}", t.id);
            assert_eq!(t.source.as_deref(), Some("gen"));
            assert!(t.id.starts_with(&format!("gen-{}-", t.category.as_deref().unwrap_or("?"))));
        }
    }
}

/// Whether `v` is an acceptable value for a parameter of type `ty` with enum `values`.
fn fits(v: &Value, ty: Ty, values: &[&str]) -> bool {
    let typed = match ty {
        Ty::Str => v.is_string(),
        Ty::Num => v.is_number(),
        Ty::Int => v.is_i64() || v.is_u64(),
        Ty::Bool => v.is_boolean(),
        Ty::Arr => v
            .as_array()
            .is_some_and(|a| !a.is_empty() && a.iter().all(Value::is_number)),
    };
    typed && (values.is_empty() || v.as_str().is_some_and(|s| values.contains(&s)))
}

#[test]
fn every_ground_truth_call_lists_all_parameters_with_valid_values() {
    let out = generate(&cfg(1000, 5));
    for t in all(&out) {
        let offered: BTreeSet<&str> = t.tools.iter().map(|x| x.name()).collect();
        for turn in &t.turns {
            for call in turn.ground_truth.iter().flatten() {
                let f = function(&call.name).unwrap_or_else(|| panic!("{}: {}", t.id, call.name));
                assert!(offered.contains(f.name), "{}: {} not offered", t.id, f.name);
                let documented: BTreeSet<&str> = f.params.iter().map(|p| p.name).collect();
                for name in call.params.keys() {
                    assert!(
                        documented.contains(name.as_str()),
                        "{}: {}.{name}",
                        t.id,
                        f.name
                    );
                }
                for p in f.params {
                    assert!(
                        call.params.contains_key(p.name),
                        "{}: {}.{} is not listed",
                        t.id,
                        f.name,
                        p.name
                    );
                    let alts = call.alternatives(p.name);
                    assert!(!alts.is_empty());
                    for v in alts {
                        if v == "" {
                            assert!(
                                !p.required,
                                "{}: required {}.{} marked omittable",
                                t.id, f.name, p.name
                            );
                        } else {
                            assert!(
                                fits(v, p.ty, p.values),
                                "{}: {}.{} = {v}",
                                t.id,
                                f.name,
                                p.name
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn categories_have_the_shape_they_promise() {
    let out = generate(&cfg(500, 2));
    for t in all(&out) {
        let turns = &t.turns;
        match t.category.as_deref() {
            Some("irrelevant") => {
                assert_eq!(turns.len(), 1);
                assert!(turns[0].accepts_no_call(), "{}", t.id);
            }
            Some("multi_turn") => {
                assert!((2..=3).contains(&turns.len()), "{}", t.id);
                assert!(turns.iter().all(|x| !x.ground_truth.is_empty()));
                assert!(turns.iter().flatten_gt().all(|c| c.name.starts_with("fs_")));
            }
            Some("parallel") => {
                assert_eq!(turns.len(), 1);
                assert!(
                    turns[0]
                        .ground_truth
                        .iter()
                        .all(|set| (2..=3).contains(&set.len())),
                    "{}",
                    t.id
                );
            }
            Some("cart_multi_turn") => {
                assert!((2..=4).contains(&turns.len()), "{}", t.id);
                assert!(t.is_state_checked(), "{}", t.id);
                let cart = catalog::tool_functions(catalog::Tool::Cart);
                assert!(
                    turns
                        .iter()
                        .flat_map(|x| x.reference_calls.iter().flatten())
                        .all(|c| cart.contains(&c.name.as_str())),
                    "{}",
                    t.id
                );
                assert!(t.tool_config.keys().all(|k| k == "cart"), "{}", t.id);
            }
            Some("single") | Some("multiple") => {
                assert_eq!(turns.len(), 1);
                assert!(!turns[0].ground_truth.is_empty());
                assert!(
                    turns[0].ground_truth.iter().all(|set| set.len() == 1),
                    "{}",
                    t.id
                );
            }
            other => panic!("unexpected category {other:?}"),
        }
    }
}

trait FlattenGt<'a> {
    fn flatten_gt(self) -> Box<dyn Iterator<Item = &'a ExpectedCall> + 'a>;
}

impl<'a, I: Iterator<Item = &'a Turn> + 'a> FlattenGt<'a> for I {
    fn flatten_gt(self) -> Box<dyn Iterator<Item = &'a ExpectedCall> + 'a> {
        Box::new(self.flat_map(|t| t.ground_truth.iter().flatten()))
    }
}

#[test]
fn multiple_choice_offers_exactly_one_function_of_the_right_tool() {
    let out = generate(&cfg(500, 4));
    for t in all(&out).filter(|t| t.category.as_deref() == Some("multiple")) {
        let right = &t.turns[0].ground_truth[0][0].name;
        let tool = function(right).map(|f| f.tool);
        let same: Vec<&str> = t
            .tools
            .iter()
            .map(|x| x.name())
            .filter(|n| function(n).map(|f| f.tool) == tool)
            .collect();
        assert_eq!(same, vec![right.as_str()], "{}", t.id);
        assert!(t.tools.len() >= 3);
    }
}

#[test]
fn shipped_function_names_cover_every_function_used() {
    assert_eq!(shipped_function_names().len(), FUNCTIONS.len());
    for (f, n) in FUNCTIONS.iter().zip(NAMES) {
        assert_eq!(f.name, n);
    }
    let out = generate(&cfg(1000, 9));
    for t in all(&out) {
        for tool in &t.tools {
            assert!(NAMES.contains(&tool.name()), "{}", tool.name());
        }
    }
}

#[test]
fn an_empty_mix_or_zero_tasks_gives_nothing() {
    let mut c = cfg(100, 1);
    c.kinds = KindWeights {
        single: 0.0,
        multiple: 0.0,
        parallel: 0.0,
        irrelevant: f64::NAN,
        multi_turn: -1.0,
        class_multi_turn: 0.0,
        cart_multi_turn: f64::INFINITY,
    };
    let out = generate(&c);
    assert!(out.train.is_empty() && out.test.is_empty());
    assert!(generate(&cfg(0, 1)).train.is_empty());
}

/// The share of `texts` that repeat an earlier one: `1 - distinct / total`.
pub(super) fn duplicate_rate<'a>(texts: impl Iterator<Item = &'a str>) -> f64 {
    let mut seen = BTreeSet::new();
    let mut total = 0usize;
    for t in texts {
        seen.insert(t);
        total += 1;
    }
    if total == 0 {
        return 0.0;
    }
    1.0 - seen.len() as f64 / total as f64
}

/// Every user text of a task: its messages, then the scripted turns.
pub(super) fn user_texts(t: &Task) -> impl Iterator<Item = &str> {
    t.messages
        .iter()
        .map(|m| m.content.as_str())
        .chain(t.turns.iter().filter_map(|x| x.user.as_deref()))
}

/// Asserts that no test task repeats a train task and no test user text a train one.
pub(super) fn assert_splits_share_no_task_and_no_user_text(out: &GenOutput) {
    let train_keys: BTreeSet<String> = out.train.iter().map(dedupe_key).collect();
    assert!(
        out.test
            .iter()
            .all(|t| !train_keys.contains(&dedupe_key(t)))
    );
    let train_texts: BTreeSet<&str> = out.train.iter().flat_map(user_texts).collect();
    for t in &out.test {
        for text in user_texts(t) {
            assert!(!train_texts.contains(text), "{}: {text}", t.id);
        }
    }
}

/// The ground truths of the tasks that call something, one string per distinct one.
fn distinct_truths(out: &GenOutput) -> (usize, usize) {
    let mut truths = BTreeSet::new();
    let mut calling = 0;
    for t in all(out).filter(|t| t.category.as_deref() != Some("irrelevant")) {
        let turns: Vec<&Vec<crate::checker::PossibleAnswer>> =
            t.turns.iter().map(|x| &x.ground_truth).collect();
        truths.insert(serde_json::to_string(&turns).unwrap_or_default());
        calling += 1;
    }
    (truths.len(), calling)
}

/// Issue 12: 2,000 tasks with seed 3 used to repeat 18.4% of their train split's first
/// messages (26.8% of all user texts, scripted turns included): short template lists filled
/// from short value lists cycled. The bounds sit well above what the widened generator
/// gives (at most 0.5% and 1.0% over seeds 0-19; with the `stats` and `cart` families, at
/// most 0.4% and 0.9% over seeds 0-9; the repeats left are the smallest request spaces, such
/// as `cd` into one of the three starting folders) and far below the old rates.
#[test]
fn a_two_thousand_task_train_split_rarely_repeats_a_user_message() {
    let out = generate(&cfg(2000, 3));
    let first = duplicate_rate(out.train.iter().map(|t| t.messages[0].content.as_str()));
    let every = duplicate_rate(out.train.iter().flat_map(user_texts));
    assert!(
        first < 0.01,
        "{:.2}% of first messages repeat",
        first * 100.0
    );
    assert!(every < 0.03, "{:.2}% of user texts repeat", every * 100.0);
}

/// Most tasks that call something have a ground truth of their own (89-92% over seeds 0-19;
/// 92.7-94.2% over seeds 0-9 with the `stats` and `cart` families; the shared ones are
/// requests with a handful of possible calls, like `fs_pwd` or `list_units` of one of seven
/// categories). Irrelevant tasks all share `[]` and are left out.
#[test]
fn most_calling_tasks_have_a_ground_truth_no_other_task_has() {
    let out = generate(&cfg(2000, 3));
    let (distinct, calling) = distinct_truths(&out);
    assert!(calling >= 1700, "{calling}");
    assert!(
        distinct * 100 >= calling * 85,
        "{distinct} distinct ground truths among {calling} tasks"
    );
}
