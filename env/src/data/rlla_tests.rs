//! Unit tests of the rlla importer on small hand-written rows shaped like the real ones.

use super::*;

const INSTRUCTION: &str = "You are a helpful multi-turn dialogue assistant.\n\n**Available Tools**\nIn your response, you can use the following tools:\n1. Name: Search Managers\nDescription: Search for managers by name\nParameters: {\"name\": {\"description\": \"The name\", \"type\": \"string\", \"default\": \"\"}, \"limit\": {\"description\": \"How many\", \"type\": \"int, optional\", \"default\": \"10\"}}\n2. Name: Get Genres\nDescription: List genres\nParameters: {}\n\n**Steps for Each Turn**\n1. **Think:** ...";

fn row(input: &str, output: &str) -> Value {
    json!({"instruction": INSTRUCTION, "input": input, "output": output})
}

#[test]
fn the_tool_list_becomes_object_schemas_with_required_and_defaults() {
    let specs = parse_tools(INSTRUCTION).expect("tools parse");
    assert_eq!(specs.len(), 2);
    assert_eq!(specs[0].name, "Search Managers");
    assert_eq!(specs[0].description, "Search for managers by name");
    assert_eq!(specs[0].required(), vec!["name"]);
    assert_eq!(
        specs[0].parameters["properties"]["limit"],
        json!({"type": "integer", "description": "How many", "default": "10"})
    );
    assert_eq!(
        specs[1].parameters,
        json!({"type": "object", "properties": {}, "required": []})
    );
}

#[test]
fn toolrl_types_map_to_json_schema_types() {
    let ty = |t: &str| Value::Object(schema_for_type(t).0);
    assert_eq!(ty("str"), json!({"type": "string"}));
    assert_eq!(ty("float, optional"), json!({"type": "number"}));
    assert_eq!(
        ty("List[int]"),
        json!({"type": "array", "items": {"type": "integer"}})
    );
    assert_eq!(ty("Tuple[float, float]"), json!({"type": "array"}));
    assert_eq!(ty("Dict"), json!({"type": "object"}));
    assert_eq!(ty("Callable[[float], float]"), json!({}));
    assert!(schema_for_type("bool, optional").1);
}

#[test]
fn a_parallel_target_becomes_one_alternative_with_every_call() {
    let out = "<think> two calls </think>\n<tool_call>\n{\"name\": \"Search Managers\", \"parameters\": {\"name\": \"Alex\"}}\n{\"name\": \"Get Genres\", \"parameters\": {}}\n</tool_call>";
    let task = convert_row(
        "t",
        &row("**Dialogue Records History**\n<user> hi </user>", out),
    )
    .expect("imports");
    assert_eq!(task.category.as_deref(), Some("parallel"));
    assert_eq!(task.messages, vec![Message::user("hi")]);
    let gt = &task.turns[0].ground_truth;
    assert_eq!(gt.len(), 1);
    assert_eq!(gt[0][0].name, "Search Managers");
    assert_eq!(gt[0][0].alternatives("name"), [json!("Alex")]);
    assert!(gt[0][1].params.is_empty());
}

#[test]
fn a_response_target_means_call_nothing_with_an_expected_answer() {
    let out = "<think> I should directly respond. </think>\n<response> Hello! </response>";
    let task =
        convert_row("t", &json!({"extra_info": row("<user> hi </user>", out)})).expect("imports");
    assert!(task.turns[0].accepts_no_call());
    assert_eq!(task.turns[0].expected_answer.as_deref(), Some("Hello!"));
    assert_eq!(task.category.as_deref(), Some("no_call"));
}

#[test]
fn tags_mentioned_inside_the_thinking_are_not_the_target() {
    let out = "<think> I will write <tool_call> tags with one line each. </think>\n<tool_call>\n{\"name\": \"Get Genres\", \"parameters\": {}}\n</tool_call>";
    let task = convert_row("t", &row("<user> hi </user>", out)).expect("imports");
    assert_eq!(task.turns[0].ground_truth[0][0].name, "Get Genres");
}

#[test]
fn earlier_turns_become_assistant_and_tool_messages() {
    let input = "**Dialogue Records History**\n<user> genres? </user>\n\n<think> use a tool </think>\n<tool_call>\n{\"name\": \"Get Genres\", \"parameters\": {}}\n</tool_call>\n<obs> [{\"name\": \"Get Genres\", \"results\": {\"genres\": [\"Drama\"]}}] </obs>\n\n<think> answer </think>\n<response> Drama. </response>\n\n<user> thanks, and managers? </user>";
    let out = "<think> x </think>\n<tool_call>\n{\"name\": \"Search Managers\", \"parameters\": {\"name\": \"A\"}}\n</tool_call>";
    let task = convert_row("t", &row(input, out)).expect("imports");
    let roles: Vec<Role> = task.messages.iter().map(|m| m.role).collect();
    assert_eq!(
        roles,
        [
            Role::User,
            Role::Assistant,
            Role::Tool,
            Role::Assistant,
            Role::User
        ]
    );
    assert_eq!(task.messages[1].content, "<think>use a tool</think>");
    assert_eq!(
        task.messages[1].tool_calls,
        vec![ToolCall::new("Get Genres", json!({}))]
    );
    assert_eq!(
        task.messages[2],
        Message::tool("Get Genres", r#"{"genres":["Drama"]}"#)
    );
    assert_eq!(
        task.messages[3].content,
        "<think>answer</think>\n<answer>Drama.</answer>"
    );
    assert!(task.problems().is_empty(), "{:?}", task.problems());
}

#[test]
fn rows_without_a_usable_target_are_skipped_with_a_reason() {
    let skip = |r: Value| convert_row("t", &r).expect_err("skipped").0;
    assert_eq!(
        skip(row("<user> hi </user>", "<think> x </think>")),
        SkipReason::NoTarget
    );
    assert_eq!(
        skip(row(
            "<user> hi </user>",
            "<think> x </think>\n<tool_call>\nnot json\n</tool_call>"
        )),
        SkipReason::BadCall
    );
    assert_eq!(
        skip(row("stray <user> hi </user>", "<response> r </response>")),
        SkipReason::BadHistory
    );
    assert_eq!(
        skip(
            json!({"instruction": "no tools", "input": "<user> a </user>", "output": "<response> r </response>"})
        ),
        SkipReason::BadTools
    );
    assert_eq!(skip(json!({"input": "x"})), SkipReason::MalformedRow);
}

#[test]
fn string_values_of_typed_parameters_are_read_as_their_type() {
    assert_eq!(coerce(json!("2025.0"), Some("number")), json!(2025.0));
    assert_eq!(coerce(json!("12"), Some("number")), json!(12));
    assert_eq!(coerce(json!(" 7 "), Some("integer")), json!(7));
    assert_eq!(coerce(json!("7.5"), Some("integer")), json!("7.5"));
    assert_eq!(coerce(json!("True"), Some("boolean")), json!(true));
    assert_eq!(coerce(json!("[1, 2]"), Some("array")), json!([1, 2]));
    assert_eq!(coerce(json!("{\"a\": 1}"), Some("object")), json!({"a": 1}));
    assert_eq!(coerce(json!("[1, 2]"), Some("object")), json!("[1, 2]"));
    assert_eq!(coerce(json!("5"), Some("string")), json!("5"));
    assert_eq!(coerce(json!("5"), None), json!("5"));
    assert_eq!(coerce(json!(5), Some("string")), json!(5));
}

#[test]
fn the_ground_truth_is_coerced_to_the_declared_types() {
    let out = "<think> x </think>\n<tool_call>\n{\"name\": \"Search Managers\", \"parameters\": {\"name\": \"Alex\", \"limit\": \"3\"}}\n</tool_call>";
    let task = convert_row("t", &row("<user> hi </user>", out)).expect("imports");
    assert_eq!(
        task.turns[0].ground_truth[0][0].alternatives("limit"),
        [json!(3)]
    );
}

mod properties {
    //! Seeded property test: no row, however malformed, makes the importer panic.
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(crate::test_support::proptest_config(20261125))]

        #[test]
        fn the_rlla_importer_never_panics_on_any_row(
            instruction in "(\\*\\*Available Tools\\*\\*\n1\\. Name: f\nParameters: )?\\PC{0,40}",
            input in "(<user>|</user>|<think>|</think>|<tool_call>|</tool_call>|<obs>|</obs>|\\PC){0,20}",
            output in "(<think>|</think>|<tool_call>\n|</tool_call>|<response>|</response>|\\{|\\}|\"name\"|\\PC){0,20}",
        ) {
            let row = json!({"instruction": instruction, "input": input, "output": output});
            let _ = convert_row("p", &row);
        }
    }
}

#[test]
fn a_dict_argument_holding_a_list_matches_its_own_ground_truth() {
    let instruction = "**Available Tools**\n1. Name: Filter\nDescription: Filters\nParameters: {\"query\": {\"description\": \"q\", \"type\": \"dict\"}}\n\n**Steps for Each Turn**\n";
    let call = r#"{"name": "Filter", "parameters": {"query": {"tags": ["a", "b"], "limit": 2}}}"#;
    let output = format!("<think>t</think>\n<tool_call>\n{call}\n</tool_call>");
    let row =
        json!({"instruction": instruction, "input": "<user>Filter it</user>", "output": output});
    let task = convert_row("rlla_t_0", &row).expect("converts");
    let specs = task.inline_specs();
    let model_call = ToolCall::new("Filter", json!({"query": {"tags": ["a", "b"], "limit": 2}}));
    let truth = task.truth(0);
    let verdict = crate::checker::check(&specs, &[model_call], &truth.alternatives[0]);
    assert!(verdict.valid, "{verdict:?}");
}
