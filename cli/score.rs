//! `tz score`: reward parts for completions of tasks, as JSON Lines.
//!
//! Completions file: JSON Lines of `{"id": "<task id>", "completion": "<model text>"}`; several
//! lines may share an id. Each is scored against the task's first turn's expectation (a relevance
//! turn passes any decodable call). Where every function of a task is a real component of
//! `--tools`, calls are also matched by execution (as in episodes; seed 0). The reward is
//! `[reward]` of the config, or `--reward KIND` with that kind's defaults. Bad lines are
//! reported (file and line) and skipped; the exit code is then 2.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::anyhow;
use clap::Args;
use serde::Deserialize;
use serde_json::json;
use tz_env::episode::exec;
use tz_env::registry::Registry;
use tz_env::reward::{self, RewardKind};
use tz_env::task::ToolRef;

use crate::Failure;
use crate::config::{ConfigArgs, SandboxFlags};
use crate::out::{Out, is_dash, open_input};

/// A reward kind on the command line (its default settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum RewardName {
    /// Tool Zero's staged reward.
    ToolZero,
    /// ToolRL's reward.
    ToolRl,
    /// Tool-N1's binary reward.
    ToolN1,
    /// Format + strict correctness (σ ≡ 1).
    StrictOnly,
    /// Format + token overlap (σ ≡ 0).
    GeneralOnly,
}

impl RewardName {
    /// The kind with its default settings.
    pub fn kind(self) -> RewardKind {
        let [tz, rl, n1, strict, general] = RewardKind::all();
        match self {
            RewardName::ToolZero => tz,
            RewardName::ToolRl => rl,
            RewardName::ToolN1 => n1,
            RewardName::StrictOnly => strict,
            RewardName::GeneralOnly => general,
        }
    }
}

/// `tz score` arguments.
#[derive(Args)]
pub struct ScoreArgs {
    /// Task file (JSON Lines; `-`: standard input).
    #[arg(long)]
    tasks: PathBuf,
    /// Completions file (JSON Lines of {"id", "completion"}; `-`: standard input).
    #[arg(long)]
    completions: PathBuf,
    /// Global optimizer step t (for Tool Zero's schedule).
    #[arg(long, default_value_t = 0)]
    step: u64,
    /// The reward, with its default settings [reward.kind; default: the config's].
    #[arg(long, value_enum)]
    reward: Option<RewardName>,
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
pub fn run(args: ScoreArgs, config: &ConfigArgs) -> Result<ExitCode, Failure> {
    if is_dash(&args.tasks) && is_dash(&args.completions) {
        return Err(Failure::Usage(anyhow!(
            "--tasks and --completions cannot both be `-` (standard input)"
        )));
    }
    let cfg = config.load()?;
    let kind = args.reward.map_or(cfg.reward.clone(), RewardName::kind);
    let registry = match &args.tools {
        Some(dir) => {
            let sandbox = crate::config::sandbox(config, &args.limits)?;
            Some(Registry::load_dir(dir, sandbox).map_err(|e| anyhow!(e))?)
        }
        None => None,
    };
    let named = registry.as_ref().map(Registry::specs).unwrap_or_default();
    let (tasks, bad_tasks) = crate::data::read_task_file(&args.tasks)?;
    if !bad_tasks.is_empty() {
        for e in &bad_tasks {
            eprintln!("{}", crate::terminal::text(&e.to_string()));
        }
        return Err(Failure::Usage(anyhow!(
            "{} bad line(s) in {}",
            bad_tasks.len(),
            args.tasks.display()
        )));
    }
    let by_id: std::collections::BTreeMap<&str, _> =
        tasks.iter().map(|t| (t.id.as_str(), t)).collect();
    let mut out = Out::stdout();
    let mut failures = 0usize;
    let reader = open_input(&args.completions)?;
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| {
            Failure::Usage(anyhow!("cannot read {}: {e}", args.completions.display()))
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("{}:{}", args.completions.display(), i + 1);
        let parsed: CompletionLine = match serde_json::from_str(&line) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{at}: expected {{\"id\", \"completion\"}}: {e}");
                failures += 1;
                continue;
            }
        };
        let Some(task) = by_id.get(parsed.id.as_str()) else {
            let line = format!(
                "{at}: no task with id `{}` in {}",
                parsed.id,
                args.tasks.display()
            );
            eprintln!("{}", crate::terminal::text(&line));
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
            let line = format!("{at}: task `{}` has no turns", parsed.id);
            eprintln!("{}", crate::terminal::text(&line));
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
        out.line(json!({"id": parsed.id, "reward": r.total, "parts": parts}))?;
    }
    out.flush()?;
    if failures == 0 {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(Failure::Usage(anyhow!(
            "{failures} completion line(s) could not be scored (see above)"
        )))
    }
}
