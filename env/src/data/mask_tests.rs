//! Unit tests of name masking.

use super::*;
use crate::task::{Message, Role, Turn};
use serde_json::json;

fn spec(name: &str, params: &[&str], required: &[&str]) -> FunctionSpec {
    let props: Map<String, Value> = params
        .iter()
        .map(|p| (p.to_string(), json!({"type": "string"})))
        .collect();
    FunctionSpec {
        name: name.into(),
        description: format!("{name} does things; see also math.hypot"),
        parameters: json!({"type": "object", "properties": props, "required": required}),
    }
}

fn sample() -> Task {
    let call: ExpectedCall =
        serde_json::from_value(json!({"math.hypot": {"x": [3], "y": [4, ""]}})).expect("call");
    Task {
        tool_config: Default::default(),
        id: "t".into(),
        demonstrations: Vec::new(),
        source: None,
        category: None,
        messages: vec![
            Message::user("Use math.hypot (not math.hypot_v2 or my_math.hypot) on 3 and 4."),
            Message {
                tool_calls: vec![ToolCall::new("math.hypot", json!({"x": 1, "y": 2}))],
                ..Message::new(Role::Assistant, "<think>call math.hypot</think>")
            },
            Message::tool("math.hypot", "2.23"),
            Message::user("again with x = 3"),
        ],
        tools: vec![
            ToolRef::Inline(spec("math.hypot", &["x", "y"], &["x"])),
            ToolRef::Inline(spec("math.hypot_v2", &["a"], &[])),
        ],
        turns: vec![Turn {
            ground_truth: vec![vec![call]],
            expected_answer: Some("math.hypot gives 5".into()),
            ..Turn::default()
        }],
        single_step: false,
    }
}

#[test]
fn tools_and_parameters_get_positional_names() {
    let (masked, map) = mask_task(&sample()).expect("masks");
    let specs = masked.inline_specs();
    assert_eq!(specs[0].name, "func_1");
    assert_eq!(specs[1].name, "func_2");
    assert_eq!(specs[0].parameters["required"], json!(["param_1"]));
    let keys: Vec<&String> = specs[0]
        .properties()
        .map(|p| p.keys().collect())
        .unwrap_or_default();
    assert_eq!(keys, ["param_1", "param_2"]);
    assert_eq!(specs[0].description, "func_1 does things; see also func_1");
    assert_eq!(
        map.functions[1].params,
        vec![("a".to_string(), "param_1".to_string())]
    );
}

#[test]
fn ground_truth_and_messages_are_masked_consistently() {
    let (masked, _) = mask_task(&sample()).expect("masks");
    let call = &masked.turns[0].ground_truth[0][0];
    assert_eq!(call.name, "func_1");
    assert_eq!(
        call.params.keys().collect::<Vec<_>>(),
        ["param_1", "param_2"]
    );
    assert_eq!(
        masked.messages[0].content,
        "Use func_1 (not func_2 or my_math.hypot) on 3 and 4."
    );
    assert_eq!(masked.messages[1].content, "<think>call func_1</think>");
    assert_eq!(
        masked.messages[1].tool_calls[0],
        ToolCall::new("func_1", json!({"param_1": 1, "param_2": 2}))
    );
    assert_eq!(masked.messages[2].name.as_deref(), Some("func_1"));
    assert_eq!(
        masked.messages[3].content, "again with x = 3",
        "parameter names stay in free text"
    );
    assert_eq!(
        masked.turns[0].expected_answer.as_deref(),
        Some("func_1 gives 5")
    );
    assert!(masked.problems().is_empty());
    // A task's own demonstrations are masked like its messages.
    let mut with_shot = sample();
    with_shot.demonstrations = sample().messages[..2].to_vec();
    let (masked, _) = mask_task(&with_shot).expect("masks");
    assert_eq!(masked.demonstrations, masked.messages[..2].to_vec());
}

#[test]
fn masking_is_deterministic_and_unmasking_restores_every_call() {
    let task = sample();
    let (a, map) = mask_task(&task).expect("masks");
    let (b, _) = mask_task(&task).expect("masks");
    assert_eq!(a, b);
    let real = &task.messages[1].tool_calls[0];
    assert_eq!(&map.unmask_call(&map.mask_call(real)), real);
    assert_eq!(
        map.unmask_call(&ToolCall::new("nope", json!({}))),
        ToolCall::new("nope", json!({}))
    );
}

#[test]
fn a_directory_tool_cannot_be_masked() {
    let mut task = sample();
    task.tools.push(ToolRef::Named("calculator".into()));
    let err = mask_task(&task).expect_err("named tool");
    assert_eq!(
        err,
        MaskError::NamedTool {
            task: "t".into(),
            tool: "calculator".into()
        }
    );
}

#[test]
fn whole_word_replacement_respects_boundaries_and_unicode() {
    let pairs = [("get weather", "func_1"), ("get", "func_2")];
    assert_eq!(
        replace_words("¿get weather?get_x, forget, get.", &pairs),
        "¿func_1?get_x, forget, func_2."
    );
}

#[test]
fn a_plain_word_tool_name_is_kept_in_free_text_but_renamed_everywhere_else() {
    let mut task = sample();
    task.tools
        .push(ToolRef::Inline(spec("translate", &["text"], &["text"])));
    task.messages[0].content =
        "Please translate this, then call math.hypot and createTable.".into();
    task.tools
        .push(ToolRef::Inline(spec("createTable", &[], &[])));
    let (masked, _) = mask_task(&task).expect("masks");
    assert_eq!(
        masked.messages[0].content,
        "Please translate this, then call func_1 and func_4."
    );
    assert_eq!(masked.inline_specs()[2].name, "func_3");
    assert!(is_plain_word("translate") && is_plain_word("Search") && is_plain_word("état"));
    assert!(
        !is_plain_word("createTable")
            && !is_plain_word("get_x")
            && !is_plain_word("Search Managers")
    );
}

mod properties {
    //! Seeded property tests: arbitrary text never breaks masking.
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(crate::test_support::proptest_config(20261125))]

        #[test]
        fn text_without_any_name_is_left_unchanged(text in "[a-zA-Z0-9 ._éß€\n-]{0,80}") {
            prop_assume!(!text.contains("math.hypot"));
            let (_, map) = mask_task(&sample()).expect("masks");
            prop_assert_eq!(map.mask_text(&text), text);
        }

        #[test]
        fn replacement_never_panics_on_any_text(text in "\\PC{0,60}", name in "\\PC{0,6}") {
            let out = replace_words(&text, &[(name.as_str(), "func_1")]);
            if name.is_empty() || !text.contains(name.as_str()) {
                prop_assert_eq!(out, text);
            }
        }
    }
}
