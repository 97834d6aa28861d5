//! `tz data import|gen|check`: make and validate task files (JSON Lines).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, anyhow};
use clap::Subcommand;
use tz_env::data::{self, Source, filter, mask};
use tz_env::registry::Registry;
use tz_env::spec::FunctionSpec;
use tz_env::task::{self, Task};

use crate::Failure;
use crate::config::SandboxFlags;

/// The `data` subcommands.
#[derive(Subcommand)]
pub enum DataCommand {
    /// Import ToolRL (rlla) rows or BFCL v4 files as tasks.
    Import {
        /// Source format: rlla or bfcl.
        #[arg(long = "from")]
        from: Source,
        /// A rlla JSON Lines file, or a BFCL question file or folder (with possible_answer/).
        path: PathBuf,
        /// Output task file.
        #[arg(short, long)]
        output: PathBuf,
        /// Drop tasks whose ground truth does not validate against their own specs.
        #[arg(long)]
        filter: bool,
        /// Mask tool and parameter names to func_k / param_k (consistently).
        #[arg(long)]
        mask: bool,
    },
    /// Generate tasks for the shipped tools: train split to OUTPUT, test split beside it.
    Gen {
        /// Tool directory whose functions the tasks use (checked to exist).
        #[arg(long)]
        tools: PathBuf,
        /// Number of tasks (both splits together).
        #[arg(long, default_value_t = 1000)]
        n: usize,
        /// Seed (same seed, same tasks).
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Output task file for the train split; the test split goes to `<stem>.test.jsonl`.
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        limits: SandboxFlags,
    },
    /// Check a task file: every line parses, every tool resolves, every ground-truth call
    /// validates against its schema. One line per problem; exit 1 if any.
    Check {
        /// Task file (JSON Lines).
        tasks: PathBuf,
        /// Tool directory for tasks that name tools (not needed for inline schemas).
        #[arg(long)]
        tools: Option<PathBuf>,
        #[command(flatten)]
        limits: SandboxFlags,
    },
}

/// Runs a `data` subcommand.
pub fn run(cmd: DataCommand) -> Result<ExitCode, Failure> {
    match cmd {
        DataCommand::Import {
            from,
            path,
            output,
            filter,
            mask,
        } => import(from, &path, &output, filter, mask),
        DataCommand::Gen {
            tools,
            n,
            seed,
            output,
            limits,
        } => gen_tasks(&tools, n, seed, &output, &limits),
        DataCommand::Check {
            tasks,
            tools,
            limits,
        } => check(&tasks, tools.as_deref(), &limits),
    }
}

fn import(
    from: Source,
    path: &Path,
    output: &Path,
    do_filter: bool,
    do_mask: bool,
) -> Result<ExitCode, Failure> {
    let report = data::import(from, path).map_err(|e| anyhow!(e))?;
    for (reason, count) in report.skip_counts() {
        eprintln!("skipped {count}: {}", reason.as_str());
    }
    let mut tasks = report.tasks;
    if do_filter {
        let (kept, freport) = filter::filter_parseable(tasks, &[]);
        eprintln!(
            "filter: kept {}, dropped {} {:?}",
            freport.kept, freport.dropped, freport.by_kind
        );
        tasks = kept;
    }
    if do_mask {
        tasks = tasks
            .iter()
            .map(|t| mask::mask_task(t).map(|(masked, _)| masked))
            .collect::<Result<_, _>>()
            .map_err(|e| anyhow!(e))?;
    }
    task::save_tasks(output, &tasks).map_err(|e| anyhow!(e))?;
    println!("wrote {} tasks to {}", tasks.len(), output.display());
    Ok(ExitCode::SUCCESS)
}

fn load_registry(dir: &Path, limits: &SandboxFlags) -> Result<Registry, Failure> {
    let cfg = limits.resolve().map_err(Failure::Usage)?;
    let registry = Registry::load_dir(dir, cfg).map_err(|e| anyhow!(e))?;
    for p in registry.problems() {
        eprintln!("warning: skipped: {p}");
    }
    Ok(registry)
}

fn gen_tasks(
    tools: &Path,
    n: usize,
    seed: u64,
    output: &Path,
    limits: &SandboxFlags,
) -> Result<ExitCode, Failure> {
    let registry = load_registry(tools, limits)?;
    let missing: Vec<&str> = data::r#gen::shipped_function_names()
        .iter()
        .copied()
        .filter(|name| !registry.functions().contains_key(*name))
        .collect();
    if !missing.is_empty() {
        return Err(Failure::Run(anyhow!(
            "the generator needs functions that {} lacks: {}; build the shipped tools with scripts/build-tools.sh",
            tools.display(),
            missing.join(", ")
        )));
    }
    let cfg = data::r#gen::GenConfig {
        n,
        seed,
        ..data::r#gen::GenConfig::default()
    };
    let out = data::r#gen::generate(&cfg);
    let test_path = test_split_path(output);
    task::save_tasks(output, &out.train).map_err(|e| anyhow!(e))?;
    task::save_tasks(&test_path, &out.test).map_err(|e| anyhow!(e))?;
    println!(
        "wrote {} train tasks to {} and {} test tasks to {}",
        out.train.len(),
        output.display(),
        out.test.len(),
        test_path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `tasks.jsonl` -> `tasks.test.jsonl`.
fn test_split_path(output: &Path) -> PathBuf {
    let stem = output
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    output.with_file_name(format!("{stem}.test.jsonl"))
}

/// Loads a task file, printing one line per bad line; `Err` when the file cannot be read.
pub fn load_tasks_reporting(path: &Path) -> anyhow::Result<(Vec<Task>, usize)> {
    let report = task::load_tasks(path)
        .with_context(|| format!("cannot load tasks from {}", path.display()))?;
    for e in &report.errors {
        println!("{e}");
    }
    Ok((report.tasks, report.errors.len()))
}

fn check(path: &Path, tools: Option<&Path>, limits: &SandboxFlags) -> Result<ExitCode, Failure> {
    let registry = tools.map(|d| load_registry(d, limits)).transpose()?;
    let named: Vec<FunctionSpec> = registry.as_ref().map(Registry::specs).unwrap_or_default();
    let (tasks, mut problems) = load_tasks_reporting(path)?;
    for task in &tasks {
        for p in task.problems() {
            println!("{}: task `{}`: {p}", path.display(), task.id);
            problems += 1;
        }
        if let Err(e) = task.resolve_tools(&named) {
            let hint = if registry.is_none() {
                " (pass --tools DIR)"
            } else {
                ""
            };
            println!("{}: {e}{hint}", path.display());
            problems += 1;
            continue;
        }
        for p in filter::problems(task, &named) {
            println!("{}: task `{}`: {p}", path.display(), task.id);
            problems += 1;
        }
    }
    if problems == 0 {
        println!(
            "ok: {} tasks, every tool resolves and every ground-truth call validates",
            tasks.len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{problems} problem(s) in {}", path.display());
        Ok(ExitCode::from(1))
    }
}
