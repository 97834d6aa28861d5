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
    for kind in RewardKind::all() {
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
                let rl = score(&RewardKind::ToolRl { dynamic_scaling: false }, &completion, &specs, truth, step).total;
                prop_assert!((-3.0..=4.0).contains(&rl), "tool rl {rl}");
                let n1 = score(&RewardKind::ToolN1, &completion, &specs, truth, step).total;
                prop_assert!(n1 == 0.0 || n1 == 1.0, "tool n1 {n1}");
            }
        }
    }
}

mod issue_12 {
    //! The reward corrections of issue 12, each a case that scored wrongly before.

    use serde_json::json;

    use super::*;

    fn triangle() -> (Vec<FunctionSpec>, GroundTruth) {
        let specs = vec![FunctionSpec {
            name: "calculate_triangle_area".into(),
            description: String::new(),
            parameters: json!({"type": "dict", "properties": {"base": {"type": "integer"},
                "height": {"type": "integer"}, "unit": {"type": "string"}}, "required": ["base", "height"]}),
        }];
        // BFCL simple_python_0: `""` last marks `unit` optional.
        let truth = serde_json::from_value(
            json!([[{"calculate_triangle_area": {"base": [10], "height": [5], "unit": ["units", ""]}}]]),
        )
        .expect("valid");
        (specs, truth)
    }

    const CALL: &str = r#"<think>t</think><tool_call>[{"name": "calculate_triangle_area", "arguments": {"base": 10, "height": 5}}]</tool_call>"#;

    #[test]
    fn an_omitted_optional_parameter_is_not_expected_wherever_bfcl_puts_its_marker() {
        let (specs, truth) = triangle();
        let r = score(&RewardKind::default(), CALL, &specs, &truth, 0);
        assert_eq!(r.get("strict_match"), Some(1.0));
        assert!(close(r.get("general").unwrap_or(0.0), 0.5), "{r:?}");
        let rl = score(&RewardKind::all()[1], CALL, &specs, &truth, 0);
        assert!(close(rl.total, 4.0), "{rl:?}");
        // Supplying it with an accepted value is just as right; a wrong value is not.
        let with_unit = CALL.replace(r#""height": 5}"#, r#""height": 5, "unit": "units"}"#);
        let r = score(&RewardKind::default(), &with_unit, &specs, &truth, 0);
        assert!(close(r.get("general").unwrap_or(0.0), 0.5), "{r:?}");
    }

    #[test]
    fn any_accepted_spelling_earns_full_overlap() {
        let specs = vec![FunctionSpec {
            name: "weather".into(),
            description: String::new(),
            parameters: json!({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}),
        }];
        let truth: GroundTruth =
            serde_json::from_value(json!([[{"weather": {"city": ["San Francisco", "SF"]}}]]))
                .expect("valid");
        let c = r#"<think>t</think><tool_call>[{"name": "weather", "arguments": {"city": "SF"}}]</tool_call>"#;
        let r = score(&RewardKind::default(), c, &specs, &truth, 0);
        assert!(close(r.get("general").unwrap_or(0.0), 0.5), "{r:?}");
    }

    #[test]
    fn on_a_relevance_turn_calling_beats_abstaining_and_calling_twice_earns_no_more() {
        let (specs, _) = triangle();
        let truth = GroundTruth::any_call();
        let abstain = "<think>t</think><answer>I cannot.</answer>";
        let twice = CALL.replace("}}]", "}}, {\"name\": \"calculate_triangle_area\", \"arguments\": {\"base\": 1, \"height\": 1}}]");
        for kind in RewardKind::all() {
            let call = score(&kind, CALL, &specs, &truth, 30);
            let none = score(&kind, abstain, &specs, &truth, 30);
            let two = score(&kind, &twice, &specs, &truth, 30);
            assert!(
                call.total > none.total,
                "{}: {call:?} vs {none:?}",
                kind.name()
            );
            assert!(close(two.total, call.total), "{}: {two:?}", kind.name());
        }
        assert_eq!(
            GroundTruth::any_call(),
            serde_json::from_str(r#"{"any_call": true}"#).expect("valid")
        );
    }

    fn weather() -> (Vec<FunctionSpec>, GroundTruth) {
        let specs = vec![FunctionSpec {
            name: "weather".into(),
            description: String::new(),
            parameters: json!({"type": "object", "properties": {"city": {"type": "string"},
                "extra": {"type": "integer"}}, "required": ["city"]}),
        }];
        let truth =
            serde_json::from_value(json!([[{"weather": {"city": ["London"]}}]])).expect("valid");
        (specs, truth)
    }

    fn call(args: &str) -> String {
        format!(
            r#"<think>t</think><tool_call>[{{"name": "weather", "arguments": {args}}}]</tool_call>"#
        )
    }

    #[test]
    fn wrong_arguments_are_judged_from_the_whole_call_not_the_first_error() {
        let (specs, truth) = weather();
        let penalty = |args: &str| {
            score(&RewardKind::StrictOnly, &call(args), &specs, &truth, 0)
                .get("strict_wrong_arguments")
        };
        let want = Some(tool_zero::WRONG_ARGUMENTS);
        assert_eq!(penalty(r#"{"extra": 1, "city": "London"}"#), want);
        assert_eq!(penalty(r#"{"city": "London", "extra": 1}"#), want);
        assert_eq!(penalty(r#"{"city": "Paris"}"#), want);
        // Omitting the argument is no better than getting it wrong.
        assert_eq!(penalty("{}"), want);
        assert_eq!(penalty(r#"{"city": "London"}"#), Some(0.0));
    }

    #[test]
    fn the_wrong_arguments_term_and_parallel_bonus_are_configurable() {
        let (specs, truth) = weather();
        let kind: RewardKind = serde_json::from_str(
            r#"{"kind": "tool_zero", "wrong_arguments": -0.3, "parallel_bonus": 0.5}"#,
        )
        .expect("valid");
        let r = score(&kind, &call(r#"{"city": "Paris"}"#), &specs, &truth, 0);
        assert_eq!(r.get("strict_wrong_arguments"), Some(-0.3));
    }

    #[test]
    fn overlap_precision_exposes_calls_stuffed_with_the_request() {
        let (specs, truth) = weather();
        let plain = score(
            &RewardKind::default(),
            &call(r#"{"city": "London"}"#),
            &specs,
            &truth,
            0,
        );
        assert_eq!(plain.get("general_precision"), Some(1.0));
        let stuffed = call(r#"{"city": "London weather today please tell me"}"#);
        let r = score(&RewardKind::default(), &stuffed, &specs, &truth, 0);
        assert_eq!(r.get("general"), Some(0.5), "recall stays full: {r:?}");
        assert!(r.get("general_precision").unwrap_or(1.0) < 0.5, "{r:?}");
    }

    #[test]
    fn toolrl_is_neutral_on_rows_that_call_nothing() {
        let (specs, _) = weather();
        let truth = GroundTruth::no_call();
        for c in [
            call(r#"{"city": "London"}"#),
            "<think>t</think><answer>no</answer>".into(),
        ] {
            let r = score(&RewardKind::all()[1], &c, &specs, &truth, 0);
            assert_eq!(r.get("correctness"), Some(0.0), "{r:?}");
        }
    }

    #[test]
    fn tool_n1_needs_the_exact_values_where_bfcl_normalises_strings() {
        let (specs, truth) = weather();
        let lower = call(r#"{"city": "london"}"#);
        assert_eq!(
            score(&RewardKind::StrictOnly, &lower, &specs, &truth, 0).get("strict_match"),
            Some(1.0)
        );
        assert_eq!(
            score(&RewardKind::ToolN1, &lower, &specs, &truth, 0).total,
            0.0
        );
        let exact = call(r#"{"city": "London"}"#);
        assert_eq!(
            score(&RewardKind::ToolN1, &exact, &specs, &truth, 0).total,
            1.0
        );
    }
}
