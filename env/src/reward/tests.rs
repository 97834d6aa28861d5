//! Reward tests: the fixtures in `fixtures/cases.jsonl` (every component, σ at t = 0, 25, 50,
//! every kind) run through one `check()`, plus config and property tests.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::*;

#[derive(Deserialize)]
struct Expected {
    total: f64,
    parts: BTreeMap<String, f64>,
}

/// One fixture line: a completion, its task, the step, the reward kind and what it must earn.
#[derive(Deserialize)]
struct Case {
    name: String,
    kind: RewardKind,
    completion: String,
    specs: Vec<FunctionSpec>,
    truth: GroundTruth,
    step: u64,
    expected: Expected,
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn check(case: &Case) {
    let got = score(
        &case.kind,
        &case.completion,
        &case.specs,
        &case.truth,
        case.step,
    );
    assert!(
        close(got.total, case.expected.total),
        "{}: total {} != {}\n{got:?}",
        case.name,
        got.total,
        case.expected.total
    );
    for (name, want) in &case.expected.parts {
        let part = got.get(name);
        assert!(
            part.is_some_and(|v| close(v, *want)),
            "{}: part {name} = {part:?}, want {want}",
            case.name
        );
    }
    let names: Vec<&str> = got.parts.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names.len(),
        case.expected.parts.len(),
        "{}: parts {names:?}",
        case.name
    );
}

fn cases() -> Vec<Case> {
    include_str!("fixtures/cases.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad fixture {l}: {e}")))
        .collect()
}

#[test]
fn every_reward_fixture_scores_as_recorded() {
    let cases = cases();
    assert!(cases.len() >= 30);
    cases.iter().for_each(check);
}

#[test]
fn the_fixtures_cover_sigma_at_steps_0_25_and_50_and_every_kind() {
    let cases = cases();
    for step in [0, 25, 50] {
        assert!(
            cases
                .iter()
                .any(|c| c.step == step && matches!(c.kind, RewardKind::ToolZero { .. }))
        );
    }
    for kind in [
        "tool_zero",
        "tool_rl",
        "tool_n1",
        "strict_only",
        "general_only",
    ] {
        let covered = cases.iter().any(|c| {
            serde_json::to_value(&c.kind)
                .ok()
                .and_then(|v| v.get("kind").cloned())
                == Some(kind.into())
        });
        assert!(covered, "no fixture for {kind}");
    }
}

#[test]
fn sigma_is_a_logistic_centred_on_step_25() {
    let s = |t| tool_zero::sigma(t, tool_zero::KAPPA, tool_zero::MIDPOINT);
    assert!(close(s(25.0), 0.5));
    assert!(close(s(0.0), 1.0 / (1.0 + 2.5f64.exp())));
    assert!(close(s(50.0) + s(0.0), 1.0));
}

#[test]
fn the_default_kind_is_tool_zero_and_configs_round_trip() {
    let parsed: RewardKind = serde_json::from_str(r#"{"kind": "tool_zero"}"#).expect("valid kind");
    assert_eq!(parsed, RewardKind::default());
    for kind in [
        RewardKind::default(),
        RewardKind::ToolRl,
        RewardKind::ToolN1,
        RewardKind::StrictOnly,
        RewardKind::GeneralOnly,
    ] {
        let text = serde_json::to_string(&kind).expect("serializes");
        assert_eq!(serde_json::from_str::<RewardKind>(&text).ok(), Some(kind));
    }
    assert!(serde_json::from_str::<RewardKind>(r#"{"kind": "tool_zero", "kapa": 1}"#).is_err());
}

#[test]
fn ground_truth_is_a_list_of_bfcl_answers() {
    let gt: GroundTruth =
        serde_json::from_str(r#"[[{"f": {"a": [1, ""]}}], []]"#).expect("valid ground truth");
    assert_eq!(gt.alternatives.len(), 2);
    assert!(!gt.expects_no_call());
    assert!(GroundTruth::no_call().expects_no_call());
    assert_eq!(GroundTruth::no_call().iter().count(), 1);
}

#[test]
fn call_tokens_split_on_non_alphanumerics_and_lowercase() {
    let call = crate::spec::ToolCall::new(
        "get_Weather",
        serde_json::json!({"city": "San Francisco, CA", "days": 3.0, "opts": {"metric": true}}),
    );
    let mut tokens = Vec::new();
    tool_zero::call_tokens(&call, &mut tokens);
    assert_eq!(
        tokens,
        [
            "get",
            "weather",
            "city",
            "san",
            "francisco",
            "ca",
            "days",
            "3",
            "opts",
            "metric",
            "true"
        ]
    );
}

#[test]
fn unparseable_output_scores_below_every_parseable_one() {
    let truth: GroundTruth = serde_json::from_str(r#"[[{"f": {"a": [1]}}]]"#).expect("valid");
    let specs = vec![FunctionSpec {
        name: "f".into(),
        description: String::new(),
        parameters: serde_json::json!({"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}),
    }];
    for step in [0, 25, 50, 1000] {
        let kind = RewardKind::default();
        let bad = score(&kind, "garbage", &specs, &truth, step).total;
        let worst_parseable = score(
            &kind,
            "<answer>[g(x=2)]</answer> trailing",
            &specs,
            &truth,
            step,
        )
        .total;
        assert!(
            bad < worst_parseable,
            "step {step}: {bad} >= {worst_parseable}"
        );
    }
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "<think>",
                "</think>",
                "<tool_call>",
                "</tool_call>",
                "<answer>",
                "</answer>",
                r#"[{"name": "f", "arguments": {"a": 1}}]"#,
                r#"{"name": "f", "arguments": {"a": "2"}}"#,
                r#"[{"name": "g", "arguments": {}}]"#,
                "[f(a=1)]",
                "f(a=2)",
                "[",
                "{",
                "\"",
                "🎉",
            ])
            .prop_map(String::from),
            "\\PC{0,8}",
        ]
    }

    fn task() -> (Vec<FunctionSpec>, Vec<GroundTruth>) {
        let specs = vec![FunctionSpec {
            name: "f".into(),
            description: String::new(),
            parameters: serde_json::json!({"type": "dict", "properties": {"a": {"type": "integer"}}, "required": ["a"]}),
        }];
        let truths = [
            r#"[[{"f": {"a": [1]}}]]"#,
            r#"[[{"f": {"a": [1]}}, {"f": {"a": [2]}}]]"#,
            "[]",
        ]
        .iter()
        .filter_map(|t| serde_json::from_str(t).ok())
        .collect();
        (specs, truths)
    }

    proptest! {
        #![proptest_config(crate::test_support::proptest_config(0x5c0e))]

        #[test]
        fn every_reward_is_finite_and_within_its_documented_range(
            parts in prop::collection::vec(fragment(), 0..12),
            step in 0u64..200,
        ) {
            let completion = parts.concat();
            let (specs, truths) = task();
            for truth in &truths {
                let tz = score(&RewardKind::default(), &completion, &specs, truth, step).total;
                prop_assert!((-1.0..=1.5).contains(&tz), "tool zero {tz}");
                let rl = score(&RewardKind::ToolRl, &completion, &specs, truth, step).total;
                prop_assert!((-3.0..=4.0).contains(&rl), "tool rl {rl}");
                let n1 = score(&RewardKind::ToolN1, &completion, &specs, truth, step).total;
                prop_assert!(n1 == 0.0 || n1 == 1.0, "tool n1 {n1}");
            }
        }
    }
}
