//! Unit tests of the task format: schema, validation, loader and writer.

use super::*;
use serde_json::json;
use std::path::Path;

const EXAMPLE: &str = r#"{"id":"simple_python_0","source":"bfcl","category":"simple_python","messages":[{"role":"user","content":"Find the area of a triangle with base 10 and height 5."}],"tools":[{"name":"calculate_triangle_area","description":"Area of a triangle.","parameters":{"type":"object","properties":{"base":{"type":"integer"},"height":{"type":"integer"},"unit":{"type":"string"}},"required":["base","height"]}},{"name":"calculator"}],"turns":[{"ground_truth":[[{"calculate_triangle_area":{"base":[10],"height":[5],"unit":["units",""]}}]]}]}"#;

fn parse(line: &str) -> std::result::Result<Task, serde_json::Error> {
    serde_json::from_str(line)
}

#[test]
fn the_documented_example_parses_and_writes_back_byte_identical() {
    let task = parse(EXAMPLE).expect("example parses");
    assert!(task.problems().is_empty(), "{:?}", task.problems());
    assert_eq!(task.tools[1], ToolRef::Named("calculator".into()));
    assert_eq!(
        task.turns[0].ground_truth[0][0].name,
        "calculate_triangle_area"
    );
    assert_eq!(to_line(&task).expect("serializes"), EXAMPLE);
}

#[test]
fn unknown_fields_are_rejected_at_every_level() {
    let cases = [
        EXAMPLE.replace(r#""source":"bfcl""#, r#""sorce":"bfcl""#),
        EXAMPLE.replace(r#""role":"user","#, r#""role":"user","extra":1,"#),
        EXAMPLE.replace(r#""ground_truth""#, r#""expected":1,"ground_truth""#),
        EXAMPLE.replace(
            r#""description":"Area"#,
            r#""descr":"x","description":"Area"#,
        ),
    ];
    for case in cases {
        let err = parse(&case).expect_err("must be rejected").to_string();
        assert!(err.contains("unknown field"), "{err}");
    }
}

#[test]
fn an_expected_call_with_two_function_names_is_rejected() {
    let bad = EXAMPLE.replace(
        r#"{"calculate_triangle_area":{"base":[10],"height":[5],"unit":["units",""]}}"#,
        r#"{"f":{},"g":{}}"#,
    );
    let err = parse(&bad).expect_err("two keys").to_string();
    assert!(err.contains("exactly one key"), "{err}");
}

#[test]
fn call_nothing_is_an_empty_list_or_an_empty_alternative() {
    let none: Turn = serde_json::from_value(json!({"ground_truth": []})).expect("turn");
    let empty_alt: Turn = serde_json::from_value(json!({"ground_truth": [[]]})).expect("turn");
    let call: Turn =
        serde_json::from_value(json!({"ground_truth": [[{"f": {"a": [1]}}]]})).expect("turn");
    assert!(none.accepts_no_call());
    assert!(empty_alt.accepts_no_call());
    assert!(!call.accepts_no_call());
}

#[test]
fn validation_names_every_structural_problem() {
    let mut task = parse(EXAMPLE).expect("example parses");
    task.messages.push(Message::new(Role::Assistant, "hi"));
    task.messages.push(Message::new(Role::Tool, "42"));
    task.tools.push(ToolRef::Named("calculator".into()));
    task.turns.push(Turn::default());
    let problems = task.problems();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].contains("needs `name`"));
    assert!(problems[1].contains("listed twice"));
    assert!(problems[2].contains("turn 1 needs its `user`"));
}

#[test]
fn the_loader_reports_every_bad_line_and_keeps_the_good_ones() {
    let text = format!(
        "{EXAMPLE}\n\nnot json\n{}\n{EXAMPLE}\n{}\n",
        r#"{"id":"x"}"#,
        EXAMPLE.replace("simple_python_0", "other")
    );
    let report = read_tasks(text.as_bytes(), "tasks.jsonl").expect("reads");
    assert_eq!(report.tasks.len(), 2);
    let lines: Vec<usize> = report.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![3, 4, 5]);
    let shown: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    assert!(
        shown[0].starts_with("tasks.jsonl:3: expected a task object"),
        "{}",
        shown[0]
    );
    assert!(shown[1].contains("missing field"), "{}", shown[1]);
    assert!(
        shown[2].contains("duplicate id `simple_python_0` (first on line 1)"),
        "{}",
        shown[2]
    );
}

#[test]
fn an_inline_tool_without_parameters_is_explained() {
    let bad = EXAMPLE.replace(
        r#"{"name":"calculator"}"#,
        r#"{"name":"calculator","description":"x"}"#,
    );
    let err = parse(&bad).expect_err("no parameters").to_string();
    assert!(err.contains("needs `parameters`"), "{err}");
}

#[test]
fn writing_then_loading_a_file_round_trips() {
    let mut task = parse(EXAMPLE).expect("example parses");
    task.messages.push(Message {
        tool_calls: vec![ToolCall::new("calculator", json!({"expr": "1+1"}))],
        ..Message::new(Role::Assistant, "<think>add</think>")
    });
    task.messages.push(Message {
        tool_call_id: Some("c1".into()),
        ..Message::tool("calculator", "2")
    });
    task.turns.push(Turn {
        reference_calls: None,
        new_tools: Vec::new(),
        user: Some("and times three?".into()),
        ground_truth: vec![],
        expected_answer: Some("6".into()),
        any_call: false,
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("t.jsonl");
    save_tasks(&path, std::slice::from_ref(&task)).expect("saves");
    let report = load_tasks(&path).expect("loads");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.tasks, vec![task]);
}

#[test]
fn a_missing_file_is_an_error_naming_the_path() {
    let err = load_tasks(Path::new("/nonexistent/tasks.jsonl")).expect_err("missing");
    assert!(
        err.to_string().contains("/nonexistent/tasks.jsonl"),
        "{err}"
    );
}

#[test]
fn named_tools_resolve_from_a_directory_in_task_order() {
    let task = parse(EXAMPLE).expect("example parses");
    let calculator = FunctionSpec {
        name: "calculator".into(),
        description: "Evaluates arithmetic.".into(),
        parameters: json!({"type": "object", "properties": {"expr": {"type": "string"}}}),
    };
    let specs = task
        .resolve_tools(std::slice::from_ref(&calculator))
        .expect("resolves");
    assert_eq!(specs.len(), 2);
    assert_eq!(specs[0].name, "calculate_triangle_area");
    assert_eq!(specs[1], calculator);
    let err = task.resolve_tools(&[]).expect_err("calculator missing");
    assert!(
        err.contains("tool `calculator` is not in the tool directory"),
        "{err}"
    );
}

mod properties {
    //! Seeded property test: the loader accounts for every line of any input.
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(crate::test_support::proptest_config(20261125))]

        #[test]
        fn the_task_loader_never_panics_and_counts_every_line(lines in proptest::collection::vec("\\PC{0,40}", 0..8)) {
            let text = lines.join("\n");
            let report = super::read_tasks(text.as_bytes(), "p").expect("in memory");
            let nonblank = lines.iter().filter(|l| !l.trim().is_empty()).count();
            prop_assert_eq!(report.tasks.len() + report.errors.len(), nonblank);
        }
    }
}

/// Task lines written before task files held the checker's `ExpectedCall`, by `tz` at fe26161:
/// `tz data import --from bfcl` on BFCL v4 rows of nine categories (answers whose parameters
/// BFCL lists out of name order among them), `--from rlla` on two ToolRL rows, one BFCL row
/// imported with `--mask` (its id suffixed `_masked` to keep ids unique), and
/// `tz data gen --n 12 --seed 7` (train split, then test split).
const WRITTEN_BEFORE: &str = include_str!("fixtures/written_before.jsonl");

#[test]
fn a_task_file_written_before_reads_back_the_same_and_writes_byte_identically() {
    let report = read_tasks(WRITTEN_BEFORE.as_bytes(), "written_before.jsonl").expect("reads");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.tasks.len(), WRITTEN_BEFORE.lines().count());
    let mut written = Vec::new();
    write_tasks(&mut written, &report.tasks).expect("writes");
    let written = String::from_utf8(written).expect("utf-8");
    for (index, (got, want)) in written.lines().zip(WRITTEN_BEFORE.lines()).enumerate() {
        assert_eq!(got, want, "line {}", index + 1);
    }
    assert_eq!(written, WRITTEN_BEFORE);
    let again = read_tasks(written.as_bytes(), "written").expect("reads");
    assert_eq!(again.tasks, report.tasks);
}

#[test]
fn ground_truth_parameters_are_read_and_written_in_name_order() {
    let shuffled = EXAMPLE.replace(
        r#"{"base":[10],"height":[5],"unit":["units",""]}"#,
        r#"{"unit":["units",""],"base":[10],"height":[5]}"#,
    );
    assert_ne!(shuffled, EXAMPLE);
    let task = parse(&shuffled).expect("parses");
    let names: Vec<&str> = task.turns[0].ground_truth[0][0]
        .params
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(names, ["base", "height", "unit"]);
    assert_eq!(to_line(&task).expect("serializes"), EXAMPLE);
}
