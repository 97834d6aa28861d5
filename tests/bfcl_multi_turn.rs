//! BFCL multi-turn end to end: the shared multi-turn entries imported as state-checked tasks and
//! played through the BFCL class components in the real sandbox. An oracle that makes the ground
//! truth's calls passes every entry; skipping a turn's calls or changing state fails the entry;
//! the same seed gives byte-identical episodes. Needs the shared data (`../shared/data/
//! bfcl-multi-turn`, or `$TZ_SHARED_DIR/data/...`) and the built tools.

use tz_env::data::bfcl;
use tz_env::episode::{self, EpisodeConfig, Generation};
use tz_env::parse::render_tool_call_block;
use tz_env::spec::ToolCall;
use tz_env::task::Task;

use crate::common::{
    assert_every_state_check_passed, play, play_all, scripted_config, shared_data, shipped_registry,
};

fn tasks() -> Vec<Task> {
    let dir = shared_data().join("bfcl-multi-turn");
    assert!(dir.is_dir(), "missing shared data at {}", dir.display());
    let report = bfcl::import_dir(&dir).expect("imports");
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    report.tasks
}

#[test]
fn an_oracle_playing_the_ground_truth_passes_every_shared_multi_turn_entry() {
    let reg = shipped_registry();
    let tasks = tasks();
    assert_eq!(tasks.len(), 600, "three categories of 200 entries");
    let episodes = play_all(&reg, &tasks, |_, calls| calls);
    assert_every_state_check_passed(&episodes);
    // Every checked turn earned the strict reward.
    for e in &episodes {
        for t in e.turns.iter().filter(|t| t.state_check.is_some()) {
            assert_eq!(t.reward.get("strict_match"), Some(1.0), "{}", e.task_id);
        }
    }
}

#[test]
fn skipping_a_turns_calls_or_changing_state_fails_the_entry() {
    let reg = shipped_registry();
    let tasks = tasks();
    let task = tasks
        .iter()
        .find(|t| t.id == "multi_turn_miss_param_0")
        .expect("entry exists");
    let checked = |k: usize| {
        task.turns[k]
            .reference_calls
            .as_ref()
            .is_some_and(|c| !c.is_empty())
    };
    let last = (0..task.turns.len())
        .rev()
        .find(|k| checked(*k))
        .expect("a checked turn");

    let skipped = play(
        &reg,
        task,
        |k, calls| if k == last { Vec::new() } else { calls },
    );
    let (ok, error) = skipped.state_verdict().expect("state-checked");
    assert!(!ok);
    assert_eq!(
        error.as_deref(),
        Some("multi_turn:empty_turn_model_response")
    );

    // An extra directory: the file system's state no longer matches.
    let changed = play(&reg, task, |k, mut calls| {
        if k == last {
            calls.push(ToolCall::new(
                "mkdir",
                serde_json::json!({"dir_name": "zz_extra"}),
            ));
        }
        calls
    });
    let (ok, error) = changed.state_verdict().expect("state-checked");
    assert!(!ok);
    assert_eq!(error.as_deref(), Some("multi_turn:instance_state_mismatch"));
    let failing = changed.turns[last].state_check.as_ref().expect("checked");
    assert!(!failing.valid);
    assert_eq!(changed.turns[last].reward.get("strict_match"), Some(0.0));
}

#[test]
fn the_same_seed_gives_byte_identical_multi_turn_episodes() {
    let reg = shipped_registry();
    let tasks = tasks();
    for id in ["multi_turn_miss_func_3", "multi_turn_long_context_7"] {
        let task = tasks.iter().find(|t| t.id == id).expect("entry exists");
        let a = serde_json::to_string(&play(&reg, task, |_, c| c)).expect("json");
        let b = serde_json::to_string(&play(&reg, task, |_, c| c)).expect("json");
        assert_eq!(a, b, "{id}");
    }
}

/// A policy that makes, turn after turn, each step's calls as one round, then answers.
fn stepped(turns: Vec<Vec<Vec<ToolCall>>>) -> impl FnMut(&str) -> Generation {
    let (mut turn, mut step) = (0usize, 0usize);
    move |_prompt: &str| {
        let steps = turns.get(turn).map(Vec::as_slice).unwrap_or_default();
        let text = match steps.get(step) {
            Some(calls) => {
                step += 1;
                render_tool_call_block(calls)
            }
            None => {
                (turn, step) = (turn + 1, 0);
                "<answer>done</answer>".to_string()
            }
        };
        Generation {
            tokens: 1,
            text,
            end_of_turn: None,
        }
    }
}

#[derive(serde::Deserialize)]
struct ParityCase {
    id: String,
    kind: String,
    turns: Vec<Vec<Vec<ToolCall>>>,
    valid: bool,
    error_type: Option<String>,
}

/// Verdicts of the official bfcl-eval multi-turn checker on the ground truth and perturbations
/// of it (`scripts/bfcl_multi_turn/parity.py` wrote the fixture): ours must be the same, with
/// the same error type, trajectory by trajectory.
#[test]
fn verdicts_agree_with_the_official_multi_turn_checker_on_perturbed_trajectories() {
    let reg = shipped_registry();
    let tasks = tasks();
    let fixture = include_str!("fixtures/bfcl_multi_turn_parity.jsonl");
    let cases: Vec<ParityCase> = fixture
        .lines()
        .map(|l| serde_json::from_str(l).expect("fixture line"))
        .collect();
    assert!(cases.len() > 1000, "{}", cases.len());
    let cfg = EpisodeConfig {
        // BFCL's checker sets no step limit (its inference quits after 20 steps).
        max_rounds_per_turn: 100,
        ..scripted_config()
    };
    let mut disagreements = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let task = tasks
            .iter()
            .find(|t| t.id == case.id)
            .expect("entry exists");
        let episode = episode::run(&reg, task, 7, 0, &cfg, stepped(case.turns.clone()))
            .expect("episode runs");
        let (valid, error_type) = episode.state_verdict().expect("state-checked");
        if valid != case.valid || error_type != case.error_type {
            disagreements.push(format!(
                "line {} {} {}: ours {valid} {error_type:?}, official {} {:?}",
                i + 1,
                case.id,
                case.kind,
                case.valid,
                case.error_type
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} disagree:\n{}",
        disagreements.len(),
        cases.len(),
        disagreements.join("\n")
    );
}

#[test]
fn a_config_a_session_cannot_load_is_an_outcome_that_names_the_failure() {
    let reg = shipped_registry();
    let mut tools = reg.episode(1);
    tools
        .set_config("ticket_api", r#"{"scenario": 5}"#.into())
        .expect("a session tool takes a config");
    let out = tools
        .call("ticket_get_login_status", "{}")
        .expect("an outcome");
    let detail = out.outcome.detail();
    assert!(
        detail.contains("load_failed") && detail.contains("scenario"),
        "{detail}"
    );
    // The tool stays failed for the episode; other tools are unaffected.
    assert!(tools.call("ticket_get_login_status", "{}").is_ok());
    assert!(matches!(
        tools.call("list_users", "{}").expect("an outcome").outcome,
        tz_env::sandbox::Outcome::Ok { .. }
    ));
    // A stateless tool or an unknown one takes no config.
    assert!(tools.set_config("calculator", "{}".into()).is_err());
    assert!(tools.set_config("nope", "{}".into()).is_err());
}
