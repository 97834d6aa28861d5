//! Prompt tests: snapshots of every template (committed `.txt` files beside this file; rewrite them
//! with `TZ_UPDATE_SNAPSHOTS=1 cargo test -p tz-env --lib prompt`) and the continuation invariant.

use super::*;
use crate::spec::ToolCall;
use serde_json::json;

const TEMPLATES: [(Template, &str); 3] = [
    (Template::Base, "base"),
    (Template::ChatMl, "chatml"),
    (Template::Llama3, "llama3"),
];

/// Compares `actual` with `snapshots/<name>.txt`, or rewrites it when `TZ_UPDATE_SNAPSHOTS=1`.
fn check_snapshot(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/prompt/snapshots")
        .join(format!("{name}.txt"));
    if std::env::var("TZ_UPDATE_SNAPSHOTS").as_deref() == Ok("1") {
        std::fs::write(&path, actual).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "snapshot {} unreadable ({e}); create it with TZ_UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "snapshot {} differs (rerun with TZ_UPDATE_SNAPSHOTS=1 if the change is intended)\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

fn triangle() -> FunctionSpec {
    FunctionSpec {
        name: "calculate_triangle_area".into(),
        description: "Calculate the area of a triangle given its base and height.".into(),
        parameters: json!({"type": "object", "properties": {
            "base": {"type": "integer", "description": "The base of the triangle."},
            "height": {"type": "integer", "description": "The height of the triangle."},
            "unit": {"type": "string", "description": "The unit of measure."}},
            "required": ["base", "height"]}),
    }
}

fn weather() -> FunctionSpec {
    FunctionSpec {
        name: "get_weather".into(),
        description: "Current weather of a city.".into(),
        parameters: json!({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}),
    }
}

fn single_turn() -> Vec<Message> {
    vec![Message::user(
        "Find the area of a triangle with a base of 10 units and height of 5 units.",
    )]
}

fn multi_turn() -> Vec<Message> {
    vec![
        Message::new(Role::System, "You are a concise travel assistant."),
        Message::user("Weather in Paris and Rome?"),
        Message {
            tool_calls: vec![
                ToolCall::new("get_weather", json!({"city": "Paris"})),
                ToolCall::new("get_weather", json!({"city": "Rome"})),
            ],
            ..Message::new(
                Role::Assistant,
                "<think>Two cities, two parallel calls.</think>",
            )
        },
        Message::tool("get_weather", r#"{"temp_c": 18, "sky": "clear"}"#),
        Message::tool("get_weather", "error: service unavailable"),
        Message::new(
            Role::Assistant,
            "<think>Rome failed.</think>\n<answer>Paris: 18 °C, clear. Rome: unknown.</answer>",
        ),
        Message::user("Thanks! And Berlin?"),
    ]
}

#[test]
fn a_single_turn_prompt_matches_its_snapshot_in_every_template() {
    for (template, name) in TEMPLATES {
        check_snapshot(
            &format!("single_{name}"),
            &render(template, &single_turn(), &[triangle()]),
        );
    }
}

#[test]
fn a_multi_turn_prompt_with_parallel_calls_matches_its_snapshot_in_every_template() {
    for (template, name) in TEMPLATES {
        check_snapshot(
            &format!("multi_{name}"),
            &render(template, &multi_turn(), &[weather()]),
        );
    }
}

#[test]
fn extending_a_prompt_after_tool_results_equals_rendering_the_longer_history() {
    for (template, _) in TEMPLATES {
        let history = &multi_turn()[..2];
        let completion = " <think>Two cities.</think>\n<tool_call>[{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}]</tool_call>";
        let results = [
            Message::tool("get_weather", "18"),
            Message::tool("get_weather", "\"n/a\""),
        ];
        let extended = extend_prompt(
            template,
            &render(template, history, &[weather()]),
            completion,
            &results,
        );
        let mut longer = history.to_vec();
        longer.push(Message::new(Role::Assistant, completion));
        longer.extend(results);
        assert_eq!(
            extended,
            render(template, &longer, &[weather()]),
            "{template:?}"
        );
        let user = [Message::user("and Berlin?")];
        let next = extend_prompt(template, &extended, " <answer>ok</answer>", &user);
        longer.push(Message::new(Role::Assistant, " <answer>ok</answer>"));
        longer.extend(user);
        assert_eq!(
            next,
            render(template, &longer, &[weather()]),
            "{template:?}"
        );
    }
}

#[test]
fn the_template_is_chosen_by_its_serde_name() {
    let names: Vec<Template> =
        serde_json::from_str(r#"["base", "chatml", "llama3"]"#).expect("parses");
    assert_eq!(names, [Template::Base, Template::ChatMl, Template::Llama3]);
    assert!(serde_json::from_str::<Template>(r#""ChatMl""#).is_err());
    for template in names {
        assert_eq!(template.to_string().parse::<Template>(), Ok(template));
    }
    let err = "chatgpt".parse::<Template>().expect_err("unknown");
    assert!(
        err.contains("expected one of auto, base, chatml, llama3"),
        "{err}"
    );
}

#[test]
fn the_system_prompt_lists_every_tool_as_one_json_line_and_the_format() {
    let prompt = system_prompt(DEFAULT_PREAMBLE, &[triangle(), weather()]);
    let listed: Vec<FunctionSpec> = prompt
        .lines()
        .skip_while(|l| *l != "<tools>")
        .skip(1)
        .take_while(|l| *l != "</tools>")
        .map(|l| serde_json::from_str(l).expect("each tool line is JSON"))
        .collect();
    assert_eq!(listed, vec![triangle(), weather()]);
    for tag in ["<think>", "<tool_call>[", "<answer>", "<tool_response>"] {
        assert!(prompt.contains(tag), "{tag}");
    }
}

#[test]
fn a_tool_result_is_embedded_as_json_when_it_parses_and_as_a_string_otherwise() {
    assert_eq!(
        tool_response(&Message::tool("f", "[1, 2]")),
        "<tool_response>\n{\"name\":\"f\",\"content\":[1,2]}\n</tool_response>"
    );
    assert_eq!(
        tool_response(&Message::tool("f", "not json")),
        "<tool_response>\n{\"name\":\"f\",\"content\":\"not json\"}\n</tool_response>"
    );
}

#[test]
fn rendering_a_task_uses_its_demonstrations_and_messages() {
    let task = Task {
        tool_config: Default::default(),
        id: "t".into(),
        demonstrations: Vec::new(),
        source: None,
        category: None,
        messages: single_turn(),
        tools: vec![crate::task::ToolRef::Inline(triangle())],
        turns: vec![crate::task::Turn::default()],
        single_step: false,
    };
    let specs = task.inline_specs();
    assert_eq!(
        render_task(Template::ChatMl, &task, &specs),
        render(Template::ChatMl, &single_turn(), &specs)
    );
    // A task's own demonstrations come before its messages.
    let shot = Task {
        demonstrations: multi_turn()[1..3].to_vec(),
        ..task.clone()
    };
    assert_eq!(
        render_task(Template::ChatMl, &shot, &specs),
        render_with(
            Template::ChatMl,
            &multi_turn()[1..3],
            &single_turn(),
            &specs
        )
    );
}

/// Demonstrations render as history right after the system prompt, which stays the task's own
/// (its preamble), in every template.
#[test]
fn demonstrations_render_between_the_system_prompt_and_the_conversation() {
    let all = multi_turn();
    let (system, conversation) = (&all[0], &all[1..]);
    let demonstrations = &multi_turn()[1..6];
    for (template, _) in TEMPLATES {
        let with = render_with(template, demonstrations, &all, &[weather()]);
        let mut joined = vec![system.clone()];
        joined.extend_from_slice(demonstrations);
        joined.extend_from_slice(conversation);
        assert_eq!(with, render(template, &joined, &[weather()]), "{template}");
        assert!(with.contains("You are a concise travel assistant."));
        assert_eq!(
            render_with(template, &[], &all, &[weather()]),
            render(template, &all, &[weather()])
        );
        // Without a system message of its own, the default preamble still leads.
        let plain = render_with(template, demonstrations, &single_turn(), &[weather()]);
        let preamble = plain.find(DEFAULT_PREAMBLE).expect("default preamble");
        let demo = plain.find("Weather in Paris and Rome?").expect("demo");
        let request = plain.find("Find the area").expect("request");
        assert!(preamble < demo && demo < request, "{template}: {plain}");
    }
}
