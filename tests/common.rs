//! Helpers: the built binary, the shipped tool directory, running commands, and a scripted
//! policy for state-checked episodes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tz_env::episode::{self, Episode, EpisodeConfig, Generation};
use tz_env::parse::render_tool_call_block;
use tz_env::registry::Registry;
use tz_env::sandbox::SandboxConfig;
use tz_env::spec::ToolCall;
use tz_env::task::Task;

/// The shipped tools (`tools-wasm/*.wasm`, built by `scripts/build-tools.sh`).
pub fn tools_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools-wasm");
    assert!(
        dir.join("calculator.wasm").is_file(),
        "missing built tools in {}: run scripts/build-tools.sh (the README set-up does)",
        dir.display()
    );
    dir
}

/// The compile cache the tests' `tz` runs share (under `target/`).
pub fn cli_cache_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-cache-cli")
}

/// Runs `tz` with `args`, using the tests' compile cache.
pub fn tz(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tz"))
        .args(args)
        .env("TZ_CACHE_DIR", cli_cache_dir())
        .output()
        .expect("tz runs")
}

/// `tz data gen` for the shipped tools: `n` tasks from `seed`, written to `out` (the train
/// split) and beside it (`.test.jsonl`); fails the test if it fails.
pub fn gen_tasks(n: usize, seed: u64, out: &Path) {
    let tools = tools_dir();
    let (n, seed) = (n.to_string(), seed.to_string());
    let out = out.to_str().expect("utf8 path");
    let tools = tools.to_str().expect("utf8 path");
    let run = tz(&[
        "data", "gen", "--tools", tools, "--n", &n, "--seed", &seed, "-o", out,
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
}

/// `tz data shots TASKS --pool POOL -k K -o OUT`.
pub fn shots(tasks: &Path, pool: &Path, k: usize, out: &Path) -> Output {
    let path = |p: &'_ Path| p.to_str().expect("utf8 path").to_string();
    let (tasks, pool, k, out) = (path(tasks), path(pool), k.to_string(), path(out));
    tz(&[
        "data", "shots", &tasks, "--pool", &pool, "-k", &k, "-o", &out,
    ])
}

/// Standard output as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The shared data folder (`../shared/data`, or `$TZ_SHARED_DIR/data`).
pub fn shared_data() -> PathBuf {
    let dir = std::env::var_os("TZ_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
        .join("data");
    assert!(
        dir.join("bfcl").is_dir(),
        "missing shared data at {}: set TZ_SHARED_DIR to the shared folder",
        dir.display()
    );
    dir
}

/// The shipped tools loaded with the tests' compile cache; every one must load.
pub fn shipped_registry() -> Registry {
    let cfg = SandboxConfig {
        cache_dir: Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-cache")),
        ..SandboxConfig::default()
    };
    let reg = Registry::load_dir(&tools_dir(), cfg).expect("shipped tools load");
    assert!(
        reg.problems().is_empty(),
        "{:?}",
        reg.problems()
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
    );
    reg
}

/// A policy for a state-checked task: in turn k it makes the calls `edit(k, reference calls)`
/// gives (in one round), then answers.
pub fn reference_policy(
    task: &Task,
    edit: impl Fn(usize, Vec<ToolCall>) -> Vec<ToolCall>,
) -> impl FnMut(&str) -> Generation {
    let turns: Vec<Vec<ToolCall>> = task
        .turns
        .iter()
        .enumerate()
        .map(|(k, t)| edit(k, t.reference_calls.clone().unwrap_or_default()))
        .collect();
    let (mut turn, mut called) = (0usize, false);
    move |_prompt: &str| {
        let calls = turns.get(turn).cloned().unwrap_or_default();
        let text = if called || calls.is_empty() {
            called = false;
            turn += 1;
            "<answer>done</answer>".to_string()
        } else {
            called = true;
            render_tool_call_block(&calls)
        };
        Generation {
            tokens: 1,
            text,
            end_of_turn: None,
        }
    }
}

/// Episode settings for scripted state-checked episodes: three rounds a turn, no token budget.
pub fn scripted_config() -> EpisodeConfig {
    EpisodeConfig {
        max_rounds_per_turn: 3,
        max_tokens: usize::MAX / 2,
        ..EpisodeConfig::default()
    }
}

/// Plays `task` (seed 7) with [`reference_policy`]`(task, edit)`.
pub fn play(
    reg: &Registry,
    task: &Task,
    edit: impl Fn(usize, Vec<ToolCall>) -> Vec<ToolCall>,
) -> Episode {
    episode::run(
        reg,
        task,
        7,
        0,
        &scripted_config(),
        reference_policy(task, edit),
    )
    .expect("episode runs")
}

/// Plays every task with `edit` on as many threads as there are cores, in task order.
pub fn play_all(
    reg: &Registry,
    tasks: &[Task],
    edit: impl Fn(usize, Vec<ToolCall>) -> Vec<ToolCall> + Copy + Send + Sync,
) -> Vec<Episode> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = tasks.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = tasks
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || part.iter().map(|t| play(reg, t, edit)).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("no panic"))
            .collect()
    })
}

/// Asserts that every episode passed its state check, listing the ones that did not.
pub fn assert_every_state_check_passed(episodes: &[Episode]) {
    let failed = failed_state_checks(episodes);
    assert!(
        failed.is_empty(),
        "{} of {} failed:\n{}",
        failed.len(),
        episodes.len(),
        failed.join("\n")
    );
}

/// The episodes that did not pass their state check, each with its first failing turn.
fn failed_state_checks(episodes: &[Episode]) -> Vec<String> {
    episodes
        .iter()
        .filter(|e| e.state_verdict() != Some((true, None)))
        .map(|e| {
            let first = e
                .turns
                .iter()
                .find_map(|t| t.state_check.as_ref().filter(|c| !c.valid));
            format!("{}: {:?}", e.task_id, first)
        })
        .collect()
}
