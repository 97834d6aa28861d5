//! Episodes end to end: generated tasks played by an oracle policy through the real tools,
//! scored by the real reward; determinism of episode JSON; hostile model output.

use tz_env::data::r#gen::{GenConfig, generate};
use tz_env::episode::{self, EpisodeConfig, Generation, Origin};
use tz_env::parse::render_tool_call_block;
use tz_env::registry::Registry;
use tz_env::sandbox::SandboxConfig;
use tz_env::spec::{FunctionSpec, ToolCall};
use tz_env::task::Task;

use crate::common::tools_dir;

fn registry() -> Registry {
    let cfg = SandboxConfig {
        cache_dir: Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-cache")),
        ..SandboxConfig::default()
    };
    Registry::load_dir(&tools_dir(), cfg).expect("shipped tools load")
}

/// The ground truth's first alternative of `turn`, written as model calls.
fn oracle_calls(task: &Task, specs: &[FunctionSpec], turn: usize) -> Vec<ToolCall> {
    let truth = task.truth(turn);
    let Some(first) = truth.iter().next() else {
        return Vec::new();
    };
    first
        .iter()
        .map(|e| {
            e.canonical_call(
                tz_env::checker::Language::Python,
                specs.iter().find(|s| s.name == e.name),
                None,
            )
        })
        .collect()
}

/// A policy that makes the ground-truth calls, then answers, turn after turn.
fn oracle(task: &Task, specs: Vec<FunctionSpec>) -> impl FnMut(&str) -> Generation {
    let task = task.clone();
    let mut turn = 0usize;
    let mut called = false;
    move |_prompt: &str| {
        let calls = oracle_calls(&task, &specs, turn.min(task.turns.len() - 1));
        let text = if called || calls.is_empty() {
            called = false;
            turn += 1;
            "<think>I have what I need.</think>\n<answer>done</answer>".to_string()
        } else {
            called = true;
            format!(
                "<think>I will call the tools.</think>\n{}",
                render_tool_call_block(&calls)
            )
        };
        Generation {
            tokens: text.len() / 4,
            text,
            end_of_turn: None,
        }
    }
}

#[test]
fn an_oracle_playing_generated_tasks_gets_every_call_executed_and_full_strict_reward() {
    let reg = registry();
    let out = generate(&GenConfig {
        n: 120,
        seed: 3,
        ..GenConfig::default()
    });
    let cfg = EpisodeConfig {
        max_tokens: 100_000,
        ..EpisodeConfig::default()
    };
    let mut categories = std::collections::BTreeSet::new();
    for (i, task) in out.train.iter().chain(&out.test).enumerate() {
        let specs = task.resolve_tools(&reg.specs()).expect("tools resolve");
        let ep =
            episode::run(&reg, task, i as u64, 1_000, &cfg, oracle(task, specs)).expect("host ok");
        for call in &ep.calls {
            assert!(
                call.outcome.outcome.is_ok(),
                "task {}: {:?} -> {:?}",
                task.id,
                call.call,
                call.outcome.outcome
            );
        }
        for turn in &ep.turns {
            assert!(
                turn.violations.is_empty(),
                "task {}: {:?}",
                task.id,
                turn.violations
            );
            let strict = turn.reward.get("strict_match").expect("strict part");
            assert!(
                strict >= 1.0,
                "task {} turn {}: {:?}",
                task.id,
                turn.turn,
                turn.reward
            );
        }
        assert_eq!(ep.turns.len(), task.turns.len());
        categories.insert(task.category.clone().unwrap_or_default());
    }
    assert!(categories.len() >= 5, "{categories:?}");
}

#[test]
fn the_same_seed_gives_byte_identical_episode_json_in_parallel_or_not() {
    let reg = registry();
    let out = generate(&GenConfig {
        n: 40,
        seed: 9,
        ..GenConfig::default()
    });
    let cfg = EpisodeConfig::default();
    let jobs: Vec<(&Task, u64)> = out.train.iter().map(|t| (t, 7u64)).collect();
    let specs = reg.specs();
    let policy = |i: usize, prompt: &str| {
        let task = jobs[i].0;
        let tools = task.resolve_tools(&specs).expect("resolve");
        let mut o = oracle(task, tools);
        let _ = prompt;
        o(prompt)
    };
    let parallel: Vec<String> = episode::run_many(&reg, &jobs, 30, &cfg, policy)
        .into_iter()
        .map(|e| serde_json::to_string(&e.expect("host ok")).expect("json"))
        .collect();
    let again: Vec<String> = episode::run_many(&reg, &jobs, 30, &cfg, policy)
        .into_iter()
        .map(|e| serde_json::to_string(&e.expect("host ok")).expect("json"))
        .collect();
    assert_eq!(parallel, again);
    let sequential: Vec<String> = jobs
        .iter()
        .enumerate()
        .map(|(i, (task, seed))| {
            let ep = episode::run(&reg, task, *seed, 30, &cfg, |p| policy(i, p)).expect("host ok");
            serde_json::to_string(&ep).expect("json")
        })
        .collect();
    assert_eq!(parallel, sequential);
}

#[test]
fn garbage_model_output_is_a_scored_outcome_and_segments_keep_their_origin() {
    let reg = registry();
    let out = generate(&GenConfig {
        n: 20,
        seed: 1,
        ..GenConfig::default()
    });
    let cfg = EpisodeConfig::default();
    let garbage = [
        "",
        "<tool_call>[{\"name\": \"calculate\", \"arguments\": {\"expression\": ",
        "<think><think></think><tool_call>[{\"name\": \"nope\", \"arguments\": {}}]</tool_call>",
        "<tool_call>[{\"name\": \"calculate\", \"arguments\": {\"expression\": 5}}]</tool_call>",
        "\u{0}\u{ffff}<answer>",
    ];
    for (i, task) in out.train.iter().enumerate() {
        let text = garbage[i % garbage.len()].to_string();
        let ep = episode::run(&reg, task, 0, 0, &cfg, |_| Generation {
            text: text.clone(),
            tokens: 10,
            end_of_turn: None,
        })
        .expect("host ok");
        assert!(ep.reward.total.is_finite());
        assert!(
            ep.reward.total < 1.0,
            "garbage must not earn full reward: {:?}",
            ep.reward
        );
        assert_eq!(ep.segments[0].origin, Origin::Prompt);
        assert!(ep.text_of(Origin::Model).contains(&text));
        for call in &ep.calls {
            assert!(
                !call.outcome.outcome.is_ok() || call.call.name == "calculate",
                "{call:?}"
            );
        }
    }
}

/// A single-step task: one generation per turn, scored on its own calls, whatever the policy
/// would have said after seeing results.
#[test]
fn a_single_step_task_is_one_generation_scored_on_its_calls() {
    let reg = registry();
    let task: Task = serde_json::from_str(
        r#"{"id": "s", "messages": [{"role": "user", "content": "area of base 10"}],
            "tools": [{"name": "area", "description": "area", "parameters": {"type": "object", "properties": {"base": {"type": "integer"}}, "required": ["base"]}}],
            "turns": [{"ground_truth": [[{"area": {"base": [10]}}]]}], "single_step": true}"#,
    )
    .expect("valid task");
    let call =
        r#"<think>t</think><tool_call>[{"name": "area", "arguments": {"base": 10}}]</tool_call>"#;
    let mut generations = 0;
    let ep = episode::run(&reg, &task, 0, 50, &EpisodeConfig::default(), |_| {
        generations += 1;
        // A policy that would restate its call in an answer if asked again.
        let text = if generations == 1 {
            call
        } else {
            "<think>t</think><answer>[area(base=10)]</answer>"
        };
        Generation {
            text: text.into(),
            tokens: 10,
            end_of_turn: None,
        }
    })
    .expect("host ok");
    assert_eq!(generations, 1);
    assert_eq!(ep.end, episode::EndReason::Called);
    assert_eq!(ep.calls.len(), 1, "the call still runs and is recorded");
    assert_eq!(ep.reward.get("strict_match"), Some(1.0), "{:?}", ep.reward);
    assert!(ep.segments.iter().all(|s| s.origin != Origin::Tool));
}

/// "What is 5% of 7959?" on the real calculator, any of `expressions` expected.
fn percent_task(expressions: &[&str]) -> Task {
    serde_json::from_value(serde_json::json!({
        "id": "c",
        "messages": [{"role": "user", "content": "What is 5% of 7959?"}],
        "tools": [{"name": "calculate"}],
        "turns": [{"ground_truth": [[{"calculate": {"expression": expressions}}]]}],
    }))
    .expect("valid task")
}

/// On tasks whose tools are real, a call that computes the same result as the ground truth is
/// right however it is written; imported (schema-only) tasks keep AST matching.
#[test]
fn an_equivalent_call_of_a_real_tool_matches_by_execution() {
    let reg = registry();
    let task = percent_task(&["5/100*7959", "7959*5/100"]);
    let play = |expression: &str| {
        let call = format!(
            "<think>t</think>{}",
            render_tool_call_block(&[ToolCall::new(
                "calculate",
                serde_json::json!({"expression": expression})
            )])
        );
        let mut turn = 0;
        episode::run(&reg, &task, 3, 50, &EpisodeConfig::default(), |_| {
            turn += 1;
            let text = if turn == 1 {
                call.clone()
            } else {
                "<think>t</think><answer>397.95</answer>".into()
            };
            Generation {
                text,
                tokens: 10,
                end_of_turn: None,
            }
        })
        .expect("host ok")
        .reward
    };
    let same = play("0.05 * 7959");
    assert_eq!(same.get("strict_match"), Some(1.0), "{same:?}");
    assert_eq!(same.get("strict_by_execution"), Some(1.0));
    assert_eq!(same.get("general"), Some(0.5), "{same:?}");
    let listed = play("7959*5/100");
    assert_eq!(listed.get("strict_match"), Some(1.0));
    assert_eq!(listed.get("strict_by_execution"), Some(0.0));
    let wrong = play("0.5 * 7959");
    assert_eq!(wrong.get("strict_match"), Some(0.0));
    let off = EpisodeConfig {
        match_by_execution: false,
        ..EpisodeConfig::default()
    };
    let mut turn = 0;
    let plain = episode::run(&reg, &task, 3, 50, &off, |_| {
        turn += 1;
        let text = if turn == 1 {
            r#"<think>t</think><tool_call>[{"name": "calculate", "arguments": {"expression": "0.05 * 7959"}}]</tool_call>"#
        } else {
            "<think>t</think><answer>397.95</answer>"
        };
        Generation {
            text: text.into(),
            tokens: 10,
            end_of_turn: None,
        }
    })
    .expect("host ok");
    assert_eq!(plain.reward.get("strict_match"), Some(0.0));
}

/// A model that ends its turn with the end-of-turn marker owns that marker; the next prompt
/// continues after it without writing it twice.
#[test]
fn an_end_of_turn_marker_generated_by_the_model_is_part_of_its_segment() {
    let reg = registry();
    let out = generate(&GenConfig {
        n: 20,
        seed: 4,
        ..GenConfig::default()
    });
    let task = out
        .train
        .iter()
        .find(|t| t.category.as_deref() == Some("single"))
        .expect("a single task");
    let cfg = EpisodeConfig {
        template: tz_env::prompt::Template::ChatMl,
        ..EpisodeConfig::default()
    };
    let specs = task.resolve_tools(&reg.specs()).expect("tools resolve");
    let mut inner = oracle(task, specs);
    let ep = episode::run(&reg, task, 0, 0, &cfg, |p| Generation {
        end_of_turn: Some("<|im_end|>".into()),
        ..inner(p)
    })
    .expect("host ok");
    let model = &ep.segments[1];
    assert_eq!(model.origin, Origin::Model);
    assert!(model.text.ends_with("<|im_end|>"));
    let tool = &ep.segments[2];
    assert_eq!(tool.origin, Origin::Tool);
    assert!(
        tool.text.starts_with("\n<|im_start|>user\n"),
        "{:?}",
        tool.text
    );
    let whole: String = ep.segments.iter().map(|s| s.text.as_str()).collect();
    assert!(!whole.contains("<|im_end|><|im_end|>"));
}

/// Demonstrations and an assistant prefill are prompt text: the demonstration sits between the
/// system prompt and the request, every model turn's prompt ends with the prefill, the model's
/// segments hold only what it generated, and the parser reads prefill + completion (so a model
/// that continues `<think>` writes a well-formed turn, and the same text without it does not).
#[test]
fn demonstrations_and_a_prefill_are_prompt_text_and_the_parser_reads_both() {
    use tz_env::task::{Message, Role};
    let reg = registry();
    let task = percent_task(&["5/100*7959"]);
    let demo_call = ToolCall::new("calculate", serde_json::json!({"expression": "12 * 7"}));
    let demonstrations = vec![
        Message::user("What is 12 times 7?"),
        Message {
            tool_calls: vec![demo_call],
            ..Message::new(Role::Assistant, "<think>Multiply.</think>")
        },
        Message::tool("calculate", r#"{"result": 84}"#),
        Message::new(Role::Assistant, "<think>Done.</think>\n<answer>84</answer>"),
    ];
    let generations = [
        "I compute 5% of 7959.</think>\n<tool_call>[{\"name\": \"calculate\", \"arguments\": {\"expression\": \"5/100*7959\"}}]</tool_call>",
        "It is 397.95.</think>\n<answer>397.95</answer>",
    ];
    let play = |cfg: &EpisodeConfig| {
        let mut prompts = Vec::new();
        let ep = episode::run(&reg, &task, 0, 50, cfg, |p| {
            prompts.push(p.to_string());
            Generation {
                text: generations[prompts.len() - 1].into(),
                tokens: 10,
                end_of_turn: Some("<|im_end|>".into()),
            }
        })
        .expect("host ok");
        (ep, prompts)
    };
    let cfg = EpisodeConfig {
        template: tz_env::prompt::Template::ChatMl,
        demonstrations,
        assistant_prefill: "<think>".into(),
        ..EpisodeConfig::default()
    };
    let (ep, prompts) = play(&cfg);
    assert_eq!(prompts.len(), 2, "a call, then an answer");
    for p in &prompts {
        assert!(p.ends_with("<|im_start|>assistant\n<think>"), "{p:?}");
    }
    let first = &prompts[0];
    let system_end = first.find("<|im_end|>").expect("system turn");
    let demo = first
        .find("What is 12 times 7?")
        .expect("the demonstration");
    let request = first.find("What is 5% of 7959?").expect("the request");
    assert!(system_end < demo && demo < request, "{first}");
    assert!(
        first.contains("<tool_response>\n{\"name\":\"calculate\",\"content\":{\"result\":84}}")
    );
    let turn = &ep.turns[0];
    assert!(turn.violations.is_empty(), "{:?}", turn.violations);
    assert_eq!(turn.completions[0], format!("<think>{}", generations[0]));
    assert_eq!(ep.reward.get("strict_match"), Some(1.0), "{:?}", ep.reward);
    assert_eq!(ep.end, episode::EndReason::Answered);
    for s in ep.segments.iter().filter(|s| s.origin == Origin::Model) {
        assert!(
            !s.text.starts_with("<think>"),
            "the prefill is not the model's: {s:?}"
        );
    }
    assert_eq!(ep.segments[0].origin, Origin::Prompt);
    assert!(ep.segments[0].text.contains("What is 12 times 7?"));
    assert!(ep.segments[0].text.ends_with("<think>"));
    let whole: String = ep.segments.iter().map(|s| s.text.as_str()).collect();
    assert!(
        whole.starts_with(&prompts[1]),
        "segments rebuild every prompt"
    );

    // The same completions without the prefill miss their opening tag: a format violation.
    let bare = EpisodeConfig {
        assistant_prefill: String::new(),
        ..cfg.clone()
    };
    let (bare_ep, _) = play(&bare);
    assert!(!bare_ep.turns[0].violations.is_empty());
    assert!(
        bare_ep.reward.get("format") < ep.reward.get("format"),
        "{:?} vs {:?}",
        bare_ep.reward,
        ep.reward
    );
}

/// A task's own demonstrations (few-shot shots, `tz data shots`) render after the config's and
/// before the request, are prompt text, and change nothing else of the episode.
#[test]
fn a_tasks_own_demonstrations_follow_the_configs_and_precede_the_request() {
    use tz_env::task::{Message, Role};
    let reg = registry();
    let shot = |request: &str, expression: &str| {
        vec![
            Message::user(request),
            Message {
                tool_calls: vec![ToolCall::new(
                    "calculate",
                    serde_json::json!({ "expression": expression }),
                )],
                ..Message::new(Role::Assistant, "<think>Shot.</think>")
            },
        ]
    };
    let mut task = percent_task(&["5/100*7959"]);
    task.demonstrations = shot("What is 3 plus 4?", "3 + 4");
    let cfg = EpisodeConfig {
        template: tz_env::prompt::Template::ChatMl,
        demonstrations: shot("What is 12 times 7?", "12 * 7"),
        ..EpisodeConfig::default()
    };
    let turns = [
        "<think>t</think>\n<tool_call>[{\"name\": \"calculate\", \"arguments\": {\"expression\": \"5/100*7959\"}}]</tool_call>",
        "<think>t</think>\n<answer>397.95</answer>",
    ];
    let play = |task: &tz_env::task::Task| {
        let mut prompts: Vec<String> = Vec::new();
        let ep = episode::run(&reg, task, 0, 50, &cfg, |p| {
            prompts.push(p.to_string());
            Generation {
                text: turns[(prompts.len() - 1).min(1)].into(),
                tokens: 10,
                end_of_turn: Some("<|im_end|>".into()),
            }
        })
        .expect("host ok");
        (ep, prompts.swap_remove(0))
    };
    let (ep, prompt) = play(&task);
    let at = |s: &str| prompt.find(s).unwrap_or_else(|| panic!("{s} in {prompt}"));
    assert!(at("What is 12 times 7?") < at("What is 3 plus 4?"));
    assert!(at("What is 3 plus 4?") < at("What is 5% of 7959?"));
    assert!(prompt.contains(r#"{"name":"calculate","arguments":{"expression":"3 + 4"}}"#));
    let without = tz_env::task::Task {
        demonstrations: Vec::new(),
        ..task.clone()
    };
    let (plain, plain_prompt) = play(&without);
    assert!(!plain_prompt.contains("What is 3 plus 4?"));
    assert_eq!(plain.reward, ep.reward, "shots are prompt text only");
    assert_eq!(ep.reward.get("strict_match"), Some(1.0), "{:?}", ep.reward);
}

/// A whole-turn shot (`train.shot_style = "turn"`) shows the results an episode of its pool
/// task shows, as the same text, then an answer; a pool task whose call returns no result is
/// passed over for the next one.
#[test]
fn a_whole_turn_shot_shows_what_its_episode_shows_and_skips_a_failing_call() {
    use tz_env::data::shots::{attach, attach_played};
    use tz_env::prompt::{Template, render_task};
    use tz_env::task::Role;
    let reg = registry();
    let mut good = percent_task(&["7959*5/100"]);
    good.id = "good".into();
    good.messages[0].content = "What is 5% of 7959, please?".into();
    let mut bad = good.clone();
    bad.id = "bad".into();
    bad.messages[0].content = "What is 5% of 7959, as a number?".into();
    bad.turns[0].reference_calls = Some(vec![ToolCall::new(
        "calculate",
        serde_json::json!({"expression": 5}),
    )]);
    let target = || {
        let mut t = percent_task(&["2+2"]);
        t.messages[0].content = "What is 2+2?".into();
        vec![t]
    };

    // The pool task played as an episode: the model segment calls, the tool segment answers.
    let cfg = EpisodeConfig {
        template: Template::ChatMl,
        ..EpisodeConfig::default()
    };
    let specs = good.resolve_tools(&reg.specs()).expect("tools resolve");
    let ep = episode::run(&reg, &good, 0, 0, &cfg, oracle(&good, specs.clone())).expect("host");
    let tool_segment = &ep
        .segments
        .iter()
        .find(|s| s.origin == Origin::Tool)
        .expect("a tool segment")
        .text;

    let mut tasks = target();
    let report = attach_played(&mut tasks, std::slice::from_ref(&good), 1, &reg);
    assert_eq!((report.full, report.unplayable), (1, 0), "{report:?}");
    let demos = &tasks[0].demonstrations;
    let roles: Vec<Role> = demos.iter().map(|m| m.role).collect();
    assert_eq!(
        roles,
        [Role::User, Role::Assistant, Role::Tool, Role::Assistant]
    );
    assert_eq!(demos[2].content, ep.calls[0].outcome.outcome.model_text());
    assert_eq!(demos[2].content, r#"{"result":397.95}"#, "the real result");
    assert!(
        demos[3]
            .content
            .ends_with(r#"<answer>{"result":397.95}</answer>"#),
        "{}",
        demos[3].content
    );
    assert!(demos[3].tool_calls.is_empty());
    let prompt = render_task(Template::ChatMl, &tasks[0], &specs);
    let opening = tool_segment.trim_end_matches("<|im_start|>assistant\n");
    assert!(
        prompt.contains(opening),
        "the shot shows the tool turn as the episode did:\n{opening}\n---\n{prompt}"
    );

    // Cut after the call, the same shot is its first two messages.
    let mut cut = target();
    attach(&mut cut, std::slice::from_ref(&good), 1);
    assert_eq!(cut[0].demonstrations, demos[..2]);

    // A call that returns an error is no demonstration: passed over, counted.
    let mut tasks = target();
    let report = attach_played(&mut tasks, std::slice::from_ref(&bad), 1, &reg);
    assert_eq!((report.none, report.unplayable), (1, 1), "{report:?}");
    assert!(tasks[0].demonstrations.is_empty());
    let mut tasks = target();
    let report = attach_played(&mut tasks, &[bad.clone(), good.clone()], 1, &reg);
    assert_eq!(report.full, 1, "{report:?}");
    assert_eq!(tasks[0].demonstrations[0].content, good.messages[0].content);
}

/// `[env] result_prefill` opens the round after tool results instead of `assistant_prefill`,
/// and the parser reads each completion with the prefill it continued.
#[test]
fn the_round_after_tool_results_continues_the_result_prefill() {
    let reg = registry();
    let task = percent_task(&["7959*5/100"]);
    let cfg = EpisodeConfig {
        assistant_prefill: "<think>The user asks".into(),
        result_prefill: Some("<think>The result is".into()),
        ..EpisodeConfig::default()
    };
    let mut round = 0;
    let ep = episode::run(&reg, &task, 0, 0, &cfg, |prompt| {
        round += 1;
        let (ends, text) = if round == 1 {
            let call = ToolCall::new("calculate", serde_json::json!({"expression": "7959*5/100"}));
            (
                "<think>The user asks",
                format!(" for 5%.</think>{}", render_tool_call_block(&[call])),
            )
        } else {
            (
                "<think>The result is",
                " 397.95.</think><answer>397.95</answer>".to_string(),
            )
        };
        assert!(prompt.ends_with(ends), "round {round}: {prompt}");
        Generation {
            tokens: 10,
            text,
            end_of_turn: None,
        }
    })
    .expect("host ok");
    assert_eq!(round, 2);
    let tool = ep
        .segments
        .iter()
        .find(|s| s.origin == Origin::Tool)
        .expect("tool turn");
    assert!(tool.text.ends_with("<think>The result is"), "{}", tool.text);
    let completions = &ep.turns[0].completions;
    assert!(
        completions[0].starts_with("<think>The user asks for 5%."),
        "{completions:?}"
    );
    assert!(
        completions[1].starts_with("<think>The result is 397.95."),
        "{completions:?}"
    );
    assert_eq!(ep.reward.get("strict_match"), Some(1.0), "{:?}", ep.reward);
}
