//! `tz score`: reward parts for completions of tasks, as JSON Lines.
//!
//! Completions file: JSON Lines of `{"id": "<task id>", "completion": "<model text>"}`; several
//! lines may share an id. Each is scored against the task's first turn's expectation (a relevance
//! turn passes any decodable call). Where every function of a task is a real component of
//! `--tools`, calls are also matched by execution (as in episodes; seed 0).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, anyhow};
use clap::Args;
use serde::Deserialize;
use serde_json::json;
use tz_env::episode::exec;
use tz_env::registry::Registry;
use tz_env::reward::{self, RewardKind};
use tz_env::task::ToolRef;

use crate::Failure;
use crate::config::SandboxFlags;

/// `tz score` arguments.
#[derive(Args)]
pub struct ScoreArgs {
    /// Task file (JSON Lines).
    #[arg(long)]
    tasks: PathBuf,
    /// Completions file (JSON Lines of {"id", "completion"}).
    #[arg(long)]
    completions: PathBuf,
    /// Global optimizer step t (for Tool Zero's schedule).
    #[arg(long, default_value_t = 0)]
    step: u64,
    /// Reward: tool_zero, tool_rl, tool_n1, strict_only, general_only.
    #[arg(long, default_value = "tool_zero")]
    reward: String,
    /// Tool directory for tasks that name tools.
    #[arg(long)]
    tools: Option<PathBuf>,
    #[command(flatten)]
    limits: SandboxFlags,
}

#[derive(Deserialize)]
struct CompletionLine {
    id: String,
    completion: String,
}

/// Runs `tz score`.
pub fn run(args: ScoreArgs) -> Result<ExitCode, Failure> {
    let kind: RewardKind = serde_json::from_value(json!({ "kind": args.reward }))
        .map_err(|e| Failure::Usage(anyhow!("unknown --reward `{}`: {e}", args.reward)))?;
    let registry = match &args.tools {
        Some(dir) => {
            let cfg = args.limits.resolve().map_err(Failure::Usage)?;
            Some(Registry::load_dir(dir, cfg).map_err(|e| anyhow!(e))?)
        }
        None => None,
    };
    let named = registry.as_ref().map(Registry::specs).unwrap_or_default();
    let (tasks, bad) = crate::data::load_tasks_reporting(&args.tasks)?;
    if bad > 0 {
        return Err(Failure::Run(anyhow!(
            "{bad} bad line(s) in {}",
            args.tasks.display()
        )));
    }
    let by_id: std::collections::BTreeMap<&str, _> =
        tasks.iter().map(|t| (t.id.as_str(), t)).collect();
    let mut failures = 0usize;
    for (i, line) in read_lines(&args.completions)?.iter().enumerate() {
        let at = format!("{}:{}", args.completions.display(), i + 1);
        let parsed: CompletionLine = match serde_json::from_str(line) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{at}: expected {{\"id\", \"completion\"}}: {e}");
                failures += 1;
                continue;
            }
        };
        let Some(task) = by_id.get(parsed.id.as_str()) else {
            eprintln!(
                "{at}: no task with id `{}` in {}",
                parsed.id,
                args.tasks.display()
            );
            failures += 1;
            continue;
        };
        let specs = match task.resolve_tools(&named) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{at}: {e} (pass --tools DIR)");
                failures += 1;
                continue;
            }
        };
        if task.turns.is_empty() {
            eprintln!("{at}: task `{}` has no turns", parsed.id);
            failures += 1;
            continue;
        }
        let completion = tz_env::parse::parse(&parsed.completion);
        let mut truth = task.truth(0);
        let all_real = task.tools.iter().all(|t| matches!(t, ToolRef::Named(_)));
        if let (Some(registry), true) = (&registry, all_real && !completion.calls.is_empty()) {
            let mut tools = registry.episode(0);
            truth = exec::widen(&mut tools, &specs, &truth, &completion.calls)
                .map_err(|e| anyhow!(e))?;
        }
        let r = reward::score_parsed(&kind, &completion, &specs, &truth, args.step);
        let parts: serde_json::Map<String, serde_json::Value> =
            r.parts.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
        println!(
            "{}",
            json!({"id": parsed.id, "reward": r.total, "parts": parts})
        );
    }
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn read_lines(path: &Path) -> anyhow::Result<Vec<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect())
}
