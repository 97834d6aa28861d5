//! Episodes end to end: generated tasks played by an oracle policy through the real tools,
//! scored by the real reward; determinism of episode JSON; hostile model output.

use tz_env::data::r#gen::{GenConfig, generate};
use tz_env::episode::{self, EpisodeConfig, Generation, Origin, ground_truth};
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
    let truth = ground_truth(&task.turns[turn].ground_truth);
    let Some(first) = truth.iter().next() else {
        return Vec::new();
    };
    first
        .iter()
        .map(|e| {
            let required = specs
                .iter()
                .find(|s| s.name == e.name)
                .map(|s| s.required())
                .unwrap_or_default();
            e.canonical_call(&required)
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
